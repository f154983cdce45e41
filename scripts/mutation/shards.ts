/**
 * Splitting a folder's mutation run into shards, and merging the shards'
 * reports back into one.
 *
 * A GitHub-hosted job stops at 6 hours, and Stryker writes its results (the
 * incremental file and the reports) only when a run ends: a folder too big to
 * finish in one job would never record anything, so no later run could build
 * on it. Each shard mutates a share of the folder's files in a job of its own.
 * Every shard starts from the folder's last merged incremental file, so a file
 * that moves to another shard keeps its results. Stryker copies the results of
 * the files it does not mutate from that file into its own report; the merge
 * takes each file from the shard that mutated it.
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

/**
 * Bytes of source one shard of each folder mutates, so that a shard's first
 * run ends well inside a GitHub job's 6 hours on two cores (`--concurrency 2`,
 * as the workflow runs it; test/mutation/README.md has the runs):
 * - scripts/release: about 16 mutants per KB at about 10 s each (891 in 146
 *   minutes): 50 KB is about 800 mutants, 2-3 hours.
 * - the pack rules: about 26 mutants per KB at about 18 s each (`rules/rds.ts`
 *   with `rules/elasticache.ts`: 119 in 38 minutes): 20 KB is about 520
 *   mutants, under 3 hours; a 41 KB shard would have taken about 6.
 * - components and stacks/config: not scored yet. Each mutant of
 *   `components/ecs/blue-green-service.ts` loads the 80 test files jest relates
 *   to it (37 s with no test run) and runs their programs again (they are not
 *   kept: the program imports both folders), so 40-90 s a mutant: 10 KB.
 */
export const SHARD_BYTES: Readonly<Record<string, number>> = { components: 10_000, "stacks/config": 10_000, policies: 20_000, "scripts/release": 50_000 };

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

/** How many shards a folder of these files runs in: one per `shardBytes` of source (its `SHARD_BYTES`), at least one. */
export const shardCount = (files: readonly SourceFile[], shardBytes: number): number => Math.max(1, Math.ceil(files.reduce((sum, f) => sum + f.bytes, 0) / shardBytes));

/** Every shard of a folder (its files under `root`, one shard per its `SHARD_BYTES`), in order. */
export function shardsOf(folder: string, root = ROOT): Shard[] {
  const count = shardCount(folderFiles(folder, root), SHARD_BYTES[folder]);
  return Array.from({ length: count }, (_, i) => ({ index: i + 1, count }));
}

/**
 * The files of each shard: the largest file first, each to the shard with the
 * fewest bytes so far (the first such shard on a tie), so shards end up close
 * in size and the same files always give the same shards.
 */
export function assignShards(files: readonly SourceFile[], count: number): string[][] {
  const shards = Array.from({ length: count }, () => ({ bytes: 0, paths: [] as string[] }));
  const largestFirst = [...files].sort((a, b) => b.bytes - a.bytes || a.path.localeCompare(b.path));
  for (const file of largestFirst) {
    const lightest = shards.reduce((best, shard) => (shard.bytes < best.bytes ? shard : best));
    lightest.bytes += file.bytes;
    lightest.paths.push(file.path);
  }
  return shards.map((s) => s.paths.sort((a, b) => a.localeCompare(b)));
}

/** `--shard 3/12`: the third of twelve shards. */
export function parseShard(value: string | undefined): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(value ?? "");
  const [index, count] = match ? [Number(match[1]), Number(match[2])] : [0, 0];
  if (!match || count < 1 || index < 1 || index > count) throw new Error(`--shard: ${JSON.stringify(value ?? "")} is not allowed (expected <index>/<count>, 1 <= index <= count, e.g. 3/12)`);
  return { index, count };
}

const testKey = (file: string, test: ReportTest): string => `${file}@${test.location?.start.line ?? 0}:${test.location?.start.column ?? 0}\n${test.name}`;

/**
 * One report from the shards' reports: each source file from the shard that
 * mutated it (its `config.mutate`), or, for a file no shard mutated (its shard
 * did not finish), the result the first shard carried over from the last run.
 * A file its shard mutated but found no mutant in is left out.
 */
export function mergeShardReports(shards: readonly MutationReport[]): MutationReport {
  if (shards.length === 0) throw new Error("no shard reports to merge");
  const owner = new Map<string, number>();
  shards.forEach((report, i) => {
    for (const path of report.config?.mutate ?? []) {
      const other = owner.get(path);
      if (other !== undefined) throw new Error(`${path} was mutated by two shards (reports ${other + 1} and ${i + 1}); each file belongs to one shard`);
      owner.set(path, i);
    }
  });

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
    const from = owner.get(file) ?? shards.findIndex((report) => file in report.files);
    const fromReport = shards[from].files[file];
    // The shard that mutated the file found nothing to mutate in it: what others carried over is from older code.
    if (fromReport === undefined) continue;
    const rewrite = (ids: readonly string[] | undefined) => ids?.flatMap((id) => newTestIds[from].get(id) ?? []);
    files[file] = {
      ...fromReport,
      mutants: fromReport.mutants.map((m) => ({ ...m, id: String(mutantId++), coveredBy: rewrite(m.coveredBy), killedBy: rewrite(m.killedBy) })),
    };
  }
  const mutate = shards.flatMap((report) => report.config?.mutate ?? []).sort((a, b) => a.localeCompare(b));
  return { ...shards[0], config: { ...shards[0].config, mutate }, files, testFiles };
}
