import { execFile, execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";
import { promisify } from "util";
import { PROJECT_ROOT } from "../harness";
import { temporaryDirectory } from "../harness/temporary-directory";

/**
 * What a team gets from `npm install pulumi-aws-platform`: the repository is
 * built and packed with `npm pack`, the tarball installed into a fresh project
 * (offline: the peers and ip-address are this worktree's installed copies,
 * linked with `file:`), and a plain Node.js program there composes four
 * components under the mock runtime. One build, pack and install per run.
 */

const manifest = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, "package.json"), "utf8"));
const SUBPATHS = ["cache", "database", "dns", "ecs", "eks", "loadbalancer", "monitoring", "network", "registry", "waf"];
const PEERS = Object.keys(manifest.peerDependencies);

interface Registration {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  readonly parent: string;
  readonly id: string;
  readonly inputs: Record<string, any>;
}

let work = "";
let packedFiles: string[] = [];
let consumerDir = "";
let installed = "";
let run: { packagePath: string; registered: Registration[] };
/** Type errors of two TypeScript files of the consumer's: one uses the package right, one wrong. */
let typeErrors: Record<"right" | "wrong", string[]>;

const npm = (args: string[], cwd: string) => execFileSync("npm", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });

beforeAll(async () => {
  work = temporaryDirectory("platform-consumer");
  npm(["run", "--silent", "build"], PROJECT_ROOT);
  const [packed] = JSON.parse(npm(["pack", "--json", "--ignore-scripts", "--pack-destination", work], PROJECT_ROOT));
  packedFiles = packed.files.map((f: { path: string }) => f.path);

  consumerDir = path.join(work, "consumer");
  fs.mkdirSync(consumerDir);
  const linked = (pkg: string) => `file:${path.join(PROJECT_ROOT, "node_modules", pkg)}`;
  const dependencies: Record<string, string> = { [manifest.name]: `file:${path.join(work, packed.filename)}`, "ip-address": linked("ip-address") };
  for (const peer of PEERS) dependencies[peer] = linked(peer);
  fs.writeFileSync(path.join(consumerDir, "package.json"), JSON.stringify({ name: "consumer", version: "1.0.0", private: true, dependencies }));
  // Peer ranges are checked here: npm refuses a linked peer outside peerDependencies.
  npm(["install", "--offline", "--ignore-scripts", "--no-audit", "--no-fund", "--no-package-lock"], consumerDir);
  installed = path.join(consumerDir, "node_modules", manifest.name);

  fs.copyFileSync(path.join(__dirname, "consumer", "program.js"), path.join(consumerDir, "program.js"));
  const program = promisify(execFile)(process.execPath, ["program.js"], { cwd: consumerDir, maxBuffer: 64 * 1024 * 1024 });
  typeErrors = typeCheckConsumer();
  run = JSON.parse((await program).stdout);
}, 240_000);

/**
 * Type-checks two files of the consumer's with the module resolution of
 * Pulumi's TypeScript template (`node`: `types` and `typesVersions`, not
 * `exports`). They use the network subpath only, whose declarations do not load
 * @pulumi/aws's, so this takes seconds.
 */
function typeCheckConsumer(): Record<"right" | "wrong", string[]> {
  const source = (use: string) => `import { Vpc, VpcArgs } from "${manifest.name}/network";
const args: VpcArgs = { cidr: "10.20.0.0/16", availabilityZones: ["eu-west-1a", "eu-west-1b"], nat: "single" };
const network = new Vpc("network", args);
${use}
`;
  const files = { right: source("export const ids = network.privateSubnetIds;"), wrong: source("export const ids: string[] = network.privateSubnetIds;") };
  const fileOf = (name: string) => path.join(consumerDir, `${name}.ts`);
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(fileOf(name), text);
  const options = { strict: true, noEmit: true, skipLibCheck: true, types: [], module: ts.ModuleKind.CommonJS, moduleResolution: ts.ModuleResolutionKind.Node10 };
  const program = ts.createProgram(Object.keys(files).map(fileOf), options);
  const errors = (name: string) => ts.getPreEmitDiagnostics(program, program.getSourceFile(fileOf(name))).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
  return { right: errors("right"), wrong: errors("wrong") };
}

describe("npm pack", () => {
  test("ships the compiled JavaScript and declarations, README, licence and changelog, and nothing else", () => {
    const outside = packedFiles.filter((f) => !f.startsWith("dist/"));
    expect(outside.sort()).toEqual(["CHANGELOG.md", "LICENSE", "README.md", "package.json"]);
    const kinds = new Set(packedFiles.filter((f) => f.startsWith("dist/")).map((f) => (f.endsWith(".d.ts") ? ".d.ts" : path.extname(f))));
    expect([...kinds].sort()).toEqual([".d.ts", ".js"]);
  });

  test("carries nothing of the AGPL-licensed IAM simulator the tests use: no dependency on it, no file that loads it", () => {
    const shipped = JSON.parse(fs.readFileSync(path.join(installed, "package.json"), "utf8"));
    const required = [shipped.dependencies, shipped.peerDependencies, shipped.optionalDependencies].flatMap((deps) => Object.keys(deps ?? {}));
    expect(required.filter((name) => name.startsWith("@cloud-copilot/"))).toEqual([]);
    expect(Object.keys(manifest.devDependencies).filter((name) => name.startsWith("@cloud-copilot/")).sort()).toEqual(["@cloud-copilot/iam-policy", "@cloud-copilot/iam-simulate"]);
    const loading = packedFiles.filter((f) => f.startsWith("dist/") && fs.readFileSync(path.join(installed, f), "utf8").includes("@cloud-copilot/"));
    expect(loading).toEqual([]);
  });

  test("compiles every component folder and nothing of the program, tests or scripts", () => {
    const folders = new Set(packedFiles.filter((f) => f.startsWith("dist/")).map((f) => f.split("/")[1]));
    expect([...folders].sort()).toEqual(["cache", "database", "dns", "ecs", "eks", "index.d.ts", "index.js", "internal", "loadbalancer", "monitoring", "network", "registry", "waf"]);
    for (const folder of SUBPATHS) {
      expect(packedFiles).toContain(`dist/${folder}/index.js`);
      expect(packedFiles).toContain(`dist/${folder}/index.d.ts`);
    }
  });

  test("ships the synthetic probe's script where the compiled SyntheticCanary reads it", () => {
    expect(packedFiles).toContain("dist/monitoring/canary/heartbeat.js");
  });
});

