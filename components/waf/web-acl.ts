import * as aws from "../internal/aws";
import * as pulumi from "@pulumi/pulumi";
import { arns } from "../internal/arns";
import { awsContext, contextDocument } from "../internal/aws-context";
import { createEncryptionKey } from "../internal/kms";
import { createEncryptedLogGroup, LOG_RETENTION_DAYS } from "../internal/log-group";
import { WafMetrics } from "../internal/metrics";
import { mergeTags, Tags } from "../internal/tags";
import { isIntegerBetween, Problems } from "../internal/validation";
import {
  buildWafRules,
  capacityOf,
  COUNTRY_CODE_PATTERN,
  INCLUDED_CAPACITY_UNITS,
  RATE_LIMIT_RANGE,
  selectedRules,
  WAF_MODES,
  WafMode,
  WafRuleSettings,
} from "./rules";

/** Headers whose values never reach the WAF logs. */
export const ALWAYS_REDACTED_HEADERS = ["authorization", "cookie"] as const;
/** CloudWatch Logs destinations of WAF logging must be named like this. */
export const WAF_LOG_GROUP_PREFIX = "aws-waf-logs-";
export const HEADER_NAME_PATTERN = /^[a-z0-9!#$%&'*+.^_`|~-]{1,64}$/;

const DEFAULT_RATE_LIMIT = 2000;
const DEFAULT_LOG_RETENTION_DAYS = 365;
const MAX_LOG_GROUP_NAME_LENGTH = 512;

export interface WebAclArgs {
  /** ARN of the regional resource to protect, such as an Application Load Balancer. */
  readonly resourceArn: pulumi.Input<string>;
  /** `count` overrides every rule to count only, for rolling rules out safely. @default "block" */
  readonly mode?: WafMode;
  /** Requests one IP may send in 5 minutes before the rate rule acts; 10 to 2,000,000,000. @default 2000 */
  readonly rateLimit?: number;
  /** Add AWS's anonymous IP list (VPNs, Tor, hosting providers). @default false */
  readonly anonymousIpList?: boolean;
  /** ISO 3166 alpha-2 country codes allowed; every other country is blocked. Excludes `geoDeny`. @default none */
  readonly geoAllow?: readonly string[];
  /** ISO 3166 alpha-2 country codes blocked. Excludes `geoAllow`. @default none */
  readonly geoDeny?: readonly string[];
  /** Headers redacted in the logs on top of `authorization` and `cookie`, lower case. @default none */
  readonly redactedHeaders?: readonly string[];
  /** Days to keep WAF logs; one of CloudWatch's retention values. @default 365 */
  readonly logRetentionInDays?: number;
  /** Name of the log group; must start with `aws-waf-logs-`. @default `aws-waf-logs-<project>-<stack>-<name>` */
  readonly logGroupName?: string;
  /** Bring your own KMS key for the log group; its policy must let CloudWatch Logs use it for that group. @default a new key with rotation, admitting that group only */
  readonly logKmsKeyArn?: pulumi.Input<string>;
  readonly tags?: Tags;
}

/** Pure validation of {@link WebAclArgs}. */
export function validateWebAclArgs(args: WebAclArgs, logGroupName: string): Problems {
  const problems = new Problems();
  const mode = args.mode ?? "block";
  problems.check(WAF_MODES.includes(mode), "mode", mode, WAF_MODES.join(" | "));
  const rateLimit = args.rateLimit ?? DEFAULT_RATE_LIMIT;
  problems.check(
    isIntegerBetween(rateLimit, RATE_LIMIT_RANGE.min, RATE_LIMIT_RANGE.max),
    "rateLimit",
    rateLimit,
    `an integer from ${RATE_LIMIT_RANGE.min} to ${RATE_LIMIT_RANGE.max}`,
  );
  for (const key of ["geoAllow", "geoDeny"] as const) {
    for (const code of args[key] ?? []) problems.check(COUNTRY_CODE_PATTERN.test(code), key, code, "ISO 3166 alpha-2 country codes such as DE or US");
    const codes = args[key] ?? [];
    problems.check(new Set(codes).size === codes.length, key, codes, "distinct country codes");
  }
  if ((args.geoAllow?.length ?? 0) > 0 && (args.geoDeny?.length ?? 0) > 0) {
    problems.addMessage("geoAllow and geoDeny: set one or the other (an allow list already blocks every country it does not name)");
  }
  for (const header of args.redactedHeaders ?? []) {
    problems.check(HEADER_NAME_PATTERN.test(header), "redactedHeaders", header, "lower-case HTTP header names");
  }
  const retention = args.logRetentionInDays ?? DEFAULT_LOG_RETENTION_DAYS;
  problems.check(
    (LOG_RETENTION_DAYS as readonly number[]).includes(retention),
    "logRetentionInDays",
    retention,
    `one of ${LOG_RETENTION_DAYS.join(", ")}`,
  );
  problems.check(
    logGroupName.startsWith(WAF_LOG_GROUP_PREFIX) && logGroupName.length <= MAX_LOG_GROUP_NAME_LENGTH && /^[\w\-/.#]+$/.test(logGroupName),
    "logGroupName",
    logGroupName,
    `a log group name starting with ${WAF_LOG_GROUP_PREFIX} (letters, digits, _-/.#, at most ${MAX_LOG_GROUP_NAME_LENGTH} characters)`,
  );
  return problems;
}

/**
 * A regional WAFv2 web ACL associated with one resource: AWS managed rule
 * groups (IP reputation, optional anonymous IPs, Common, KnownBadInputs, SQLi),
 * a per-IP rate limit over 5 minutes and optional geo allow or deny lists,
 * each with a fixed unique priority, metrics and sampled requests. Logs go to
 * a KMS-encrypted `aws-waf-logs-` log group with `authorization` and `cookie`
 * redacted.
 */
export class WebAcl extends pulumi.ComponentResource {
  readonly arn: pulumi.Output<string>;
  readonly id: pulumi.Output<string>;
  readonly name: pulumi.Output<string>;
  readonly mode: WafMode;
  readonly logGroupName: pulumi.Output<string>;
  /** Web ACL capacity units the rules use (AWS includes 1,500). */
  readonly capacityUnits: number;
  readonly metrics: WafMetrics;

  constructor(name: string, args: WebAclArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:waf:WebAcl", name, {}, opts);
    const logGroupName = args.logGroupName ?? `${WAF_LOG_GROUP_PREFIX}${pulumi.getProject()}-${pulumi.getStack()}-${name}`;
    const problems = validateWebAclArgs(args, logGroupName);
    const metricPrefix = name.replace(/[^\w-]/g, "-");
    const settings: WafRuleSettings = {
      mode: args.mode ?? "block",
      rateLimit: args.rateLimit ?? DEFAULT_RATE_LIMIT,
      anonymousIpList: args.anonymousIpList ?? false,
      geoAllow: args.geoAllow ?? [],
      geoDeny: args.geoDeny ?? [],
      metricPrefix,
    };
    const capacity = capacityOf(selectedRules(settings));
    problems.check(capacity <= INCLUDED_CAPACITY_UNITS, "rules", `${capacity} WCUs`, `at most ${INCLUDED_CAPACITY_UNITS} web ACL capacity units`);
    problems.throwIfAny(this, `WebAcl "${name}"`);

    const tags = (resourceName: string) => mergeTags(resourceName, args.tags);
    const parent = { parent: this };
    const ctx = awsContext(this);

    const webAcl = new aws.wafv2.WebAcl(
      name,
      {
        scope: "REGIONAL",
        description: `Managed rules and a per-IP rate limit (${settings.mode} mode)`,
        defaultAction: { allow: {} },
        rules: buildWafRules(settings),
        visibilityConfig: { cloudwatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName: metricPrefix },
        tags: tags(name),
      },
      parent,
    );
    new aws.wafv2.WebAclAssociation(name, { resourceArn: args.resourceArn, webAclArn: webAcl.arn }, parent);

    const keyArn =
      args.logKmsKeyArn ??
      createEncryptionKey(`${name}-logs`, { description: `WAF web ACL ${name} logs`, logGroupNames: [logGroupName], tags: tags(`${name}-logs`) }, ctx, parent).arn;
    const logGroup = createEncryptedLogGroup(
      `${name}-logs`,
      { logGroupName, retentionInDays: args.logRetentionInDays ?? DEFAULT_LOG_RETENTION_DAYS, kmsKeyArn: keyArn, tags: tags(`${name}-logs`) },
      parent,
    );
    // WAF delivers logs through the log delivery service; this grants it the one log group, for this account's sources only.
    const deliveryPolicy = new aws.cloudwatch.LogResourcePolicy(
      `${name}-logs`,
      {
        policyName: logGroupName,
        policyDocument: contextDocument(ctx, (c) => ({
          Version: "2012-10-17",
          Statement: [
            {
              Sid: "WafLogDelivery",
              Effect: "Allow",
              Principal: { Service: "delivery.logs.amazonaws.com" },
              Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
              Resource: `${arns.logGroup(c, logGroupName)}:*`,
              Condition: {
                StringEquals: { "aws:SourceAccount": c.account },
                ArnLike: { "aws:SourceArn": `arn:${c.partition}:logs:${c.region}:${c.account}:*` },
              },
            },
          ],
        })),
      },
      parent,
    );
    const redacted = [...ALWAYS_REDACTED_HEADERS, ...(args.redactedHeaders ?? []).filter((h) => !(ALWAYS_REDACTED_HEADERS as readonly string[]).includes(h))];
    new aws.wafv2.WebAclLoggingConfiguration(
      name,
      {
        resourceArn: webAcl.arn,
        logDestinationConfigs: [logGroup.arn],
        redactedFields: redacted.map((header) => ({ singleHeader: { name: header } })),
      },
      { parent: this, dependsOn: [deliveryPolicy] },
    );

    this.arn = webAcl.arn;
    this.id = webAcl.id;
    this.name = webAcl.name;
    this.mode = settings.mode;
    this.logGroupName = logGroup.name;
    this.capacityUnits = capacity;
    this.metrics = { webAclName: webAcl.name, webAclMetricName: metricPrefix, region: ctx.region };

    this.registerOutputs({
      arn: this.arn,
      id: this.id,
      name: this.name,
      mode: this.mode,
      logGroupName: this.logGroupName,
      capacityUnits: this.capacityUnits,
    });
  }
}
