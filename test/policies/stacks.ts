import { existsSync, readFileSync } from "fs";
import { join } from "path";
import { levelInEnvironment } from "../../scripts/policy-docs";
import { ENGINE_MODES, EngineMode, RunResult, runProgram } from "../harness";
import { allPolicies, POLICY_PACKS, PolicyViolation, runPolicyPacks } from "../harness/policy-runner";

export const STACKS = ["dev", "staging", "prod", "prod-dr"] as const;
export type StackName = (typeof STACKS)[number];
export type Platform = "ecs" | "eks";
/** What a shipped stack runs on: ECS, EKS with Karpenter (the shipped default) or EKS Auto Mode (`capacity.mode: autoMode`). */
export type Compute = Platform | "eks-auto-mode";

/** The `platform:compute` override that puts a stack on `compute`. */
function computeOverride(compute: Compute): Record<string, unknown> {
  return compute === "eks-auto-mode" ? { platform: "eks", eks: { capacity: { mode: "autoMode" } } } : { platform: compute };
}

/**
 * The pack config each environment ships (`policies/<pack>/config/<stack>.json`,
 * the files a policy group or `--policy-pack-config` uses), by pack name.
 */
export function shippedPackConfig(stack: string): Record<string, Record<string, unknown>> {
  const config: Record<string, Record<string, unknown>> = {};
  for (const pack of POLICY_PACKS) {
    const file = join(__dirname, "..", "..", "policies", pack.name.replace(/^platform-/, ""), "config", `${stack}.json`);
    if (existsSync(file)) config[pack.name] = JSON.parse(readFileSync(file, "utf8"));
  }
  return config;
}

let hung: string | undefined;

