import { buildWafRules, validateWebAclArgs, WAF_RULES, WafRuleSettings, WebAcl, WebAclArgs } from "../../components/waf";
import { nonEmpty, runComponents } from "../harness";

const WEB_ACL = "aws:wafv2/webAcl:WebAcl";
const ALB_ARN = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/web-1234567/0123456789abcdef";
const BASE: WebAclArgs = { resourceArn: ALB_ARN, tags: { Owner: "team" } };
const SETTINGS: WafRuleSettings = { mode: "block", rateLimit: 2000, anonymousIpList: false, geoAllow: [], geoDeny: [], metricPrefix: "waf" };

const runWaf = (args: Partial<WebAclArgs> = {}) => runComponents(() => void new WebAcl("waf", { ...BASE, ...args }));
const ruleNamed = (rules: any[], name: string) => rules.find((r) => r.name === name);

describe("WebAcl rules", () => {
  test("a regional web ACL allows by default and runs the AWS managed groups and the rate rule", async () => {
    const run = await runWaf();
    const acl = run.one(WEB_ACL, "waf");
    expect(acl.inputs.scope).toBe("REGIONAL");
    expect(acl.inputs.defaultAction).toEqual({ allow: {} });
    const groups = acl.inputs.rules.filter((r: any) => r.statement.managedRuleGroupStatement).map((r: any) => r.statement.managedRuleGroupStatement);
    expect(groups).toEqual([
      { vendorName: "AWS", name: "AWSManagedRulesAmazonIpReputationList" },
      { vendorName: "AWS", name: "AWSManagedRulesCommonRuleSet" },
      { vendorName: "AWS", name: "AWSManagedRulesKnownBadInputsRuleSet" },
      { vendorName: "AWS", name: "AWSManagedRulesSQLiRuleSet" },
    ]);
    expect(acl.inputs.rules.map((r: any) => r.name)).toContain("RateLimitPerIp");
  });

  test("the rate rule blocks per IP over a 5-minute window at the configured limit", async () => {
    const run = await runWaf({ rateLimit: 500 });
    const rule = ruleNamed(run.one(WEB_ACL, "waf").inputs.rules, "RateLimitPerIp");
    expect(rule.action).toEqual({ block: {} });
    expect(rule.statement.rateBasedStatement).toEqual({ limit: 500, aggregateKeyType: "IP", evaluationWindowSec: 300 });
  });

  test("every rule has a unique priority and its own metric with sampled requests", () => {
    const rules = buildWafRules({ ...SETTINGS, anonymousIpList: true, geoDeny: ["KP"] });
    const priorities = rules.map((r) => r.priority);
    expect(new Set(priorities).size).toBe(rules.length);
    expect(priorities).toEqual([...priorities].sort((a, b) => Number(a) - Number(b)));
    for (const rule of rules) expect(rule.visibilityConfig).toEqual({ cloudwatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName: `waf-${rule.name}` });
    // The table itself, not just one configuration, has no duplicate priority.
    const all = Object.values(WAF_RULES).map((r) => r.priority);
    expect(new Set(all).size).toBe(all.length);
  });

  test("the web ACL itself publishes metrics and sampled requests", async () => {
    const run = await runWaf();
    expect(run.one(WEB_ACL, "waf").inputs.visibilityConfig).toEqual({ cloudwatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName: "waf" });
  });

  test("managed groups apply their own actions in block mode", () => {
    const managed = buildWafRules(SETTINGS).filter((r: any) => r.statement.managedRuleGroupStatement);
    expect(nonEmpty(managed, "managed rule group").every((r) => JSON.stringify(r.overrideAction) === JSON.stringify({ none: {} }))).toBe(true);
  });

  test("count mode overrides every managed group to count and makes the rate and geo rules count", async () => {
    const run = await runWaf({ mode: "count", geoAllow: ["DE", "FR"] });
    const rules: any[] = run.one(WEB_ACL, "waf").inputs.rules;
    for (const rule of rules) {
      if (rule.statement.managedRuleGroupStatement) expect(rule.overrideAction).toEqual({ count: {} });
      else expect(rule.action).toEqual({ count: {} });
    }
    expect(ruleNamed(rules, "RateLimitPerIp").action).toEqual({ count: {} });
  });

  test("the anonymous IP list is added only when asked for", async () => {
    expect(buildWafRules(SETTINGS).map((r) => r.name)).not.toContain("AnonymousIpList");
    const run = await runWaf({ anonymousIpList: true });
    const rule = ruleNamed(run.one(WEB_ACL, "waf").inputs.rules, "AnonymousIpList");
    expect(rule.statement.managedRuleGroupStatement).toEqual({ vendorName: "AWS", name: "AWSManagedRulesAnonymousIpList" });
  });

  test("a geo allow list blocks every country it does not name", () => {
    const rule: any = ruleNamed(buildWafRules({ ...SETTINGS, geoAllow: ["DE", "FR"] }), "GeoAllowList");
    expect(rule.action).toEqual({ block: {} });
    expect(rule.statement).toEqual({ notStatement: { statement: { geoMatchStatement: { countryCodes: ["DE", "FR"] } } } });
  });

  test("a geo deny list blocks the countries it names, before any other rule", () => {
    const rules: any[] = buildWafRules({ ...SETTINGS, geoDeny: ["KP"] });
    expect(rules[0].name).toBe("GeoDenyList");
    expect(rules[0].statement).toEqual({ geoMatchStatement: { countryCodes: ["KP"] } });
  });

  test("without geo lists there are no geo rules", () => {
    expect(buildWafRules(SETTINGS).map((r) => r.name)).toEqual(["AmazonIpReputationList", "RateLimitPerIp", "CommonRuleSet", "KnownBadInputs", "SqlInjection"]);
  });
});

