import * as fs from "fs";
import { restoreEnvironmentAfterEach } from "../harness/environment";
import globalSetup from "../harness/jest-global-setup";
import globalTeardown from "../harness/jest-global-teardown";
import { KEPT_RUNS_ENV, SHARED_RUNS_ENV, SharedRun, sharedRun } from "../harness/shared-runs";
import { temporaryDirectory } from "../harness/temporary-directory";

// Program runs shared between jest workers (test/harness/shared-runs.ts): one computes, the others read.
const result = (stack: string): SharedRun => ({ resources: [], stack, logs: [`ran ${stack}`], mode: "offline" });

describe("runs shared between workers", () => {
  restoreEnvironmentAfterEach(SHARED_RUNS_ENV);
  let dir: string;
  beforeEach(() => {
    dir = temporaryDirectory("shared-runs-test");
    process.env[SHARED_RUNS_ENV] = dir;
  });

  it("runs a key once while others wait for it, then serves it from the shared folder", async () => {
    let runs = 0;
    const slow = async () => {
      runs++;
      await new Promise((resolve) => setTimeout(resolve, 100));
      return result("prod");
    };
    const [first, second] = await Promise.all([sharedRun("prod", slow), sharedRun("prod", slow)]);
    expect(runs).toBe(1);
    expect(second).toEqual(first);
    expect(await sharedRun("prod", slow)).toEqual(result("prod"));
    expect(runs).toBe(1);
    expect(fs.readdirSync(dir)).toHaveLength(1);
  });

  it("keeps keys apart", async () => {
    await sharedRun("dev", async () => result("dev"));
    expect((await sharedRun("prod", async () => result("prod"))).stack).toBe("prod");
  });

  it("shares no failure: the next caller runs the key itself", async () => {
    await expect(sharedRun("prod", async () => Promise.reject(new Error("config problem")))).rejects.toThrow("config problem");
    expect(fs.readdirSync(dir)).toEqual([]);
    expect(await sharedRun("prod", async () => result("prod"))).toEqual(result("prod"));
  });

  it("shares nothing outside jest", async () => {
    delete process.env[SHARED_RUNS_ENV];
    let runs = 0;
    const count = async () => (runs++, result("prod"));
    await sharedRun("prod", count);
    await sharedRun("prod", count);
    expect(runs).toBe(2);
  });
});

describe("the folder an invocation shares runs in (jest's global setup and teardown)", () => {
  const saved = restoreEnvironmentAfterEach(SHARED_RUNS_ENV, KEPT_RUNS_ENV);

  it("is a new one, removed when the invocation ends", () => {
    delete process.env[KEPT_RUNS_ENV];
    globalSetup();
    const dir = process.env[SHARED_RUNS_ENV]!;
    expect(fs.statSync(dir).isDirectory()).toBe(true);
    expect(dir).not.toBe(saved[SHARED_RUNS_ENV]);
    globalTeardown();
    expect(fs.existsSync(dir)).toBe(false);
  });

  it("is the kept one when a mutation run gives it, left in place with its runs for the next invocation", async () => {
    const kept = temporaryDirectory("kept-runs-test");
    process.env[KEPT_RUNS_ENV] = kept;
    globalSetup();
    expect(process.env[SHARED_RUNS_ENV]).toBe(kept);
    await sharedRun("prod", async () => result("prod"));
    globalTeardown();
    globalSetup();
    let runs = 0;
    expect(await sharedRun("prod", async () => (runs++, result("prod")))).toEqual(result("prod"));
    expect(runs).toBe(0);
  });
});
