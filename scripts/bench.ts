/**
 * `npm run bench [-- --runs N]`: how long the offline preview takes.
 *
 * For each stack: the median of N in-process runs of the preview CLI (after one
 * warm-up run that pays for loading the program's modules), and the median of
 * N fresh processes (`tsx scripts/preview.ts --stack <stack>`, what a user or
 * CI waits for). Next to them, the floor every Pulumi AWS program pays: a bare
 * `node -e 'require("@pulumi/aws")'`.
 *
 * `--update-readme` also writes the table between `<!-- bench:start -->` and
 * `<!-- bench:end -->` in README.md.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { STACKS } from "./preview/args";
import { main } from "./preview/cli";

const ROOT = path.resolve(__dirname, "..");
const TSX = require.resolve("tsx/cli");

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function timeProcess(args: string[]): number {
  const started = performance.now();
  const result = spawnSync(process.execPath, args, { cwd: ROOT, stdio: ["ignore", "ignore", "pipe"], encoding: "utf8" });
  const elapsed = performance.now() - started;
  // 1 = mandatory policy violations: still a complete preview, and worth timing.
  if (result.status !== 0 && result.status !== 1) throw new Error(`${args.join(" ")} exited ${result.status}: ${result.stderr}`);
  return elapsed;
}

async function timeInProcess(stack: string): Promise<number> {
  const started = performance.now();
  const code = await main(["--stack", stack], { stdout: () => undefined, stderr: () => undefined });
  if (code !== 0 && code !== 1) throw new Error(`the ${stack} preview exited ${code}`);
  return performance.now() - started;
}

function parseRuns(argv: readonly string[]): number {
  const i = argv.indexOf("--runs");
  const runs = i >= 0 ? Number(argv[i + 1]) : 5;
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs ${argv[i + 1]} is not allowed (expected a positive integer)`);
  return runs;
}

async function bench(): Promise<void> {
  const runs = parseRuns(process.argv.slice(2));
  const ms = (v: number) => `${(v / 1000).toFixed(2)} s`;
  const rows: string[][] = [];

  const bare = median(Array.from({ length: runs }, () => timeProcess(["-e", 'require("@pulumi/aws")'])));
  rows.push(['node -e \'require("@pulumi/aws")\'', "", "", ms(bare)]);

  for (const stack of STACKS) {
    const first = await timeInProcess(stack);
    const warm: number[] = [];
    for (let i = 0; i < runs; i++) warm.push(await timeInProcess(stack));
    const fresh: number[] = [];
    for (let i = 0; i < runs; i++) fresh.push(timeProcess([TSX, "scripts/preview.ts", "--stack", stack]));
    rows.push([`preview -- --stack ${stack}`, ms(first), ms(median(warm)), ms(median(fresh))]);
  }

  const header = ["", "in-process, first run", `in-process, median of ${runs}`, `fresh process, median of ${runs}`];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
  const machine = `node ${process.version}, ${process.platform}/${process.arch}, ${os.cpus().length} CPUs`;
  process.stdout.write(`${[line(header), ...rows.map(line)].join("\n")}\n\n${machine}\n`);
  if (process.argv.includes("--update-readme")) updateReadme(header, rows, machine);
}

function updateReadme(header: string[], rows: string[][], machine: string): void {
  const file = path.join(ROOT, "README.md");
  const readme = fs.readFileSync(file, "utf8");
  const start = "<!-- bench:start -->";
  const end = "<!-- bench:end -->";
  const from = readme.indexOf(start);
  const to = readme.indexOf(end);
  if (from < 0 || to < from) throw new Error(`README.md has no ${start} … ${end} markers`);
  const cell = (c: string, i: number) => (i === 0 ? (c.startsWith("node -e") ? `\`${c}\`` : `\`npm run ${c}\``) : c);
  const table = [
    `| ${header.map((h, i) => (i === 0 ? "command" : h)).join(" | ")} |`,
    `| ${header.map((_, i) => (i === 0 ? "---" : "---:")).join(" | ")} |`,
    ...rows.map((r) => `| ${r.map(cell).join(" | ")} |`),
    "",
    `Measured ${new Date().toISOString().slice(0, 10)} with ${machine}.`,
  ].join("\n");
  fs.writeFileSync(file, `${readme.slice(0, from + start.length)}\n${table}\n${readme.slice(to)}`);
  process.stdout.write("Updated the figures in README.md\n");
}

bench().catch((error: unknown) => {
  process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
