/**
 * Reading the workflows and running their shell steps the way a GitHub runner
 * does: the step's script in bash (`bash -e`, or `bash -eo pipefail` for
 * `shell: bash`), with GITHUB_OUTPUT, GITHUB_STEP_SUMMARY and RUNNER_TEMP
 * files, and commands the test replaces (`gh`, `npm`) first on the PATH.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { PROJECT_ROOT } from "../harness/stack-config";
import { temporaryDirectory } from "../harness/temporary-directory";

export const WORKFLOWS = path.join(PROJECT_ROOT, ".github", "workflows");
export const PACKS = ["policies/security", "policies/compliance"];

export const source = (file: string) => fs.readFileSync(path.join(WORKFLOWS, file), "utf8");
export const load = (file: string) => parse(source(file));
export const stepsUsing = (job: any, action: string): any[] => (job.steps as any[]).filter((s) => typeof s.uses === "string" && s.uses.startsWith(`${action}@`));
export const stepNamed = (job: any, name: string): any => {
  const step = (job.steps as any[]).find((s) => s.name === name || s.id === name);
  if (!step) throw new Error(`no step ${name}`);
  return step;
};
export const packLines = (value: string) => value.split("\n").map((l) => l.trim()).filter(Boolean);

/**
 * Runs a job's "Policy pack config for the stack" step in bash, as the runner
 * would, with its `STACK` expression evaluated for `stack`, and returns the
 * multi-line `files` output it writes.
 */
function packConfigFiles(job: any, stack: string): string[] {
  const step = stepNamed(job, "pack-config");
  expect(String(step.env.STACK)).toMatch(/^\$\{\{ (inputs|matrix)\.stack \}\}$/);
  const run = runStep(step, { cwd: PROJECT_ROOT, env: { STACK: stack } });
  expect(run.status).toBe(0);
  return run.outputs.files.split("\n");
}

/** Checks what a job hands to `policyPackConfigs` for `stack`: one readable JSON file per pack, in pack order. */
export function expectPackConfigs(job: any, stack: string): void {
  const files = packConfigFiles(job, stack);
  expect(files).toHaveLength(PACKS.length);
  PACKS.forEach((pack, i) => {
    const shipped = path.join(pack, "config", `${stack}.json`);
    if (fs.existsSync(path.join(PROJECT_ROOT, shipped))) expect(files[i]).toBe(shipped);
    else expect(JSON.parse(fs.readFileSync(files[i], "utf8"))).toEqual({});
  });
  for (const pulumi of stepsUsing(job, "pulumi/actions")) {
    expect(pulumi.with.policyPackConfigs).toBe("${{ steps.pack-config.outputs.files }}");
    expect(job.steps.indexOf(stepNamed(job, "pack-config"))).toBeLessThan(job.steps.indexOf(pulumi));
  }
}

export interface StepRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** What the step wrote to GITHUB_OUTPUT, as key/value pairs (`key<<EOF` blocks included). */
  readonly outputs: Record<string, string>;
  readonly summary: string;
  readonly cwd: string;
  /** The step's RUNNER_TEMP, with what it left there. */
  readonly runnerTemp: string;
}

export interface StepOptions {
  /** Environment on top of the step's own `env` (whose `${{ }}` values the test must supply here). */
  readonly env?: Record<string, string>;
  /** Executable scripts put first on the PATH, by command name. */
  readonly commands?: Record<string, string>;
  /** @default a fresh temporary directory */
  readonly cwd?: string;
  /** Files put in RUNNER_TEMP before the step runs, by name, as an earlier step would have left them. */
  readonly runnerTempFiles?: Record<string, string>;
}

/** Runs a `run:` step in bash as the runner would and returns what it printed and wrote. */
export function runStep(step: any, options: StepOptions = {}): StepRun {
  const tmp = temporaryDirectory("runner");
  const bin = path.join(tmp, "bin");
  fs.mkdirSync(bin);
  for (const [name, script] of Object.entries(options.commands ?? {})) fs.writeFileSync(path.join(bin, name), script, { mode: 0o755 });
  for (const [name, text] of Object.entries(options.runnerTempFiles ?? {})) fs.writeFileSync(path.join(tmp, name), text);
  const output = path.join(tmp, "output");
  const summary = path.join(tmp, "summary");
  fs.writeFileSync(output, "");
  fs.writeFileSync(summary, "");
  const cwd = options.cwd ?? temporaryDirectory("workspace");
  const ownEnv = Object.fromEntries(Object.entries((step.env ?? {}) as Record<string, unknown>).filter(([, v]) => !String(v).includes("${{")).map(([k, v]) => [k, String(v)]));
  const flags = step.shell === "bash" ? ["-e", "-o", "pipefail"] : ["-e"];
  const result = spawnSync("bash", [...flags, "-c", step.run], {
    cwd,
    env: { ...process.env, ...ownEnv, ...options.env, PATH: `${bin}:${process.env.PATH}`, RUNNER_TEMP: tmp, GITHUB_OUTPUT: output, GITHUB_STEP_SUMMARY: summary },
    encoding: "utf8",
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, outputs: parseOutputs(fs.readFileSync(output, "utf8")), summary: fs.readFileSync(summary, "utf8"), cwd, runnerTemp: tmp };
}

function parseOutputs(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const heredoc = lines[i].match(/^([\w-]+)<<(\w+)$/);
    if (heredoc) {
      const end = lines.indexOf(heredoc[2], i + 1);
      out[heredoc[1]] = lines.slice(i + 1, end).join("\n");
      i = end;
      continue;
    }
    const eq = lines[i].indexOf("=");
    if (eq > 0) out[lines[i].slice(0, eq)] = lines[i].slice(eq + 1);
  }
  return out;
}

/**
 * A stand-in for the `gh` CLI: `gh api --paginate <path> --jq <filter>` applies
 * the filter to the comments in $FAKE_GH_COMMENTS with the real jq, as gh's
 * own --jq does; a `gh api --method <M> <path> --input -` call is appended to
 * $FAKE_GH_LOG with its body; `gh api <path> --jq .object.sha` prints $FAKE_GH_HEAD
 * (exit 1 when it is empty).
 */
export const FAKE_GH = `#!/usr/bin/env bash
set -e
[ "$1" = api ] || { echo "fake gh: unexpected $*" >&2; exit 2; }
shift
method=GET; jq_filter=""; input=""; target=""
while [ $# -gt 0 ]; do
  case "$1" in
    --paginate) ;;
    --method) method="$2"; shift ;;
    --jq) jq_filter="$2"; shift ;;
    --input) input="$2"; shift ;;
    *) target="$1" ;;
  esac
  shift
done
if [ "$method" != GET ]; then
  { echo "$method $target"; [ "$input" = - ] && jq -r .body; echo "--- end"; } >> "$FAKE_GH_LOG"
  exit 0
fi
case "$target" in
  */issues/*/comments) jq -r "$jq_filter" "$FAKE_GH_COMMENTS" ;;
  */git/ref/heads/main) [ -n "$FAKE_GH_HEAD" ] || { echo "HTTP 404" >&2; exit 1; }; echo "$FAKE_GH_HEAD" ;;
  *) echo "fake gh: unexpected GET $target" >&2; exit 2 ;;
esac
`;
