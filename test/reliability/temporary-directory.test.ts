import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { PROJECT_ROOT } from "../harness/stack-config";
import { temporaryDirectory } from "../harness/temporary-directory";

// test/harness/temporary-directory.ts: the directories a test file makes outlive each test and describe block,
// and are gone once the file ends. Checked in a jest of its own, since the removal is the file's last step.
test("temporary directories last the whole test file and are removed, with what is in them, when it ends", () => {
  const log = path.join(temporaryDirectory("temporary-directory-log"), "log");
  fs.writeFileSync(log, "");
  const jest = spawnSync(
    process.execPath,
    [require.resolve("jest/bin/jest"), "--ci", "--testMatch", "**/fixtures/temporary-directory.fixture.ts", "--", "test/reliability/fixtures"],
    { cwd: PROJECT_ROOT, encoding: "utf8", env: { ...process.env, TEMPORARY_DIRECTORY_LOG: log } },
  );
  expect(jest.stderr).toMatch(/Tests: {7}3 passed, 3 total/);
  const made = fs.readFileSync(log, "utf8").trim().split("\n");
  expect(made.map((dir) => path.basename(dir).replace(/-\w{6}$/, ""))).toEqual(["fixture-hook", "fixture-test"]);
  expect(made.filter((dir) => fs.existsSync(dir))).toEqual([]);
  expect(jest.status).toBe(0);
});
