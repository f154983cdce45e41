/**
 * Jest's own test sequencer, for mutation runs only (`npm run mutation` sets it as jest's `testSequencer`):
 * a mutant's run starts with the files most likely to kill it soonest, so that jest-runner.js's bail
 * leaves out as much as it can.
 *
 * Jest runs the files that failed last time first, then the slowest first (`sort` in @jest/test-sequencer),
 * which keeps workers busy to the end of a parallel run. A mutant's run is serial and ends at its first
 * failure, so after the files that failed last time (which killed the mutant before this one, often on the
 * same line), the fastest come first. Times and failures are jest's own cache (`cacheResults`), written
 * after the dry run and after each mutant's run; files with no time yet go last. A run without a mutant
 * keeps jest's order.
 */
const Sequencer = require("@jest/test-sequencer").default;
const { ACTIVE_MUTANT_ENV } = require("./jest-runner");

/** Failed last time first, then by time taken, shortest first, then files with no time, each group in path order. */
function mutantOrder(tests, failed, time) {
  const rank = (test) => [failed(test) ? 0 : 1, time(test) ?? Infinity, test.path];
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
    );
  }
}

module.exports = MutationSequencer;
module.exports.mutantOrder = mutantOrder;
