import type { Json } from "../types";
import { UNKNOWN } from "../unknowns";
import type { Charge, CostResource, MeterPrice } from "./types";
import type { UsageKey } from "./usage";

/** Hours in the month the estimate prices: AWS's own convention (365 × 24 / 12). */
export const HOURS_PER_MONTH = 730;

/**
 * How one resource type is priced: either a reason it costs nothing on its
 * own, or the charges it brings. Rules read only what the program declared,
 * through the context, so one table serves the offline preview and the
 * budget policy.
 */
export type PricingRule = { readonly free: string } | { readonly charges: (resource: CostResource, ctx: RuleContext) => Charge[] };

export interface RuleContext {
  /**
   * The declared value at `path`, or `undefined` when not declared. A value
   * the engine does not know yet stops the rule: the resource is reported as
   * undecided, naming the path.
   */
  need(resource: CostResource, path: readonly string[]): Json;
  /** The resources whose outputs feed input `property` of `resource` (a task definition's service, a node group's launch template). */
  from(resource: CostResource, property: string): CostResource[];
  /** Resources of `type` that take input `property` from `resource` (the proxy targets of a proxy). */
  feeding(resource: CostResource, type: string, property: string): CostResource[];
  /** Every resource of these types in the stack. */
  ofTypes(...types: string[]): CostResource[];
  /** A usage figure from the usage file (0 when not stated); the estimate lists it as an assumption. */
  usage(key: UsageKey): number;
  /** The region's price table, for rules that choose what to buy (the cheapest instance type a node pool allows). */
  readonly prices: Readonly<Record<string, MeterPrice>>;
  /** Records a modelling convention the rule applied; the estimate lists it with its assumptions. */
  assume(key: string, value: string, unit: string, why: string): void;
}

/** Thrown by `need` for a value not known yet; the estimator reports the resource as undecided. */
export class Undecided extends Error {
  constructor(
    readonly resource: CostResource,
    readonly path: readonly string[],
  ) {
    super(`${resource.name}: ${path.join(".")} is not known yet`);
  }
}

/** `need` over a resource: the declared value, `undefined`, or an Undecided throw. */
export function needValue(resource: CostResource, path: readonly string[]): Json {
  const value = resource.read(path);
  if (value === UNKNOWN) throw new Undecided(resource, path);
  return value;
}

/** A usage charge shared equally by `peers` (the stack's NAT gateways share the stack's NAT traffic). */
export function share(total: number, peers: number): number {
  return peers > 0 ? total / peers : 0;
}

/** "all of" or "a 1/3 share of": how a stack-wide usage figure is split over the resources that incur it. */
export function portion(peers: number): string {
  return peers === 1 ? "all of" : `a 1/${peers} share of`;
}

/**
 * How many items a declared list has, without reading them: during a preview
 * a list of subnet ids is known to have three entries while each id is still
 * unknown, and reading one would stop a policy.
 */
export function countOf(value: Json): number {
  if (Array.isArray(value)) return value.length;
  return value === undefined || value === null ? 0 : 1;
}

/** A declared number, or `fallback` when the program left it out. */
export function numberOr(value: Json, fallback: number): number {
  const n = typeof value === "string" ? Number(value) : value;
  return typeof n === "number" && Number.isFinite(n) ? n : fallback;
}

/**
 * vCPUs of an RDS, ElastiCache or EC2 size (`db.r7g.large` → 2, `m6i.4xlarge`
 * → 16): burstable micro to medium and every `large` have 2, `xlarge` 4, and
 * `Nxlarge` 4 × N, which holds for the Graviton and Intel families priced here.
 * Undefined for a size outside that pattern (`metal`), so it is never guessed.
 */
export function vcpusOf(instanceType: string): number | undefined {
  const size = instanceType.split(".").pop() ?? "";
  if (["nano", "micro", "small", "medium", "large"].includes(size)) return 2;
  if (size === "xlarge") return 4;
  const m = size.match(/^(\d+)xlarge$/);
  return m ? 4 * Number(m[1]) : undefined;
}

/** A charge for something that runs all month. */
export function hourly(item: string, meter: string, units = 1, maxUnits?: number): Charge {
  return { item, meter, quantity: units * HOURS_PER_MONTH, ...(maxUnits !== undefined && maxUnits !== units ? { maxQuantity: maxUnits * HOURS_PER_MONTH } : {}), basis: "capacity" };
}

/** A flat monthly charge (a key, a secret, an alarm). */
export function monthly(item: string, meter: string, count = 1): Charge {
  return { item, meter, quantity: count, basis: "capacity" };
}

/** A charge whose quantity is a usage assumption. */
export function usageCharge(item: string, meter: string, quantity: number): Charge {
  return { item, meter, quantity, basis: "usage" };
}
