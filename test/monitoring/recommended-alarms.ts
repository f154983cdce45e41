/**
 * What each catalogue alarm should be, written from AWS's published
 * recommendations and metric references, not from the catalogue: the metric,
 * the statistic, which way is worse, the metric's unit (and so every unit
 * conversion of a configured threshold) and the period. Each row names the
 * page it comes from. Where the catalogue deliberately differs from the
 * recommendation, the row says how and why (`deviation`), so a difference is
 * a decision someone wrote down, never an accident.
 *
 * A second, separate table says which severity (and so which topic and whom)
 * each alarm notifies.
 */

/** CloudWatch's "Recommended alarms" page; the anchor is the service's section. */
const RECOMMENDED = "https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Best_Practice_Recommended_Alarms_AWS_Services.html";
const RDS_METRICS = "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-metrics.html#rds-cw-metrics-instance";
const ELASTICACHE_METRICS = "https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/CacheMetrics.Redis.html";
const ELASTICACHE_WHICH = "https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/CacheMetrics.WhichShouldIMonitor.html";
const ALB_METRICS = "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-cloudwatch-metrics.html";
const ECS_INSIGHTS_METRICS = "https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Container-Insights-metrics-ECS.html";
const EKS_INSIGHTS_METRICS = "https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Container-Insights-metrics-enhanced-EKS.html";
const ACM_METRICS = "https://docs.aws.amazon.com/acm/latest/userguide/cloudwatch-metrics.html";
const WAF_METRICS = "https://docs.aws.amazon.com/waf/latest/developerguide/waf-metrics.html";
const SYNTHETICS_METRICS = "https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Synthetics_Canaries_metrics.html";
/** CloudWatch user guide, "Percentile-based alarms and low data samples": a p99 is judged only with enough samples in its period, so the p99 alarms use 5-minute periods. */
const PERCENTILE_SAMPLES = "https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html#percentiles-with-low-samples";
const SRE_WORKBOOK = "https://sre.google/workbook/alerting-on-slos/#6-multiwindow-multi-burn-rate-alerts";

/** RDS and ElastiCache publish one datapoint per instance (node) per minute, so over a 60-second period every statistic is that datapoint. */
const ONE_DATAPOINT_PER_MINUTE = "over a 60-second period of a metric published once a minute every statistic returns the same single datapoint";

export type Direction = "higher is worse" | "lower is worse";

/** Configured thresholds and source figures the expected alarm thresholds are computed from. */
export interface Given {
  readonly service: { cpuWarningPercent: number; cpuCriticalPercent: number; memoryPercent: number; minimumRunning: number };
  readonly loadBalancer: { target5xxPercent: number; p95LatencyMs: number; p95LatencyCriticalMs: number; rejectedConnectionsPerMinute: number };
  /** The SLO's p99 latency target. */
  readonly latencyP99Ms: number;
  readonly synthetics: { timeToFirstByteMs: number };
  readonly database: {
    cpuPercent: number;
    freeStoragePercent: number;
    connectionsPercent: number;
    readLatencyMs: number;
    writeLatencyMs: number;
    replicaLagSeconds: number;
    freeableMemoryMiB: number;
    allocatedStorageGiB: number;
    maxConnections: number;
  };
  readonly cache: { engineCpuPercent: number; memoryPercent: number; evictionsPer5Minutes: number; hitRatePercent: number; replicationLagSeconds: number };
  readonly waf: { blockedRequestsPer5Minutes: number };
  readonly certificate: { daysToExpiry: number };
  readonly burnRates: Readonly<Record<string, number>>;
}

/** Unit conversions from how a threshold is configured to the unit CloudWatch reports the metric in. */
export const convert = {
  millisecondsToSeconds: (ms: number) => ms / 1000,
  mebibytesToBytes: (mib: number) => mib * 1024 * 1024,
  gibibytesToBytes: (gib: number) => gib * 1024 * 1024 * 1024,
};

