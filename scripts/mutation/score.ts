/**
 * The folders `npm run mutation` scores, and the score of one folder from
 * Stryker's JSON report (mutation-testing-report-schema).
 */
import { existsSync, readFileSync } from "fs";
import { join } from "path";

/** The directories each folder mutates: every `.ts` file under them. */
export const MUTATION_FOLDERS: Readonly<Record<string, readonly string[]>> = {
  components: ["components"],
  "stacks/config": ["stacks/config"],
  policies: ["policies/security/rules", "policies/compliance/rules"],
  "scripts/release": ["scripts/release"],
};
/**
 * Where jest looks for the tests of a folder's mutants. Stryker's jest runner passes `--findRelatedTests`,
 * and jest follows imports only through files under its `roots`, so every source folder is a root (taken
 * from jest.config.js): with `test/` alone, a test that reaches a pack rule through `policies/security/policies.ts`
 * was not related to it, and a run of the pack rules found 1 test for 1,134 mutants, leaving 820 of them uncovered.
 * The pack rules are scored by their own tests (`test/policies`, through `test/harness`): the tests in
 * other folders that run the packs over the shipped stacks could only add kills (the score is a lower
 * bound), and every mutant's run loads every related test file first: 35 under `test/` for
 * `rules/alb.ts` against 12 under `test/policies` (12 load in 5 s, 21 in 11 s, with no test run).
 */
export const TEST_ROOTS: Readonly<Record<string, readonly string[]>> = {
  components: ["test"],
  "stacks/config": ["test"],
  policies: ["test/policies", "test/harness"],
  "scripts/release": ["test"],
};
/** The source folders among jest.config.js's roots: one list for `npm test` and every mutation run. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const SOURCE_ROOTS: readonly string[] = (require("../../jest.config.js").roots as string[]).filter((root) => root !== "<rootDir>/test");
/** jest's `roots` for a folder's mutation run: the folder's test roots and jest.config.js's source folders. */
export const jestRoots = (folder: string): string[] => [...TEST_ROOTS[folder].map((dir) => `<rootDir>/${dir}`), ...SOURCE_ROOTS];
export const MINIMUM_SCORE = 90;
export const ROOT = join(__dirname, "..", "..");
const EQUIVALENT_FILE = join(ROOT, "test", "mutation", "equivalent-mutants.json");

/** Stryker's `mutate` globs for a folder. */
export const folderGlobs = (folder: string): string[] => MUTATION_FOLDERS[folder].map((dir) => `${dir}/**/*.ts`);
/** How a folder is named in file names: `scripts/release` is `scripts-release`. */
export const folderSlug = (folder: string): string => folder.replace(/\//g, "-");

/** One mutant as Stryker's JSON report has it. */
export interface ReportMutant {
  readonly id: string;
  readonly mutatorName: string;
  readonly replacement?: string;
  readonly status: string;
  readonly location: { readonly start: { readonly line: number; readonly column: number }; readonly end: { readonly line: number; readonly column: number } };
  /** Ids of tests in the same report's `testFiles`. */
  readonly coveredBy?: readonly string[];
  readonly killedBy?: readonly string[];
}
export interface ReportTest {
  readonly id: string;
  readonly name: string;
  readonly location?: { readonly start: { readonly line: number; readonly column: number } };
}
export interface MutationReport {
  readonly files: Readonly<Record<string, { readonly source?: string; readonly mutants: readonly ReportMutant[] }>>;
  readonly testFiles?: Readonly<Record<string, { readonly source?: string; readonly tests: readonly ReportTest[] }>>;
  /** The options of the run that wrote it: `mutate` is what that run mutated, less the mutators it excluded. */
  readonly config?: { readonly mutate?: readonly string[]; readonly mutator?: { readonly excludedMutations?: readonly string[] } };
}

/** A survivor no test can kill, and why. */
export interface EquivalentMutant {
  readonly file: string;
  readonly line: number;
  readonly mutator: string;
  readonly replacement: string;
  readonly reason: string;
}

const DETECTED = new Set(["Killed", "Timeout"]);
const UNDETECTED = new Set(["Survived", "NoCoverage"]);

export interface FolderScore {
  readonly detected: number;
  readonly undetected: number;
  /** Killed or timed out over every valid mutant (compile errors, runtime errors and ignored ones are not valid), as Stryker counts it. */
  readonly score: number;
  readonly survivors: readonly (EquivalentMutant & { readonly explained: boolean })[];
}

export function scoreReport(report: MutationReport, equivalent: readonly EquivalentMutant[]): FolderScore {
  let detected = 0;
  let undetected = 0;
  const survivors: (EquivalentMutant & { explained: boolean })[] = [];
  for (const [file, { mutants }] of Object.entries(report.files)) {
    for (const m of mutants) {
      if (DETECTED.has(m.status)) detected++;
      if (!UNDETECTED.has(m.status)) continue;
      undetected++;
      const line = m.location.start.line;
      const replacement = m.replacement ?? "";
      const known = equivalent.find((e) => e.file === file && e.line === line && e.mutator === m.mutatorName && e.replacement === replacement);
      survivors.push({ file, line, mutator: m.mutatorName, replacement, reason: known?.reason ?? `${m.status}: no test kills it`, explained: known !== undefined });
    }
  }
  const valid = detected + undetected;
  return { detected, undetected, score: valid === 0 ? 100 : (100 * detected) / valid, survivors };
}

export const readEquivalentMutants = (): EquivalentMutant[] => (existsSync(EQUIVALENT_FILE) ? JSON.parse(readFileSync(EQUIVALENT_FILE, "utf8")) : []);
