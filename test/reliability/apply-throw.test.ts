import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { PROJECT_ROOT } from "../harness";
import { temporaryDirectory } from "../harness/temporary-directory";

describe("program errors thrown inside an apply", () => {
  test("fail the run with their message instead of passing unnoticed", () => {
    // Run outside jest: its sandbox keeps unhandled rejections from the harness, as the CLI's language host sees them.
    const script = path.join(temporaryDirectory("apply-throw"), "probe.ts");
    fs.writeFileSync(
      script,
      `import * as aws from "@pulumi/aws";
import { runComponents } from ${JSON.stringify(path.join(PROJECT_ROOT, "test", "harness"))};
runComponents(() => {
  const key = new aws.kms.Key("key", {});
  new aws.kms.Key("checked", { description: key.arn.apply((arn) => { if (arn) throw new Error("platform:test.key: rejected"); return arn; }) });
}).then(() => console.log("resolved"), (error) => console.log("rejected: " + error.message));
`,
    );
    const tsx = path.join(PROJECT_ROOT, "node_modules", ".bin", "tsx");
    // The SDK's leak detector also complains on exit about the failed registration's promises; only stdout matters here.
    const { stdout } = spawnSync(tsx, [script], { cwd: PROJECT_ROOT, encoding: "utf8", env: { ...process.env, NODE_PATH: path.join(PROJECT_ROOT, "node_modules") } });
    expect(stdout).toContain('rejected: error serializing property "description": platform:test.key: rejected');
  });
});
