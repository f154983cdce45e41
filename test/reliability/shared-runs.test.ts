import * as fs from "fs";
import { SHARED_RUNS_ENV, SharedRun, sharedRun } from "../harness/shared-runs";
import { temporaryDirectory } from "../harness/temporary-directory";

// Program runs shared between jest workers (test/harness/shared-runs.ts): one computes, the others read.
const result = (stack: string): SharedRun => ({ resources: [], stack, logs: [`ran ${stack}`], mode: "offline" });

describe("runs shared between workers", () => {
  const saved = process.env[SHARED_RUNS_ENV];
  let dir: string;
  beforeEach(() => {
    dir = temporaryDirectory("shared-runs-test");
    process.env[SHARED_RUNS_ENV] = dir;
  });
  afterEach(() => {
    if (saved === undefined) delete process.env[SHARED_RUNS_ENV];
    else process.env[SHARED_RUNS_ENV] = saved;
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