export interface RecommendedAlarm {
  /** Catalogue alarm keys the row covers. */
  readonly keys: RegExp;
  readonly namespace: string;
  /** Every metric the alarm reads (a metric math alarm reads several). */
  readonly metrics: readonly string[];
  /** AWS's recommended statistic. */
  readonly statistic: string;
  readonly direction: Direction;
  /** The unit CloudWatch reports the alarmed value in (for math alarms, the expression's). */
  readonly unit: string;
  /** AWS's recommended period, or a function of the key for windowed alarms. */
  readonly periodSeconds: number | ((key: string) => number);
  /** The threshold the alarm must carry, in `unit`. */
  readonly threshold: (given: Given, key: string) => number;
  /** Pages the row comes from. */
  readonly sources: readonly string[];
  /** What the catalogue does instead of the recommendation, and why. */
  readonly deviation?: { readonly statistic?: string; readonly periodSeconds?: number; readonly why: string };
}

/**
 * AWS recommends alarming on the ALB's TargetResponseTime at p90 over 1-minute
 * periods; each latency alarm states how and why it differs.
 */
const albLatency = (keys: RegExp, thresholdMs: (g: Given) => number, deviation: RecommendedAlarm["deviation"], ...extraSources: string[]): RecommendedAlarm => ({
  keys,
  namespace: "AWS/ApplicationELB",
  metrics: ["TargetResponseTime"],
  statistic: "p90",
  direction: "higher is worse",
  unit: "Seconds",
  periodSeconds: 60,
  threshold: (g) => convert.millisecondsToSeconds(thresholdMs(g)),
  sources: [`${RECOMMENDED}#ApplicationELB`, ALB_METRICS, ...extraSources],
  deviation,
});

const windowMinutes = (key: string) => Number(/-(\d+)m$/.exec(key)?.[1]);

