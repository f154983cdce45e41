import * as aws from "../internal/aws";
import * as pulumi from "@pulumi/pulumi";
import { ArgProblem } from "../internal/validation";

/**
 * Where the writer's data comes from. Without a source the instance starts
 * empty. The provider's create path for each (terraform-provider-aws
 * `internal/service/rds/instance.go`, `resourceInstanceCreate`):
 *
 * - `replica`: `CreateDBInstanceReadReplica` from the source's ARN, in another
 *   region with `KmsKeyId` (an encrypted cross-region replica needs a key of
 *   its own region: API_CreateDBInstanceReadReplica, KmsKeyId). Removing
 *   `replicateSourceDb` later is an in-place update that calls
 *   `PromoteReadReplica` first (with `backup_retention_period` and
 *   `backup_window`), waits for the instance, then modifies the rest
 *   (`resourceInstanceUpdate`); `promoted: true` is that removal.
 * - `snapshot`: `RestoreDBInstanceFromDBSnapshot`, then `ModifyDBInstance`.
 * - `pointInTime`: `RestoreDBInstanceToPointInTime` from `sourceIdentifier`'s
 *   automated backups, at `restoreTime` or the latest restorable time.
 *
 * `snapshot_identifier` and `restore_to_point_in_time` force a new instance
 * when they change, and `db_name`, `username` and `kms_key_id` too, so those
 * are left to the source (they are computed) and the restore arguments are
 * in `ignoreChanges`: the source only matters when the instance is created.
 */
export type DatabaseSource = ReplicaSource | SnapshotSource | PointInTimeSource;

/** A cross-region read replica of another region's writer, promotable by a config change. */
export interface ReplicaSource {
  readonly kind: "replica";
  /** ARN of the source instance (another region's writer). */
  readonly sourceInstanceArn: pulumi.Input<string>;
  /** Removes `replicateSourceDb`: the provider promotes the replica to a standalone writer. */
  readonly promoted: boolean;
  /**
   * The source's master secret, which the app reads while this instance
   * replicates (its own RDS-managed secret exists only once promoted).
   * @default none: no database credentials for the app until promotion
   */
  readonly sourceCredentials?: SourceCredentials;
}

/** The replica source's RDS-managed master secret and the KMS key that encrypts it. */
export interface SourceCredentials {
  readonly secretArn: pulumi.Input<string>;
  readonly kmsKeyArn: pulumi.Input<string>;
}

/** A restore from a DB snapshot. */
export interface SnapshotSource {
  readonly kind: "snapshot";
  /** A DB snapshot identifier (`rds:<id>-<date>` for an automated one) or a shared snapshot's ARN. */
  readonly snapshotIdentifier: string;
}

/** A point-in-time restore of an instance's automated backups. */
export interface PointInTimeSource {
  readonly kind: "pointInTime";
  /** Identifier of the instance whose automated backups are restored, in this region. */
  readonly sourceIdentifier: string;
  /** UTC time as ISO 8601 (`2026-11-23T14:05:00Z`), or `latest` for the latest restorable time. */
  readonly restoreTime: string;
}

export const LATEST = "latest";
const SNAPSHOT = /^(arn:aws[a-z-]*:rds:[a-z0-9-]+:\d{12}:snapshot:)?(rds:)?[a-zA-Z](?!.*--)[a-zA-Z0-9-]{0,254}(?<!-)$/;
const IDENTIFIER = /^[a-z](?!.*--)[a-z0-9-]{0,62}(?<!-)$/;
const UTC_ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
const DAY_MS = 86_400_000;

/**
 * Problems with a restore's source. A point in time must lie in the source's
 * point-in-time window: RDS restores "to any point in time before the time
 * identified by the LatestRestorableTime property ... up to the number of days
 * specified by the BackupRetentionPeriod" (API_RestoreDBInstanceToPointInTime),
 * so it is refused when in the future or older than `backupRetentionDays`.
 */
export function sourceProblems(source: DatabaseSource | undefined, backupRetentionDays: number, now: Date = new Date()): ArgProblem[] {
  const problems: ArgProblem[] = [];
  if (source?.kind === "snapshot") {
    if (!SNAPSHOT.test(source.snapshotIdentifier)) {
      problems.push({ argument: "snapshot", value: source.snapshotIdentifier, allowed: "a DB snapshot identifier such as platform-prod-final or rds:platform-prod-2026-11-23-02-05, or a shared snapshot's ARN" });
    }
  }
  if (source?.kind === "pointInTime") {
    if (!IDENTIFIER.test(source.sourceIdentifier)) {
      problems.push({ argument: "sourceIdentifier", value: source.sourceIdentifier, allowed: "the identifier of a DB instance in this region, such as platform-prod" });
    }
    if (source.restoreTime !== LATEST) problems.push(...pointInTimeProblems(source.restoreTime, backupRetentionDays, now));
  }
  return problems;
}

function pointInTimeProblems(restoreTime: string, backupRetentionDays: number, now: Date): ArgProblem[] {
  const time = Date.parse(restoreTime);
  if (!UTC_ISO.test(restoreTime) || Number.isNaN(time)) {
    return [{ argument: "pointInTime", value: restoreTime, allowed: `a UTC time such as ${iso(now.getTime() - 3_600_000)}, or "latest"` }];
  }
  const earliest = now.getTime() - backupRetentionDays * DAY_MS;
  if (time > now.getTime() || time < earliest) {
    return [
      {
        argument: "pointInTime",
        value: restoreTime,
        allowed: `a time within the last ${backupRetentionDays} days of automated backups (backupRetentionDays), from ${iso(earliest)} to now (${iso(now.getTime())}), or "latest"`,
      },
    ];
  }
  return [];
}

function iso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** How the writer is created, as arguments and options of its `aws.rds.Instance`. */
export interface WriterOrigin {
  /** `replicateSourceDb`, `snapshotIdentifier` or `restoreToPointInTime`. */
  readonly inputs: Partial<aws.rds.InstanceArgs>;
  /** Creation-only arguments whose later change would replace the instance. */
  readonly ignoreChanges: string[];
  /** A replica not yet promoted: no backups, final snapshot or master secret of its own. */
  readonly replicating: boolean;
  /** The instance starts empty and takes its database name, user, storage and key from the arguments. */
  readonly empty: boolean;
  /** A restore keeps the source's KMS key (`kms_key_id` is not passed to a restore and forces a new instance). */
  readonly keepsSourceKey: boolean;
}

export function writerOrigin(source: DatabaseSource | undefined): WriterOrigin {
  switch (source?.kind) {
    case undefined:
      return { inputs: {}, ignoreChanges: [], replicating: false, empty: true, keepsSourceKey: false };
    case "replica":
      return {
        inputs: source.promoted ? {} : { replicateSourceDb: source.sourceInstanceArn },
        ignoreChanges: [],
        replicating: !source.promoted,
        empty: false,
        keepsSourceKey: false,
      };
    case "snapshot":
      return { inputs: { snapshotIdentifier: source.snapshotIdentifier }, ignoreChanges: ["snapshotIdentifier"], replicating: false, empty: false, keepsSourceKey: true };
    case "pointInTime":
      return {
        inputs: {
          restoreToPointInTime: {
            sourceDbInstanceIdentifier: source.sourceIdentifier,
            ...(source.restoreTime === LATEST ? { useLatestRestorableTime: true } : { restoreTime: source.restoreTime }),
          },
        },
        ignoreChanges: ["restoreToPointInTime"],
        replicating: false,
        empty: false,
        keepsSourceKey: true,
      };
  }
}
