import { runProgram } from "../harness";
import { runPolicyPacks } from "../harness/policy-runner";
import { describeViolations, shippedPackConfig, STACKS } from "./stacks";

// Every shipped stack on EKS with capacity mode autoMode (the default, Karpenter, is covered by
// stacks-eks.test.ts), through both packs with the environment's own pack config, has no mandatory finding,
// except staging's budget: Auto Mode's per-node fee and built-in pools put staging's declared capacity over
// its $500 (README, Cost: "staging ... With Auto Mode its declared capacity is over $500"), and the
// mandatory budget policy is what stops that preview.
const EXPECTED_MANDATORY: Record<string, readonly string[]> = { staging: ["aws-cost-monthly-budget"] };

describe.each(STACKS)("the %s stack on EKS Auto Mode", (stack) => {
  it("produces no mandatory policy violations but the documented ones, and its node class is checked", async () => {
    const run = await runProgram({ stack, overrides: { "platform:compute": { platform: "eks", eks: { capacity: { mode: "autoMode" } } } } });
    expect(run.ofType("kubernetes:eks.amazonaws.com/v1:NodeClass")).toHaveLength(1);
    const mandatory = (await runPolicyPacks(run, { packConfig: shippedPackConfig(stack) })).filter((v) => v.level === "mandatory");
    const expected = EXPECTED_MANDATORY[stack] ?? [];
    const unexpected = mandatory.filter((v) => !expected.includes(v.policy));
    if (unexpected.length > 0) throw new Error(`${unexpected.length} mandatory violation(s) in ${stack} on EKS Auto Mode:\n${describeViolations(run, unexpected)}`);
    expect([...new Set(mandatory.map((v) => v.policy))].sort()).toEqual([...expected].sort());
  }, 120_000);
});
