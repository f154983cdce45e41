/**
 * The `--markdown FILE` report: one stack's offline preview as GitHub
 * Markdown, for a job summary or a PR comment. It answers what a PR author
 * needs when the gate fails: which policy, on which resource, what is wrong
 * and how to fix it (the policy's `remediationSteps`), or, when the program
 * itself failed, the error's first lines. The CLI writes it on every outcome,
 * failures included, so CI can publish it after a failed preview.
 */
import * as path from "path";
import { PROJECT_ROOT } from "../../test/harness/stack-config";
import { countByLevel, EnforcementLevel, PackInfo, ReportedViolation, sortViolations } from "./policies";
import { displayType } from "./render";

export interface MarkdownReportInput {
  readonly stack: string;
  /** The preview did not get as far as the policies: these lines say why (no stack trace). */
  readonly failure?: readonly string[];
  readonly violations: readonly ReportedViolation[];
  readonly packs: readonly PackInfo[];
  /** Pack config files applied. */
  readonly configFiles: readonly string[];
  /** Why the packs did not run (`--no-policies`, no harness); undefined when they ran. */
  readonly policiesSkipped?: string;
}

const LEVEL_MARK: Record<EnforcementLevel, string> = { mandatory: "❌ mandatory", remediate: "🔧 remediate", advisory: "⚠️ advisory", disabled: "⏸️ disabled" };

export function markdownReport(input: MarkdownReportInput): string {
  const command = `npm run preview -- --stack ${input.stack}`;
  if (input.failure) {
    return [`### 💥 ${input.stack}: the offline preview failed`, "", `\`${command}\` stopped before the policy packs ran:`, "", fenced(input.failure.join("\n"))].join("\n") + "\n";
  }
  if (input.policiesSkipped !== undefined) {
    return [`### ⏭️ ${input.stack}: policy packs not run`, "", `\`${command}\`: ${escapeText(input.policiesSkipped)}.`].join("\n") + "\n";
  }
  const shown = input.violations.filter((v) => v.level !== "disabled");
  const counts = countByLevel(shown);
  const blocking = shown.filter((v) => v.level === "mandatory");
  const others = shown.filter((v) => v.level !== "mandatory");
  const headline =
    counts.mandatory > 0
      ? `### ❌ ${input.stack}: ${plural(counts.mandatory, "mandatory policy violation")}`
      : `### ✅ ${input.stack}: no mandatory policy violations${others.length > 0 ? ` (${plural(others.length, "other finding")})` : ""}`;
  const lines = [headline, "", `\`${command}\`, every value known: ${packsLine(input.packs, input.configFiles)}.`];
  if (blocking.length > 0) lines.push("", "These fail the preview; fix them or exempt the resource with a reason in the pack config:", "", ...table(blocking));
  if (others.length > 0) {
    lines.push("", `<details><summary>${plural(others.length, "finding")} that do not fail the preview (${levelCounts(counts)})</summary>`, "", ...table(others), "", "</details>");
  }
  return lines.join("\n") + "\n";
}

function packsLine(packs: readonly PackInfo[], configFiles: readonly string[]): string {
  if (packs.length === 0) return "no policy packs found under policies/";
  const config = configFiles.length > 0 ? `with ${configFiles.map((f) => `\`${path.relative(PROJECT_ROOT, path.resolve(f))}\``).join(", ")}` : "with no pack config";
  return `${packs.map((p) => `\`${p.name}${p.version ? `@v${p.version}` : ""}\``).join(" and ")} ${config}`;
}

function table(violations: readonly ReportedViolation[]): string[] {
  const rows = sortByLevel(violations).map((v) =>
    row([LEVEL_MARK[v.level], `\`${v.policy}\`<br>${escapeText(v.pack)}${v.severity ? `, ${escapeText(v.severity)}` : ""}`, resourceCell(v), escapeText(v.message), escapeText(v.remediation ?? "")]),
  );
  return [row(["Level", "Policy", "Resource", "What is wrong", "How to fix it"]), "| --- | --- | --- | --- | --- |", ...rows];
}

function resourceCell(v: ReportedViolation): string {
  if (!v.type) return "the stack";
  return `\`${escapeCode(displayType(v.type))}\`<br>\`${escapeCode(v.name ?? "?")}\``;
}

function sortByLevel(violations: readonly ReportedViolation[]): ReportedViolation[] {
  const order: readonly EnforcementLevel[] = ["mandatory", "remediate", "advisory", "disabled"];
  return order.flatMap((level) => sortViolations(violations.filter((v) => v.level === level)));
}

function levelCounts(counts: Record<EnforcementLevel, number>): string {
  return (["remediate", "advisory"] as const)
    .filter((level) => counts[level] > 0)
    .map((level) => `${counts[level]} ${level}`)
    .join(", ");
}

const row = (cells: readonly string[]) => `| ${cells.join(" | ")} |`;

/** Text in a table cell: HTML and the cell separator escaped, line breaks kept as `<br>`. */
export function escapeText(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/\|/g, "\\|")
    .replace(/\r?\n/g, "<br>");
}

/** Text inside a backtick code span within a table cell. */
function escapeCode(text: string): string {
  return text.replace(/`/g, "'").replace(/\|/g, "\\|");
}

/** A fenced code block whose fence is longer than any backtick run inside. */
function fenced(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = "`".repeat(Math.max(3, longest + 1));
  return `${fence}\n${text}\n${fence}`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}
