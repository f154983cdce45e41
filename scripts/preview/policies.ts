/**
 * Runs the CrossGuard packs in `policies/` over a captured run, through the
 * policy harness (`test/harness/policy-runner.ts`, which feeds `@pulumi/policy`'s
 * own analyzer handlers), and prints the violations the way `pulumi preview
 * --policy-pack` does: per pack, grouped by enforcement level.
 */
import * as fs from "fs";
import * as path from "path";
import type { RunResult } from "../../test/harness/run";
import { PROJECT_ROOT } from "../../test/harness/stack-config";

export const LEVELS = ["mandatory", "remediate", "advisory", "disabled"] as const;
export type EnforcementLevel = (typeof LEVELS)[number];

/** The policy harness's violation record (`test/harness/policy-runner.ts`). */
export interface PolicyViolation {
  readonly pack: string;
  readonly policy: string;
  readonly level: EnforcementLevel;
  readonly severity?: string;
  readonly message: string;
  readonly urn?: string;
  readonly name?: string;
  readonly type?: string;
}

export type PackConfig = Record<string, Record<string, unknown>>;
export type PolicyRunner = (run: RunResult, options?: { packConfig?: PackConfig }) => Promise<PolicyViolation[]>;

export interface PackInfo {
  /** Folder under `policies/`, e.g. `security`. */
  readonly folder: string;
  /** The pack's name as published (the folder's package.json `name`). */
  readonly name: string;
  readonly version?: string;
}

export const POLICIES_DIR = path.join(PROJECT_ROOT, "policies");
export const POLICY_RUNNER = path.join(PROJECT_ROOT, "test", "harness", "policy-runner.ts");

/** The packs under `policies/` (folders with a `PulumiPolicy.yaml`). */
export function listPacks(dir = POLICIES_DIR): PackInfo[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && fs.existsSync(path.join(dir, e.name, "PulumiPolicy.yaml")))
    .map((e) => {
      const pkgFile = path.join(dir, e.name, "package.json");
      const pkg = fs.existsSync(pkgFile) ? (JSON.parse(fs.readFileSync(pkgFile, "utf8")) as { name?: string; version?: string }) : {};
      return { folder: e.name, name: pkg.name ?? e.name, version: pkg.version };
    })
    .sort((a, b) => a.folder.localeCompare(b.folder));
}

/** The policy harness, or undefined while it does not exist yet. */
export async function loadPolicyRunner(file = POLICY_RUNNER): Promise<PolicyRunner | undefined> {
  if (!fs.existsSync(file)) return undefined;
  const mod = (await import(file)) as { runPolicyPacks?: PolicyRunner };
  return mod.runPolicyPacks;
}

/**
 * Reads `--policy-pack-config FILE`. The file is keyed by pack (its folder or
 * its published name), each value being what `pulumi preview
 * --policy-pack-config` takes for that pack: `{ "all": "advisory",
 * "<policy>": "mandatory" | { "enforcementLevel": ..., <settings> } }`.
 * Keys that name no pack are reported, so that a typo does not pass silently.
 */
export function readPackConfig(file: string, packs: readonly PackInfo[]): PackConfig {
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (error) {
    throw new PolicyConfigError(`${file}: cannot read policy pack configuration: ${(error as Error).message}`);
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw new PolicyConfigError(`${file}: expected a JSON object keyed by policy pack (${packs.map((p) => p.folder).join(", ")})`);
  }
  const out: PackConfig = {};
  for (const [key, value] of Object.entries(parsed as Record<string, unknown>)) {
    const pack = packs.find((p) => p.folder === key || p.name === key);
    if (packs.length > 0 && !pack) {
      throw new PolicyConfigError(`${file}: ${JSON.stringify(key)} is not a policy pack (expected one of ${packs.flatMap((p) => [p.folder, p.name]).join(", ")})`);
    }
    if (!value || typeof value !== "object" || Array.isArray(value)) {
      throw new PolicyConfigError(`${file}: ${key}: expected an object of policy settings`);
    }
    out[pack?.name ?? key] = value as Record<string, unknown>;
  }
  return out;
}

export class PolicyConfigError extends Error {}

const ICON: Record<EnforcementLevel, string> = { mandatory: "❌", remediate: "🔧", advisory: "⚠️", disabled: "⏸️" };

/** The CLI's `Policies:` block: a line per pack, its violations grouped by level (mandatory first). */
export function renderViolations(violations: readonly PolicyViolation[], packs: readonly PackInfo[]): string {
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
    lines.push(`    ${icon} ${name}${version}${local}`);
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

export function sortViolations(violations: readonly PolicyViolation[]): PolicyViolation[] {
  return [...violations].sort((a, b) => a.policy.localeCompare(b.policy) || (a.urn ?? "").localeCompare(b.urn ?? ""));
}

export function countByLevel(violations: readonly PolicyViolation[]): Record<EnforcementLevel, number> {
  const counts = Object.fromEntries(LEVELS.map((l) => [l, 0])) as Record<EnforcementLevel, number>;
  for (const v of violations) counts[v.level] = (counts[v.level] ?? 0) + 1;
  return counts;
}
