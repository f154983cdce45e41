import { ArgProblem } from "../internal/validation";
import { DAILY_WINDOW_FORMAT, parseDailyWindow, parseWeeklyWindow, WEEKLY_WINDOW_FORMAT, windowsOverlap } from "../internal/windows";
import { LOG_RETENTION_DAYS } from "../internal/log-group";
import { isIntegerBetween } from "../internal/validation";


export const CACHE_ENGINES = ["redis", "valkey"] as const;
export type CacheEngine = (typeof CACHE_ENGINES)[number];

/** Engine versions ElastiCache offers per engine, with the parameter group family of each. */
export const CACHE_ENGINE_VERSIONS: Readonly<Record<CacheEngine, Readonly<Record<string, string>>>> = {
  redis: { "6.2": "redis6.x", "7.0": "redis7", "7.1": "redis7" },
  valkey: { "7.2": "valkey7", "8.0": "valkey8", "8.1": "valkey8" },
};

/** The defaults: production-grade. The dev stack turns cost down explicitly. */
export const CACHE_DEFAULTS = {
  engine: "redis" as CacheEngine,
  engineVersions: { redis: "7.1", valkey: "8.0" } as Readonly<Record<CacheEngine, string>>,
  nodeType: "cache.r7g.large",
  nodeCount: 2,
  automaticFailover: true,
  multiAz: true,
  snapshotRetentionDays: 7,
  snapshotWindow: "02:00-03:00",
  maintenanceWindow: "sun:05:00-sun:06:00",
  logRetentionDays: 365,
  applyImmediately: false,
  protect: true,
  skipFinalSnapshot: false,
} as const;

/** A replication group without cluster mode holds a primary and up to five replicas. */
export const MAX_CACHE_NODES = 6;
/** ElastiCache requires snapshot and maintenance windows of at least an hour. */
const MIN_WINDOW_MINUTES = 60;
const IDENTIFIER = /^[a-z](?!.*--)[a-z0-9-]{0,39}(?<!-)$/;
const NODE_TYPE = /^cache\.(t3|t4g|m5|m6g|m7g|r5|r6g|r7g)\.(micro|small|medium|large|\d*xlarge)$/;

/** The plain settings of a cache, checked alike by the component and by the `platform:cache` schema. */
export interface CacheSettings {
  readonly identifier?: string;
  readonly engine?: string;
  readonly engineVersion?: string;
  readonly nodeType?: string;
  readonly nodeCount?: number;
  readonly automaticFailover?: boolean;
  readonly multiAz?: boolean;
  readonly snapshotRetentionDays?: number;
  readonly snapshotWindow?: string;
  readonly maintenanceWindow?: string;
  readonly logRetentionDays?: number;
}

/** The parameter group family of an engine and version, or undefined for a combination ElastiCache does not offer. */
export function cacheParameterFamily(engine: string, version: string): string | undefined {
  return (CACHE_ENGINE_VERSIONS as Record<string, Record<string, string> | undefined>)[engine]?.[version];
}

/** Every problem with `s`, each naming the argument; combinations ElastiCache rejects at apply time included. */
export function cacheArgProblems(s: CacheSettings): ArgProblem[] {
  const d = CACHE_DEFAULTS;
  const problems: ArgProblem[] = [];
  const check = (ok: boolean, argument: string, value: unknown, allowed: string) => {
    if (!ok) problems.push({ argument, value, allowed });
  };
  if (s.identifier !== undefined) {
    check(IDENTIFIER.test(s.identifier), "identifier", s.identifier, "1-40 lowercase letters, digits or hyphens, starting with a letter, without a trailing or double hyphen");
  }
  const engine = s.engine ?? d.engine;
  const engineOk = (CACHE_ENGINES as readonly string[]).includes(engine);
  check(engineOk, "engine", engine, CACHE_ENGINES.map((e) => JSON.stringify(e)).join(" | "));
  if (engineOk) {
    const version = s.engineVersion ?? d.engineVersions[engine as CacheEngine];
    const versions = Object.keys(CACHE_ENGINE_VERSIONS[engine as CacheEngine]);
    check(cacheParameterFamily(engine, version) !== undefined, "engineVersion", version, `a ${engine} version: ${versions.join(", ")}`);
  }
  const nodeType = s.nodeType ?? d.nodeType;
  check(NODE_TYPE.test(nodeType), "nodeType", nodeType, "a current-generation node type such as cache.t4g.micro, cache.m7g.large or cache.r7g.xlarge");
  const nodes = s.nodeCount ?? d.nodeCount;
  check(isIntegerBetween(nodes, 1, MAX_CACHE_NODES), "nodeCount", nodes, `an integer from 1 to ${MAX_CACHE_NODES}`);
  const failover = s.automaticFailover ?? d.automaticFailover;
  const multiAz = s.multiAz ?? d.multiAz;
  check(!(failover && nodes < 2), "automaticFailover", failover, `false when nodeCount is ${nodes}`);
  check(!(multiAz && !failover), "multiAz", multiAz, "false when automaticFailover is false");
  const retention = s.snapshotRetentionDays ?? d.snapshotRetentionDays;
  check(isIntegerBetween(retention, 0, 35), "snapshotRetentionDays", retention, "an integer from 0 to 35");
  const snapshotWindow = s.snapshotWindow ?? d.snapshotWindow;
  const maintenanceWindow = s.maintenanceWindow ?? d.maintenanceWindow;
  const snapshot = parseDailyWindow(snapshotWindow);
  const maintenance = parseWeeklyWindow(maintenanceWindow);
  check((snapshot?.length ?? 0) >= MIN_WINDOW_MINUTES, "snapshotWindow", snapshotWindow, `${DAILY_WINDOW_FORMAT}, at least ${MIN_WINDOW_MINUTES} minutes`);
  check((maintenance?.length ?? 0) >= MIN_WINDOW_MINUTES, "maintenanceWindow", maintenanceWindow, `${WEEKLY_WINDOW_FORMAT}, at least ${MIN_WINDOW_MINUTES} minutes`);
  if (snapshot && maintenance) {
    check(!windowsOverlap(snapshotWindow, maintenanceWindow), "snapshotWindow", snapshotWindow, `a window that does not overlap maintenanceWindow ${maintenanceWindow}`);
  }
  const logRetention = s.logRetentionDays ?? d.logRetentionDays;
  check((LOG_RETENTION_DAYS as readonly number[]).includes(logRetention), "logRetentionDays", logRetention, `one of ${LOG_RETENTION_DAYS.join(", ")}`);
  return problems;
}
