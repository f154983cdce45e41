/**
 * `npm run prices [-- --offers <dir>] [--region <r>]...`: regenerates the
 * price table (`policies/kit/cost/prices.ts`) from the AWS Price List bulk
 * API, and copies it into the policy packs (`policies/sync-kit.ts`).
 *
 * For each offer the catalogue names it reads the offer's region index
 * (`/offers/v1.0/aws/<offer>/current/region_index.json`), then that region's
 * current file as CSV, keeping only the rows a meter matches; Fargate's
 * commitment rates come from the Compute Savings Plan's regional file
 * (`/savingsPlan/v1.0/aws/AWSComputeSavingsPlan/current/region_index.json`).
 * Every row of the table records the offer file version and the SKU it came
 * from. The bulk API needs no credentials. `--offers <dir>` reads the same
 * paths from a local mirror instead (how the tests run it).
 */
import * as fs from "fs";
import * as path from "path";
import { Readable } from "stream";
import type { MeterPrice, PriceTable } from "../../policies/kit/cost/types";
import { METERS, MeterSpec, PRICED_REGIONS } from "./catalogue";
import { commitmentOffer, matches, onDemandPrice, readOfferCsv, reservedPrice, SavingsPlanFile, savingsPlanPrice } from "./offer-files";

export const PRICE_LIST_ENDPOINT = "https://pricing.us-east-1.amazonaws.com";
export const PRICE_TABLE_FILE = path.join(__dirname, "..", "..", "policies", "kit", "cost", "prices.ts");
const SAVINGS_PLAN_INDEX = "/savingsPlan/v1.0/aws/AWSComputeSavingsPlan/current/region_index.json";

/** Where offer files are read from: the bulk API, or a directory holding the same paths. */
export interface OfferSource {
  readonly description: string;
  open(urlPath: string): Promise<Readable>;
}

export function httpSource(endpoint = PRICE_LIST_ENDPOINT): OfferSource {
  return {
    description: `the AWS Price List bulk API (${endpoint})`,
    async open(urlPath) {
      const response = await fetch(`${endpoint}${urlPath}`);
      if (!response.ok || !response.body) throw new Error(`GET ${endpoint}${urlPath}: HTTP ${response.status}`);
      return Readable.fromWeb(response.body as import("stream/web").ReadableStream<Uint8Array>);
    },
  };
}

export function directorySource(dir: string): OfferSource {
  return {
    description: `offer files mirrored under ${dir}`,
    async open(urlPath) {
      const file = path.join(dir, urlPath);
      if (!fs.existsSync(file)) throw new Error(`no offer file ${file} (expected the bulk API's path ${urlPath} under ${dir})`);
      return fs.createReadStream(file);
    },
  };
}

async function readJson<T>(source: OfferSource, urlPath: string): Promise<T> {
  const chunks: Buffer[] = [];
  for await (const chunk of await source.open(urlPath)) chunks.push(Buffer.from(chunk));
  return JSON.parse(Buffer.concat(chunks).toString("utf8")) as T;
}

export interface GenerateOptions {
  readonly regions?: readonly string[];
  readonly meters?: readonly MeterSpec[];
  /** ISO date recorded as the retrieval date. @default today */
  readonly retrieved?: string;
}

