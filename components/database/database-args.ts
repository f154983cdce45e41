import { AWS_REGION_PATTERN } from "../internal/aws-patterns";
import { LOG_RETENTION_DAYS } from "../internal/log-group";
import { ArgProblem, isIntegerBetween } from "../internal/validation";
import { DAILY_WINDOW_FORMAT, parseDailyWindow, parseWeeklyWindow, WEEKLY_WINDOW_FORMAT, windowsOverlap } from "../internal/windows";
import { DB_INSTANCE_FAMILIES, instanceClassMemoryGiB } from "./instance-classes";

/** PostgreSQL major versions RDS offers in standard support. */
export const POSTGRES_MAJOR_VERSIONS = ["14", "15", "16", "17", "18"] as const;
export const MONITORING_INTERVALS = [1, 5, 10, 15, 30, 60] as const;

/** The defaults: production-grade. The dev stack turns cost down explicitly. */
export const DATABASE_DEFAULTS = {
  engineVersion: "17",
  instanceClass: "db.r7g.large",
  allocatedStorageGiB: 100,
  maxAllocatedStorageGiB: 1000,
  multiAz: true,
  readReplicas: 1,
  proxy: true,
  databaseName: "app",
  masterUsername: "app_admin",
  backupRetentionDays: 30,
  backupWindow: "02:00-03:00",
  maintenanceWindow: "sun:04:00-sun:05:00",
  deletionProtection: true,
  skipFinalSnapshot: false,
  protect: true,
  applyImmediately: false,
  performanceInsightsRetentionDays: 31,
  monitoringIntervalSeconds: 60,
  slowStatementThresholdMs: 500,
  logRetentionDays: 365,
  caCertificateIdentifier: "rds-ca-rsa2048-g1",
} as const;

export const MAX_READ_REPLICAS = 5;
const MIN_STORAGE_GIB = 20;
const MAX_STORAGE_GIB = 65536;
/** RDS refuses a storage autoscaling ceiling less than 10% above the allocated storage. */
const AUTOSCALING_HEADROOM_PERCENT = 110;
const MIN_WINDOW_MINUTES = 30;
const IDENTIFIER = /^[a-z](?!.*--)[a-z0-9-]{0,51}(?<!-)$/;
const SQL_NAME = /^[a-zA-Z][a-zA-Z0-9_]{0,62}$/;
const RESERVED_NAMES = ["postgres", "template0", "template1", "rdsadmin", "rds_superuser", "rdsrepladmin"];


/** The plain settings of a database, checked alike by the component and by the `platform:database` schema. */
export interface DatabaseSettings {
  readonly identifier?: string;
  readonly engineVersion?: string;
  readonly instanceClass?: string;
  readonly allocatedStorageGiB?: number;
  readonly maxAllocatedStorageGiB?: number;
  readonly readReplicas?: number;
  readonly databaseName?: string;
  readonly masterUsername?: string;
  readonly backupRetentionDays?: number;
  readonly backupWindow?: string;
  readonly maintenanceWindow?: string;
  readonly performanceInsightsRetentionDays?: number;
  readonly monitoringIntervalSeconds?: number;
  readonly slowStatementThresholdMs?: number;
  readonly logRetentionDays?: number;
  readonly drRegion?: string;
  readonly drBackupRetentionDays?: number;
}

/** Performance Insights keeps 7 days, a whole number of months (31-day multiples) up to 23, or 731 days. */
export function isPerformanceInsightsRetention(days: number): boolean {
  return days === 7 || days === 731 || (Number.isInteger(days) && days % 31 === 0 && days >= 31 && days <= 713);
}

