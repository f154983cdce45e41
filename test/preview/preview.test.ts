import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { allowFromPeer, SecurityGroupPeer } from "../../components/internal/connections";
import { Vpc } from "../../components/network";
import { parseArgs, UsageError } from "../../scripts/preview/args";
import { main, MainOptions } from "../../scripts/preview/cli";
import { architecture, renderDiagram } from "../../scripts/preview/diagram";
import { describeFailure, renderFailure } from "../../scripts/preview/errors";
import { JsonReport } from "../../scripts/preview/json";
import { listPacks, PackInfo, renderViolations } from "../../scripts/preview/policies";
import { diagramBlock, readDiagram, replaceDiagram } from "../../scripts/preview/readme";
import { displayType, renderOutputs, SECRET_MASK } from "../../scripts/preview/render";
import { PROJECT_ROOT, runComponents, runProgram, RunResult } from "../harness";
import { temporaryDirectory } from "../harness/temporary-directory";

/** Runs the CLI in-process and collects what it printed. */
async function cli(argv: string[], options: MainOptions = {}) {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), ...options });
  return { code, stdout, stderr };
}

/** Tree rows of the text report: lines that start with the create mark. */
const treeRows = (text: string) => text.split("\n").filter((l) => l.startsWith(" +   "));

describe("offline preview of the dev stack", () => {
  let dev: RunResult;
  let text: { code: number; stdout: string; stderr: string };
  let json: { code: number; stdout: string; stderr: string };
  const diagramFile = path.join(temporaryDirectory("preview"), "nested", "dev.mmd");
  beforeAll(async () => {
    dev = await runProgram({ stack: "dev" });
    text = await cli(["--stack", "dev", "--no-policies"]);
    json = await cli(["--stack", "dev", "--json", "--no-policies", "--diagram", diagramFile]);
  });

  test("exits 0 and prints a create row for every registered resource, the stack first", () => {
    expect(text.code).toBe(0);
    const rows = treeRows(text.stdout);
    expect(rows).toHaveLength(dev.resources.length);
    expect(rows[0]).toMatch(/^ \+ {3}pulumi:pulumi:Stack +platform-dev +create$/);
  });

  test("nests every child under its parent with tree branches", () => {
    const rows = treeRows(text.stdout);
    const vpcRow = rows.findIndex((r) => /[├└]─ platform:network:Vpc +network /.test(r));
    expect(vpcRow).toBeGreaterThan(0);
    const vpcChildren = dev.resources.filter((r) => r.parent === dev.one("platform:network:Vpc", "network").urn);
    // The component's direct children sit one level deeper, right below it.
    const depth = (row: string) => row.indexOf("─");
    const end = rows.findIndex((r, i) => i > vpcRow && depth(r) <= depth(rows[vpcRow]));
    const subtree = rows.slice(vpcRow + 1, end < 0 ? undefined : end);
    expect(subtree.filter((r) => depth(r) === depth(rows[vpcRow]) + 3)).toHaveLength(vpcChildren.length);
    expect(rows.some((r) => /└─ aws:ec2:Vpc +network /.test(r) || /├─ aws:ec2:Vpc +network /.test(r))).toBe(true);
  });

  test("summarises resources by type and gives the total the CLI would", () => {
    const subnets = dev.ofType("aws:ec2/subnet:Subnet").length;
    expect(text.stdout).toMatch(new RegExp(`\\n +${subnets}  aws:ec2:Subnet\\n`));
    expect(text.stdout).toContain(`Resources:\n    + ${dev.resources.length} to create`);
  });

  test("prints every stack output", () => {
    const outputs = text.stdout.slice(text.stdout.indexOf("Outputs:"));
    for (const key of Object.keys(dev.outputs)) expect(outputs).toMatch(new RegExp(`\\n    ${key}: `));
    expect(outputs).toContain(`"${dev.outputs.vpcId}"`);
  });

  test("--json prints one document with a create step per resource, the counts, the outputs and the architecture", async () => {
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout) as JsonReport;
    expect(report.stack).toBe("dev");
    expect(report.ok).toBe(true);
    expect(report.steps).toHaveLength(dev.resources.length);
    expect(new Set(report.steps.map((s) => s.op))).toEqual(new Set(["create"]));
    expect(report.changeSummary).toEqual({ create: dev.resources.length });
    expect(Object.values(report.resourcesByType).reduce((a, b) => a + b, 0)).toBe(dev.resources.length - 1);
    expect(report.outputs.vpcId).toBe(dev.outputs.vpcId);
    expect(report.architecture.components.map((c) => c.name)).toContain("network");
    expect(report.policies.ran).toBe(false);
  });

  test("never prints the stand-in value of a secure config value", () => {
    expect(text.stdout).not.toContain("mock-secret-for-");
    expect(json.stdout).not.toContain("mock-secret-for-");
  });

  test("--diagram writes the Mermaid flowchart to the file", () => {
    expect(fs.readFileSync(diagramFile, "utf8")).toBe(`${renderDiagram(dev)}\n`);
  });
});

