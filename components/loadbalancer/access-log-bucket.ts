import * as aws from "../internal/aws";
import * as pulumi from "@pulumi/pulumi";
import { AwsContext } from "../internal/aws-context";
import { createPrivateBucket, denyInsecureTransport } from "../internal/private-bucket";
import { Tags } from "../internal/tags";

/**
 * Accounts Elastic Load Balancing writes access logs from, in the regions that
 * opened before August 2022. Newer regions only know the
 * `logdelivery.elasticloadbalancing.amazonaws.com` service principal (see
 * "Enable access logs for your Application Load Balancer" in the ELB guide).
 */
export const LEGACY_ELB_LOG_ACCOUNTS: Readonly<Record<string, string>> = {
  "us-east-1": "127311923021",
  "us-east-2": "033677994240",
  "us-west-1": "027434742980",
  "us-west-2": "797873946194",
  "af-south-1": "098369216593",
  "ap-east-1": "754344448648",
  "ap-southeast-3": "589379963580",
  "ap-south-1": "718504428378",
  "ap-northeast-3": "383597477331",
  "ap-northeast-2": "600734575887",
  "ap-southeast-1": "114774131450",
  "ap-southeast-2": "783225319266",
  "ap-northeast-1": "582318560864",
  "ca-central-1": "985666609251",
  "eu-central-1": "054676820928",
  "eu-west-1": "156460612806",
  "eu-west-2": "652711504416",
  "eu-south-1": "635631232127",
  "eu-west-3": "009996457667",
  "eu-north-1": "897822967062",
  "me-south-1": "076674570225",
  "sa-east-1": "507241528517",
  "us-gov-west-1": "048591011584",
  "us-gov-east-1": "190560391635",
};

/** The service principal ELB delivers access logs with in every region that supports it. */
export const ELB_LOG_DELIVERY_PRINCIPAL = "logdelivery.elasticloadbalancing.amazonaws.com";

export interface AccessLogBucketArgs {
  /** Days until a log object expires. */
  readonly retentionDays: number;
  /** Key prefix the load balancer writes under (without `AWSLogs`). */
  readonly prefix: string;
  /** Keep the bucket when the stack or the resource is deleted (Pulumi `protect`). */
  readonly protect: boolean;
  readonly tags: Tags;
}

/**
 * The statements ELB log delivery needs: `s3:PutObject` under
 * `<prefix>/AWSLogs/<account>/` for the log delivery service principal, plus
 * the region's legacy ELB account where the region has one.
 *
 * ELB documents no condition key for its log delivery principal
 * (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html): the account
 * scope is the object key, `AWSLogs/<account-id>/`, under which ELB writes only the logs of that account's load
 * balancers, so another account's load balancer pointed at this bucket is refused. On top of it, `aws:SourceAccount`
 * holds the principal to this account whenever the request carries the key, and, being `IfExists`, can never stop
 * this account's own delivery should ELB not send it.
 */
function elbLogDelivery(bucketArn: string, prefix: string, account: string, partition: string, region: string): object[] {
  const objects = `${bucketArn}/${prefix}/AWSLogs/${account}/*`;
  const legacyAccount = LEGACY_ELB_LOG_ACCOUNTS[region];
  const statements: object[] = [
    {
      Sid: "ElbLogDelivery",
      Effect: "Allow",
      Principal: { Service: ELB_LOG_DELIVERY_PRINCIPAL },
      Action: "s3:PutObject",
      Resource: objects,
      Condition: { StringEqualsIfExists: { "aws:SourceAccount": account } },
    },
  ];
  if (legacyAccount) {
    statements.push({
      Sid: "ElbLogDeliveryLegacyAccount",
      Effect: "Allow",
      Principal: { AWS: `arn:${partition}:iam::${legacyAccount}:root` },
      Action: "s3:PutObject",
      Resource: objects,
    });
  }
  return statements;
}

/** The access log bucket's policy: ELB log delivery, and a deny on any request that is not over TLS. Pure, so tests can read it directly. */
export function accessLogBucketPolicy(bucketArn: string, prefix: string, account: string, partition: string, region: string): object {
  return { Version: "2012-10-17", Statement: [...elbLogDelivery(bucketArn, prefix, account, partition, region), denyInsecureTransport(bucketArn)] };
}

/**
 * An S3 bucket of our own for ALB access logs: a private bucket with SSE-S3
 * (the only server-side encryption ALB log delivery supports) and expiry after
 * `retentionDays`. Returns the bucket policy too, because the load balancer
 * must wait for it: ELB checks write access when access logs are enabled.
 */
export function createAccessLogBucket(
  name: string,
  args: AccessLogBucketArgs,
  ctx: AwsContext,
  opts: pulumi.CustomResourceOptions,
): { bucket: aws.s3.Bucket; policy: aws.s3.BucketPolicy } {
  return createPrivateBucket(
    name,
    {
      encryption: "SSE-S3",
      expiry: { ruleId: "expire-access-logs", prefix: `${args.prefix}/`, days: args.retentionDays },
      protect: args.protect,
      grants: (arn, c) => elbLogDelivery(arn, args.prefix, c.account, c.partition, c.region),
      tags: args.tags,
    },
    ctx,
    opts,
  );
}
