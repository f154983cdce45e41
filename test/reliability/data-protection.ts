import { CapturedResource, RunResult } from "../harness";

/** One stateful resource and every guard against losing it. */
export interface ProtectionRow {
  readonly resource: string;
  /** Pulumi `protect`: `pulumi destroy` and replacements refuse to delete it. */
  readonly protect: boolean;
  /** Pulumi `retainOnDelete`: removing it from the program leaves it in AWS. */
  readonly retainOnDelete: boolean;
  /** AWS-side deletion protection (RDS, ALB, EKS). */
  readonly deletionProtection?: boolean;
  /** Name of the final snapshot taken on deletion, or "none". */
  readonly finalSnapshot?: string;
  /** Automated backup or snapshot retention in days. */
  readonly backupRetentionDays?: number;
  /** Properties AWS changes by itself that the program leaves alone. */
  readonly ignoreChanges: string[];
}

/** The resources whose loss loses data or availability, by type. */
const GUARDED = {
  "aws:rds/instance:Instance": (r: CapturedResource) => ({
    deletionProtection: r.inputs.deletionProtection === true,
    finalSnapshot: r.inputs.skipFinalSnapshot === true ? "none" : String(r.inputs.finalSnapshotIdentifier),
    backupRetentionDays: r.inputs.backupRetentionPeriod ?? 0,
  }),
  "aws:rds/instanceAutomatedBackupsReplication:InstanceAutomatedBackupsReplication": (r: CapturedResource) => ({
    backupRetentionDays: r.inputs.retentionPeriod,
  }),
  "aws:elasticache/replicationGroup:ReplicationGroup": (r: CapturedResource) => ({
    finalSnapshot: r.inputs.finalSnapshotIdentifier ?? "none",
    backupRetentionDays: r.inputs.snapshotRetentionLimit ?? 0,
  }),
  "aws:kms/key:Key": () => ({}),
  "aws:secretsmanager/secret:Secret": () => ({}),
  "aws:s3/bucket:Bucket": () => ({}),
  "aws:ecr/repository:Repository": () => ({}),
  "aws:lb/loadBalancer:LoadBalancer": (r: CapturedResource) => ({ deletionProtection: r.inputs.enableDeletionProtection === true }),
  "aws:eks/cluster:Cluster": (r: CapturedResource) => ({ deletionProtection: r.inputs.deletionProtection === true }),
  "aws:ecs/service:Service": () => ({}),
  "aws:eks/nodeGroup:NodeGroup": () => ({}),
} as const;

/** The data protection matrix of a run: one row per guarded resource, in a stable order. */
export function protectionMatrix(run: RunResult): ProtectionRow[] {
  return run.resources
    .filter((r) => r.type in GUARDED)
    .map((r) => ({
      resource: `${r.type.split(":")[1]} ${r.name}`,
      protect: r.options.protect,
      retainOnDelete: r.options.retainOnDelete,
      ...GUARDED[r.type as keyof typeof GUARDED](r),
      ignoreChanges: [...r.options.ignoreChanges].sort(),
    }))
    .sort((a, b) => a.resource.localeCompare(b.resource));
}

/** The matrix as a Markdown table. */
export function renderMatrix(rows: readonly ProtectionRow[]): string {
  const yes = (b: boolean | undefined) => (b === undefined ? "" : b ? "yes" : "no");
  return [
    "| resource | protect | retainOnDelete | deletion protection | final snapshot | backup days | ignoreChanges |",
    "| --- | --- | --- | --- | --- | --- | --- |",
    ...rows.map(
      (r) =>
        `| \`${r.resource}\` | ${yes(r.protect)} | ${yes(r.retainOnDelete)} | ${yes(r.deletionProtection)} | ${r.finalSnapshot ?? ""} | ${r.backupRetentionDays ?? ""} | ${r.ignoreChanges.join(", ")} |`,
    ),
  ].join("\n");
}
