/**
 * The two small interfaces the release controller runs over, and the values
 * they exchange. Production implementations: `pulumi-stack.ts` (Automation
 * API) and `aws-health.ts` (CloudWatch, ELBv2); tests use in-memory ones.
 */
import type { TrafficConfig } from "../../stacks/config/traffic";

export const COLOURS = ["blue", "green"] as const;
export type Colour = (typeof COLOURS)[number];

/** How a run ended; the command's exit code follows from the status. */
export type Outcome =
  | { readonly status: "released"; readonly colour: Colour }
  | { readonly status: "flipped"; readonly colour: Colour }
  | { readonly status: "planned" }
  | { readonly status: "nothing"; readonly message: string }
  | { readonly status: "rolled-back"; readonly reason: string }
  | { readonly status: "refused"; readonly reason: string }
  | { readonly status: "failed"; readonly reason: string };

/** From `platform:traffic.release`: how long to wait for healthy targets, and how often to read the health signal. */
export interface Timing {
  readonly healthTimeoutMs: number;
  readonly pollMs: number;
}

/** Listener forward weights; the release command always writes percentages (they add up to 100). */
export interface Weights {
  readonly blue: number;
  readonly green: number;
}

/** What the release needs from the stack's outputs after its last update. */
export interface StackSnapshot {
  /** `trafficWeights`: the weights the listener forwards with. */
  readonly weights: Weights;
  /** `images`: the image each colour runs. */
  readonly images: Readonly<Record<Colour, string>>;
  /** `targetGroupArns`. */
  readonly targetGroupArns: Readonly<Record<Colour, string>>;
  /** `deploymentHealthAlarmName`: the composite alarm over both colours. */
  readonly alarmName: string;
  /**
   * `deploymentHealthAlarmNames`: each colour's deployment health (its canary
   * gates, CPU, targets, ServiceDown), what a release to that colour watches.
   * Absent on stacks deployed before colours had their own; `alarmName` then.
   */
  readonly alarmNames?: Readonly<Record<Colour, string>>;
  /** `database.identifier`: the DB instance a pre-release snapshot is taken of; absent without one. */
  readonly databaseIdentifier?: string;
}

/** The alarm a release to `colour` watches: the colour's own deployment health where the stack has it. */
export function healthAlarmOf(snapshot: Pick<StackSnapshot, "alarmName" | "alarmNames">, colour: Colour): string {
  return snapshot.alarmNames?.[colour] ?? snapshot.alarmName;
}

/** One stack update: the config it writes before `pulumi up`. */
export interface StackChange {
  /** `platform:traffic.weights`; left alone when undefined (`ecs-native` mode, where ECS owns them). */
  readonly weights?: Weights;
  /** `platform:compute.<colour>.image`, when the update deploys an image. */
  readonly image?: { readonly colour: Colour; readonly image: string };
  /** Any other config, by `pulumi config set --path` key (`platform:disasterRecovery.standby.stage`). */
  readonly values?: Readonly<Record<string, string>>;
}

/** Another update holds the stack (Pulumi's stack lock), or the stack changed under a running release. */
export class StackBusyError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "StackBusyError";
  }
}

/** What the stack's latest update says about a release: the image it was moving to which colour. */
export interface ReleaseMark {
  readonly image: string;
  readonly to: Colour;
}

/** Stack operations: read the outputs, write config and run `up`, see whether an update is running. */
export interface StackOperations {
  /** The stack's name, for messages. */
  readonly stackName: string;
  /** `platform:traffic` from the stack's config, defaults applied (mode and release settings). */
  trafficConfig(): Promise<TrafficConfig>;
  /** The stack outputs the release reads. */
  read(): Promise<StackSnapshot>;
  /** Describes the update that holds the stack's lock right now, or undefined when none does. */
  activeUpdate(): Promise<string | undefined>;
  /** The message of the stack's latest update (`pulumi stack history`), which a release step writes with {@link releaseMessage}. */
  lastUpdateMessage(): Promise<string | undefined>;
  /**
   * Writes the change to the stack's config and runs one `up`. Throws
   * {@link StackBusyError} when another update holds the stack, any other
   * error when the update fails.
   */
  update(change: StackChange, message: string, onOutput?: (line: string) => void): Promise<void>;
}

export type AlarmState = "OK" | "ALARM" | "INSUFFICIENT_DATA";

