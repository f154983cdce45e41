/**
 * The `--json` document. Field names follow `pulumi preview --json` where one
 * exists (`steps[].op`, `steps[].newState`, `changeSummary`, `diagnostics`);
 * `outputs`, `resourcesByType` and `policies` are additions. Secret values are
 * masked everywhere, inputs included.
 */
import * as path from "path";
import type { RunResult } from "../../test/harness/run";
import { PROJECT_ROOT } from "../../test/harness/stack-config";
import { architecture } from "./diagram";
import { countByLevel, PackInfo, ReportedViolation, sortViolations } from "./policies";
import { countByType, maskSecrets } from "./render";

export interface JsonReportContext {
  /** With their policies' remediation steps, which the document carries. */
  readonly violations: readonly ReportedViolation[];
  readonly packs: readonly PackInfo[];
  readonly diagnostics: readonly { severity: string; message: string }[];
  readonly durationMs: number;
  readonly policiesRan: boolean;
  /** Pack config files applied. */
  readonly configFiles?: readonly string[];
}

export function jsonReport(run: RunResult, ctx: JsonReportContext) {
  const counts = countByLevel(ctx.violations);
  return {
    stack: run.stack,
    ok: counts.mandatory === 0,
    steps: run.resources.map((r) => ({
      op: "create" as const,
      urn: r.urn,
      newState: {
        type: r.type,
        urn: r.urn,
        custom: r.custom,
        parent: r.parent || undefined,
        protect: r.options.protect,
        dependencies: r.options.dependsOn,
        inputs: maskSecrets(r.inputs, r.secretInputPaths),
      },
    })),
    changeSummary: { create: run.resources.length },
    resourcesByType: Object.fromEntries(countByType(run).map(({ type, count }) => [type, count])),
    outputs: maskSecrets(run.outputs, run.secretOutputPaths),
    diagnostics: ctx.diagnostics,
    architecture: architecture(run),
    policies: {
      ran: ctx.policiesRan,
      configFiles: (ctx.configFiles ?? []).map((f) => path.relative(PROJECT_ROOT, path.resolve(f))),
      packs: ctx.packs,
      counts,
      violations: sortViolations(ctx.violations),
    },
    durationMs: Math.round(ctx.durationMs),
  };
}

export type JsonReport = ReturnType<typeof jsonReport>;
