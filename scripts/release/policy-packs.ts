/**
 * The CrossGuard packs every release update runs with, and what a failed
 * update's output says about them.
 *
 * `Stack.up` turns `policyPacks` into one `--policy-pack <dir>` each and
 * `policyPackConfigs` into one `--policy-pack-config <file>` each
 * (@pulumi/pulumi automation/stack.js, `up`); the CLI pairs them by position
 * and refuses any other count ("the number of --policy-pack-config flags must
 * match the number of --policy-pack flags": `validatePolicyPackConfig` in
 * pulumi/pulumi pkg/cmd/pulumi/operations/up.go, then `MakeLocalPolicyPacks`
 * in pkg/engine). So a pack without config for the stack gets an empty one.
 *
 * During an update (not a preview) the engine checks each resource's goal
 * state before its step runs; a mandatory violation makes the step generator
 * bail ("resource <urn> is invalid", pkg/resource/deploy/step_generator.go),
 * so that resource is not changed, but steps already run in the same update
 * stay done. The release therefore treats it as any failed update: one update
 * back. The violation reaches us only as the CLI's `Policies:` block
 * (`printPolicies` in pkg/backend/display/progress.go):
 *
 *     Policies:
 *         ❌ platform-security@v0.1.0 (local: policies/security)
 *             - [mandatory] [severity: high]  <policy>  (<type>: <name>)
 *               <message, possibly several lines>
 */
import * as fs from "fs";
import * as path from "path";
import { packFolders, POLICIES_DIR } from "../preview/policies";

/** The config a pack gets when `policies/<pack>/config/<stack>.json` does not exist: `{}`, the pack's own defaults. */
export const PACK_DEFAULTS = path.join(__dirname, "pack-defaults.json");

/** `UpOptions.policyPacks` and `UpOptions.policyPackConfigs`, one config per pack, in the same order. */
export interface PolicyPackOptions {
  readonly policyPacks: string[];
  readonly policyPackConfigs: string[];
}

/** Every pack under `policies/`, each with the stack's pack config where there is one. */
export function policyPackOptions(stack: string, dir = POLICIES_DIR): PolicyPackOptions {
  const packs = packFolders(dir).map((folder) => path.join(dir, folder));
  return {
    policyPacks: packs,
    policyPackConfigs: packs.map((pack) => {
      const file = path.join(pack, "config", `${stack}.json`);
      return fs.existsSync(file) ? file : PACK_DEFAULTS;
    }),
  };
}

/**
 * Packs whose dependencies are not installed. The CLI runs a local pack from
 * its folder and needs `@pulumi/policy` in the pack's own node_modules;
 * without it every update would fail to start its analyzer.
 */
export function uninstalledPacks(options: PolicyPackOptions): string[] {
  return options.policyPacks.filter((pack) => !fs.existsSync(path.join(pack, "node_modules", "@pulumi", "policy", "package.json")));
}

export interface MandatoryViolation {
  /** The pack's name, when the output's header line gave it. */
  readonly pack?: string;
  readonly policy: string;
  readonly resourceType: string;
  readonly resourceName: string;
  /** The first line of the policy's message. */
  readonly message: string;
}

const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, "g");
/**
 * `    ❌ <pack>@v<version> (local: <path>)`: four spaces, then the icon `printPolicies` gives a pack with a
 * mandatory violation (✅ and ⚠️ packs have none, so their headers never name one).
 */
const PACK_HEADER = /^ {4}❌ ([^\s@]+)@v/;
/**
 * `        - [mandatory]  <policy>  (<type>: <name>)`, exactly as `renderDiffPolicyViolationEvent`
 * (pkg/backend/display/diff.go) spaces it in every CLI version, where a policy with a severity, as all of
 * ours have, reads `[mandatory] [severity: high]` since v3.205.0 (pulumi/pulumi#20805) and
 * `[mandatory: high]` before. A stack policy's violation names the stack resource: during an update the
 * step generator gives an empty URN the root stack's (pulumi/pulumi#23692). Trailing whitespace, a
 * carriage return included, is allowed.
 */
const MANDATORY = /^( *)- \[mandatory(?:: \w+)?\](?: \[severity: \w+\])? {2}(\S+) {2}\((.+): ([^:]+)\)\s*$/;

/** The mandatory violations in a `pulumi up` output, each once. */
export function mandatoryViolations(output: string): MandatoryViolation[] {
  const lines = output.replace(ANSI, "").split("\n");
  const found = new Map<string, MandatoryViolation>();
  let pack: string | undefined;
  lines.forEach((line, i) => {
    pack = PACK_HEADER.exec(line)?.[1] ?? pack;
    const match = MANDATORY.exec(line);
    if (!match) return;
    const [, indent, policy, resourceType, resourceName] = match;
    // The message is the next line when it is indented deeper; the output may end at the violation.
    const next = lines.at(i + 1);
    const message = next !== undefined && next.length - next.trimStart().length > indent.length ? next.trim() : "";
    found.set(`${policy} ${resourceType} ${resourceName}`, { pack, policy, resourceType, resourceName, message });
  });
  return [...found.values()];
}

/** One line for a failed update's reason: `mandatory policy violation: <policy> on <name> (<type>): <message>; ...` */
export function describeViolations(violations: readonly MandatoryViolation[]): string {
  const each = violations.map((v) => `${v.policy}${v.pack ? ` (${v.pack})` : ""} on ${v.resourceName} (${v.resourceType})${v.message ? `: ${v.message}` : ""}`);
  return `mandatory policy violation${violations.length === 1 ? "" : "s"}: ${each.join("; ")}`;
}