export const RECOMMENDED_ALARMS: readonly RecommendedAlarm[] = [
  // Amazon ECS
  {
    keys: /^service-cpu-warning(-blue|-green)?$/,
    namespace: "AWS/ECS",
    metrics: ["CPUUtilization"],
    statistic: "Average",
    direction: "higher is worse",
    unit: "Percent",
    periodSeconds: 60,
    threshold: (g) => g.service.cpuWarningPercent,
    sources: [`${RECOMMENDED}#ECS`],
  },
  {
    keys: /^service-cpu-critical(-blue|-green)?$/,
    namespace: "AWS/ECS",
    metrics: ["CPUUtilization"],
    statistic: "Average",
    direction: "higher is worse",
    unit: "Percent",
    periodSeconds: 60,
    threshold: (g) => g.service.cpuCriticalPercent,
    sources: [`${RECOMMENDED}#ECS`],
  },
  {
    keys: /^service-memory(-blue|-green)?$/,
    namespace: "AWS/ECS",
    metrics: ["MemoryUtilization"],
    statistic: "Average",
    direction: "higher is worse",
    unit: "Percent",
    periodSeconds: 60,
    threshold: (g) => g.service.memoryPercent,
    sources: [`${RECOMMENDED}#ECS`],
  },
  {
    // Recommended as RunningTaskCount <= 0; the catalogue fires below the configured minimum, the same direction.
    keys: /^service-down$/,
    namespace: "ECS/ContainerInsights",
    metrics: ["RunningTaskCount"],
    statistic: "Average",
    direction: "lower is worse",
    unit: "Count",
    periodSeconds: 60,
    threshold: (g) => g.service.minimumRunning,
    sources: [`${RECOMMENDED}#ECS-ContainerInsights`, ECS_INSIGHTS_METRICS],
  },
  // Amazon EKS with Container Insights
  {
    keys: /^service-cpu-warning(-blue|-green)?$/,
    namespace: "ContainerInsights",
    metrics: ["pod_cpu_utilization_over_pod_limit"],
    statistic: "Maximum",
    direction: "higher is worse",
    unit: "Percent",
    periodSeconds: 60,
    threshold: (g) => g.service.cpuWarningPercent,
    sources: [`${RECOMMENDED}#EKS-ContainerInsights`],
    deviation: { statistic: "Average", why: "the alarm is per colour (the workload's PodName dimension), like the ECS service alarms: sustained load of the colour, not one hot pod, which the in-cluster HighCPUUsage rule reports per pod" },
  },
  {
    keys: /^service-cpu-critical(-blue|-green)?$/,
    namespace: "ContainerInsights",
    metrics: ["pod_cpu_utilization_over_pod_limit"],
    statistic: "Maximum",
    direction: "higher is worse",
    unit: "Percent",
    periodSeconds: 60,
    threshold: (g) => g.service.cpuCriticalPercent,
    sources: [`${RECOMMENDED}#EKS-ContainerInsights`],
    deviation: { statistic: "Average", why: "per colour, as for the warning: the colour as a whole is saturated" },
  },
  {
    keys: /^service-memory(-blue|-green)?$/,
    namespace: "ContainerInsights",
    metrics: ["pod_memory_utilization_over_pod_limit"],
    statistic: "Maximum",
    direction: "higher is worse",
    unit: "Percent",
    periodSeconds: 60,
    threshold: (g) => g.service.memoryPercent,
    sources: [`${RECOMMENDED}#EKS-ContainerInsights`],
    deviation: { statistic: "Average", why: "per colour, as for CPU; a single pod near its limit is the in-cluster HighMemoryUsage rule's" },
  },
  {
    keys: /^service-down$/,
    namespace: "ContainerInsights",
    metrics: ["kube_deployment_status_replicas_available"],
    statistic: "Average",
    direction: "lower is worse",
    unit: "Count",
    periodSeconds: 60,
    threshold: (g) => g.service.minimumRunning,
    sources: [EKS_INSIGHTS_METRICS],
  },
  // Application Load Balancer
  {
    keys: /^(lb-target-5xx-ratio|lb-gate-5xx-(blue|green))$/,
    namespace: "AWS/ApplicationELB",
    metrics: ["HTTPCode_Target_5XX_Count", "RequestCount"],
    statistic: "Sum",
    direction: "higher is worse",
    unit: "Percent",
    periodSeconds: 60,
    threshold: (g) => g.loadBalancer.target5xxPercent,
    sources: [`${RECOMMENDED}#ApplicationELB`, ALB_METRICS],
  },
  albLatency(/^lb-latency-p95$/, (g) => g.loadBalancer.p95LatencyMs, {
    statistic: "p95",
    why: "the platform states its latency objective at p95 (the `p95LatencyMs` threshold and the in-cluster HighLatency rule)",
  }),
  albLatency(/^(lb-latency-p95-critical|lb-gate-latency-p95-(blue|green))$/, (g) => g.loadBalancer.p95LatencyCriticalMs, {
    statistic: "p95",
    why: "the critical tier of the same p95 objective as lb-latency-p95, on the whole load balancer and, as a canary gate, on each colour's own target group",
  }),
  albLatency(
    /^(lb-gate-latency-p99-(blue|green)|slo-latency-p99)$/,
    (g) => g.latencyP99Ms,
    { statistic: "p99", periodSeconds: 300, why: "the SLO states latency at p99; a p99 needs 1000 samples in a period before CloudWatch judges it, so 5-minute periods" },
    PERCENTILE_SAMPLES,
  ),
  // CloudWatch Synthetics
  {
    keys: /^probe-availability$/,
    namespace: "CloudWatchSynthetics",
    metrics: ["SuccessPercent"],
    statistic: "Average",
    direction: "lower is worse",
    unit: "Percent",
    // Synthetics publishes one datapoint per run: a period of the canary's interval (the fixture's canary runs every 5 minutes).
    periodSeconds: 300,
    threshold: () => 100,
    sources: [SYNTHETICS_METRICS],
  },
  {
    keys: /^probe-ttfb$/,
    namespace: "CloudWatchSynthetics",
    metrics: ["TimeToFirstByte"],
    statistic: "Maximum",
    direction: "higher is worse",
    unit: "Milliseconds",
    periodSeconds: 300,
    threshold: (g) => g.synthetics.timeToFirstByteMs,
    sources: [SYNTHETICS_METRICS],
  },
  {
    keys: /^lb-rejected-connections$/,
    namespace: "AWS/ApplicationELB",
    metrics: ["RejectedConnectionCount"],
    statistic: "Sum",
    direction: "higher is worse",
    unit: "Count",
    periodSeconds: 60,
    threshold: (g) => g.loadBalancer.rejectedConnectionsPerMinute,
    sources: [`${RECOMMENDED}#ApplicationELB`, ALB_METRICS],
  },
  {
    keys: /^lb-unhealthy-hosts-(blue|green)$/,
    namespace: "AWS/ApplicationELB",
    metrics: ["UnHealthyHostCount"],
    statistic: "Maximum",
    direction: "higher is worse",
    unit: "Count",
    periodSeconds: 60,
    threshold: () => 0,
    sources: [`${RECOMMENDED}#ApplicationELB`, ALB_METRICS],
  },
  {
    keys: /^slo-burn-[a-z][a-z0-9-]*-\d+m$/,
    namespace: "AWS/ApplicationELB",
    metrics: ["HTTPCode_Target_5XX_Count", "HTTPCode_ELB_5XX_Count", "RequestCount"],
    statistic: "Sum",
    direction: "higher is worse",
    unit: "None (multiple of the sustainable error rate)",
    periodSeconds: (key) => windowMinutes(key) * 60,
    threshold: (g, key) => g.burnRates[/^slo-burn-(.+)-\d+m$/.exec(key)![1]],
    sources: [`${RECOMMENDED}#ApplicationELB`, ALB_METRICS, SRE_WORKBOOK],
  },
  // AWS Certificate Manager
  {
    keys: /^certificate-expiring$/,
    namespace: "AWS/CertificateManager",
    metrics: ["DaysToExpiry"],
    statistic: "Minimum",
    direction: "lower is worse",
    unit: "Count (days)",
    periodSeconds: 86400,
    threshold: (g) => g.certificate.daysToExpiry,
    sources: [`${RECOMMENDED}#CertificateManager`, ACM_METRICS],
  },
  // Amazon RDS (units from the RDS metrics reference: latencies in Seconds, storage and memory in Bytes)
  {
    keys: /^database-cpu$/,
    namespace: "AWS/RDS",
    metrics: ["CPUUtilization"],
    statistic: "Average",
    direction: "higher is worse",
    unit: "Percent",
    periodSeconds: 60,
    threshold: (g) => g.database.cpuPercent,
    sources: [`${RECOMMENDED}#RDS`, RDS_METRICS],
  },
  {
    keys: /^database-disk-space-low$/,
    namespace: "AWS/RDS",
    metrics: ["FreeStorageSpace"],
    statistic: "Minimum",
    direction: "lower is worse",
    unit: "Bytes",
    periodSeconds: 60,
    threshold: (g) => Math.round((convert.gibibytesToBytes(g.database.allocatedStorageGiB) * g.database.freeStoragePercent) / 100),
    sources: [`${RECOMMENDED}#RDS`, RDS_METRICS],
  },
  {
    keys: /^database-connections$/,
    namespace: "AWS/RDS",
    metrics: ["DatabaseConnections"],
    statistic: "Average",
    direction: "higher is worse",
    unit: "Count",
    periodSeconds: 60,
    threshold: (g) => Math.floor((g.database.maxConnections * g.database.connectionsPercent) / 100),
    sources: [`${RECOMMENDED}#RDS`, RDS_METRICS],
    deviation: { statistic: "Maximum", why: ONE_DATAPOINT_PER_MINUTE },
  },
  {
    keys: /^database-read-latency$/,
    namespace: "AWS/RDS",
    metrics: ["ReadLatency"],
    statistic: "p90",
    direction: "higher is worse",
    unit: "Seconds",
    periodSeconds: 60,
    threshold: (g) => convert.millisecondsToSeconds(g.database.readLatencyMs),
    sources: [`${RECOMMENDED}#RDS`, RDS_METRICS],
    deviation: { statistic: "Average", why: ONE_DATAPOINT_PER_MINUTE },
  },
  {
    keys: /^database-write-latency$/,
    namespace: "AWS/RDS",
    metrics: ["WriteLatency"],
    statistic: "p90",
    direction: "higher is worse",
    unit: "Seconds",
    periodSeconds: 60,
    threshold: (g) => convert.millisecondsToSeconds(g.database.writeLatencyMs),
    sources: [`${RECOMMENDED}#RDS`, RDS_METRICS],
    deviation: { statistic: "Average", why: ONE_DATAPOINT_PER_MINUTE },
  },
  {
    keys: /^database-freeable-memory$/,
    namespace: "AWS/RDS",
    metrics: ["FreeableMemory"],
    statistic: "Average",
    direction: "lower is worse",
    unit: "Bytes",
    periodSeconds: 60,
    threshold: (g) => convert.mebibytesToBytes(g.database.freeableMemoryMiB),
    sources: [`${RECOMMENDED}#RDS`, RDS_METRICS],
    deviation: { statistic: "Minimum", why: ONE_DATAPOINT_PER_MINUTE },
  },
  {
    keys: /^database-replica-lag$/,
    namespace: "AWS/RDS",
    metrics: ["ReplicaLag"],
    statistic: "Maximum",
    direction: "higher is worse",
    unit: "Seconds",
    periodSeconds: 60,
    threshold: (g) => g.database.replicaLagSeconds,
    sources: [`${RECOMMENDED}#RDS`, RDS_METRICS],
  },
  // Amazon ElastiCache
  {
    keys: /^cache-engine-cpu$/,
    namespace: "AWS/ElastiCache",
    metrics: ["EngineCPUUtilization"],
    statistic: "Average",
    direction: "higher is worse",
    unit: "Percent",
    periodSeconds: 60,
    threshold: (g) => g.cache.engineCpuPercent,
    sources: [`${RECOMMENDED}#ElastiCache`, ELASTICACHE_METRICS],
  },
  {
    keys: /^cache-memory$/,
    namespace: "AWS/ElastiCache",
    metrics: ["DatabaseMemoryUsagePercentage"],
    statistic: "Average",
    direction: "higher is worse",
    unit: "Percent",
    periodSeconds: 60,
    threshold: (g) => g.cache.memoryPercent,
    sources: [`${RECOMMENDED}#ElastiCache`, ELASTICACHE_METRICS],
  },
  {
    // Not on the recommended-alarms page; the ElastiCache guide's "Which metrics should I monitor?" leaves the threshold to the application.
    keys: /^cache-evictions$/,
    namespace: "AWS/ElastiCache",
    metrics: ["Evictions"],
    statistic: "Sum",
    direction: "higher is worse",
    unit: "Count",
    periodSeconds: 300,
    threshold: (g) => g.cache.evictionsPer5Minutes,
    sources: [`${ELASTICACHE_WHICH}#metrics-evictions`, ELASTICACHE_METRICS],
  },
  {
    // CacheHitRate is CacheHits / (CacheHits + CacheMisses); computed over every node rather than averaged per node.
    keys: /^cache-hit-rate$/,
    namespace: "AWS/ElastiCache",
    metrics: ["CacheHits", "CacheMisses"],
    statistic: "Sum",
    direction: "lower is worse",
    unit: "Percent",
    periodSeconds: 300,
    threshold: (g) => g.cache.hitRatePercent,
    sources: [ELASTICACHE_METRICS],
  },
  {
    keys: /^cache-replication-lag$/,
    namespace: "AWS/ElastiCache",
    metrics: ["ReplicationLag"],
    statistic: "Average",
    direction: "higher is worse",
    unit: "Seconds",
    periodSeconds: 60,
    threshold: (g) => g.cache.replicationLagSeconds,
    sources: [`${RECOMMENDED}#ElastiCache`, ELASTICACHE_METRICS],
    deviation: { statistic: "Maximum", why: ONE_DATAPOINT_PER_MINUTE },
  },
  // AWS WAF
  {
    keys: /^waf-blocked-spike$/,
    namespace: "AWS/WAFV2",
    metrics: ["BlockedRequests"],
    statistic: "Sum",
    direction: "higher is worse",
    unit: "Count",
    periodSeconds: 60,
    threshold: (g) => g.waf.blockedRequestsPer5Minutes,
    sources: [`${RECOMMENDED}#WAF`, WAF_METRICS],
    deviation: { periodSeconds: 300, why: "the threshold is configured per 5 minutes (`blockedRequestsPer5Minutes`): one busy minute of a scanner is not a spike worth a look" },
  },
];

