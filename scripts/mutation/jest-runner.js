/**
 * Jest's own test runner, for mutation runs only (`npm run mutation` sets it as jest's `runner`): a mutant's
 * run leaves out the test files whose results cannot change what Stryker decides about the mutant.
 *
 * Stryker's jest runner runs, for every mutant, every test file jest relates to the mutated file, in one
 * process (`runInBand`). It cannot stop at the first failure: it sets jest's `bail` to false, because jest's
 * bail ends the process (`_bailIfNeeded` in @jest/core calls `process.exit`; jest-override-options.js in
 * @stryker-mutator/jest-runner cites jestjs/jest#11766). Two things are left out here instead:
 *
 * - The files after the first failure (bail). One failing test kills the mutant, and Stryker keeps only the
 *   first killer unless it runs with `--disableBail` (`toMutantRunResult` in @stryker-mutator/api), which
 *   `npm run mutation` passes on here by leaving `BAIL_ENV` unset.
 * - The files that hold none of the tests the mutant is run with. For a mutant that some tests cover,
 *   Stryker runs those tests alone through jest's `testNamePattern`, but jest still loads every related
 *   file (its imports and module-level code) only for jest-circus to skip all of its tests and hooks. The
 *   run without a mutant (Stryker's dry run) records each file's test names (`TEST_NAMES_ENV`); a mutant's
 *   run skips the files none of whose names the pattern matches, tested as jest-circus tests them
 *   (`new RegExp(testNamePattern, "i")` against the names joined by spaces, the `fullName` of a result).
 *   A file the dry run did not record runs.
 *
 * A mutant covered while no test ran (a static mutant) has no pattern: every related file runs until one
 * fails. The order that makes that failure come early is jest-sequencer.js's, from the files each mutant's
 * run saw fail, which this runner appends to `KILLS_ENV`'s file: one path a line, appended in one write, so
 * that Stryker's concurrent jest processes can share it.
 */
const { appendFileSync, readFileSync, writeFileSync, existsSync } = require("fs");
const TestRunner = require("jest-runner").default;

/** Set by Stryker's jest runner while a mutant is active (`INSTRUMENTER_CONSTANTS` in @stryker-mutator/api). */
const ACTIVE_MUTANT_ENV = "__STRYKER_ACTIVE_MUTANT__";
/** The JSON file of each test file's test names, written by the dry run and read by every mutant's run. */
const TEST_NAMES_ENV = "PLATFORM_MUTATION_TEST_NAMES";
/** "1" when a mutant's run may stop at its first failing file. */
const BAIL_ENV = "PLATFORM_MUTATION_BAIL";
/** The file each mutant's run appends the paths of its failing test files to, one a line. */
const KILLS_ENV = "PLATFORM_MUTATION_KILLS";

/** The test files a mutant's run needs: those with a name the pattern matches, and those with no names recorded. */
function filesForPattern(tests, testNamePattern, namesByFile) {
  if (!testNamePattern || !namesByFile) return tests;
  const pattern = new RegExp(testNamePattern, "i");
  return tests.filter((test) => !(test.path in namesByFile) || namesByFile[test.path].some((name) => pattern.test(name)));
}

class MutationTestRunner extends TestRunner {
  async runTests(tests, watcher, options) {
    const namesFile = process.env[TEST_NAMES_ENV];
    if (!options.serial || !namesFile) return super.runTests(tests, watcher, options);
    if (!process.env[ACTIVE_MUTANT_ENV]) return this.#recordNames(tests, watcher, options, namesFile);
    const namesByFile = existsSync(namesFile) ? JSON.parse(readFileSync(namesFile, "utf8")) : undefined;
    const bail = process.env[BAIL_ENV] === "1";
    const failing = new Set();
    const onSuccess = this.on("test-file-success", ([test, result]) => {
      if (result.numFailingTests > 0 || result.testExecError) failing.add(test.path);
    });
    const onFailure = this.on("test-file-failure", ([test]) => {
      failing.add(test.path);
    });
    try {
      for (const test of filesForPattern(tests, this._globalConfig.testNamePattern, namesByFile)) {
        if (bail && failing.size > 0) break;
        await super.runTests([test], watcher, options);
      }
    } finally {
      onSuccess();
      onFailure();
      const killsFile = process.env[KILLS_ENV];
      if (killsFile && failing.size > 0) appendFileSync(killsFile, [...failing].map((path) => `${path}\n`).join(""));
    }
  }

  async #recordNames(tests, watcher, options, namesFile) {
    const namesByFile = {};
    const unsubscribe = this.on("test-file-success", ([test, result]) => {
      namesByFile[test.path] = result.testResults.map((assertion) => assertion.fullName);
    });
    try {
      await super.runTests(tests, watcher, options);
    } finally {
      unsubscribe();
    }
    writeFileSync(namesFile, JSON.stringify(namesByFile));
  }
}

module.exports = MutationTestRunner;
module.exports.ACTIVE_MUTANT_ENV = ACTIVE_MUTANT_ENV;
module.exports.TEST_NAMES_ENV = TEST_NAMES_ENV;
module.exports.BAIL_ENV = BAIL_ENV;
module.exports.KILLS_ENV = KILLS_ENV;
module.exports.filesForPattern = filesForPattern;
