import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import type { CapturedResource } from "./capture";
import type { EngineMode } from "./engine-mode";

/**
 * Program runs shared between the jest workers of one `npm test`.
 *
 * Many test files read the same shipped stacks (prod on ECS, say); each jest
 * worker is its own process, so without sharing each file would load the
 * program and `@pulumi/aws` and run it again. The jest global setup
 * (`jest-global-setup.ts`) makes a folder for the invocation and names it in
 * `PLATFORM_SHARED_RUNS`; the first worker to need a run takes a lock,
 * runs the program and writes the result there; any other worker that needs
 * it reads the file, or waits for it while the lock is held. The folder goes
 * at the end of the invocation, so nothing outlives one `npm test`. Outside
 * jest (the preview, the scripts) nothing is shared.
 */
export const SHARED_RUNS_ENV = "PLATFORM_SHARED_RUNS";
/**
 * A folder that outlives the invocation, set by whoever runs jest many times
 * over the same program: a mutation run (`scripts/mutation.ts`) of a folder
 * no program imports runs jest once for each mutant, and every program run
 * is the same in all of them. The global setup shares runs there instead of
 * in a folder of its own, and the teardown leaves it.
 */
export const KEPT_RUNS_ENV = "PLATFORM_KEPT_RUNS";

/** What a run leaves for other workers: everything a `RunResult` holds. */
export interface SharedRun {
  readonly resources: CapturedResource[];
  readonly stack: string;
  readonly logs: string[];
  readonly mode: EngineMode;
}

/** How long a worker waits for another worker's run before running it itself. */
const WAIT_FOR_OTHER_WORKER_MS = 180_000;
const POLL_MS = 25;

/**
 * The shared result for `key`, computing it with `run` when no worker has:
 * `run` is called at most once across workers (unless the worker holding the
 * lock fails or takes longer than the wait, when a waiter runs it itself).
 * Without a shared folder it is just `run()`.
 */
export async function sharedRun(key: string, run: () => Promise<SharedRun>): Promise<SharedRun> {
  const dir = process.env[SHARED_RUNS_ENV];
  if (!dir) return run();
  const file = path.join(dir, `${createHash("sha256").update(key).digest("hex").slice(0, 32)}.json`);
  const lock = `${file}.lock`;
  const deadline = Date.now() + WAIT_FOR_OTHER_WORKER_MS;
  for (;;) {
    const ready = read(file);
    if (ready) return ready;
    if (take(lock)) break;
    if (Date.now() > deadline) return run();
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  try {
    const result = await run();
    const temporary = `${file}.${process.pid}`;
    fs.writeFileSync(temporary, JSON.stringify(result));
    fs.renameSync(temporary, file);
    return result;
  } finally {
    // A failed run leaves no file: a waiter then takes the lock and runs it, and fails the same way.
    fs.rmSync(lock, { force: true });
  }
}

function read(file: string): SharedRun | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8")) as SharedRun;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

/** Creates the lock file; false when another worker holds it. */
function take(lock: string): boolean {
  try {
    fs.closeSync(fs.openSync(lock, "wx"));
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  }
}
