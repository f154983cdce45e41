import * as pulumi from "@pulumi/pulumi";
import { LoadBalancerMetrics, ServiceMetrics } from "../internal/metrics";
import { AlarmSpec, MathQuery, MetricRef, serviceColours } from "./catalogue";
import { errorBudget } from "./slo";
import { AlarmGroup } from "./settings";

/**
 * The dashboard is generated from the alarm catalogue: every alarm's metric
 * (or metric math) becomes a graph with the alarm's threshold drawn on it, so
 * an alarm's metric is always on the dashboard. An overview row adds the
 * views no alarm owns: requests, p50/p95/p99 latency, error rate, remaining
 * error budget and running tasks per colour. Those panels are data too
 * ({@link overviewPanels}), so tests can tell which metrics the dashboard may name.
 */

/** A graph that is not an alarm: the overview row. */
export interface Panel {
  readonly key: string;
  readonly title: string;
  readonly metrics: Readonly<Record<string, MetricRef>>;
  /** Expressions over `metrics`; when present, the raw metrics are hidden. */
  readonly expressions?: readonly { readonly id: string; readonly expression: string; readonly label: string }[];
  /** `singleValue` with the period set to the dashboard's time range (error budget). */
  readonly view?: "timeSeries" | "singleValue";
}

export function overviewPanels(sources: { loadBalancer?: LoadBalancerMetrics; service?: ServiceMetrics }, sloTargetPercent: number): Panel[] {
  const panels: Panel[] = [];
  const lb = sources.loadBalancer;
  if (lb) {
    const dims = { LoadBalancer: lb.loadBalancerArnSuffix };
    const alb = (metricName: string, stat: string): MetricRef => ({ namespace: "AWS/ApplicationELB", metricName, dimensions: dims, stat, periodSeconds: 60 });
    panels.push({ key: "requests", title: "Requests per minute", metrics: { requests: alb("RequestCount", "Sum") } });
    panels.push({
      key: "latency",
      title: "Target response time p50 / p95 / p99 (s)",
      metrics: { p50: alb("TargetResponseTime", "p50"), p95: alb("TargetResponseTime", "p95"), p99: alb("TargetResponseTime", "p99") },
    });
    const errorMetrics = {
      targetErrors: alb("HTTPCode_Target_5XX_Count", "Sum"),
      lbErrors: alb("HTTPCode_ELB_5XX_Count", "Sum"),
      requests: alb("RequestCount", "Sum"),
    };
    const errorRatio = "(FILL(targetErrors, 0) + FILL(lbErrors, 0)) / requests";
    panels.push({
      key: "error-rate",
      title: "Error rate (% of requests answered 5xx)",
      metrics: errorMetrics,
      expressions: [{ id: "errorRate", expression: `100 * ${errorRatio}`, label: "5xx (%)" }],
    });
    panels.push({
      key: "error-budget",
      title: `Error budget remaining over the time range (${sloTargetPercent}% target)`,
      metrics: errorMetrics,
      expressions: [{ id: "budgetLeft", expression: `100 * (1 - ${errorRatio} / ${errorBudget(sloTargetPercent)})`, label: "Budget left (%)" }],
      view: "singleValue",
    });
  }
  const service = sources.service;
  if (service) {
    const metrics = Object.fromEntries(
      serviceColours(service).map((colour): [string, MetricRef] => {
        const c = colour ?? "blue";
        return service.kind === "ecs"
          ? [colour ?? "service", { namespace: "ECS/ContainerInsights", metricName: "RunningTaskCount", dimensions: { ClusterName: service.clusterName, ServiceName: service.serviceNames[c] }, stat: "Average", periodSeconds: 60 }]
          : [c, { namespace: "ContainerInsights", metricName: "kube_deployment_status_replicas_available", dimensions: { ClusterName: service.clusterName, Namespace: service.namespace, PodName: service.deploymentNames[c] }, stat: "Average", periodSeconds: 60 }];
      }),
    );
    panels.push({ key: "running", title: `Running ${service.kind === "ecs" ? "tasks" : "pods"} per colour`, metrics });
  }
  return panels;
}

