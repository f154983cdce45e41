import { z } from "zod";
import { describeFargateMemory, FARGATE_CPU_UNITS, fargateMemoryChoices } from "../../components/ecs/fargate-size";
import { COLOURS } from "../../components/internal/metrics";
import { isSecretLikeName, secretLikeValue } from "../../components/internal/secret-like";
import { ecsComputeSchema } from "./compute-ecs";
import { eksComputeSchema } from "./compute-eks";
import { pinnedImage } from "./image";
import { integer, oneOf, text } from "./schema";

export const COMPUTE_PLATFORMS = ["ecs", "eks"] as const;

const colour = z.strictObject({
  image: pinnedImage.describe("Container image of this colour, pinned to a tag or digest."),
});

/** A non-root nginx that listens on 8080: runs anywhere until a real app image is configured. */
export const DEFAULT_IMAGE = "public.ecr.aws/nginx/nginx-unprivileged:1.27-alpine";

/** Environment variable names as POSIX shells and ECS accept them. */
const ENVIRONMENT_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

const scalingSchema = z
  .strictObject({
    minCount: integer(1, 1000).default(2).describe("Fewest tasks or pods per colour; auto scaling never goes below it."),
    maxCount: integer(1, 1000).default(6).describe("Most tasks or pods per colour; auto scaling never goes above it."),
    desiredCount: integer(1, 1000)
      .optional()
      .describe("Tasks or pods when the service is created; auto scaling owns the count afterwards. Default: minCount."),
    cpuTargetPercent: integer(10, 90).default(60).describe("Average CPU utilisation, in percent, that target tracking holds."),
    requestsPerTarget: integer(1, 100000)
      .default(1000)
      .describe("ALB requests per target per minute that target tracking holds (ALBRequestCountPerTarget)."),
  })
  .superRefine((s, ctx) => {
    if (s.minCount > s.maxCount) {
      ctx.addIssue({ code: "custom", path: ["minCount"], input: s.minCount, message: `at most maxCount (${s.maxCount})` });
    }
    if (s.desiredCount !== undefined && (s.desiredCount < s.minCount || s.desiredCount > s.maxCount)) {
      ctx.addIssue({ code: "custom", path: ["desiredCount"], input: s.desiredCount, message: `from minCount (${s.minCount}) to maxCount (${s.maxCount})` });
    }
  })
  .prefault({})
  .describe("Auto scaling bounds and targets, applied to each colour.");

const environmentSchema = z
  .record(
    text("an environment variable name (letters, digits, _; not starting with a digit)", ENVIRONMENT_NAME),
    z.string({ error: "a string value" }),
    { error: "a map of environment variable names to string values" },
  )
  .superRefine((environment, ctx) => {
    for (const [name, value] of Object.entries(environment)) {
      if (isSecretLikeName(name)) {
        ctx.addIssue({
          code: "custom",
          path: [name],
          input: value === "" ? value : "(hidden)",
          message: "is a secret by its name (expected plain settings only; pass secrets through Secrets Manager, never environment)",
        });
        continue;
      }
      const looksLike = secretLikeValue(value);
      if (looksLike) {
        ctx.addIssue({
          code: "custom",
          path: [name],
          input: "(hidden)",
          message: `is shaped like ${looksLike} (expected plain settings only; pass secrets through Secrets Manager, never environment)`,
        });
      }
    }
  })
  .default({})
  .describe("Plain, non-secret environment variables for the app. Secret-looking names or values are refused.");

const buildSchema = z
  .strictObject({
    context: text("a path to the Docker build context").describe("Docker build context, relative to the project directory."),
    dockerfile: text("a path to a Dockerfile").optional().describe("Dockerfile path. Default: Dockerfile inside the context."),
    imageTag: text("an image tag (letters, digits, _ . -; up to 128, not latest)", /^(?!latest$)[\w][\w.-]{0,127}$/).describe(
      "Tag to push, unique per release (such as the git commit): the repository refuses to overwrite a tag.",
    ),
    colour: oneOf(COLOURS).describe("The colour being released: it runs the built image; the other colour keeps its configured image."),
    protect: z.boolean({ error: "true or false" }).default(true).describe("Protect the ECR repository from deletion."),
  })
  .optional()
  .describe("Build the app image from a Dockerfile and push it to an ECR repository of the stack's own.");

/**
 * `platform:compute`: where and how the app runs. The colour images are what a
 * release changes (`platform:compute.blue.image`, `platform:compute.green.image`).
 */
export const computeSchema = z
  .strictObject({
    platform: oneOf(COMPUTE_PLATFORMS).default("ecs").describe("Run the app on ECS Fargate or on EKS."),
    containerPort: integer(1024, 65535).default(8080).describe("Port the app listens on inside the container (unprivileged)."),
    blue: colour.prefault({ image: DEFAULT_IMAGE }).describe("The blue colour's release."),
    green: colour.prefault({ image: DEFAULT_IMAGE }).describe("The green colour's release."),
    cpu: integer(256, 16384).default(512).describe("CPU units per task or pod (1024 = 1 vCPU). On ECS Fargate: 256, 512, 1024, 2048, 4096, 8192 or 16384."),
    memoryMiB: integer(512, 122880).default(1024).describe("Memory per task or pod in MiB. On ECS Fargate it must be a size the CPU allows."),
    scaling: scalingSchema,
    healthCheckGracePeriodSeconds: integer(0, 3600)
      .default(60)
      .describe("Seconds a new task or pod may fail load balancer health checks while it starts."),
    environment: environmentSchema,
    build: buildSchema,
    ecs: ecsComputeSchema,
    eks: eksComputeSchema,
  })
  .superRefine((compute, ctx) => {
    if (compute.platform === "ecs" && compute.ecs.scratch.type === "tmpfs" && compute.ecs.scratch.sizeMiB > compute.memoryMiB / 2) {
      ctx.addIssue({
        code: "custom",
        path: ["ecs", "scratch", "sizeMiB"],
        input: compute.ecs.scratch.sizeMiB,
        message: `at most ${Math.floor(compute.memoryMiB / 2)} (half of memoryMiB: the tmpfs lives in the task's memory)`,
      });
    }
    if (compute.platform === "ecs" && !fargateMemoryChoices(compute.cpu).includes(compute.memoryMiB)) {
      const badCpu = fargateMemoryChoices(compute.cpu).length === 0;
      ctx.addIssue({
        code: "custom",
        path: [badCpu ? "cpu" : "memoryMiB"],
        input: badCpu ? compute.cpu : compute.memoryMiB,
        message: `${badCpu ? `one of ${FARGATE_CPU_UNITS.join(", ")}` : describeFargateMemory(compute.cpu)} (platform "ecs" runs on Fargate)`,
      });
    }
  })
  .prefault({})
  .describe("The app's compute platform and its settings.");

export type ComputeConfig = z.infer<typeof computeSchema>;
