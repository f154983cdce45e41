import { StackIam } from "./collect";
import { allows, asRole, BoundaryRow, denies, OTHER_ACCOUNT, PAGES, service, source } from "./probes";
import { stackSecrets } from "./rows-services";

/**
 * Boundary rows for the alerting roles: the Chatbot channel role that posts
 * alarms to Slack, and the synthetic probe's execution role with its
 * artifacts bucket.
 */

/** The probe's canary and the ARN of a Lambda function Synthetics would create for it (`cwsyn-<name>-<id>`). */
function probeFunction(s: StackIam, account = s.account): string {
  const canary = s.run.one("aws:synthetics/canary:Canary", "probe").inputs.name;
  return s.other("lambda", `function:cwsyn-${canary}-0123abcd-4567-89ef-0123-456789abcdef`, account);
}

export const MONITORING_ROWS: BoundaryRow[] = [
  {
    boundary: "Chatbot assumes the Slack channel role, which may only read CloudWatch alarms and metrics for the notifications",
    sources: [PAGES.chatbotPermissions],
    subjects: [{ role: "monitoring-chatbot" }],
    probes: (s) => {
      const role = s.role("monitoring-chatbot");
      const topic = s.arnOf("aws:sns/topic:Topic", "monitoring-critical");
      return [
        allows("lets Chatbot assume it", service("chatbot.amazonaws.com"), "sts:AssumeRole", role.arn),
        denies("lets another service assume it", service("lambda.amazonaws.com"), "sts:AssumeRole", role.arn, source(s.account, probeFunctionOrAny(s))),
        allows("describes the alarm of a notification", asRole(role), "cloudwatch:DescribeAlarms", s.other("cloudwatch", "alarm:any")),
        allows("renders the alarm's graph", asRole(role), "cloudwatch:GetMetricWidgetImage", "*"),
        denies("changes an alarm", asRole(role), "cloudwatch:PutMetricAlarm", s.other("cloudwatch", "alarm:any")),
        denies("publishes to an alarm topic", asRole(role), "sns:Publish", topic),
        denies("reads the master secret", asRole(role), "secretsmanager:GetSecretValue", stackSecrets(s).database),
      ];
    },
  },
  {
    boundary:
      "Lambda assumes the probe's role only for the canary's function in this account; the role writes only its run artifacts (with its key, over TLS), CloudWatchSynthetics metrics and its own Lambda logs",
    sources: [PAGES.syntheticsRole, PAGES.lambdaTrust, PAGES.confusedDeputy, PAGES.s3SecureTransport],
    subjects: [{ role: "probe" }, { policy: "bucket-policy:probe-artifacts" }],
    probes: (s) => {
      const role = s.role("probe");
      const lambda = service("lambda.amazonaws.com");
      const bucket = s.run.one("aws:s3/bucket:Bucket", "probe-artifacts").state.bucket;
      const run = `arn:aws:s3:::${bucket}/runs/canary/2026/01/01/00-00-00/log.txt`;
      const ownLogs = s.other("logs", `log-group:/aws/lambda/cwsyn-${s.run.one("aws:synthetics/canary:Canary", "probe").inputs.name}-0123:log-stream:x`);
      // PutMetricData takes an optional CloudWatch dataset resource; the simulator needs one concrete ARN.
      const metrics = s.other("cloudwatch", "dataset/default");
      return [
        allows("lets Lambda assume it for the canary's function", lambda, "sts:AssumeRole", role.arn, source(s.account, probeFunction(s))),
        denies("lets Lambda assume it for another function of the account", lambda, "sts:AssumeRole", role.arn, source(s.account, s.other("lambda", "function:someone-else"))),
        denies("lets Lambda assume it for a function of another account", lambda, "sts:AssumeRole", role.arn, source(OTHER_ACCOUNT, probeFunction(s, OTHER_ACCOUNT))),
        denies("lets Lambda assume it with no source", lambda, "sts:AssumeRole", role.arn),
        allows("writes a run's artifacts", asRole(role), "s3:PutObject", run),
        denies("writes a run's artifacts over plain HTTP", asRole(role), "s3:PutObject", run, { "aws:SecureTransport": "false" }),
        denies("overwrites the canary's code", asRole(role), "s3:PutObject", `arn:aws:s3:::${bucket}/code/heartbeat.zip`),
        allows("finds the artifacts bucket's region", asRole(role), "s3:GetBucketLocation", `arn:aws:s3:::${bucket}`),
        allows("lists the account's buckets (Synthetics checks the artifact location)", asRole(role), "s3:ListAllMyBuckets", "*"),
        allows("encrypts artifacts with its key", asRole(role), "kms:GenerateDataKey", s.key("probe-artifacts")),
        denies("uses the database key", asRole(role), "kms:Decrypt", s.key("database")),
        allows("publishes probe metrics", asRole(role), "cloudwatch:PutMetricData", metrics, { "cloudwatch:namespace": "CloudWatchSynthetics" }),
        denies("publishes metrics in another namespace", asRole(role), "cloudwatch:PutMetricData", metrics, { "cloudwatch:namespace": "AWS/ApplicationELB" }),
        allows("writes its Lambda logs", asRole(role), "logs:PutLogEvents", ownLogs),
        denies("writes into the app's log groups", asRole(role), "logs:PutLogEvents", `${s.logGroup("network-flow-logs").arn}:log-stream:x`),
        allows("attaches its network interface in the VPC", asRole(role), "ec2:CreateNetworkInterface", s.other("ec2", "network-interface/eni-0123456789abcdef0")),
        denies("reads the master secret", asRole(role), "secretsmanager:GetSecretValue", stackSecrets(s).database),
      ];
    },
  },
];

/** The probe's function where the stack has a probe, else any function of the account. */
function probeFunctionOrAny(s: StackIam): string {
  return s.hasResource("aws:synthetics/canary:Canary", "probe") ? probeFunction(s) : s.other("lambda", "function:any");
}
