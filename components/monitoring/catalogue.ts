import * as pulumi from "@pulumi/pulumi";
import { CacheMetrics, Colour, COLOURS, DatabaseMetrics, LoadBalancerMetrics, ServiceMetrics, WafMetrics } from "../internal/metrics";
import { AlarmGroup, ResolvedThresholds, Severity } from "./settings";

/** One CloudWatch metric: where it lives, how it is aggregated and over what period. */
export interface MetricRef {
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: Readonly<Record<string, pulumi.Input<string>>>;
  /** `Average`, `Sum`, `Minimum`, `Maximum` or a percentile such as `p95`. */
  readonly stat: string;
  readonly periodSeconds: number;
}

/** A metric math expression over metrics that belong to the same alarm (ids are `[a-z][a-zA-Z0-9_]*`). */
export interface MathQuery {
  readonly expression: string;
  readonly label: string;
  readonly metrics: Readonly<Record<string, MetricRef>>;
}

export type ComparisonOperator =
  | "GreaterThanThreshold"
  | "GreaterThanOrEqualToThreshold"
  | "LessThanThreshold"
  | "LessThanOrEqualToThreshold";

/**
 * What to do when a period has no datapoint. Chosen per alarm:
 * `notBreaching` where silence means nothing happened (no errors, no blocks),
 * `breaching` where silence means the thing is gone (no running tasks),
 * `ignore` for slow metrics whose datapoints arrive late (certificates),
 * `missing` where silence is unexpected and should show as INSUFFICIENT_DATA.
 */
export type MissingData = "missing" | "ignore" | "breaching" | "notBreaching";

/** One entry of the alarm catalogue: everything needed to create the alarm and its dashboard graph. */
export interface AlarmSpec {
  /** Stable key, unique in the catalogue; the alarm is named `<prefix>-<key>`. */
  readonly key: string;
  readonly group: AlarmGroup;
  readonly severity: Severity;
  /** Short title for the dashboard and the README table. */
  readonly title: string;
  /** The runbook line: what the alarm means and what to check first. */
  readonly runbook: string;
  /** Exactly one of `metric` and `math`. */
  readonly metric?: MetricRef;
  readonly math?: MathQuery;
  readonly comparison: ComparisonOperator;
  readonly threshold: number;
  readonly evaluationPeriods: number;
  readonly datapointsToAlarm: number;
  readonly treatMissingData: MissingData;
  /**
   * Part of deployment health: of `<prefix>-deployment-health-<colour>` for the
   * alarm's `colour`, or of both colours' when it has none (it judges the whole
   * service), and so of `<prefix>-deployment-health`.
   */
  readonly deploymentHealth: boolean;
  /** The colour whose own metrics the alarm reads; absent when it reads the whole service or load balancer. */
  readonly colour?: Colour;
}

/** What the catalogue is built from; each source is optional so a stack without one still works. */
export interface MetricSources {
  readonly service?: ServiceMetrics;
  readonly loadBalancer?: LoadBalancerMetrics;
  readonly database?: DatabaseMetrics;
  readonly cache?: CacheMetrics;
  readonly waf?: WafMetrics;
}

export const MINUTE = 60;
const GIB = 1024 ** 3;
const MIB = 1024 ** 2;
/** CloudWatch's hard limit on metrics referenced by one metric math alarm. */
export const MAX_METRICS_PER_MATH_ALARM = 10;

export const m = (namespace: string, metricName: string, dimensions: MetricRef["dimensions"], stat: string, periodSeconds = MINUTE): MetricRef => ({
  namespace,
  metricName,
  dimensions,
  stat,
  periodSeconds,
});

/** Defaults shared by most alarms: one-minute datapoints, every one of `minutes` breaching. */
export function sustained(minutes: number) {
  return { evaluationPeriods: minutes, datapointsToAlarm: minutes };
}

