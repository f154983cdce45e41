import { Monitoring, MonitoringArgs } from "../../components/monitoring";
import { CapturedResource, nonEmpty, runComponents, RunResult } from "../harness";
import { COMPOSITE_ALARM, ecsSources, eksService, METRIC_ALARM } from "./fixtures";
import { BUDGET_NOTIFICATIONS, Given, RECOMMENDED_ALARMS, RecommendedAlarm, SEVERITY_ROUTING } from "./recommended-alarms";

/**
 * Every alarm of the catalogue, as created, against the independent table in
 * `recommended-alarms.ts`. Thresholds are set away from their defaults and
 * from each other, so an alarm that reads the wrong threshold, or forgets a
 * unit conversion, cannot match by accident.
 */
const GIVEN: Given = {
  service: { cpuWarningPercent: 71, cpuCriticalPercent: 93, memoryPercent: 87, minimumRunning: 2 },
  loadBalancer: { target5xxPercent: 3, p95LatencyMs: 750, p95LatencyCriticalMs: 1750, rejectedConnectionsPerMinute: 2 },
  latencyP99Ms: 2250,
  synthetics: { timeToFirstByteMs: 1300 },
  database: {
    cpuPercent: 77,
    freeStoragePercent: 15,
    connectionsPercent: 65,
    readLatencyMs: 25,
    writeLatencyMs: 40,
    replicaLagSeconds: 45,
    freeableMemoryMiB: 300,
    allocatedStorageGiB: 100,
    maxConnections: 1000,
  },
  cache: { engineCpuPercent: 75, memoryPercent: 83, evictionsPer5Minutes: 50, hitRatePercent: 85, replicationLagSeconds: 20 },
  waf: { blockedRequestsPer5Minutes: 500 },
  certificate: { daysToExpiry: 45 },
  burnRates: { fast: 14.4, slow: 6 },
};

const BUDGET = "aws:budgets/budget:Budget";

const thresholds: MonitoringArgs["thresholds"] = {
  service: { cpuWarningPercent: 71, cpuCriticalPercent: 93, memoryPercent: 87 },
  loadBalancer: { target5xxPercent: 3, p95LatencyMs: 750, p95LatencyCriticalMs: 1750, rejectedConnectionsPerMinute: 2 },
  database: { cpuPercent: 77, freeStoragePercent: 15, connectionsPercent: 65, readLatencyMs: 25, writeLatencyMs: 40, replicaLagSeconds: 45, freeableMemoryMiB: 300 },
  cache: { engineCpuPercent: 75, memoryPercent: 83, evictionsPer5Minutes: 50, hitRatePercent: 85, replicationLagSeconds: 20 },
  waf: { blockedRequestsPer5Minutes: 500 },
  certificate: { daysToExpiry: 45 },
  synthetics: { failedRuns: 3, timeToFirstByteMs: 1300 },
};

/** Budget percentages away from their defaults (80, 100) and from each other. */
const budget = { monthlyUsd: 1500, warningForecastPercent: 85, criticalActualPercent: 110, costAllocationTags: { Environment: "prod" } };

const runWith = (service?: "eks" | "native") =>
  runComponents(() => {
    const sources = ecsSources({ replicas: 2, cacheNodes: 3, deployment: service === "native" ? "native" : "colours" });
    const monitoring = new Monitoring("mon", { alarmNamePrefix: "prod", ...sources, ...(service === "eks" ? { service: eksService() } : {}), thresholds, slo: { latencyP99Ms: 2250 }, budget });
    return { topics: monitoring.topicArns };
  });

interface MetricRead {
  readonly namespace: string;
  readonly metricName: string;
  readonly stat: string;
  readonly period: number;
}

/** What a created alarm reads: its one metric, or every metric of its metric math. */
function reads(alarm: CapturedResource): MetricRead[] {
  const i = alarm.inputs;
  if (i.metricQueries) return i.metricQueries.filter((q: any) => q.metric).map((q: any) => ({ ...q.metric, stat: q.metric.stat }));
  return [{ namespace: i.namespace, metricName: i.metricName, stat: i.extendedStatistic ?? i.statistic, period: i.period }];
}

const keyOf = (alarm: CapturedResource) => alarm.name.replace(/^mon-/, "");

/** The cost budget's notifications, keyed `budget-<type>` like the table. */
const budgetNotifications = (run: RunResult): { key: string; notification: any }[] =>
  run.one(BUDGET, "mon-budget").inputs.notifications.map((n: any) => ({ key: `budget-${String(n.notificationType).toLowerCase()}`, notification: n }));

function rowFor(alarm: CapturedResource): RecommendedAlarm | undefined {
  const namespace = reads(alarm)[0]?.namespace;
  return RECOMMENDED_ALARMS.find((row) => row.keys.test(keyOf(alarm)) && row.namespace === namespace);
}

