import { CONTAINER_INSIGHTS_ADDON, CONTAINER_INSIGHTS_METRICS, CONTAINER_INSIGHTS_NAMESPACE } from "../../components/eks";
import { SYNTHETICS_NAMESPACE } from "../../components/monitoring";
import { CapturedResource, runProgram, RunResult } from "../harness";

/** One metric an alarm or the dashboard reads. */
interface MetricRead {
  readonly namespace: string;
  readonly metricName: string;
  /** The alarm or dashboard that reads it. */
  readonly reader: string;
}

/**
 * Who makes each metric namespace exist in a stack: the component a resource
 * of `type` belongs to, and for namespaces an agent writes (rather than an AWS
 * service for every resource of a kind) the metric names that agent emits.
 */
const PRODUCERS: Readonly<Record<string, { readonly describe: string; readonly produces: (r: CapturedResource) => boolean; readonly metrics?: readonly string[] }>> = {
  "AWS/ApplicationELB": { describe: "the edge tier's load balancer", produces: (r) => r.type === "aws:lb/loadBalancer:LoadBalancer" },
  "AWS/RDS": { describe: "the database tier's instances and proxy", produces: (r) => r.type === "aws:rds/instance:Instance" || r.type === "aws:rds/proxy:Proxy" },
  "AWS/ElastiCache": { describe: "the cache tier's replication group", produces: (r) => r.type === "aws:elasticache/replicationGroup:ReplicationGroup" },
  "AWS/WAFV2": { describe: "the edge tier's web ACL", produces: (r) => r.type === "aws:wafv2/webAcl:WebAcl" },
  "AWS/CertificateManager": { describe: "the edge tier's ACM certificate", produces: (r) => r.type === "aws:acm/certificate:Certificate" },
  // SuccessPercent comes from Synthetics for every canary run; TimeToFirstByte from the canary's script (probe.test.ts runs it).
  [SYNTHETICS_NAMESPACE]: {
    describe: "the synthetic probe's canary (platform:monitoring:SyntheticCanary)",
    produces: (r) => r.type === "aws:synthetics/canary:Canary",
    metrics: ["SuccessPercent", "TimeToFirstByte"],
  },
  [CONTAINER_INSIGHTS_NAMESPACE]: {
    describe: `the ${CONTAINER_INSIGHTS_ADDON} add-on (platform:eks:ContainerInsights)`,
    produces: (r) => r.type === "aws:eks/addon:Addon" && r.inputs.addonName === CONTAINER_INSIGHTS_ADDON,
    metrics: CONTAINER_INSIGHTS_METRICS,
  },
};

/** Every metric the stack's alarms (plain and metric math) and its dashboard read. */
function metricReads(run: RunResult): MetricRead[] {
  const reads: MetricRead[] = [];
  for (const alarm of run.ofType("aws:cloudwatch/metricAlarm:MetricAlarm")) {
    const reader = `alarm ${alarm.inputs.name}`;
    if (alarm.inputs.metricName) reads.push({ namespace: alarm.inputs.namespace, metricName: alarm.inputs.metricName, reader });
    for (const query of alarm.inputs.metricQueries ?? []) {
      if (query.metric) reads.push({ namespace: query.metric.namespace, metricName: query.metric.metricName, reader });
    }
  }
  for (const dashboard of run.ofType("aws:cloudwatch/dashboard:Dashboard")) {
    const body = JSON.parse(dashboard.inputs.dashboardBody);
    for (const widget of body.widgets.filter((w: { type: string }) => w.type === "metric")) {
      for (const line of widget.properties.metrics) {
        if (typeof line[0] === "string") reads.push({ namespace: line[0], metricName: line[1], reader: `dashboard ${dashboard.inputs.dashboardName} "${widget.properties.title}"` });
      }
    }
  }
  return reads;
}

/** The reads whose metric nothing in `resources` produces, each with the reason. */
function unproduced(reads: readonly MetricRead[], resources: readonly CapturedResource[]): string[] {
  return reads.flatMap((read) => {
    const producer = PRODUCERS[read.namespace];
    if (!producer) return [`${read.namespace}/${read.metricName} (${read.reader}): no producer is known for the namespace`];
    if (!resources.some(producer.produces)) return [`${read.namespace}/${read.metricName} (${read.reader}): ${producer.describe} is not in the stack`];
    if (producer.metrics && !producer.metrics.includes(read.metricName)) return [`${read.namespace}/${read.metricName} (${read.reader}): ${producer.describe} does not emit it`];
    return [];
  });
}

describe.each(["dev", "staging", "prod"])("the %s stack on EKS", (stack) => {
  let run: RunResult;
  beforeAll(async () => {
    run = await runProgram({ stack, overrides: { "platform:compute": { platform: "eks" } } });
  }, 60_000);

  test("every metric its alarms and dashboard read has a producer in the stack", () => {
    const reads = metricReads(run);
    expect(reads.filter((r) => r.namespace === CONTAINER_INSIGHTS_NAMESPACE).length).toBeGreaterThanOrEqual(3);
    expect(unproduced(reads, run.resources)).toEqual([]);
  });

  test("the service alarms and the running-pods panel read ContainerInsights, which only the add-on produces", () => {
    const names = new Set(metricReads(run).filter((r) => r.namespace === CONTAINER_INSIGHTS_NAMESPACE).map((r) => r.metricName));
    expect([...names].sort()).toEqual(["kube_deployment_status_replicas_available", "pod_cpu_utilization_over_pod_limit", "pod_memory_utilization_over_pod_limit"]);
    const withoutAddon = run.resources.filter((r) => !PRODUCERS[CONTAINER_INSIGHTS_NAMESPACE].produces(r));
    const missing = unproduced(metricReads(run), withoutAddon);
    expect(missing.length).toBeGreaterThan(0);
    expect(missing.every((m) => m.startsWith(`${CONTAINER_INSIGHTS_NAMESPACE}/`))).toBe(true);
  });
});

test("a metric the agent does not emit is reported, naming the reader", () => {
  const addon = { type: "aws:eks/addon:Addon", inputs: { addonName: CONTAINER_INSIGHTS_ADDON } } as unknown as CapturedResource;
  expect(unproduced([{ namespace: CONTAINER_INSIGHTS_NAMESPACE, metricName: "pod_made_up_metric", reader: "alarm x" }], [addon])).toEqual([
    `ContainerInsights/pod_made_up_metric (alarm x): the ${CONTAINER_INSIGHTS_ADDON} add-on (platform:eks:ContainerInsights) does not emit it`,
  ]);
});