describe("WebAcl association and logging", () => {
  test("the web ACL is associated with the given load balancer", async () => {
    const run = await runWaf();
    const association = run.one("aws:wafv2/webAclAssociation:WebAclAssociation", "waf");
    expect(association.inputs).toEqual({ resourceArn: ALB_ARN, webAclArn: run.one(WEB_ACL, "waf").state.arn });
  });

  test("logs go to an encrypted aws-waf-logs- log group with retention", async () => {
    const run = await runWaf({ logRetentionInDays: 90 });
    const group = run.one("aws:cloudwatch/logGroup:LogGroup", "waf-logs");
    expect(group.inputs.name).toMatch(/^aws-waf-logs-platform-dev-waf$/);
    expect(group.inputs.retentionInDays).toBe(90);
    expect(group.inputs.kmsKeyId).toBe(run.one("aws:kms/key:Key", "waf-logs").state.arn);
    const logging = run.one("aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration", "waf");
    expect(logging.inputs.logDestinationConfigs).toEqual([group.state.arn]);
    expect(logging.inputs.resourceArn).toBe(run.one(WEB_ACL, "waf").state.arn);
  });

  test("the authorization and cookie headers are always redacted, plus any configured ones", async () => {
    const run = await runWaf({ redactedHeaders: ["x-api-key", "cookie"] });
    const logging = run.one("aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration", "waf");
    expect(logging.inputs.redactedFields).toEqual([
      { singleHeader: { name: "authorization" } },
      { singleHeader: { name: "cookie" } },
      { singleHeader: { name: "x-api-key" } },
    ]);
  });

  test("log delivery may write to that one log group, for this account only, before logging is configured", async () => {
    const run = await runWaf();
    const resourcePolicy = run.one("aws:cloudwatch/logResourcePolicy:LogResourcePolicy", "waf-logs");
    const [statement] = JSON.parse(resourcePolicy.inputs.policyDocument).Statement;
    expect(statement.Principal).toEqual({ Service: "delivery.logs.amazonaws.com" });
    expect(statement.Resource).toBe(`${run.one("aws:cloudwatch/logGroup:LogGroup", "waf-logs").state.arn}:*`);
    expect(statement.Condition.StringEquals).toEqual({ "aws:SourceAccount": "123456789012" });
    expect(run.one("aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration", "waf").options.dependsOn).toContain(resourcePolicy.urn);
  });
});

describe("WebAcl validation", () => {
  const problems = (args: Partial<WebAclArgs>, logGroupName = "aws-waf-logs-test") => validateWebAclArgs({ ...BASE, ...args }, logGroupName).list;

  test("the baseline is valid", () => {
    expect(problems({})).toEqual([]);
  });

  test("a rate limit below AWS's minimum of 10 is rejected", () => {
    expect(problems({ rateLimit: 9 })).toEqual(["rateLimit: 9 is not allowed (expected an integer from 10 to 2000000000)"]);
  });

  test("country codes must be ISO 3166 alpha-2", () => {
    expect(problems({ geoDeny: ["Germany"] })).toEqual(['geoDeny: "Germany" is not allowed (expected ISO 3166 alpha-2 country codes such as DE or US)']);
  });

  test("an allow list and a deny list together are rejected", () => {
    expect(problems({ geoAllow: ["DE"], geoDeny: ["KP"] })[0]).toMatch(/^geoAllow and geoDeny: set one or the other/);
  });

  test("a log group name without the aws-waf-logs- prefix is rejected", () => {
    expect(problems({}, "waf-logs")[0]).toMatch(/^logGroupName: "waf-logs" is not allowed \(expected a log group name starting with aws-waf-logs-/);
  });

  test("the component throws before it creates any resource", async () => {
    await expect(runWaf({ rateLimit: 1 })).rejects.toThrow(/WebAcl "waf" has invalid arguments:\n {2}- rateLimit: 1/);
  });
});
