/**
 * {@link StackOperations} over Pulumi's Automation API: a `LocalWorkspace`
 * over this project, so it needs the Pulumi CLI and a logged-in backend.
 * Config goes into `Pulumi.<stack>.yaml` exactly as `pulumi config set --path`
 * would write it, so the stack file always says what was last deployed. Every
 * `up` runs with the policy packs (see `policy-packs.ts`).
 */
import * as path from "path";
import { CommandError, ConcurrentUpdateError, ConfigMap, ConfigValue, LocalWorkspace, OutputMap, Stack, StackNotFoundError } from "@pulumi/pulumi/automation";
import { z } from "zod";
import { trafficSchema, TrafficConfig } from "../../stacks/config/traffic";
import { formatIssues } from "../../stacks/config/errors";
import { ConfigError } from "../../stacks/config";
import { describeViolations, mandatoryViolations, PolicyPackOptions, policyPackOptions, uninstalledPacks } from "./policy-packs";
import { StackBusyError, StackChange, StackOperations, StackSnapshot } from "./types";
import { PROJECT_ROOT } from "../../test/harness/stack-config";

const colours = <T extends z.ZodType>(value: T) => z.object({ blue: value, green: value });

/** The outputs a release reads, and which part of the program provides each. */
const OUTPUTS = {
  trafficWeights: { schema: colours(z.number().int().min(0).max(999)), from: "the load balancer" },
  images: { schema: colours(z.string().min(1)), from: "the compute tier" },
  targetGroupArns: { schema: colours(z.string().startsWith("arn:")), from: "the load balancer" },
  deploymentHealthAlarmName: { schema: z.string().min(1), from: "the monitoring tier" },
} as const;

/** Reads a stack's outputs into a snapshot, naming every missing or malformed output. */
export function snapshotFromOutputs(stackName: string, outputs: OutputMap): StackSnapshot {
  const problems: string[] = [];
  const value = <K extends keyof typeof OUTPUTS>(key: K): z.infer<(typeof OUTPUTS)[K]["schema"]> | undefined => {
    const { schema, from } = OUTPUTS[key];
    const output = outputs[key];
    if (output === undefined) {
      problems.push(`${key}: missing (it comes from ${from}; run pulumi up once with it in the program)`);
      return undefined;
    }
    const parsed = (schema as z.ZodType).safeParse(output.value);
    if (!parsed.success) {
      problems.push(`${key}: ${JSON.stringify(output.value)} is not what a release expects (${parsed.error.issues.map((i) => i.message).join("; ")})`);
      return undefined;
    }
    return parsed.data as z.infer<(typeof OUTPUTS)[K]["schema"]>;
  };
  const weights = value("trafficWeights");
  const images = value("images");
  const targetGroupArns = value("targetGroupArns");
  const alarmName = value("deploymentHealthAlarmName");
  // Each missing or malformed output left its value undefined and said why in `problems`.
  if (!weights || !images || !targetGroupArns || !alarmName) {
    throw new Error(`stack ${stackName} has no outputs to release from:\n  - ${problems.join("\n  - ")}`);
  }
  return { weights, images, targetGroupArns, alarmName, ...optionalOutputs(outputs) };
}

/** Outputs newer programs add; a stack deployed before them still releases without them. */
function optionalOutputs(outputs: OutputMap): Pick<StackSnapshot, "alarmNames" | "databaseIdentifier"> {
  const alarmNames = colours(z.string().min(1)).safeParse(outputs.deploymentHealthAlarmNames?.value);
  const database = z.object({ identifier: z.string().min(1) }).safeParse(outputs.database?.value);
  return { ...(alarmNames.success ? { alarmNames: alarmNames.data } : {}), ...(database.success ? { databaseIdentifier: database.data.identifier } : {}) };
}

