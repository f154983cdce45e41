/**
 * The two small interfaces the release controller runs over, and the values
 * they exchange. Production implementations: `pulumi-stack.ts` (Automation
 * API) and `aws-health.ts` (CloudWatch, ELBv2); tests use in-memory ones.
 */
import type { TrafficConfig } from "../../stacks/config/traffic";

export const COLOURS = ["blue", "green"] as const;
export type Colour = (typeof COLOURS)[number];

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
  /** `deploymentHealthAlarmName`: the composite alarm watched during bakes. */
  readonly alarmName: string;
}

/** One stack update: the config it writes before `pulumi up`. */
export interface StackChange {
  /** `platform:traffic.weights`; left alone when undefined (`ecs-native` mode, where ECS owns them). */
  readonly weights?: Weights;
  /** `platform:compute.<colour>.image`, when the update deploys an image. */
  readonly image?: { readonly colour: Colour; readonly image: string };
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

/** Targets of one target group by state, as ELBv2 `DescribeTargetHealth` reports them. */
export interface TargetHealth {
  readonly healthy: number;
  /** Targets failing health checks, with ELB's reason (`Target.ResponseCodeMismatch`, ...). */
  readonly unhealthy: readonly string[];
  /** Targets still registering (`initial`) or leaving (`draining`). */
  readonly transitioning: number;
  /** True when the target group is attached to no listener (`unused`): nothing health-checks it. */
  readonly unused: boolean;
}

/** Health signal: the deployment-health alarm and the target health of a target group. */
export interface HealthSignal {
  alarmState(alarmName: string): Promise<AlarmState>;
  targetHealth(targetGroupArn: string): Promise<TargetHealth>;
}

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
