import type { PolicyResource } from "@pulumi/policy";
import { costResourcesOf, estimateCost, parseUsage, PRICE_TABLE, UsageAssumptions } from "../kit/cost";
import { declaredValue, stackPolicy } from "../kit";

interface BudgetSettings {
  budgetUsd: number;
  usage: Record<string, unknown>;
  region: string;
}

/** The most components a finding names. */
const NAMED_COMPONENTS = 3;

/** The region the stack's subnets (or other zonal resources) declare their zones in: `eu-west-1a` → `eu-west-1`. */
export function regionOfZones(resources: readonly PolicyResource[]): string | undefined {
  for (const r of resources) {
    const zone = declaredValue(r, ["availabilityZone"]);
    if (typeof zone === "string" && /^[a-z]{2}(-[a-z]+)+-\d[a-z]$/.test(zone)) return zone.slice(0, -1);
  }
  return undefined;
}

const usd = (n: number) => `$${n.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

export const costMonthlyBudget = stackPolicy<BudgetSettings>({
  name: "aws-cost-monthly-budget",
  description: "The stack's monthly estimate at AWS list prices (what it declares, plus any stated usage) stays within its budget.",
  pack: "compliance",
  service: "cost",
  severity: "medium",
  frameworks: ["wellArchitected"],
  remediationSteps:
    "Right-size what the finding names in the stack file (instance classes, node types and counts, NAT strategy, endpoints; `npm run cost -- --stack <stack>` shows every line), or raise `budgetUsd` in the stack's compliance pack config deliberately.",
  settings: {
    budgetUsd: { type: "number", minimum: 0, description: "Monthly budget in USD that the stack's estimate must not exceed.", default: 1500 },
    usage: {
      type: "object",
      description: "Usage assumptions (the format of usage/<stack>.yaml: key to { value, why }) whose charges count against the budget; default none: only what the stack declares is counted.",
      default: {},
    },
    region: { type: "string", description: "Region whose list prices apply; empty: the region of the zones the stack's subnets declare, else us-east-1.", default: "" },
  },
  validate: ({ resources, settings, report, undecided }) => {
    const region = settings.region || regionOfZones(resources) || "us-east-1";
    if (!PRICE_TABLE.regions[region]) {
      report(`There are no list prices for ${region} in the price table, so the ${usd(settings.budgetUsd)} budget cannot be checked. Add ${region} to PRICED_REGIONS in scripts/cost/catalogue.ts and run npm run prices.`);
      return;
    }
    const { usage, problems } = parseUsage(settings.usage, "usage setting");
    if (problems.length > 0) {
      report(`The usage setting is invalid, so the budget cannot be checked: ${problems.join("; ")}.`);
      return;
    }
    // No usageSource: it only labels the estimate's assumptions, which the finding does not print.
    const estimate = estimateCost(costResourcesOf(resources), { region, usage: usage as UsageAssumptions });
    const notPriced = estimate.resources.filter((r) => r.status === "not priced");
    if (estimate.monthly > settings.budgetUsd) {
      const biggest = estimate.components
        .filter((c) => c.monthly > 0)
        .slice(0, NAMED_COMPONENTS)
        .map((c) => {
          // A component costs something only through its lines, so one that costs more than nothing has one.
          const line = estimate.resources
            .filter((r) => r.component === c.name)
            .flatMap((r) => r.lines)
            .sort((a, b) => b.monthly - a.monthly)[0];
          return `${c.name} ${usd(c.monthly)} (${line.item}: ${usd(line.monthly)})`;
        });
      const unpriced = notPriced.length > 0 ? ` ${notPriced.length} resource${notPriced.length === 1 ? " is" : "s are"} not priced and not counted: ${notPriced.map((r) => r.name).join(", ")}.` : "";
      const counted = Object.keys(usage).length > 0 ? "what the stack declares plus the stated usage" : "what the stack declares (no usage setting)";
      // Reported on the most expensive resource, so the finding points at where to start. There is one: the budget is at
      // least 0 (its schema's minimum), so an estimate over it costs something.
      const costliest = [...estimate.resources].sort((a, b) => b.monthly - a.monthly)[0];
      report(
        `The estimate of ${counted} is ${usd(estimate.monthly)} a month at ${region} list prices, ${usd(estimate.monthly - settings.budgetUsd)} over the ${usd(settings.budgetUsd)} budget. Biggest components: ${biggest.join("; ")}.${unpriced}`,
        costliest.urn,
      );
      return;
    }
    // Within the budget so far: a value not known yet could still change that.
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    for (const u of estimate.undecided) {
      const resource = byUrn.get(u.urn);
      if (resource) undecided(resource, u.path);
    }
  },
});
