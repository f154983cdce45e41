/**
 * `--dry-run --offline`: the drill planned from `Pulumi.<source>.yaml` alone.
 * The source's outputs come from its offline preview, and the drill stack's
 * configuration is itself previewed under Pulumi's mock runtime (both packs
 * included), so a restore point outside the backup window, or anything else
 * the program refuses, shows before a drill is ever started.
 */
import { runProgram } from "../../test/harness/run";
import { readStackConfig, toStructuredConfig } from "../../test/harness/stack-config";
import { runPolicyPacks } from "../../test/harness/policy-runner";
import { offlineOutputs } from "../release/offline-stack";
import { StructuredConfig } from "./drill-config";
import { DrillSignals, DrillStack, DrillWorkspace, SourceStack } from "./workspace";

export class OfflineDrillWorkspace implements DrillWorkspace {
  async source(stackName: string): Promise<SourceStack> {
    const raw = readStackConfig(stackName);
    const outputs = Object.fromEntries(Object.entries(await offlineOutputs(stackName)).map(([key, output]) => [key, output.value]));
    const database = outputs.database as { identifier: string };
    return {
      stackName,
      region: raw.values["aws:region"] ?? "",
      config: toStructuredConfig(raw.values),
      secretKeys: raw.secretKeys,
      databaseIdentifier: database.identifier,
      certificateArn: typeof outputs.certificateArn === "string" ? outputs.certificateArn : undefined,
    };
  }

  async leftovers(): Promise<string[]> {
    return [];
  }

  async create(): Promise<DrillStack> {
    throw new Error("an offline plan creates no stack");
  }

  async select(): Promise<DrillStack> {
    throw new Error("an offline plan has no stacks to resume");
  }

  async preview(stackName: string, config: StructuredConfig): Promise<string> {
    const run = await runProgram({ stack: stackName, config: { ...config } });
    const mandatory = (await runPolicyPacks(run)).filter((v) => v.level === "mandatory");
    if (mandatory.length > 0) throw new Error(`mandatory policy violations: ${mandatory.map((v) => `${v.policy} on ${v.name ?? "the stack"}`).join("; ")}`);
    const database = run.one("aws:rds/instance:Instance", "database").inputs;
    const restore = database.restoreToPointInTime ?? { snapshotIdentifier: database.snapshotIdentifier };
    return `Offline preview of ${stackName}: ${run.resources.length} resources, no mandatory policy violation; the database restores ${JSON.stringify(restore)}.`;
  }
}

async function notOffline(): Promise<never> {
  throw new Error("an offline plan reads no AWS API");
}

export const NO_DRILL_SIGNALS: DrillSignals = { health: { targetHealth: notOffline }, database: { database: notOffline, snapshot: notOffline } };