/** AWS Budgets: "Configuring budget notifications" and the `Notification` data type of the Budgets API. */
const BUDGET_NOTIFICATIONS_PAGE = "https://docs.aws.amazon.com/cost-management/latest/userguide/budgets-best-practices.html#budgets-best-practices-alerts";
const BUDGET_NOTIFICATION_API = "https://docs.aws.amazon.com/aws-cost-management/latest/APIReference/API_budgets_Notification.html";

/**
 * What each notification of the stack's cost budget should be: the
 * forecast warns ahead of time, the actual cost says the limit is spent.
 * Spending is higher-is-worse, so both compare `GREATER_THAN`, and the
 * thresholds are percentages of the limit. Keys are `budget-<type>`.
 */
export const BUDGET_NOTIFICATIONS: readonly {
  readonly key: string;
  readonly notificationType: "FORECASTED" | "ACTUAL";
  readonly direction: Direction;
  readonly thresholdType: "PERCENTAGE";
  readonly threshold: (budget: { warningForecastPercent: number; criticalActualPercent: number }) => number;
  readonly sources: readonly string[];
}[] = [
  { key: "budget-forecasted", notificationType: "FORECASTED", direction: "higher is worse", thresholdType: "PERCENTAGE", threshold: (b) => b.warningForecastPercent, sources: [BUDGET_NOTIFICATIONS_PAGE, BUDGET_NOTIFICATION_API] },
  { key: "budget-actual", notificationType: "ACTUAL", direction: "higher is worse", thresholdType: "PERCENTAGE", threshold: (b) => b.criticalActualPercent, sources: [BUDGET_NOTIFICATIONS_PAGE, BUDGET_NOTIFICATION_API] },
];

