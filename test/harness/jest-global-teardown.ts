import * as fs from "fs";
import { KEPT_RUNS_ENV, SHARED_RUNS_ENV } from "./shared-runs";

/** After the last worker: the shared runs go with the invocation, unless they are kept for the next one. */
export default function globalTeardown(): void {
  const dir = process.env[SHARED_RUNS_ENV];
  if (dir && dir !== process.env[KEPT_RUNS_ENV]) fs.rmSync(dir, { recursive: true, force: true });
}
