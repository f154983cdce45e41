/**
 * Temporary directories a test file makes, all removed when the file ends.
 * Importing this module registers the removal as an `afterAll` in the file's
 * top-level scope, so it runs once the file's last test is done, whichever
 * test made the directory (jest refuses hooks declared inside a test, and
 * imports run while the file is collected, before any test).
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const made: string[] = [];

afterAll(() => {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A new empty directory under the system's temporary folder, named `<prefix>-XXXXXX`. */
export function temporaryDirectory(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
  made.push(dir);
  return dir;
}
