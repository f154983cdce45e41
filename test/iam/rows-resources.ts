import { RDS_EVENTS_SEVERITY } from "../../components/monitoring";
import { StackIam } from "./collect";
import { accountAdmin, allows, BoundaryRow, denies, logsContext, OTHER_ACCOUNT, PAGES, Probe, service, source } from "./probes";

/**
 * Boundary rows for the stack's resource policies: every KMS key, the alarm
 * topics, the access-log bucket and the WAF log delivery policy.
 */

/** Each key that encrypts log groups, and the log groups (logical names) it must admit. */
const LOG_KEYS: readonly { key: string; groups: (s: StackIam) => string[] }[] = [
  { key: "network-flow-logs", groups: () => ["network-flow-logs"] },
  { key: "database", groups: (s) => groupsNamed(s, /^database(-replica-\d+)?-(postgresql|upgrade)$/) },
  { key: "cache", groups: () => ["cache-slow-log", "cache-engine-log"] },
  { key: "edge-waf-logs", groups: () => ["edge-waf-logs"] },
  { key: "app-cluster-key", groups: () => ["app-cluster-exec", "app"] },
  { key: "eks-logs", groups: () => ["eks-control-plane"] },
  { key: "eks-insights-logs", groups: () => ["application", "dataplane", "host", "performance"].map((kind) => `eks-insights-${kind}`) },
];

/** Keys no AWS service may use by key policy: only the account's IAM policies grant them. */
const ACCOUNT_ONLY_KEYS = ["app-cluster-exec-sessions", "eks-secrets", "eks-node-volumes", "database-dr", "probe-artifacts"];

const groupsNamed = (s: StackIam, pattern: RegExp) => s.run.ofType("aws:cloudwatch/logGroup:LogGroup").map((g) => g.name).filter((n) => pattern.test(n));

/** What every key must hold: the account administers it, another account cannot use it. */
function keyOwnership(s: StackIam, key: string): Probe[] {
  const arn = s.key(key);
  return [
    allows(`lets the account administer ${key}`, accountAdmin(s.account), "kms:DescribeKey", arn),
    denies(`lets another account decrypt with ${key}`, accountAdmin(OTHER_ACCOUNT), "kms:Decrypt", arn),
  ];
}

function logKeyProbes(s: StackIam, key: string, ownGroups: string[]): Probe[] {
  const arn = s.key(key);
  const logs = service(`logs.${s.region}.amazonaws.com`);
  const own = ownGroups.map((g) => s.logGroup(g));
  const others = s.run.ofType("aws:cloudwatch/logGroup:LogGroup").map((g) => g.name).filter((g) => !ownGroups.includes(g));
  if (own.length === 0 || others.length === 0) throw new Error(`${key}: the row needs its own log groups and another one of the stack`);
  const another = s.logGroup(others[0]);
  return [
    ...own.flatMap((g) => [
      allows(`lets CloudWatch Logs encrypt ${g.name} with ${key}`, logs, "kms:GenerateDataKey", arn, logsContext(g.arn)),
      allows(`lets CloudWatch Logs read ${g.name} back`, logs, "kms:Decrypt", arn, logsContext(g.arn)),
    ]),
    denies(`lets CloudWatch Logs use ${key} for ${another.name}, another group of the stack`, logs, "kms:GenerateDataKey", arn, logsContext(another.arn)),
    denies(`lets CloudWatch Logs use ${key} for a group of the same name in another account`, logs, "kms:GenerateDataKey", arn, logsContext(own[0].arn.replace(`:${s.account}:`, `:${OTHER_ACCOUNT}:`))),
    denies(`lets CloudWatch Logs use ${key} without a log group context`, logs, "kms:GenerateDataKey", arn),
    denies(`lets CloudWatch Logs of another region use ${key}`, service("logs.us-east-1.amazonaws.com"), "kms:GenerateDataKey", arn, logsContext(own[0].arn)),
    denies(`lets CloudWatch alarms use ${key}`, service("cloudwatch.amazonaws.com"), "kms:GenerateDataKey", arn, source(s.account, s.other("cloudwatch", "alarm:x"))),
    ...keyOwnership(s, key),
  ];
}