/** The alarm as the table says it should be, and as it was created, side by side. */
function compare(alarm: CapturedResource, row: RecommendedAlarm, given: Given) {
  const key = keyOf(alarm);
  const read = reads(alarm);
  const expectedPeriod = row.deviation?.periodSeconds ?? (typeof row.periodSeconds === "function" ? row.periodSeconds(key) : row.periodSeconds);
  const operator: string = alarm.inputs.comparisonOperator;
  return {
    expected: {
      key,
      metrics: [...row.metrics].sort(),
      statistics: [row.deviation?.statistic ?? row.statistic],
      periods: [expectedPeriod],
      direction: row.direction,
      threshold: row.threshold(given, key),
    },
    actual: {
      key,
      metrics: [...new Set(read.map((r) => r.metricName))].sort(),
      statistics: [...new Set(read.map((r) => r.stat))],
      periods: [...new Set(read.map((r) => r.period))],
      direction: operator.startsWith("GreaterThan") ? "higher is worse" : operator.startsWith("LessThan") ? "lower is worse" : operator,
      threshold: alarm.inputs.threshold,
    },
  };
}

describe.each([
  ["ECS (one service per colour)", undefined],
  ["ECS (native blue/green deployment)", "native" as const],
  ["EKS", "eks" as const],
])("every catalogue alarm of a stack on %s matches AWS's recommendation", (_label, service) => {
  let run: RunResult;
  beforeAll(async () => {
    run = await runWith(service);
  });

  test("each metric alarm has a row in the recommended-alarms table", () => {
    const missing = nonEmpty(run.ofType(METRIC_ALARM), "metric alarm").filter((a) => !rowFor(a)).map(keyOf);
    expect(missing).toEqual([]);
  });

  test("metric, statistic, period, direction and threshold (in the metric's unit) are the table's", () => {
    // The fixtures' minimum: 2 tasks on ECS, 3 pods on EKS.
    const given = { ...GIVEN, service: { ...GIVEN.service, minimumRunning: service === "eks" ? 3 : GIVEN.service.minimumRunning } };
    const compared = nonEmpty(run.ofType(METRIC_ALARM), "metric alarm")
      .map((alarm) => [alarm, rowFor(alarm)] as const)
      .filter((pair): pair is readonly [CapturedResource, RecommendedAlarm] => pair[1] !== undefined) // a missing row is reported above
      .map(([alarm, row]) => compare(alarm, row, given));
    expect(compared.map((c) => c.actual)).toEqual(compared.map((c) => c.expected));
  });

  test("the cost budget notifies on exactly the table's notifications: type, direction and threshold (a percent of the limit)", () => {
    const actual = nonEmpty(budgetNotifications(run), "budget notification").map(({ key, notification: n }) => ({
      key,
      notificationType: n.notificationType,
      direction: n.comparisonOperator === "GREATER_THAN" ? "higher is worse" : n.comparisonOperator === "LESS_THAN" ? "lower is worse" : n.comparisonOperator,
      thresholdType: n.thresholdType,
      threshold: n.threshold,
    }));
    const expected = BUDGET_NOTIFICATIONS.map((row) => ({ key: row.key, notificationType: row.notificationType, direction: row.direction, thresholdType: row.thresholdType, threshold: row.threshold(budget) }));
    expect(actual).toEqual(expected);
  });

  test("every alarm notifies and clears on the topic of the severity the routing table gives it, and on no other", () => {
    const topics: Record<string, string> = run.outputs.topics;
    expect(new Set(Object.values(topics)).size).toBe(3);
    for (const alarm of nonEmpty([...run.ofType(METRIC_ALARM), ...run.ofType(COMPOSITE_ALARM)], "alarm")) {
      const key = keyOf(alarm);
      const routes = SEVERITY_ROUTING.filter((r) => r.keys.test(key)).map((r) => r.severity);
      expect({ key, routes: routes.length }).toEqual({ key, routes: 1 });
      const topic = topics[routes[0]];
      expect({ key, alarmActions: alarm.inputs.alarmActions, okActions: alarm.inputs.okActions }).toEqual({ key, alarmActions: [topic], okActions: [topic] });
    }
    for (const { key, notification } of nonEmpty(budgetNotifications(run), "budget notification")) {
      const routes = SEVERITY_ROUTING.filter((r) => r.keys.test(key)).map((r) => r.severity);
      expect({ key, routes: routes.length }).toEqual({ key, routes: 1 });
      expect({ key, subscribers: notification.subscriberSnsTopicArns }).toEqual({ key, subscribers: [topics[routes[0]]] });
    }
  });
});

test("every row of the table describes an alarm the catalogue creates on ECS or EKS, so none is stale", async () => {
  const runs = [await runWith(), await runWith("eks")];
  const alarms = runs.flatMap((r) => r.ofType(METRIC_ALARM));
  const unused = RECOMMENDED_ALARMS.filter((row) => !alarms.some((a) => rowFor(a) === row)).map((row) => `${row.namespace} ${row.keys}`);
  expect(unused).toEqual([]);
  const keys = [...[...alarms, ...runs.flatMap((r) => r.ofType(COMPOSITE_ALARM))].map(keyOf), ...runs.flatMap(budgetNotifications).map((n) => n.key)];
  expect(SEVERITY_ROUTING.filter((r) => !keys.some((k) => r.keys.test(k))).map((r) => String(r.keys))).toEqual([]);
});

test("every deviation from AWS's recommendation says why", () => {
  for (const row of RECOMMENDED_ALARMS.filter((r) => r.deviation)) {
    expect({ row: String(row.keys), why: row.deviation!.why.length > 20, changes: row.deviation!.statistic !== undefined || row.deviation!.periodSeconds !== undefined }).toEqual({
      row: String(row.keys),
      why: true,
      changes: true,
    });
  }
});