/**
 * Which severity each alarm notifies, from the paging policy (README
 * "Severity routing"): `critical` pages for an outage or one that is about to
 * happen (the service is down or saturated, users get errors, targets fail,
 * the disk fills, the error budget burns fast); `warning` is for working hours
 * (degradation and capacity); `info` is context (single burn windows, the
 * machine-facing deployment-health roll-up).
 */
export const SEVERITY_ROUTING: readonly { readonly keys: RegExp; readonly severity: "critical" | "warning" | "info" }[] = [
  { keys: /^service-cpu-critical(-blue|-green)?$/, severity: "critical" },
  { keys: /^service-down$/, severity: "critical" },
  { keys: /^lb-target-5xx-ratio$/, severity: "critical" },
  { keys: /^lb-unhealthy-hosts-(blue|green)$/, severity: "critical" },
  { keys: /^database-disk-space-low$/, severity: "critical" },
  { keys: /^slo-burn-(fast|slow)$/, severity: "critical" },
  { keys: /^slo-burn-[a-z][a-z0-9-]*-\d+m$/, severity: "info" },
  { keys: /^deployment-health(-blue|-green)?$/, severity: "info" },
  { keys: /^service-(cpu-warning|memory)(-blue|-green)?$/, severity: "warning" },
  { keys: /^lb-(latency-p95|rejected-connections)$/, severity: "warning" },
  { keys: /^lb-latency-p95-critical$/, severity: "critical" },
  // Canary gates: a failed canary rolls back by itself; someone looks at why in working hours.
  { keys: /^lb-gate-(5xx|latency-p95|latency-p99)-(blue|green)$/, severity: "warning" },
  { keys: /^slo-latency-p99$/, severity: "warning" },
  { keys: /^probe-availability$/, severity: "critical" },
  { keys: /^probe-ttfb$/, severity: "warning" },
  { keys: /^certificate-expiring$/, severity: "warning" },
  { keys: /^database-(cpu|connections|read-latency|write-latency|freeable-memory|replica-lag)$/, severity: "warning" },
  { keys: /^cache-(engine-cpu|memory|evictions|hit-rate|replication-lag)$/, severity: "warning" },
  { keys: /^waf-blocked-spike$/, severity: "warning" },
  // The cost budget (stack files: "the warning topic hears when the month's forecast passes 80%, the critical topic when the actual cost passes 100%").
  { keys: /^budget-forecasted$/, severity: "warning" },
  { keys: /^budget-actual$/, severity: "critical" },
];
