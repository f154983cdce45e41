/**
 * `--dry-run --offline`: the standby as `Pulumi.<stack>.yaml` describes it,
 * from its offline preview (which reads the primary's outputs from the
 * primary's own offline preview, as the harness mocks stack references). No
 * Pulumi CLI, backend or AWS credentials; nothing to read or update.
 */
import { readStackConfig } from "../../test/harness/stack-config";
import { offlineOutputs } from "../release/offline-stack";
import { RecoverySignals, StandbySnapshot, standbySnapshotFromOutputs, StandbyStack } from "./standby";

export class ConfiguredStandby implements StandbyStack {
  private constructor(
    readonly stackName: string,
    private readonly snapshot: StandbySnapshot,
  ) {}

  static async load(stackName: string): Promise<ConfiguredStandby> {
    const outputs = await offlineOutputs(stackName);
    const region = readStackConfig(stackName).values["aws:region"] ?? "";
    return new ConfiguredStandby(stackName, standbySnapshotFromOutputs(stackName, region, outputs));
  }

  async read(): Promise<StandbySnapshot> {
    return this.snapshot;
  }

  async activeUpdate(): Promise<string | undefined> {
    return undefined;
  }

  async advance(): Promise<void> {
    throw new Error("an offline plan cannot update the stack");
  }
}

async function notOffline(): Promise<never> {
  throw new Error("an offline plan reads no AWS API and no DNS");
}

/** What an offline plan reads: nothing (a dry run reads no signal). */
export const NO_SIGNALS: RecoverySignals = {
  health: { targetHealth: notOffline },
  database: { database: notOffline, snapshot: notOffline },
  dns: { addresses: notOffline },
};
