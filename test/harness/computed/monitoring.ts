import { ComputedOutputs } from "./types";

/**
 * CloudWatch alarms and dashboards, SNS topic policies and subscriptions,
 * budgets, Chatbot channel configurations, the Synthetics canary, Route 53
 * health checks and RDS event subscriptions, in AWS's id and ARN shapes.
 */
export const monitoring: ComputedOutputs = {
  invokes: {},
  resources: {
    "aws:cloudwatch/metricAlarm:MetricAlarm": (c) => ({
      id: c.physicalName,
      outputs: { arn: `arn:aws:cloudwatch:${c.region}:${c.accountId}:alarm:${c.physicalName}` },
    }),
    "aws:cloudwatch/compositeAlarm:CompositeAlarm": (c) => {
      const alarmName = typeof c.inputs.alarmName === "string" ? c.inputs.alarmName : c.physicalName;
      return { id: alarmName, outputs: { alarmName, arn: `arn:aws:cloudwatch:${c.region}:${c.accountId}:alarm:${alarmName}` } };
    },
    "aws:cloudwatch/dashboard:Dashboard": (c) => {
      const dashboardName = typeof c.inputs.dashboardName === "string" ? c.inputs.dashboardName : c.physicalName;
      return { id: dashboardName, outputs: { dashboardName, dashboardArn: `arn:aws:cloudwatch::${c.accountId}:dashboard/${dashboardName}` } };
    },
    // The provider's id is `<account>:<budget name>`; the ARN has no region (Budgets is global).
    "aws:budgets/budget:Budget": (c) => {
      const name = typeof c.inputs.name === "string" ? c.inputs.name : c.physicalName;
      return { id: `${c.accountId}:${name}`, outputs: { name, accountId: c.accountId, arn: `arn:aws:budgets::${c.accountId}:budget/${name}` } };
    },
    "aws:sns/topicPolicy:TopicPolicy": (c) => ({ id: String(c.inputs.arn ?? c.physicalName), outputs: { owner: c.accountId } }),
    "aws:sns/topicSubscription:TopicSubscription": (c) => {
      const topic = String(c.inputs.topic ?? `arn:aws:sns:${c.region}:${c.accountId}:unknown`);
      const id = `${topic}:${c.hex(8)}-${c.hex(4)}-4${c.hex(3)}-8${c.hex(3)}-${c.hex(12)}`;
      return { id, outputs: { arn: id, ownerId: c.accountId, pendingConfirmation: c.inputs.protocol === "email" } };
    },
    "aws:chatbot/slackChannelConfiguration:SlackChannelConfiguration": (c) => {
      const arn = `arn:aws:chatbot::${c.accountId}:chat-configuration/slack-channel/${c.inputs.configurationName ?? c.physicalName}`;
      return { id: arn, outputs: { chatConfigurationArn: arn, slackChannelName: "alerts", slackTeamName: "example" } };
    },
    "aws:synthetics/canary:Canary": (c) => ({
      id: String(c.inputs.name ?? c.physicalName),
      outputs: { arn: `arn:aws:synthetics:${c.region}:${c.accountId}:canary:${c.inputs.name ?? c.physicalName}`, engineArn: `arn:aws:lambda:${c.region}:${c.accountId}:function:cwsyn-${c.inputs.name}-${c.hex(36)}`, status: "RUNNING" },
    }),
    "aws:route53/healthCheck:HealthCheck": (c) => {
      const id = `${c.hex(8)}-${c.hex(4)}-${c.hex(4)}-${c.hex(4)}-${c.hex(12)}`;
      return { id, outputs: { arn: `arn:aws:route53:::healthcheck/${id}` } };
    },
    "aws:rds/eventSubscription:EventSubscription": (c) => ({
      id: c.physicalName,
      outputs: { arn: `arn:aws:rds:${c.region}:${c.accountId}:es:${c.physicalName}`, customerAwsId: c.accountId },
    }),
    "aws:s3/bucketObjectv2:BucketObjectv2": (c) => ({ id: String(c.inputs.key ?? c.physicalName), outputs: { etag: c.hex(32), versionId: "" } }),
  },
};
