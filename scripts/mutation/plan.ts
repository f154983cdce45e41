/**
 * The shards of a folder's mutation run, sized by the mutants Stryker makes.
 *
 * A GitHub-hosted job stops at 6 hours and Stryker records nothing until a run
 * ends, so a shard must end well inside that. A shard's time is its mutants
 * times the time each takes, and that time is set by the covering tests: most
 * mutants of `components` and of the `stacks/config` schemas run while the
 * shipped programs run in the `beforeAll`s of about 80 test files (or while a
 * schema module loads), so Stryker counts them static and runs every one of
 * the 1,922 tests jest relates to them. Whole files do not fit: `components/ecs/blue-green-service.ts`
 * alone has 413 mutants, 35 hours at 5 minutes each. So a file too big for one
 * shard is split by lines, where no mutant spans the cut (Stryker takes only the
 * mutants wholly inside a `--mutate` range), and a span of lines still too big
 * (a constructor's body is one `BlockStatement` mutant around all the others)
 * by mutator, through `mutator.excludedMutations`, since the mutants of fewer
 * mutators span fewer lines.
 */
import { spawnSync } from "child_process";
import { createRequire } from "module";
import { join } from "path";
import { ROOT } from "./score";
import { folderFiles, Shard } from "./shards";

/**
 * Mutants one shard of each folder may hold, counted before the TypeScript
 * checker drops those that do not compile, so that a shard's first run ends
 * well inside 6 hours on two cores (`--concurrency 2`: one test runner beside
 * the checker). From the runs in test/mutation/README.md:
 * - scripts/release: about 10 s a mutant (891 re-tested in 146 minutes): 800, about 2-3 hours.
 * - the pack rules: about 18 s a mutant (`rules/rds.ts` with `rules/elasticache.ts`: 119 in 38 minutes): 520, under 3 hours.
 * - stacks/config: a static mutant runs the related tests until one fails (jest-runner.js), about 40 s; a
 *   survivor runs all of them, about 3.5 minutes, and a timeout waits about 8. The slowest run, `tags.ts` and
 *   `image.ts` before their tests (27% survived, 9% timed out), went at about 2.1 minutes a mutant (22 in 47
 *   minutes, after a 6-minute first run of the 1,925 related tests): 120, about 4.3 hours. With their tests,
 *   97 mutants of three files took 17.5 minutes after the first run.
 * - components: the same related tests, run the same way (the programs in `beforeAll`): 120.
 */
export const SHARD_MUTANTS: Readonly<Record<string, number>> = { components: 120, "stacks/config": 120, policies: 520, "scripts/release": 800 };

/** One mutant as the plan sees it: its file, its mutator and the lines it spans (1-based, as in Stryker's reports). */
export interface SourceMutant {
  readonly path: string;
  readonly mutator: string;
  readonly first: number;
  readonly last: number;
}

/** What one shard mutates: Stryker's `mutate` patterns (files, or `file:first-last`) and the mutators it leaves out. */
export interface ShardSpec {
  readonly mutate: readonly string[];
  readonly excludedMutations: readonly string[];
  readonly mutants: number;
}

/** A file, or some of its lines, with the mutators a shard tests of it. */
interface Piece {
  readonly path: string;
  readonly lines?: readonly [number, number];
  readonly mutators: readonly string[];
  readonly mutants: number;
}

/** Runs of lines no mutant crosses: every mutant lies wholly inside one, so a `--mutate` range may end between two. */
function unitsOf(mutants: readonly SourceMutant[]): { first: number; last: number; mutants: SourceMutant[] }[] {
  const units: { first: number; last: number; mutants: SourceMutant[] }[] = [];
  for (const m of [...mutants].sort((a, b) => a.first - b.first || a.last - b.last)) {
    const unit = units[units.length - 1];
    if (unit && m.first <= unit.last) {
      unit.last = Math.max(unit.last, m.last);
      unit.mutants.push(m);
    } else units.push({ first: m.first, last: m.last, mutants: [m] });
  }
  return units;
}

/** Splits a set of mutators in two: always the same two halves for the same set, so that few sets need shards of their own. */
type Halves = (mutators: readonly string[]) => [string[], string[]];

/**
 * The halves of each set of mutators for a folder: the most frequent mutator
 * in the folder first, each to the half with fewer of the folder's mutants so far.
 */
function halvesFor(mutants: readonly SourceMutant[]): Halves {
  const inFolder = new Map<string, number>();
  for (const m of mutants) inFolder.set(m.mutator, (inFolder.get(m.mutator) ?? 0) + 1);
  return (mutators) => {
    const halves: { names: string[]; mutants: number }[] = [
      { names: [], mutants: 0 },
      { names: [], mutants: 0 },
    ];
    const count = (name: string) => inFolder.get(name) ?? 0;
    for (const name of [...mutators].sort((a, b) => count(b) - count(a) || a.localeCompare(b))) {
      const half = halves[0].mutants <= halves[1].mutants ? halves[0] : halves[1];
      half.names.push(name);
      half.mutants += count(name);
    }
    return [halves[0].names.sort((a, b) => a.localeCompare(b)), halves[1].names.sort((a, b) => a.localeCompare(b))];
  };
}

