/**
 * The offline preview: runs the real program (`stacks/`, the `main` of
 * Pulumi.yaml) for one stack under Pulumi's mock runtime with the stack's
 * configuration exactly as the CLI hands it over (see test/harness), then
 * prints what `pulumi preview` would show and runs the policy packs.
 */
import * as fs from "fs";
import * as path from "path";
import type { Estimate } from "../../policies/kit/cost";
import { RunResult, runProgram } from "../../test/harness/run";
import { estimateRun, UsageFileError } from "../cost/estimate-run";
import { costDocument, renderSummary as renderCostSummary } from "../cost/render";
import { CliWriters, STACKS, USAGE, USAGE_EXIT, parseArgs, PreviewArgs, startCli } from "./args";
import { renderDiagram } from "./diagram";
import { describeFailure, FailureReport, renderFailure } from "./errors";
import { jsonReport } from "./json";
import { markdownReport, MarkdownReportInput } from "./markdown";
import { countByLevel, listPacks, loadPolicyRunner, PackConfig, PolicyConfigError, PolicyRunner, readPackConfig, renderViolations, ReportedViolation, stackPackConfigFiles, withRemediation } from "./policies";
import { isCurrent, readReadme, README_PATH, replaceDiagram } from "./readme";
import { renderOutputs, renderSummary, renderTree } from "./render";


export const EXIT = { ok: 0, mandatory: 1, stale: 1, failure: 2, usage: USAGE_EXIT } as const;

export interface MainOptions extends CliWriters {
  /** Config deep-merged over the stack file (tests use it to break one key). */
  readonly overrides?: Record<string, unknown>;
  /** The policy harness. @default test/harness/policy-runner.ts when it exists */
  readonly policyRunner?: PolicyRunner;
  /** @default README.md at the project root */
  readonly readmePath?: string;
  /** The usage assumptions the estimate uses. @default usage/<stack>.yaml */
  readonly usageFile?: string;
}

/** A runtime diagnostic the program logged (`pulumi.log.warn(...)`). */
export interface Diagnostic {
  readonly severity: "info" | "warning" | "error";
  readonly message: string;
}

/** A preview either ran (`run`) or failed (`failure`), never both. */
export type PreviewOutcome = { readonly diagnostics: Diagnostic[]; readonly durationMs: number } & (
  | { readonly run: RunResult; readonly failure?: undefined }
  | { readonly run?: undefined; readonly failure: FailureReport }
);

/** Runs the CLI; resolves to the process exit code. */
export async function main(argv: readonly string[], options: MainOptions = {}): Promise<number> {
  const start = startCli(argv, options, (a) => parseArgs(a), USAGE);
  if ("exit" in start) return start.exit;
  const { out, err, args } = start;
  if (args.updateReadme || args.checkReadme) return readmeMode(args, options, out, err);

  const stack = args.stack!;
  // Pack config is read before the program runs, so that a mistake in it is reported at once.
  const packs = args.policies ? await listPacks() : [];
  let configFiles: string[] = [];
  let packConfig: PackConfig | undefined;
  // The --markdown report is written on every outcome, so CI can publish it after a failure too.
  const report = (input: Omit<MarkdownReportInput, "stack" | "packs" | "configFiles">) => {
    if (args.markdown) writeFile(args.markdown, markdownReport({ stack, packs, configFiles, ...input }));
  };
  if (args.policies) {
    try {
      configFiles = args.policyPackConfigs.length > 0 ? [...args.policyPackConfigs] : stackPackConfigFiles(stack, packs);
      packConfig = configFiles.length > 0 ? readPackConfig(configFiles, packs) : undefined;
    } catch (error) {
      if (!(error instanceof PolicyConfigError)) throw error;
      err(`error: ${error.message}\n`);
      report({ failure: [`error: ${error.message}`], violations: [] });
      return EXIT.usage;
    }
  }

  const outcome = await preview(stack, options.overrides);
  if (outcome.failure) {
    if (args.json) out(`${JSON.stringify({ stack, ok: false, error: { ...outcome.failure, stack: undefined } }, null, 2)}\n`);
    err(`${renderFailure(outcome.failure, args.verbose)}\n`);
    report({ failure: outcome.failure.lines, violations: [] });
    return EXIT.failure;
  }
  const run = outcome.run;

  let violations: ReportedViolation[] = [];
  let policyNote: string | undefined;
  if (args.policies) {
    const runner = options.policyRunner ?? (await loadPolicyRunner());
    if (!runner) policyNote = "Policies: skipped (the policy harness test/harness/policy-runner.ts is not present)";
    else {
      try {
        violations = await withRemediation(await runner(run, packConfig ? { packConfig } : undefined));
      } catch (error) {
        const message = `error: the policy packs failed: ${error instanceof Error ? error.message : String(error)}`;
        err(`${message}\n`);
        if (args.verbose && error instanceof Error && error.stack) err(`${error.stack}\n`);
        report({ failure: [message], violations: [] });
        return EXIT.failure;
      }
    }
  }

  // Priced from the same run: the program is not run again.
  let estimate: Estimate;
  try {
    estimate = estimateRun(run, options.usageFile ? { usageFile: options.usageFile } : {});
  } catch (error) {
    if (!(error instanceof UsageFileError)) throw error;
    const message = `error: the usage assumptions are invalid:\n${error.message}`;
    err(`${message}\n`);
    report({ failure: message.split("\n"), violations: [] });
    return EXIT.failure;
  }
  if (args.estimate) writeFile(args.estimate, `${JSON.stringify(costDocument(stack, estimate), null, 2)}\n`);
  if (args.diagram) writeFile(args.diagram, `${renderDiagram(run)}\n`);
  report({ violations, policiesSkipped: args.policies ? policyNote : "skipped with --no-policies" });

  const mandatory = countByLevel(violations).mandatory;
  if (args.json) {
    const document = jsonReport(run, { violations, packs, diagnostics: outcome.diagnostics, durationMs: outcome.durationMs, policiesRan: args.policies && !policyNote, configFiles });
    out(`${JSON.stringify({ ...document, cost: costDocument(stack, estimate) }, null, 2)}\n`);
  } else {
    const sections = [
      `Previewing update (${stack}), offline under Pulumi's mock runtime:`,
      renderTree(run),
      ...(outcome.diagnostics.length > 0 ? [renderDiagnostics(outcome.diagnostics)] : []),
      renderSummary(run),
      renderOutputs(run),
      ...(args.policies ? [policyNote ?? renderViolations(violations, packs, configFiles)] : []),
      renderCostSummary(stack, estimate),
      ...(args.estimate ? [`Estimate: wrote ${args.estimate} (npm run cost -- --stack ${stack} has the detail)`] : []),
      ...(args.diagram ? [`Diagram: wrote ${args.diagram}`] : []),
      ...(args.markdown ? [`Markdown report: wrote ${args.markdown}`] : []),
      `Duration: ${(outcome.durationMs / 1000).toFixed(2)}s`,
    ];
    out(`${sections.join("\n\n")}\n`);
    if (mandatory > 0) err(`error: preview failed: ${mandatory} mandatory policy violation${mandatory === 1 ? "" : "s"}\n`);
  }
  return mandatory > 0 ? EXIT.mandatory : EXIT.ok;
}

