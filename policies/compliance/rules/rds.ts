import { isSet, resourcePolicy } from "../kit";

const INSTANCE = "aws:rds/instance:Instance";
const CLUSTER = "aws:rds/cluster:Cluster";
const CLUSTER_INSTANCE = "aws:rds/clusterInstance:ClusterInstance";

export const rdsDatabaseRequireBackupRetention = resourcePolicy<{ minimumDays: number }>({
  name: "aws-rds-database-require-backup-retention",
  description: "RDS instances and clusters keep automated backups (point-in-time recovery) for at least the configured number of days.",
  pack: "compliance",
  service: "rds",
  severity: "high",
  frameworks: ["soc2", "iso27001", "hipaa", "pci"],
  remediationSteps: "Raise `platform:database.backupRetentionDays` in the stack file (the database component passes it as `backupRetentionPeriod`, 1-35 days).",
  settings: {
    minimumDays: { type: "integer", minimum: 1, maximum: 35, description: "Fewest days of automated backups allowed.", default: 30 },
  },
  types: [INSTANCE, CLUSTER],
  validate: ({ args, props, settings, report }) => {
    if (isSet(props, "replicateSourceDb")) args.notApplicable("read replicas are restored from their source's backups");
    // Unset, the provider keeps none for an instance and 1 day for a cluster (the `backupRetentionPeriod` docs of both).
    const days = props.backupRetentionPeriod ?? (args.type === CLUSTER ? 1 : 0);
    if (days < settings.minimumDays) report(`backupRetentionPeriod is ${days} day(s); at least ${settings.minimumDays} are required. Raise platform:database.backupRetentionDays.`);
  },
});

export const rdsDatabaseRequireMultiAz = resourcePolicy({
  name: "aws-rds-database-require-multi-az",
  description: "RDS instances run Multi-AZ (a synchronous standby in another zone).",
  pack: "compliance",
  service: "rds",
  severity: "medium",
  frameworks: ["soc2", "iso27001"],
  remediationSteps: "Set `platform:database.multiAz: true` in the stack file (the switch happens in place, with a short I/O pause).",
  types: [INSTANCE],
  validate: ({ args, props, report }) => {
    if (isSet(props, "replicateSourceDb")) args.notApplicable("read replicas are scaled out, not made Multi-AZ, for availability");
    if (props.multiAz !== true) report("multiAz is not true: losing the zone loses the database until a restore. Set platform:database.multiAz: true.");
  },
});

export const rdsDatabaseRequireDeletionProtection = resourcePolicy({
  name: "aws-rds-database-require-deletion-protection",
  description: "RDS instances and clusters have deletion protection on.",
  pack: "compliance",
  service: "rds",
  severity: "high",
  frameworks: ["soc2", "iso27001", "hipaa"],
  remediationSteps: "Set `platform:database.deletionProtection: true` in the stack file; turn it off deliberately, in its own update, before a planned delete.",
  types: [INSTANCE, CLUSTER],
  validate: ({ props, report }) => {
    if (props.deletionProtection !== true) report("deletionProtection is not true: one API call deletes the database. Set platform:database.deletionProtection: true.");
  },
});

export const rdsDatabaseRequireFinalSnapshot = resourcePolicy({
  name: "aws-rds-database-require-final-snapshot",
  description: "Deleting an RDS instance or cluster takes a final snapshot first.",
  pack: "compliance",
  service: "rds",
  severity: "high",
  frameworks: ["soc2", "iso27001", "hipaa"],
  remediationSteps: "Leave `skipFinalSnapshot` false and set `finalSnapshotIdentifier` (the database component derives one from the resource name).",
  types: [INSTANCE, CLUSTER],
  validate: ({ args, props, report }) => {
    if (isSet(props, "replicateSourceDb")) args.notApplicable("read replicas take no final snapshot");
    if (props.skipFinalSnapshot === true) report("skipFinalSnapshot is true: deleting the database discards its data. Set skipFinalSnapshot: false.");
    else if (!props.finalSnapshotIdentifier) report("finalSnapshotIdentifier is not set, so AWS rejects the delete instead of snapshotting. Set finalSnapshotIdentifier.");
  },
});

export const rdsDatabaseRequirePerformanceInsights = resourcePolicy({
  name: "aws-rds-database-require-performance-insights",
  description: "RDS instances and cluster instances have Performance Insights on, encrypted with KMS.",
  pack: "compliance",
  service: "rds",
  severity: "low",
  frameworks: ["soc2", "iso27001"],
  remediationSteps: "Set `performanceInsightsEnabled: true` with `performanceInsightsKmsKeyId` (the database component does by default).",
  types: [INSTANCE, CLUSTER_INSTANCE],
  validate: ({ props, report }) => {
    if (props.performanceInsightsEnabled !== true) report("performanceInsightsEnabled is not true: there is no query-level load history to investigate incidents with. Enable Performance Insights.");
  },
});

export const rdsDatabaseRequireEnhancedMonitoring = resourcePolicy<{ maximumIntervalSeconds: number }>({
  name: "aws-rds-database-require-enhanced-monitoring",
  description: "RDS instances and cluster instances publish OS metrics through Enhanced Monitoring at the configured interval or finer.",
  pack: "compliance",
  service: "rds",
  severity: "low",
  frameworks: ["soc2", "iso27001"],
  remediationSteps: "Set `monitoringInterval` (1, 5, 10, 15, 30 or 60 seconds) and a `monitoringRoleArn` with AmazonRDSEnhancedMonitoringRole.",
  settings: {
    maximumIntervalSeconds: { type: "integer", enum: [1, 5, 10, 15, 30, 60], description: "Coarsest Enhanced Monitoring interval allowed.", default: 60 },
  },
  types: [INSTANCE, CLUSTER_INSTANCE],
  validate: ({ props, settings, report }) => {
    const interval = props.monitoringInterval ?? 0;
    if (interval === 0 || !isSet(props, "monitoringRoleArn")) report("Enhanced Monitoring is off (monitoringInterval 0 or no monitoringRoleArn). Set monitoringInterval and monitoringRoleArn.");
    else if (interval > settings.maximumIntervalSeconds) report(`monitoringInterval is ${interval}s; at most ${settings.maximumIntervalSeconds}s is required.`);
  },
});
