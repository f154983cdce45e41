/**
 * Failure reports: the first lines say which configuration key or which
 * component failed and why; the stack trace only with `--verbose`.
 */
import * as pulumi from "@pulumi/pulumi";
import { sourceFrames } from "../bundled/frames";

export interface FailureReport {
  readonly kind: "config" | "component" | "program";
  /** The failing component (`platform:network:Vpc network`) for a component error. */
  readonly component?: { readonly type: string; readonly name: string };
  /** Config key paths that failed, for a config error. */
  readonly keys?: readonly string[];
  /** One headline, then details (one line per problem). */
  readonly lines: readonly string[];
  readonly stack?: string;
}

interface ConfigErrorLike {
  readonly name: string;
  readonly problems: readonly string[];
}

function isConfigError(error: unknown): error is ConfigErrorLike {
  return !!error && typeof error === "object" && (error as { name?: unknown }).name === "ConfigError" && Array.isArray((error as { problems?: unknown }).problems);
}

export function describeFailure(error: unknown, stackName: string): FailureReport {
  // `npm run preview` runs from a bundle: frames are shown at their TypeScript sources.
  const trace = error instanceof Error && error.stack !== undefined ? sourceFrames(error.stack) : undefined;
  if (isConfigError(error)) {
    const count = error.problems.length;
    return {
      kind: "config",
      keys: error.problems.map((p) => p.split(": ")[0]),
      lines: [`error: stack ${stackName} has invalid configuration (${count} problem${count === 1 ? "" : "s"}) in Pulumi.${stackName}.yaml:`, ...error.problems.map((p) => `  - ${p}`)],
      stack: trace,
    };
  }
  if (pulumi.ResourceError.isInstance(error)) {
    const resource = error.resource as unknown as { __name?: string; __pulumiType?: string } | undefined;
    const type = resource?.__pulumiType ?? "unknown type";
    const name = resource?.__name ?? "unknown name";
    const [first, ...rest] = error.message.split("\n");
    return {
      kind: "component",
      component: { type, name },
      lines: [`error: ${type} "${name}" failed: ${first}`, ...rest],
      stack: trace,
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  const [first, ...rest] = message.split("\n");
  const where = trace !== undefined ? firstProjectFrame(trace) : undefined;
  return {
    kind: "program",
    lines: [`error: the program failed: ${first}`, ...rest, ...(where ? [`  at ${where}`] : [])],
    stack: trace,
  };
}

/** The first stack frame in this repository's own code (components/ or stacks/), for a hint without the trace. */
function firstProjectFrame(trace: string): string | undefined {
  const frame = trace.split("\n").find((line) => /[/\\](components|stacks)[/\\]/.test(line) && !line.includes("node_modules"));
  const match = frame?.match(/\(?([^()\s]+:\d+:\d+)\)?\s*$/);
  return match?.[1].replace(`${process.cwd()}/`, "");
}

export function renderFailure(report: FailureReport, verbose: boolean): string {
  const lines = [...report.lines];
  if (verbose && report.stack) lines.push("", report.stack);
  else if (report.kind !== "config") lines.push("", "(run with --verbose for the stack trace)");
  return lines.join("\n");
}