/** Writes a report file, creating its folder. */
function writeFile(file: string, text: string): void {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  fs.writeFileSync(file, text);
}

/**
 * Runs the program for `stack`. What it logged (`pulumi.log.*`, which the SDK
 * prints to the console when no engine is attached; the harness records it)
 * becomes diagnostics, and a failure, thrown or rejected inside an `apply`,
 * becomes a report.
 */
export async function preview(stack: string, overrides?: Record<string, unknown>): Promise<PreviewOutcome> {
  const started = performance.now();
  const options = { stack, ...(overrides ? { overrides } : {}) };
  try {
    // The harness also fails the run for errors thrown inside an `apply`, which reach the runtime as late rejections.
    // Without stack frames: the SDK takes one for every promise and resource, about a tenth of the preview's time.
    const run = await runProgram(options);
    return { run, diagnostics: (run.logs ?? []).map(toDiagnostic), durationMs: performance.now() - started };
  } catch (error) {
    // The program is deterministic under the mocks, so it fails the same way again: this time with frames,
    // so that the report can point at the code that threw (the first error if, against that, it passes).
    const traced = await runProgram({ ...options, stackFrames: true }).then(
      () => error,
      (again: unknown) => again,
    );
    return { failure: describeFailure(traced, stack), diagnostics: [], durationMs: performance.now() - started };
  }
}

function toDiagnostic(line: string): Diagnostic {
  const m = line.match(/^(info|warning|error): \[runtime\] ([\s\S]*)$/);
  return m ? { severity: m[1] as Diagnostic["severity"], message: m[2] } : { severity: "info", message: line };
}

function renderDiagnostics(diagnostics: readonly Diagnostic[]): string {
  return ["Diagnostics:", ...diagnostics.map((d) => `    ${d.severity}: ${d.message}`)].join("\n");
}

async function readmeMode(args: PreviewArgs, options: MainOptions, out: (t: string) => void, err: (t: string) => void): Promise<number> {
  const file = options.readmePath ?? README_PATH;
  const stacks = args.stack ? [args.stack] : [...STACKS];
  let readme = readReadme(file);
  const stale: string[] = [];
  for (const stack of stacks) {
    const outcome = await preview(stack, options.overrides);
    if (outcome.failure) {
      err(`${renderFailure(outcome.failure, args.verbose)}\n`);
      return EXIT.failure;
    }
    const diagram = renderDiagram(outcome.run);
    if (isCurrent(readme, stack, diagram)) continue;
    stale.push(stack);
    if (args.updateReadme) readme = replaceDiagram(readme, stack, diagram);
  }
  if (args.updateReadme) {
    if (stale.length > 0) fs.writeFileSync(file, readme);
    out(stale.length > 0 ? `Updated the ${stale.join(", ")} diagram${stale.length === 1 ? "" : "s"} in ${path.relative(process.cwd(), file)}\n` : "README diagrams are current\n");
    return EXIT.ok;
  }
  if (stale.length > 0) {
    err(`error: the README diagram${stale.length === 1 ? "" : "s"} for ${stale.join(", ")} ${stale.length === 1 ? "is" : "are"} stale; run: npm run preview -- --update-readme\n`);
    return EXIT.stale;
  }
  out("README diagrams are current\n");
  return EXIT.ok;
}
