import { isDeepStrictEqual } from "util";
import { runProgram, RunResult } from "../harness";
import { StackKey, stackKeys } from "./stack-keys";
import { EKS_ONLY, WIRING } from "./wiring";

/**
 * Every value a stack file sets that differs from the schema's default must
 * reach what the program registers (or, for release settings, what the
 * release command resolves): each such key has a locator in `wiring.ts` that
 * reads it back from the resources, so an argument dropped between the stack
 * file, the tier, the component and the resource fails here. Keys under
 * `platform:compute.eks` are read from the same stack run on EKS.
 */
const EKS = { "platform:compute": { platform: "eks" } };

/** Lists compare as sets: the order of endpoints or groups in a stack file carries no meaning. */
const normal = (value: unknown) => (Array.isArray(value) && value.every((v) => typeof v !== "object") ? [...value].sort() : value);

describe.each(["dev", "staging", "prod", "prod-dr"])("Pulumi.%s.yaml", (stack) => {
  let ecs: RunResult;
  let eks: RunResult;
  let changed: StackKey[];
  beforeAll(async () => {
    changed = stackKeys(stack).filter((k) => !isDeepStrictEqual(k.value, k.schemaDefault));
    ecs = await runProgram({ stack });
    eks = await runProgram({ stack, overrides: EKS });
  });

  test("sets values that differ from the defaults, and every one of them has a place it must arrive", () => {
    expect(changed.length).toBeGreaterThan(10);
    expect(changed.filter((k) => !WIRING[k.path]).map((k) => k.path)).toEqual([]);
  });

  test("every value that differs from its default reaches the resources", () => {
    const located = changed.filter((k) => WIRING[k.path]);
    const read = (k: StackKey) => normal(WIRING[k.path](EKS_ONLY.test(k.path) ? eks : ecs, stack));
    expect(Object.fromEntries(located.map((k) => [k.path, read(k)]))).toEqual(Object.fromEntries(located.map((k) => [k.path, normal(k.value)])));
  });
});
