/**
 * The operational commands as the processes `npm run` starts
 * (`node --import tsx scripts/<command>.ts`, package.json): `--help` is
 * answered before anything heavy loads. The Automation API and the AWS SDK's
 * clients cost several seconds to load, and only opening a stack needs them.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { USAGE as DRILL_USAGE } from "../../scripts/drill/args";
import { USAGE as FAILOVER_USAGE } from "../../scripts/failover/args";
import { USAGE as RELEASE_USAGE } from "../../scripts/release/args";
import { EXIT } from "../../scripts/release/cli";
import { PROJECT_ROOT } from "../harness/stack-config";

let dir: string;
let probe: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "entry-points-"));
  // Reports, as the process ends, which of the heavy packages it loaded.
  probe = path.join(dir, "probe.cjs");
  fs.writeFileSync(probe, `process.on("exit", () => process.stderr.write(JSON.stringify(Object.keys(require.cache).filter((f) => /node_modules\\/(@pulumi|@aws-sdk)\\//.test(f)))));\n`);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

test.each([
  ["release", RELEASE_USAGE],
  ["failover", FAILOVER_USAGE],
  ["drill", DRILL_USAGE],
])("npm run %s -- --help prints the usage and exits 0 without loading the Automation API, a provider or the AWS SDK", (command, usage) => {
  const run = spawnSync(process.execPath, ["--require", probe, "--import", "tsx", `scripts/${command}.ts`, "--help"], { cwd: PROJECT_ROOT, encoding: "utf8" });
  expect({ status: run.status, stdout: run.stdout, loaded: JSON.parse(run.stderr) }).toEqual({ status: EXIT.done, stdout: `${usage}\n`, loaded: [] });
});
