import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { KEPT_RUNS_ENV, SHARED_RUNS_ENV } from "./shared-runs";

/** Before any worker starts: the folder this `npm test` shares program runs in (`shared-runs.ts`): the kept one, if given. */
export default function globalSetup(): void {
  process.env[SHARED_RUNS_ENV] = process.env[KEPT_RUNS_ENV] || fs.mkdtempSync(path.join(os.tmpdir(), "platform-runs-"));
}
