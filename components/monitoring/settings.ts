/**
 * Thresholds and switches of the alarm catalogue. Plain numbers: they shape
 * the alarms (names, periods, expressions), so they are known at construction.
 * Every default is a named constant that the `platform:monitoring` config
 * schema reuses, so code and stack files agree on one value.
 */

import type { Severity } from "../internal/alert-routing";

export { SEVERITIES } from "../internal/alert-routing";
export type { Severity };

export const ALARM_GROUPS = ["service", "loadBalancer", "database", "cache", "waf", "certificate", "slo", "synthetics"] as const;
export type AlarmGroup = (typeof ALARM_GROUPS)[number];

export interface ServiceThresholds {
  /** Average CPU of one colour above this for 10 minutes raises a warning. @default 80 */
  readonly cpuWarningPercent?: number;
  /** Average CPU of one colour above this for 5 minutes pages. @default 95 */
  readonly cpuCriticalPercent?: number;
  /** Average memory of one colour above this for 5 minutes raises a warning. @default 85 */
  readonly memoryPercent?: number;
}

export interface LoadBalancerThresholds {
  /** Target 5xx responses as a percentage of requests, over 5 minutes, that pages. @default 5 */
  readonly target5xxPercent?: number;
  /** p95 target response time, in milliseconds, that raises a warning after 5 minutes. @default 500 */
  readonly p95LatencyMs?: number;
  /**
   * p95 target response time, in milliseconds, that pages after 5 minutes, and
   * that each colour's canary gate rolls a release back on; above `p95LatencyMs`.
   * @default 1000
   */
  readonly p95LatencyCriticalMs?: number;
  /**
   * Minutes with fewer requests than this count as 0% for the 5xx ratio, so one failed
   * request out of three at night does not page. @default 10
   */
  readonly minimumRequestsPerMinute?: number;
  /** Rejected connections per minute above this (3 of 5 minutes) raise a warning. @default 0 */
  readonly rejectedConnectionsPerMinute?: number;
}

export interface DatabaseThresholds {
  /** @default 80 */
  readonly cpuPercent?: number;
  /** Free storage below this share of the allocated storage pages (DiskSpaceLow). @default 10 */
  readonly freeStoragePercent?: number;
  /** Connections above this share of the engine's `max_connections`. @default 80 */
  readonly connectionsPercent?: number;
  /** Average read latency in milliseconds. @default 20 */
  readonly readLatencyMs?: number;
  /** Average write latency in milliseconds. @default 20 */
  readonly writeLatencyMs?: number;
  /** Replica lag in seconds, on any read replica. @default 60 */
  readonly replicaLagSeconds?: number;
  /** Freeable memory below this many MiB. @default 256 */
  readonly freeableMemoryMiB?: number;
}

export interface CacheThresholds {
  /** EngineCPUUtilization (the Redis/Valkey thread) on any node. @default 80 */
  readonly engineCpuPercent?: number;
  /** DatabaseMemoryUsagePercentage on any node. @default 85 */
  readonly memoryPercent?: number;
  /** Evictions per 5 minutes on any node. @default 100 */
  readonly evictionsPer5Minutes?: number;
  /** Cache hit rate below this percentage over 15 minutes. @default 90 */
  readonly hitRatePercent?: number;
  /** Replication lag in seconds on any replica. @default 30 */
  readonly replicationLagSeconds?: number;
}

export interface WafThresholds {
  /** Blocked requests per 5 minutes that count as a spike. @default 1000 */
  readonly blockedRequestsPer5Minutes?: number;
}

export interface CertificateThresholds {
  /** Days before expiry at which SSLCertificateExpiringSoon raises a warning. @default 30 */
  readonly daysToExpiry?: number;
}

/** One multi-window burn-rate alert: fires when both windows burn the error budget at `burnRate` times the sustainable rate. */
export interface BurnRateWindow {
  /** Stable key used in alarm names, such as `fast`. */
  readonly name: string;
  readonly burnRate: number;
  readonly longWindowMinutes: number;
  readonly shortWindowMinutes: number;
  readonly severity: Severity;
}

export interface SyntheticsThresholds {
  /** Failed probe runs in a row that page. @default 2 */
  readonly failedRuns?: number;
  /** Time to first byte, in milliseconds, of the slowest probed path, 3 runs in a row, that raises a warning. @default 1000 */
  readonly timeToFirstByteMs?: number;
}

export interface SloSettings {
  /** Availability target: share of requests answered without a 5xx. @default 99.9 */
  readonly targetPercent?: number;
  /** @default 14.4x over 1 h and 5 min (critical), 6x over 6 h and 30 min (critical) */
  readonly windows?: readonly BurnRateWindow[];
  /** Latency target: p99 target response time in milliseconds (an alarm on the whole load balancer, and each colour's p99 gate). @default 1500 */
  readonly latencyP99Ms?: number;
}

export interface AlarmThresholds {
  readonly service?: ServiceThresholds;
  readonly loadBalancer?: LoadBalancerThresholds;
  readonly database?: DatabaseThresholds;
  readonly cache?: CacheThresholds;
  readonly waf?: WafThresholds;
  readonly certificate?: CertificateThresholds;
  readonly synthetics?: SyntheticsThresholds;
}

export const DEFAULT_THRESHOLDS = {
  service: { cpuWarningPercent: 80, cpuCriticalPercent: 95, memoryPercent: 85 },
  loadBalancer: { target5xxPercent: 5, p95LatencyMs: 500, p95LatencyCriticalMs: 1000, minimumRequestsPerMinute: 10, rejectedConnectionsPerMinute: 0 },
  database: { cpuPercent: 80, freeStoragePercent: 10, connectionsPercent: 80, readLatencyMs: 20, writeLatencyMs: 20, replicaLagSeconds: 60, freeableMemoryMiB: 256 },
  cache: { engineCpuPercent: 80, memoryPercent: 85, evictionsPer5Minutes: 100, hitRatePercent: 90, replicationLagSeconds: 30 },
  waf: { blockedRequestsPer5Minutes: 1000 },
  certificate: { daysToExpiry: 30 },
  synthetics: { failedRuns: 2, timeToFirstByteMs: 1000 },
} as const satisfies { [K in keyof AlarmThresholds]-?: Required<NonNullable<AlarmThresholds[K]>> };

export const DEFAULT_SLO_TARGET_PERCENT = 99.9;
export const DEFAULT_LATENCY_P99_MS = 1500;

/** The SRE workbook's paging pair for a 30-day window: 2% of the budget in 1 h, 5% in 6 h. */
export const DEFAULT_BURN_RATE_WINDOWS: readonly BurnRateWindow[] = [
  { name: "fast", burnRate: 14.4, longWindowMinutes: 60, shortWindowMinutes: 5, severity: "critical" },
  { name: "slow", burnRate: 6, longWindowMinutes: 360, shortWindowMinutes: 30, severity: "critical" },
];

/** Thresholds with every default filled in. */
export type ResolvedThresholds = { -readonly [K in keyof typeof DEFAULT_THRESHOLDS]: { -readonly [F in keyof (typeof DEFAULT_THRESHOLDS)[K]]: number } };

export function resolveThresholds(given: AlarmThresholds | undefined): ResolvedThresholds {
  const out = {} as Record<string, Record<string, number>>;
  for (const [group, defaults] of Object.entries(DEFAULT_THRESHOLDS)) {
    const override = (given as Record<string, Record<string, number | undefined> | undefined> | undefined)?.[group] ?? {};
    out[group] = Object.fromEntries(Object.entries(defaults).map(([k, v]) => [k, override[k] ?? v]));
  }
  return out as ResolvedThresholds;
}