/** `MAX([a, b, ...])` over one metric per member, for alarms that fire when any member breaches. */
export function maxOver(prefix: string, members: readonly MetricRef[], label: string): MathQuery {
  const metrics = Object.fromEntries(members.map((ref, i) => [`${prefix}${i}`, ref]));
  const ids = Object.keys(metrics);
  return { expression: ids.length === 1 ? ids[0] : `MAX([${ids.join(", ")}])`, label, metrics };
}

/** Colours that run their own service; one entry (no colour) when a native ECS deployment runs both in one service. */
export function serviceColours(service: ServiceMetrics): readonly (Colour | undefined)[] {
  return service.kind === "ecs" && service.deployment === "native" ? [undefined] : COLOURS;
}

export function serviceAlarms(service: ServiceMetrics, t: ResolvedThresholds["service"]): AlarmSpec[] {
  const specs: AlarmSpec[] = [];
  const ecs = service.kind === "ecs";
  // Both colours name the same service in a native deployment, so any colour's name will do there.
  const dims = (colour: Colour | undefined) =>
    service.kind === "ecs" ? { ClusterName: service.clusterName, ServiceName: service.serviceNames[colour ?? "blue"] } : eksDims(service, colour ?? "blue");
  const cpu = (colour: Colour | undefined) =>
    ecs ? m("AWS/ECS", "CPUUtilization", dims(colour), "Average") : m("ContainerInsights", "pod_cpu_utilization_over_pod_limit", dims(colour), "Average");
  const memory = (colour: Colour | undefined) =>
    ecs ? m("AWS/ECS", "MemoryUtilization", dims(colour), "Average") : m("ContainerInsights", "pod_memory_utilization_over_pod_limit", dims(colour), "Average");
  const unit = ecs ? "tasks" : "pods";
  for (const colour of serviceColours(service)) {
    const suffix = colour ? `-${colour}` : "";
    const which = colour ? `The ${colour} ${unit}` : `The ${unit}`;
    const of = colour ? ` (${colour})` : "";
    // An idle colour runs nothing and reports nothing: silence is not a problem.
    const idle = { treatMissingData: "notBreaching" as const, ...(colour ? { colour } : {}) };
    specs.push({
      key: `service-cpu-warning${suffix}`,
      group: "service",
      severity: "warning",
      title: `CPU > ${t.cpuWarningPercent}%${of}`,
      runbook: `${which} average more than ${t.cpuWarningPercent}% CPU for 10 minutes. Check the request rate and p95 latency first; if traffic grew, raise the scaling bounds, otherwise profile the latest release.`,
      metric: cpu(colour),
      comparison: "GreaterThanThreshold",
      threshold: t.cpuWarningPercent,
      ...sustained(10),
      ...idle,
      deploymentHealth: false,
    });
    specs.push({
      key: `service-cpu-critical${suffix}`,
      group: "service",
      severity: "critical",
      title: `CPU > ${t.cpuCriticalPercent}%${of}`,
      runbook: `${which} are saturated (> ${t.cpuCriticalPercent}% CPU for 5 minutes). Check whether the autoscaler is at its maximum count first; scale out by hand or roll back the latest release.`,
      metric: cpu(colour),
      comparison: "GreaterThanThreshold",
      threshold: t.cpuCriticalPercent,
      ...sustained(5),
      ...idle,
      deploymentHealth: true,
    });
    specs.push({
      key: `service-memory${suffix}`,
      group: "service",
      severity: "warning",
      title: `Memory > ${t.memoryPercent}%${of}`,
      runbook: `${which} use more than ${t.memoryPercent}% of their memory for 5 minutes. Check for OOM-killed ${unit} (stopped reason / restarts) first, then for a leak in the latest release.`,
      metric: memory(colour),
      comparison: "GreaterThanThreshold",
      threshold: t.memoryPercent,
      ...sustained(5),
      ...idle,
      deploymentHealth: false,
    });
  }
  const running = (colour: Colour | undefined) =>
    ecs ? m("ECS/ContainerInsights", "RunningTaskCount", dims(colour), "Average") : m("ContainerInsights", "kube_deployment_status_replicas_available", dims(colour), "Average");
  const minimum = ecs ? service.minimumTasks : service.minimumPods;
  const colours = serviceColours(service);
  const perColour = Object.fromEntries(colours.map((c) => [c ?? "service", running(c)]));
  specs.push({
    key: "service-down",
    group: "service",
    severity: "critical",
    title: `ServiceDown: running ${unit} < ${minimum}`,
    runbook: `Fewer than ${minimum} ${unit} run${colours.length > 1 ? " across blue and green" : ""} for 2 minutes. Check the ${ecs ? "ECS service events and stopped tasks' reasons" : "deployment's events and pod status (kubectl describe)"} first: failing health checks, image pull errors or capacity.`,
    math: {
      expression: Object.keys(perColour).map((id) => `FILL(${id}, 0)`).join(" + "),
      label: colours.length > 1 ? `Running ${unit} (blue + green)` : `Running ${unit}`,
      metrics: perColour,
    },
    comparison: "LessThanThreshold",
    threshold: minimum,
    ...sustained(2),
    // No report at all means nothing runs (or Container Insights is off, which hides an outage just as well).
    treatMissingData: "breaching",
    deploymentHealth: true,
  });
  return specs;
}