/** Builds the price table from the offer files `source` serves. */
export async function generatePriceTable(source: OfferSource, options: GenerateOptions = {}): Promise<PriceTable> {
  const meters = options.meters ?? METERS;
  const regions: Record<string, Record<string, MeterPrice>> = {};
  for (const region of options.regions ?? PRICED_REGIONS) {
    const prices: Record<string, MeterPrice> = {};
    for (const offer of [...new Set(meters.map((m) => m.offer))]) {
      const specs = meters.filter((m) => m.offer === offer);
      const index = await readJson<{ regions: Record<string, { currentVersionUrl: string }> }>(source, `/offers/v1.0/aws/${offer}/current/region_index.json`);
      const current = index.regions[region]?.currentVersionUrl;
      if (!current) throw new Error(`${offer} has no price list for ${region} (its region index lists ${Object.keys(index.regions).join(", ")})`);
      const file = await readOfferCsv(await source.open(current.replace(/\.json$/, ".csv")), (row) => specs.some((spec) => matches(row, spec)));
      const version = file.metadata["Version"] ?? path.basename(path.dirname(path.dirname(current)));
      const plans = specs.some((s) => s.commitment === "compute-savings-plan-1yr-no-upfront") ? await savingsPlans(source, region) : undefined;
      for (const spec of specs) {
        const onDemand = onDemandPrice(file.rows, spec);
        const commitment = spec.commitment === "reserved-1yr-no-upfront" ? reservedPrice(file.rows, spec) : spec.commitment && plans ? savingsPlanPrice(plans, spec) : undefined;
        prices[spec.key] = {
          usd: onDemand.usd,
          unit: spec.unit,
          ...(commitment && spec.commitment ? { commitment: { usd: commitment.usd, offer: commitmentOffer(spec.commitment) } } : {}),
          source: { offer, version, sku: onDemand.sku, ...(onDemand.usagetype ? { usagetype: onDemand.usagetype } : {}) },
        };
      }
    }
    regions[region] = Object.fromEntries(Object.entries(prices).sort(([a], [b]) => a.localeCompare(b)));
  }
  return { retrieved: options.retrieved ?? new Date().toISOString().slice(0, 10), producedBy: `Generated by scripts/cost/generate-prices.ts from ${source.description}.`, regions };
}

async function savingsPlans(source: OfferSource, region: string): Promise<SavingsPlanFile> {
  const index = await readJson<{ regions: { regionCode: string; versionUrl: string }[] }>(source, SAVINGS_PLAN_INDEX);
  const entry = index.regions.find((r) => r.regionCode === region);
  if (!entry) throw new Error(`the Compute Savings Plan has no rates for ${region}`);
  return readJson<SavingsPlanFile>(source, entry.versionUrl);
}

/** The TypeScript module the estimator and the packs import: one meter per line, diff-friendly. */
export function renderPriceTable(table: PriceTable, header: readonly string[]): string {
  const lines = [
    ...header.map((line) => `// ${line}`.trimEnd()),
    'import type { PriceTable } from "./types";',
    "",
    "export const PRICE_TABLE: PriceTable = {",
    `  retrieved: ${JSON.stringify(table.retrieved)},`,
    `  producedBy: ${JSON.stringify(table.producedBy)},`,
    "  regions: {",
    ...Object.entries(table.regions).flatMap(([region, meters]) => [
      `    ${JSON.stringify(region)}: {`,
      ...Object.entries(meters).map(([key, price]) => `      ${JSON.stringify(key)}: ${JSON.stringify(price)},`),
      "    },",
    ]),
    "  },",
    "};",
    "",
  ];
  return lines.join("\n");
}

export const GENERATED_HEADER = [
  "Generated by scripts/cost/generate-prices.ts (`npm run prices`) from the AWS Price List bulk API;",
  "every row names the offer file version and SKU it came from. Do not edit by hand: rerun the generator.",
];

/** `--offers <dir>` once, `--region <region>` any number of times; anything else is a mistake, never ignored. */
export function parsePricesArgs(argv: readonly string[]): { offers?: string; regions: string[] } {
  let offers: string | undefined;
  const regions: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const value = argv[i + 1];
    if ((argv[i] === "--offers" || argv[i] === "--region") && (value === undefined || value.startsWith("--"))) throw new Error(`${argv[i]} needs a value`);
    if (argv[i] === "--offers") offers = argv[++i];
    else if (argv[i] === "--region") regions.push(argv[++i]);
    else throw new Error(`unknown argument ${JSON.stringify(argv[i])} (usage: npm run prices -- [--offers <dir>] [--region <region>]...)`);
  }
  return { offers, regions };
}

async function main(argv: readonly string[]): Promise<void> {
  const { offers, regions } = parsePricesArgs(argv);
  const source = offers ? directorySource(path.resolve(offers)) : httpSource();
  const table = await generatePriceTable(source, regions.length > 0 ? { regions } : {});
  fs.writeFileSync(PRICE_TABLE_FILE, renderPriceTable(table, GENERATED_HEADER));
  const { syncKit } = await import("../../policies/sync-kit");
  syncKit();
  console.log(`wrote ${path.relative(process.cwd(), PRICE_TABLE_FILE)}: ${Object.entries(table.regions).map(([r, m]) => `${r} ${Object.keys(m).length} meters`).join(", ")}`);
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
