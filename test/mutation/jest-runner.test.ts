import { spawnSync } from "child_process";
import { existsSync, readFileSync, writeFileSync } from "fs";
import { join } from "path";
import { strykerEnvironment } from "../../scripts/mutation";
import { ACTIVE_MUTANT_ENV, BAIL_ENV, filesForPattern, KILLS_ENV, TEST_NAMES_ENV } from "../../scripts/mutation/jest-runner";
import { killsByFile, mutantOrder } from "../../scripts/mutation/jest-sequencer";
import { ROOT } from "../../scripts/mutation/score";
import { temporaryDirectory } from "../harness/temporary-directory";

/**
 * A project of three test files, each of which notes in `loaded.log` that it was loaded (its module code
 * ran), takes its time in each test (a none, b 200 ms, c 400 ms: jest's cache then orders them a, b, c by
 * time) and fails its tests when its name is in FIXTURE_FAIL. Run by real jest, in band as Stryker's jest
 * runner runs it, with the mutation runner and sequencer.
 */
function fixtureProject(): { root: string; names: string; kills: string; run: (env: Record<string, string>, args?: string[]) => { loaded: string[]; status: number | null } } {
  const root = temporaryDirectory("mutation-runner");
  const file = (name: string, tests: string[], ms: number) =>
    writeFileSync(
      join(root, `${name}.test.js`),
      [
        `require("fs").appendFileSync(${JSON.stringify(join(root, "loaded.log"))}, "${name}\\n");`,
        `describe("${name}", () => {`,
        ...tests.map(
          (t) =>
            `  test("${t}", () => { Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ${ms / tests.length}); if ((process.env.FIXTURE_FAIL || "").split(",").includes("${name}")) throw new Error("${name} fails"); });`,
        ),
        "});",
      ].join("\n"),
    );
  file("a", ["adds", "subtracts"], 0);
  file("b", ["parses a tag"], 200);
  file("c", ["parses a tag list", "refuses (brackets)"], 400);
  const config = {
    rootDir: root,
    testMatch: ["**/*.test.js"],
    transform: {},
    testEnvironment: "node",
    cacheDirectory: join(root, "cache"),
    runner: join(ROOT, "scripts", "mutation", "jest-runner.js"),
    testSequencer: join(ROOT, "scripts", "mutation", "jest-sequencer.js"),
  };
  const names = join(root, "test-names.json");
  const kills = join(root, "kills.log");
  const run = (env: Record<string, string>, args: string[] = []) => {
    const log = join(root, "loaded.log");
    writeFileSync(log, "");
    const inherited = { ...process.env };
    for (const name of [ACTIVE_MUTANT_ENV, BAIL_ENV, TEST_NAMES_ENV, KILLS_ENV]) delete inherited[name];
    const result = spawnSync(process.execPath, [require.resolve("jest/bin/jest"), "--runInBand", "--config", JSON.stringify(config), ...args], {
      cwd: root,
      env: { ...inherited, [TEST_NAMES_ENV]: names, [KILLS_ENV]: kills, ...env },
      encoding: "utf8",
    });
    return { loaded: readFileSync(log, "utf8").split("\n").filter(Boolean), status: result.status };
  };
  return { root, names, kills, run };
}

