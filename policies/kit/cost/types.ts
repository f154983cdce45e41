import type { Json } from "../types";

/**
 * One resource as the estimator sees it, whichever side it comes from: the
 * offline preview's captured registrations, or a stack policy's resources.
 * Only what the program declared is read, so an estimate made during
 * `pulumi preview` (values AWS computes still unknown) and one made offline
 * agree.
 */
export interface CostResource {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  /** URN of the parent resource; "" for the stack itself. */
  readonly parent: string;
  /** Component resources and the stack are not custom; only custom resources are billed. */
  readonly custom: boolean;
  /**
   * The declared input at `path`: its value, `undefined` when the program
   * did not set it, or `UNKNOWN` (from `../unknowns`) when it is not known yet.
   */
  read(path: readonly string[]): Json;
  /** Per input property, the URNs of the resources its value came from. */
  readonly inputsFrom: Readonly<Record<string, readonly string[]>>;
}

/** A quantity a pricing rule charges for one resource, per month. */
export interface Charge {
  /** What is charged, in words: `db.m7g.large instance hours (writer and Multi-AZ standby)`. */
  readonly item: string;
  /** The price-table meter, such as `rds:postgres:db.m7g.large:multi-az`. */
  readonly meter: string;
  /** Monthly quantity in the meter's unit (hours, GB-months, GB, months, million requests). */
  readonly quantity: number;
  /** The quantity at the resource's maximum scale (auto scaling), where that differs. */
  readonly maxQuantity?: number;
  /** `capacity` follows from what the program declares; `usage` from the stack's usage file. */
  readonly basis: "capacity" | "usage";
  /** A discount on the list price that the price list does not carry (Fargate and EC2 Spot), as a stated assumption. */
  readonly discount?: { readonly percent: number; readonly assumption: string };
}

/** A list price of one meter in one region. */
export interface MeterPrice {
  /** USD per unit. */
  readonly usd: number;
  /** The unit of the price: `Hrs`, `GB-Mo`, `GB`, `Mo`, `1M requests`, `vCPU-Hrs`, `vCPU-Mo`. */
  readonly unit: string;
  /**
   * The commitment price beside it, where AWS offers one for this meter: a
   * 1-year no-upfront reserved instance (RDS, ElastiCache, EC2) or a 1-year
   * no-upfront Compute Savings Plan rate (Fargate), in USD per unit.
   */
  readonly commitment?: { readonly usd: number; readonly offer: string };
  /** Where the price came from: the offer file, its version and the SKU, as the generator records them. */
  readonly source: PriceSource;
}

export interface PriceSource {
  /** Price List offer code: `AmazonRDS`, `AmazonEC2`, `AWSComputeSavingsPlan`, ... */
  readonly offer: string;
  /** Offer file version (its publication timestamp), or how the row was obtained when no file was read. */
  readonly version: string;
  readonly sku?: string;
  readonly usagetype?: string;
}

/** The committed price table: per region, per meter. */
export interface PriceTable {
  /** ISO date the prices were taken. */
  readonly retrieved: string;
  /** How the table was produced, in one sentence (the generator's run, or otherwise). */
  readonly producedBy: string;
  readonly regions: Readonly<Record<string, Readonly<Record<string, MeterPrice>>>>;
}

/** One priced line of a resource's estimate. */
export interface CostLine {
  readonly item: string;
  readonly meter: string;
  readonly quantity: number;
  readonly unit: string;
  readonly basis: Charge["basis"];
  /** USD per unit after any stated discount; undefined when the meter has no price here. */
  readonly unitPrice?: number;
  /** USD per month; 0 when not priced. */
  readonly monthly: number;
  /** USD per month at maximum scale. */
  readonly maxMonthly: number;
  /** USD per month under the meter's commitment price, where AWS offers one. */
  readonly commitmentMonthly?: number;
  readonly commitmentOffer?: string;
  /** Why the line has no price (no price for the meter in the region). */
  readonly notPriced?: string;
  readonly discount?: Charge["discount"];
}

export type ResourceStatus = "priced" | "free" | "not priced" | "undecided";

/** A resource's estimate. */
export interface ResourceCost {
  readonly urn: string;
  readonly name: string;
  readonly type: string;
  /** The top-level component the resource belongs to (its name), or `(stack)`. */
  readonly component: string;
  readonly status: ResourceStatus;
  /** Why it is free, not priced or undecided. */
  readonly reason?: string;
  readonly monthly: number;
  readonly maxMonthly: number;
  /** USD per month with AWS's commitment prices where offered, on-demand elsewhere. */
  readonly committedMonthly: number;
  readonly lines: readonly CostLine[];
}

/** A top-level component's total. */
export interface ComponentCost {
  readonly name: string;
  readonly type: string;
  readonly monthly: number;
  readonly maxMonthly: number;
  readonly committedMonthly: number;
  /** Billed resources (free ones excluded). */
  readonly resources: number;
}

/** A stated assumption the estimate used: a usage figure from the usage file, or a convention. */
export interface Assumption {
  readonly key: string;
  readonly value: number | string;
  readonly unit: string;
  /** Why this figure: the reasoning written in the usage file. */
  readonly why: string;
  /** Where it was stated: the usage file, the pricing conventions, the price table. */
  readonly source: string;
}

/** The estimate of a whole stack. */
export interface Estimate {
  readonly region: string;
  readonly currency: "USD";
  readonly hoursPerMonth: number;
  /** On-demand (and stated Spot discount) list price per month: capacity plus usage. */
  readonly monthly: number;
  readonly capacityMonthly: number;
  readonly usageMonthly: number;
  /** With every autoscaled resource at its maximum. */
  readonly maxMonthly: number;
  /** With AWS's 1-year no-upfront commitment prices where offered. */
  readonly committedMonthly: number;
  /** Biggest first. */
  readonly components: readonly ComponentCost[];
  readonly resources: readonly ResourceCost[];
  readonly assumptions: readonly Assumption[];
  /** Values a rule needed that are not known yet (a first preview): `urn` and input path. */
  readonly undecided: readonly { readonly urn: string; readonly name: string; readonly path: readonly string[] }[];
}
