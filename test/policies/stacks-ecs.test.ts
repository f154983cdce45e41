import { describeShippedStacks } from "./stacks";

// Every shipped stack on ECS, in each engine mode (offline, a new stack's first preview, an update
// without a preview), through both packs with the environment's own pack config. A failure lists each
// finding with the component that created the resource.
describeShippedStacks("ecs");
