import { EKS_CAPACITY_MODES } from "../../stacks/config/compute-eks";
import { STACKS, describeViolations, mandatoryViolations, runStack } from "./stacks";

// Every shipped stack on EKS, in each capacity mode, captured by the stack harness and run through both
// packs with the environment's own pack config, has no mandatory finding. A failure lists each finding
// with the component that created the resource.
describe.each(STACKS)("the %s stack on EKS", (stack) => {
  it.each(EKS_CAPACITY_MODES)("produces no mandatory policy violations with capacity mode %s", async (mode) => {
    const run = await runStack(stack, "eks", 90_000, { eks: { capacity: { mode } } });
    const mandatory = await mandatoryViolations(run, stack);
    if (mandatory.length > 0) throw new Error(`${mandatory.length} mandatory violation(s) in ${stack} on EKS (${mode}):\n${describeViolations(run, mandatory)}`);
  }, 120_000);
});
