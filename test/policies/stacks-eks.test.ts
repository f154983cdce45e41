import { STACKS, describeViolations, mandatoryViolations, runStack } from "./stacks";

// Every shipped stack on EKS, captured by the stack harness and run through both packs with the
// environment's own pack config, has no mandatory finding. A failure lists each finding with the
// component that created the resource.
describe.each(STACKS)("the %s stack on EKS", (stack) => {
  it("produces no mandatory policy violations", async () => {
    const run = await runStack(stack, "eks", 90_000);
    const mandatory = await mandatoryViolations(run, stack);
    if (mandatory.length > 0) throw new Error(`${mandatory.length} mandatory violation(s) in ${stack} on EKS:\n${describeViolations(run, mandatory)}`);
  }, 120_000);
});
