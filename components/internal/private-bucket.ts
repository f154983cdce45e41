import * as aws from "./aws";
import * as pulumi from "@pulumi/pulumi";
import { arns } from "./arns";
import { AwsContext, AwsContextValues, contextValues } from "./aws-context";
import { Tags } from "./tags";

/** Where the bucket's policy grants writes, given the bucket's ARN and the account context. */
export type BucketGrants = (bucketArn: string, c: AwsContextValues) => object[];

export interface PrivateBucketArgs {
  /** `SSE-S3`, or SSE-KMS with this key (bucket keys on, so KMS is called once per object batch). */
  readonly encryption: "SSE-S3" | { readonly kmsKeyArn: pulumi.Input<string> };
  /** The one lifecycle rule: objects under `prefix` expire after `days`. */
  readonly expiry: { readonly ruleId: string; readonly prefix: string; readonly days: number };
  /** Keep the bucket when the stack or the resource is deleted (Pulumi `protect`). */
  readonly protect: boolean;
  /** Statements the policy grants besides the deny of non-TLS requests. @default none */
  readonly grants?: BucketGrants;
  readonly tags: Tags;
}

/** Denies every request to the bucket that is not over TLS. */
export function denyInsecureTransport(bucketArn: string): object {
  return {
    Sid: "DenyInsecureTransport",
    Effect: "Deny",
    Principal: "*",
    Action: "s3:*",
    Resource: [bucketArn, `${bucketArn}/*`],
    Condition: { Bool: { "aws:SecureTransport": "false" } },
  };
}

/**
 * An S3 bucket of our own: public access blocked, ACLs disabled (bucket owner
 * enforced), encrypted by default, one expiry rule, never force-destroyed, and
 * a policy that admits TLS requests only. Returns the policy too, for
 * resources that must wait for it.
 */
export function createPrivateBucket(
  name: string,
  args: PrivateBucketArgs,
  ctx: AwsContext,
  opts: pulumi.CustomResourceOptions,
): { bucket: aws.s3.Bucket; policy: aws.s3.BucketPolicy } {
  const bucket = new aws.s3.Bucket(name, { forceDestroy: false, tags: args.tags }, { ...opts, protect: args.protect });
  const child = { ...opts, parent: bucket };
  const publicAccess = new aws.s3.BucketPublicAccessBlock(
    name,
    { bucket: bucket.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
    child,
  );
  new aws.s3.BucketOwnershipControls(name, { bucket: bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } }, child);
  const encryption = args.encryption;
  new aws.s3.BucketServerSideEncryptionConfiguration(
    name,
    {
      bucket: bucket.id,
      rules: [
        encryption === "SSE-S3"
          ? { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }
          : { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: encryption.kmsKeyArn }, bucketKeyEnabled: true },
      ],
    },
    child,
  );
  new aws.s3.BucketLifecycleConfiguration(
    name,
    {
      bucket: bucket.id,
      rules: [
        {
          id: args.expiry.ruleId,
          status: "Enabled",
          filter: { prefix: args.expiry.prefix },
          expiration: { days: args.expiry.days },
          abortIncompleteMultipartUpload: { daysAfterInitiation: 1 },
        },
      ],
    },
    child,
  );
  const policy = new aws.s3.BucketPolicy(
    name,
    {
      bucket: bucket.id,
      // The bucket's ARN built from its name (set at preview), so a preview decides the policy.
      policy: pulumi.all([bucket.bucket, contextValues(ctx)]).apply(([bucketName, c]) => {
        const arn = arns.bucket(c, bucketName);
        return JSON.stringify({ Version: "2012-10-17", Statement: [...(args.grants?.(arn, c) ?? []), denyInsecureTransport(arn)] });
      }),
    },
    // The public access block must exist first, or S3 may judge the policy public while it is being set.
    { ...child, dependsOn: [publicAccess] },
  );
  return { bucket, policy };
}
