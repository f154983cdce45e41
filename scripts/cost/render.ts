/** How an estimate is shown: the `--json` document, the text report, and the lines the preview prints. */
import type { CostLine, Estimate, ResourceCost } from "../../policies/kit/cost";

/** `npm run cost -- --json`: the document CI compares between the base branch and the PR. */
export interface CostDocument {
  readonly stack: string;
  readonly currency: "USD";
  readonly monthly: number;
  readonly components: readonly { name: string; type: string; monthly: number; maxMonthly: number; committedMonthly: number; resources: number }[];
  readonly resources: readonly (Omit<ResourceCost, "lines"> & { lines: readonly CostLine[] })[];
  readonly assumptions: Estimate["assumptions"];
}

const cents = (usd: number) => Math.round(usd * 100) / 100;

export function costDocument(stack: string, estimate: Estimate): CostDocument {
  return {
    stack,
    currency: "USD",
    monthly: cents(estimate.monthly),
    components: estimate.components.map((c) => ({ ...c, monthly: cents(c.monthly), maxMonthly: cents(c.maxMonthly), committedMonthly: cents(c.committedMonthly) })),
    resources: estimate.resources.map((r) => ({
      ...r,
      monthly: cents(r.monthly),
      maxMonthly: cents(r.maxMonthly),
      committedMonthly: cents(r.committedMonthly),
      lines: r.lines.map((l) => ({
        ...l,
        quantity: Math.round(l.quantity * 1000) / 1000,
        monthly: cents(l.monthly),
        maxMonthly: cents(l.maxMonthly),
        ...(l.commitmentMonthly !== undefined ? { commitmentMonthly: cents(l.commitmentMonthly) } : {}),
      })),
    })),
    assumptions: estimate.assumptions,
  };
}

/** `$1,234.56` */
export function usd(amount: number): string {
  return `$${amount.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

/** The components, the totals, and what is not priced: what the preview prints after the policy report. */
export function renderSummary(stack: string, estimate: Estimate): string {
  const width = Math.max(...estimate.components.map((c) => c.name.length), 9);
  const row = (name: string, a: string, b: string, c: string) => `    ${name.padEnd(width)}  ${a.padStart(11)}  ${b.padStart(13)}  ${c.padStart(17)}`;
  const lines = [
    `Cost estimate (${stack}): ${usd(estimate.monthly)} a month at ${estimate.region} list prices (${usd(estimate.capacityMonthly)} capacity, ${usd(estimate.usageMonthly)} usage)`,
    row("Component", "Monthly", "At max scale", "1-yr commitment"),
    ...estimate.components.filter((c) => c.resources > 0).map((c) => row(c.name, usd(c.monthly), usd(c.maxMonthly), usd(c.committedMonthly))),
    row("Total", usd(estimate.monthly), usd(estimate.maxMonthly), usd(estimate.committedMonthly)),
    `    At max scale: every auto scaling group at its maximum. 1-yr commitment: AWS's 1-year no-upfront reserved instances and Compute Savings Plans where offered, on-demand elsewhere.`,
  ];
  const notPriced = estimate.resources.filter((r) => r.status === "not priced" || r.status === "undecided");
  if (notPriced.length > 0) lines.push(`    Not priced (${notPriced.length}): ${notPriced.map((r) => `${r.name} (${r.type}): ${r.reason}`).join("; ")}`);
  const unstated = estimate.assumptions.filter((a) => a.source === "not stated");
  if (unstated.length > 0) lines.push(`    Usage not stated (counted as 0): ${unstated.map((a) => a.key).join(", ")}`);
  return lines.join("\n");
}

/** `npm run cost`: the summary, then every billed resource's lines by component, then the assumptions. */
export function renderEstimate(stack: string, estimate: Estimate): string {
  const sections = [renderSummary(stack, estimate)];
  for (const component of estimate.components.filter((c) => c.resources > 0)) {
    const lines = [`${component.name} (${component.type}): ${usd(component.monthly)}`];
    for (const r of estimate.resources.filter((x) => x.component === component.name && x.status !== "free")) {
      lines.push(`    ${r.name} (${r.type}): ${usd(r.monthly)}${r.status !== "priced" ? ` [${r.status}: ${r.reason}]` : ""}`);
      for (const l of r.lines) lines.push(`        ${l.item}: ${describeLine(l)}`);
    }
    sections.push(lines.join("\n"));
  }
  sections.push(["Assumptions:", ...estimate.assumptions.map((a) => `    ${a.key} = ${a.value}${a.unit ? ` ${a.unit}` : ""} (${a.source}): ${a.why}`)].join("\n"));
  return sections.join("\n\n");
}

function describeLine(line: CostLine): string {
  if (line.notPriced) return `not priced (${line.notPriced})`;
  const quantity = `${round(line.quantity)} ${line.unit}`;
  const discount = line.discount ? ` after the ${line.discount.percent}% ${line.discount.assumption}` : "";
  const max = line.maxMonthly !== line.monthly ? `, up to ${usd(line.maxMonthly)}` : "";
  const commitment = line.commitmentMonthly !== undefined ? `; ${usd(line.commitmentMonthly)} ${line.commitmentOffer}` : "";
  return `${quantity} × ${usd4(line.unitPrice!)}${discount} = ${usd(line.monthly)}${max}${commitment}`;
}

function round(n: number): string {
  return Number.isInteger(n) ? n.toLocaleString("en-US") : n.toLocaleString("en-US", { maximumFractionDigits: 3 });
}

/** Unit prices need more than cents: `$0.0252`. */
function usd4(amount: number): string {
  return `$${amount.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 6 })}`;
}