/** The config keys a change writes, with `path: true` values as `pulumi config set --path` takes them. */
export function configFor(change: StackChange): ConfigMap {
  const config: ConfigMap = {};
  if (change.weights) {
    config["platform:traffic.weights.blue"] = { value: String(change.weights.blue) };
    config["platform:traffic.weights.green"] = { value: String(change.weights.green) };
  }
  if (change.image) config[`platform:compute.${change.image.colour}.image`] = { value: change.image.image };
  for (const [key, value] of Object.entries(change.values ?? {})) config[key] = { value };
  return config;
}

/** The Automation API could not start `pulumi` at all. */
export function isMissingCli(error: unknown): boolean {
  return error instanceof Error && /ENOENT/.test(error.message) && /\bpulumi\b/.test(error.message);
}

/**
 * The `error:` lines of a failed command's output, which say why an update failed.
 * A `CommandError`'s message is `code: <n>\n stdout: <stdout>\n stderr: <stderr>\n err?: <err>`
 * (`CommandResult.toString` in @pulumi/pulumi automation/cmd.js), so the first line
 * of each stream carries a prefix, and the CLI's first stderr line is usually the error.
 */
export function updateFailureMessage(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const errors = text
    .split("\n")
    .map((line) => line.trim().replace(/^(?:stdout|stderr):\s*/, ""))
    .filter((line) => /^error:/i.test(line));
  return errors.length > 0 ? [...new Set(errors)].join(" ") : (text.split("\n").find((line) => /\S/.test(line)) ?? text).trim();
}

/** The part of an Automation API `Stack` the release uses. */
export type StackLike = Pick<Stack, "name" | "getConfig" | "getAllConfig" | "setAllConfig" | "removeConfig" | "outputs" | "history" | "up">;

/**
 * `platform:traffic` parsed with its defaults, from what `pulumi config --json`
 * gives for it: a structured value as a JSON string in `value` and, parsed, in `objectValue`.
 */
export function trafficConfigFrom(entry: { readonly value: string; readonly objectValue?: unknown } | undefined): TrafficConfig {
  let input: unknown = entry?.objectValue;
  if (input === undefined && entry !== undefined) {
    try {
      input = JSON.parse(entry.value);
    } catch {
      throw new ConfigError([`platform:traffic: ${JSON.stringify(entry.value)} is not allowed (expected a structured object)`]);
    }
  }
  const parsed = trafficSchema.safeParse(input, { reportInput: true });
  if (!parsed.success) throw new ConfigError(formatIssues("platform:traffic", trafficSchema, parsed.error.issues));
  return parsed.data;
}

export class PulumiStackOperations implements StackOperations {
  constructor(
    private readonly stack: StackLike,
    /** The packs and pack config every `up` runs with. @default every pack under policies/, with the stack's config */
    private readonly policyPacks: PolicyPackOptions = policyPackOptions(stack.name),
  ) {}

  /**
   * Selects an existing stack of the project in `workDir`, with the packs under
   * its `policies/`; fails with a clear message when there is no such stack, no
   * Pulumi CLI, or a pack that cannot run.
   */
  static async select(stackName: string, workDir = PROJECT_ROOT): Promise<PulumiStackOperations> {
    const packs = policyPackOptions(stackName, path.join(workDir, "policies"));
    const uninstalled = uninstalledPacks(packs);
    if (uninstalled.length > 0) {
      const folders = uninstalled.map((pack) => path.relative(process.cwd(), pack));
      throw new Error(
        `every release update runs the policy packs, and ${folders.join(" and ")} ${folders.length === 1 ? "has" : "have"} no dependencies installed; ` +
          `run: ${folders.map((folder) => `npm install --prefix ${folder}`).join(" && ")}`,
      );
    }
    try {
      return new PulumiStackOperations(await LocalWorkspace.selectStack({ stackName, workDir }), packs);
    } catch (error) {
      if (error instanceof StackNotFoundError) throw new Error(`no stack named ${stackName}; create it with pulumi stack init ${stackName}`, { cause: error });
      if (isMissingCli(error)) {
        throw new Error("the Pulumi CLI is not on PATH: the release command drives it through the Automation API (install it: https://www.pulumi.com/docs/install/)", {
          cause: error,
        });
      }
      throw error;
    }
  }