/** Every problem with `s`, each naming the argument; combinations AWS rejects at apply time included. */
export function databaseArgProblems(s: DatabaseSettings): ArgProblem[] {
  const d = DATABASE_DEFAULTS;
  const problems: ArgProblem[] = [];
  const check = (ok: boolean, argument: string, value: unknown, allowed: string) => {
    if (!ok) problems.push({ argument, value, allowed });
  };
  if (s.identifier !== undefined) {
    check(IDENTIFIER.test(s.identifier), "identifier", s.identifier, "1-52 lowercase letters, digits or hyphens, starting with a letter, without a trailing or double hyphen");
  }
  const version = s.engineVersion ?? d.engineVersion;
  check((POSTGRES_MAJOR_VERSIONS as readonly string[]).includes(version), "engineVersion", version, `a PostgreSQL major version: ${POSTGRES_MAJOR_VERSIONS.join(", ")}`);
  const instanceClass = s.instanceClass ?? d.instanceClass;
  check(instanceClassMemoryGiB(instanceClass) !== undefined, "instanceClass", instanceClass, `db.<family>.<size> with family ${DB_INSTANCE_FAMILIES.join(", ")} and a size the family offers, such as db.t4g.micro or db.r7g.large`);
  const allocated = s.allocatedStorageGiB ?? d.allocatedStorageGiB;
  const allocatedOk = isIntegerBetween(allocated, MIN_STORAGE_GIB, MAX_STORAGE_GIB);
  check(allocatedOk, "allocatedStorageGiB", allocated, `an integer from ${MIN_STORAGE_GIB} to ${MAX_STORAGE_GIB}`);
  const ceiling = s.maxAllocatedStorageGiB ?? d.maxAllocatedStorageGiB;
  if (allocatedOk) {
    const least = Math.ceil((allocated * AUTOSCALING_HEADROOM_PERCENT) / 100);
    check(
      isIntegerBetween(ceiling, least, MAX_STORAGE_GIB),
      "maxAllocatedStorageGiB",
      ceiling,
      `an integer from ${least} (10% above allocatedStorageGiB ${allocated}) to ${MAX_STORAGE_GIB}`,
    );
  }
  const replicas = s.readReplicas ?? d.readReplicas;
  check(isIntegerBetween(replicas, 0, MAX_READ_REPLICAS), "readReplicas", replicas, `an integer from 0 to ${MAX_READ_REPLICAS}`);
  for (const [argument, value] of [
    ["databaseName", s.databaseName ?? d.databaseName],
    ["masterUsername", s.masterUsername ?? d.masterUsername],
  ] as const) {
    check(
      SQL_NAME.test(value) && !RESERVED_NAMES.includes(value.toLowerCase()),
      argument,
      value,
      `1-63 letters, digits or underscores starting with a letter, not one of ${RESERVED_NAMES.join(", ")}`,
    );
  }
  const retention = s.backupRetentionDays ?? d.backupRetentionDays;
  check(isIntegerBetween(retention, 1, 35), "backupRetentionDays", retention, "an integer from 1 to 35 (0 would turn off point-in-time recovery and replicas)");
  const backupWindow = s.backupWindow ?? d.backupWindow;
  const maintenanceWindow = s.maintenanceWindow ?? d.maintenanceWindow;
  const backup = parseDailyWindow(backupWindow);
  const maintenance = parseWeeklyWindow(maintenanceWindow);
  check((backup?.length ?? 0) >= MIN_WINDOW_MINUTES, "backupWindow", backupWindow, `${DAILY_WINDOW_FORMAT}, at least ${MIN_WINDOW_MINUTES} minutes`);
  check((maintenance?.length ?? 0) >= MIN_WINDOW_MINUTES, "maintenanceWindow", maintenanceWindow, `${WEEKLY_WINDOW_FORMAT}, at least ${MIN_WINDOW_MINUTES} minutes`);
  if (backup && maintenance) {
    check(!windowsOverlap(backupWindow, maintenanceWindow), "backupWindow", backupWindow, `a window that does not overlap maintenanceWindow ${maintenanceWindow}`);
  }
  const insights = s.performanceInsightsRetentionDays ?? d.performanceInsightsRetentionDays;
  check(isPerformanceInsightsRetention(insights), "performanceInsightsRetentionDays", insights, "7, a multiple of 31 up to 713, or 731");
  const interval = s.monitoringIntervalSeconds ?? d.monitoringIntervalSeconds;
  check((MONITORING_INTERVALS as readonly number[]).includes(interval), "monitoringIntervalSeconds", interval, `one of ${MONITORING_INTERVALS.join(", ")}`);
  const slow = s.slowStatementThresholdMs ?? d.slowStatementThresholdMs;
  check(isIntegerBetween(slow, 0, 3_600_000), "slowStatementThresholdMs", slow, "an integer number of milliseconds from 0 to 3600000");
  const logRetention = s.logRetentionDays ?? d.logRetentionDays;
  check((LOG_RETENTION_DAYS as readonly number[]).includes(logRetention), "logRetentionDays", logRetention, `one of ${LOG_RETENTION_DAYS.join(", ")}`);
  if (s.drRegion !== undefined) check(AWS_REGION_PATTERN.test(s.drRegion), "drRegion", s.drRegion, "an AWS region such as eu-central-1");
  if (s.drBackupRetentionDays !== undefined) {
    check(isIntegerBetween(s.drBackupRetentionDays, 1, 35), "drBackupRetentionDays", s.drBackupRetentionDays, "an integer from 1 to 35");
    check(s.drRegion !== undefined, "drBackupRetentionDays", s.drBackupRetentionDays, "no value unless drRegion is set");
  }
  return problems;
}
