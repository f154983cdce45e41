import { ENGINE_MODES } from "../harness";
import { describeShippedStacks } from "./stacks";

// Every shipped stack on EKS with capacity mode autoMode (the default, Karpenter, is covered by
// stacks-eks.test.ts), in each engine mode, through both packs with the environment's own pack config.
// Staging's one mandatory finding is its budget: Auto Mode's per-node fee and built-in pools put its declared
// capacity over $500 (README, Cost: "With Auto Mode its declared capacity is over $500"), and the mandatory
// budget policy is what stops that preview.
describeShippedStacks(
  "eks-auto-mode",
  (runs) => {
    it("declares Auto Mode's NodeClass in every engine mode, so the node class policies had it to check", () => {
      for (const mode of ENGINE_MODES) expect({ mode, nodeClasses: runs()[mode].ofType("kubernetes:eks.amazonaws.com/v1:NodeClass").length }).toEqual({ mode, nodeClasses: 1 });
    });
  },
  { staging: ["aws-cost-monthly-budget"] },
);