/**
 * What AWS Budgets may do with `resource` for `action`: publish for a budget of
 * this account when the stack has one, nothing for another account's or with
 * no source; nothing at all when the stack has no budget.
 */
function budgetProbes(s: StackIam, action: string, resource: string): Probe[] {
  const budgets = service("budgets.amazonaws.com");
  const budget = s.run.find("aws:budgets/budget:Budget", "monitoring-budget");
  const ours = `arn:aws:budgets::${s.account}:budget/${budget?.inputs.name ?? "any"}`;
  if (!budget) return [denies("lets AWS Budgets use it (the stack has no budget)", budgets, action, resource, source(s.account, ours))];
  return [
    allows("lets the stack's budget use it", budgets, action, resource, source(s.account, ours)),
    denies("lets a budget of another account use it", budgets, action, resource, source(OTHER_ACCOUNT, ours.replace(`::${s.account}:`, `::${OTHER_ACCOUNT}:`))),
    denies("lets AWS Budgets use it with no source", budgets, action, resource),
  ];
}

/**
 * What RDS event notifications may do with `resource` for `action` when
 * `publishes` (the stack subscribes to its DB instances' events and this is
 * their topic): publish for a DB instance of this account, never for another
 * account's or with no source; nothing at all otherwise.
 */
function rdsEventProbes(s: StackIam, action: string, resource: string, publishes: boolean): Probe[] {
  const rds = service("events.rds.amazonaws.com");
  const instance = s.run.ofType("aws:rds/instance:Instance")[0]?.inputs.identifier ?? "any";
  const ours = s.other("rds", `db:${instance}`);
  if (!publishes) return [denies("lets RDS event notifications use it", rds, action, resource, source(s.account, ours))];
  return [
    allows("lets RDS events of the stack's DB instance use it", rds, action, resource, source(s.account, ours)),
    denies("lets RDS events of another account's DB instance use it", rds, action, resource, source(OTHER_ACCOUNT, s.other("rds", `db:${instance}`, OTHER_ACCOUNT))),
    denies("lets RDS events of a DB cluster use it", rds, action, resource, source(s.account, s.other("rds", "cluster:any"))),
    denies("lets RDS use it with no source", rds, action, resource),
  ];
}

const hasDatabaseEvents = (s: StackIam) => s.hasResource("aws:rds/eventSubscription:EventSubscription", "monitoring-database-events");

/** A real alarm of the stack, and one of the same account that is not the stack's. */
function alarms(s: StackIam): { ours: string; foreign: string } {
  const ours = s.run.ofType("aws:cloudwatch/metricAlarm:MetricAlarm")[0]?.state.arn;
  if (!ours) throw new Error("the stack has no alarm; the row has nothing to prove");
  return { ours, foreign: s.other("cloudwatch", "alarm:someone-elses-alarm") };
}

