/**
 * Runs the CrossGuard packs in `policies/` over a captured run, through the
 * policy harness (`test/harness/policy-runner.ts`, which feeds `@pulumi/policy`'s
 * own analyzer handlers), and prints the violations the way `pulumi preview
 * --policy-pack` does: per pack, grouped by enforcement level.
 */
import * as fs from "fs";
import * as path from "path";
import type { PolicyViolation } from "../../test/harness/policy-runner";
import type { RunResult } from "../../test/harness/run";
import { PROJECT_ROOT } from "../../test/harness/stack-config";

export const LEVELS = ["mandatory", "remediate", "advisory", "disabled"] as const;
export type EnforcementLevel = (typeof LEVELS)[number];

export type { PolicyViolation };
/** A violation with what its policy's metadata says to do about it. */
export interface ReportedViolation extends PolicyViolation {
  /** The policy's `remediationSteps`; undefined for a policy no pack here declares. */
  readonly remediation?: string;
}
export type PackConfig = Record<string, Record<string, unknown>>;
export type PolicyRunner = (run: RunResult, options?: { packConfig?: PackConfig }) => Promise<PolicyViolation[]>;

export interface PackInfo {
  /** Folder under `policies/`, e.g. `security`. */
  readonly folder: string;
  /** The PolicyPack's name, as the CLI prints it and pack config is keyed by. */
  readonly name: string;
  readonly version?: string;
  /** Names of the pack's policies. */
  readonly policies: readonly string[];
}

export const POLICIES_DIR = path.join(PROJECT_ROOT, "policies");
export const POLICY_RUNNER = path.join(PROJECT_ROOT, "test", "harness", "policy-runner.ts");

/**
 * The packs the policy harness runs, by their PolicyPack name (what the CLI
 * prints and what pack config is keyed by), with the folder under `policies/`
 * each one lives in.
 */
export async function listPacks(dir = POLICIES_DIR): Promise<PackInfo[]> {
  if (!fs.existsSync(POLICY_RUNNER)) return [];
  const { POLICY_PACKS } = await import("../../test/harness/policy-runner");
  const folders = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => fs.existsSync(path.join(dir, f, "PulumiPolicy.yaml"))) : [];
  return POLICY_PACKS.map((p) => ({
    name: p.name,
    version: p.version,
    folder: folders.find((f) => p.name === f || p.name.endsWith(`-${f}`)) ?? p.name,
    policies: p.policies.map((policy) => policy.name),
  }));
}

/** Adds each violation's `remediationSteps` from the metadata of the policy that reported it. */
export async function withRemediation(violations: readonly PolicyViolation[]): Promise<ReportedViolation[]> {
  if (!fs.existsSync(POLICY_RUNNER)) return [...violations];
  const { POLICY_PACKS } = await import("../../test/harness/policy-runner");
  const steps = new Map(POLICY_PACKS.flatMap((pack) => pack.policies.map((policy) => [`${pack.name}/${policy.name}`, policy.remediationSteps] as const)));
  return violations.map((v) => ({ ...v, remediation: steps.get(`${v.pack}/${v.policy}`) }));
}

/** The pack folders under `policies/` (each with a `PulumiPolicy.yaml`). */
export function packFolders(dir = POLICIES_DIR): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => fs.existsSync(path.join(dir, f, "PulumiPolicy.yaml")))
    .sort();
}

/** The policy harness's `runPolicyPacks`, or undefined while the harness does not exist. */
export async function loadPolicyRunner(): Promise<PolicyRunner | undefined> {
  if (!fs.existsSync(POLICY_RUNNER)) return undefined;
  const { runPolicyPacks } = await import("../../test/harness/policy-runner");
  return runPolicyPacks;
}

/**
 * Pack configuration from `--policy-pack-config` files. A file is either what
 * `pulumi preview --policy-pack-config` takes for ONE pack (`{ "all": "advisory",
 * "<policy>": "mandatory" | { "enforcementLevel": ..., <settings> } }`; the pack
 * is the one whose policies it names), or an object keyed by pack (folder or
 * PolicyPack name) holding that for each. Unknown keys are errors, so a typo
 * does not pass silently. Later files win, per pack and policy.
 */
export function readPackConfig(files: readonly string[], packs: readonly PackInfo[]): PackConfig {
  const out: PackConfig = {};
  for (const file of files) {
    for (const [pack, config] of Object.entries(readOnePackConfig(file, packs))) out[pack] = { ...out[pack], ...config };
  }
  return out;
}

function readOnePackConfig(file: string, packs: readonly PackInfo[]): PackConfig {
  const config = parsePackConfig(file, packs);
  for (const [pack, policies] of Object.entries(config)) {
    for (const [policy, value] of Object.entries(policies)) {
      const level = typeof value === "string" ? value : isObject(value) ? value.enforcementLevel : undefined;
      if (level !== undefined && !(LEVELS as readonly unknown[]).includes(level)) {
        throw new PolicyConfigError(`${file}: ${pack}.${policy}: enforcement level ${JSON.stringify(level)} is not allowed (expected ${LEVELS.join(", ")})`);
      }
    }
  }
  return config;
}

