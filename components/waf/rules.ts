import * as aws from "../internal/aws";

/** `block` enforces every rule; `count` only counts and labels, for rolling rules out safely. */
export const WAF_MODES = ["block", "count"] as const;
export type WafMode = (typeof WAF_MODES)[number];

/** AWS WAF's bounds for a rate-based rule's limit (requests per IP per evaluation window). */
export const RATE_LIMIT_RANGE = { min: 10, max: 2_000_000_000 } as const;
/** The rate-based rule counts each IP's requests over the last 5 minutes. */
export const RATE_LIMIT_WINDOW_SECONDS = 300;
export const COUNTRY_CODE_PATTERN = /^[A-Z]{2}$/;

/**
 * Every rule the web ACL can hold, with a fixed, unique priority (lower runs
 * first) and its WCU cost. Cheap rules that settle a request on the source
 * alone run first; the request-inspecting managed groups run last.
 */
export const WAF_RULES = {
  GeoDenyList: { priority: 0, capacity: 1 },
  GeoAllowList: { priority: 1, capacity: 1 },
  AmazonIpReputationList: { priority: 10, capacity: 25, managedGroup: "AWSManagedRulesAmazonIpReputationList" },
  AnonymousIpList: { priority: 20, capacity: 50, managedGroup: "AWSManagedRulesAnonymousIpList" },
  RateLimitPerIp: { priority: 30, capacity: 2 },
  CommonRuleSet: { priority: 40, capacity: 700, managedGroup: "AWSManagedRulesCommonRuleSet" },
  KnownBadInputs: { priority: 50, capacity: 200, managedGroup: "AWSManagedRulesKnownBadInputsRuleSet" },
  SqlInjection: { priority: 60, capacity: 200, managedGroup: "AWSManagedRulesSQLiRuleSet" },
} as const;
export type WafRuleName = keyof typeof WAF_RULES;

/** Web ACL capacity units included in the base price; above this AWS charges per request. */
export const INCLUDED_CAPACITY_UNITS = 1500;

export interface WafRuleSettings {
  readonly mode: WafMode;
  readonly rateLimit: number;
  readonly anonymousIpList: boolean;
  readonly geoAllow: readonly string[];
  readonly geoDeny: readonly string[];
  /** Prefix of every rule's CloudWatch metric name. */
  readonly metricPrefix: string;
}

type Rule = aws.types.input.wafv2.WebAclRule;

/** Which rules a configuration turns on, in priority order. */
export function selectedRules(settings: WafRuleSettings): WafRuleName[] {
  const names: WafRuleName[] = [];
  if (settings.geoDeny.length > 0) names.push("GeoDenyList");
  if (settings.geoAllow.length > 0) names.push("GeoAllowList");
  names.push("AmazonIpReputationList");
  if (settings.anonymousIpList) names.push("AnonymousIpList");
  names.push("RateLimitPerIp", "CommonRuleSet", "KnownBadInputs", "SqlInjection");
  return names.sort((a, b) => WAF_RULES[a].priority - WAF_RULES[b].priority);
}

export function capacityOf(names: readonly WafRuleName[]): number {
  return names.reduce((sum, name) => sum + WAF_RULES[name].capacity, 0);
}

/**
 * The web ACL's rules. Pure: the same settings always give the same rules, so
 * tests assert on this and on the resource alike. In `count` mode managed
 * groups are overridden to count and our own rules count instead of block.
 */
export function buildWafRules(settings: WafRuleSettings): Rule[] {
  const enforce = settings.mode === "block";
  const visibility = (name: WafRuleName) => ({
    cloudwatchMetricsEnabled: true,
    sampledRequestsEnabled: true,
    metricName: `${settings.metricPrefix}-${name}`,
  });
  const ownAction = enforce ? { block: {} } : { count: {} };
  return selectedRules(settings).map((name): Rule => {
    const rule = WAF_RULES[name];
    const base = { name, priority: rule.priority, visibilityConfig: visibility(name) };
    if ("managedGroup" in rule) {
      return {
        ...base,
        overrideAction: enforce ? { none: {} } : { count: {} },
        statement: { managedRuleGroupStatement: { vendorName: "AWS", name: rule.managedGroup } },
      };
    }
    if (name === "RateLimitPerIp") {
      return {
        ...base,
        action: ownAction,
        statement: { rateBasedStatement: { limit: settings.rateLimit, aggregateKeyType: "IP", evaluationWindowSec: RATE_LIMIT_WINDOW_SECONDS } },
      };
    }
    if (name === "GeoAllowList") {
      return { ...base, action: ownAction, statement: { notStatement: { statement: { geoMatchStatement: { countryCodes: [...settings.geoAllow] } } } } };
    }
    return { ...base, action: ownAction, statement: { geoMatchStatement: { countryCodes: [...settings.geoDeny] } } };
  });
}