describe("the installed package", () => {
  test("is the tarball's copy, not a link back to this repository", () => {
    expect(fs.lstatSync(installed).isSymbolicLink()).toBe(false);
    expect(fs.realpathSync(run.packagePath)).toBe(path.join(fs.realpathSync(installed), "dist", "index.js"));
  });

  test("exports the root and one subpath per component folder, and hides its files behind them", () => {
    const requests = [manifest.name, ...SUBPATHS.map((folder) => `${manifest.name}/${folder}`), `${manifest.name}/dist/network/vpc`];
    const script = `console.log(JSON.stringify(${JSON.stringify(requests)}.map((r) => { try { return require.resolve(r); } catch (e) { return e.code; } })))`;
    expect(JSON.parse(execFileSync(process.execPath, ["-e", script], { cwd: consumerDir, encoding: "utf8" }))).toEqual([
      path.join(installed, "dist", "index.js"),
      ...SUBPATHS.map((folder) => path.join(installed, "dist", folder, "index.js")),
      "ERR_PACKAGE_PATH_NOT_EXPORTED",
    ]);
  });

  test.each([
    ["node10 (Pulumi's TypeScript template), through typesVersions", ts.ModuleResolutionKind.Node10],
    ["node16, through exports", ts.ModuleResolutionKind.Node16],
    ["bundler, through exports", ts.ModuleResolutionKind.Bundler],
  ])("resolves the root and every subpath to its declarations with moduleResolution %s", (_, moduleResolution) => {
    const host = ts.createCompilerHost({});
    const options: ts.CompilerOptions = { moduleResolution, module: moduleResolution === ts.ModuleResolutionKind.Node16 ? ts.ModuleKind.Node16 : ts.ModuleKind.ESNext };
    const from = path.join(consumerDir, "index.ts");
    const declarations = (request: string) => ts.resolveModuleName(request, from, options, host).resolvedModule?.resolvedFileName;
    expect(declarations(manifest.name)).toBe(path.join(installed, "dist", "index.d.ts"));
    for (const folder of SUBPATHS) expect(declarations(`${manifest.name}/${folder}`)).toBe(path.join(installed, "dist", folder, "index.d.ts"));
  });

  test("type-checks a consumer's TypeScript against its declarations, and rejects a wrong use", () => {
    expect(typeErrors.right).toEqual([]);
    expect(typeErrors.wrong.join("\n")).toMatch(/'Output<string>\[\]' is not assignable to type 'string\[\]'/);
  });
});

describe("a program composing Vpc, Database, Cache and WeightedLoadBalancer from the installed package", () => {
  const one = (type: string, name: string) => {
    const found = run.registered.find((r) => r.type === type && r.name === name);
    if (!found) throw new Error(`no ${type} named ${name}`);
    return found;
  };

  test("registers the four components under the stack with the types existing stacks have in their URNs", () => {
    const stack = one("pulumi:pulumi:Stack", "consumer-dev");
    for (const [type, name] of [
      ["platform:network:Vpc", "network"],
      ["platform:database:Postgres", "database"],
      ["platform:cache:Redis", "cache"],
      ["platform:loadbalancer:WeightedLoadBalancer", "edge"],
    ]) {
      expect(one(type, name).parent).toBe(stack.urn);
    }
  });

  test("creates each component's resources as its children", () => {
    expect(one("aws:ec2/vpc:Vpc", "network").parent).toBe(one("platform:network:Vpc", "network").urn);
    expect(one("aws:rds/instance:Instance", "database").parent).toBe(one("platform:database:Postgres", "database").urn);
    expect(one("aws:elasticache/replicationGroup:ReplicationGroup", "cache").parent).toBe(one("platform:cache:Redis", "cache").urn);
    expect(one("aws:lb/loadBalancer:LoadBalancer", "edge").parent).toBe(one("platform:loadbalancer:WeightedLoadBalancer", "edge").urn);
  });

  test("puts the database in the VPC's database subnets and the load balancer in its public ones", () => {
    const subnetIds = (tier: string) => ["eu-west-1a", "eu-west-1b"].map((az) => one("aws:ec2/subnet:Subnet", `network-${tier}-${az}`).id);
    expect(one("aws:rds/subnetGroup:SubnetGroup", "database").inputs.subnetIds).toEqual(subnetIds("database"));
    expect(one("aws:lb/loadBalancer:LoadBalancer", "edge").inputs.subnets).toEqual(subnetIds("public"));
  });

  test("admits the team's own security group into the database and the cache, and nothing else", () => {
    const app = one("aws:ec2/securityGroup:SecurityGroup", "app");
    const fromApp = run.registered.filter((r) => r.type === "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule" && r.inputs.referencedSecurityGroupId === app.id);
    expect(fromApp.map((r) => [r.inputs.fromPort, r.name]).sort()).toEqual([
      [5432, "database-from-app"],
      [5432, "database-proxy-from-app"],
      [6379, "cache-from-app"],
    ]);
  });
});
