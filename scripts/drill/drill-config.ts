/**
 * The configuration of a restore drill's temporary stack: the source stack's
 * own, with the database restored from the source's backups and everything
 * that could touch the source's resources, or outlive the drill, taken out.
 * Pure, so a test can check each rule against the shipped stack files.
 */
import { LATEST } from "../../components/database/source";

/** Where the drill restores to: a point in the source's backups, or a snapshot. */
export type RestorePoint = { readonly kind: "pointInTime"; readonly time: string } | { readonly kind: "snapshot"; readonly identifier: string };

export const LATEST_POINT: RestorePoint = { kind: "pointInTime", time: LATEST };

/** Structured stack config: full keys (`platform:database`) to their values, as `toStructuredConfig` gives them. */
export type StructuredConfig = Readonly<Record<string, unknown>>;

export interface DrillConfigOptions {
  readonly sourceStack: string;
  readonly restore: RestorePoint;
  /** The source's database identifier (its `database.identifier` output), restored by point in time. */
  readonly sourceIdentifier: string;
  /** The source's certificate (its `certificateArn` output), so the drill serves HTTPS without a DNS name of its own. */
  readonly certificateArn?: string;
}

/** Tasks or pods per colour in a drill: enough to prove the app starts on the restored data. */
export const DRILL_SCALING = { minCount: 1, desiredCount: 1, maxCount: 1 } as const;

type Section = Record<string, unknown>;

function section(config: StructuredConfig, key: string): Section {
  const value = config[`platform:${key}`];
  return value && typeof value === "object" && !Array.isArray(value) ? { ...(value as Section) } : {};
}

function without(value: Section, ...keys: string[]): Section {
  return Object.fromEntries(Object.entries(value).filter(([key]) => !keys.includes(key)));
}

/**
 * What changes from the source's configuration, and why:
 *
 * - database: restored (`platform:database.restore`), under the drill stack's
 *   own default identifier (a configured identifier is dropped: it names the
 *   source's instance); no read replicas and no DR backup replication; no
 *   deletion protection, final snapshot or Pulumi protect, so the drill can
 *   be destroyed; changes applied at once.
 * - cache: its own default identifier, unprotected, no final snapshot.
 * - traffic: no domain or hosted zone (the drill never writes the source's
 *   DNS records); the source's certificate when it has one, so the listener
 *   is HTTPS as the source's is; no ALB deletion protection.
 * - compute: {@link DRILL_SCALING}; a built image's repository unprotected.
 * - disasterRecovery: none (a registry's replication configuration is one per
 *   account and region: the drill would replace the source's).
 * - monitoring: no channels or subscriptions, so the drill's alarms page nobody
 *   (no PagerDuty, Slack or email); no synthetic probe, since the drill has no
 *   domain of its own for it to request.
 * - tags: `DrillOf: <source stack>` on top of the source's.
 */
export function drillConfig(source: StructuredConfig, options: DrillConfigOptions): StructuredConfig {
  const restore =
    options.restore.kind === "snapshot" ? { snapshot: options.restore.identifier } : { pointInTime: options.restore.time, sourceIdentifier: options.sourceIdentifier };
  const database = {
    ...without(section(source, "database"), "identifier", "drRegion", "drBackupRetentionDays"),
    readReplicas: 0,
    deletionProtection: false,
    skipFinalSnapshot: true,
    protect: false,
    applyImmediately: true,
    restore,
  };
  const cache = { ...without(section(source, "cache"), "identifier"), protect: false, skipFinalSnapshot: true, applyImmediately: true };
  const traffic = {
    ...without(section(source, "traffic"), "domain", "hostedZoneId", "certificateArn"),
    ...(options.certificateArn ? { certificateArn: options.certificateArn } : {}),
    deletionProtection: false,
  };
  const sourceCompute = section(source, "compute");
  const build = sourceCompute.build as Section | undefined;
  const compute = { ...sourceCompute, scaling: { ...(sourceCompute.scaling as Section | undefined), ...DRILL_SCALING }, ...(build ? { build: { ...build, protect: false } } : {}) };
  const sourceMonitoring = section(source, "monitoring");
  const groups = sourceMonitoring.groups as string[] | undefined;
  const monitoring = {
    ...without(sourceMonitoring, "channels", "synthetics"),
    subscriptions: {},
    ...(groups ? { groups: groups.filter((group) => group !== "synthetics") } : {}),
  };
  const tags = { ...section(source, "tags"), DrillOf: options.sourceStack };
  return {
    ...source,
    "platform:database": database,
    "platform:cache": cache,
    "platform:traffic": traffic,
    "platform:compute": compute,
    "platform:disasterRecovery": {},
    "platform:monitoring": monitoring,
    "platform:tags": tags,
  };
}

/** `prod-drill-20261123-150000`: the drill stack of `source` started at `at`. */
export function drillStackName(source: string, at: Date): string {
  const stamp = at.toISOString().replace(/[-:]/g, "").replace("T", "-").slice(0, 15);
  return `${source}-drill-${stamp}`;
}

/** Whether `stack` is a drill stack of `source`. */
export function isDrillStackOf(stack: string, source: string): boolean {
  return new RegExp(`^${source.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}-drill-\\d{8}-\\d{6}$`).test(stack);
}
