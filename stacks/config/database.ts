import { z } from "zod";
import { DATABASE_DEFAULTS as D, databaseArgProblems, DatabaseSource, LATEST, MAX_READ_REPLICAS, MONITORING_INTERVALS, POSTGRES_MAJOR_VERSIONS, sourceProblems } from "../../components/database";
import { LOG_RETENTION_DAYS } from "../../components/internal/log-group";
import { boolean, integer, oneOf, oneOfNumbers, reportArgProblems, text } from "./schema";

/**
 * `platform:database`: RDS for PostgreSQL. The defaults are the production
 * ones (Multi-AZ, a read replica, an RDS Proxy, 30 days of backups, deletion
 * protection, a final snapshot, Pulumi `protect`); the dev stack turns cost
 * down explicitly.
 */
export const databaseSchema = z
  .strictObject({
    identifier: text("an RDS identifier such as platform-prod")
      .optional()
      .describe("DB instance identifier; replicas are <identifier>-replica-<n>, the final snapshot <identifier>-final. Default: <project>-<stack>."),
    engineVersion: oneOf(POSTGRES_MAJOR_VERSIONS)
      .default(D.engineVersion)
      .describe("PostgreSQL major version (quoted, such as \"17\"); RDS applies minor versions in the maintenance window."),
    instanceClass: text("an RDS instance class such as db.r7g.large").default(D.instanceClass).describe("Instance class of the writer and its replicas."),
    allocatedStorageGiB: integer(20, 65536).default(D.allocatedStorageGiB).describe("Initial gp3 storage in GiB."),
    maxAllocatedStorageGiB: integer(20, 65536)
      .default(D.maxAllocatedStorageGiB)
      .describe("Storage autoscaling ceiling in GiB, at least 10% above allocatedStorageGiB."),
    multiAz: boolean().default(D.multiAz).describe("Keep a synchronous standby in a second AZ."),
    readReplicas: integer(0, MAX_READ_REPLICAS).default(D.readReplicas).describe("Read replicas, each in a zone other than the writer's."),
    proxy: boolean().default(D.proxy).describe("Put an RDS Proxy (TLS required) in front of the writer; the app connects to it."),
    databaseName: text("a database name").default(D.databaseName).describe("Database created in the instance."),
    masterUsername: text("a user name").default(D.masterUsername).describe("Master user; RDS generates and rotates its password in Secrets Manager."),
    backupRetentionDays: integer(1, 35).default(D.backupRetentionDays).describe("Days of automated backups: the point-in-time recovery window."),
    backupWindow: text("hh:mm-hh:mm in UTC").default(D.backupWindow).describe("Daily backup window (UTC), at least 30 minutes, clear of maintenanceWindow."),
    maintenanceWindow: text("ddd:hh:mm-ddd:hh:mm in UTC")
      .default(D.maintenanceWindow)
      .describe("Weekly maintenance window (UTC), at least 30 minutes."),
    deletionProtection: boolean().default(D.deletionProtection).describe("RDS deletion protection on the writer and replicas."),
    skipFinalSnapshot: boolean().default(D.skipFinalSnapshot).describe("Delete without the final snapshot <identifier>-final."),
    protect: boolean().default(D.protect).describe("Pulumi protect on the instances, their KMS keys and the DR replication."),
    applyImmediately: boolean().default(D.applyImmediately).describe("Apply modifications at once instead of in the maintenance window."),
    performanceInsightsRetentionDays: integer(7, 731)
      .default(D.performanceInsightsRetentionDays)
      .describe("Performance Insights retention: 7, a multiple of 31 up to 713, or 731 days."),
    monitoringIntervalSeconds: oneOfNumbers(MONITORING_INTERVALS).default(D.monitoringIntervalSeconds).describe("Enhanced monitoring interval in seconds."),
    slowStatementThresholdMs: integer(0, 3_600_000)
      .default(D.slowStatementThresholdMs)
      .describe("Statements slower than this many milliseconds are logged (log_min_duration_statement)."),
    logRetentionDays: oneOfNumbers(LOG_RETENTION_DAYS).default(D.logRetentionDays).describe("Days to keep the exported postgresql and upgrade logs."),
    caCertificateIdentifier: text("an RDS CA identifier such as rds-ca-rsa2048-g1")
      .default(D.caCertificateIdentifier)
      .describe("Certificate authority of the server certificate."),
    drRegion: text("an AWS region such as eu-central-1")
      .optional()
      .describe("Replicate automated backups to this region (disaster recovery), with a KMS key there. Default: off."),
    drBackupRetentionDays: integer(1, 35).optional().describe("Days the DR region keeps replicated backups. Default: backupRetentionDays."),
    restore: z
      .strictObject({
        snapshot: text("a DB snapshot identifier or ARN").optional().describe("Create the database from this DB snapshot (an identifier such as platform-prod-final, or a shared snapshot's ARN)."),
        pointInTime: text(`a UTC time such as 2026-11-23T14:05:00Z, or "${LATEST}"`)
          .optional()
          .describe(`Create the database by point-in-time restore of sourceIdentifier: a UTC time within backupRetentionDays, or "${LATEST}".`),
        sourceIdentifier: text("a DB instance identifier such as platform-prod")
          .optional()
          .describe("With pointInTime: the instance whose automated backups are restored (such as prod's platform-prod)."),
      })
      .superRefine((restore, ctx) => {
        // One message a mistake: a misspelt key is named alone, and with both sources the rest is not judged.
        if (ctx.issues.length > 0) return;
        if ((restore.snapshot === undefined) === (restore.pointInTime === undefined)) return ctx.addIssue({ code: "custom", path: [], input: restore, message: "exactly one of snapshot or pointInTime" });
        if (restore.pointInTime !== undefined && restore.sourceIdentifier === undefined) {
          ctx.addIssue({ code: "custom", path: ["sourceIdentifier"], input: undefined, message: "the identifier of the instance to restore, with pointInTime" });
        }
        if (restore.snapshot !== undefined && restore.sourceIdentifier !== undefined) {
          ctx.addIssue({ code: "custom", path: ["sourceIdentifier"], input: restore.sourceIdentifier, message: "no value with snapshot (the snapshot names its source)" });
        }
      })
      .optional()
      .describe("Create the database from a snapshot or by point-in-time restore (`npm run drill` sets it on a temporary stack). Read when the database is created; later changes are ignored."),
  })
  .prefault({})
  .superRefine((database, ctx) => {
    // The issues this refinement can see are the restore's own: zod runs it only while every issue so far
    // may continue (`aborted` in zod/v4/core/util.js), and only superRefine's issues do (`_superRefine` in
    // zod/v4/core/api.js, zod 4.6.7, pinned). A restore already refused is not judged again.
    const restoreRefused = ctx.issues.length > 0;
    reportArgProblems(databaseArgProblems(database), ctx);
    if (restoreRefused) return;
    const problems = sourceProblems(restoreSource(database.restore), database.backupRetentionDays);
    reportArgProblems(problems.map((p) => ({ ...p, argument: `restore.${p.argument}` })), ctx);
  })
  .describe("RDS PostgreSQL: instance class, storage, Multi-AZ, replicas, backups, proxy, DR region.");

export type DatabaseConfig = z.infer<typeof databaseSchema>;

/** `platform:database.restore` as the component's source, or undefined without one. */
export function restoreSource(restore: DatabaseConfig["restore"]): DatabaseSource | undefined {
  if (restore?.snapshot !== undefined) return { kind: "snapshot", snapshotIdentifier: restore.snapshot };
  if (restore?.pointInTime !== undefined && restore.sourceIdentifier !== undefined) {
    return { kind: "pointInTime", sourceIdentifier: restore.sourceIdentifier, restoreTime: restore.pointInTime };
  }
  return undefined;
}