function eksDims(service: Extract<ServiceMetrics, { kind: "eks" }>, colour: Colour) {
  return { ClusterName: service.clusterName, Namespace: service.namespace, PodName: service.deploymentNames[colour] };
}

export function databaseAlarms(db: DatabaseMetrics, t: ResolvedThresholds["database"]): AlarmSpec[] {
  const dims = { DBInstanceIdentifier: db.instanceIdentifier };
  const rds = (metricName: string, stat = "Average") => m("AWS/RDS", metricName, dims, stat);
  const freeBytes = Math.round((db.allocatedStorageGiB * GIB * t.freeStoragePercent) / 100);
  const maxConnections = Math.floor((db.maxConnections * t.connectionsPercent) / 100);
  // RDS reports every minute while the instance runs; silence means it is not running.
  const reported = { treatMissingData: "breaching" as const, deploymentHealth: false };
  const specs: AlarmSpec[] = [
    {
      key: "database-cpu",
      group: "database",
      severity: "warning",
      title: `Database CPU > ${t.cpuPercent}%`,
      runbook: `The database instance runs above ${t.cpuPercent}% CPU for 10 minutes. Check Performance Insights' top SQL first, then connection counts.`,
      metric: rds("CPUUtilization"),
      comparison: "GreaterThanThreshold",
      threshold: t.cpuPercent,
      ...sustained(10),
      ...reported,
    },
    {
      key: "database-disk-space-low",
      group: "database",
      severity: "critical",
      title: `DiskSpaceLow: free < ${t.freeStoragePercent}% of ${db.allocatedStorageGiB} GiB`,
      runbook: `Less than ${t.freeStoragePercent}% of the ${db.allocatedStorageGiB} GiB allocated storage is free. Check whether storage autoscaling is at its maximum first; raise allocatedStorage or the maximum before the instance goes read-only.`,
      metric: rds("FreeStorageSpace", "Minimum"),
      comparison: "LessThanThreshold",
      threshold: freeBytes,
      ...sustained(5),
      ...reported,
    },
    {
      key: "database-connections",
      group: "database",
      severity: "warning",
      title: `Connections > ${t.connectionsPercent}% of ${db.maxConnections}`,
      runbook: `More than ${maxConnections} of ${db.maxConnections} connections are open for 5 minutes. Check the app's pool sizes times its task count first${db.proxyName ? " and the RDS Proxy's client connections" : ""}.`,
      metric: rds("DatabaseConnections", "Maximum"),
      comparison: "GreaterThanThreshold",
      threshold: maxConnections,
      ...sustained(5),
      ...reported,
    },
    {
      key: "database-read-latency",
      group: "database",
      severity: "warning",
      title: `Read latency > ${t.readLatencyMs} ms`,
      runbook: `Average read latency is above ${t.readLatencyMs} ms for 5 minutes. Check ReadIOPS against the volume's provisioned IOPS and the top SQL by reads first.`,
      metric: rds("ReadLatency"),
      comparison: "GreaterThanThreshold",
      threshold: t.readLatencyMs / 1000,
      ...sustained(5),
      ...reported,
    },
    {
      key: "database-write-latency",
      group: "database",
      severity: "warning",
      title: `Write latency > ${t.writeLatencyMs} ms`,
      runbook: `Average write latency is above ${t.writeLatencyMs} ms for 5 minutes. Check WriteIOPS and throughput against the volume's limits and long-running transactions first.`,
      metric: rds("WriteLatency"),
      comparison: "GreaterThanThreshold",
      threshold: t.writeLatencyMs / 1000,
      ...sustained(5),
      ...reported,
    },
    {
      key: "database-freeable-memory",
      group: "database",
      severity: "warning",
      title: `Freeable memory < ${t.freeableMemoryMiB} MiB`,
      runbook: `The instance has less than ${t.freeableMemoryMiB} MiB of freeable memory for 10 minutes. Check connection count (each one costs memory) and swap usage first; consider a larger instance class.`,
      metric: rds("FreeableMemory", "Minimum"),
      comparison: "LessThanThreshold",
      threshold: t.freeableMemoryMiB * MIB,
      ...sustained(10),
      ...reported,
    },
  ];
  if (db.replicaIdentifiers.length > 0) {
    const replicas = db.replicaIdentifiers.map((id) => m("AWS/RDS", "ReplicaLag", { DBInstanceIdentifier: id }, "Maximum"));
    specs.push({
      key: "database-replica-lag",
      group: "database",
      severity: "warning",
      title: `Replica lag > ${t.replicaLagSeconds} s`,
      runbook: `A read replica is more than ${t.replicaLagSeconds} s behind for 5 minutes, so reads from it are stale. Check the primary's write throughput and the replica's CPU and IOPS first.`,
      math: maxOver("replica", replicas, "Replica lag, worst replica (s)"),
      comparison: "GreaterThanThreshold",
      threshold: t.replicaLagSeconds,
      ...sustained(5),
      ...reported,
    });
  }
  return specs;
}