function parsePackConfig(file: string, packs: readonly PackInfo[]): PackConfig {
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (error) {
    throw new PolicyConfigError(`${file}: cannot read policy pack configuration: ${(error as Error).message}`);
  }
  if (!isObject(parsed)) throw new PolicyConfigError(`${file}: expected a JSON object`);
  const keys = Object.keys(parsed);
  const packOf = (key: string) => packs.find((p) => p.folder === key || p.name === key);
  if (keys.length > 0 && keys.every((k) => packOf(k))) {
    const out: PackConfig = {};
    for (const [key, value] of Object.entries(parsed)) {
      if (!isObject(value)) throw new PolicyConfigError(`${file}: ${key}: expected an object of policy settings`);
      out[packOf(key)!.name] = value;
    }
    return out;
  }
  const named = keys.filter((k) => k !== "all");
  const owner = packs.filter((p) => named.length > 0 && named.every((k) => p.policies.includes(k)));
  if (owner.length === 1) return { [owner[0].name]: parsed };
  const known = new Set(packs.flatMap((p) => [p.folder, p.name, ...p.policies]));
  const unknown = keys.filter((k) => k !== "all" && !known.has(k));
  const hint = unknown.length > 0 ? `${unknown.map((k) => JSON.stringify(k)).join(", ")} ${unknown.length === 1 ? "names" : "name"} no pack or policy` : "it mixes packs or names policies of several packs";
  throw new PolicyConfigError(`${file}: ${hint} (expected the config of one pack, keyed by its policies, or an object keyed by pack: ${packs.map((p) => p.name).join(", ")})`);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === "object" && !Array.isArray(value);
}

/**
 * Pack config files shipped for a stack (`policies/<pack>/config/<stack>.json`),
 * the ones the workflows hand to `pulumi/actions` as `policyPackConfigs`.
 */
export function stackPackConfigFiles(stack: string, packs: readonly PackInfo[], dir = POLICIES_DIR): string[] {
  return packs.map((p) => path.join(dir, p.folder, "config", `${stack}.json`)).filter((f) => fs.existsSync(f));
}

export class PolicyConfigError extends Error {}

const ICON: Record<EnforcementLevel, string> = { mandatory: "❌", remediate: "🔧", advisory: "⚠️", disabled: "⏸️" };

/** The CLI's `Policies:` block: a line per pack, its violations grouped by level (mandatory first). */
export function renderViolations(violations: readonly PolicyViolation[], packs: readonly PackInfo[], configFiles: readonly string[] = []): string {
  const names = [...new Set([...packs.map((p) => p.name), ...violations.map((v) => v.pack)])];
  if (names.length === 0) return "Policies: no policy packs found under policies/";
  const lines = ["Policies:"];
  for (const name of names) {
    const info = packs.find((p) => p.name === name || p.folder === name);
    const mine = violations.filter((v) => v.pack === name && v.level !== "disabled");
    const worst = LEVELS.find((l) => mine.some((v) => v.level === l));
    const icon = worst ? ICON[worst] : "✅";
    const version = info?.version ? `@v${info.version}` : "";
    const local = info ? ` (local: policies/${info.folder})` : "";
    const config = info ? configFiles.filter((f) => configApplies(f, info)) : [];
    lines.push(`    ${icon} ${name}${version}${local}${config.length > 0 ? `, config ${config.map(relative).join(", ")}` : ""}`);
    for (const level of LEVELS) {
      for (const v of sortViolations(mine.filter((x) => x.level === level))) {
        const where = v.type ? `  (${v.type}: ${v.name ?? "?"})` : "";
        lines.push(`        - [${level}]  ${v.policy}${where}`);
        for (const line of v.message.split("\n")) lines.push(`          ${line}`.trimEnd());
      }
    }
  }
  return lines.join("\n");
}

/** Whether a config file could hold `pack`'s config (by location, or by naming the pack or its policies). */
function configApplies(file: string, pack: PackInfo): boolean {
  if (path.resolve(file).startsWith(path.join(POLICIES_DIR, pack.folder) + path.sep)) return true;
  try {
    const keys = Object.keys(JSON.parse(fs.readFileSync(file, "utf8")) as object);
    return keys.some((k) => k === pack.name || k === pack.folder || pack.policies.includes(k));
  } catch {
    return false;
  }
}

function relative(file: string): string {
  return path.relative(PROJECT_ROOT, path.resolve(file));
}

export function sortViolations<T extends PolicyViolation>(violations: readonly T[]): T[] {
  return [...violations].sort((a, b) => a.policy.localeCompare(b.policy) || (a.urn ?? "").localeCompare(b.urn ?? ""));
}

export function countByLevel(violations: readonly PolicyViolation[]): Record<EnforcementLevel, number> {
  const counts = Object.fromEntries(LEVELS.map((l) => [l, 0])) as Record<EnforcementLevel, number>;
  for (const v of violations) counts[v.level] = (counts[v.level] ?? 0) + 1;
  return counts;
}