describe("secrets in the preview", () => {
  test("stack outputs marked secret print as [secret], other outputs print in full", async () => {
    const run = await runComponents(() => ({ password: pulumi.secret("hunter2-value"), nested: { token: pulumi.secret("tok-123"), host: "db.internal" }, plain: "visible" }));
    const text = renderOutputs(run);
    expect(text).not.toContain("hunter2-value");
    expect(text).not.toContain("tok-123");
    expect(text).toMatch(/password: +\[secret\]/);
    expect(text).toMatch(/token: +\[secret\]/);
    expect(text).toContain('"db.internal"');
    expect(text).toContain('"visible"');
  });

  test("secret inputs are masked in the JSON steps", async () => {
    const { jsonReport } = await import("../../scripts/preview/json");
    const run = await runComponents(() => {
      new aws.ssm.Parameter("p", { type: "SecureString", value: pulumi.secret("s3cr3t-value"), name: "/app/token" });
    });
    const report = jsonReport(run, { violations: [], packs: [], diagnostics: [], durationMs: 0, policiesRan: false });
    expect(JSON.stringify(report)).not.toContain("s3cr3t-value");
    expect(report.steps.find((s) => s.newState.type === "aws:ssm/parameter:Parameter")!.newState.inputs.value).toBe(SECRET_MASK);
  });
});

