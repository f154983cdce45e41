/**
 * Reading AWS Price List offer files, in the formats the Billing user guide
 * documents ("Reading the service price list files"):
 *
 * - a service's regional file as CSV (`.../<offer>/<version>/<region>/index.csv`):
 *   five rows of metadata (FormatVersion, Disclaimer, Publication Date,
 *   Version, OfferCode), the column names in the sixth, then one row per
 *   price dimension with the product's attributes beside it. It is read a
 *   line at a time: the EC2 file of one region is over 400 MB.
 * - a Savings Plan's regional file as JSON: `products[]` (sku, productFamily,
 *   attributes) and `terms.savingsPlan[]` (sku, leaseContractLength, rates[]
 *   with discountedUsageType and discountedRate.price).
 */
import * as readline from "readline";
import type { Readable } from "stream";
import type { Commitment, MeterSpec } from "./catalogue";

/** One CSV row: column name (normalized: lower case letters and digits only) to value. */
export type OfferRow = Readonly<Record<string, string>>;

export interface OfferFile {
  /** `Version`, `Publication Date`, `OfferCode` and the rest of the metadata rows, by their names. */
  readonly metadata: Readonly<Record<string, string>>;
  readonly rows: readonly OfferRow[];
}

const METADATA_ROWS = 5;

/** `Instance Type`, `instanceType` and `instancetype` are one attribute; so are `Pre Installed S/W` and `preInstalledSw`. */
export function normalizeName(name: string): string {
  return name.replace(/[^A-Za-z0-9]/g, "").toLowerCase();
}

