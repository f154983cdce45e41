import { resourcePolicy } from "../kit";

const REPLICATION_GROUP = "aws:elasticache/replicationGroup:ReplicationGroup";

export const elasticacheReplicationGroupRequireEncryptionAtRest = resourcePolicy({
  name: "aws-elasticache-replication-group-require-encryption-at-rest",
  description: "ElastiCache replication groups encrypt data at rest (disk, swap and backups) with KMS.",
  pack: "security",
  service: "elasticache",
  severity: "high",
  frameworks: ["pci", "hipaa", "soc2", "iso27001"],
  remediationSteps: "Set `atRestEncryptionEnabled: true` and a customer-managed `kmsKeyId`; changing it replaces the replication group, so migrate through a snapshot.",
  types: [REPLICATION_GROUP],
  validate: ({ props, report }) => {
    if (props.atRestEncryptionEnabled !== true && props.atRestEncryptionEnabled !== "true") {
      report("atRestEncryptionEnabled is not true: cached data and backups are written unencrypted. Set atRestEncryptionEnabled: true with a KMS key.");
    }
  },
});

export const elasticacheReplicationGroupRequireTransitEncryption = resourcePolicy({
  name: "aws-elasticache-replication-group-require-transit-encryption",
  description: "ElastiCache replication groups require TLS from clients (transit encryption on, mode `required`).",
  pack: "security",
  service: "elasticache",
  severity: "high",
  frameworks: ["pci", "hipaa", "soc2", "iso27001"],
  remediationSteps: "Set `transitEncryptionEnabled: true` and leave `transitEncryptionMode` unset or `required`; clients connect with TLS (`rediss://`).",
  types: [REPLICATION_GROUP],
  validate: ({ props, report }) => {
    if (props.transitEncryptionEnabled !== true) {
      report("transitEncryptionEnabled is not true: clients talk to the cache in plain text. Set transitEncryptionEnabled: true.");
    } else if (props.transitEncryptionMode === "preferred") {
      report("transitEncryptionMode is preferred: the cache still accepts plain-text connections. Use required (the default) once clients use TLS.");
    }
  },
});
