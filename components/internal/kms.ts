import * as aws from "./aws";
import * as pulumi from "@pulumi/pulumi";
import { arns } from "./arns";
import { AwsContext, AwsContextValues, contextDocument } from "./aws-context";
import { Tags } from "./tags";

export interface EncryptionKeyArgs {
  /** What the key protects; shown in the KMS console. */
  readonly description: string;
  /**
   * Log groups whose data CloudWatch Logs may encrypt with the key: exact
   * names, or a prefix ending in `*` for groups created later under it.
   * @default none: CloudWatch Logs cannot use the key
   */
  readonly logGroupNames?: readonly string[];
  /**
   * CloudWatch alarms named `<prefix>-*` in this account and region may use the
   * key to publish to the SNS topics it encrypts.
   * @default none: CloudWatch cannot use the key
   */
  readonly alarmNamePrefix?: string;
  /**
   * AWS Budgets of this account may use the key to publish to the SNS topics
   * it encrypts.
   * @default false: AWS Budgets cannot use the key
   */
  readonly budgets?: boolean;
  /**
   * RDS event subscriptions of this account's DB instances in this region may
   * use the key to publish to the SNS topics it encrypts.
   * @default false: RDS cannot use the key
   */
  readonly rdsEvents?: boolean;
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
 * `alias/<project>/<stack>/<name>`. The key policy keeps the account root in
 * control (so IAM policies can grant use) and lets AWS services use it only
 * for the named log groups, alarms, budgets and RDS event subscriptions. The policy is built from names and the
 * account context, so a preview decides it.
 */
export function createEncryptionKey(
  name: string,
  args: EncryptionKeyArgs,
  ctx: AwsContext,
  opts: pulumi.CustomResourceOptions,
): aws.kms.Key {
  const key = new aws.kms.Key(
    name,
    {
      description: args.description,
      enableKeyRotation: true,
      deletionWindowInDays: args.deletionWindowInDays ?? DEFAULT_DELETION_WINDOW_DAYS,
      policy: contextDocument(ctx, (c) => encryptionKeyPolicy(args, c)),
      tags: args.tags,
    },
    opts,
  );
  // Alias names are unique per account and region, so they carry the project and stack.
  new aws.kms.Alias(name, { name: `alias/${pulumi.getProject()}/${pulumi.getStack()}/${name}`, targetKeyId: key.keyId }, { ...opts, parent: key });
  return key;
}

/** The key policy of {@link createEncryptionKey}; pure, so tests read it directly. */
export function encryptionKeyPolicy(args: Pick<EncryptionKeyArgs, "logGroupNames" | "alarmNamePrefix" | "budgets" | "rdsEvents">, c: AwsContextValues): object {
  const statements: object[] = [
    { Sid: "AccountAdministers", Effect: "Allow", Principal: { AWS: `arn:${c.partition}:iam::${c.account}:root` }, Action: "kms:*", Resource: "*" },
  ];
  const logGroups = args.logGroupNames ?? [];
  if (logGroups.length > 0) {
    // CloudWatch Logs passes the log group's ARN as encryption context on every call, so the key serves
    // exactly these groups: https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html
    statements.push({
      Sid: "CloudWatchLogsForTheseLogGroups",
      Effect: "Allow",
      Principal: { Service: `logs.${c.region}.${c.dnsSuffix}` },
      Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
      Resource: "*",
      Condition: { ArnLike: { "kms:EncryptionContext:aws:logs:arn": logGroups.map((group) => arns.logGroup(c, group)) } },
    });
  }
  if (args.alarmNamePrefix !== undefined) {
    // What an AWS service needs to publish to a topic this key encrypts, and no more
    // (https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services), for this
    // account's alarms only; the same source the topic policy admits. SNS itself needs no grant to deliver to email
    // or HTTPS subscribers, so there is none.
    statements.push(publishesEncrypted("CloudWatchAlarmsPublishEncrypted", `cloudwatch.${c.dnsSuffix}`, c, arns.alarm(c, `${args.alarmNamePrefix}-*`)));
  }
  if (args.budgets) {
    // The same grant for AWS Budgets publishing to an encrypted topic, for this account's budgets: the scope AWS documents
    // for a budget's topic (https://docs.aws.amazon.com/cost-management/latest/userguide/budgets-sns-policy.html).
    statements.push(publishesEncrypted("BudgetsPublishEncrypted", `budgets.${c.dnsSuffix}`, c, arns.budgets(c)));
  }
  if (args.rdsEvents) {
    // And for RDS event notifications, on behalf of this account's DB instances in this region: the source RDS documents
    // for its topic (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_Events.GrantingPermissions.html).
    statements.push(publishesEncrypted("RdsEventsPublishEncrypted", `events.rds.${c.dnsSuffix}`, c, arns.dbInstance(c, "*")));
  }
  return { Version: "2012-10-17", Statement: statements };
}

/** A service may use the key to publish to the topics it encrypts, only on behalf of this account's resources matching `sourceArn`. */
function publishesEncrypted(sid: string, service: string, c: AwsContextValues, sourceArn: string): object {
  return {
    Sid: sid,
    Effect: "Allow",
    Principal: { Service: service },
    Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
    Resource: "*",
    Condition: { StringEquals: { "aws:SourceAccount": c.account }, ArnLike: { "aws:SourceArn": sourceArn } },
  };
}
