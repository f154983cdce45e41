import { dependsOn, ofTypes, resourcePolicy, stackPolicy } from "../kit";

export const cloudwatchLogGroupRequireRetention = resourcePolicy<{ minimumDays: number }>({
  name: "aws-cloudwatch-log-group-require-retention",
  description: "CloudWatch log groups keep logs for at least the configured number of days, and not forever.",
  pack: "compliance",
  service: "cloudwatch",
  severity: "medium",
  frameworks: ["pci", "hipaa", "soc2", "iso27001", "cis"],
  remediationSteps: "Set `retentionInDays` to a CloudWatch retention value of at least the minimum (`LOG_RETENTION_DAYS` in components/internal/log-group.ts); the stack files set it per environment.",
  settings: {
    minimumDays: { type: "integer", minimum: 1, maximum: 3653, description: "Fewest days of log retention allowed.", default: 365 },
  },
  types: ["aws:cloudwatch/logGroup:LogGroup"],
  validate: ({ props, settings, report }) => {
    // Unset and 0 (the provider's "never expire") both keep logs forever.
    const days: number = props.retentionInDays ?? 0;
    if (days === 0) report(`retentionInDays is not set: logs are kept forever. Set retentionInDays to at least ${settings.minimumDays}.`);
    else if (days < settings.minimumDays) report(`retentionInDays is ${days}; at least ${settings.minimumDays} are required.`);
  },
});

export const vpcRequireFlowLogs = stackPolicy({
  name: "aws-vpc-require-flow-logs",
  description: "Every VPC records its traffic with a flow log.",
  pack: "compliance",
  service: "vpc",
  severity: "medium",
  frameworks: ["cis", "pci", "soc2", "iso27001", "hipaa"],
  remediationSteps: "Keep `platform:network.flowLogs` set in the stack file; the Vpc component then creates an `aws.ec2.FlowLog` to an encrypted log group.",
  validate: ({ resources, report }) => {
    const flowLogs = ofTypes(resources, "aws:ec2/flowLog:FlowLog");
    for (const vpc of ofTypes(resources, "aws:ec2/vpc:Vpc")) {
      if (!flowLogs.some((f) => dependsOn(f, vpc))) report(`VPC ${vpc.name} has no flow log. Add an aws.ec2.FlowLog for it.`, vpc.urn);
    }
  },
});

export const cloudwatchAlarmRequireActions = resourcePolicy({
  name: "aws-cloudwatch-alarm-require-actions",
  description: "Every CloudWatch alarm notifies someone: it has at least one alarm action, and its actions are enabled.",
  pack: "compliance",
  service: "cloudwatch",
  severity: "medium",
  frameworks: ["soc2", "iso27001", "pci"],
  remediationSteps: "Give the alarm `alarmActions` (the monitoring component's SNS topic) and leave `actionsEnabled` true.",
  types: ["aws:cloudwatch/metricAlarm:MetricAlarm", "aws:cloudwatch/compositeAlarm:CompositeAlarm"],
  validate: ({ props, report }) => {
    if ((props.alarmActions ?? []).length === 0) report("alarmActions is empty: the alarm fires without telling anyone. Add the alerting SNS topic.");
    else if (props.actionsEnabled === false) report("actionsEnabled is false: the alarm's actions never run. Set actionsEnabled: true.");
  },
});
