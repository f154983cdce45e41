/** Types of jest-runner.js, which jest loads as plain CommonJS (its `runner` option does not go through the transform). */
export declare const ACTIVE_MUTANT_ENV: string;
export declare const TEST_NAMES_ENV: string;
export declare const BAIL_ENV: string;
export declare const KILLS_ENV: string;
export declare function filesForPattern<T extends { path: string }>(tests: readonly T[], testNamePattern: string | undefined, namesByFile: Record<string, string[]> | undefined): readonly T[];
