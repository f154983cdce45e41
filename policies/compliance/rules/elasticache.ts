import { resourcePolicy } from "../kit";

const REPLICATION_GROUP = "aws:elasticache/replicationGroup:ReplicationGroup";

export const elasticacheReplicationGroupRequireSnapshotRetention = resourcePolicy<{ minimumDays: number }>({
  name: "aws-elasticache-replication-group-require-snapshot-retention",
  description: "ElastiCache replication groups keep daily snapshots for at least the configured number of days.",
  pack: "compliance",
  service: "elasticache",
  severity: "medium",
  frameworks: ["soc2", "iso27001"],
  remediationSteps: "Raise `platform:cache.snapshotRetentionDays` in the stack file (passed as `snapshotRetentionLimit`, at most 35).",
  settings: {
    minimumDays: { type: "integer", minimum: 0, maximum: 35, description: "Fewest days of snapshots allowed; 0 allows none.", default: 7 },
  },
  types: [REPLICATION_GROUP],
  validate: ({ props, settings, report }) => {
    const days = props.snapshotRetentionLimit ?? 0;
    if (days < settings.minimumDays) report(`snapshotRetentionLimit is ${days} day(s); at least ${settings.minimumDays} are required. Raise platform:cache.snapshotRetentionDays.`);
  },
});

export const elasticacheReplicationGroupRequireMultiAz = resourcePolicy({
  name: "aws-elasticache-replication-group-require-multi-az",
  description: "ElastiCache replication groups fail over automatically to a replica in another zone.",
  pack: "compliance",
  service: "elasticache",
  severity: "medium",
  frameworks: ["soc2", "iso27001"],
  remediationSteps: "Run at least one replica and set `automaticFailoverEnabled: true` and `multiAzEnabled: true` (`platform:cache` failover settings).",
  types: [REPLICATION_GROUP],
  validate: ({ props, report }) => {
    if (props.automaticFailoverEnabled !== true || props.multiAzEnabled !== true) {
      report("automaticFailoverEnabled and multiAzEnabled are not both true: losing the primary's zone loses the cache. Enable Multi-AZ failover.");
    }
  },
});

export const elasticacheReplicationGroupRequireFinalSnapshot = resourcePolicy({
  name: "aws-elasticache-replication-group-require-final-snapshot",
  description: "Deleting an ElastiCache replication group takes a final snapshot first.",
  pack: "compliance",
  service: "elasticache",
  severity: "low",
  frameworks: ["soc2", "iso27001"],
  remediationSteps: "Set `finalSnapshotIdentifier` on the replication group (the cache component derives one from its name).",
  types: [REPLICATION_GROUP],
  validate: ({ props, report }) => {
    if (!props.finalSnapshotIdentifier) report("finalSnapshotIdentifier is not set: deleting the cache discards its data. Set finalSnapshotIdentifier.");
  },
});
