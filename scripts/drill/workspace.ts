/**
 * The interfaces a restore drill runs over: the source stack it reads, the
 * temporary drill stack it creates, deploys and destroys, and the drill's
 * progress, kept in the drill stack's own config (`drill:*` keys, outside
 * the program's `platform:` namespace) so an interrupted drill resumes.
 */
import { DatabaseSignal } from "../recovery/aws-rds";
import { HealthSignal } from "../release/types";
import { StructuredConfig } from "./drill-config";

/** How far a drill got; each phase is recorded once its step is done. */
export const DRILL_PHASES = ["created", "deployed", "measured"] as const;
export type DrillPhase = (typeof DRILL_PHASES)[number];

export interface DrillState {
  readonly phase: DrillPhase;
  /** When the drill began: the start of the measured recovery time. */
  readonly startedAt: string;
  /** The time the restored data is from: the source's latest restorable time, the time asked for, or the snapshot's. */
  readonly recoveryPoint: string;
  /** When the drill's app first had a healthy target. */
  readonly healthyAt?: string;
  /** The restored instance's own latest restorable time, once it is up. */
  readonly restoredLatestRestorableTime?: string;
}

export interface SourceStack {
  readonly stackName: string;
  readonly region: string;
  /** Its configuration, structured, as the drill copies it. */
  readonly config: StructuredConfig;
  /** Keys of {@link config} that are secrets. */
  readonly secretKeys: readonly string[];
  /** Its `database.identifier` output. */
  readonly databaseIdentifier: string;
  /** Its `certificateArn` output, when it serves HTTPS. */
  readonly certificateArn?: string;
}

/** What the drill reads of its stack's outputs. */
export interface DrillOutputs {
  readonly liveTargetGroupArn: string;
  readonly databaseIdentifier: string;
}

export interface DrillStack {
  readonly stackName: string;
  state(): Promise<DrillState>;
  record(state: DrillState): Promise<void>;
  /** One `pulumi up` with both policy packs; resolves to the outputs the drill reads. */
  deploy(message: string, onOutput?: (line: string) => void): Promise<DrillOutputs>;
  /** The outputs of the last update. */
  outputs(): Promise<DrillOutputs>;
  /** `pulumi destroy`, then the stack is removed. */
  destroy(onOutput?: (line: string) => void): Promise<void>;
}

export interface DrillWorkspace {
  source(stackName: string): Promise<SourceStack>;
  /** Drill stacks of `source` that an interrupted drill left behind. */
  leftovers(source: string): Promise<string[]>;
  /** Creates the drill stack with this config (secrets among `secretKeys`) and records `state`. */
  create(stackName: string, config: StructuredConfig, secretKeys: readonly string[], state: DrillState): Promise<DrillStack>;
  select(stackName: string): Promise<DrillStack>;
  /**
   * `--dry-run` only: previews the drill stack's configuration without
   * creating anything, resolving to a one-line summary; throws what would fail.
   * @default none (a real preview needs the stack to exist)
   */
  preview?(stackName: string, config: StructuredConfig): Promise<string>;
}

/** What the drill reads in the source's region. */
export interface DrillSignals {
  readonly health: Pick<HealthSignal, "targetHealth">;
  readonly database: DatabaseSignal;
}
