/**
 * The PR's cost report: each stack's estimate at the PR's head and its
 * difference from the base branch, both from offline previews (`npm run cost
 * -- --json` on each side), as GitHub Markdown.
 */
import { STACKS } from "../preview/args";
import { CostDocument, usd } from "./render";

export const COST_REPORT_MARKER = "<!-- offline-preview-cost-report -->";
/** In the report when a stack's estimate differs from the base branch's, or the base has none: worth a new PR comment. */
export const COST_CHANGED_MARKER = "<!-- cost-changed -->";

function signed(amount: number): string {
  const rounded = Math.round(amount * 100) / 100;
  if (rounded === 0) return "±$0.00";
  return `${rounded > 0 ? "+" : "−"}${usd(Math.abs(rounded))}`;
}

function percent(head: number, base: number): string {
  if (base === 0 || Math.round((head - base) * 100) === 0) return "";
  const p = ((head - base) / base) * 100;
  return ` (${p > 0 ? "+" : "−"}${Math.abs(p).toFixed(1)}%)`;
}

function ordered(stacks: Iterable<string>): string[] {
  const all = [...new Set(stacks)];
  return [...STACKS.filter((s) => all.includes(s)), ...all.filter((s) => !(STACKS as readonly string[]).includes(s)).sort()];
}

export function compareDocuments(base: ReadonlyMap<string, CostDocument>, head: ReadonlyMap<string, CostDocument>): string {
  const stacks = ordered(head.keys());
  const lines = [
    COST_REPORT_MARKER,
    "### 💰 Monthly cost estimates",
    "",
    "Offline previews of this PR and of its base branch, priced by `npm run cost` at AWS list prices (USD a month: capacity from the stack files, usage from `usage/<stack>.yaml`). The AWS budget of each stack watches the real bill.",
    "",
    "| Stack | This PR | Base branch | Difference |",
    "| --- | ---: | ---: | ---: |",
    ...stacks.map((stack) => {
      const now = head.get(stack)!;
      const before = base.get(stack);
      return `| ${stack} | ${usd(now.monthly)} | ${before ? usd(before.monthly) : "no estimate"} | ${before ? `${signed(now.monthly - before.monthly)}${percent(now.monthly, before.monthly)}` : "—"} |`;
    }),
  ];
  const changes = stacks.flatMap((stack) => {
    const before = base.get(stack);
    if (!before) return [];
    const now = head.get(stack)!;
    const names = [...new Set([...now.components.map((c) => c.name), ...before.components.map((c) => c.name)])];
    return names
      .map((name) => ({ name, now: now.components.find((c) => c.name === name)?.monthly ?? 0, before: before.components.find((c) => c.name === name)?.monthly ?? 0 }))
      .filter((c) => Math.round((c.now - c.before) * 100) !== 0)
      .sort((a, b) => Math.abs(b.now - b.before) - Math.abs(a.now - a.before))
      .map((c) => `| ${stack} | ${c.name} | ${usd(c.now)} | ${usd(c.before)} | ${signed(c.now - c.before)} |`);
  });
  if (changes.length > 0) {
    lines.push("", `<details><summary>${changes.length} component${changes.length === 1 ? "" : "s"} changed</summary>`, "", "| Stack | Component | This PR | Base branch | Difference |", "| --- | --- | ---: | ---: | ---: |", ...changes, "", "</details>");
  } else if (stacks.some((s) => base.has(s))) {
    lines.push("", "No component's estimate changed.");
  }
  if (stacks.some((s) => !base.has(s))) lines.push("", "_No estimate on the base branch for some stacks: it predates `npm run cost`, or its offline preview failed (its job log says why)._");
  const changed = stacks.some((s) => !base.has(s) || Math.round((head.get(s)!.monthly - base.get(s)!.monthly) * 100) !== 0);
  if (changed) lines.push("", COST_CHANGED_MARKER);
  const notPriced = stacks.flatMap((stack) => head.get(stack)!.resources.filter((r) => r.status === "not priced" || r.status === "undecided").map((r) => `${stack}: \`${r.name}\` (${r.type}): ${r.reason}`));
  if (notPriced.length > 0) lines.push("", "**Not priced** (missing from the totals, not zero):", "", ...notPriced.map((n) => `- ${n}`));
  return `${lines.join("\n")}\n`;
}
