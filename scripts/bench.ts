/**
 * `npm run bench [-- --runs N] [--skip-suite] [--update-readme]`: how close
 * the project's three costs are to floors measured in the same run.
 *
 * - **Preview**: `npm run preview -- --stack prod` in a fresh process, against
 *   the SDK floor: a plain Node process that loads the same SDK modules (every
 *   `@pulumi/aws` service module the prod stack's types live in,
 *   `@pulumi/kubernetes`, `@pulumi/random`, `@pulumi/policy`) and registers
 *   the same resources with the same inputs and parents under the mock
 *   runtime. Goal: at most 1.5 times the floor. The floor loads
 *   `@pulumi/pulumi` as it loads itself, TypeScript and @npmcli/arborist
 *   included; the preview defers those two (scripts/bundled/deferred.js).
 * - **Policy packs**: both packs over the prod stack's resources replicated
 *   to at least 20,000, against the same policies with empty bodies served by
 *   the same `@pulumi/policy` handlers. Goal: at most 1.5 times the floor.
 * - **Test suite**: `npm test` wall time, against its goal of 60 s.
 *
 * Each figure is a median of `--runs` (default 3; the packs run once each,
 * being long). `--update-readme` writes the table between
 * `<!-- bench:start -->` and `<!-- bench:end -->` in README.md.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { PlatformPolicy } from "../policies/kit";
import { CapturedResource, RunResult, runProgram } from "../test/harness";
import { analyzeWithPacks, PackUnderTest, POLICY_PACKS } from "../test/harness/policy-runner";
import { shippedPackConfig } from "../test/policies/stacks";

const ROOT = path.resolve(__dirname, "..");
const JEST = require.resolve("jest/bin/jest");
const GOAL_RATIO = 1.5;
const SUITE_GOAL_S = 60;
const PACK_RESOURCES = 20_000;
/** What `npm run preview` runs (package.json's scripts), without npm's own start-up. */
const PREVIEW_COMMAND = previewCommand();

