/**
 * Mutation testing with StrykerJS, folder by folder, and the score of each.
 *
 *   npm run mutation                                   every folder
 *   npm run mutation -- stacks/config scripts/release  some folders
 *   npm run mutation -- components --concurrency 2     flags after the folders go to `stryker run`
 *
 * Each folder has its own incremental file (test/mutation/incremental/), so a
 * second run re-tests only the mutants whose code or covering tests changed,
 * and folders can be run one at a time without discarding each other's
 * results. Reports go to reports/mutation/<folder>/ (HTML and JSON). A folder
 * passes at a mutation score of 90% or more; survivors that no test can kill
 * are listed with the reason in test/mutation/equivalent-mutants.json (they
 * still count against the score), and any other survivor is printed.
 */
import { spawnSync } from "child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "fs";
import { join } from "path";

export const MUTATION_FOLDERS: Readonly<Record<string, readonly string[]>> = {
  components: ["components/**/*.ts"],
  "stacks/config": ["stacks/config/**/*.ts"],
  policies: ["policies/security/rules/**/*.ts", "policies/compliance/rules/**/*.ts"],
  "scripts/release": ["scripts/release/**/*.ts"],
};
export const MINIMUM_SCORE = 90;
const ROOT = join(__dirname, "..");
const EQUIVALENT_FILE = join(ROOT, "test", "mutation", "equivalent-mutants.json");

/** One mutant as Stryker's JSON report (mutation-testing-report-schema) has it. */
interface ReportMutant {
  readonly mutatorName: string;
  readonly replacement?: string;
  readonly status: string;
  readonly location: { readonly start: { readonly line: number; readonly column: number } };
}
export interface MutationReport {
  readonly files: Readonly<Record<string, { readonly mutants: readonly ReportMutant[] }>>;
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

function run(folder: string, passThrough: readonly string[]): FolderScore {
  const slug = folder.replace(/\//g, "-");
  const reports = join("reports", "mutation", slug);
  const base = JSON.parse(readFileSync(join(ROOT, "stryker.config.json"), "utf8"));
  const config = {
    ...base,
    mutate: MUTATION_FOLDERS[folder],
    incrementalFile: join("test", "mutation", "incremental", `${slug}.json`),
    htmlReporter: { fileName: join(reports, "mutation.html") },
    jsonReporter: { fileName: join(reports, "mutation.json") },
  };
  mkdirSync(join(ROOT, reports), { recursive: true });
  const configFile = join(reports, "stryker.config.json");
  writeFileSync(join(ROOT, configFile), JSON.stringify(config, null, 2));
  const result = spawnSync("npx", ["stryker", "run", configFile, ...passThrough], { cwd: ROOT, stdio: "inherit" });
  if (result.status !== 0) throw new Error(`stryker run for ${folder} exited with ${result.status}`);
  const equivalent: EquivalentMutant[] = existsSync(EQUIVALENT_FILE) ? JSON.parse(readFileSync(EQUIVALENT_FILE, "utf8")) : [];
  return scoreReport(JSON.parse(readFileSync(join(ROOT, reports, "mutation.json"), "utf8")), equivalent);
}

function main(argv: readonly string[]): number {
  const firstFlag = argv.findIndex((a) => a.startsWith("-"));
  const folders = firstFlag === -1 ? [...argv] : argv.slice(0, firstFlag);
  const passThrough = firstFlag === -1 ? [] : argv.slice(firstFlag);
  const unknown = folders.filter((f) => !(f in MUTATION_FOLDERS));
  if (unknown.length > 0) {
    console.error(`unknown folder ${unknown.join(", ")} (expected ${Object.keys(MUTATION_FOLDERS).join(", ")})`);
    return 2;
  }
  const lines = ["| folder | killed | survived | score |", "| --- | --- | --- | --- |"];
  let failed = false;
  for (const folder of folders.length > 0 ? folders : Object.keys(MUTATION_FOLDERS)) {
    const score = run(folder, passThrough);
    lines.push(`| ${folder} | ${score.detected} | ${score.undetected} | ${score.score.toFixed(2)}% |`);
    for (const s of score.survivors) console.log(`${s.explained ? "equivalent" : "SURVIVED"} ${s.file}:${s.line} ${s.mutator} → ${JSON.stringify(s.replacement)}: ${s.reason}`);
    failed ||= score.score < MINIMUM_SCORE;
  }
  console.log(lines.join("\n"));
  if (failed) console.error(`a folder scored below ${MINIMUM_SCORE}%`);
  return failed ? 1 : 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
