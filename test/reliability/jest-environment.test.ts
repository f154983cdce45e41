import { spawnSync } from "child_process";
import * as path from "path";

// test/harness/jest-environment.js: a test file's AsyncLocalStorages are disabled when the file ends, and the
// worker ends through process.exit. Each probe runs in a fresh Node process: disabling the storages of this file
// mid-test would reach jest-circus's own, and the exit is the process's.
const OURS = path.resolve(__dirname, "..", "harness", "jest-environment.js");
const STOCK = require.resolve("jest-environment-node");

const PROBE = `
const { AsyncLocalStorage } = require("async_hooks");
const loaded = require(process.argv[1]);
const Environment = loaded.TestEnvironment ?? loaded;
(async () => {
  const environment = new Environment({ globalConfig: {}, projectConfig: { testEnvironmentOptions: {}, globals: {}, fakeTimers: {} } }, { console, docblockPragmas: {}, testPath: "probe" });
  await environment.setup();
  const storage = new AsyncLocalStorage();
  await storage.run("a file's store", async () => {
    const before = storage.getStore();
    await environment.teardown();
    process.stdout.write(JSON.stringify({ before, after: storage.getStore() ?? null }));
  });
})();
`;

function storeAroundTeardown(environment: string): { before: string; after: string | null } {
  const probe = spawnSync(process.execPath, ["-e", PROBE, environment], { encoding: "utf8" });
  if (probe.status !== 0) throw new Error(probe.stderr);
  return JSON.parse(probe.stdout);
}

// Loads the environment, sets an exit code, lets the event loop drain as a jest worker does after its end
// message, and prints what ran at the end: the 'exit' listeners, then process.reallyExit, which process.exit
// calls and a drained loop does not (Node's lib/internal/process/per_thread.js).
const EXIT_PROBE = `
const fs = require("fs");
require(process.argv[1]);
const reallyExit = process.reallyExit;
process.reallyExit = (code) => { fs.writeSync(1, "process.exit(" + code + ")"); reallyExit.call(process, code); };
process.on("exit", (code) => fs.writeSync(1, "exit listener saw " + code + "; "));
process.exitCode = 3;
setTimeout(() => undefined, 10);
`;

// The same, the way jest ends a failed run in its own process (`readResultsAndExit` in jest-cli 30's
// build/index.js): the exit code is 0 when the 'exit' event fires, and jest's listener sets process.exitCode to 1.
const FAILED_IN_BAND_PROBE = EXIT_PROBE.replace("process.exitCode = 3;", 'process.on("exit", () => { process.exitCode = 1; });');

function endOfProcess(environment: string, probeSource = EXIT_PROBE): { status: number | null; stdout: string } {
  const probe = spawnSync(process.execPath, ["-e", probeSource, environment], { encoding: "utf8" });
  if (probe.stderr) throw new Error(probe.stderr);
  return { status: probe.status, stdout: probe.stdout };
}

describe("the test environment", () => {
  it("disables every AsyncLocalStorage that ran during a file when the file ends", () => {
    expect(storeAroundTeardown(OURS)).toEqual({ before: "a file's store", after: null });
  });

  it("does what jest's node environment does not (which leaves the storage enabled for the worker's life)", () => {
    expect(storeAroundTeardown(STOCK)).toEqual({ before: "a file's store", after: "a file's store" });
  });

  it("ends the process through process.exit after every other 'exit' listener, with their exit code", () => {
    expect(endOfProcess(OURS)).toEqual({ status: 3, stdout: "exit listener saw 3; process.exit(3)" });
  });

  it("keeps the failure status jest sets in its own 'exit' listener when it runs the tests in its own process", () => {
    expect(endOfProcess(OURS, FAILED_IN_BAND_PROBE)).toEqual({ status: 1, stdout: "exit listener saw 0; process.exit(1)" });
  });

  it("where jest's node environment lets Node free the heap first (which took longer than jest-worker's 500 ms grace)", () => {
    expect(endOfProcess(STOCK)).toEqual({ status: 3, stdout: "exit listener saw 3; " });
  });
});