interface Row {
  readonly what: string;
  readonly measured: number;
  readonly floorName: string;
  readonly floor: number;
  readonly goal: string;
  readonly ratio: number;
  readonly met: boolean;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Wall time of a fresh process, in seconds; exit codes in `ok` count as a complete run. */
function timeProcess(command: string, args: string[], ok: readonly number[] = [0]): number {
  const started = performance.now();
  const result = spawnSync(command, args, { cwd: ROOT, stdio: ["ignore", "ignore", "pipe"], encoding: "utf8", env: { ...process.env, CI: "" } });
  const elapsed = (performance.now() - started) / 1000;
  if (!ok.includes(result.status ?? -1)) throw new Error(`${[command, ...args].join(" ")} exited ${result.status}: ${result.stderr.slice(-2000)}`);
  return elapsed;
}

// ------------------------------------------------------------------------------------------------
// The preview and its SDK floor

function previewCommand(): string[] {
  const scripts = (JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;
  const [node, ...args] = scripts.preview.split(" ");
  if (node !== "node") throw new Error(`package.json's preview script no longer starts with node: ${scripts.preview}`);
  return args;
}

/** What the floor process registers: the prod run's resources with their inputs and parents. */
interface FloorInput {
  readonly modules: string[];
  readonly resources: { type: string; name: string; custom: boolean; parent: number; inputs: Record<string, unknown> }[];
}

function floorInput(run: RunResult): FloorInput {
  const registered = run.resources.filter((r) => r.type !== "pulumi:pulumi:Stack" && !r.type.startsWith("pulumi:providers:"));
  const index = new Map(registered.map((r, i) => [r.urn, i]));
  const modules = new Set(["@pulumi/pulumi", "@pulumi/policy", "@pulumi/kubernetes", "@pulumi/random"]);
  for (const r of registered.filter((r) => r.custom && r.type.startsWith("aws:"))) modules.add(`@pulumi/aws/${r.type.split(":")[1].split("/")[0]}`);
  return {
    modules: [...modules],
    resources: registered.map((r) => ({ type: r.type, name: r.name, custom: r.custom, parent: index.get(r.parent) ?? -1, inputs: r.inputs })),
  };
}

/** The floor program: plain JavaScript, no TypeScript loader, no program logic, no packs. */
const FLOOR_SCRIPT = `
const { createRequire } = require("module");
const fs = require("fs");
const projectRequire = createRequire(process.argv[2] + "/package.json");
const input = JSON.parse(fs.readFileSync(process.argv[3], "utf8"));
const pulumi = projectRequire("@pulumi/pulumi");
for (const m of input.modules) projectRequire(m);
class Custom extends pulumi.CustomResource { constructor(t, n, i, o) { super(t, n, i, o); } }
class Component extends pulumi.ComponentResource { constructor(t, n, o) { super(t, n, {}, o); } }
const mocks = { newResource: (a) => ({ id: a.custom ? a.name : undefined, state: a.inputs }), call: (a) => a.inputs };
pulumi.runtime.setMocks(mocks, "platform", "prod", false).then(() =>
  pulumi.runtime.runInPulumiStack(async () => {
    const made = [];
    for (const r of input.resources) {
      const opts = r.parent >= 0 ? { parent: made[r.parent] } : {};
      made.push(r.custom ? new Custom(r.type, r.name, r.inputs, opts) : new Component(r.type, r.name, opts));
    }
    return {};
  }),
);
`;

function benchPreview(run: RunResult, runs: number, dir: string): Row {
  const script = path.join(dir, "sdk-floor.js");
  const data = path.join(dir, "prod-resources.json");
  fs.writeFileSync(script, FLOOR_SCRIPT);
  fs.writeFileSync(data, JSON.stringify(floorInput(run)));
  const floor: number[] = [];
  const preview: number[] = [];
  // Untimed: builds the preview's bundle if a source changed since the last one (scripts/bundled/run.js),
  // a cost the first preview after each change pays once.
  timeProcess(process.execPath, [...PREVIEW_COMMAND, "--stack", "prod"], [0, 1]);
  for (let i = 0; i < runs; i++) {
    floor.push(timeProcess(process.execPath, [script, ROOT, data]));
    // 1 = mandatory policy violations: still a complete preview, and worth timing.
    preview.push(timeProcess(process.execPath, [...PREVIEW_COMMAND, "--stack", "prod"], [0, 1]));
  }
  return row("npm run preview -- --stack prod (fresh process)", median(preview), `SDK floor: same modules, same ${run.resources.length} registrations`, median(floor));
}

// ------------------------------------------------------------------------------------------------
// The policy packs and their empty-body floor

/** `run`'s resources copied until there are at least `count`, each copy with its own URNs, parents and dependencies. */
function replicate(run: RunResult, count: number): RunResult {
  const stack = run.stackResource;
  const others = run.resources.filter((r) => r !== stack);
  const copies = Math.ceil(count / others.length);
  const resources: CapturedResource[] = [stack];
  for (let copy = 0; copy < copies; copy++) {
    const rename = (urn: string) => (urn && urn !== stack.urn ? `${urn}-copy${copy}` : urn);
    for (const r of others) {
      resources.push({
        ...r,
        urn: rename(r.urn),
        name: `${r.name}-copy${copy}`,
        parent: rename(r.parent),
        options: {
          ...r.options,
          dependsOn: r.options.dependsOn.map(rename),
          propertyDependencies: Object.fromEntries(Object.entries(r.options.propertyDependencies).map(([k, urns]) => [k, urns.map(rename)])),
        },
      });
    }
  }
  return new RunResult(resources, run.stack, [], run.mode);
}

/** The same packs, whose policies keep their names, levels, types and schemas but check nothing. */
function emptyBodies(packs: readonly PackUnderTest[]): PackUnderTest[] {
  const empty = (policy: PlatformPolicy): PlatformPolicy => {
    if (policy.kind === "stack") return { ...policy, validateStack: () => undefined };
    const declaredType = (policy.validateResource as { __pulumiType?: string }).__pulumiType;
    return { ...policy, validateResource: Object.assign(() => undefined, declaredType ? { __pulumiType: declaredType } : {}) };
  };
  return packs.map((pack) => ({ ...pack, policies: pack.policies.map(empty) }));
}

async function timePacks(run: RunResult, packs: readonly PackUnderTest[]): Promise<number> {
  const started = performance.now();
  await analyzeWithPacks(run, packs, { packConfig: shippedPackConfig("prod") });
  return (performance.now() - started) / 1000;
}

async function benchPacks(run: RunResult): Promise<Row> {
  const big = replicate(run, PACK_RESOURCES);
  const floor = await timePacks(big, emptyBodies(POLICY_PACKS));
  const packs = await timePacks(big, POLICY_PACKS);
  return row(`both packs over ${big.resources.length.toLocaleString("en")} resources`, packs, "the same policies with empty bodies", floor);
}

// ------------------------------------------------------------------------------------------------
// The test suite

function benchSuite(): Row {
  const seconds = timeProcess(process.execPath, [JEST, "--silent"]);
  return { what: "npm test (wall)", measured: seconds, floorName: "goal", floor: SUITE_GOAL_S, goal: `under ${SUITE_GOAL_S} s`, ratio: seconds / SUITE_GOAL_S, met: seconds < SUITE_GOAL_S };
}

function row(what: string, measured: number, floorName: string, floor: number): Row {
  const ratio = measured / floor;
  return { what, measured, floorName, floor, goal: `at most ${GOAL_RATIO}x`, ratio, met: ratio <= GOAL_RATIO };
}

// ------------------------------------------------------------------------------------------------

function parseArgs(argv: readonly string[]): { runs: number; suite: boolean; updateReadme: boolean } {
  const usage = "usage: npm run bench -- [--runs N] [--skip-suite] [--update-readme]";
  argv.forEach((arg, at) => {
    const known = ["--runs", "--skip-suite", "--update-readme"].includes(arg) || argv[at - 1] === "--runs";
    if (!known) throw new Error(`unknown argument ${JSON.stringify(arg)} (${usage})`);
  });
  const i = argv.indexOf("--runs");
  const runs = i >= 0 ? Number(argv[i + 1]) : 3;
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs ${argv[i + 1]} is not allowed (expected a positive integer)`);
  return { runs, suite: !argv.includes("--skip-suite"), updateReadme: argv.includes("--update-readme") };
}

function table(rows: readonly Row[]): string[] {
  const s = (v: number) => `${v.toFixed(2)} s`;
  return [
    "| what | measured | floor | floor (s) | ratio | goal | met |",
    "| --- | ---: | --- | ---: | ---: | --- | --- |",
    ...rows.map((r) => `| ${r.what} | ${s(r.measured)} | ${r.floorName} | ${s(r.floor)} | ${r.ratio.toFixed(2)} | ${r.goal} | ${r.met ? "yes" : "no"} |`),
  ];
}

async function bench(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "platform-bench-"));
  try {
    const run = await runProgram({ stack: "prod" });
    const rows = [benchPreview(run, args.runs, dir), await benchPacks(run)];
    if (args.suite) rows.push(benchSuite());
    const machine = `node ${process.version}, ${process.platform}/${process.arch}, ${os.cpus().length} CPUs, load average ${os.loadavg()[0].toFixed(1)} at the end`;
    const lines = [...table(rows), "", `Measured ${new Date().toISOString().slice(0, 10)} with ${machine}; medians of ${args.runs} fresh processes for the preview, one run each for the packs.`];
    process.stdout.write(`${lines.join("\n")}\n`);
    if (args.updateReadme) updateReadme(lines);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function updateReadme(lines: readonly string[]): void {
  const file = path.join(ROOT, "README.md");
  const readme = fs.readFileSync(file, "utf8");
  const start = "<!-- bench:start -->";
  const end = "<!-- bench:end -->";
  const from = readme.indexOf(start);
  const to = readme.indexOf(end);
  if (from < 0 || to < from) throw new Error(`README.md has no ${start} … ${end} markers`);
  fs.writeFileSync(file, `${readme.slice(0, from + start.length)}\n${lines.join("\n")}\n${readme.slice(to)}`);
  process.stdout.write("Updated the figures in README.md\n");
}

bench().catch((error: unknown) => {
  process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
