import { PolicyCases } from "./cases";
import { one, TestResource, withChange } from "./resources";

const TAGS = { Name: "db", Environment: "prod", Owner: "platform-team", CostCenter: "engineering", DataClassification: "confidential" };
const INSTANCE = "aws:rds/instance:Instance";
const rdsInstance = {
  engine: "postgres",
  backupRetentionPeriod: 30,
  multiAz: true,
  deletionProtection: true,
  skipFinalSnapshot: false,
  finalSnapshotIdentifier: "db-final",
  performanceInsightsEnabled: true,
  monitoringInterval: 60,
  monitoringRoleArn: "arn:aws:iam::123456789012:role/rds-monitoring",
  tags: TAGS,
};
const replica = { replicateSourceDb: "db", multiAz: false, backupRetentionPeriod: 0, performanceInsightsEnabled: true, monitoringInterval: 60, monitoringRoleArn: "arn:role", deletionProtection: true };
const RG = "aws:elasticache/replicationGroup:ReplicationGroup";
const replicationGroup = { description: "cache", snapshotRetentionLimit: 7, automaticFailoverEnabled: true, multiAzEnabled: true, finalSnapshotIdentifier: "cache-final" };
const alarm = { comparisonOperator: "GreaterThanThreshold", evaluationPeriods: 1, threshold: 1, alarmActions: ["arn:aws:sns:eu-west-1:123456789012:alerts"] };
const LB = "aws:lb/loadBalancer:LoadBalancer";
const TG = "aws:lb/targetGroup:TargetGroup";
const targetGroup = { port: 8080, protocol: "HTTP", targetType: "ip", healthCheck: { enabled: true, path: "/healthz", matcher: "200" } };

/** A VPC named `name`, with a flow log of its own unless told otherwise. */
const vpcStack = (flowLog: boolean, name = "network"): TestResource[] => [
  { type: "aws:ec2/vpc:Vpc", name, inputs: { cidrBlock: "10.0.0.0/16" } },
  ...(flowLog ? [{ type: "aws:ec2/flowLog:FlowLog", name: `${name}-flow-logs`, inputs: { vpcId: "vpc-1", trafficType: "ALL" }, dependsOn: [name] }] : []),
];

