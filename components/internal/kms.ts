import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AwsContext } from "./aws-context";
import { Tags } from "./tags";

export interface EncryptionKeyArgs {
  /** What the key protects; shown in the KMS console. */
  readonly description: string;
  /**
   * Service principals allowed to use the key on this account's behalf, such as
   * `logs` (CloudWatch Logs, limited to this account's log groups), `sns`, or
   * `budgets` (AWS Budgets publishing to an encrypted topic).
   * @default none: only IAM policies in the account grant use
   */
  readonly services?: ("logs" | "sns" | "cloudwatch" | "delivery.logs" | "budgets")[];
  /** Tags, already merged. */
  readonly tags: Tags;
  /**
   * Days KMS waits before deleting the key once it is scheduled for deletion.
   * @default 30, the longest window, so a mistaken delete can be cancelled
   */
  readonly deletionWindowInDays?: number;
}

const DEFAULT_DELETION_WINDOW_DAYS = 30;

/**
 * A customer-managed KMS key with automatic rotation and an alias
 * `alias/<project>/<stack>/<name>`. The key policy keeps the account root in control (so IAM
 * policies can grant use) and lets only the named services use it, each
 * scoped to this account.
 */
export function createEncryptionKey(
  name: string,
  args: EncryptionKeyArgs,
  ctx: AwsContext,
  opts: pulumi.CustomResourceOptions,
): aws.kms.Key {
  const policy = pulumi
    .all([ctx.accountId, ctx.partition, ctx.region, ctx.dnsSuffix])
    .apply(([account, partition, region, dnsSuffix]) => JSON.stringify(keyPolicy(args.services ?? [], account, partition, region, dnsSuffix)));
  const key = new aws.kms.Key(
    name,
    {
      description: args.description,
      enableKeyRotation: true,
      deletionWindowInDays: args.deletionWindowInDays ?? DEFAULT_DELETION_WINDOW_DAYS,
      policy,
      tags: args.tags,
    },
    opts,
  );
  // Alias names are unique per account and region, so they carry the project and stack.
  new aws.kms.Alias(name, { name: `alias/${pulumi.getProject()}/${pulumi.getStack()}/${name}`, targetKeyId: key.keyId }, { ...opts, parent: key });
  return key;
}

function keyPolicy(services: string[], account: string, partition: string, region: string, dnsSuffix: string) {
  const statements: object[] = [
    {
      Sid: "AccountAdministers",
      Effect: "Allow",
      Principal: { AWS: `arn:${partition}:iam::${account}:root` },
      Action: "kms:*",
      Resource: "*",
    },
  ];
  for (const service of services) {
    const principal = service === "logs" ? `logs.${region}.${dnsSuffix}` : `${service}.${dnsSuffix}`;
    const condition =
      service === "logs"
        ? { ArnLike: { "kms:EncryptionContext:aws:logs:arn": `arn:${partition}:logs:${region}:${account}:log-group:*` } }
        : { StringEquals: { "aws:SourceAccount": account } };
    statements.push({
      Sid: `Allow${service.replace(/[^a-zA-Z]/g, "")}`,
      Effect: "Allow",
      Principal: { Service: principal },
      Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
      Resource: "*",
      Condition: condition,
    });
  }
  return { Version: "2012-10-17", Statement: statements };
}
