import { spawnSync } from "child_process";
import { readFileSync } from "fs";
import { dirname, join, relative } from "path";
import { EquivalentMutant, folderGlobs, jestRoots, MINIMUM_SCORE, MUTATION_FOLDERS, MutationReport, ROOT, scoreReport, TEST_ROOTS } from "../../scripts/mutation/score";
import { folderFiles } from "../../scripts/mutation/shards";

const mutant = (status: string, line: number, mutatorName = "EqualityOperator", replacement = "a <= b") => ({
  id: String(line),
  status,
  mutatorName,
  replacement,
  location: { start: { line, column: 1 }, end: { line, column: 9 } },
});

describe("the mutation score of a folder", () => {
  test("is killed and timed-out mutants over every mutant a test could have detected, as Stryker counts it", () => {
    const report: MutationReport = {
      files: {
        "stacks/config/waf.ts": { mutants: [mutant("Killed", 1), mutant("Killed", 2), mutant("Timeout", 3), mutant("Survived", 4), mutant("NoCoverage", 5), mutant("CompileError", 6), mutant("Ignored", 7)] },
      },
    };
    const score = scoreReport(report, []);
    expect({ detected: score.detected, undetected: score.undetected, score: score.score }).toEqual({ detected: 3, undetected: 2, score: 60 });
  });

  test("counts an equivalent mutant as a survivor, marked with the listed reason, and any other survivor as unexplained", () => {
    const report: MutationReport = { files: { "components/a.ts": { mutants: [mutant("Survived", 10), mutant("Survived", 11), mutant("Killed", 12)] } } };
    const listed: EquivalentMutant[] = [{ file: "components/a.ts", line: 10, mutator: "EqualityOperator", replacement: "a <= b", reason: "a and b are never equal here" }];
    const score = scoreReport(report, listed);
    expect(score.score).toBeCloseTo(100 / 3, 6);
    expect(score.survivors.map((s) => [s.line, s.explained, s.reason])).toEqual([
      [10, true, "a and b are never equal here"],
      [11, false, "Survived: no test kills it"],
    ]);
  });

  test("an entry for another file, line, mutator or replacement does not explain a survivor", () => {
    const report: MutationReport = { files: { "components/a.ts": { mutants: [mutant("Survived", 10)] } } };
    const near: EquivalentMutant = { file: "components/a.ts", line: 10, mutator: "EqualityOperator", replacement: "a <= b", reason: "r" };
    for (const entry of [{ ...near, file: "components/b.ts" }, { ...near, line: 9 }, { ...near, mutator: "ConditionalExpression" }, { ...near, replacement: "a >= b" }]) {
      expect(scoreReport(report, [entry]).survivors[0].explained).toBe(false);
    }
    expect(scoreReport(report, [near]).survivors[0].explained).toBe(true);
  });

  test("of a folder with nothing to mutate is 100%", () => {
    expect(scoreReport({ files: {} }, []).score).toBe(100);
  });
});

describe("the mutation setup", () => {
  const config = JSON.parse(readFileSync(join(__dirname, "..", "..", "stryker.config.json"), "utf8"));

  test("mutates exactly the folders the score is kept for, with per-test coverage, incremental runs and the TypeScript checker", () => {
    expect([...config.mutate].sort()).toEqual(Object.keys(MUTATION_FOLDERS).flatMap(folderGlobs).sort());
    expect(config).toMatchObject({ testRunner: "jest", coverageAnalysis: "perTest", incremental: true, checkers: ["typescript"] });
    expect(MINIMUM_SCORE).toBeGreaterThanOrEqual(90);
  });

  test("copies every tracked file into Stryker's sandbox as the tests read them (docs, the provider, the policy-kit copies)", () => {
    const ignoredByGit = readFileSync(join(ROOT, ".gitignore"), "utf8")
      .split("\n")
      .map((line) => line.replace(/\/$/, ""));
    expect(config.ignorePatterns.filter((pattern: string) => !ignoredByGit.includes(pattern))).toEqual([]);
    expect(config.ignorePatterns.length).toBeGreaterThan(0);
    // Only mutated files lose their type checks: the packs boot through ts-node, which checks the rest.
    expect(config.disableTypeChecks).toBe(`{${Object.values(MUTATION_FOLDERS).flat().join(",")}}/**/*.ts`);
  });

  test("the jest environment is one Stryker's jest runner can load as the config writes it (it does not expand <rootDir>)", () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const jestConfig = require(join(__dirname, "..", "..", config.jest.configFile));
    expect(typeof jestConfig.testEnvironment).toBe("string");
    expect(require.resolve(jestConfig.testEnvironment)).toBe(join(__dirname, "..", "harness", "jest-environment.js"));
  });

  // What Stryker's jest runner asks jest for each mutant: `--findRelatedTests <mutated file>`, with the roots the run sets.
  const relatedTests = (file: string, roots: readonly string[]): string[] => {
    const run = spawnSync(process.execPath, [require.resolve("jest/bin/jest"), "--listTests", "--findRelatedTests", join(ROOT, file), ...roots.flatMap((r) => ["--roots", r])], {
      cwd: ROOT,
      encoding: "utf8",
    });
    if (run.status !== 0) throw new Error(`jest --listTests for ${file} exited with ${run.status}: ${run.stderr}`);
    return run.stdout.split("\n").filter(Boolean).map((test) => relative(ROOT, test)).sort();
  };

  test.each(Object.keys(MUTATION_FOLDERS))("relates to the largest file of %s every test under its test roots that jest relates to it from the whole repository", (folder) => {
    const largest = [...folderFiles(folder)].sort((a, b) => b.bytes - a.bytes)[0].path;
    // Stryker's jest runner adds the mutated file's own directory to the roots (configWithRoots).
    const found = relatedTests(largest, [...jestRoots(folder).map((root) => root.replace("<rootDir>", ROOT)), dirname(join(ROOT, largest))]);
    const underTestRoots = (test: string) => TEST_ROOTS[folder].some((root) => test.startsWith(`${root}/`));
    expect(found.length).toBeGreaterThan(0);
    expect(found).toEqual(relatedTests(largest, [ROOT]).filter(underTestRoots));
  });

  test.each(Object.keys(MUTATION_FOLDERS))("jest.config.js relates to the largest file of %s every test jest relates to it from the whole repository (jest --findRelatedTests, jest -o)", (folder) => {
    const largest = [...folderFiles(folder)].sort((a, b) => b.bytes - a.bytes)[0].path;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const roots: string[] = require(join(ROOT, config.jest.configFile)).roots.map((root: string) => root.replace("<rootDir>", ROOT));
    const found = relatedTests(largest, roots);
    expect(found.length).toBeGreaterThan(0);
    expect(found).toEqual(relatedTests(largest, [ROOT]));
  });

  test("lists every equivalent mutant with a file under a mutated folder and a reason", () => {
    const listed: EquivalentMutant[] = JSON.parse(readFileSync(join(__dirname, "equivalent-mutants.json"), "utf8"));
    const folders = Object.values(MUTATION_FOLDERS).flatMap((dirs) => dirs.map((dir) => `${dir}/`));
    for (const e of listed) {
      // A line past the end of its file is an entry left behind by a change to the code.
      const lines = readFileSync(join(__dirname, "..", "..", e.file), "utf8").split("\n").length;
      expect({ file: e.file, underMutatedFolder: folders.some((f) => e.file.startsWith(f)), reason: e.reason.length > 10, lineInFile: e.line >= 1 && e.line <= lines }).toEqual({
        file: e.file,
        underMutatedFolder: true,
        reason: true,
        lineInFile: true,
      });
    }
  });
});