describe("architecture diagram", () => {
  let fixture: RunResult;
  /**
   * A Vpc; an app that puts a security group in it and nests a second Vpc; a
   * database that admits the app's security group on its port.
   */
  beforeAll(async () => {
    fixture = await runComponents(() => {
      const network = new Vpc("network", { cidr: "10.0.0.0/16", availabilityZones: ["eu-west-1a", "eu-west-1b"] });
      class App extends pulumi.ComponentResource {
        readonly securityGroupId: pulumi.Output<string>;
        constructor(name: string, opts?: pulumi.ComponentResourceOptions) {
          super("platform:test:App", name, {}, opts);
          this.securityGroupId = new aws.ec2.SecurityGroup(`${name}-sg`, { vpcId: network.vpcId, description: "app" }, { parent: this }).id;
          new Vpc(`${name}-inner`, { cidr: "10.1.0.0/16", availabilityZones: ["eu-west-1a", "eu-west-1b"] }, { parent: this });
          this.registerOutputs({ securityGroupId: this.securityGroupId });
        }
      }
      class Db extends pulumi.ComponentResource {
        constructor(name: string, peer: SecurityGroupPeer, opts?: pulumi.ComponentResourceOptions) {
          super("platform:test:Db", name, {}, opts);
          const sg = new aws.ec2.SecurityGroup(`${name}-sg`, { vpcId: network.vpcId, description: "db" }, { parent: this });
          allowFromPeer(this, name, "app", sg.id, peer, 5432, "PostgreSQL from app");
          this.registerOutputs({ securityGroupId: sg.id });
        }
      }
      new Db("db", new App("app"));
    });
  });

  test("has one node per component and none for plain resources", async () => {
    const run = fixture;
    const diagram = renderDiagram(run);
    expect(diagram.split("\n")[0]).toBe("flowchart LR");
    const nodes = diagram.split("\n").filter((l) => /^ {2}\w+\[/.test(l));
    expect(nodes.map((n) => n.trim().split("[")[0]).sort()).toEqual(["app", "app_inner", "db", "network"]);
    expect(diagram).not.toContain("app-sg");
  });

  test("draws a component that uses another one's output as an edge labelled with what it uses", async () => {
    const run = fixture;
    const { relations } = architecture(run);
    const app = run.one("platform:test:App", "app").urn;
    const network = run.one("platform:network:Vpc", "network").urn;
    expect(relations).toContainEqual({ from: app, to: network, kind: "uses", via: ["VPC"] });
    expect(renderDiagram(run)).toContain('  app -->|"VPC"| network');
  });

  test("draws an ingress rule admitting another component's security group in the direction traffic flows", () => {
    const diagram = renderDiagram(fixture);
    expect(diagram).toContain('  app -->|"network access"| db');
    expect(diagram).not.toMatch(/db -->\|[^|]*network access[^|]*\| app/);
  });

  test("draws a component created inside another as contains, not as a use", async () => {
    const run = fixture;
    const diagram = renderDiagram(run);
    expect(diagram).toContain("  app -. contains .-> app_inner");
    expect(diagram).not.toMatch(/app -->\|[^|]*\| app_inner/);
  });

  test("counts the resources each component owns directly", async () => {
    const run = fixture;
    const inner = run.one("platform:network:Vpc", "app-inner").urn;
    const owned = run.resources.filter((r) => r.custom && r.parent && (r.parent === inner || run.byUrn(r.parent)?.parent === inner)).length;
    expect(renderDiagram(run)).toContain(`platform:network:Vpc · ${owned} resources`);
    expect(renderDiagram(run)).toContain("platform:test:App · 1 resource<");
    expect(renderDiagram(run)).toContain("platform:test:Db · 2 resources<");
  });

  test("draws resources deployed through another component's provider as a use of that component", async () => {
    const run = await runComponents(() => {
      class Cluster extends pulumi.ComponentResource {
        readonly provider: k8s.Provider;
        constructor(name: string) {
          super("platform:test:Cluster", name, {});
          this.provider = new k8s.Provider(`${name}-k8s`, { kubeconfig: "{}" }, { parent: this });
          this.registerOutputs({});
        }
      }
      class Workload extends pulumi.ComponentResource {
        constructor(name: string, cluster: Cluster) {
          super("platform:test:Workload", name, {});
          new k8s.core.v1.Namespace(name, { metadata: { name } }, { parent: this, provider: cluster.provider });
          this.registerOutputs({});
        }
      }
      new Workload("monitoring", new Cluster("eks"));
    });
    expect(renderDiagram(run)).toContain('  monitoring -->|"Kubernetes API"| eks');
  });

  test("replaceDiagram rewrites only the block between a stack's markers", () => {
    const readme = "# x\n<!-- diagram:dev:start -->\nold\n<!-- diagram:dev:end -->\ntail\n";
    const updated = replaceDiagram(readme, "dev", "flowchart LR\n  a");
    expect(readDiagram(updated, "dev")).toBe(diagramBlock("flowchart LR\n  a"));
    expect(updated.startsWith("# x\n")).toBe(true);
    expect(updated.endsWith("<!-- diagram:dev:end -->\ntail\n")).toBe(true);
  });

  test("the README shows the current diagram of every stack", async () => {
    const { code, stderr } = await cli(["--check-readme"]);
    expect(stderr).toBe("");
    expect(code).toBe(0);
  });

  test("--check-readme fails and names the stack when its diagram is stale", async () => {
    const readme = fs.readFileSync(path.join(PROJECT_ROOT, "README.md"), "utf8");
    const file = path.join(temporaryDirectory("readme"), "README.md");
    fs.writeFileSync(file, replaceDiagram(readme, "staging", "flowchart LR\n  stale"));
    const { code, stderr } = await cli(["--check-readme", "--stack", "staging"], { readmePath: file });
    expect(code).toBe(1);
    expect(stderr).toContain("staging");
    expect(stderr).toContain("--update-readme");
  });
});

describe("failures", () => {
  test("a config error names the key and the problem in the first lines, without a stack trace, and exits 2", async () => {
    const { code, stdout, stderr } = await cli(["--stack", "dev"], { overrides: { "platform:network": { cidr: "10.0.0.0/33" } } });
    expect(code).toBe(2);
    expect(stdout).toBe("");
    const lines = stderr.split("\n");
    expect(lines[0]).toBe("error: stack dev has invalid configuration (1 problem) in Pulumi.dev.yaml:");
    expect(lines[1]).toMatch(/^ {2}- platform:network\.cidr: "10\.0\.0\.0\/33" /);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  test("a failure's trace (--verbose) has the frames of the code that threw: the failed run is repeated with stack frames, which the first run goes without", async () => {
    const { code, stderr } = await cli(["--stack", "dev", "--verbose"], { overrides: { "platform:network": { cidr: "10.0.0.0/33" } } });
    expect(code).toBe(2);
    expect(stderr).toMatch(/\n\s+at parsePlatformConfig \(\S*\/stacks\/config\/index\.ts:\d+:\d+\)/);
  });

  test("a config error in --json mode is a document naming the failing keys", async () => {
    const { code, stdout } = await cli(["--stack", "dev", "--json"], { overrides: { "platform:network": { cidr: "10.0.0.0/33", nat: "double" } } });
    expect(code).toBe(2);
    const report = JSON.parse(stdout);
    expect(report.ok).toBe(false);
    expect(report.error.kind).toBe("config");
    expect(report.error.keys).toEqual(expect.arrayContaining(["platform:network.cidr", "platform:network.nat"]));
  });

  test("a component's error names the component type and name on the first line", async () => {
    // With stack frames, as the preview runs the program.
    const failure = await runComponents(() => void new Vpc("edge", { cidr: "10.0.0.0/8", availabilityZones: ["eu-west-1a"] }), { stackFrames: true }).then(
      () => undefined,
      (error: unknown) => error,
    );
    const report = describeFailure(failure, "dev");
    expect(report.kind).toBe("component");
    expect(report.component).toEqual({ type: "platform:network:Vpc", name: "edge" });
    const text = renderFailure(report, false);
    expect(text.split("\n")[0]).toMatch(/^error: platform:network:Vpc "edge" failed: /);
    expect(text).not.toMatch(/\n\s+at /);
    expect(renderFailure(report, true)).toMatch(/\n\s+at /);
  });

  test("any other program error says the program failed and why, pointing at the project's own frame", () => {
    const error = new Error("cannot read the image tag\nsecond line");
    error.stack = `Error: cannot read the image tag\n    at build (${PROJECT_ROOT}/node_modules/x/index.js:1:1)\n    at createPlatform (${PROJECT_ROOT}/stacks/program.ts:42:7)`;
    const report = describeFailure(error, "dev");
    expect(report.kind).toBe("program");
    const lines = renderFailure(report, false).split("\n");
    expect(lines[0]).toBe("error: the program failed: cannot read the image tag");
    expect(lines[1]).toBe("second line");
    expect(lines[2]).toMatch(/^ {2}at .*stacks\/program\.ts:42:7$/);
    expect(lines).toContain("(run with --verbose for the stack trace)");
  });

  test("an unknown stack is a usage error", async () => {
    expect(() => parseArgs(["--stack", "qa"])).toThrow(UsageError);
    const { code, stderr } = await cli(["--stack", "qa"]);
    expect(code).toBe(64);
    expect(stderr.split("\n")[0]).toBe('error: --stack "qa" is not allowed (expected one of dev, staging, prod, prod-dr: the stacks with a Pulumi.<stack>.yaml)');
  });
});

describe("policy violations", () => {
  const tmp = temporaryDirectory("pack-config");
  const writeConfig = (name: string, config: unknown) => {
    const file = path.join(tmp, name);
    fs.writeFileSync(file, JSON.stringify(config));
    return file;
  };

  describe("with the real packs", () => {
    let packs: PackInfo[];
    let baseline: JsonReport;
    let baselineCode: number;
    beforeAll(async () => {
      packs = await listPacks();
      // Every policy of both packs advisory: the compliant baseline for exit codes.
      const allAdvisory = writeConfig("all-advisory.json", Object.fromEntries(packs.map((p) => [p.name, { all: "advisory" }])));
      const { code, stdout } = await cli(["--stack", "dev", "--json", "--policy-pack-config", allAdvisory]);
      baselineCode = code;
      baseline = JSON.parse(stdout);
    });

    test("runs both packs over the stack; with every policy advisory, violations are reported and the exit code is 0", () => {
      expect(baselineCode).toBe(0);
      expect(packs.map((p) => p.folder).sort()).toEqual(["compliance", "security"]);
      expect(baseline.policies.ran).toBe(true);
      expect(baseline.policies.counts.mandatory).toBe(0);
      expect(baseline.ok).toBe(true);
      expect(baseline.policies.violations.length).toBeGreaterThan(0);
    });

    test("a policy the pack config makes mandatory fails the preview with exit 1 and is listed as mandatory", async () => {
      const target = baseline.policies.violations[0];
      const pack = packs.find((p) => p.name === target.pack)!;
      const others = writeConfig("others.json", Object.fromEntries(packs.filter((p) => p !== pack).map((p) => [p.folder, { all: "advisory" }])));
      // The second file is in the CLI's one-pack format: policy names as keys.
      const one = writeConfig("one.json", { all: "advisory", [target.policy]: "mandatory" });
      const { code, stdout, stderr } = await cli(["--stack", "dev", "--policy-pack-config", others, "--policy-pack-config", one]);
      expect(code).toBe(1);
      expect(stdout).toContain(`❌ ${pack.name}@v${pack.version} (local: policies/${pack.folder})`);
      expect(stdout).toContain(`- [mandatory]  ${target.policy}`);
      expect(stderr).toMatch(/^error: preview failed: \d+ mandatory policy violations?\n$/);
    });

    test("a pack config key that names no pack or policy is an error naming the key", async () => {
      const typo = writeConfig("typo.json", { "aws-no-such-policy": "mandatory" });
      const { code, stderr } = await cli(["--stack", "dev", "--policy-pack-config", typo]);
      expect(code).toBe(64);
      expect(stderr.split("\n")[0]).toContain('"aws-no-such-policy" names no pack or policy');
    });
  });

  test("violations are grouped by level, mandatory before advisory, within each pack", () => {
    const v = (policy: string, level: "mandatory" | "advisory") => ({ pack: "security", policy, level, message: policy });
    const text = renderViolations([v("b-advisory", "advisory"), v("a-mandatory", "mandatory"), v("c-advisory", "advisory")], [{ folder: "security", name: "security", version: "1.2.0", policies: ["a-mandatory", "b-advisory", "c-advisory"] }]);
    expect(text.split("\n").filter((l) => l.includes("- ["))).toEqual([
      "        - [mandatory]  a-mandatory",
      "        - [advisory]  b-advisory",
      "        - [advisory]  c-advisory",
    ]);
    expect(text).toContain("❌ security@v1.2.0 (local: policies/security)");
  });
});

test("arguments take values after a space or an equals sign, and --policy-pack-config repeats", () => {
  const args = parseArgs(["--stack=prod", "--json", "--diagram", "out/prod.mmd", "--policy-pack-config", "a.json", "--policy-pack-config=b.json"], ["dev", "staging", "prod"]);
  expect(args).toMatchObject({ stack: "prod", json: true, diagram: "out/prod.mmd", policyPackConfigs: ["a.json", "b.json"], policies: true });
  expect(() => parseArgs(["--stack"], ["dev"])).toThrow("--stack needs a value");
  expect(() => parseArgs(["--json"], ["dev"])).toThrow("--stack is required");
  expect(() => parseArgs(["--stack", "dev", "--colour"], ["dev"])).toThrow('unknown argument "--colour"');
});

test("--help prints the usage and exits 0", async () => {
  const { code, stdout } = await cli(["--help"]);
  expect(code).toBe(0);
  expect(stdout).toMatch(/^Usage: npm run preview -- --stack/);
});

test("types display the way the CLI shortens them", () => {
  expect(displayType("aws:ec2/securityGroup:SecurityGroup")).toBe("aws:ec2:SecurityGroup");
  expect(displayType("aws:ec2/vpcEndpoint:VpcEndpoint")).toBe("aws:ec2:VpcEndpoint");
  expect(displayType("kubernetes:apps/v1:Deployment")).toBe("kubernetes:apps/v1:Deployment");
  expect(displayType("platform:network:Vpc")).toBe("platform:network:Vpc");
});

test("the main job, npm run preview -- --stack dev, runs as a fresh process (package.json's command, from its bundle) with the policy packs and the stack's pack config and exits 0", () => {
  const command = (JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts.preview.split(" ");
  expect(command.slice(0, 3)).toEqual(["node", "scripts/bundled/run.js", "scripts/preview.ts"]);
  const result = spawnSync(process.execPath, [...command.slice(1), "--stack", "dev", "--json"], { cwd: PROJECT_ROOT, encoding: "utf8", timeout: 90_000 });
  expect(result.stderr).toBe("");
  expect(result.status).toBe(0);
  const report = JSON.parse(result.stdout) as JsonReport;
  expect(report.stack).toBe("dev");
  expect(report.steps.length).toBeGreaterThan(1);
  expect(report.policies.ran).toBe(true);
  const shipped = ["security", "compliance"].map((pack) => `policies/${pack}/config/dev.json`).filter((f) => fs.existsSync(path.join(PROJECT_ROOT, f)));
  expect(report.policies.configFiles).toEqual(shipped);
});
