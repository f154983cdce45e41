/**
 * The alert catalogue of the in-cluster Prometheus, as plain PrometheusRule
 * groups built from per-environment thresholds.
 */

export interface AlertThresholds {
  readonly cpuWarningPercent: number;
  readonly cpuCriticalPercent: number;
  readonly memoryPercent: number;
  readonly errorRatePercent: number;
  readonly latencyP95Seconds: number;
  readonly diskPercent: number;
  /** Availability SLO, such as 99.9. */
  readonly availabilityTargetPercent: number;
}

export interface AppMetricNames {
  readonly namespace: string;
  /** Deployment name prefix shared by both colours, such as `app`. */
  readonly appName: string;
  /** Counter of HTTP requests with a status code label. @default "http_requests_total" */
  readonly requestsTotal?: string;
  /** Histogram of request durations in seconds. @default "http_request_duration_seconds" */
  readonly durationHistogram?: string;
  /** Label that holds the HTTP status code. @default "code" */
  readonly statusLabel?: string;
}

export interface AlertRule {
  readonly alert: string;
  readonly expr: string;
  readonly for?: string;
  readonly labels: { severity: "critical" | "warning" | "info" };
  readonly annotations: { summary: string; description: string };
}

/**
 * Multi-window, multi-burn-rate SLO alerts (Google SRE workbook): page when a
 * 1 h and a 5 m window both burn the error budget 14.4 times too fast (2 % of
 * a 30-day budget in an hour), or 6 h and 30 m windows at 6 times; open a
 * ticket at 1 time over 3 days and 6 h.
 */
export const BURN_RATE_WINDOWS = [
  { name: "SLOErrorBudgetBurnFast", long: "1h", short: "5m", factor: 14.4, severity: "critical" },
  { name: "SLOErrorBudgetBurnMedium", long: "6h", short: "30m", factor: 6, severity: "critical" },
  { name: "SLOErrorBudgetBurnSlow", long: "3d", short: "6h", factor: 1, severity: "warning" },
] as const;

const round = (n: number) => Number(n.toFixed(6));

export function alertRules(t: AlertThresholds, m: AppMetricNames): { name: string; rules: AlertRule[] }[] {
  const ns = m.namespace;
  const requests = m.requestsTotal ?? "http_requests_total";
  const duration = m.durationHistogram ?? "http_request_duration_seconds";
  const code = m.statusLabel ?? "code";
  const pods = `namespace="${ns}", pod=~"${m.appName}-(blue|green)-.*"`;
  const app = `namespace="${ns}", pod=~"${m.appName}-(blue|green)-.*"`;
  const cpuRatio = `sum by (pod) (rate(container_cpu_usage_seconds_total{${pods}, container!=""}[5m])) / sum by (pod) (kube_pod_container_resource_limits{${pods}, resource="cpu"})`;
  const errorRatio = (window: string) =>
    `(sum(rate(${requests}{${app}, ${code}=~"5.."}[${window}])) / clamp_min(sum(rate(${requests}{${app}}[${window}])), 1e-9))`;
  const budget = round(1 - t.availabilityTargetPercent / 100);

  const resourceRules: AlertRule[] = [
    {
      alert: "HighCPUUsage",
      expr: `${cpuRatio} > ${round(t.cpuWarningPercent / 100)}`,
      for: "10m",
      labels: { severity: "warning" },
      annotations: { summary: "Pod {{ $labels.pod }} uses over " + t.cpuWarningPercent + "% of its CPU limit", description: "CPU has been above the warning threshold for 10 minutes; the autoscaler may be at its maximum." },
    },
    {
      alert: "CriticalCPUUsage",
      expr: `${cpuRatio} > ${round(t.cpuCriticalPercent / 100)}`,
      for: "5m",
      labels: { severity: "critical" },
      annotations: { summary: "Pod {{ $labels.pod }} uses over " + t.cpuCriticalPercent + "% of its CPU limit", description: "The pod is being throttled; requests will slow down or time out." },
    },
    {
      alert: "HighMemoryUsage",
      expr: `sum by (pod) (container_memory_working_set_bytes{${pods}, container!=""}) / sum by (pod) (kube_pod_container_resource_limits{${pods}, resource="memory"}) > ${round(t.memoryPercent / 100)}`,
      for: "5m",
      labels: { severity: "warning" },
      annotations: { summary: "Pod {{ $labels.pod }} uses over " + t.memoryPercent + "% of its memory limit", description: "The pod will be OOM-killed at its limit." },
    },
    {
      alert: "PodCrashLooping",
      expr: `increase(kube_pod_container_status_restarts_total{${pods}}[15m]) > 3`,
      for: "5m",
      labels: { severity: "critical" },
      annotations: { summary: "Pod {{ $labels.pod }} is restarting repeatedly", description: "More than 3 restarts in 15 minutes." },
    },
    {
      alert: "DiskSpaceLow",
      expr: `kubelet_volume_stats_used_bytes / kubelet_volume_stats_capacity_bytes > ${round(t.diskPercent / 100)}`,
      for: "5m",
      labels: { severity: "warning" },
      annotations: { summary: "Volume {{ $labels.persistentvolumeclaim }} is over " + t.diskPercent + "% full", description: "Grow the volume or lower retention before it fills." },
    },
  ];

  const serviceRules: AlertRule[] = [
    {
      alert: "HighErrorRate",
      expr: `${errorRatio("5m")} > ${round(t.errorRatePercent / 100)}`,
      for: "5m",
      labels: { severity: "critical" },
      annotations: { summary: `Over ${t.errorRatePercent}% of requests fail with 5xx`, description: "Check the latest release; shift traffic back to the previous colour if it is the cause." },
    },
    {
      alert: "HighLatency",
      expr: `histogram_quantile(0.95, sum by (le) (rate(${duration}_bucket{${app}}[5m]))) > ${t.latencyP95Seconds}`,
      for: "10m",
      labels: { severity: "warning" },
      annotations: { summary: `p95 latency above ${t.latencyP95Seconds}s`, description: "Requests are slower than this environment's threshold." },
    },
    {
      alert: "ServiceDown",
      expr: `(sum(kube_deployment_status_replicas_ready{namespace="${ns}", deployment=~"${m.appName}-(blue|green)"}) or vector(0)) == 0 or (sum(up{${app}}) or vector(0)) == 0`,
      for: "2m",
      labels: { severity: "critical" },
      annotations: { summary: "No ready pod of the app, or every scrape fails", description: "The app is down in both colours." },
    },
  ];

  const sloRules: AlertRule[] = BURN_RATE_WINDOWS.map((w) => ({
    alert: w.name,
    expr: `${errorRatio(w.long)} > ${round(w.factor * budget)} and ${errorRatio(w.short)} > ${round(w.factor * budget)}`,
    labels: { severity: w.severity },
    annotations: {
      summary: `Error budget of the ${t.availabilityTargetPercent}% availability SLO burns ${w.factor}x too fast`,
      description: `Both the ${w.long} and ${w.short} error ratios exceed ${w.factor} times the budget (${budget}).`,
    },
  }));

  return [
    { name: "app.resources", rules: resourceRules },
    { name: "app.service", rules: serviceRules },
    { name: "app.slo", rules: sloRules },
  ];
}
