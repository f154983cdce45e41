import * as aws from "../internal/aws";
import * as pulumi from "@pulumi/pulumi";
import { ChannelKind, SEVERITIES, Severity, SEVERITY_ROUTING, severitiesFor } from "../internal/alert-routing";
import { AwsContext } from "../internal/aws-context";
import { AWS_REGION_PATTERN } from "../internal/aws-patterns";
import { mergeTags, Tags } from "../internal/tags";
import { Problems } from "../internal/validation";
import { SeveritySubscriptions, slug } from "./topics";

/** A Slack channel that AWS Chatbot (Amazon Q Developer in chat applications) posts the alarm topics to. */
export interface SlackChannel {
  /** The Slack workspace (team) id as authorised once in the Chatbot console, such as `T07EA123LEP`. */
  readonly workspaceId: string;
  /** The channel id (the end of the channel's link), such as `C07EZ1ABC23`; private channels need `/invite @Amazon Q` first. */
  readonly channelId: string;
}

/**
 * Where alarms go, routed by the platform's one severity table
 * (`SEVERITY_ROUTING`): critical to PagerDuty, Slack and email; warning to
 * Slack and email; info to Slack.
 */
export interface AlertChannels {
  /** Slack channels by a stable name such as `ops`, each through its own Chatbot channel configuration. @default none */
  readonly slack?: Readonly<Record<string, SlackChannel>>;
  /**
   * PagerDuty's Amazon CloudWatch integration: its integration URL
   * (`https://events.pagerduty.com/integration/<key>/enqueue`), which carries
   * the integration key. Pass it from `secure:` config; it is wrapped in
   * `pulumi.secret` here as well. @default none
   */
  readonly pagerDuty?: { readonly integrationUrl: pulumi.Input<string> };
  /** Addresses that get email; each confirms the subscription from SNS's message. @default none */
  readonly emails?: readonly string[];
  /**
   * Region of the Chatbot API the channel configurations are created through.
   * Chatbot is a global service whose API is served from a few regions only
   * (not us-east-1); a configuration posts topics of any region.
   * @default "us-east-2"
   */
  readonly chatbotRegion?: string;
}

/** Chatbot's home region: the AWS CLI finds no Chatbot endpoint in us-east-1 (aws/aws-cli#8658), CloudFormation calls it in us-east-2 (aws/aws-cdk#24675). */
export const DEFAULT_CHATBOT_REGION = "us-east-2";
/** The key PagerDuty's HTTPS subscription is named by, as `subscriptions.critical.https.pagerduty` was before channels existed (same resource name, no resubscription). */
export const PAGERDUTY_KEY = "pagerduty";
/**
 * Channel members can run read-only CloudWatch commands at most: a guardrail
 * caps what the channel role and any user role may do from Slack (Chatbot
 * applies AdministratorAccess when none is given, per the
 * SlackChannelConfiguration API reference).
 */
export const CHATBOT_GUARDRAIL_POLICY = "CloudWatchReadOnlyAccess";
const CHANNEL_KEY_PATTERN = /^[a-z][a-z0-9-]{0,31}$/;
/** Chatbot's own patterns for SlackTeamId and SlackChannelId (`[0-9A-Z]{1,255}`, `[A-Za-z0-9]+`). */
export const SLACK_WORKSPACE_ID_PATTERN = /^[0-9A-Z]{1,255}$/;
export const SLACK_CHANNEL_ID_PATTERN = /^[A-Za-z0-9]{1,255}$/;
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * The subscribers of each severity topic: the channels routed to it by the
 * table, plus the per-severity extras in `subscriptions`. Slack is not a
 * subscription (Chatbot reads the topics it is given).
 */
export function routedSubscriptions(
  channels: AlertChannels | undefined,
  subscriptions: Partial<Record<Severity, SeveritySubscriptions>> | undefined,
): Record<Severity, SeveritySubscriptions> {
  const routed = (severity: Severity, kind: ChannelKind) => SEVERITY_ROUTING[severity].includes(kind);
  const out = {} as Record<Severity, SeveritySubscriptions>;
  for (const severity of SEVERITIES) {
    const extra = subscriptions?.[severity] ?? {};
    const pagerDuty: Record<string, pulumi.Input<string>> = routed(severity, "pagerDuty") && channels?.pagerDuty ? { [PAGERDUTY_KEY]: pulumi.secret(channels.pagerDuty.integrationUrl) } : {};
    out[severity] = { emails: [...(routed(severity, "email") ? (channels?.emails ?? []) : []), ...(extra.emails ?? [])], https: { ...pagerDuty, ...extra.https } };
  }
  return out;
}

