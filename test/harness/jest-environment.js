/**
 * Jest's node environment, plus two things for workers that run many files.
 *
 * First, every AsyncLocalStorage that ran a store during a test file is
 * disabled when the file ends.
 *
 * jest-circus (30.5) makes an AsyncLocalStorage per test file and runs every
 * test in it, and never disables it. On Node 20 an enabled storage stays in
 * async_hooks' list for the life of the worker, and every promise created
 * afterwards is stamped by every storage in that list. A worker runs about
 * fifty files here and the Pulumi SDK creates a promise for nearly every
 * value: 200,000 awaits took 115 ms in a worker's first file and 800 ms in
 * its fortieth (with this environment, 115 ms in every file). Any other
 * storage a file ran, such as the SDK's (runtime/state.js, one per file, run
 * by its provider server), is disabled the same way.
 * `test/reliability/jest-environment.test.ts` checks both environments.
 *
 * Disabling is Node's public API: the storage leaves the list and would come
 * back on its next `run` or `enterWith`; nothing of a finished file runs again.
 *
 * Second, the worker exits with `process.exit` once its work is done. A jest
 * worker ends by letting its event loop drain; Node then frees the whole heap
 * before the process ends, which after a worker's fifty files took 0.4-1 s
 * here (measured from the 'exit' event to the parent seeing the exit), past
 * jest-worker's 500 ms grace (`workerGracefulExitTimeout`). Jest then killed
 * the worker and printed "A worker process has failed to exit gracefully ...
 * tests leaking due to improper teardown", though no handle was left open.
 * `process.exit` skips the freeing, as a CLI's exit does; every 'exit'
 * listener registered before the loop drained still runs first. What is
 * left is the kernel freeing the worker's memory after `exit_group` (475 ms
 * under `strace -f` at the end of a full run), which jest.config.js's
 * `workerGracefulExitTimeout` allows for.
 */
const { AsyncLocalStorage } = require("async_hooks");
const { TestEnvironment } = require("jest-environment-node");

const TRACKED = Symbol.for("platform.jest-environment.storages-that-ran");

/**
 * Wraps `run` and `enterWith` to note each storage that ran a store; once per
 * process, since jest may load this module more than once in a worker.
 */
function trackStoragesThatRun() {
  const ran = new Set();
  for (const method of ["run", "enterWith"]) {
    const original = AsyncLocalStorage.prototype[method];
    AsyncLocalStorage.prototype[method] = function (...args) {
      ran.add(this);
      return original.apply(this, args);
    };
  }
  return ran;
}

/** Storages that ran a store since the worker's last file ended. */
const ranThisFile = (AsyncLocalStorage[TRACKED] ??= trackStoragesThatRun());

const EXITS_FAST = Symbol.for("platform.jest-environment.exits-without-freeing-the-heap");

/**
 * When the event loop drains ('beforeExit', which a worker reaches only after
 * jest-worker's end message), adds the last 'exit' listener: it ends the
 * process with `process.exitCode` as the listeners before it left it. Once per
 * process. Not with the code the 'exit' event carried: when jest runs the tests
 * in its own process (one file, or a few fast ones), its 'exit' listener sets
 * `process.exitCode` to 1 for a failed run after that code was fixed at 0, and
 * `process.exit(0)` here turned a failed run into a passing exit status.
 */
if (!process[EXITS_FAST]) {
  process[EXITS_FAST] = true;
  process.once("beforeExit", () => process.once("exit", () => process.exit()));
}

class PlatformTestEnvironment extends TestEnvironment {
  async teardown() {
    for (const storage of ranThisFile) storage.disable();
    ranThisFile.clear();
    await super.teardown();
  }
}

module.exports = PlatformTestEnvironment;
