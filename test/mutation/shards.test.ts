import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "fs";
import { join } from "path";
import { main, MATRIX_LIMIT, mergeShards, plan, singleLineMutate } from "../../scripts/mutation";
import { folderMutants, folderShards, planShards, SHARD_MUTANTS, ShardSpec, SourceMutant } from "../../scripts/mutation/plan";
import { MUTATION_FOLDERS, MutationReport, ReportMutant, ROOT } from "../../scripts/mutation/score";
import { folderFiles, mergeShardReports, mutatedBy, parseShard, SourceFile } from "../../scripts/mutation/shards";
import { temporaryDirectory } from "../harness/temporary-directory";

const file = (path: string, bytes: number): SourceFile => ({ path, bytes });

describe("the files of a folder", () => {
  test("are its .ts files, nested ones too, by path relative to the root with / separators, with their sizes", () => {
    const root = temporaryDirectory("mutation-files");
    const release = join(root, "scripts", "release");
    mkdirSync(join(release, "nested", "deeper.ts"), { recursive: true }); // a directory named like a source file
    writeFileSync(join(release, "b.ts"), "export const b = 1;\n");
    writeFileSync(join(release, "a.ts"), "export const a = 'longer';\n");
    writeFileSync(join(release, "nested", "c.ts"), "x");
    writeFileSync(join(release, "notes.md"), "not code");
    writeFileSync(join(release, "d.js"), "not ours");
    expect(folderFiles("scripts/release", root)).toEqual([
      file("scripts/release/a.ts", 27),
      file("scripts/release/b.ts", 20),
      file("scripts/release/nested/c.ts", 1),
    ]);
  });

  test("of the policies folder are the rules of both packs and nothing else of the packs", () => {
    const files = folderFiles("policies").map((f) => f.path);
    expect(files.filter((p) => p.startsWith("policies/security/rules/")).length).toBeGreaterThan(0);
    expect(files.filter((p) => p.startsWith("policies/compliance/rules/")).length).toBeGreaterThan(0);
    expect(files.filter((p) => !/^policies\/(security|compliance)\/rules\//.test(p))).toEqual([]);
    for (const f of folderFiles("policies")) expect(f.bytes).toBe(statSync(join(ROOT, f.path)).size);
  });
});

const at = (path: string, mutator: string, first: number, last = first): SourceMutant => ({ path, mutator, first, last });
/** The shard a mutant belongs to, as the merge decides it from the shard's own options. */
const owners = (shards: readonly ShardSpec[], m: SourceMutant): number[] =>
  shards.flatMap((spec, i) =>
    mutatedBy({ mutate: spec.mutate, mutator: { excludedMutations: spec.excludedMutations } }, m.path, { mutatorName: m.mutator, location: { start: { line: m.first, column: 1 }, end: { line: m.last, column: 1 } } }) ? [i] : [],
  );
const MUTATORS = ["BlockStatement", "ConditionalExpression", "StringLiteral"];

describe("sharding a folder", () => {
  test("packs whole files into as few shards of the budget as first fit gives, the largest file first", () => {
    const mutants = [...Array(6).fill(at("a.ts", "StringLiteral", 1)), ...Array(5).fill(at("b.ts", "StringLiteral", 1)), ...Array(4).fill(at("c.ts", "StringLiteral", 1)), ...Array(3).fill(at("d.ts", "StringLiteral", 1))];
    // a(6) → 1; b(5) → 2 (6 + 5 > 10); c(4) → 1 (6 + 4 = 10); d(3) → 2.
    expect(planShards(mutants, 10, MUTATORS)).toEqual([
      { mutate: ["a.ts", "c.ts"], excludedMutations: [], mutants: 10 },
      { mutate: ["b.ts", "d.ts"], excludedMutations: [], mutants: 8 },
    ]);
    expect(planShards([...mutants].reverse(), 10, MUTATORS)).toEqual(planShards(mutants, 10, MUTATORS));
    expect(planShards(mutants, 18, MUTATORS)).toEqual([{ mutate: ["a.ts", "b.ts", "c.ts", "d.ts"], excludedMutations: [], mutants: 18 }]);
  });

  test("splits a file too big for one shard between lines no mutant spans", () => {
    // Lines 1, 2 and 3 hold a mutant each; a block on lines 5-8 holds two more inside it: 1-3 and 5-8 are the spans no mutant crosses.
    const mutants = [at("x.ts", "StringLiteral", 1), at("x.ts", "StringLiteral", 2), at("x.ts", "StringLiteral", 3), at("x.ts", "BlockStatement", 5, 8), at("x.ts", "StringLiteral", 6), at("x.ts", "ConditionalExpression", 7)];
    const shards = planShards(mutants, 3, MUTATORS);
    expect(shards).toEqual([
      { mutate: ["x.ts:1-3"], excludedMutations: [], mutants: 3 },
      { mutate: ["x.ts:5-8"], excludedMutations: [], mutants: 3 },
    ]);
    for (const m of mutants) expect(owners(shards, m)).toHaveLength(1);
  });

  test("splits lines still too big by mutator, the same halves for every file, and packs the pieces that test the same mutators together", () => {
    // One span (a block around everything) per file, four mutants each: over a budget of 3 whatever the lines.
    const file = (path: string) => [at(path, "BlockStatement", 10, 20), at(path, "StringLiteral", 11), at(path, "StringLiteral", 12), at(path, "ConditionalExpression", 13)];
    const mutants = [...file("x.ts"), ...file("y.ts")];
    // In the folder: StringLiteral 4, then BlockStatement 2 and ConditionalExpression 2: {StringLiteral} and {BlockStatement, ConditionalExpression}.
    const shards = planShards(mutants, 3, MUTATORS);
    expect(shards).toEqual([
      { mutate: ["x.ts"], excludedMutations: ["StringLiteral"], mutants: 2 },
      { mutate: ["y.ts"], excludedMutations: ["StringLiteral"], mutants: 2 },
      { mutate: ["x.ts"], excludedMutations: ["BlockStatement", "ConditionalExpression"], mutants: 2 },
      { mutate: ["y.ts"], excludedMutations: ["BlockStatement", "ConditionalExpression"], mutants: 2 },
    ]);
    for (const m of mutants) expect(owners(shards, m)).toHaveLength(1);
    // With room for two pieces, the pieces of the same mutators share a shard.
    expect(planShards(mutants, 4, MUTATORS).map((s) => s.mutate)).toEqual([["x.ts"], ["y.ts"]]);
    expect(planShards([...mutants, at("z.ts", "StringLiteral", 1)], 3, MUTATORS).map((s) => [s.mutate, s.mutants])).toEqual([
      [["z.ts"], 1],
      [["x.ts"], 2],
      [["y.ts"], 2],
      [["x.ts"], 2],
      [["y.ts"], 2],
    ]);
  });

  test("keeps one span of one mutator whole, even over the budget", () => {
    const mutants = [at("x.ts", "ConditionalExpression", 1, 9), at("x.ts", "ConditionalExpression", 2), at("x.ts", "ConditionalExpression", 3)];
    expect(planShards(mutants, 2, MUTATORS)).toEqual([{ mutate: ["x.ts"], excludedMutations: [], mutants: 3 }]);
  });

  test.each(Object.keys(MUTATION_FOLDERS))("gives every mutant of %s to exactly one shard, each shard within the folder's budget", (folder) => {
    const { mutators, mutants } = folderMutants(folder);
    expect(mutants.length).toBeGreaterThan(0);
    expect(mutators).toEqual(expect.arrayContaining(["StringLiteral", "BlockStatement", "ConditionalExpression"]));
    const shards = folderShards(folder);
    expect(shards.map((s) => s.index)).toEqual(Array.from({ length: shards.length }, (_, i) => i + 1));
    const unowned = mutants.filter((m) => owners(shards, m).length !== 1);
    expect(unowned).toEqual([]);
    for (const s of shards) expect(s.mutants).toBeLessThanOrEqual(SHARD_MUTANTS[folder]);
    expect(shards.reduce((sum, s) => sum + s.mutants, 0)).toBe(mutants.length);
  });

  test("lists the mutants Stryker's instrumenter makes, by file and line", () => {
    const root = temporaryDirectory("mutation-mutants");
    mkdirSync(join(root, "scripts", "release"), { recursive: true });
    writeFileSync(join(root, "scripts", "release", "a.ts"), 'export const flag = true;\nexport function f(x: number) {\n  return x > 1 ? "big" : "small";\n}\n');
    const { mutants } = folderMutants("scripts/release", root);
    expect(mutants.filter((m) => m.mutator === "BooleanLiteral")).toEqual([at("scripts/release/a.ts", "BooleanLiteral", 1)]);
    expect(mutants.filter((m) => m.mutator === "BlockStatement")).toEqual([at("scripts/release/a.ts", "BlockStatement", 2, 4)]);
    expect(mutants.filter((m) => m.mutator === "StringLiteral").map((m) => m.first)).toEqual([3, 3]);
  });

  test("plans one matrix entry per shard of each folder asked for, within GitHub's 256 jobs", () => {
    const entries = plan(["components", "scripts/release"]);
    const components = folderShards("components").length;
    expect(components).toBeGreaterThan(1);
    expect(entries.filter((e) => e.folder === "components").map((e) => e.shard)).toEqual(Array.from({ length: components }, (_, i) => `${i + 1}/${components}`));
    expect(entries.map((e) => e.folder)).toEqual([...Array(components).fill("components"), ...Array(entries.length - components).fill("scripts/release")]);
    expect(entries.filter((e) => e.folder === "scripts/release").map((e) => e.file)).toEqual(
      Array.from({ length: entries.length - components }, (_, i) => `scripts-release.shard-${i + 1}-of-${entries.length - components}.json`),
    );
    expect(plan(Object.keys(MUTATION_FOLDERS)).length).toBeLessThanOrEqual(MATRIX_LIMIT);
  });

  test.each([
    ["3/12", { index: 3, count: 12 }],
    ["1/1", { index: 1, count: 1 }],
  ])("--shard %s is shard %o", (value, shard) => {
    expect(parseShard(value)).toEqual(shard);
  });

  test.each(["0/3", "4/3", "1/0", "3", "a/b", " 1/2", ""])("--shard %p is refused, naming the value and what is allowed", (value) => {
    expect(() => parseShard(value)).toThrow(`--shard: ${JSON.stringify(value)} is not allowed (expected <index>/<count>, 1 <= index <= count, e.g. 3/12)`);
  });
});

describe("npm run mutation's arguments", () => {
  let errors: string[];
  let printed: string[];
  beforeEach(() => {
    errors = [];
    printed = [];
    jest.spyOn(console, "error").mockImplementation((line: string) => void errors.push(line));
    jest.spyOn(console, "log").mockImplementation((line: string) => void printed.push(line));
  });
  afterEach(() => jest.restoreAllMocks());

  test("--plan prints the plan of the folders named, or of every folder, as JSON", () => {
    expect(main(["--plan", "stacks/config"])).toBe(0);
    expect(JSON.parse(printed[0])).toEqual(plan(["stacks/config"]));
    expect(main(["--plan"])).toBe(0);
    expect(JSON.parse(printed[1])).toEqual(plan(Object.keys(MUTATION_FOLDERS)));
  });

  test.each([
    [["components", "policies", "--shard", "1/2"], "--shard runs one folder (got components, policies)"],
    [["--shard", "1/2"], "--shard runs one folder (got none)"],
    [["components", "--shard", "1/2", "--merge"], "--shard, --merge and --plan do not go together"],
    [["--merge", "--plan"], "--shard, --merge and --plan do not go together"],
    [["component", "--merge"], "unknown folder component (expected components, stacks/config, policies, scripts/release)"],
    [["policies", "--mutate", "policies/a.ts:1-4,policies/b.ts:52"], "--mutate policies/b.ts:52: give lines as a range (policies/b.ts:52-52 for one line); Stryker reads policies/b.ts:52 as a file name and mutates nothing there"],
    [["policies", "-m", "policies/b.ts:7"], "--mutate policies/b.ts:7: give lines as a range (policies/b.ts:7-7 for one line); Stryker reads policies/b.ts:7 as a file name and mutates nothing there"],
    [["policies", "--concurrency", "2", "--mutate=policies/b.ts:3:8"], "--mutate policies/b.ts:3:8: give lines as a range (policies/b.ts:3-3 for one line); Stryker reads policies/b.ts:3:8 as a file name and mutates nothing there"],
  ])("%j is refused before anything runs", (argv, message) => {
    expect(main(argv)).toBe(2);
    expect(errors).toEqual([message]);
  });

  test("line ranges, with or without columns, and plain files pass the single-line check", () => {
    expect(singleLineMutate(["--mutate", "policies/a.ts:52-52,policies/b.ts:5:2-6:4,policies/c.ts,policies/**/*.ts", "--concurrency", "2"])).toBeUndefined();
    expect(singleLineMutate(["--mutate=policies/a.ts:1-9,policies/b.ts:5:2"])).toEqual({ pattern: "policies/b.ts:5:2", range: "policies/b.ts:5-5" });
  });

  test("a shard of a count the folder is not split into is refused, naming the right count", () => {
    const count = folderShards("components").length;
    expect(() => main(["components", "--shard", `1/${count + 1}`])).toThrow(`--shard: components runs in ${count} shards, not ${count + 1} (npm run mutation -- --plan lists them)`);
  });
});

const located = (line: number) => ({ start: { line, column: 4 } });
const mutantOf = (id: string, status: string, line: number, coveredBy: string[], killedBy: string[] = []): ReportMutant => ({
  id,
  mutatorName: "BooleanLiteral",
  replacement: "false",
  status,
  location: { start: { line, column: 1 }, end: { line, column: 6 } },
  coveredBy,
  killedBy,
});

describe("merging the shards' reports", () => {
  // Each shard numbers tests and mutants from 0, so the same id means different tests in the two reports.
  const first: MutationReport = {
    config: { mutate: ["src/x.ts"] },
    testFiles: {
      "test/a.test.ts": {
        source: "a",
        tests: [
          { id: "0", name: "one", location: located(1) },
          { id: "1", name: "two", location: located(2) },
        ],
      },
    },
    files: {
      "src/x.ts": { source: "x", mutants: [mutantOf("0", "Killed", 1, ["0", "1"], ["1"]), mutantOf("1", "Survived", 2, ["0"])] },
      // Carried over from the last run: the second shard tests it again.
      "src/y.ts": { source: "y-old", mutants: [mutantOf("src/y.ts@1:1-1:6\nBooleanLiteral: false", "Survived", 1, ["0"])] },
    },
  };
  const second: MutationReport = {
    config: { mutate: ["src/y.ts"] },
    testFiles: {
      "test/a.test.ts": {
        source: "a",
        tests: [
          { id: "0", name: "two", location: located(2) },
          { id: "1", name: "three", location: located(3) },
        ],
      },
      "test/b.test.ts": { source: "b", tests: [{ id: "2", name: "one", location: located(1) }] },
    },
    files: {
      "src/x.ts": { source: "x-old", mutants: [mutantOf("src/x.ts@1:1-1:6\nBooleanLiteral: false", "Survived", 1, [])] },
      "src/y.ts": { source: "y", mutants: [mutantOf("0", "Killed", 1, ["0", "1", "2"], ["0"])] },
    },
  };
  const testName = (merged: MutationReport, id: string) =>
    Object.entries(merged.testFiles ?? {}).flatMap(([f, { tests }]) => tests.filter((t) => t.id === id).map((t) => `${f} ${t.name}`));

  test("takes each mutant from the shard that mutated its file, and each test once, by file, position and name", () => {
    const merged = mergeShardReports([first, second]);
    expect(Object.fromEntries(Object.entries(merged.files).map(([f, { source, mutants }]) => [f, [source, mutants.map((m) => m.status)]]))).toEqual({
      "src/x.ts": ["x", ["Killed", "Survived"]],
      "src/y.ts": ["y", ["Killed"]],
    });
    expect(Object.entries(merged.testFiles ?? {}).map(([f, { tests }]) => [f, tests.map((t) => t.name)])).toEqual([
      ["test/a.test.ts", ["one", "two", "three"]],
      ["test/b.test.ts", ["one"]],
    ]);
    expect(merged.config?.mutate).toEqual(["src/x.ts", "src/y.ts"]);
  });

  test("gives tests and mutants ids unique in the merged report, and points coveredBy and killedBy at the same tests as before", () => {
    const merged = mergeShardReports([first, second]);
    const testIds = Object.values(merged.testFiles ?? {}).flatMap(({ tests }) => tests.map((t) => t.id));
    expect(new Set(testIds).size).toBe(4);
    const mutants = Object.values(merged.files).flatMap(({ mutants }) => mutants);
    expect(new Set(mutants.map((m) => m.id)).size).toBe(3);
    const [xKilled, xSurvived, yKilled] = mutants;
    expect(xKilled.killedBy?.flatMap((id) => testName(merged, id))).toEqual(["test/a.test.ts two"]);
    expect(xKilled.coveredBy?.flatMap((id) => testName(merged, id))).toEqual(["test/a.test.ts one", "test/a.test.ts two"]);
    expect(xSurvived.coveredBy?.flatMap((id) => testName(merged, id))).toEqual(["test/a.test.ts one"]);
    expect(yKilled.killedBy?.flatMap((id) => testName(merged, id))).toEqual(["test/a.test.ts two"]);
    expect(yKilled.coveredBy?.flatMap((id) => testName(merged, id))).toEqual(["test/a.test.ts two", "test/a.test.ts three", "test/b.test.ts one"]);
  });

  test("keeps what a shard carried over for the files of a shard that did not finish", () => {
    const merged = mergeShardReports([first]);
    expect(merged.files["src/y.ts"]).toMatchObject({ source: "y-old", mutants: [{ status: "Survived" }] });
    expect(merged.files["src/y.ts"].mutants[0].coveredBy?.flatMap((id) => testName(merged, id))).toEqual(["test/a.test.ts one"]);
  });

  test("leaves out a file its shard found nothing to mutate in, whatever another shard carried over", () => {
    const emptied: MutationReport = { ...second, files: { "src/x.ts": second.files["src/x.ts"] } };
    expect(Object.keys(mergeShardReports([first, emptied]).files)).toEqual(["src/x.ts"]);
  });

  test("refuses a mutant two shards mutated, and nothing to merge", () => {
    expect(() => mergeShardReports([first, { ...second, config: { mutate: ["src/y.ts", "src/x.ts"] } }])).toThrow(
      "src/x.ts:1 BooleanLiteral was mutated by two shards (reports 1 and 2); each mutant belongs to one shard",
    );
    expect(() => mergeShardReports([])).toThrow("no shard reports to merge");
  });

  const mutant = (mutatorName: string, status: string, first: number, last = first): ReportMutant => ({
    id: `${mutatorName}@${first}`,
    mutatorName,
    replacement: "r",
    status,
    location: { start: { line: first, column: 3 }, end: { line: last, column: 9 } },
  });
  const statuses = (merged: MutationReport) => merged.files["src/x.ts"].mutants.map((m) => `${m.mutatorName}@${m.location.start.line} ${m.status}`);

  test("takes a mutant from the shard whose lines hold all of it, and one no shard's lines hold from what a shard carried over", () => {
    const lines = (mutate: string, own: ReportMutant[], old: ReportMutant[]): MutationReport => ({ config: { mutate: [mutate] }, files: { "src/x.ts": { mutants: [...own, ...old] } } });
    // The block spans lines 2-6: partly inside the first shard's lines 2-4, so not its mutant; Stryker carries it over.
    const merged = mergeShardReports([
      lines("src/x.ts:2-4", [mutant("StringLiteral", "Killed", 3)], [mutant("BlockStatement", "Survived", 2, 6), mutant("StringLiteral", "Survived", 9)]),
      lines("src/x.ts:8-9", [mutant("StringLiteral", "Killed", 9)], [mutant("BlockStatement", "Survived", 2, 6), mutant("StringLiteral", "Survived", 3)]),
    ]);
    expect(statuses(merged)).toEqual(["BlockStatement@2 Survived", "StringLiteral@3 Killed", "StringLiteral@9 Killed"]);
    // Lines 1-7 hold the whole block: the shard of those lines tested it.
    expect(statuses(mergeShardReports([lines("src/x.ts:1-7", [mutant("BlockStatement", "Killed", 2, 6), mutant("StringLiteral", "Killed", 3)], [])]))).toEqual([
      "BlockStatement@2 Killed",
      "StringLiteral@3 Killed",
    ]);
  });

  test("takes a mutant from the shard that tested its mutator, not from one that excluded it (which reports it ignored)", () => {
    const excluding = (excluded: string, own: ReportMutant[]): MutationReport => ({ config: { mutate: ["src/x.ts"], mutator: { excludedMutations: [excluded] } }, files: { "src/x.ts": { mutants: own } } });
    const strings = excluding("BooleanLiteral", [mutant("StringLiteral", "Survived", 1), mutant("BooleanLiteral", "Ignored", 2)]);
    const booleans = excluding("StringLiteral", [mutant("StringLiteral", "Ignored", 1), mutant("BooleanLiteral", "Killed", 2)]);
    const merged = mergeShardReports([strings, booleans]);
    expect(statuses(merged)).toEqual(["StringLiteral@1 Survived", "BooleanLiteral@2 Killed"]);
    expect(merged.config?.mutator?.excludedMutations).toEqual([]);
    // Without the shard that tested booleans there is no result for it: the excluding shard's copy is no result.
    expect(statuses(mergeShardReports([strings]))).toEqual(["StringLiteral@1 Survived"]);
  });

  test("drops a mutant a shard tested its lines and mutator for but no longer found, whatever another shard carried over", () => {
    const merged = mergeShardReports([
      { config: { mutate: ["src/x.ts:1-5"] }, files: { "src/x.ts": { mutants: [mutant("StringLiteral", "Killed", 1)] } } },
      { config: { mutate: ["src/x.ts:6-9"] }, files: { "src/x.ts": { mutants: [mutant("StringLiteral", "Survived", 1), mutant("StringLiteral", "Survived", 4), mutant("StringLiteral", "Killed", 7)] } } },
    ]);
    expect(statuses(merged)).toEqual(["StringLiteral@1 Killed", "StringLiteral@7 Killed"]);
  });
});

describe("--merge on a folder's shard files", () => {
  const incremental = (root: string, name: string) => join(root, "test", "mutation", "incremental", name);
  /** A checkout whose scripts/release is two files of 501 mutants each (500 strings in an array), so it runs in two shards. */
  function checkout(): string {
    const root = temporaryDirectory("mutation-merge");
    mkdirSync(join(root, "scripts", "release"), { recursive: true });
    mkdirSync(join(root, "test", "mutation", "incremental"), { recursive: true });
    for (const name of ["a.ts", "b.ts"]) writeFileSync(join(root, "scripts", "release", name), `export const strings = [${Array(500).fill('"s"').join(", ")}];\n`);
    expect(folderShards("scripts/release", root).map((s) => [s.mutate, s.mutants])).toEqual([
      [["scripts/release/a.ts"], 501],
      [["scripts/release/b.ts"], 501],
    ]);
    return root;
  }
  const shardReport = (file: string, status: string): MutationReport => ({
    config: { mutate: [file] },
    testFiles: { "test/a.test.ts": { source: "a", tests: [{ id: "0", name: "one", location: located(1) }] } },
    files: { [file]: { source: "x", mutants: [mutantOf("0", status, 1, ["0"], status === "Killed" ? ["0"] : [])] } },
  });

  test("writes the folder's incremental file and reports from every shard, removes the shard files and scores the folder", () => {
    const root = checkout();
    writeFileSync(incremental(root, "scripts-release.shard-1-of-2.json"), JSON.stringify(shardReport("scripts/release/a.ts", "Killed")));
    writeFileSync(incremental(root, "scripts-release.shard-2-of-2.json"), JSON.stringify(shardReport("scripts/release/b.ts", "Survived")));
    const { score, missing } = mergeShards("scripts/release", root);
    expect(missing).toEqual([]);
    expect(score).toMatchObject({ detected: 1, undetected: 1, score: 50 });
    const merged: MutationReport = JSON.parse(readFileSync(incremental(root, "scripts-release.json"), "utf8"));
    expect(Object.keys(merged.files)).toEqual(["scripts/release/a.ts", "scripts/release/b.ts"]);
    expect(existsSync(incremental(root, "scripts-release.shard-1-of-2.json")) || existsSync(incremental(root, "scripts-release.shard-2-of-2.json"))).toBe(false);
    const reports = join(root, "reports", "mutation", "scripts-release");
    expect(JSON.parse(readFileSync(join(reports, "mutation.json"), "utf8"))).toEqual(merged);
    const html = readFileSync(join(reports, "mutation.html"), "utf8");
    expect(html).toContain("<mutation-test-report-app");
    expect(html).toContain('"scripts/release/b.ts"');
    expect(html).toContain("customElements.define"); // the app itself, inlined
  });

  test("names the shards that left no file, and with none leaves the folder's incremental file as it was", () => {
    const root = checkout();
    writeFileSync(incremental(root, "scripts-release.json"), "the last run's");
    expect(mergeShards("scripts/release", root)).toEqual({ missing: ["shard-1-of-2", "shard-2-of-2"] });
    expect(readFileSync(incremental(root, "scripts-release.json"), "utf8")).toBe("the last run's");
    writeFileSync(incremental(root, "scripts-release.shard-2-of-2.json"), JSON.stringify(shardReport("scripts/release/b.ts", "Killed")));
    const { score, missing } = mergeShards("scripts/release", root);
    expect(missing).toEqual(["shard-1-of-2"]);
    expect(score?.score).toBe(100);
  });
});
