import * as aws from "../internal/aws";
import * as pulumi from "@pulumi/pulumi";
import { arns } from "../internal/arns";
import { AwsContext, AwsContextValues, contextValues } from "../internal/aws-context";
import { mergeTags, Tags } from "../internal/tags";
import { Severity, SEVERITIES } from "./settings";

/** Who hears about one severity. */
export interface SeveritySubscriptions {
  /** Email addresses; each must confirm the subscription from the message SNS sends. @default none */
  readonly emails?: readonly string[];
  /**
   * HTTPS endpoints (PagerDuty, a chat webhook relay) by a stable name such as
   * `pagerduty`. The URLs carry credentials: pass them from `secure:` config;
   * they are wrapped in `pulumi.secret` here as well. The endpoint must confirm
   * the subscription itself (PagerDuty's SNS integration does). @default none
   */
  readonly https?: Readonly<Record<string, pulumi.Input<string>>>;
}

export interface AlarmTopicsArgs {
  readonly kmsKeyArn: pulumi.Input<string>;
  /** CloudWatch may publish only for alarms named `<prefix>-*` in this account and region. */
  readonly alarmNamePrefix: string;
  /** Let AWS Budgets publish too, on behalf of this account's budgets. @default false */
  readonly budgets?: boolean;
  readonly subscriptions: Partial<Record<Severity, SeveritySubscriptions>>;
  /** The topic RDS event subscriptions of this account publish to. @default none */
  readonly rdsEventsSeverity?: Severity;
  readonly tags?: Tags;
}

export interface AlarmTopics {
  readonly topics: Record<Severity, aws.sns.Topic>;
  /** The topic policies: a publisher that AWS checks at creation (a budget) depends on them. */
  readonly policies: aws.sns.TopicPolicy[];
}

/** One KMS-encrypted SNS topic per severity, its policy, and the configured subscriptions. */
export function createAlarmTopics(name: string, args: AlarmTopicsArgs, ctx: AwsContext, parent: pulumi.Resource): AlarmTopics {
  const opts = { parent };
  const topics = {} as Record<Severity, aws.sns.Topic>;
  const policies: aws.sns.TopicPolicy[] = [];
  for (const severity of SEVERITIES) {
    const topicName = `${name}-${severity}`;
    const topic = new aws.sns.Topic(
      topicName,
      { kmsMasterKeyId: args.kmsKeyArn, displayName: `${args.alarmNamePrefix} ${severity} alarms`, tags: mergeTags(topicName, args.tags, { "platform:severity": severity }) },
      opts,
    );
    const publishers = { budgets: args.budgets ?? false, rdsEvents: severity === args.rdsEventsSeverity };
    policies.push(new aws.sns.TopicPolicy(topicName, { arn: topic.arn, policy: topicPolicy(topic.name, args.alarmNamePrefix, publishers, ctx) }, opts));
    const targets = args.subscriptions[severity] ?? {};
    for (const email of targets.emails ?? []) {
      new aws.sns.TopicSubscription(`${topicName}-email-${slug(email)}`, { topic: topic.arn, protocol: "email", endpoint: email }, opts);
    }
    for (const [key, url] of Object.entries(targets.https ?? {})) {
      new aws.sns.TopicSubscription(
        `${topicName}-https-${key}`,
        { topic: topic.arn, protocol: "https", endpoint: pulumi.secret(url), endpointAutoConfirms: true, rawMessageDelivery: false },
        opts,
      );
    }
    topics[severity] = topic;
  }
  return { topics, policies };
}

/**
 * The account keeps managing the topic; CloudWatch may publish only on behalf
 * of this account's alarms with the platform's prefix (no confused deputy);
 * AWS Budgets, when asked, only on behalf of this account's budgets (the
 * statement of "Creating an Amazon SNS topic for budget notifications" in the
 * AWS Cost Management user guide); on the RDS events topic, RDS only on
 * behalf of this account's DB instances in this region (RDS user guide,
 * "Granting permissions to publish notifications to an Amazon SNS topic").
 * Built from the topic's name (set at preview), so a preview decides it.
 */
function topicPolicy(topicName: pulumi.Output<string>, prefix: string, publishers: { readonly budgets: boolean; readonly rdsEvents: boolean }, ctx: AwsContext): pulumi.Output<string> {
  return pulumi.all([topicName, contextValues(ctx)]).apply(([name, c]) => {
    const arn = arns.topic(c, name);
    return JSON.stringify({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "AccountManagesTopic",
          Effect: "Allow",
          Principal: { AWS: `arn:${c.partition}:iam::${c.account}:root` },
          Action: ["sns:GetTopicAttributes", "sns:SetTopicAttributes", "sns:AddPermission", "sns:RemovePermission", "sns:DeleteTopic", "sns:Subscribe", "sns:ListSubscriptionsByTopic", "sns:Publish"],
          Resource: arn,
        },
        servicePublishes("CloudWatchAlarmsPublish", `cloudwatch.${c.dnsSuffix}`, arn, c, arns.alarm(c, `${prefix}-*`)),
        ...(publishers.budgets ? [servicePublishes("BudgetsPublish", `budgets.${c.dnsSuffix}`, arn, c, arns.budgets(c))] : []),
        // https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_Events.GrantingPermissions.html
        ...(publishers.rdsEvents ? [servicePublishes("RdsEventsPublish", `events.rds.${c.dnsSuffix}`, arn, c, arns.dbInstance(c, "*"))] : []),
      ],
    });
  });
}

/** A service principal may publish to the topic only on behalf of this account's resources matching `sourceArn`. */
function servicePublishes(sid: string, service: string, topicArn: string, c: AwsContextValues, sourceArn: string): object {
  return { Sid: sid, Effect: "Allow", Principal: { Service: service }, Action: "sns:Publish", Resource: topicArn, Condition: { StringEquals: { "aws:SourceAccount": c.account }, ArnLike: { "aws:SourceArn": sourceArn } } };
}

/** `On-Call@Example.com` → `on-call-example-com`: a stable resource-name key. */
export function slug(value: string): string {
  return value.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
}
