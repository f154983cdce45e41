import { AppMetricNames } from "./alert-rules";

/** The app's Grafana dashboard: traffic, errors, latency, CPU and memory per colour. */
export function appDashboard(m: AppMetricNames) {
  const requests = m.requestsTotal ?? "http_requests_total";
  const duration = m.durationHistogram ?? "http_request_duration_seconds";
  const code = m.statusLabel ?? "code";
  const pods = `namespace="${m.namespace}", pod=~"${m.appName}-(blue|green)-.*"`;
  const colour = `label_replace(%s, "colour", "$1", "pod", "${m.appName}-(blue|green)-.*")`;
  const panel = (id: number, title: string, expr: string, unit: string) => ({
    id,
    title,
    type: "timeseries",
    datasource: { type: "prometheus", uid: "prometheus" },
    fieldConfig: { defaults: { unit } },
    gridPos: { h: 8, w: 12, x: ((id - 1) % 2) * 12, y: Math.floor((id - 1) / 2) * 8 },
    targets: [{ expr, legendFormat: "{{colour}}" }],
  });
  return {
    uid: `${m.appName}-app`,
    title: `${m.appName} (EKS)`,
    schemaVersion: 39,
    time: { from: "now-6h", to: "now" },
    panels: [
      panel(1, "Requests per second", `sum by (colour) (${colour.replace("%s", `rate(${requests}{${pods}}[5m])`)})`, "reqps"),
      panel(2, "5xx ratio", `sum by (colour) (${colour.replace("%s", `rate(${requests}{${pods}, ${code}=~"5.."}[5m])`)}) / sum by (colour) (${colour.replace("%s", `rate(${requests}{${pods}}[5m])`)})`, "percentunit"),
      panel(3, "p95 latency", `histogram_quantile(0.95, sum by (le, colour) (${colour.replace("%s", `rate(${duration}_bucket{${pods}}[5m])`)}))`, "s"),
      panel(4, "CPU (cores)", `sum by (colour) (${colour.replace("%s", `rate(container_cpu_usage_seconds_total{${pods}, container!=""}[5m])`)})`, "none"),
      panel(5, "Memory working set", `sum by (colour) (${colour.replace("%s", `container_memory_working_set_bytes{${pods}, container!=""}`)})`, "bytes"),
      panel(6, "Ready pods", `sum by (deployment) (kube_deployment_status_replicas_ready{namespace="${m.namespace}", deployment=~"${m.appName}-(blue|green)"})`, "none"),
    ],
  };
}
