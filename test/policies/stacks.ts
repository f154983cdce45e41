import { existsSync, readFileSync } from "fs";
import { join } from "path";
import { RunResult, runProgram } from "../harness";
import { POLICY_PACKS, PolicyViolation, runPolicyPacks } from "../harness/policy-runner";

export const STACKS = ["dev", "staging", "prod"] as const;
export type StackName = (typeof STACKS)[number];

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
export async function runStack(stack: StackName, platform: "ecs" | "eks", timeoutMs: number): Promise<RunResult> {
  if (hung) throw new Error(`not run: the ${hung} program never finished, and the mock runtime runs one program at a time`);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      hung = `${stack} on ${platform}`;
      reject(new Error(`the ${stack} program on ${platform} did not finish within ${timeoutMs / 1000}s under the mock runtime (a registration or invoke never resolved)`));
    }, timeoutMs);
  });
  try {
    return await Promise.race([runProgram({ stack, overrides: { "platform:compute": { platform } } }), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Mandatory findings of both packs, with the shipped per-environment config. */
export async function mandatoryViolations(run: RunResult, stack: string): Promise<PolicyViolation[]> {
  const violations = await runPolicyPacks(run, { packConfig: shippedPackConfig(stack) });
  return violations.filter((v) => v.level === "mandatory");
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
