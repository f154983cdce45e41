import { ComputedOutputs } from "./types";

/** CloudWatch alarms and dashboards, SNS topic policies and subscriptions, budgets, in AWS's id and ARN shapes. */
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
  },
};