/** A file's mutants (of `mutators`) in pieces of at most `budget`, but for one span of one mutator too big to split. */
function split(path: string, mutants: readonly SourceMutant[], budget: number, halves: Halves, mutators: readonly string[], lines?: readonly [number, number]): Piece[] {
  if (mutants.length <= budget) return [{ path, lines, mutators, mutants: mutants.length }];
  const units = unitsOf(mutants);
  if (units.length > 1) {
    const groups: (typeof units)[] = [[]];
    for (const unit of units) {
      const group = groups[groups.length - 1];
      if (group.length > 0 && group.reduce((sum, u) => sum + u.mutants.length, 0) + unit.mutants.length > budget) groups.push([unit]);
      else group.push(unit);
    }
    return groups.flatMap((g) => split(path, g.flatMap((u) => u.mutants), budget, halves, mutators, [g[0].first, g[g.length - 1].last]));
  }
  const present = [...new Set(mutants.map((m) => m.mutator))];
  if (present.length === 1) return [{ path, lines, mutators, mutants: mutants.length }];
  // Halve the set the piece tests until its mutators are apart; a half with none of the piece's mutants is no piece.
  let [left, right] = halves(mutators);
  while (!present.some((m) => left.includes(m)) || !present.some((m) => right.includes(m))) [left, right] = halves(present.some((m) => left.includes(m)) ? left : right);
  return [left, right].flatMap((half) => split(path, mutants.filter((m) => half.includes(m.mutator)), budget, halves, half, lines));
}

/**
 * The shards of a folder with these mutants: each file split into pieces of at
 * most `budget` mutants (see the module comment), then the pieces that test
 * the same mutators packed into as few shards of at most `budget` as first fit
 * gives, the largest piece first. Shards that test every mutator come first.
 * `allMutators` are the names a shard may leave out.
 */
export function planShards(mutants: readonly SourceMutant[], budget: number, allMutators: readonly string[]): ShardSpec[] {
  const byFile = new Map<string, SourceMutant[]>();
  for (const m of mutants) byFile.set(m.path, [...(byFile.get(m.path) ?? []), m]);
  const halves = halvesFor(mutants);
  const pieces = [...byFile].flatMap(([path, own]) => split(path, own, budget, halves, allMutators));
  const groups = new Map<string, Piece[]>();
  for (const piece of pieces) {
    const key = piece.mutators.length === allMutators.length ? "" : piece.mutators.join(",");
    groups.set(key, [...(groups.get(key) ?? []), piece]);
  }
  const shards: ShardSpec[] = [];
  for (const key of [...groups.keys()].sort((a, b) => a.localeCompare(b))) {
    const bins: Piece[][] = [];
    const largestFirst = [...(groups.get(key) ?? [])].sort((a, b) => b.mutants - a.mutants || a.path.localeCompare(b.path) || (a.lines?.[0] ?? 0) - (b.lines?.[0] ?? 0));
    for (const piece of largestFirst) {
      const bin = bins.find((b) => b.reduce((sum, p) => sum + p.mutants, 0) + piece.mutants <= budget);
      if (bin) bin.push(piece);
      else bins.push([piece]);
    }
    const tested = key === "" ? undefined : key.split(",");
    for (const bin of bins) {
      shards.push({
        mutate: bin.map((p) => (p.lines ? `${p.path}:${p.lines[0]}-${p.lines[1]}` : p.path)).sort((a, b) => a.localeCompare(b)),
        excludedMutations: tested ? allMutators.filter((name) => !tested.includes(name)) : [],
        mutants: bin.reduce((sum, p) => sum + p.mutants, 0),
      });
    }
  }
  return shards;
}

/** What Stryker's instrumenter makes of a folder: the names of all its mutators, and the folder's mutants. */
export interface FolderMutants {
  readonly mutators: readonly string[];
  readonly mutants: readonly SourceMutant[];
}

const listed = new Map<string, FolderMutants>();

/** The mutants Stryker's instrumenter makes of a folder's files (scripts/mutation/list-mutants.mjs), once per process. */
export function folderMutants(folder: string, root = ROOT): FolderMutants {
  const key = `${root}\0${folder}`;
  const known = listed.get(key);
  if (known) return known;
  // The instrumenter is a dependency of @stryker-mutator/core, resolved from there rather than hoisted into ours.
  const entry = createRequire(require.resolve("@stryker-mutator/core")).resolve("@stryker-mutator/instrumenter");
  const paths = folderFiles(folder, root).map((f) => f.path);
  const result = spawnSync(process.execPath, [join(__dirname, "list-mutants.mjs"), entry, root], { input: JSON.stringify(paths), encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`listing the mutants of ${folder} failed (exit ${result.status}): ${result.stderr.trim()}`);
  const found: FolderMutants = JSON.parse(result.stdout);
  listed.set(key, found);
  return found;
}

/** The shards of a folder, in order: the plan of its mutants at its `SHARD_MUTANTS`. */
export function folderShards(folder: string, root = ROOT): (ShardSpec & Shard)[] {
  const { mutators, mutants } = folderMutants(folder, root);
  const planned = planShards(mutants, SHARD_MUTANTS[folder], mutators);
  // A folder with no mutant still runs one shard, which finds none, so its merge has a result to report.
  const specs = planned.length > 0 ? planned : [{ mutate: folderFiles(folder, root).map((f) => f.path), excludedMutations: [], mutants: 0 }];
  return specs.map((spec, i) => ({ ...spec, index: i + 1, count: specs.length }));
}
