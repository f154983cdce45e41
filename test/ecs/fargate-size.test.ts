import fc from "fast-check";
import { EcsCluster, FARGATE_CPU_UNITS, fargateMemoryChoices, validateBlueGreenFargateServiceArgs } from "../../components/ecs";
import { ConfigError, parsePlatformConfig } from "../../stacks/config";
import { baseArgs } from "./fixtures";

const VALID = { "platform:environment": "dev", "aws:region": "eu-west-1" };
const configProblems = (cpu: number, memoryMiB: number): readonly string[] => {
  try {
    parsePlatformConfig({ ...VALID, "platform:compute": JSON.stringify({ cpu, memoryMiB, ecs: { scratch: { sizeMiB: 1 } } }) }, "test");
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
};
const componentProblems = (cpu: number, memoryMiB: number) =>
  validateBlueGreenFargateServiceArgs({ ...baseArgs(), cluster: {} as EcsCluster, cpu, memoryMiB, scratch: { sizeMiB: 1 } }).list;

describe("Fargate task sizes", () => {
  test("the table matches AWS's published pairs at its corners", () => {
    expect(fargateMemoryChoices(256)).toEqual([512, 1024, 2048]);
    expect(fargateMemoryChoices(512)).toEqual([1024, 2048, 3072, 4096]);
    expect(fargateMemoryChoices(4096)[0]).toBe(8192);
    expect(fargateMemoryChoices(4096).at(-1)).toBe(30720);
    expect(fargateMemoryChoices(8192).at(-1)).toBe(61440);
    expect(fargateMemoryChoices(16384)).toEqual(Array.from({ length: 12 }, (_, i) => 32768 + i * 8192));
    expect(fargateMemoryChoices(300)).toEqual([]);
  });

  test("every allowed pair passes both the config schema and the component", () => {
    const pairs = FARGATE_CPU_UNITS.flatMap((cpu) => fargateMemoryChoices(cpu).map((memory) => [cpu, memory] as const));
    fc.assert(
      fc.property(fc.constantFrom(...pairs), ([cpu, memory]) => {
        expect(configProblems(cpu, memory)).toEqual([]);
        expect(componentProblems(cpu, memory)).toEqual([]);
      }),
      { numRuns: 100, seed: 4 },
    );
  });

  test("any other memory size is refused by both, each naming its own key", () => {
    fc.assert(
      fc.property(fc.constantFrom(...FARGATE_CPU_UNITS), fc.integer({ min: 512, max: 122880 }), (cpu, memory) => {
        fc.pre(!fargateMemoryChoices(cpu).includes(memory));
        expect(configProblems(cpu, memory)).toEqual([expect.stringMatching(/^platform:compute\.memoryMiB: \d+ is not allowed/)]);
        expect(componentProblems(cpu, memory)).toEqual([expect.stringMatching(/^memoryMiB: \d+ is not allowed/)]);
      }),
      { numRuns: 200, seed: 5 },
    );
  });
});
