import { ofTypes } from "../helpers";
import { PRICE_TABLE } from "./prices";
import { HOURS_PER_MONTH, needValue, PricingRule, RuleContext, Undecided } from "./rule";
import { COMPUTE_RULES } from "./rules-compute";
import { DATA_RULES } from "./rules-data";
import { EKS_RULES } from "./rules-eks";
import { NETWORK_RULES } from "./rules-network";
import { OBSERVABILITY_RULES } from "./rules-observability";
import type { Assumption, Charge, ComponentCost, CostLine, CostResource, Estimate, MeterPrice, PriceTable, ResourceCost } from "./types";
import { USAGE_KEYS, UsageAssumptions, UsageKey } from "./usage";

/** Every resource type the estimator knows, by type token: how it is priced, or why it costs nothing. */
export const PRICING_RULES: Readonly<Record<string, PricingRule>> = { ...DATA_RULES, ...NETWORK_RULES, ...COMPUTE_RULES, ...EKS_RULES, ...OBSERVABILITY_RULES };

export const STACK_COMPONENT = "(stack)";
const STACK_TYPE = "pulumi:pulumi:Stack";

export interface EstimateOptions {
  /** The region whose list prices apply. */
  readonly region: string;
  /** Stated usage figures; a missing one counts as 0 and is listed as not stated. */
  readonly usage?: UsageAssumptions;
  /** Where the usage figures were stated, for the assumptions list. @default "no usage file" */
  readonly usageSource?: string;
  /** @default the committed table (`prices.ts`) */
  readonly prices?: PriceTable;
  /** @default PRICING_RULES */
  readonly rules?: Readonly<Record<string, PricingRule>>;
}

/**
 * The monthly estimate of a stack at list prices: each billed resource's
 * charges from its pricing rule, priced from the table for the region. A
 * type without a rule, or a meter without a price in the region, is listed
 * as not priced, never counted as zero.
 */
export function estimateCost(resources: readonly CostResource[], options: EstimateOptions): Estimate {
  const prices = options.prices ?? PRICE_TABLE;
  const rules = options.rules ?? PRICING_RULES;
  const regionPrices = prices.regions[options.region];
  const byUrn = new Map(resources.map((r) => [r.urn, r]));
  const usedUsage = new Set<UsageKey>();
  const conventions = new Map<string, Assumption>();
  const ctx: RuleContext = {
    need: needValue,
    from: (r, property) => (r.inputsFrom[property] ?? []).map((urn) => byUrn.get(urn)).filter((x): x is CostResource => !!x),
    // Through the kit's index by type: rules look resources up for every resource they price, and a stack policy sees thousands.
    feeding: (r, type, property) => ofTypes(resources, type).filter((x) => (x.inputsFrom[property] ?? []).includes(r.urn)),
    ofTypes: (...types) => ofTypes(resources, ...types),
    usage: (key) => {
      usedUsage.add(key);
      return options.usage?.[key]?.value ?? 0;
    },
    prices: regionPrices ?? {},
    assume: (key, value, unit, why) => {
      conventions.set(key, { key, value, unit, why, source: "pricing conventions" });
    },
  };
  const undecided: { urn: string; name: string; path: readonly string[] }[] = [];
  const costs: ResourceCost[] = [];
  const componentTypes = new Map<string, string>();
  for (const resource of resources) {
    if (!resource.custom || resource.type.startsWith("pulumi:providers:")) continue;
    const top = topComponent(resource, byUrn);
    if (top) componentTypes.set(top.name, top.type);
    const base = { urn: resource.urn, name: resource.name, type: resource.type, component: top?.name ?? STACK_COMPONENT };
    const rule = rules[resource.type];
    if (!rule) {
      costs.push({ ...base, status: "not priced", reason: `no pricing rule for ${resource.type} (add one in policies/kit/cost/rules-*.ts)`, ...ZERO, lines: [] });
      continue;
    }
    if ("free" in rule) {
      costs.push({ ...base, status: "free", reason: rule.free, ...ZERO, lines: [] });
      continue;
    }
    let charges: Charge[];
    try {
      charges = rule.charges(resource, ctx);
    } catch (error) {
      if (!(error instanceof Undecided)) throw error;
      undecided.push({ urn: error.resource.urn, name: error.resource.name, path: error.path });
      costs.push({ ...base, status: "undecided", reason: `${error.resource.name}: ${error.path.join(".")} is not known until the update`, ...ZERO, lines: [] });
      continue;
    }
    const lines = charges.map((c) => priceLine(c, regionPrices?.[c.meter], options.region));
    const missing = lines.filter((l) => l.notPriced);
    costs.push({
      ...base,
      status: lines.length === 0 ? "free" : missing.length > 0 ? "not priced" : "priced",
      ...(lines.length === 0 ? { reason: "nothing billed with these settings" } : missing.length > 0 ? { reason: missing.map((l) => `${l.item}: ${l.notPriced}`).join("; ") } : {}),
      monthly: sum(lines.map((l) => l.monthly)),
      maxMonthly: sum(lines.map((l) => l.maxMonthly)),
      committedMonthly: sum(lines.map((l) => l.commitmentMonthly ?? l.monthly)),
      lines,
    });
  }
  const lines = costs.flatMap((c) => c.lines);
  return {
    region: options.region,
    currency: "USD",
    hoursPerMonth: HOURS_PER_MONTH,
    monthly: sum(costs.map((c) => c.monthly)),
    capacityMonthly: sum(lines.filter((l) => l.basis === "capacity").map((l) => l.monthly)),
    usageMonthly: sum(lines.filter((l) => l.basis === "usage").map((l) => l.monthly)),
    maxMonthly: sum(costs.map((c) => c.maxMonthly)),
    committedMonthly: sum(costs.map((c) => c.committedMonthly)),
    components: components(costs, componentTypes),
    resources: costs,
    assumptions: [...assumptions(options, prices, usedUsage), ...[...conventions.values()].sort((a, b) => a.key.localeCompare(b.key))],
    undecided,
  };
}

