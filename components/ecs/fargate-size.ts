/**
 * Fargate task sizes: the CPU units Fargate offers and the memory (MiB) each
 * allows. AWS rejects any other pair at apply time, so the component and the
 * config schema reject it at construction.
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-tasks-services.html#fargate-tasks-size
 */
export const FARGATE_CPU_UNITS = [256, 512, 1024, 2048, 4096, 8192, 16384] as const;
export type FargateCpu = (typeof FARGATE_CPU_UNITS)[number];

const range = (from: number, to: number, step: number): number[] =>
  Array.from({ length: Math.floor((to - from) / step) + 1 }, (_, i) => from + i * step);

const MEMORY_BY_CPU: Readonly<Record<FargateCpu, readonly number[]>> = {
  256: [512, 1024, 2048],
  512: range(1024, 4096, 1024),
  1024: range(2048, 8192, 1024),
  2048: range(4096, 16384, 1024),
  4096: range(8192, 30720, 1024),
  8192: range(16384, 61440, 4096),
  16384: range(32768, 122880, 8192),
};

/** The memory sizes (MiB) Fargate allows with `cpu` units; empty when `cpu` is not a Fargate size. */
export function fargateMemoryChoices(cpu: number): readonly number[] {
  return MEMORY_BY_CPU[cpu as FargateCpu] ?? [];
}

/** Describes the allowed memory for `cpu` the way a validation message reads. */
export function describeFargateMemory(cpu: number): string {
  const choices = fargateMemoryChoices(cpu);
  if (choices.length === 0) return `a Fargate CPU size first (${FARGATE_CPU_UNITS.join(", ")})`;
  const step = choices.length > 1 ? choices[1] - choices[0] : 0;
  return choices.length <= 3
    ? `one of ${choices.join(", ")} MiB with ${cpu} CPU units`
    : `${choices[0]} to ${choices[choices.length - 1]} MiB in steps of ${step} with ${cpu} CPU units`;
}
