/**
 * Jest's own test sequencer, for mutation runs only (`npm run mutation` sets it as jest's `testSequencer`):
 * a mutant's run starts with the files most likely to kill it soonest, so that jest-runner.js's bail
 * leaves out as much as it can.
 *
 * Jest runs the files that failed last time first, then the slowest first (`sort` in @jest/test-sequencer),
 * which keeps workers busy to the end of a parallel run. A mutant's run is serial and ends at its first
 * failure, so the order is:
 * - the files that failed last time (they killed the mutant before this one, often on the same line);
 * - the files that have killed mutants in this run, by kills per second of their time, most first: the
 *   order that makes the expected time to the first failure least when each file fails with a chance of
 *   its own (Smith's rule), with a file's past kills as its chance. A mutant of a schema is killed by
 *   stack-level suites, such as the edge stack's, that run after some 80 faster files when time alone
 *   decides; once one of them has killed, it runs before those;
 * - the rest, fastest first.
 * Times and failures are jest's own cache (`cacheResults`), written after the dry run and after each
 * mutant's run; kills are the lines jest-runner.js appends to `KILLS_ENV`'s file. Files with no time go
 * last in their group; ties go by path. A run without a mutant keeps jest's order.
 */
const { existsSync, readFileSync } = require("fs");
const Sequencer = require("@jest/test-sequencer").default;
const { ACTIVE_MUTANT_ENV, KILLS_ENV } = require("./jest-runner");

/** How many mutants each test file has failed in this run, from the lines of the kills file. */
function killsByFile(killsFile) {
  const kills = new Map();
  if (!killsFile || !existsSync(killsFile)) return kills;
  for (const path of readFileSync(killsFile, "utf8").split("\n").filter(Boolean)) kills.set(path, (kills.get(path) ?? 0) + 1);
  return kills;
}

/** The order of a mutant's test files, as the file comment gives it. */
function mutantOrder(tests, failed, time, kills = new Map()) {
  const rank = (test) => {
    const seconds = time(test) ?? Infinity;
    const killed = kills.get(test.path) ?? 0;
    if (failed(test)) return [0, seconds, test.path];
    return killed > 0 ? [1, -killed / seconds, test.path] : [2, seconds, test.path];
  };
  const ranked = new Map(tests.map((test) => [test, rank(test)]));
  return [...tests].sort((a, b) => {
    const [x, y] = [ranked.get(a), ranked.get(b)];
    return x[0] - y[0] || (x[1] === y[1] ? 0 : x[1] < y[1] ? -1 : 1) || (x[2] < y[2] ? -1 : x[2] > y[2] ? 1 : 0);
  });
}

class MutationSequencer extends Sequencer {
  sort(tests) {
    if (!process.env[ACTIVE_MUTANT_ENV]) return super.sort(tests);
    return mutantOrder(
      tests,
      (test) => this.hasFailed(test),
      (test) => this.time(test),
      killsByFile(process.env[KILLS_ENV]),
    );
  }
}

module.exports = MutationSequencer;
module.exports.mutantOrder = mutantOrder;
module.exports.killsByFile = killsByFile;