/** The fields of one CSV record (RFC 4180 quoting: `""` inside quotes is a quote). */
export function parseCsvRecord(record: string): string[] {
  const fields: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < record.length; i++) {
    const c = record[i];
    if (quoted) {
      if (c === '"' && record[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      fields.push(field);
      field = "";
    } else field += c;
  }
  fields.push(field);
  return fields;
}

/**
 * Reads a service offer file in CSV, keeping only the rows `keep` accepts
 * (so a 400 MB file never sits in memory). A record may span lines when a
 * quoted field holds a newline.
 */
export async function readOfferCsv(input: Readable, keep: (row: OfferRow) => boolean): Promise<OfferFile> {
  const metadata: Record<string, string> = {};
  const rows: OfferRow[] = [];
  let header: string[] | undefined;
  let pending = "";
  let seen = 0;
  for await (const line of readline.createInterface({ input, crlfDelay: Infinity })) {
    pending = pending ? `${pending}\n${line}` : line;
    if ((pending.match(/"/g)?.length ?? 0) % 2 === 1) continue;
    const fields = parseCsvRecord(pending);
    pending = "";
    seen++;
    if (seen <= METADATA_ROWS) metadata[fields[0]] = fields[1] ?? "";
    else if (!header) header = fields.map(normalizeName);
    else {
      const row = Object.fromEntries(header.map((name, i) => [name, fields[i] ?? ""]));
      if (keep(row)) rows.push(row);
    }
  }
  if (!header) throw new Error(`the offer file has no column row after its ${METADATA_ROWS} metadata rows (expected the documented CSV layout)`);
  return { metadata, rows };
}

/** Does a product row carry every attribute the meter asks for? */
export function matches(row: OfferRow, spec: MeterSpec): boolean {
  return Object.entries(spec.attributes).every(([name, wanted]) => {
    const value = row[normalizeName(name)];
    if (value === undefined) return false;
    return typeof wanted === "string" ? value === wanted : wanted.test(value);
  });
}

export interface SelectedPrice {
  readonly usd: number;
  readonly sku: string;
  readonly usagetype?: string;
}

/**
 * The on-demand price of a meter: the matching OnDemand rows' first paid
 * tier. Several SKUs may carry it (one per operation), but they must agree.
 */
export function onDemandPrice(rows: readonly OfferRow[], spec: MeterSpec): SelectedPrice {
  const candidates = rows.filter((r) => r.termtype === "OnDemand" && r.currency === "USD" && matches(r, spec) && Number(r.priceperunit) > 0);
  if (candidates.length === 0) throw new Error(`${spec.key}: no OnDemand row of ${spec.offer} matches ${describeSpec(spec)}`);
  const firstTier = Math.min(...candidates.map((r) => Number(r.startingrange || 0)));
  const tier = candidates.filter((r) => Number(r.startingrange || 0) === firstTier);
  const prices = [...new Set(tier.map((r) => Number(r.priceperunit)))];
  if (prices.length > 1) throw new Error(`${spec.key}: ${tier.length} OnDemand rows of ${spec.offer} match ${describeSpec(spec)} with different prices (${prices.join(", ")}); narrow the attributes`);
  return { usd: prices[0] * (spec.scale ?? 1), sku: tier[0].sku, usagetype: tier[0].usagetype };
}

/** The effective hourly price of a 1-year, no-upfront standard reservation of the meter's product. */
export function reservedPrice(rows: readonly OfferRow[], spec: MeterSpec): SelectedPrice | undefined {
  const candidates = rows.filter(
    (r) =>
      r.termtype === "Reserved" &&
      r.leasecontractlength === "1yr" &&
      r.purchaseoption === "No Upfront" &&
      (r.offeringclass ?? "standard") !== "convertible" &&
      r.unit === "Hrs" &&
      matches(r, spec),
  );
  const prices = [...new Set(candidates.map((r) => Number(r.priceperunit)))];
  if (prices.length > 1) throw new Error(`${spec.key}: the 1-year no-upfront reservations of ${describeSpec(spec)} have different prices (${prices.join(", ")})`);
  return candidates.length > 0 ? { usd: prices[0] * (spec.scale ?? 1), sku: candidates[0].sku } : undefined;
}

/** A Compute Savings Plan's regional file, as documented for the JSON format. */
export interface SavingsPlanFile {
  readonly version: string;
  readonly publicationDate: string;
  readonly products: readonly { readonly sku: string; readonly productFamily?: string; readonly attributes: Readonly<Record<string, string>> }[];
  readonly terms: {
    readonly savingsPlan: readonly {
      readonly sku: string;
      readonly leaseContractLength: { readonly duration: number; readonly unit: string };
      readonly rates: readonly { readonly discountedUsageType: string; readonly discountedServiceCode?: string; readonly discountedRate: { readonly price: string; readonly currency: string } }[];
    }[];
  };
}

/** The rate a 1-year, no-upfront Compute Savings Plan charges for the meter's usage type. */
export function savingsPlanPrice(file: SavingsPlanFile, spec: MeterSpec): SelectedPrice | undefined {
  const usagetype = spec.attributes.usagetype;
  if (!(usagetype instanceof RegExp)) throw new Error(`${spec.key}: a Savings Plan rate is looked up by usage type, and the meter names none`);
  const plans = new Set(file.products.filter((p) => normalizeName(p.attributes.purchaseOption ?? "") === "noupfront" && p.attributes.purchaseTerm === "1yr").map((p) => p.sku));
  const rates = file.terms.savingsPlan
    .filter((t) => plans.has(t.sku))
    .flatMap((t) => t.rates.map((rate) => ({ sku: t.sku, rate })))
    .filter(({ rate }) => rate.discountedRate.currency === "USD" && usagetype.test(rate.discountedUsageType) && (rate.discountedServiceCode ?? spec.offer) === spec.offer);
  const prices = [...new Set(rates.map(({ rate }) => Number(rate.discountedRate.price)))];
  if (prices.length > 1) throw new Error(`${spec.key}: the 1-year no-upfront Compute Savings Plan has different rates for ${usagetype} (${prices.join(", ")})`);
  return rates.length > 0 ? { usd: prices[0] * (spec.scale ?? 1), sku: rates[0].sku, usagetype: rates[0].rate.discountedUsageType } : undefined;
}

export function commitmentOffer(commitment: Commitment): string {
  return commitment === "reserved-1yr-no-upfront" ? "1-year reserved, no upfront" : "1-year Compute Savings Plan, no upfront";
}

function describeSpec(spec: MeterSpec): string {
  return Object.entries(spec.attributes)
    .map(([k, v]) => `${k}=${typeof v === "string" ? v : String(v)}`)
    .join(", ");
}
