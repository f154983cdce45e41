/**
 * Mutation testing with StrykerJS, folder by folder, and the score of each.
 *
 *   npm run mutation                                   every folder
 *   npm run mutation -- stacks/config scripts/release  some folders
 *   npm run mutation -- components --concurrency 2     flags after the folders go to `stryker run`
 *   npm run mutation -- components --shard 3/69        one shard of a folder (see scripts/mutation/plan.ts)
 *   npm run mutation -- components --merge             the folder's shards merged into one report, and its score
 *   npm run mutation -- --plan                         the shards of every folder, as JSON for a workflow matrix
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
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "fs";
import { createRequire } from "module";
import { tmpdir } from "os";
import { basename, join } from "path";
import { KEPT_RUNS_ENV } from "../test/harness/shared-runs";
import { BAIL_ENV, KILLS_ENV, TEST_NAMES_ENV } from "./mutation/jest-runner";
import { keepsProgramRuns } from "./mutation/program-runs";
import { FolderScore, folderGlobs, folderSlug, jestRoots, MINIMUM_SCORE, MUTATION_FOLDERS, MutationReport, readEquivalentMutants, ROOT, scoreReport } from "./mutation/score";
import { folderShards } from "./mutation/plan";
import { mergeShardReports, MUTATE_RANGE, mutatedBy, parseShard, Shard, shardName } from "./mutation/shards";

const INCREMENTAL = join("test", "mutation", "incremental");
const incrementalFile = (folder: string, shard?: Shard) => join(INCREMENTAL, shard ? `${folderSlug(folder)}.${shardName(shard)}.json` : `${folderSlug(folder)}.json`);
const reportsFolder = (folder: string, shard?: Shard) => join("reports", "mutation", folderSlug(folder), ...(shard ? [shardName(shard)] : []));
const readReport = (file: string, root = ROOT): MutationReport => JSON.parse(readFileSync(join(root, file), "utf8"));

/** Runs Stryker on `mutate`, less `excludedMutations`, with the folder's (or shard's) incremental file and reports, and returns its JSON report. */
function stryker(folder: string, mutate: readonly string[], passThrough: readonly string[], shard?: Shard, excludedMutations: readonly string[] = []): MutationReport {
  const reports = reportsFolder(folder, shard);
  const base = JSON.parse(readFileSync(join(ROOT, "stryker.config.json"), "utf8"));
  const config = {
    ...base,
    // The runner and sequencer leave out test files that cannot change a mutant's result (scripts/mutation/jest-runner.js).
    jest: { ...base.jest, config: { roots: jestRoots(folder), runner: "<rootDir>/scripts/mutation/jest-runner.js", testSequencer: "<rootDir>/scripts/mutation/jest-sequencer.js" } },
    mutate,
    mutator: { ...base.mutator, excludedMutations },
    incrementalFile: incrementalFile(folder, shard),
    htmlReporter: { fileName: join(reports, "mutation.html") },
    jsonReporter: { fileName: join(reports, "mutation.json") },
  };
  mkdirSync(join(ROOT, reports), { recursive: true });
  const configFile = join(reports, "stryker.config.json");
  writeFileSync(join(ROOT, configFile), JSON.stringify(config, null, 2));
  const scratch = mkdtempSync(join(tmpdir(), "platform-mutation-"));
  try {
    const result = spawnSync("npx", ["stryker", "run", configFile, ...passThrough], { cwd: ROOT, stdio: "inherit", env: strykerEnvironment(folder, scratch, passThrough) });
    if (result.status !== 0) throw new Error(`stryker run for ${shard ? `${shardName(shard)} of ` : ""}${folder} exited with ${result.status}`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  return readReport(join(reports, "mutation.json"));
}

/**
 * Stryker's environment, with `scratch` a folder for the run. Program runs are kept there from one mutant to
 * the next when the folder's mutants cannot change them (scripts/mutation/program-runs.ts), and never
 * otherwise. The dry run's test names and the files that killed each mutant go there too, and a mutant's run
 * stops at its first failing test file unless Stryker is to report every test that kills a mutant
 * (`--disableBail`; scripts/mutation/jest-runner.js).
 */
export function strykerEnvironment(folder: string, scratch: string, passThrough: readonly string[] = []): NodeJS.ProcessEnv {
  const env = { ...process.env };
  // Either may be left over from the shell; the names and kills files are always this run's.
  for (const name of [KEPT_RUNS_ENV, BAIL_ENV]) delete env[name];
  env[TEST_NAMES_ENV] = join(scratch, "test-names.json");
  env[KILLS_ENV] = join(scratch, "kills.log");
  if (!passThrough.includes("--disableBail")) env[BAIL_ENV] = "1";
  if (keepsProgramRuns(folder)) env[KEPT_RUNS_ENV] = scratch; // files named by a hash of each run's key (test/harness/shared-runs.ts)
  return env;
}

/** One shard: starts from the folder's merged incremental file, so results of mutants that moved between shards are kept. */
function runShard(folder: string, shard: Shard, passThrough: readonly string[]): FolderScore {
  const shards = folderShards(folder);
  if (shard.count !== shards.length) throw new Error(`--shard: ${folder} runs in ${shards.length} shards, not ${shard.count} (npm run mutation -- --plan lists them)`);
  const folderFile = join(ROOT, incrementalFile(folder));
  if (existsSync(folderFile)) copyFileSync(folderFile, join(ROOT, incrementalFile(folder, shard)));
  const mine = shards[shard.index - 1];
  const report = stryker(folder, mine.mutate, passThrough, shard, mine.excludedMutations);
  // The report also holds what Stryker carried over from the last run; the shard's score is over its own mutants.
  const own = Object.entries(report.files).map(([file, { mutants }]) => [file, { mutants: mutants.filter((m) => mutatedBy(report.config, file, m)) }] as const);
  return scoreReport({ files: Object.fromEntries(own) }, readEquivalentMutants());
}

/**
 * Merges every shard's incremental file into the folder's, and writes the
 * folder's reports from it. Missing shards (jobs that did not finish) are
 * named, and their files keep the last run's results; the merge still
 * writes what the other shards found, so the next run builds on it. With no
 * shard at all, the folder's incremental file is left as it was.
 */
export function mergeShards(folder: string, root = ROOT): { score?: FolderScore; missing: string[] } {
  const shards = folderShards(folder, root);
  const present = shards.filter((s) => existsSync(join(root, incrementalFile(folder, s))));
  const missing = shards.filter((s) => !present.includes(s)).map(shardName);
  if (present.length === 0) return { missing };
  const merged = mergeShardReports(present.map((s) => readReport(incrementalFile(folder, s), root)));
  writeFileSync(join(root, incrementalFile(folder)), JSON.stringify(merged));
  for (const s of present) rmSync(join(root, incrementalFile(folder, s)));
  const reports = join(root, reportsFolder(folder));
  mkdirSync(reports, { recursive: true });
  writeFileSync(join(reports, "mutation.json"), JSON.stringify(merged));
  writeFileSync(join(reports, "mutation.html"), reportHtml(merged));
  return { score: scoreReport(merged, readEquivalentMutants()), missing };
}

/** The HTML report Stryker's html reporter writes: the mutation-testing-elements app with the report in it. */
function reportHtml(report: MutationReport): string {
  // A dependency of @stryker-mutator/core, resolved from there rather than hoisted into ours.
  const fromStryker = createRequire(require.resolve("@stryker-mutator/core"));
  const app = readFileSync(fromStryker.resolve("mutation-testing-elements/dist/mutation-test-elements.js"), "utf8");
  // A `</script>` inside the JSON would end the script element early.
  const json = JSON.stringify(report).replace(/</g, '<"+"');
  return `<!DOCTYPE html>\n<html>\n<head><meta charset="utf-8"><script>${app}</script></head>\n<body>\n<mutation-test-report-app titlePostfix="Stryker"></mutation-test-report-app>\n<script>document.querySelector("mutation-test-report-app").report = ${json};</script>\n</body>\n</html>\n`;
}

/** Jobs one matrix may make in a workflow run ("Job Matrix: 256 jobs / workflow run", docs.github.com/actions/reference/limits). */
export const MATRIX_LIMIT = 256;

/** `--plan`: one matrix entry per shard of each folder, with the incremental file the shard writes (in test/mutation/incremental/). */
export function plan(folders: readonly string[]): { folder: string; shard: string; file: string }[] {
  const entries = folders.flatMap((folder) => folderShards(folder).map((shard) => ({ folder, shard: `${shard.index}/${shard.count}`, file: basename(incrementalFile(folder, shard)) })));
  if (entries.length > MATRIX_LIMIT) {
    const counts = folders.map((folder) => `${folder} ${entries.filter((e) => e.folder === folder).length}`).join(", ");
    throw new Error(`--plan: ${entries.length} shards (${counts}) are more than the ${MATRIX_LIMIT} jobs a GitHub Actions matrix may make; plan fewer folders at once, or raise SHARD_MUTANTS in scripts/mutation/plan.ts`);
  }
  return entries;
}

function printScore(label: string, score: FolderScore, lines: string[]): void {
  lines.push(`| ${label} | ${score.detected} | ${score.undetected} | ${score.score.toFixed(2)}% |`);
  for (const s of score.survivors) console.log(`${s.explained ? "equivalent" : "SURVIVED"} ${s.file}:${s.line} ${s.mutator} → ${JSON.stringify(s.replacement)}: ${s.reason}`);
}

/**
 * The first pattern of a `--mutate` (or `-m`, or `--mutate=`) flag passed through to Stryker that names one
 * line as `file:52`. Stryker takes a range only, `file:first-last` (each end may add `:column`;
 * `MUTATION_RANGE_REGEX` in @stryker-mutator/core's `fs/project-reader.js`), and reads `file:52` as a file
 * name: it warns that the pattern "did not result in any files" and mutates nothing there. Returned with the
 * range that names the same line.
 */
export function singleLineMutate(passThrough: readonly string[]): { pattern: string; range: string } | undefined {
  const patterns = passThrough.flatMap((arg, i) => {
    const inline = /^--mutate=(.*)$/.exec(arg);
    if (inline) return inline[1].split(",");
    return arg === "--mutate" || arg === "-m" ? (passThrough[i + 1] ?? "").split(",") : [];
  });
  for (const pattern of patterns.filter((p) => !MUTATE_RANGE.test(p))) {
    const [, file, line] = /^(.*?):(\d+)(?::\d+)?$/.exec(pattern) ?? [];
    if (line) return { pattern, range: `${file}:${line}-${line}` };
  }
  return undefined;
}

export function main(argv: readonly string[]): number {
  const args = [...argv];
  const take = (flag: string, withValue: boolean): string | boolean => {
    const at = args.indexOf(flag);
    if (at === -1) return false;
    const [, value] = args.splice(at, withValue ? 2 : 1);
    return withValue ? (value ?? "") : true;
  };
  const [shardFlag, merge, planOnly] = [take("--shard", true), take("--merge", false), take("--plan", false)];
  const firstFlag = args.findIndex((a) => a.startsWith("-"));
  const named = firstFlag === -1 ? args : args.slice(0, firstFlag);
  const passThrough = firstFlag === -1 ? [] : args.slice(firstFlag);
  const unknown = named.filter((f) => !(f in MUTATION_FOLDERS));
  if (unknown.length > 0) {
    console.error(`unknown folder ${unknown.join(", ")} (expected ${Object.keys(MUTATION_FOLDERS).join(", ")})`);
    return 2;
  }
  const folders = named.length > 0 ? named : Object.keys(MUTATION_FOLDERS);
  const singleLine = singleLineMutate(passThrough);
  if (singleLine) {
    console.error(`--mutate ${singleLine.pattern}: give lines as a range (${singleLine.range} for one line); Stryker reads ${singleLine.pattern} as a file name and mutates nothing there`);
    return 2;
  }
  if ([shardFlag !== false, merge, planOnly].filter(Boolean).length > 1) {
    console.error("--shard, --merge and --plan do not go together");
    return 2;
  }
  if (planOnly) {
    console.log(JSON.stringify(plan(folders)));
    return 0;
  }
  if (shardFlag !== false && named.length !== 1) {
    console.error(`--shard runs one folder (got ${named.length === 0 ? "none" : named.join(", ")})`);
    return 2;
  }
  const lines = ["| folder | killed | survived | score |", "| --- | --- | --- | --- |"];
  if (shardFlag !== false) {
    const shard = parseShard(String(shardFlag));
    printScore(`${folders[0]} (${shardName(shard)}; the folder's score comes from --merge)`, runShard(folders[0], shard, passThrough), lines);
    console.log(lines.join("\n"));
    return 0;
  }
  let failed = false;
  for (const folder of folders) {
    if (merge) {
      const { score, missing } = mergeShards(folder);
      if (score) printScore(missing.length > 0 ? `${folder} (incomplete: no results from ${missing.join(", ")})` : folder, score, lines);
      else lines.push(`| ${folder} (no shard finished: no results in ${INCREMENTAL}) | - | - | - |`);
      failed ||= missing.length > 0 || !score || score.score < MINIMUM_SCORE;
    } else {
      const score = scoreReport(stryker(folder, folderGlobs(folder), passThrough), readEquivalentMutants());
      printScore(folder, score, lines);
      failed ||= score.score < MINIMUM_SCORE;
    }
  }
  console.log(lines.join("\n"));
  if (failed) console.error(`a folder scored below ${MINIMUM_SCORE}%, or some of its shards did not finish`);
  return failed ? 1 : 0;
}

if (require.main === module) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 2;
  }
}
