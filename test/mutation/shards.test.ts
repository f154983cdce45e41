import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "fs";
import { join } from "path";
import { main, mergeShards, plan, singleLineMutate } from "../../scripts/mutation";
import { MUTATION_FOLDERS, MutationReport, ReportMutant, ROOT } from "../../scripts/mutation/score";
import { assignShards, folderFiles, mergeShardReports, parseShard, SHARD_BYTES, shardCount, shardsOf, SourceFile } from "../../scripts/mutation/shards";
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

describe("sharding a folder", () => {
  test("gives one shard per shard size of source, and at least one", () => {
    expect(shardCount([], 1000)).toBe(1);
    expect(shardCount([file("a.ts", 1000)], 1000)).toBe(1);
    expect(shardCount([file("a.ts", 1000), file("b.ts", 1)], 1000)).toBe(2);
    expect(shardCount([file("a.ts", 2999)], 1000)).toBe(3);
  });

  test("has a shard size for every folder, a positive number of bytes", () => {
    expect(Object.keys(SHARD_BYTES).sort()).toEqual(Object.keys(MUTATION_FOLDERS).sort());
    for (const bytes of Object.values(SHARD_BYTES)) expect(bytes).toBeGreaterThan(0);
  });

  test("puts the largest file first into the lightest shard, the first one on a tie, and lists each shard's files by path", () => {
    const files = [file("e.ts", 40), file("a.ts", 100), file("d.ts", 50), file("b.ts", 90), file("c.ts", 60)];
    // a(100) → 1; b(90) → 2; c(60) → 2 (90 < 100); d(50) → 1 (100 < 150); e(40) → 1 (150 = 150, the first).
    expect(assignShards(files, 2)).toEqual([
      ["a.ts", "d.ts", "e.ts"],
      ["b.ts", "c.ts"],
    ]);
    expect(assignShards([...files].reverse(), 2)).toEqual(assignShards(files, 2));
    expect(assignShards(files, 1)).toEqual([["a.ts", "b.ts", "c.ts", "d.ts", "e.ts"]]);
  });

  test.each(Object.keys(MUTATION_FOLDERS))("gives every file of %s to exactly one shard, the shards within the largest file of each other in size", (folder) => {
    const files = folderFiles(folder);
    const count = shardCount(files, SHARD_BYTES[folder]);
    const shards = assignShards(files, count);
    expect(shards).toHaveLength(count);
    expect(shards.flat().sort()).toEqual(files.map((f) => f.path).sort());
    const bytes = shards.map((paths) => paths.reduce((sum, p) => sum + (files.find((f) => f.path === p)?.bytes ?? 0), 0));
    expect(Math.max(...bytes) - Math.min(...bytes)).toBeLessThanOrEqual(Math.max(...files.map((f) => f.bytes)));
  });

  test("plans one matrix entry per shard of each folder asked for", () => {
    const entries = plan(["components", "scripts/release"]);
    const components = shardsOf("components").length;
    expect(components).toBeGreaterThan(1);
    expect(entries.filter((e) => e.folder === "components").map((e) => e.shard)).toEqual(Array.from({ length: components }, (_, i) => `${i + 1}/${components}`));
    expect(entries.map((e) => e.folder)).toEqual([...Array(components).fill("components"), ...Array(entries.length - components).fill("scripts/release")]);
    expect(entries.filter((e) => e.folder === "scripts/release").map((e) => e.file)).toEqual(
      Array.from({ length: entries.length - components }, (_, i) => `scripts-release.shard-${i + 1}-of-${entries.length - components}.json`),
    );
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
    const count = shardsOf("components").length;
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

  test("takes each file from the shard that mutated it, and each test once, by file, position and name", () => {
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

  test("refuses a file two shards mutated, and nothing to merge", () => {
    expect(() => mergeShardReports([first, { ...second, config: { mutate: ["src/y.ts", "src/x.ts"] } }])).toThrow(
      "src/x.ts was mutated by two shards (reports 1 and 2); each file belongs to one shard",
    );
    expect(() => mergeShardReports([])).toThrow("no shard reports to merge");
  });
});

describe("--merge on a folder's shard files", () => {
  const incremental = (root: string, name: string) => join(root, "test", "mutation", "incremental", name);
  /** A checkout whose scripts/release is two files of 30 KB, so it runs in two shards. */
  function checkout(): string {
    const root = temporaryDirectory("mutation-merge");
    mkdirSync(join(root, "scripts", "release"), { recursive: true });
    mkdirSync(join(root, "test", "mutation", "incremental"), { recursive: true });
    for (const name of ["a.ts", "b.ts"]) writeFileSync(join(root, "scripts", "release", name), "x".repeat(30_000));
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