const GROUP_TITLES: Record<AlarmGroup, string> = {
  service: "Service",
  loadBalancer: "Load balancer",
  database: "Database",
  cache: "Cache",
  waf: "WAF",
  certificate: "Certificate",
  slo: "SLO: availability burn rates and p99 latency",
  synthetics: "Synthetic probes from outside",
};

const WIDTH = 8;
const HEIGHT = 6;
const COLUMNS = 24 / WIDTH;

type MetricLine = unknown[];

function metricLine(ref: MetricRef, options: Record<string, unknown>): MetricLine {
  const dims = Object.entries(ref.dimensions).flatMap(([k, v]) => [k, v]);
  return [ref.namespace, ref.metricName, ...dims, { stat: ref.stat, period: ref.periodSeconds, ...options }];
}

function mathLines(math: MathQuery, id = "e1"): MetricLine[] {
  return [
    ...Object.entries(math.metrics).map(([metricId, ref]) => metricLine(ref, { id: metricId, visible: false })),
    [{ expression: math.expression, label: math.label, id }],
  ];
}

/** Alarms that watch the same query (CPU warning and critical) share one graph with both thresholds drawn. */
function queryKey(spec: AlarmSpec): string {
  return spec.key.replace(/-(warning|critical)(?=-|$)/, "");
}

/** The dashboard body as CloudWatch takes it; resolves the dimension outputs. */
export function dashboardBody(region: pulumi.Input<string>, alarms: readonly AlarmSpec[], panels: readonly Panel[]): pulumi.Output<string> {
  const widgets: Record<string, unknown>[] = [];
  let y = 0;
  const row = (title: string, graphs: Record<string, unknown>[]) => {
    if (graphs.length === 0) return;
    widgets.push({ type: "text", x: 0, y, width: 24, height: 1, properties: { markdown: `## ${title}` } });
    y += 1;
    graphs.forEach((g, i) => widgets.push({ ...g, x: (i % COLUMNS) * WIDTH, y: y + Math.floor(i / COLUMNS) * HEIGHT, width: WIDTH, height: HEIGHT }));
    y += Math.ceil(graphs.length / COLUMNS) * HEIGHT;
  };
  row(
    "Overview",
    panels.map((p) => {
      const lines: MetricLine[] = p.expressions
        ? [
            ...Object.entries(p.metrics).map(([id, ref]) => metricLine(ref, { id, visible: false })),
            ...p.expressions.map((e) => [{ expression: e.expression, label: e.label, id: e.id }]),
          ]
        : Object.entries(p.metrics).map(([id, ref]) => metricLine(ref, { id, label: id }));
      return graph(region, p.title, lines, [], p.view ?? "timeSeries");
    }),
  );
  const groups = [...new Set(alarms.map((a) => a.group))];
  for (const group of groups) {
    const byQuery = new Map<string, AlarmSpec[]>();
    for (const spec of alarms.filter((a) => a.group === group)) byQuery.set(queryKey(spec), [...(byQuery.get(queryKey(spec)) ?? []), spec]);
    row(
      GROUP_TITLES[group],
      [...byQuery.values()].map((specs) => {
        const first = specs[0];
        const lines = first.math ? mathLines(first.math) : [metricLine(first.metric!, { label: first.metric!.metricName })];
        const annotations = specs.map((s) => ({ label: `${s.severity}: ${s.title}`, value: s.threshold, color: s.severity === "critical" ? "#d13212" : "#ff9900" }));
        return graph(region, specs.map((s) => s.title).join(" / "), lines, annotations, "timeSeries");
      }),
    );
  }
  return pulumi.output({ widgets }).apply((body) => JSON.stringify(body));
}

function graph(region: pulumi.Input<string>, title: string, metrics: MetricLine[], horizontal: unknown[], view: "timeSeries" | "singleValue") {
  return {
    type: "metric",
    properties: {
      title,
      region,
      view,
      stacked: false,
      metrics,
      ...(view === "singleValue" ? { setPeriodToTimeRange: true } : { annotations: { horizontal } }),
    },
  };
}