const ZERO = { monthly: 0, maxMonthly: 0, committedMonthly: 0 };

function priceLine(charge: Charge, price: MeterPrice | undefined, region: string): CostLine {
  const base = { item: charge.item, meter: charge.meter, quantity: charge.quantity, basis: charge.basis, ...(charge.discount ? { discount: charge.discount } : {}) };
  if (!price) return { ...base, unit: "", monthly: 0, maxMonthly: 0, notPriced: `no ${region} price for meter ${charge.meter}` };
  const unitPrice = price.usd * (1 - (charge.discount?.percent ?? 0) / 100);
  const commitment = price.commitment && !charge.discount ? { commitmentMonthly: charge.quantity * price.commitment.usd, commitmentOffer: price.commitment.offer } : {};
  return { ...base, unit: price.unit, unitPrice, monthly: charge.quantity * unitPrice, maxMonthly: (charge.maxQuantity ?? charge.quantity) * unitPrice, ...commitment };
}

/**
 * The top-most component below the stack that a resource belongs to; none
 * for a resource directly under the stack. The stack is the parent that is
 * of the stack type or not among the resources (a stack policy may not see it).
 */
function topComponent(resource: CostResource, byUrn: Map<string, CostResource>): CostResource | undefined {
  const isStack = (urn: string) => !byUrn.has(urn) || byUrn.get(urn)!.type === STACK_TYPE;
  let top: CostResource | undefined;
  for (let urn = resource.parent; urn && !isStack(urn); urn = byUrn.get(urn)!.parent) top = byUrn.get(urn);
  return top;
}

function components(costs: readonly ResourceCost[], types: ReadonlyMap<string, string>): ComponentCost[] {
  return [...groupBy(costs, (c) => c.component)]
    .map(([name, own]) => ({
      name,
      type: types.get(name) ?? STACK_TYPE,
      monthly: sum(own.map((c) => c.monthly)),
      maxMonthly: sum(own.map((c) => c.maxMonthly)),
      committedMonthly: sum(own.map((c) => c.committedMonthly)),
      resources: own.filter((c) => c.status !== "free").length,
    }))
    .sort((a, b) => b.monthly - a.monthly || a.name.localeCompare(b.name));
}

function assumptions(options: EstimateOptions, prices: PriceTable, used: ReadonlySet<UsageKey>): Assumption[] {
  const source = options.usageSource ?? "no usage file";
  return [
    { key: "hoursPerMonth", value: HOURS_PER_MONTH, unit: "hours", why: "AWS's own convention for monthly prices (365 × 24 / 12); everything runs all month.", source: "pricing conventions" },
    { key: "prices", value: `${options.region} list prices of ${prices.retrieved}`, unit: "", why: prices.producedBy, source: "policies/kit/cost/prices.ts" },
    ...[...used].sort().map((key) => {
      const stated = options.usage?.[key];
      return {
        key,
        value: stated?.value ?? 0,
        unit: USAGE_KEYS[key].unit,
        why: stated?.why ?? `not stated, counted as 0: ${USAGE_KEYS[key].description}`,
        source: stated ? source : "not stated",
      };
    }),
  ];
}

/** `items` by `key`, keys in the order first seen. */
function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group) group.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
