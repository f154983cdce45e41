import * as fs from "fs";
import * as path from "path";
import { parseArgs, UsageError } from "../../scripts/preview/args";
import { main, MainOptions } from "../../scripts/preview/cli";
import { JsonReport } from "../../scripts/preview/json";
import { escapeText } from "../../scripts/preview/markdown";
import { listPacks, PackInfo } from "../../scripts/preview/policies";
import { allPolicies } from "../harness/policy-runner";
import { temporaryDirectory } from "../harness/temporary-directory";

const tmp = temporaryDirectory("preview-markdown");
const file = (name: string) => path.join(tmp, name);
const writeJson = (name: string, value: unknown) => {
  fs.writeFileSync(file(name), JSON.stringify(value));
  return file(name);
};

/** Runs the CLI in-process; returns the exit code and the Markdown report it wrote. */
async function cli(argv: string[], report: string, options: MainOptions = {}) {
  let stdout = "";
  const code = await main([...argv, "--markdown", report], { stdout: (t) => void (stdout += t), stderr: () => undefined, ...options });
  return { code, stdout, markdown: fs.readFileSync(report, "utf8") };
}

/** The table rows of a Markdown report (lines starting with `| ` after the header and separator). */
const rows = (markdown: string) => markdown.split("\n").filter((l) => l.startsWith("| ") && !l.startsWith("| Level") && !l.startsWith("| ---"));

describe("the --markdown policy report, with the real packs on the dev stack", () => {
  let packs: PackInfo[];
  let target: JsonReport["policies"]["violations"][number];
  let failing: { code: number; stdout: string; markdown: string };
  beforeAll(async () => {
    packs = await listPacks();
    // Every policy advisory gives the findings on dev; one of them is then made mandatory.
    const allAdvisory = writeJson("all-advisory.json", Object.fromEntries(packs.map((p) => [p.name, { all: "advisory" }])));
    const baseline = await cli(["--stack", "dev", "--json", "--policy-pack-config", allAdvisory], file("baseline.md"));
    target = (JSON.parse(baseline.stdout) as JsonReport).policies.violations[0];
    const mandatory = writeJson("one-mandatory.json", { [target.pack]: { all: "advisory", [target.policy]: "mandatory" } });
    failing = await cli(["--stack", "dev", "--policy-pack-config", allAdvisory, "--policy-pack-config", mandatory], file("failing.md"));
  });

  test("a mandatory violation fails the preview and the report still names the policy, the resource and the policy's remediation steps", () => {
    expect(failing.code).toBe(1);
    expect(failing.markdown.split("\n")[0]).toMatch(/^### ❌ dev: \d+ mandatory policy violations?$/);
    const row = rows(failing.markdown).find((r) => r.includes(`\`${target.policy}\``) && r.startsWith("| ❌ mandatory |"));
    expect(row).toBeDefined();
    const remediation = allPolicies().find((p) => p.name === target.policy)!.remediationSteps;
    expect(remediation.length).toBeGreaterThan(0);
    expect(row).toContain(escapeText(remediation));
    expect(row).toContain(`\`${target.name}\``);
    expect(failing.stdout).toContain(`Markdown report: wrote ${file("failing.md")}`);
  });

  test("findings that do not fail the preview sit in a collapsed section below the mandatory ones", () => {
    const markdown = failing.markdown;
    const details = markdown.indexOf("<details>");
    expect(details).toBeGreaterThan(markdown.indexOf("| ❌ mandatory |"));
    expect(markdown.slice(details)).not.toContain("| ❌ mandatory |");
  });

  test("--json carries each violation's remediation steps from its policy's metadata", async () => {
    const { stdout } = await cli(["--stack", "dev", "--json", "--policy-pack-config", file("all-advisory.json")], file("json.md"));
    const violations = (JSON.parse(stdout) as JsonReport).policies.violations;
    expect(violations.length).toBeGreaterThan(0);
    for (const v of violations) expect(v.remediation).toBe(allPolicies().find((p) => p.name === v.policy)!.remediationSteps);
  });

  test("a config error that stops the program still writes a report with the failing key, and exits 2", async () => {
    const { code, markdown } = await cli(["--stack", "dev"], file("config-error.md"), { overrides: { "platform:network": { cidr: "10.0.0.0/33" } } });
    expect(code).toBe(2);
    expect(markdown.split("\n")[0]).toBe("### 💥 dev: the offline preview failed");
    expect(markdown).toContain('- platform:network.cidr: "10.0.0.0/33"');
    expect(markdown).not.toMatch(/\n\s+at /);
  });

  test("a pack config naming no policy writes a report with the error, and exits 64", async () => {
    const typo = writeJson("typo.json", { "aws-no-such-policy": "mandatory" });
    const { code, markdown } = await cli(["--stack", "dev", "--policy-pack-config", typo], file("typo.md"));
    expect(code).toBe(64);
    expect(markdown.split("\n")[0]).toBe("### 💥 dev: the offline preview failed");
    expect(markdown).toContain('"aws-no-such-policy" names no pack or policy');
  });
});

describe("Markdown report rendering", () => {
  test("a message with a pipe, a line break and HTML stays inside its table cell", async () => {
    const message = "ports 0|65535 open\n<script>";
    const runner = async () => [{ pack: "platform-security", policy: "aws-ec2-security-group-no-open-ingress", level: "mandatory" as const, message, type: "aws:ec2/securityGroup:SecurityGroup", name: "web|sg", urn: "urn:x" }];
    const { code, markdown } = await cli(["--stack", "dev"], file("escaped.md"), { policyRunner: runner });
    expect(code).toBe(1);
    const [row] = rows(markdown);
    expect(row).toContain("ports 0\\|65535 open<br>&lt;script&gt;");
    expect(row).toContain("`web\\|sg`");
    // Five columns: the pipes that separate cells are the only unescaped ones.
    expect(row.split(/(?<!\\)\|/).length - 2).toBe(5);
  });

  test("--no-policies says the packs did not run instead of reporting a clean stack", async () => {
    const { code, markdown } = await cli(["--stack", "dev", "--no-policies"], file("skipped.md"));
    expect(code).toBe(0);
    expect(markdown.split("\n")[0]).toBe("### ⏭️ dev: policy packs not run");
  });

  test("--markdown reports one stack, so it needs --stack", () => {
    expect(() => parseArgs(["--check-readme", "--markdown", "x.md"], ["dev"])).toThrow(UsageError);
    expect(() => parseArgs(["--check-readme", "--markdown", "x.md"], ["dev"])).toThrow("--markdown needs --stack");
  });
});
