import * as fs from "fs";
import * as path from "path";
import { Estimate, PRICE_TABLE } from "../../policies/kit/cost";
import { METERS, PRICED_REGIONS } from "../../scripts/cost/catalogue";
import { estimateRun, readUsageFile, regionOf, usageFileOf } from "../../scripts/cost/estimate-run";
import { runProgram } from "../harness";

const STACKS = ["dev", "staging", "prod", "prod-dr"] as const;
/** ECS (what the stacks ship), EKS with Karpenter (its default capacity mode) and EKS Auto Mode. */
const VARIANTS = {
  ecs: { compute: { platform: "ecs" }, hourly: ["aws:ecs/service:Service"] },
  eks: { compute: { platform: "eks" }, hourly: ["aws:eks/nodeGroup:NodeGroup", "kubernetes:karpenter.sh/v1:NodePool", "aws:eks/cluster:Cluster"] },
  "eks Auto Mode": { compute: { platform: "eks", eks: { capacity: { mode: "autoMode" } } }, hourly: ["kubernetes:karpenter.sh/v1:NodePool", "aws:eks/cluster:Cluster"] },
} as const;
const CASES = STACKS.flatMap((stack) => Object.keys(VARIANTS).map((variant) => [stack, variant as keyof typeof VARIANTS] as const));

// Every resource type and size the shipped stacks use, on either compute platform and in either EKS
// capacity mode, must have a price: a new instance class, node type or resource type in a stack file
// fails here until the catalogue (scripts/cost/catalogue.ts), a pricing rule and the price table cover it.
describe.each(CASES)("the %s stack on %s", (stack, variant) => {
  let estimate: Estimate;
  beforeAll(async () => {
    estimate = estimateRun(await runProgram({ stack, overrides: { "platform:compute": VARIANTS[variant].compute } }));
  }, 120_000);

  it("prices every billed resource: no type without a rule, no size without a price", () => {
    const gaps = estimate.resources.filter((r) => r.status === "not priced" || r.status === "undecided").map((r) => `${r.type} ${r.name}: ${r.reason}`);
    expect(gaps).toEqual([]);
  });

  it("bills the resources that cost money by the hour (compute, database, cache, network, load balancer)", () => {
    const hourly = new Set(estimate.resources.filter((r) => r.lines.some((l) => l.unit.endsWith("Hrs") && l.monthly > 0)).map((r) => r.type));
    const compute = VARIANTS[variant].hourly;
    expect([...hourly].sort()).toEqual(expect.arrayContaining([...compute, "aws:rds/instance:Instance", "aws:elasticache/replicationGroup:ReplicationGroup", "aws:ec2/natGateway:NatGateway", "aws:lb/loadBalancer:LoadBalancer"]));
  });

  it("states every usage figure it uses in the stack's usage file", () => {
    const unstated = estimate.assumptions.filter((a) => a.source === "not stated").map((a) => a.key);
    // A figure only one platform uses may be left out by a stack that does not run it.
    expect(unstated.filter((key) => !["interfaceEndpointDataGiB", "drBackupGiB", "drBackupTransferGiB", "ecrStorageGiB", "containerInsightsMetrics"].includes(key))).toEqual([]);
  });
});

describe("the committed price table", () => {
  it("has a price for every meter of the catalogue in every priced region, and nothing else, so the generator reproduces its shape", () => {
    for (const region of PRICED_REGIONS) {
      expect(Object.keys(PRICE_TABLE.regions[region] ?? {}).sort()).toEqual(METERS.map((m) => m.key).sort());
    }
    expect(Object.keys(PRICE_TABLE.regions).sort()).toEqual([...PRICED_REGIONS].sort());
  });

  it("covers the region of every shipped stack file", () => {
    for (const stack of STACKS) expect(PRICED_REGIONS).toContain(regionOf(stack));
  });

  it("says when and how it was produced, and each row names its offer file", () => {
    expect(PRICE_TABLE.retrieved).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(PRICE_TABLE.producedBy.length).toBeGreaterThan(20);
    const file = fs.readFileSync(path.join(__dirname, "..", "..", "policies", "kit", "cost", "prices.ts"), "utf8");
    expect(file.split("\n")[0]).toMatch(/^\/\/ /);
    for (const prices of Object.values(PRICE_TABLE.regions)) {
      for (const [meter, price] of Object.entries(prices)) {
        expect({ meter, offer: price.source.offer }).toEqual({ meter, offer: METERS.find((m) => m.key === meter)!.offer });
        expect(price.usd).toBeGreaterThan(0);
        if (price.commitment) expect(price.commitment.usd).toBeLessThan(price.usd);
      }
    }
  });
});

describe("the usage files", () => {
  it.each(STACKS)("of %s parses, every figure with its reasoning", (stack) => {
    const { usage } = readUsageFile(usageFileOf(stack));
    expect(Object.keys(usage).length).toBeGreaterThan(5);
    for (const entry of Object.values(usage)) expect(entry!.why.length).toBeGreaterThan(20);
  });
});

it("docs/costs.md is current (run `npm run docs` to regenerate)", async () => {
  const { renderCostReport } = await import("../../scripts/cost-docs");
  expect(fs.readFileSync(path.join(__dirname, "..", "..", "docs", "costs.md"), "utf8")).toBe(await renderCostReport());
}, 300_000);
