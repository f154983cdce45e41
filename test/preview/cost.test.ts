import * as fs from "fs";
import * as path from "path";
import { estimateRun } from "../../scripts/cost/estimate-run";
import { costDocument } from "../../scripts/cost/render";
import { main, MainOptions } from "../../scripts/preview/cli";
import { runProgram } from "../harness";
import { temporaryDirectory } from "../harness/temporary-directory";

async function preview(argv: string[], options: MainOptions = {}) {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), ...options });
  return { code, stdout, stderr };
}

const dir = temporaryDirectory("preview-cost");

describe("the offline preview's cost estimate", () => {
  it("comes after the policy report, and --estimate writes the npm run cost document of the same run", async () => {
    const file = path.join(dir, "dev.json");
    const { code, stdout } = await preview(["--stack", "dev", "--estimate", file]);
    expect(code).toBe(0);
    const [policies, estimate] = [stdout.indexOf("\nPolicies:\n"), stdout.indexOf("\nCost estimate (dev): $")];
    expect(policies).toBeGreaterThan(0);
    expect(estimate).toBeGreaterThan(policies);
    expect(stdout).toContain(`Estimate: wrote ${file}`);
    const expected = costDocument("dev", estimateRun(await runProgram({ stack: "dev" })));
    expect(JSON.parse(fs.readFileSync(file, "utf8"))).toEqual(JSON.parse(JSON.stringify(expected)));
  }, 180_000);

  it("is the `cost` member of the --json document", async () => {
    const { stdout } = await preview(["--stack", "dev", "--json", "--no-policies"]);
    const document = JSON.parse(stdout);
    expect(Object.keys(document.cost)).toEqual(["stack", "currency", "monthly", "components", "resources", "assumptions"]);
    expect(document.cost.monthly).toBeGreaterThan(0);
  }, 180_000);

  it("fails the preview with exit code 2, in the Markdown report too, when the usage file is invalid", async () => {
    const usageFile = path.join(dir, "bad-usage.yaml");
    fs.writeFileSync(usageFile, "wafRequestsMillions:\n  value: 3\n");
    const markdown = path.join(dir, "dev.md");
    const { code, stderr } = await preview(["--stack", "dev", "--no-policies", "--markdown", markdown], { usageFile });
    expect(code).toBe(2);
    expect(stderr).toContain("wafRequestsMillions.why is missing (expected the reasoning behind 3 million requests");
    expect(fs.readFileSync(markdown, "utf8")).toContain("wafRequestsMillions.why is missing");
  }, 180_000);
});
