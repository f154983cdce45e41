/**
 * The estimate of a program run: the same run the offline preview makes
 * (`test/harness`), read through the estimator the budget policy uses
 * (`policies/kit/cost`), with the stack's usage file.
 */
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { CostResource, Estimate, estimateCost, parseUsage, UsageAssumptions } from "../../policies/kit/cost";
import { peekPath } from "../../policies/kit/unknowns";
import type { RunResult } from "../../test/harness/run";
import { PROJECT_ROOT, readStackConfig } from "../../test/harness/stack-config";

export const USAGE_DIR = path.join(PROJECT_ROOT, "usage");

/** A usage file that does not parse or breaks the usage schema: reported with every problem. */
export class UsageFileError extends Error {}

/** `usage/<stack>.yaml`, relative to the project. */
export function usageFileOf(stack: string): string {
  return path.join(USAGE_DIR, `${stack}.yaml`);
}

/** The stack's usage assumptions; none (every usage charge 0, listed as not stated) when it has no usage file. */
export function readUsageFile(file: string): { usage: UsageAssumptions; source: string } {
  const source = path.relative(PROJECT_ROOT, file);
  if (!fs.existsSync(file)) return { usage: {}, source: `no usage file (${source})` };
  let raw: unknown;
  try {
    raw = parse(fs.readFileSync(file, "utf8"));
  } catch (error) {
    throw new UsageFileError(`${source}: not valid YAML (${error instanceof Error ? error.message.split("\n")[0] : String(error)})`);
  }
  const { usage, problems } = parseUsage(raw, source);
  if (problems.length > 0) throw new UsageFileError(problems.join("\n"));
  return { usage, source };
}

/** The captured registrations as the estimator reads them: declared inputs, and where each input's value came from. */
export function costResourcesOfRun(run: RunResult): CostResource[] {
  return run.resources.map((r) => ({
    urn: r.urn,
    type: r.type,
    name: r.name,
    parent: r.parent,
    custom: r.custom,
    read: (p) => peekPath(r.inputs, p),
    inputsFrom: r.options.propertyDependencies,
  }));
}

/** The region whose prices apply: the stack file's `aws:region` (the program refuses to run without one). */
export function regionOf(stack: string): string | undefined {
  return fs.existsSync(path.join(PROJECT_ROOT, `Pulumi.${stack}.yaml`)) ? readStackConfig(stack).values["aws:region"] : undefined;
}

export interface RunEstimateOptions {
  /** @default usage/<stack>.yaml */
  readonly usageFile?: string;
  /** @default the stack file's aws:region */
  readonly region?: string;
}

export function estimateRun(run: RunResult, options: RunEstimateOptions = {}): Estimate {
  const { usage, source } = readUsageFile(options.usageFile ?? usageFileOf(run.stack));
  const region = options.region ?? regionOf(run.stack);
  if (!region) throw new Error(`no region to price ${run.stack} in: it has no Pulumi.${run.stack}.yaml with aws:region (pass the region)`);
  return estimateCost(costResourcesOfRun(run), { region, usage, usageSource: source });
}