export function cacheAlarms(cache: CacheMetrics, t: ResolvedThresholds["cache"]): AlarmSpec[] {
  const node = (id: pulumi.Input<string>, metricName: string, stat: string, period = MINUTE) =>
    m("AWS/ElastiCache", metricName, { CacheClusterId: id }, stat, period);
  const each = (metricName: string, stat: string, period?: number) => cache.nodeIds.map((id) => node(id, metricName, stat, period));
  // ElastiCache reports every minute per node; silence means the node is gone.
  const reported = { treatMissingData: "breaching" as const, deploymentHealth: false };
  const specs: AlarmSpec[] = [
    {
      key: "cache-engine-cpu",
      group: "cache",
      severity: "warning",
      title: `Cache engine CPU > ${t.engineCpuPercent}%`,
      runbook: `The Redis/Valkey engine thread on a node is above ${t.engineCpuPercent}% for 10 minutes. Check for slow commands (SLOWLOG, KEYS/SCAN patterns) and hot keys first.`,
      math: maxOver("node", each("EngineCPUUtilization", "Average"), "Engine CPU, busiest node (%)"),
      comparison: "GreaterThanThreshold",
      threshold: t.engineCpuPercent,
      ...sustained(10),
      ...reported,
    },
    {
      key: "cache-memory",
      group: "cache",
      severity: "warning",
      title: `Cache memory > ${t.memoryPercent}%`,
      runbook: `A node uses more than ${t.memoryPercent}% of its memory for 5 minutes. Check key TTLs and the eviction rate first; scale the node type up if the working set grew.`,
      math: maxOver("node", each("DatabaseMemoryUsagePercentage", "Average"), "Memory used, fullest node (%)"),
      comparison: "GreaterThanThreshold",
      threshold: t.memoryPercent,
      ...sustained(5),
      ...reported,
    },
    {
      key: "cache-evictions",
      group: "cache",
      severity: "warning",
      title: `Evictions > ${t.evictionsPer5Minutes} per 5 min`,
      runbook: `A node evicted more than ${t.evictionsPer5Minutes} keys in 5 minutes: the working set no longer fits. Check memory usage and keys without TTL first.`,
      math: maxOver("node", each("Evictions", "Sum", 5 * MINUTE), "Evictions, worst node (per 5 min)"),
      comparison: "GreaterThanThreshold",
      threshold: t.evictionsPer5Minutes,
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
      treatMissingData: "notBreaching",
      deploymentHealth: false,
    },
  ];
  const hits = Object.fromEntries(cache.nodeIds.map((id, i) => [`hits${i}`, node(id, "CacheHits", "Sum", 5 * MINUTE)]));
  const misses = Object.fromEntries(cache.nodeIds.map((id, i) => [`misses${i}`, node(id, "CacheMisses", "Sum", 5 * MINUTE)]));
  const sum = (ids: string[]) => ids.map((id) => `FILL(${id}, 0)`).join(" + ");
  specs.push({
    key: "cache-hit-rate",
    group: "cache",
    severity: "warning",
    title: `Cache hit rate < ${t.hitRatePercent}%`,
    runbook: `Fewer than ${t.hitRatePercent}% of lookups hit the cache for 15 minutes, so the database takes the load. Check for a key-format change in the latest release and for evictions first.`,
    math: {
      expression: `100 * (${sum(Object.keys(hits))}) / (${sum([...Object.keys(hits), ...Object.keys(misses)])})`,
      label: "Cache hit rate (%)",
      metrics: { ...hits, ...misses },
    },
    comparison: "LessThanThreshold",
    threshold: t.hitRatePercent,
    evaluationPeriods: 3,
    datapointsToAlarm: 3,
    // No lookups (an idle night) is not a low hit rate.
    treatMissingData: "notBreaching",
    deploymentHealth: false,
  });
  if (cache.nodeIds.length > 1) {
    specs.push({
      key: "cache-replication-lag",
      group: "cache",
      severity: "warning",
      title: `Cache replication lag > ${t.replicationLagSeconds} s`,
      runbook: `A replica is more than ${t.replicationLagSeconds} s behind the primary for 5 minutes; a failover now would lose writes. Check the primary's network throughput and engine CPU first.`,
      math: maxOver("replica", each("ReplicationLag", "Maximum").slice(1), "Replication lag, worst replica (s)"),
      comparison: "GreaterThanThreshold",
      threshold: t.replicationLagSeconds,
      ...sustained(5),
      // Only replicas report it; a replica being replaced reports nothing for a while.
      treatMissingData: "notBreaching",
      deploymentHealth: false,
    });
  }
  return specs;
}

export function wafAlarms(waf: WafMetrics, t: ResolvedThresholds["waf"]): AlarmSpec[] {
  return [
    {
      key: "waf-blocked-spike",
      group: "waf",
      severity: "warning",
      title: `WAF blocked > ${t.blockedRequestsPer5Minutes} per 5 min`,
      runbook: `The web ACL blocked more than ${t.blockedRequestsPer5Minutes} requests in 5 minutes. Check the sampled requests in the WAF console first: an attack (leave it blocked) or a rule that blocks real users after a release (switch that rule to count).`,
      metric: m("AWS/WAFV2", "BlockedRequests", { WebACL: waf.webAclMetricName, Region: waf.region, Rule: "ALL" }, "Sum", 5 * MINUTE),
      comparison: "GreaterThanThreshold",
      threshold: t.blockedRequestsPer5Minutes,
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
      // Nothing blocked, nothing reported.
      treatMissingData: "notBreaching",
      deploymentHealth: false,
    },
  ];
}