/** Runs the program for a stack under the mock runtime, giving up after `timeoutMs` with a message that names the stack. */
export async function runStack(stack: StackName, platform: Compute, timeoutMs: number, mode: EngineMode = "offline"): Promise<RunResult> {
  if (hung) throw new Error(`not run: the ${hung} program never finished, and the mock runtime runs one program at a time`);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      hung = `${stack} on ${platform} (${mode})`;
      reject(new Error(`the ${stack} program on ${platform} (${mode} mode) did not finish within ${timeoutMs / 1000}s under the mock runtime (a registration or invoke never resolved)`));
    }, timeoutMs);
  });
  try {
    return await Promise.race([runProgram({ stack, overrides: { "platform:compute": computeOverride(platform) }, mode }), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** A "can't run policy ... during preview" finding: the policy read a value the engine did not know, so it decided nothing. */
export function isUndecided(violation: PolicyViolation): boolean {
  return violation.message.includes("during preview:");
}

/** One engine mode's run of a shipped stack and both packs' findings under the stack's own pack config. */
export interface ModeResult {
  readonly run: RunResult;
  readonly violations: PolicyViolation[];
}

/** The stack in each engine mode (`test/harness/engine-mode.ts`), through both packs. */
export async function runInEngineModes(stack: StackName, platform: Compute, timeoutMs: number): Promise<Record<EngineMode, ModeResult>> {
  const results: Partial<Record<EngineMode, ModeResult>> = {};
  for (const mode of ENGINE_MODES) {
    const run = await runStack(stack, platform, timeoutMs, mode);
    results[mode] = { run, violations: await runPolicyPacks(run, { packConfig: shippedPackConfig(stack) }) };
  }
  return results as Record<EngineMode, ModeResult>;
}

/** What decides a mandatory policy before anything changes, for one stack. */
export interface CoverageRow {
  readonly policy: string;
  /** The first `pulumi preview` of a new stack decides it: no "can't run" in the preview engine mode. */
  readonly decidesAtPreview: boolean;
  /** The offline preview (`npm run preview`, a required CI check) decides it. */
  readonly decidesOffline: boolean;
  /** `pulumi preview`, the offline preview, or nothing before the update starts changing resources. */
  readonly coveredBy: "pulumi preview" | "offline preview" | "nothing";
}

/**
 * For every policy that is mandatory in `stack`'s pack config: whether the
 * real preview decides it, whether the offline preview does, and so which
 * check stops a violation before any resource changes.
 */
export function coverageTable(stack: StackName, results: Record<EngineMode, ModeResult>): CoverageRow[] {
  const undecidedIn = (mode: EngineMode) => new Set(results[mode].violations.filter(isUndecided).map((v) => v.policy));
  const [atPreview, offline] = [undecidedIn("preview"), undecidedIn("offline")];
  return allPolicies()
    .filter((policy) => levelInEnvironment(policy, stack) === "mandatory")
    .map((policy) => {
      const decidesAtPreview = !atPreview.has(policy.name);
      const decidesOffline = !offline.has(policy.name);
      return { policy: policy.name, decidesAtPreview, decidesOffline, coveredBy: decidesAtPreview ? "pulumi preview" : decidesOffline ? "offline preview" : "nothing" };
    });
}

/**
 * The checks every shipped stack on `platform` must pass, in every engine
 * mode: no mandatory finding; every mandatory policy decided before anything
 * changes (by `pulumi preview` or by the offline preview); and every policy
 * whose metadata says it decides at preview really doing so here. `more`
 * adds tests over the same runs.
 */
export function describeShippedStacks(
  platform: Compute,
  more?: (results: () => Record<EngineMode, ModeResult>) => void,
  /** Mandatory policies a stack is documented to fail on this platform (each must then fail, and nothing else). */
  expectedMandatory: Readonly<Record<string, readonly string[]>> = {},
): void {
  const label = platform === "eks-auto-mode" ? "EKS Auto Mode" : platform.toUpperCase();
  describe.each(STACKS)(`the %s stack on ${label}`, (stack) => {
    let results: Record<EngineMode, ModeResult>;
    beforeAll(async () => {
      results = await runInEngineModes(stack, platform, 90_000);
    }, 180_000);

    it.each(ENGINE_MODES)("produces no mandatory policy violations in the %s engine mode", (mode) => {
      const { run, violations } = results[mode];
      const expected = expectedMandatory[stack] ?? [];
      const mandatory = violations.filter((v) => v.level === "mandatory");
      const unexpected = mandatory.filter((v) => !expected.includes(v.policy));
      if (unexpected.length > 0) throw new Error(`${unexpected.length} mandatory violation(s) in ${stack} on ${platform} (${mode}):\n${describeViolations(run, unexpected)}`);
      expect([...new Set(mandatory.map((v) => v.policy))].sort()).toEqual([...expected].sort());
    });

    it("has every mandatory policy decided before any resource changes", () => {
      const table = coverageTable(stack, results);
      expect(table.length).toBeGreaterThan(20);
      expect(table.filter((row) => row.coveredBy === "nothing")).toEqual([]);
    });

    it("runs every policy that says it decides at preview to a decision in a first preview", () => {
      const undecided = results.preview.violations.filter(isUndecided);
      const early = new Set(allPolicies().filter((p) => p.decides === "preview").map((p) => p.name));
      expect(describeViolations(results.preview.run, undecided.filter((v) => early.has(v.policy)))).toBe("");
    });

    it("decides everything once values are known (offline and update)", () => {
      expect([...results.offline.violations, ...results.update.violations].filter(isUndecided)).toEqual([]);
    });

    more?.(() => results);
  });
}

/** One line per finding, naming the component that created the resource, for failure messages and reports. */
export function describeViolations(run: RunResult, violations: readonly PolicyViolation[]): string {
  return violations
    .map((v) => {
      const component = v.urn ? owningComponent(run, v.urn) : undefined;
      const firstLine = v.message.split("\n").slice(1).join(" ") || v.message;
      return `- ${v.policy} on ${v.type ?? "the stack"} ${v.name ?? ""}${component ? ` (component ${component})` : ""}: ${firstLine}`;
    })
    .join("\n");
}

function owningComponent(run: RunResult, urn: string): string | undefined {
  let resource = run.byUrn(urn);
  while (resource && resource.parent) {
    const parent = run.byUrn(resource.parent);
    if (!parent || parent.type === "pulumi:pulumi:Stack") return undefined;
    if (!parent.custom) return `${parent.type} "${parent.name}"`;
    resource = parent;
  }
  return undefined;
}
