/**
 * Splitting a folder's mutation run into shards, and merging the shards'
 * reports back into one.
 *
 * A GitHub-hosted job stops at 6 hours, and Stryker writes its results (the
 * incremental file and the reports) only when a run ends: a folder too big to
 * finish in one job would never record anything, so no later run could build
 * on it. Each shard mutates a share of the folder's mutants in a job of its
 * own (files, lines of a file, or some mutators on those lines: the plan is
 * scripts/mutation/plan.ts). Every shard starts from the folder's last merged
 * incremental file, so a mutant that moves to another shard keeps its result.
 * Stryker copies the results of the mutants it does not mutate from that file
 * into its own report, the files and lines it was not given (not the mutators
 * it excluded: those it reports as ignored); the merge takes each mutant from
 * the shard that mutated it.
 *
 * Stryker's test and mutant ids are unique only within one report (see
 * IncrementalDiffer in @stryker-mutator/core, which matches tests across
 * reports by file, position and name, and mutants by file, position, mutator
 * and replacement), so the merge gives every test and mutant a new id and
 * rewrites each mutant's `coveredBy` and `killedBy` to the new test ids.
 */
import { readdirSync, statSync } from "fs";
import { join, sep } from "path";
import { MUTATION_FOLDERS, MutationReport, ReportMutant, ReportTest, ROOT } from "./score";

export interface SourceFile {
  /** Relative to the repository root, with `/` separators, as Stryker names files. */
  readonly path: string;
  readonly bytes: number;
}

export interface Shard {
  /** 1-based. */
  readonly index: number;
  readonly count: number;
}

export const shardName = (shard: Shard): string => `shard-${shard.index}-of-${shard.count}`;

/** Every `.ts` file of a folder, in path order. */
export function folderFiles(folder: string, root = ROOT): SourceFile[] {
  return MUTATION_FOLDERS[folder]
    .flatMap((dir) => readdirSync(join(root, dir), { recursive: true, encoding: "utf8" }).map((name) => join(dir, name)))
    .filter((path) => path.endsWith(".ts"))
    .map((path) => ({ path, stats: statSync(join(root, path)) }))
    .filter(({ stats }) => stats.isFile())
    .map(({ path, stats }) => ({ path: path.split(sep).join("/"), bytes: stats.size }))
    .sort((a, b) => a.path.localeCompare(b.path));
}

/** `--shard 3/12`: the third of twelve shards. */
export function parseShard(value: string | undefined): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(value ?? "");
  const [index, count] = match ? [Number(match[1]), Number(match[2])] : [0, 0];
  if (!match || count < 1 || index < 1 || index > count) throw new Error(`--shard: ${JSON.stringify(value ?? "")} is not allowed (expected <index>/<count>, 1 <= index <= count, e.g. 3/12)`);
  return { index, count };
}

const testKey = (file: string, test: ReportTest): string => `${file}@${test.location?.start.line ?? 0}:${test.location?.start.column ?? 0}\n${test.name}`;

/** Stryker's `mutate` pattern for some lines of a file (`MUTATION_RANGE_REGEX` in @stryker-mutator/core's `fs/project-reader.js`). */
export const MUTATE_RANGE = /^(.*?):(\d+)(?::\d+)?-(\d+)(?::\d+)?$/;

/** The file a shard's `mutate` pattern names, and its lines when it names some. */
function parsePattern(pattern: string): { file: string; lines?: readonly [number, number] } {
  const range = MUTATE_RANGE.exec(pattern);
  return range ? { file: range[1], lines: [Number(range[2]), Number(range[3])] } : { file: pattern };
}

/**
 * Whether a shard's run (its report's `config`) mutated this mutant of `file`:
 * one of its `mutate` patterns is the file, or lines of it that hold the whole
 * mutant (as Stryker takes a range), and its mutator is not excluded. Shards
 * name files by path, never by glob.
 */
export function mutatedBy(config: MutationReport["config"], file: string, mutant: Pick<ReportMutant, "mutatorName" | "location">): boolean {
  if (config?.mutator?.excludedMutations?.includes(mutant.mutatorName)) return false;
  return inMutatedLines(config, file, mutant);
}

