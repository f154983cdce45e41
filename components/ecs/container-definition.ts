import { AppSecretRef } from "../internal/connections";
import { APP_CONTAINER_NAME } from "./constants";

/**
 * The app container of a Fargate task as plain data, so that its security
 * properties can be tested without the runtime. Everything here is resolved:
 * the component calls it inside `pulumi.all(...).apply`.
 */
export interface ContainerSpec {
  readonly image: string;
  /** Numeric `uid` or `uid:gid`; never root. */
  readonly user: string;
  readonly containerPort: number;
  /** Plain settings, name to value, already checked to hold no secret. */
  readonly environment: Readonly<Record<string, string>>;
  /** Secrets Manager references with their ARNs resolved. */
  readonly secrets: readonly ResolvedSecretRef[];
  readonly logGroupName: string;
  readonly region: string;
  /** Stream prefix, such as the colour, so each revision's logs are apart. */
  readonly logStreamPrefix: string;
  readonly healthCheck: ContainerHealthCheck;
  /** Add the writable volumes the ECS Exec agent needs under a read-only root filesystem. */
  readonly executeCommand: boolean;
  /** How the app gets a writable `/tmp`. */
  readonly scratch: ScratchSpace;
}

/**
 * The writable `/tmp` under the read-only root filesystem.
 * - `tmpfs`: an in-memory mount (Fargate supports tmpfs since January 2026), world-writable with the
 *   sticky bit like any `/tmp`, so a non-root user can write to it; its size counts against memory.
 * - `ephemeral`: a bind mount on the task's ephemeral storage. Fargate creates it owned by root with
 *   mode 0755, so a non-root app can write to it only if its image declares `VOLUME ["/tmp"]` on a
 *   directory that user owns (ECS copies the image's ownership into the volume).
 */
export interface ScratchSpace {
  readonly type: "tmpfs" | "ephemeral";
  /** Size of the tmpfs in MiB; ignored for `ephemeral`, which shares the task's 20 GiB. */
  readonly sizeMiB: number;
}

export interface ContainerHealthCheck {
  /** `["CMD", ...]` or `["CMD-SHELL", "..."]`. */
  readonly command: readonly string[];
  readonly intervalSeconds: number;
  readonly timeoutSeconds: number;
  readonly retries: number;
  readonly startPeriodSeconds: number;
}

export type ResolvedSecretRef = Omit<AppSecretRef, "secretArn" | "kmsKeyArn"> & { readonly secretArn: string };

/** Where the app's scratch space is mounted, and the volume's name when it is a bind mount. */
export const SCRATCH_PATH = "/tmp";
const SCRATCH_VOLUME = { name: "tmp", containerPath: SCRATCH_PATH } as const;
/** Mount options of the tmpfs: no set-uid binaries and no device files in scratch space. */
export const TMPFS_MOUNT_OPTIONS = ["nosuid", "nodev"] as const;
/**
 * Where the ECS Exec (SSM) agent writes its state and logs. With a read-only
 * root filesystem the agent crashes unless these are writable volumes
 * (aws/containers-roadmap#1359), so they are mounted only when Exec is on.
 * Bind mounts suffice: the agent runs as root inside the container.
 */
export const EXEC_AGENT_VOLUMES = [
  { name: "ssm-state", containerPath: "/var/lib/amazon/ssm" },
  { name: "ssm-logs", containerPath: "/var/log/amazon/ssm" },
] as const;

function bindMounts(executeCommand: boolean, scratch: ScratchSpace): readonly { name: string; containerPath: string }[] {
  return [...(scratch.type === "ephemeral" ? [SCRATCH_VOLUME] : []), ...(executeCommand ? EXEC_AGENT_VOLUMES : [])];
}

/** The task's volumes: ephemeral bind mounts (no host path, no EFS), which Fargate backs with task storage. */
export function taskVolumes(executeCommand: boolean, scratch: ScratchSpace): { name: string }[] {
  return bindMounts(executeCommand, scratch).map((v) => ({ name: v.name }));
}

/**
 * `valueFrom` of an ECS secret: the whole secret, or one key of a JSON secret
 * as `<arn>:<json-key>::` (the trailing fields are version stage and id,
 * empty for the current version).
 */
export function secretValueFrom(ref: { readonly secretArn: string; readonly jsonKey?: string }): string {
  return ref.jsonKey === undefined ? ref.secretArn : `${ref.secretArn}:${ref.jsonKey}::`;
}

/** The default health check: busybox or GNU wget against the app's own port and path. */
export function httpHealthCheckCommand(port: number, path: string): string[] {
  return ["CMD-SHELL", `wget -q -O /dev/null http://127.0.0.1:${port}${path} || exit 1`];
}

/**
 * The container definition: non-root, read-only root filesystem with a
 * writable `/tmp` (tmpfs or ephemeral volume), not privileged, every Linux capability dropped, an init
 * process, secrets only through `secrets`, logs to CloudWatch in
 * non-blocking mode.
 */
export function buildContainerDefinition(spec: ContainerSpec): Record<string, unknown> {
  const mounts = bindMounts(spec.executeCommand, spec.scratch);
  const tmpfs = spec.scratch.type === "tmpfs" ? [{ containerPath: SCRATCH_PATH, size: spec.scratch.sizeMiB, mountOptions: [...TMPFS_MOUNT_OPTIONS] }] : [];
  return {
    name: APP_CONTAINER_NAME,
    image: spec.image,
    essential: true,
    user: spec.user,
    privileged: false,
    readonlyRootFilesystem: true,
    portMappings: [{ name: "http", containerPort: spec.containerPort, hostPort: spec.containerPort, protocol: "tcp", appProtocol: "http" }],
    environment: Object.entries(spec.environment)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, value]) => ({ name, value })),
    secrets: [...spec.secrets]
      .sort((a, b) => a.environmentName.localeCompare(b.environmentName))
      .map((s) => ({ name: s.environmentName, valueFrom: secretValueFrom(s) })),
    mountPoints: mounts.map((m) => ({ sourceVolume: m.name, containerPath: m.containerPath, readOnly: false })),
    linuxParameters: { capabilities: { add: [], drop: ["ALL"] }, initProcessEnabled: true, ...(tmpfs.length > 0 ? { tmpfs } : {}) },
    healthCheck: {
      command: [...spec.healthCheck.command],
      interval: spec.healthCheck.intervalSeconds,
      timeout: spec.healthCheck.timeoutSeconds,
      retries: spec.healthCheck.retries,
      startPeriod: spec.healthCheck.startPeriodSeconds,
    },
    logConfiguration: {
      logDriver: "awslogs",
      options: {
        "awslogs-group": spec.logGroupName,
        "awslogs-region": spec.region,
        "awslogs-stream-prefix": spec.logStreamPrefix,
        mode: "non-blocking",
        "max-buffer-size": "25m",
      },
    },
    stopTimeout: 30,
  };
}