/**
 * Targets of one target group by state, as ELBv2 `DescribeTargetHealth`
 * reports them. The reasons are ELB's codes; what each means is documented on
 * `TargetHealth.Reason` in the SDK's model (`@aws-sdk/client-elastic-load-balancing-v2`,
 * models_0.d.ts): for `unused`, `Target.NotRegistered`, `Target.NotInUse` (no load
 * balancer uses the group, or the target's Availability Zone is not enabled),
 * `Target.InvalidState` (stopped or terminated) and `Target.IpUnusable`.
 */
export interface TargetHealth {
  readonly healthy: number;
  /** Targets failing health checks (`unhealthy`, `unavailable`), each with ELB's reason (`Target.ResponseCodeMismatch`, ...). */
  readonly unhealthy: readonly string[];
  /** Targets still registering (`initial`) or leaving (`draining`). */
  readonly transitioning: number;
  /** `unused` targets, which nothing health-checks and which take no traffic, each with ELB's reason. */
  readonly unused: readonly string[];
}

/** Health signal: the deployment-health alarm, and the target groups a release moves traffic between. */
export interface HealthSignal {
  alarmState(alarmName: string): Promise<AlarmState>;
  targetHealth(targetGroupArn: string): Promise<TargetHealth>;
  /**
   * The load balancers that route to the target group: a group is attached to
   * one only through a listener or listener rule that forwards to it, so an
   * empty list means no listener forwards to it.
   */
  loadBalancersOf(targetGroupArn: string): Promise<readonly string[]>;
}

/**
 * A failed read of the health signal, its message naming the resource, the
 * region and the API's error. `transient` when retrying may succeed
 * (throttling, a 5xx, a refused or reset connection).
 */
export class HealthReadError extends Error {
  constructor(
    message: string,
    readonly transient: boolean,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = "HealthReadError";
  }
}

/** A read that failed in a way retrying cannot fix (a missing alarm or target group, access denied). */
export function isPermanent(error: unknown): boolean {
  return error instanceof HealthReadError && !error.transient;
}

/** A manual RDS snapshot the release took, as the release finds it again to expire it. */
export interface ReleaseSnapshot {
  readonly id: string;
  readonly createdAt: Date;
}

/**
 * Manual RDS snapshots: the one a release takes before its first update, and
 * the older ones it expires. Production: `aws-backups.ts` (RDS API).
 */
export interface DatabaseBackups {
  /** The snapshot's status (`creating`, `available`, ...), or undefined when there is no snapshot of that id. */
  snapshotStatus(snapshotId: string): Promise<string | undefined>;
  /** Starts a manual snapshot of the instance, tagged with `tags`. */
  createSnapshot(instanceId: string, snapshotId: string, tags: Readonly<Record<string, string>>): Promise<void>;
  /** The manual snapshots of the instance that carry `RELEASE_SNAPSHOT_TAG`. */
  releaseSnapshots(instanceId: string): Promise<readonly ReleaseSnapshot[]>;
  deleteSnapshot(snapshotId: string): Promise<void>;
}

/** The tag that marks a snapshot as one a release took, and so one it may expire. */
export const RELEASE_SNAPSHOT_TAG = "platform:release-snapshot";

/** Time, injected so that tests never wait. */
export interface Clock {
  now(): Date;
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => new Date(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export function otherColour(colour: Colour): Colour {
  return colour === "blue" ? "green" : "blue";
}

/** Weights that send `percent` of traffic to `colour` and the rest to the other colour. */
export function weightsFor(colour: Colour, percent: number): Weights {
  const other = 100 - percent;
  return colour === "blue" ? { blue: percent, green: other } : { blue: other, green: percent };
}

export function formatWeights(weights: Weights): string {
  return `blue ${weights.blue} / green ${weights.green}`;
}

/**
 * The message of a release step's update: `release <image> → <colour>: <what>`.
 * `pulumi stack history` then shows each step, and a stopped release can be
 * told apart from its rollback target even when the new colour has more weight.
 */
export function releaseMessage(image: string, to: Colour, what: string): string {
  return `release ${image} → ${to}: ${what}`;
}

const RELEASE_MESSAGE = /^release (\S+) → (blue|green): /;

/** The release an update's message names, or undefined when another kind of update wrote it. */
export function parseReleaseMessage(message: string | undefined): ReleaseMark | undefined {
  const match = RELEASE_MESSAGE.exec(message ?? "");
  return match ? { image: match[1], to: match[2] as Colour } : undefined;
}

/** The first line of an error's message: what a one-line reason quotes. */
export function messageOf(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split("\n").find((line) => line.trim() !== "")?.trim() ?? text;
}
