/**
 * `--dry-run --offline`: {@link StackOperations} from the stack's
 * configuration alone. The offline preview (`npm run preview`) runs the
 * program for `Pulumi.<stack>.yaml` under Pulumi's mock runtime; its stack
 * outputs (weights, images, target groups, the alarm's name) are what the
 * stack's would be if it were deployed exactly as configured, and the release
 * plans from them. No Pulumi CLI, backend or AWS credentials are involved, so
 * there is no history (no interrupted release to resume) and nothing to update.
 */
import type { OutputMap } from "@pulumi/pulumi/automation";
import { availableStacks } from "../preview/args";
import { preview } from "../preview/cli";
import { readStackConfig } from "../../test/harness/stack-config";
import type { TrafficConfig } from "../../stacks/config/traffic";
import { snapshotFromOutputs, trafficConfigFrom } from "./pulumi-stack";
import { DatabaseBackups, HealthSignal, StackOperations, StackSnapshot } from "./types";

export class ConfiguredStack implements StackOperations {
  private constructor(
    readonly stackName: string,
    private readonly outputs: OutputMap,
    private readonly traffic: TrafficConfig,
  ) {}

  /** Runs the offline preview of `stackName`; throws its failure report when the program or the config fails. */
  static async load(stackName: string): Promise<ConfiguredStack> {
    const outputs = await offlineOutputs(stackName);
    const traffic = trafficConfigFrom(optional(readStackConfig(stackName).values["platform:traffic"]));
    return new ConfiguredStack(stackName, outputs, traffic);
  }

  async trafficConfig(): Promise<TrafficConfig> {
    return this.traffic;
  }

  async read(): Promise<StackSnapshot> {
    return snapshotFromOutputs(this.stackName, this.outputs);
  }

  async activeUpdate(): Promise<string | undefined> {
    return undefined;
  }

  async lastUpdateMessage(): Promise<string | undefined> {
    return undefined;
  }

  async update(): Promise<void> {
    throw new Error("an offline plan cannot update the stack");
  }
}

/**
 * The outputs `stackName` would have if it were deployed exactly as
 * `Pulumi.<stack>.yaml` says: those of its offline preview. Throws the
 * preview's failure report when the program or the config fails.
 */
export async function offlineOutputs(stackName: string): Promise<OutputMap> {
  const stacks = availableStacks();
  if (!stacks.includes(stackName)) {
    throw new Error(`no Pulumi.${stackName}.yaml: an offline plan reads the stack file (stacks with one: ${stacks.join(", ")})`);
  }
  const outcome = await preview(stackName);
  if (outcome.failure) {
    const [headline, ...details] = outcome.failure.lines;
    throw new Error([`the offline preview of stack ${stackName} failed: ${headline.replace(/^error: /, "")}`, ...details].join("\n"));
  }
  return Object.fromEntries(Object.entries(outcome.run.outputs).map(([key, value]) => [key, { value, secret: false }]));
}

/** What an offline plan reads of AWS: nothing (a dry run asks for no health reads). */
export const NO_AWS: HealthSignal = {
  alarmState: notOffline,
  targetHealth: notOffline,
  loadBalancersOf: notOffline,
};

/** An offline plan takes no snapshot (a dry run only describes it). */
export const NO_BACKUPS: DatabaseBackups = {
  snapshotStatus: notOffline,
  createSnapshot: notOffline,
  releaseSnapshots: notOffline,
  deleteSnapshot: notOffline,
};

async function notOffline(): Promise<never> {
  throw new Error("an offline plan reads no AWS API");
}

function optional(value: string | undefined): { value: string } | undefined {
  return value === undefined ? undefined : { value };
}
