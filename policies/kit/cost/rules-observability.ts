import type { Charge, CostResource } from "./types";
import { countOf, HOURS_PER_MONTH, monthly, numberOr, portion, PricingRule, RuleContext, share, usageCharge } from "./rule";

const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";
const BUCKET = "aws:s3/bucket:Bucket";
/** Alarms on a period under a minute are high-resolution alarms, priced higher (CloudWatch pricing). */
const STANDARD_RESOLUTION_SECONDS = 60;

/** The stack's log volume is stated once in the usage file and shared evenly by its log groups. */
function logGroup(_r: CostResource, ctx: RuleContext): Charge[] {
  const groups = ctx.ofTypes(LOG_GROUP).length;
  return [
    usageCharge(`log data ingested, ${portion(groups)} logIngestionGiB`, "logs:ingestion", share(ctx.usage("logIngestionGiB"), groups)),
    usageCharge(`log data stored, ${portion(groups)} logStorageGiB`, "logs:storage", share(ctx.usage("logStorageGiB"), groups)),
  ];
}

/**
 * A metric alarm is billed per metric it evaluates: one for a plain alarm,
 * each metric of a metric-math alarm (the expression itself is free).
 */
function metricAlarm(r: CostResource, ctx: RuleContext): Charge[] {
  const queries = countOf(ctx.need(r, ["metricQueries"]));
  const metrics = queries > 0 ? Array.from({ length: queries }, (_, i) => ctx.need(r, ["metricQueries", String(i), "metric"])).filter((m) => m !== undefined).length : 1;
  const periods = queries > 0 ? Array.from({ length: queries }, (_, i) => numberOr(ctx.need(r, ["metricQueries", String(i), "metric", "period"]), STANDARD_RESOLUTION_SECONDS)) : [numberOr(ctx.need(r, ["period"]), STANDARD_RESOLUTION_SECONDS)];
  const highResolution = periods.some((p) => p < STANDARD_RESOLUTION_SECONDS);
  return [monthly(`${highResolution ? "high-resolution " : ""}alarm on ${metrics} metric${metrics === 1 ? "" : "s"}`, `cloudwatch:alarm:${highResolution ? "high-resolution" : "standard"}`, metrics)];
}

function bucket(_r: CostResource, ctx: RuleContext): Charge[] {
  const buckets = ctx.ofTypes(BUCKET).length;
  return [usageCharge(`S3 Standard storage, ${portion(buckets)} s3StorageGiB`, "s3:standard", share(ctx.usage("s3StorageGiB"), buckets))];
}

/** `rate(5 minutes)`, `rate(1 hour)`: a canary's schedule as runs a month; undefined for cron and one-off schedules. */
export function canaryRunsPerMonth(expression: string): number | undefined {
  const m = /^rate\((\d+) (minute|minutes|hour|hours)\)$/.exec(expression.trim());
  if (!m || Number(m[1]) === 0) return undefined;
  const minutes = Number(m[1]) * (m[2].startsWith("hour") ? 60 : 1);
  return (HOURS_PER_MONTH * 60) / minutes;
}

/** CloudWatch Synthetics bills each canary run; the Lambda time of a run (cents a month for a heartbeat) is not counted. */
function canary(r: CostResource, ctx: RuleContext): Charge[] {
  const expression = String(ctx.need(r, ["schedule", "expression"]) ?? "");
  const runs = canaryRunsPerMonth(expression);
  if (runs === undefined) return [monthly(`canary runs on schedule "${expression}" (only rate() schedules are counted)`, "synthetics:canary-run:unpriced-schedule", 0)];
  return [monthly(`${Math.round(runs)} canary runs (${expression})`, "synthetics:canary-run", runs)];
}

const BUCKET_SETTING = "a setting of its bucket; storage is billed on the bucket";

export const OBSERVABILITY_RULES: Readonly<Record<string, PricingRule>> = {
  [LOG_GROUP]: { charges: logGroup },
  "aws:cloudwatch/metricAlarm:MetricAlarm": { charges: metricAlarm },
  "aws:cloudwatch/compositeAlarm:CompositeAlarm": { charges: () => [monthly("composite alarm", "cloudwatch:alarm:composite")] },
  "aws:cloudwatch/dashboard:Dashboard": { charges: () => [monthly("dashboard", "cloudwatch:dashboard")] },
  "aws:kms/key:Key": { charges: () => [monthly("customer managed key (rotation adds $1 a month for each of its first two rotations)", "kms:key")] },
  "aws:secretsmanager/secret:Secret": { charges: () => [monthly("secret", "secretsmanager:secret")] },
  [BUCKET]: { charges: bucket },
  "aws:synthetics/canary:Canary": { charges: canary },
  "aws:cloudwatch/logResourcePolicy:LogResourcePolicy": { free: "no charge" },
  "aws:kms/alias:Alias": { free: "no charge" },
  "aws:secretsmanager/secretVersion:SecretVersion": { free: "billed on the secret" },
  "aws:s3/bucketPolicy:BucketPolicy": { free: BUCKET_SETTING },
  "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": { free: BUCKET_SETTING },
  "aws:s3/bucketOwnershipControls:BucketOwnershipControls": { free: BUCKET_SETTING },
  "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": { free: BUCKET_SETTING },
  "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration": { free: BUCKET_SETTING },
  "aws:s3/bucketVersioning:BucketVersioning": { free: BUCKET_SETTING },
  "aws:s3/bucketObjectv2:BucketObjectv2": { free: "an object of its bucket; storage is billed on the bucket" },
  "aws:sns/topic:Topic": { free: "the first million publishes and 1,000 email deliveries a month are free; alarms and budgets send far fewer" },
  "aws:sns/topicPolicy:TopicPolicy": { free: "no charge" },
  "aws:sns/topicSubscription:TopicSubscription": { free: "billed on the topic" },
  "aws:budgets/budget:Budget": { free: "budgets that only notify are free; the first two with actions are too" },
  "aws:chatbot/slackChannelConfiguration:SlackChannelConfiguration": { free: "AWS Chatbot has no charge of its own; the SNS topics it reads are billed there" },
  "aws:rds/eventSubscription:EventSubscription": { free: "RDS event notifications have no charge of their own; delivery is billed on the SNS topic" },
  "aws:iam/role:Role": { free: "no charge" },
  "aws:iam/rolePolicy:RolePolicy": { free: "no charge" },
  "aws:iam/rolePolicyAttachment:RolePolicyAttachment": { free: "no charge" },
  "aws:iam/policy:Policy": { free: "no charge" },
  "aws:iam/instanceProfile:InstanceProfile": { free: "no charge" },
  "aws:iam/openIdConnectProvider:OpenIdConnectProvider": { free: "no charge" },
  "random:index/randomPassword:RandomPassword": { free: "exists only in the stack's state" },
};