/** Whether a `mutate` pattern of `config` is `file`, or lines of it that hold the whole mutant, whatever its mutator. */
function inMutatedLines(config: MutationReport["config"], file: string, mutant: Pick<ReportMutant, "location">): boolean {
  return (config?.mutate ?? []).map(parsePattern).some(({ file: named, lines }) => named === file && (!lines || (mutant.location.start.line >= lines[0] && mutant.location.end.line <= lines[1])));
}

/** What identifies a mutant across reports: its position, mutator and replacement (Stryker's own key, less the file). */
const mutantKey = (m: ReportMutant): string => `${m.location.start.line}:${m.location.start.column}-${m.location.end.line}:${m.location.end.column}\n${m.mutatorName}: ${m.replacement ?? ""}`;

/**
 * One report from the shards' reports: each mutant from the shard that
 * mutated it (`mutatedBy`). A mutant no shard here mutated (its shard did not
 * finish) keeps the result a shard carried over from the last run, outside
 * the lines it mutated; one a shard here mutated but did not find is gone from
 * the code, and so is a file left with no mutant.
 */
export function mergeShardReports(shards: readonly MutationReport[]): MutationReport {
  if (shards.length === 0) throw new Error("no shard reports to merge");

  const testFiles: Record<string, { source?: string; tests: ReportTest[] }> = {};
  const idByKey = new Map<string, string>();
  const newTestIds = shards.map((report) => {
    const byOldId = new Map<string, string>();
    for (const [file, { source, tests }] of Object.entries(report.testFiles ?? {})) {
      const merged = (testFiles[file] ??= { source, tests: [] });
      for (const test of tests) {
        const key = testKey(file, test);
        let id = idByKey.get(key);
        if (id === undefined) {
          id = String(idByKey.size);
          idByKey.set(key, id);
          merged.tests.push({ ...test, id });
        }
        byOldId.set(test.id, id);
      }
    }
    return byOldId;
  });

  const files: Record<string, { source?: string; mutants: ReportMutant[] }> = {};
  let mutantId = 0;
  const allFiles = [...new Set(shards.flatMap((report) => Object.keys(report.files)))].sort((a, b) => a.localeCompare(b));
  for (const file of allFiles) {
    const taken = new Map<string, { from: number; mutant: ReportMutant }>();
    const carried = new Map<string, { from: number; mutant: ReportMutant }>();
    shards.forEach((report, from) => {
      for (const mutant of report.files[file]?.mutants ?? []) {
        const key = mutantKey(mutant);
        if (mutatedBy(report.config, file, mutant)) {
          const other = taken.get(key);
          if (other) throw new Error(`${file}:${mutant.location.start.line} ${mutant.mutatorName} was mutated by two shards (reports ${other.from + 1} and ${from + 1}); each mutant belongs to one shard`);
          taken.set(key, { from, mutant });
        } else if (!inMutatedLines(report.config, file, mutant) && !carried.has(key)) carried.set(key, { from, mutant });
      }
    });
    for (const [key, copy] of carried) if (!taken.has(key) && !shards.some((r) => mutatedBy(r.config, file, copy.mutant))) taken.set(key, copy);
    if (taken.size === 0) continue;
    const rewrite = (from: number, ids: readonly string[] | undefined) => ids?.flatMap((id) => newTestIds[from].get(id) ?? []);
    const mutants = [...taken.values()]
      .sort((a, b) => a.mutant.location.start.line - b.mutant.location.start.line || a.mutant.location.start.column - b.mutant.location.start.column)
      .map(({ from, mutant: m }) => ({ ...m, id: String(mutantId++), coveredBy: rewrite(from, m.coveredBy), killedBy: rewrite(from, m.killedBy) }));
    // Every shard ran on the same commit; a shard that mutated the file read it last.
    const source = (shards.find((r) => r.config?.mutate?.some((p) => parsePattern(p).file === file)) ?? shards.find((r) => file in r.files))?.files[file]?.source;
    files[file] = { source, mutants };
  }
  const mutate = shards.flatMap((report) => report.config?.mutate ?? []).sort((a, b) => a.localeCompare(b));
  // The merged report stands for one run that mutated what every shard did, with every mutator.
  return { ...shards[0], config: { ...shards[0].config, mutate, mutator: { ...shards[0].config?.mutator, excludedMutations: [] } }, files, testFiles };
}
