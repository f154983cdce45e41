/**
 * {@link DrillWorkspace} over Pulumi's Automation API: the source stack and
 * the drill stacks are stacks of this project (`LocalWorkspace` on the project
 * root). The drill stack's config is written key path by key path, as
 * `pulumi config set --path` would, secrets as secrets; every `up` goes through
 * the release's adapter, so it runs both policy packs (with the drill stack's
 * pack config: the packs' defaults, as no config file names a drill stack).
 */
import { ConfigMap, LocalWorkspace, OutputMap, Stack } from "@pulumi/pulumi/automation";
import { z } from "zod";
import { PROJECT_ROOT, toStructuredConfig } from "../../test/harness/stack-config";
import { PulumiStackOperations } from "../release/pulumi-stack";
import { isDrillStackOf, StructuredConfig } from "./drill-config";
import { DRILL_PHASES, DrillOutputs, DrillStack, DrillState, DrillWorkspace, SourceStack } from "./workspace";

/** The drill's progress lives in its stack's config under this namespace, which the program ignores. */
const STATE_NAMESPACE = "drill";
const STATE_KEYS = ["phase", "startedAt", "recoveryPoint", "healthyAt", "restoredLatestRestorableTime"] as const;

const stateSchema = z.object({
  phase: z.enum(DRILL_PHASES),
  startedAt: z.string(),
  recoveryPoint: z.string(),
  healthyAt: z.string().optional(),
  restoredLatestRestorableTime: z.string().optional(),
});

const outputsSchema = z.object({
  liveColour: z.enum(["blue", "green"]),
  targetGroupArns: z.object({ blue: z.string(), green: z.string() }),
  database: z.object({ identifier: z.string().min(1) }),
});

/** `pulumi config set --path` keys for a structured value: `platform:tags["kubernetes.io/role"]`, `platform:network.interfaceEndpoints[0]`. */
export function configPaths(key: string, value: unknown): [string, string][] {
  if (Array.isArray(value)) return value.flatMap((item, i) => configPaths(`${key}[${i}]`, item));
  if (value && typeof value === "object") {
    return Object.entries(value).flatMap(([name, item]) => configPaths(/^[A-Za-z_][\w-]*$/.test(name) ? `${key}.${name}` : `${key}[${JSON.stringify(name)}]`, item));
  }
  return value === undefined || value === null ? [] : [[key, String(value)]];
}

function valuesOf(outputs: OutputMap): Record<string, unknown> {
  return Object.fromEntries(Object.entries(outputs).map(([key, output]) => [key, output.value]));
}

class PulumiDrillStack implements DrillStack {
  private readonly operations: PulumiStackOperations;

  constructor(private readonly stack: Stack) {
    this.operations = new PulumiStackOperations(stack);
  }

  get stackName(): string {
    return this.stack.name;
  }

  async state(): Promise<DrillState> {
    const config = await this.stack.getAllConfig();
    const raw = Object.fromEntries(STATE_KEYS.map((key) => [key, config[`${STATE_NAMESPACE}:${key}`]?.value]));
    const parsed = stateSchema.safeParse(raw);
    if (!parsed.success) throw new Error(`stack ${this.stack.name} holds no drill progress (${STATE_NAMESPACE}:* config): ${parsed.error.issues.map((i) => i.path.join(".")).join(", ")}`);
    return parsed.data;
  }

  async record(state: DrillState): Promise<void> {
    const config: ConfigMap = {};
    for (const key of STATE_KEYS) {
      const value = state[key];
      if (value !== undefined) config[`${STATE_NAMESPACE}:${key}`] = { value };
    }
    await this.stack.setAllConfig(config);
  }

  async deploy(message: string, onOutput?: (line: string) => void): Promise<DrillOutputs> {
    await this.operations.update({}, message, onOutput);
    return this.outputs();
  }

  async outputs(): Promise<DrillOutputs> {
    const parsed = outputsSchema.safeParse(valuesOf(await this.operations.outputs()));
    if (!parsed.success) throw new Error(`stack ${this.stack.name} has no deployed outputs to check (${parsed.error.issues.map((i) => i.path.join(".")).join(", ")})`);
    return { liveTargetGroupArn: parsed.data.targetGroupArns[parsed.data.liveColour], databaseIdentifier: parsed.data.database.identifier };
  }

  async destroy(onOutput?: (line: string) => void): Promise<void> {
    await this.stack.destroy({ onOutput, message: "restore drill: clean up" });
    await this.stack.workspace.removeStack(this.stack.name);
  }
}

export class PulumiDrillWorkspace implements DrillWorkspace {
  constructor(private readonly workDir = PROJECT_ROOT) {}

  async source(stackName: string): Promise<SourceStack> {
    const stack = await PulumiStackOperations.select(stackName, this.workDir);
    const all = await stack.allConfig();
    const config = toStructuredConfig(Object.fromEntries(Object.entries(all).map(([key, entry]) => [key, entry.value])));
    const outputs = valuesOf(await stack.outputs());
    const database = outputs.database as { identifier?: unknown } | undefined;
    if (typeof database?.identifier !== "string") throw new Error(`stack ${stackName} has no database.identifier output (deploy it with this program version first)`);
    return {
      stackName,
      region: await stack.region(),
      config,
      secretKeys: Object.entries(all).filter(([, entry]) => entry.secret).map(([key]) => key),
      databaseIdentifier: database.identifier,
      certificateArn: typeof outputs.certificateArn === "string" ? outputs.certificateArn : undefined,
    };
  }

  async leftovers(source: string): Promise<string[]> {
    const workspace = await LocalWorkspace.create({ workDir: this.workDir });
    return (await workspace.listStacks()).map((summary) => summary.name.split("/").pop()!).filter((name) => isDrillStackOf(name, source));
  }

  async create(stackName: string, config: StructuredConfig, secretKeys: readonly string[], state: DrillState): Promise<DrillStack> {
    const stack = await LocalWorkspace.createStack({ stackName, workDir: this.workDir });
    const entries: ConfigMap = {};
    for (const [key, value] of Object.entries(config)) {
      for (const [path, text] of configPaths(key, value)) entries[path] = { value: text, secret: secretKeys.includes(key) };
    }
    await stack.setAllConfig(entries, true);
    const drill = new PulumiDrillStack(stack);
    await drill.record(state);
    return drill;
  }

  async select(stackName: string): Promise<DrillStack> {
    return new PulumiDrillStack(await LocalWorkspace.selectStack({ stackName, workDir: this.workDir }));
  }
}
