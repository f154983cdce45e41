import { readFileSync } from "fs";
import { join } from "path";
import { EquivalentMutant, folderGlobs, MINIMUM_SCORE, MUTATION_FOLDERS, MutationReport, scoreReport } from "../../scripts/mutation/score";

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

  test("the jest environment is one Stryker's jest runner can load as the config writes it (it does not expand <rootDir>)", () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const jestConfig = require(join(__dirname, "..", "..", config.jest.configFile));
    expect(typeof jestConfig.testEnvironment).toBe("string");
    expect(require.resolve(jestConfig.testEnvironment)).toBe(join(__dirname, "..", "harness", "jest-environment.js"));
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
