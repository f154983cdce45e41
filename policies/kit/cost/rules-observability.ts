import type { Charge, CostResource } from "./types";
import { countOf, monthly, numberOr, portion, PricingRule, RuleContext, share, usageCharge } from "./rule";

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

const BUCKET_SETTING = "a setting of its bucket; storage is billed on the bucket";

export const OBSERVABILITY_RULES: Readonly<Record<string, PricingRule>> = {
  [LOG_GROUP]: { charges: logGroup },
  "aws:cloudwatch/metricAlarm:MetricAlarm": { charges: metricAlarm },
  "aws:cloudwatch/compositeAlarm:CompositeAlarm": { charges: () => [monthly("composite alarm", "cloudwatch:alarm:composite")] },
  "aws:cloudwatch/dashboard:Dashboard": { charges: () => [monthly("dashboard", "cloudwatch:dashboard")] },
  "aws:kms/key:Key": { charges: () => [monthly("customer managed key (rotation adds $1 a month for each of its first two rotations)", "kms:key")] },
  "aws:secretsmanager/secret:Secret": { charges: () => [monthly("secret", "secretsmanager:secret")] },
  [BUCKET]: { charges: bucket },
  "aws:cloudwatch/logResourcePolicy:LogResourcePolicy": { free: "no charge" },
  "aws:kms/alias:Alias": { free: "no charge" },
  "aws:secretsmanager/secretVersion:SecretVersion": { free: "billed on the secret" },
  "aws:s3/bucketPolicy:BucketPolicy": { free: BUCKET_SETTING },
  "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": { free: BUCKET_SETTING },
  "aws:s3/bucketOwnershipControls:BucketOwnershipControls": { free: BUCKET_SETTING },
  "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": { free: BUCKET_SETTING },
  "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration": { free: BUCKET_SETTING },
  "aws:s3/bucketVersioning:BucketVersioning": { free: BUCKET_SETTING },
  "aws:sns/topic:Topic": { free: "the first million publishes and 1,000 email deliveries a month are free; alarms and budgets send far fewer" },
  "aws:sns/topicPolicy:TopicPolicy": { free: "no charge" },
  "aws:sns/topicSubscription:TopicSubscription": { free: "billed on the topic" },
  "aws:budgets/budget:Budget": { free: "budgets that only notify are free; the first two with actions are too" },
  "aws:iam/role:Role": { free: "no charge" },
  "aws:iam/rolePolicy:RolePolicy": { free: "no charge" },
  "aws:iam/rolePolicyAttachment:RolePolicyAttachment": { free: "no charge" },
  "aws:iam/policy:Policy": { free: "no charge" },
  "aws:iam/instanceProfile:InstanceProfile": { free: "no charge" },
  "aws:iam/openIdConnectProvider:OpenIdConnectProvider": { free: "no charge" },
  "random:index/randomPassword:RandomPassword": { free: "exists only in the stack's state" },
};
