import * as fs from "fs";
import { SHARED_RUNS_ENV } from "./shared-runs";

/** After the last worker: the shared runs go with the invocation. */
export default function globalTeardown(): void {
  const dir = process.env[SHARED_RUNS_ENV];
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
}