  get stackName(): string {
    return this.stack.name;
  }

  /** `aws:region`, for the AWS clients. */
  async region(): Promise<string> {
    return (await this.cli("reading aws:region", () => this.stack.getConfig("aws:region"))).value;
  }

  async trafficConfig(): Promise<TrafficConfig> {
    const all = await this.allConfig();
    return trafficConfigFrom(all["platform:traffic"] as (ConfigValue & { objectValue?: unknown }) | undefined);
  }

  /** The stack's whole config, secrets decrypted (and flagged `secret`). */
  allConfig(): Promise<ConfigMap> {
    return this.cli("reading the config", () => this.stack.getAllConfig());
  }

  async read(): Promise<StackSnapshot> {
    return snapshotFromOutputs(this.stack.name, await this.outputs());
  }

  /** Every stack output, as the Automation API gives them. */
  async outputs(): Promise<OutputMap> {
    return this.cli("reading the outputs", () => this.stack.outputs());
  }

  async activeUpdate(): Promise<string | undefined> {
    const [latest] = await this.cli("reading the history", () => this.stack.history(1));
    if (latest?.result !== "in-progress") return undefined;
    const message = latest.message ? `: ${latest.message}` : "";
    // UpdateKind (automation/stack.d.ts): update, preview, refresh, rename, destroy, import.
    const article = /^[aeiou]/.test(latest.kind) ? "an" : "a";
    return `${article} ${latest.kind} started at ${new Date(latest.startTime).toISOString()}${message}`;
  }

  async lastUpdateMessage(): Promise<string | undefined> {
    const [latest] = await this.cli("reading the history", () => this.stack.history(1));
    return latest?.message;
  }

  async update(change: StackChange, message: string, onOutput?: (line: string) => void): Promise<void> {
    const config = configFor(change);
    const previous = await this.currentValues(Object.keys(config));
    await this.stack.setAllConfig(config, true);
    try {
      await this.stack.up({ message, onOutput, ...this.policyPacks });
    } catch (error) {
      if (error instanceof ConcurrentUpdateError) {
        // Nothing was deployed: leave the stack file as the other update expects it.
        await this.restore(previous);
        throw new StackBusyError(`another update holds stack ${this.stack.name} (Pulumi's stack lock)`, { cause: error });
      }
      if (error instanceof CommandError) {
        // A mandatory policy stops the update with only "update failed" as its error line; the policy is in the output.
        const violations = mandatoryViolations(error.message);
        throw new Error(violations.length > 0 ? describeViolations(violations) : updateFailureMessage(error), { cause: error });
      }
      throw error;
    }
  }

  /** A CLI command that failed, as one line: its `error:` lines rather than its whole output. */
  private async cli<T>(what: string, command: () => Promise<T>): Promise<T> {
    try {
      return await command();
    } catch (error) {
      if (error instanceof CommandError) throw new Error(`${what} of stack ${this.stack.name} failed: ${updateFailureMessage(error)}`, { cause: error });
      throw error;
    }
  }

  /**
   * Each key's value with its `secret` flag, so that a secret put back is encrypted again, not written in
   * plain text: `setAllConfig` passes `--secret` for a value flagged so (automation/localWorkspace.js).
   */
  private async currentValues(keys: readonly string[]): Promise<Map<string, ConfigValue | undefined>> {
    const values = new Map<string, ConfigValue | undefined>();
    for (const key of keys) {
      values.set(key, await this.stack.getConfig(key, true).catch(() => undefined));
    }
    return values;
  }

  private async restore(previous: Map<string, ConfigValue | undefined>): Promise<void> {
    const set: ConfigMap = {};
    for (const [key, value] of previous) {
      if (value === undefined) await this.stack.removeConfig(key, true);
      else set[key] = value;
    }
    if (Object.keys(set).length > 0) await this.stack.setAllConfig(set, true);
  }
}
