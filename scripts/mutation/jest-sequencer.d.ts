/** Types of jest-sequencer.js, which jest loads as plain CommonJS. */
export declare function killsByFile(killsFile: string | undefined): Map<string, number>;
export declare function mutantOrder<T extends { path: string }>(
  tests: readonly T[],
  failed: (test: T) => boolean,
  time: (test: T) => number | undefined,
  kills?: ReadonlyMap<string, number>,
): T[];