/** Pure checks of the channels, and of names they would share with `subscriptions`. */
export function validateChannels(problems: Problems, channels: AlertChannels | undefined, subscriptions: Partial<Record<string, SeveritySubscriptions>> | undefined): void {
  for (const [key, channel] of Object.entries(channels?.slack ?? {})) {
    const at = `channels.slack.${key}`;
    problems.check(CHANNEL_KEY_PATTERN.test(key), "channels.slack", key, "a name of lowercase letters, digits and dashes, such as ops");
    problems.check(SLACK_WORKSPACE_ID_PATTERN.test(channel.workspaceId ?? ""), `${at}.workspaceId`, channel.workspaceId, "the Slack workspace id authorised in AWS Chatbot, such as T07EA123LEP");
    problems.check(SLACK_CHANNEL_ID_PATTERN.test(channel.channelId ?? ""), `${at}.channelId`, channel.channelId, "a Slack channel id such as C07EZ1ABC23");
  }
  const emails = channels?.emails ?? [];
  for (const email of emails) problems.check(EMAIL_PATTERN.test(email), "channels.emails", email, "an email address");
  for (const severity of SEVERITIES) {
    const extra = subscriptions?.[severity];
    if (SEVERITY_ROUTING[severity].includes("email")) {
      for (const email of extra?.emails ?? []) {
        // Both would be the same subscription resource, `<name>-<severity>-email-<address>`.
        problems.check(!emails.some((e) => slug(e) === slug(email)), `subscriptions.${severity}.emails`, email, `an address not already in channels.emails, which ${severity} reaches through the routing table`);
      }
    }
    if (SEVERITY_ROUTING[severity].includes("pagerDuty") && channels?.pagerDuty) {
      problems.check(!(PAGERDUTY_KEY in (extra?.https ?? {})), `subscriptions.${severity}.https`, PAGERDUTY_KEY, "another name: channels.pagerDuty already subscribes PagerDuty");
    }
  }
  const region = channels?.chatbotRegion;
  if (region !== undefined) problems.check(AWS_REGION_PATTERN.test(region), "channels.chatbotRegion", region, "an AWS region such as us-east-2");
}

export interface SlackChannelsArgs {
  readonly slack: Readonly<Record<string, SlackChannel>>;
  readonly topics: Record<Severity, aws.sns.Topic>;
  /** Configuration names are `<prefix>-<key>`. */
  readonly alarmNamePrefix: string;
  readonly chatbotRegion?: string;
  readonly tags?: Tags;
}

/**
 * One Chatbot Slack channel configuration per channel, on the topics of the
 * severities the table sends to Slack, with a role that may only read
 * CloudWatch (what notifications need) and a read-only guardrail.
 */
export function createSlackChannels(name: string, args: SlackChannelsArgs, ctx: AwsContext, parent: pulumi.Resource): aws.chatbot.SlackChannelConfiguration[] {
  const opts = { parent };
  const roleName = `${name}-chatbot`;
  const role = new aws.iam.Role(
    roleName,
    {
      description: `AWS Chatbot posts ${args.alarmNamePrefix} alarms to Slack`,
      assumeRolePolicy: ctx.dnsSuffix.apply((dnsSuffix) =>
        JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: `chatbot.${dnsSuffix}` }, Action: "sts:AssumeRole" }] }),
      ),
      tags: mergeTags(roleName, args.tags),
    },
    opts,
  );
  // The notifications-only permissions of the Chatbot setup guide: reading the alarm and its graph.
  new aws.iam.RolePolicy(
    roleName,
    {
      role: role.id,
      policy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Sid: "ReadAlarmsForNotifications", Effect: "Allow", Action: ["cloudwatch:Describe*", "cloudwatch:Get*", "cloudwatch:List*"], Resource: "*" }],
      }),
    },
    opts,
  );
  const guardrail = pulumi.interpolate`arn:${ctx.partition}:iam::aws:policy/${CHATBOT_GUARDRAIL_POLICY}`;
  const topicArns = severitiesFor("slack").map((severity) => args.topics[severity].arn);
  return Object.entries(args.slack).map(([key, channel]) => {
    const configurationName = `${args.alarmNamePrefix}-${key}`;
    return new aws.chatbot.SlackChannelConfiguration(
      `${name}-slack-${key}`,
      {
        configurationName,
        slackTeamId: channel.workspaceId,
        slackChannelId: channel.channelId,
        iamRoleArn: role.arn,
        guardrailPolicyArns: [guardrail],
        snsTopicArns: topicArns,
        loggingLevel: "ERROR",
        region: args.chatbotRegion ?? DEFAULT_CHATBOT_REGION,
        tags: mergeTags(configurationName, args.tags),
      },
      opts,
    );
  });
}