export const RESOURCE_ROWS: BoundaryRow[] = [
  ...LOG_KEYS.map(
    ({ key, groups }): BoundaryRow => ({
      boundary: `The ${key} key admits CloudWatch Logs for its own log groups only (kms:EncryptionContext:aws:logs:arn), and no other account`,
      sources: [PAGES.logsKms, PAGES.kmsKeyPolicyDefault],
      subjects: [{ policy: `key:${key}` }],
      probes: (s) => logKeyProbes(s, key, groups(s)),
    }),
  ),
  ...ACCOUNT_ONLY_KEYS.map(
    (key): BoundaryRow => ({
      boundary: `The ${key} key admits no AWS service and no other account: only the account's IAM policies grant its use`,
      sources: [PAGES.kmsKeyPolicyDefault, PAGES.ecsExecKey, PAGES.eksSecretsEncryption],
      subjects: [{ policy: `key:${key}` }],
      probes: (s) => [
        denies(`lets CloudWatch Logs use ${key}`, service(`logs.${s.region}.amazonaws.com`), "kms:GenerateDataKey", s.key(key), logsContext(s.other("logs", "log-group:any"))),
        denies(`lets CloudWatch alarms use ${key}`, service("cloudwatch.amazonaws.com"), "kms:GenerateDataKey", s.key(key), source(s.account, alarms(s).ours)),
        ...keyOwnership(s, key),
      ],
    }),
  ),
  {
    boundary:
      "The alarms key lets CloudWatch only Decrypt and GenerateDataKey*, for this stack's alarms, and AWS Budgets and RDS events the same for this account's budgets and DB instances; SNS gets no grant",
    sources: [PAGES.snsKeyManagement, PAGES.cloudwatchArns, PAGES.budgetsTopic, PAGES.rdsEventsTopic, PAGES.confusedDeputy],
    subjects: [{ policy: "key:monitoring-alarms" }],
    probes: (s) => {
      const key = s.key("monitoring-alarms");
      const cloudwatch = service("cloudwatch.amazonaws.com");
      const { ours, foreign } = alarms(s);
      return [
        allows("lets an alarm of the stack generate a data key", cloudwatch, "kms:GenerateDataKey", key, source(s.account, ours)),
        allows("lets an alarm of the stack decrypt", cloudwatch, "kms:Decrypt", key, source(s.account, ours)),
        denies("lets an alarm of the stack encrypt directly", cloudwatch, "kms:Encrypt", key, source(s.account, ours)),
        denies("lets an alarm of the stack re-encrypt", cloudwatch, "kms:ReEncryptFrom", key, source(s.account, ours)),
        denies("lets another alarm of the account use it", cloudwatch, "kms:GenerateDataKey", key, source(s.account, foreign)),
        denies("lets an alarm of another account use it", cloudwatch, "kms:GenerateDataKey", key, source(OTHER_ACCOUNT, ours.replace(`:${s.account}:`, `:${OTHER_ACCOUNT}:`))),
        denies("lets CloudWatch use it with no source", cloudwatch, "kms:GenerateDataKey", key),
        denies("lets SNS use it", service("sns.amazonaws.com"), "kms:GenerateDataKey", key, source(s.account, s.arnOf("aws:sns/topic:Topic", "monitoring-critical"))),
        ...budgetProbes(s, "kms:GenerateDataKey", key),
        ...rdsEventProbes(s, "kms:GenerateDataKey", key, hasDatabaseEvents(s)),
        ...keyOwnership(s, "monitoring-alarms"),
      ];
    },
  },
  ...["critical", "warning", "info"].map(
    (severity): BoundaryRow => ({
      boundary: `The ${severity} topic accepts messages only from this stack's alarms, this account's budgets and, on the RDS events topic, this account's DB instances; the account manages it`,
      sources: [PAGES.snsAlarmPublish, PAGES.cloudwatchArns, PAGES.budgetsTopic, PAGES.rdsEventsTopic],
      subjects: [{ policy: `topic-policy:monitoring-${severity}` }],
      probes: (s) => {
        const topic = s.arnOf("aws:sns/topic:Topic", `monitoring-${severity}`);
        const cloudwatch = service("cloudwatch.amazonaws.com");
        const { ours, foreign } = alarms(s);
        return [
          allows("lets an alarm of the stack publish", cloudwatch, "sns:Publish", topic, source(s.account, ours)),
          denies("lets another alarm of the account publish", cloudwatch, "sns:Publish", topic, source(s.account, foreign)),
          denies("lets an alarm of another account publish", cloudwatch, "sns:Publish", topic, source(OTHER_ACCOUNT, ours.replace(`:${s.account}:`, `:${OTHER_ACCOUNT}:`))),
          denies("lets CloudWatch publish with no source", cloudwatch, "sns:Publish", topic),
          denies("lets EventBridge publish", service("events.amazonaws.com"), "sns:Publish", topic, source(s.account, s.other("events", "rule/x"))),
          ...budgetProbes(s, "sns:Publish", topic),
          ...rdsEventProbes(s, "sns:Publish", topic, hasDatabaseEvents(s) && severity === RDS_EVENTS_SEVERITY),
          allows("lets the account subscribe an endpoint", accountAdmin(s.account), "sns:Subscribe", topic),
          denies("lets another account subscribe", accountAdmin(OTHER_ACCOUNT), "sns:Subscribe", topic),
        ];
      },
    }),
  ),
  {
    boundary:
      "The access-log bucket takes ELB access logs only under the stack's prefix for this account (the object key is ELB's documented account scope), only over TLS, and lets ELB read nothing",
    sources: [PAGES.elbAccessLogs, PAGES.s3SecureTransport],
    subjects: [{ policy: "bucket-policy:edge-access-logs" }],
    probes: (s) => {
      const bucket = s.run.one("aws:s3/bucket:Bucket", "edge-access-logs").state.bucket;
      const prefix = s.run.one("aws:lb/loadBalancer:LoadBalancer", "edge").inputs.accessLogs.prefix;
      const object = (account: string, key = prefix) => `arn:aws:s3:::${bucket}/${key}/AWSLogs/${account}/elasticloadbalancing/${s.region}/2026/01/01/log.gz`;
      const elb = service("logdelivery.elasticloadbalancing.amazonaws.com");
      const legacy = accountAdmin("156460612806");
      return [
        allows("lets ELB deliver a log of this account", elb, "s3:PutObject", object(s.account)),
        allows("lets ELB deliver one when it names this account as the source", elb, "s3:PutObject", object(s.account), { "aws:SourceAccount": s.account }),
        denies("lets ELB deliver one that names another account as the source", elb, "s3:PutObject", object(s.account), { "aws:SourceAccount": OTHER_ACCOUNT }),
        denies("lets ELB deliver the logs of another account's load balancer", elb, "s3:PutObject", object(OTHER_ACCOUNT)),
        denies("lets ELB write outside the stack's prefix", elb, "s3:PutObject", object(s.account, "elsewhere")),
        denies("lets ELB read a log", elb, "s3:GetObject", object(s.account)),
        allows("lets eu-west-1's legacy ELB account deliver (AWS's documented principal for regions opened before August 2022)", legacy, "s3:PutObject", object(s.account)),
        denies("lets the legacy ELB account deliver another account's logs", legacy, "s3:PutObject", object(OTHER_ACCOUNT)),
        denies("takes a delivery over plain HTTP", elb, "s3:PutObject", object(s.account), { "aws:SecureTransport": "false" }),
      ];
    },
  },
  {
    boundary: "Log delivery may write WAF logs only into the WAF log group, on behalf of this account",
    sources: [PAGES.logsVendedDelivery, PAGES.confusedDeputy],
    subjects: [{ policy: "log-resource-policy:edge-waf-logs" }],
    probes: (s) => {
      const delivery = service("delivery.logs.amazonaws.com");
      const waf = s.logGroup("edge-waf-logs");
      const deliverySource = s.other("logs", "delivery-source:waf");
      return [
        allows("writes a WAF log event", delivery, "logs:PutLogEvents", `${waf.arn}:log-stream:eu-west-1_0`, source(s.account, deliverySource)),
        allows("creates a WAF log stream", delivery, "logs:CreateLogStream", `${waf.arn}:log-stream:eu-west-1_0`, source(s.account, deliverySource)),
        denies("writes into the flow log group", delivery, "logs:PutLogEvents", `${s.logGroup("network-flow-logs").arn}:log-stream:x`, source(s.account, deliverySource)),
        denies("writes for another account", delivery, "logs:PutLogEvents", `${waf.arn}:log-stream:x`, source(OTHER_ACCOUNT, s.other("logs", "delivery-source:waf", OTHER_ACCOUNT))),
      ];
    },
  },
];
