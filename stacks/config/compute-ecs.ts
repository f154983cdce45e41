import { z } from "zod";
import { ECS_NATIVE_STRATEGIES, CPU_ARCHITECTURES, CONTAINER_INSIGHTS } from "../../components/ecs/constants";
import { LOG_RETENTION_DAYS } from "../../components/internal/log-group";
import { boolean, integer, list, number, oneOf, oneOfNumbers, text } from "./schema";

const capacity = (base: number, weight: number) =>
  z
    .strictObject({
      base: integer(0, 100000).default(base).describe("Tasks that always run on this provider before weights apply."),
      weight: integer(0, 1000).default(weight).describe("Relative share of tasks beyond the bases."),
    })
    .prefault({});

const healthCheckSchema = z
  .strictObject({
    path: text("an HTTP path starting with /", /^\/\S*$/).default("/").describe("Path the container health check requests on the app port."),
    command: list(text("a command word"), "a list such as [\"CMD\", \"/app/healthcheck\"]")
      .min(2, { error: "a list such as [\"CMD\", \"/app/healthcheck\"]" })
      .optional()
      .describe("Container health check command; overrides `path`. Default: busybox wget against the app port and path."),
    intervalSeconds: integer(5, 300).default(30).describe("Seconds between container health checks."),
    timeoutSeconds: integer(2, 60).default(5).describe("Seconds before a health check attempt fails."),
    retries: integer(1, 10).default(3).describe("Consecutive failures before the container is unhealthy."),
    startPeriodSeconds: integer(0, 300).default(15).describe("Seconds after start during which failures do not count."),
  })
  .superRefine((h, ctx) => {
    if (h.timeoutSeconds >= h.intervalSeconds) {
      ctx.addIssue({ code: "custom", path: ["timeoutSeconds"], input: h.timeoutSeconds, message: `less than intervalSeconds (${h.intervalSeconds})` });
    }
  })
  .prefault({})
  .describe("The container's own health check (ECS restarts unhealthy tasks).");

const nativeSchema = z
  .strictObject({
    strategy: oneOf(ECS_NATIVE_STRATEGIES).default("BLUE_GREEN").describe("ECS deployment strategy when platform:traffic.mode is ecs-native."),
    bakeTimeMinutes: integer(0, 1440).default(10).describe("Minutes both revisions run after all traffic moved, before the old one stops."),
    canaryPercent: number(0.1, 100).default(10).describe("CANARY: percent of traffic the new revision gets first."),
    canaryBakeTimeMinutes: integer(0, 1440).default(5).describe("CANARY: minutes at canaryPercent before the rest moves."),
    linearStepPercent: number(3, 100).default(10).describe("LINEAR: percent of traffic moved per step."),
    linearStepBakeTimeMinutes: integer(0, 1440).default(1).describe("LINEAR: minutes between steps."),
    alarmNames: list(text("a CloudWatch alarm name"), "a list of CloudWatch alarm names")
      .optional()
      .describe("Alarms that roll a deployment back. Default: the monitoring stack's `<stack>-deployment-health`."),
  })
  .prefault({})
  .describe("ECS native blue/green, linear or canary deployments (platform:traffic.mode: ecs-native).");

/** `platform:compute.ecs`: settings only ECS Fargate uses. */
export const ecsComputeSchema = z
  .strictObject({
    capacity: z
      .strictObject({
        fargate: capacity(0, 1).describe("On-demand Fargate."),
        fargateSpot: capacity(0, 0).describe("Fargate Spot: cheaper, but AWS may stop tasks with two minutes' notice."),
      })
      .superRefine((c, ctx) => {
        if (c.fargate.weight + c.fargateSpot.weight === 0) {
          ctx.addIssue({ code: "custom", path: ["fargate", "weight"], input: 0, message: "a weight above zero on fargate or fargateSpot" });
        }
        if (c.fargate.base > 0 && c.fargateSpot.base > 0) {
          ctx.addIssue({ code: "custom", path: ["fargateSpot", "base"], input: c.fargateSpot.base, message: "0 when fargate.base is set (ECS allows a base on one provider only)" });
        }
      })
      .prefault({})
      .describe("Capacity provider strategy of each service."),
    containerInsights: oneOf(CONTAINER_INSIGHTS).default("enhanced").describe("Container Insights level of the cluster."),
    cpuArchitecture: oneOf(CPU_ARCHITECTURES).default("X86_64").describe("CPU architecture of the tasks (and of a built image)."),
    user: text("a non-root user as uid or uid:gid", /^(?!0(:|$))\d+(:\d+)?$/)
      .default("101:101")
      .describe("User the container runs as; numeric, never root. 101 is the default nginx-unprivileged image's user."),
    scratch: z
      .strictObject({
        type: oneOf(["tmpfs", "ephemeral"]).default("tmpfs").describe(
          "tmpfs: in-memory /tmp any user can write. ephemeral: a bind mount on task storage, root-owned unless the image declares VOLUME /tmp owned by its user.",
        ),
        sizeMiB: integer(1, 61440).default(64).describe("Size of the tmpfs /tmp in MiB, at most half of memoryMiB (it lives in the task's memory)."),
      })
      .prefault({})
      .describe("The app's writable /tmp under its read-only root filesystem."),
    logRetentionDays: oneOfNumbers(LOG_RETENTION_DAYS).default(90).describe("Days to keep app and ECS Exec logs."),
    executeCommand: boolean().default(false).describe("Allow ECS Exec into running tasks; sessions are logged to an encrypted log group."),
    waitForSteadyState: boolean().default(true).describe("Make `pulumi up` wait until each service is stable, so a failed rollout fails the update."),
    healthCheck: healthCheckSchema,
    native: nativeSchema,
  })
  .prefault({})
  .describe("ECS Fargate settings.");

export type EcsComputeConfig = z.infer<typeof ecsComputeSchema>;
