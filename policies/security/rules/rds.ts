import { isSet, resourcePolicy } from "../kit";

export const rdsInstanceRequireStorageEncryption = resourcePolicy({
  name: "aws-rds-instance-require-storage-encryption",
  description: "RDS instances encrypt their storage, snapshots and backups with KMS.",
  pack: "security",
  service: "rds",
  severity: "high",
  frameworks: ["cis", "pci", "hipaa", "soc2", "iso27001"],
  remediationSteps: "Set `storageEncrypted: true` and a customer-managed `kmsKeyId` on the instance. Encryption cannot be switched on in place: restore an encrypted copy of a snapshot.",
  types: ["aws:rds/instance:Instance"],
  validate: ({ props, report }) => {
    // A read replica inherits encryption from its source; AWS rejects the flag on it.
    if (isSet(props, "replicateSourceDb")) return;
    if (props.storageEncrypted !== true) report("storageEncrypted is not true: the database, its snapshots and backups are stored unencrypted. Set storageEncrypted: true with a KMS key.");
  },
});

export const rdsClusterRequireStorageEncryption = resourcePolicy({
  name: "aws-rds-cluster-require-storage-encryption",
  description: "Aurora and Multi-AZ DB clusters encrypt their storage with KMS.",
  pack: "security",
  service: "rds",
  severity: "high",
  frameworks: ["cis", "pci", "hipaa", "soc2", "iso27001"],
  remediationSteps: "Set `storageEncrypted: true` and a customer-managed `kmsKeyId` on the cluster; migrate an existing cluster through an encrypted snapshot restore.",
  types: ["aws:rds/cluster:Cluster"],
  validate: ({ props, report }) => {
    if (props.storageEncrypted !== true) report("storageEncrypted is not true: the cluster volume and its snapshots are unencrypted. Set storageEncrypted: true with a KMS key.");
  },
});

export const rdsInstanceDisallowPublicAccess = resourcePolicy({
  name: "aws-rds-instance-disallow-public-access",
  description: "RDS instances and Aurora cluster instances are not publicly accessible.",
  pack: "security",
  service: "rds",
  severity: "critical",
  frameworks: ["cis", "pci", "hipaa", "soc2", "iso27001"],
  remediationSteps: "Set `publiclyAccessible: false` and place the instance in the VPC's database subnets; reach it from the application tier's security group only.",
  types: ["aws:rds/instance:Instance", "aws:rds/clusterInstance:ClusterInstance"],
  validate: ({ props, report }) => {
    if (props.publiclyAccessible === true) report("publiclyAccessible is true: the database gets a public DNS name and address. Set publiclyAccessible: false.");
  },
});