export const COMPLIANCE_CASES: PolicyCases[] = [
  {
    policy: "aws-cost-monthly-budget",
    compliant: {
      "a db.t4g.micro database, far inside the default $1,500 budget": one(INSTANCE, "db", { ...rdsInstance, instanceClass: "db.t4g.micro", allocatedStorage: 20 }),
    },
    violating: {
      // db.r7g.16xlarge Multi-AZ runs to about $11,000 a month at us-east-1 list prices (no subnets name a region here).
      "a db.r7g.16xlarge Multi-AZ database over the default $1,500 budget": one(INSTANCE, "db", { ...rdsInstance, instanceClass: "db.r7g.16xlarge", allocatedStorage: 100 }),
    },
  },
  {
    policy: "aws-resource-require-tags",
    compliant: {
      "an instance with all four required tags": one(INSTANCE, "db", rdsInstance),
      "a resource type that takes no tags": one("aws:ec2/route:Route", "internet", { destinationCidrBlock: "0.0.0.0/0" }),
      "a resource of another provider, whose tags mean something else": one("datadog:index/monitor:Monitor", "latency", { tags: ["team:payments"] }),
      // A YAML program's `tags:` with no value: nothing set, as when the key is left out.
      "a resource outside the known list whose tags are null": one("aws:ecr/repository:Repository", "app", { tags: null }),
    },
    violating: {
      "an instance without a CostCenter tag": one(INSTANCE, "db", withChange(rdsInstance, "tags.CostCenter", undefined)),
      "an instance with an empty Owner tag": one(INSTANCE, "db", withChange(rdsInstance, "tags.Owner", " ")),
      "a taggable resource with no tags at all": one("aws:sns/topic:Topic", "alerts", {}),
      "a resource outside the known list that sets incomplete tags": one("aws:ecr/repository:Repository", "app", { tags: { Name: "app" } }),
    },
  },
  {
    policy: "aws-rds-database-require-backup-retention",
    compliant: {
      "an instance with 30 days of backups": one(INSTANCE, "db", rdsInstance),
      "a read replica, which restores from its source's backups": one(INSTANCE, "db-replica", replica),
    },
    violating: {
      "an instance with 7 days of backups": one(INSTANCE, "db", withChange(rdsInstance, "backupRetentionPeriod", 7)),
      "a cluster left at the 1-day default": one("aws:rds/cluster:Cluster", "aurora", { engine: "aurora-postgresql" }),
    },
  },
  {
    policy: "aws-rds-database-require-multi-az",
    compliant: { "a Multi-AZ instance": one(INSTANCE, "db", rdsInstance), "a single-AZ read replica": one(INSTANCE, "db-replica", replica) },
    violating: { "a single-AZ instance": one(INSTANCE, "db", withChange(rdsInstance, "multiAz", false)) },
  },
  {
    policy: "aws-rds-database-require-deletion-protection",
    compliant: { "an instance with deletion protection": one(INSTANCE, "db", rdsInstance) },
    violating: {
      "an instance without deletion protection": one(INSTANCE, "db", withChange(rdsInstance, "deletionProtection", false)),
      "a cluster that leaves deletion protection unset": one("aws:rds/cluster:Cluster", "aurora", { engine: "aurora-postgresql", finalSnapshotIdentifier: "x" }),
    },
  },
  {
    policy: "aws-rds-database-require-final-snapshot",
    compliant: { "an instance with a final snapshot name": one(INSTANCE, "db", rdsInstance), "a read replica, which takes no final snapshot": one(INSTANCE, "db-replica", replica) },
    violating: {
      "an instance that skips the final snapshot": one(INSTANCE, "db", withChange(rdsInstance, "skipFinalSnapshot", true)),
      "an instance without a final snapshot name": one(INSTANCE, "db", withChange(rdsInstance, "finalSnapshotIdentifier", undefined)),
    },
  },
  {
    policy: "aws-rds-database-require-performance-insights",
    compliant: { "an instance with Performance Insights": one(INSTANCE, "db", rdsInstance) },
    violating: {
      "an instance without Performance Insights": one(INSTANCE, "db", withChange(rdsInstance, "performanceInsightsEnabled", false)),
      "an Aurora cluster instance without Performance Insights": one("aws:rds/clusterInstance:ClusterInstance", "aurora-1", { clusterIdentifier: "aurora", monitoringInterval: 60, monitoringRoleArn: "arn:role" }),
    },
  },
  {
    policy: "aws-rds-database-require-enhanced-monitoring",
    compliant: { "an instance with 60-second Enhanced Monitoring": one(INSTANCE, "db", rdsInstance) },
    violating: {
      "an instance with Enhanced Monitoring off": one(INSTANCE, "db", withChange(rdsInstance, "monitoringInterval", 0)),
      "an instance with an interval but no monitoring role": one(INSTANCE, "db", withChange(rdsInstance, "monitoringRoleArn", undefined)),
    },
  },
  {
    policy: "aws-elasticache-replication-group-require-snapshot-retention",
    compliant: { "a replication group with 7 days of snapshots": one(RG, "cache", replicationGroup) },
    violating: { "a replication group without snapshots": one(RG, "cache", withChange(replicationGroup, "snapshotRetentionLimit", undefined)) },
  },
  {
    policy: "aws-elasticache-replication-group-require-multi-az",
    compliant: { "a replication group with Multi-AZ failover": one(RG, "cache", replicationGroup) },
    violating: {
      "a replication group without automatic failover": one(RG, "cache", withChange(replicationGroup, "automaticFailoverEnabled", false)),
      "a replication group with failover in one zone": one(RG, "cache", withChange(replicationGroup, "multiAzEnabled", undefined)),
    },
  },
  {
    policy: "aws-elasticache-replication-group-require-final-snapshot",
    compliant: { "a replication group with a final snapshot name": one(RG, "cache", replicationGroup) },
    violating: { "a replication group without a final snapshot name": one(RG, "cache", withChange(replicationGroup, "finalSnapshotIdentifier", undefined)) },
  },
  {
    policy: "aws-cloudwatch-log-group-require-retention",
    compliant: { "a log group kept for a year": one("aws:cloudwatch/logGroup:LogGroup", "app", { retentionInDays: 365 }) },
    violating: {
      "a log group kept for 30 days": one("aws:cloudwatch/logGroup:LogGroup", "app", { retentionInDays: 30 }),
      "a log group kept forever": one("aws:cloudwatch/logGroup:LogGroup", "app", {}),
      // 0 is the provider's value for "never expire".
      "a log group kept forever by retentionInDays 0": one("aws:cloudwatch/logGroup:LogGroup", "app", { retentionInDays: 0 }),
    },
  },
  {
    policy: "aws-vpc-require-flow-logs",
    compliant: { "a VPC with a flow log": vpcStack(true), "two VPCs, each with its own flow log": [...vpcStack(true), ...vpcStack(true, "shared")] },
    violating: { "a VPC without a flow log": vpcStack(false), "a VPC without a flow log beside one with": [...vpcStack(true), ...vpcStack(false, "shared")] },
  },
  {
    policy: "aws-cloudwatch-alarm-require-actions",
    compliant: { "an alarm that notifies the alerts topic": one("aws:cloudwatch/metricAlarm:MetricAlarm", "cpu", alarm) },
    violating: {
      "an alarm without actions": one("aws:cloudwatch/metricAlarm:MetricAlarm", "cpu", withChange(alarm, "alarmActions", [])),
      "an alarm whose actions are disabled": one("aws:cloudwatch/metricAlarm:MetricAlarm", "cpu", withChange(alarm, "actionsEnabled", false)),
      "a composite alarm without actions": one("aws:cloudwatch/compositeAlarm:CompositeAlarm", "slo", { alarmRule: "ALARM(cpu)" }),
    },
  },
  {
    policy: "aws-alb-load-balancer-require-access-logs",
    compliant: { "an ALB that logs to a bucket": one(LB, "alb", { accessLogs: { enabled: true, bucket: "alb-logs" } }) },
    violating: {
      "an ALB without access logs": one(LB, "alb", {}),
      "an ALB with access logs switched off": one(LB, "alb", { accessLogs: { enabled: false, bucket: "alb-logs" } }),
    },
  },
  {
    policy: "aws-alb-target-group-require-health-check",
    compliant: {
      "a target group probing /healthz": one(TG, "blue", targetGroup),
      "a Lambda target group, health-checked only when asked to": one(TG, "fn", { targetType: "lambda" }),
      "a TCP target group without a path (a TCP health check opens a connection)": one(TG, "nlb", withChange(withChange(targetGroup, "protocol", "TCP"), "healthCheck.path", undefined)),
    },
    violating: {
      "a target group with health checks off": one(TG, "blue", withChange(targetGroup, "healthCheck.enabled", false)),
      "an HTTP target group probing the default path": one(TG, "blue", withChange(targetGroup, "healthCheck.path", undefined)),
      "an HTTPS target group probing the default path": one(TG, "blue", withChange(withChange(targetGroup, "protocol", "HTTPS"), "healthCheck.path", undefined)),
      "a target group whose protocol is left to its HTTP default, probing the default path": one(TG, "blue", withChange(withChange(targetGroup, "protocol", undefined), "healthCheck.path", undefined)),
    },
  },
];

