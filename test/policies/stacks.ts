import { existsSync, readFileSync } from "fs";
import { join } from "path";
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

/** The stack's program in each engine mode (`test/harness/engine-mode.ts`). */
export async function runInEngineModes(stack: StackName, platform: Compute, timeoutMs: number): Promise<Record<EngineMode, RunResult>> {
  const runs: Partial<Record<EngineMode, RunResult>> = {};
  for (const mode of ENGINE_MODES) runs[mode] = await runStack(stack, platform, timeoutMs, mode);
  return runs as Record<EngineMode, RunResult>;
}

/**
 * The checks every shipped stack on `platform` must pass, in every engine
 * mode: no mandatory finding; every policy whose metadata says it decides at
 * preview doing so in a first preview; and every policy decided once values
 * are known (offline and at update), so every mandatory one is decided
 * before anything changes, by the offline preview (a required CI check) if
 * not by `pulumi preview`. `more` adds tests over the same runs.
 *
 * The programs run in `beforeAll`, the packs inside each mode's test: a
 * mutation run of the pack rules (perTest coverage) then knows which tests
 * ran each rule and runs only those for its mutants, where a rule run in
 * `beforeAll` made every mutant of it run every test of the file.
 */
export function describeShippedStacks(
  platform: Compute,
  more?: (runs: () => Record<EngineMode, RunResult>) => void,
  /** Mandatory policies a stack is documented to fail on this platform (each must then fail, and nothing else). */
  expectedMandatory: Readonly<Record<string, readonly string[]>> = {},
): void {
  const label = platform === "eks-auto-mode" ? "EKS Auto Mode" : platform.toUpperCase();
  describe.each(STACKS)(`the %s stack on ${label}`, (stack) => {
    let runs: Record<EngineMode, RunResult>;
    beforeAll(async () => {
      runs = await runInEngineModes(stack, platform, 90_000);
    }, 180_000);

    it.each(ENGINE_MODES)("passes both packs in the %s engine mode: no mandatory violation, and every policy decided that must be", async (mode) => {
      const run = runs[mode];
      const violations = await runPolicyPacks(run, { packConfig: shippedPackConfig(stack) });
      const expected = expectedMandatory[stack] ?? [];
      const mandatory = violations.filter((v) => v.level === "mandatory");
      const unexpected = mandatory.filter((v) => !expected.includes(v.policy));
      if (unexpected.length > 0) throw new Error(`${unexpected.length} mandatory violation(s) in ${stack} on ${platform} (${mode}):\n${describeViolations(run, unexpected)}`);
      expect([...new Set(mandatory.map((v) => v.policy))].sort()).toEqual([...expected].sort());
      const undecided = violations.filter(isUndecided);
      if (mode === "preview") {
        // A first `pulumi preview` decides every policy whose metadata says it does.
        const early = new Set(allPolicies().filter((p) => p.decides === "preview").map((p) => p.name));
        expect(describeViolations(run, undecided.filter((v) => early.has(v.policy)))).toBe("");
      } else {
        // Once values are known everything is decided, so the offline preview decides every mandatory policy before any resource changes.
        expect(describeViolations(run, undecided)).toBe("");
      }
    });

    more?.(() => runs);
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