describe("a mutation run's jest runner", () => {
  test("stops a mutant's run at its first failing file, starts the next with it, and runs on with bail off (--disableBail)", () => {
    const { run } = fixtureProject();
    run({});
    expect(run({ [ACTIVE_MUTANT_ENV]: "1", [BAIL_ENV]: "1", FIXTURE_FAIL: "b" })).toEqual({ loaded: ["a", "b"], status: 1 });
    // b failed last: it runs first.
    expect(run({ [ACTIVE_MUTANT_ENV]: "1", FIXTURE_FAIL: "b" })).toEqual({ loaded: ["b", "a", "c"], status: 1 });
    // Nothing fails: every file runs.
    expect(run({ [ACTIVE_MUTANT_ENV]: "1", [BAIL_ENV]: "1" })).toEqual({ loaded: ["b", "a", "c"], status: 0 });
  });

  test("notes the files that fail each mutant, and starts a later mutant's run with a file that has killed, though it did not fail the last", () => {
    const { root, kills, run } = fixtureProject();
    run({});
    const mutant = { [ACTIVE_MUTANT_ENV]: "1", [BAIL_ENV]: "1" };
    expect(run({ ...mutant, FIXTURE_FAIL: "c" }).loaded).toEqual(["a", "b", "c"]);
    // c failed last: it runs first and passes, so the next run's order comes from its kill alone.
    expect(run(mutant).loaded).toEqual(["c", "a", "b"]);
    expect(run(mutant).loaded).toEqual(["c", "a", "b"]);
    // With bail off, every failing file is noted.
    run({ [ACTIVE_MUTANT_ENV]: "1", FIXTURE_FAIL: "a,b" });
    expect(readFileSync(kills, "utf8")).toBe(["c", "a", "b"].map((name) => `${join(root, `${name}.test.js`)}\n`).join(""));
  });

  test("records each file's test names in the run without a mutant, and loads in a mutant's run only the files holding a test its pattern names", () => {
    const { root, names, run } = fixtureProject();
    expect(run({}).loaded.sort()).toEqual(["a", "b", "c"]);
    expect(JSON.parse(readFileSync(names, "utf8"))).toEqual({
      [join(root, "a.test.js")]: ["a adds", "a subtracts"],
      [join(root, "b.test.js")]: ["b parses a tag"],
      [join(root, "c.test.js")]: ["c parses a tag list", "c refuses (brackets)"],
    });
    // Stryker's pattern for the tests covering a mutant: each name escaped, in a group, joined by |; matched ignoring case.
    expect(run({ [ACTIVE_MUTANT_ENV]: "1", [BAIL_ENV]: "1" }, ["-t", "(C refuses \\(brackets\\))"]).loaded).toEqual(["c"]);
    // Which files, not their order: c's one test here takes as long as b's, so jest's times tie.
    expect(run({ [ACTIVE_MUTANT_ENV]: "1", [BAIL_ENV]: "1" }, ["-t", "(parses a tag)"]).loaded.sort()).toEqual(["b", "c"]);
    // A file the run without a mutant did not record is loaded.
    const recorded = JSON.parse(readFileSync(names, "utf8"));
    delete recorded[join(root, "a.test.js")];
    writeFileSync(names, JSON.stringify(recorded));
    expect(run({ [ACTIVE_MUTANT_ENV]: "1", [BAIL_ENV]: "1" }, ["-t", "(c refuses \\(brackets\\))"]).loaded.sort()).toEqual(["a", "c"]);
  });

  test("is jest's own outside a mutation run: no names are recorded, and a run without a pattern loads every file", () => {
    const { names, run } = fixtureProject();
    expect(run({ [TEST_NAMES_ENV]: "" }, ["-t", "(b parses a tag)"]).loaded.sort()).toEqual(["a", "b", "c"]);
    expect(existsSync(names)).toBe(false);
  });
});

describe("the choices behind it", () => {
  const test_ = (path: string) => ({ path });

  test("keeps every file when there is no pattern or no record, and matches a name anywhere, ignoring case", () => {
    const tests = [test_("/a"), test_("/b")];
    const recorded = { "/a": ["config parses a tag"], "/b": ["vpc makes subnets"] };
    expect(filesForPattern(tests, undefined, recorded)).toEqual(tests);
    expect(filesForPattern(tests, "(Parses)", undefined)).toEqual(tests);
    expect(filesForPattern(tests, "(Parses)", recorded)).toEqual([test_("/a")]);
    expect(filesForPattern(tests, "(nothing)", recorded)).toEqual([]);
  });

  test("orders a mutant's files: the last failures, then the fastest, then those with no time, ties by path", () => {
    const times: Record<string, number | undefined> = { "/slow": 900, "/fast": 5, "/failed-slow": 800, "/untimed": undefined, "/b-tie": 40, "/a-tie": 40 };
    const order = mutantOrder(
      Object.keys(times).map(test_),
      (t) => t.path.startsWith("/failed"),
      (t) => times[t.path],
    );
    expect(order.map((t) => t.path)).toEqual(["/failed-slow", "/fast", "/a-tie", "/b-tie", "/slow", "/untimed"]);
  });

  test("puts files that have killed before the rest, by kills per second, most first", () => {
    const times: Record<string, number | undefined> = { "/fast": 1, "/slow-killer": 10, "/killer": 2, "/often-slow-killer": 10, "/untimed-killer": undefined, "/failed": 50 };
    const kills = new Map([
      ["/slow-killer", 1],
      ["/killer", 1],
      ["/often-slow-killer", 6],
      ["/untimed-killer", 3],
      ["/failed", 1],
    ]);
    const order = mutantOrder(
      Object.keys(times).map(test_),
      (t) => t.path === "/failed",
      (t) => times[t.path],
      kills,
    );
    expect(order.map((t) => t.path)).toEqual(["/failed", "/often-slow-killer", "/killer", "/slow-killer", "/untimed-killer", "/fast"]);
  });

  test("counts a file's kills from the lines of the kills file, and none when there is no file", () => {
    const file = join(temporaryDirectory("mutation-kills"), "kills.log");
    expect(killsByFile(file).size).toBe(0);
    writeFileSync(file, "/a\n/b\n/a\n");
    expect([...killsByFile(file)]).toEqual([
      ["/a", 2],
      ["/b", 1],
    ]);
  });

  test("npm run mutation turns bail on unless --disableBail is passed to Stryker, and gives the run a names file and a kills file", () => {
    expect(strykerEnvironment("policies", "/tmp/scratch")).toMatchObject({
      [BAIL_ENV]: "1",
      [TEST_NAMES_ENV]: "/tmp/scratch/test-names.json",
      [KILLS_ENV]: "/tmp/scratch/kills.log",
    });
    expect(strykerEnvironment("policies", "/tmp/scratch", ["--concurrency", "2", "--disableBail"])[BAIL_ENV]).toBeUndefined();
  });
});
