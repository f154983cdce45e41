import { runProgram } from "../harness";
import { runPolicyPacks } from "../harness/policy-runner";
import { describeViolations, shippedPackConfig, STACKS } from "./stacks";

// Every shipped stack on EKS with capacity mode autoMode (the default, Karpenter, is covered by
// stacks-eks.test.ts), through both packs with the environment's own pack config, has no mandatory finding.
describe.each(STACKS)("the %s stack on EKS Auto Mode", (stack) => {
  it("produces no mandatory policy violations, and its node class is checked", async () => {
    const run = await runProgram({ stack, overrides: { "platform:compute": { platform: "eks", eks: { capacity: { mode: "autoMode" } } } } });
    expect(run.ofType("kubernetes:eks.amazonaws.com/v1:NodeClass")).toHaveLength(1);
    const mandatory = (await runPolicyPacks(run, { packConfig: shippedPackConfig(stack) })).filter((v) => v.level === "mandatory");
    if (mandatory.length > 0) throw new Error(`${mandatory.length} mandatory violation(s) in ${stack} on EKS Auto Mode:\n${describeViolations(run, mandatory)}`);
  }, 120_000);
});
