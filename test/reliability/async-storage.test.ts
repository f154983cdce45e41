import { spawnSync } from "child_process";
import * as path from "path";

// test/harness/jest-environment.js: a test file's AsyncLocalStorages are disabled when the file ends.
// Run in a fresh Node process, since disabling the storages of this file mid-test would reach jest-circus's own.
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

describe("the test environment", () => {
  it("disables every AsyncLocalStorage that ran during a file when the file ends", () => {
    expect(storeAroundTeardown(path.resolve(__dirname, "..", "harness", "jest-environment.js"))).toEqual({ before: "a file's store", after: null });
  });

  it("does what jest's node environment does not (which leaves the storage enabled for the worker's life)", () => {
    expect(storeAroundTeardown(require.resolve("jest-environment-node"))).toEqual({ before: "a file's store", after: "a file's store" });
  });
});
