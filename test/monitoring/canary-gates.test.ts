/**
 * What the per-colour canary gates decide from traffic, evaluated by an
 * independent model of CloudWatch's metric math and alarm evaluation
 * (alarm-evaluator.ts), for the catalogue planned from the example
 * descriptors with default thresholds (5% 5xx, p95 1000 ms critical, p99 1500 ms).
 */
import { AlarmSpec, deploymentHealthMembers, Monitoring, planAlarms } from "../../components/monitoring";
import { runComponents } from "../harness";
import { alarmState, colourTraffic, evaluateExpression, Minute, steady } from "./alarm-evaluator";
import { ecsSources, METRIC_ALARM } from "./fixtures";

const plan = planAlarms({ alarmNamePrefix: "prod", ...ecsSources() });
const spec = (key: string): AlarmSpec => {
  const found = plan.alarms.find((a) => a.key === key);
  if (!found) throw new Error(`no alarm ${key}`);
  return found;
};
/**
 * A colour's deployment health as its composite alarm decides it (ALARM when
 * any member is), over the members traffic decides: the gates. The others
 * (CPU, unhealthy targets, ServiceDown) read metrics this traffic model has not.
 */
const health = (colour: "blue" | "green", minutes: Minute[]) =>
  deploymentHealthMembers(plan.alarms, colour).some((a) => a.key.startsWith("lb-gate-") && alarmState(a, minutes) === "ALARM") ? "ALARM" : "OK";

test("a colour's deployment health holds its own three gates and none of the other colour's", () => {
  const gates = (colour: string) => deploymentHealthMembers(plan.alarms, colour as "blue" | "green").map((a) => a.key).filter((k) => k.startsWith("lb-gate-"));
  expect(gates("green")).toEqual(["lb-gate-5xx-green", "lb-gate-latency-p95-green", "lb-gate-latency-p99-green"]);
  expect(gates("blue")).toEqual(["lb-gate-5xx-blue", "lb-gate-latency-p95-blue", "lb-gate-latency-p99-blue"]);
});

describe("the evaluator's metric math", () => {
  test("follows IF, FILL and missing datapoints as CloudWatch documents them", () => {
    const ratio = "IF(requests >= 10, 100 * FILL(errors, 0) / requests, 0)";
    expect(evaluateExpression(ratio, { requests: 100, errors: undefined })).toBe(0);
    expect(evaluateExpression(ratio, { requests: 100, errors: 7 })).toBe(7);
    expect(evaluateExpression(ratio, { requests: 5, errors: 5 })).toBe(0);
    expect(evaluateExpression(ratio, { requests: undefined, errors: 5 })).toBeUndefined();
    expect(evaluateExpression("MAX([a, b])", { a: undefined, b: 3 })).toBe(3);
  });
});

describe("a release to green at 10% whose new version fails", () => {
  const blue = colourTraffic(900, { failing: 0.001 });

  test("a colour at 10% that fails every request trips its 5xx gate in 3 minutes, and green's deployment health with it", () => {
    const minutes = steady(3, { blue, green: colourTraffic(100, { failing: 1 }) });
    expect(alarmState(spec("lb-gate-5xx-green"), minutes)).toBe("ALARM");
    expect(health("green", minutes)).toBe("ALARM");
    expect(alarmState(spec("lb-gate-5xx-blue"), minutes)).toBe("OK");
    expect(health("blue", minutes)).toBe("OK");
  });

  test("one healthy minute less and the gate has not tripped yet (3 of 3 minutes must breach)", () => {
    const minutes = [{ blue, green: colourTraffic(100) }, ...steady(2, { blue, green: colourTraffic(100, { failing: 1 }) })];
    expect(alarmState(spec("lb-gate-5xx-green"), minutes)).toBe("OK");
  });

  test("a colour failing 30% of its requests trips its gate while the load balancer's diluted ratio (about 3%) stays under 5%", () => {
    const minutes = steady(5, { blue, green: colourTraffic(100, { failing: 0.3 }) });
    expect(alarmState(spec("lb-gate-5xx-green"), minutes)).toBe("ALARM");
    expect(alarmState(spec("lb-target-5xx-ratio"), minutes)).toBe("OK");
  });

  test("a colour serving fewer requests a minute than the minimum is not judged, however many fail", () => {
    const minutes = steady(5, { blue: colourTraffic(45), green: colourTraffic(5, { failing: 1 }) });
    expect(alarmState(spec("lb-gate-5xx-green"), minutes)).toBe("OK");
  });

  test("a colour whose slowest 10% take 2.5 s trips its p95 gate while the load balancer's p95 stays fast", () => {
    const minutes = steady(3, { blue: colourTraffic(2700), green: colourTraffic(300, { slowShare: 0.1 }) });
    expect(alarmState(spec("lb-gate-latency-p95-green"), minutes)).toBe("ALARM");
    expect(alarmState(spec("lb-latency-p95-critical"), steady(5, minutes[0]))).toBe("OK");
    expect(health("green", minutes)).toBe("ALARM");
  });

  test("the p95 gate holds its state below 200 requests a minute, as CloudWatch does for too few samples", () => {
    const minutes = steady(3, { blue: colourTraffic(900), green: colourTraffic(150, { slowShare: 0.5 }) });
    expect(alarmState(spec("lb-gate-latency-p95-green"), minutes)).toBe("OK");
  });

  test("the p99 gate judges 5-minute periods, so 300 requests a minute are enough samples", () => {
    const slowTail = steady(5, { blue: colourTraffic(2700), green: colourTraffic(300, { slowShare: 0.03 }) });
    expect(alarmState(spec("lb-gate-latency-p99-green"), slowTail)).toBe("ALARM");
    expect(alarmState(spec("lb-gate-latency-p95-green"), slowTail)).toBe("OK");
    const quiet = steady(5, { blue: colourTraffic(900), green: colourTraffic(100, { slowShare: 0.03 }) });
    expect(alarmState(spec("lb-gate-latency-p99-green"), quiet)).toBe("OK");
  });
});

test("each gate reads its own colour's target group, from the load balancer's metric descriptor", async () => {
  const sources = ecsSources();
  const run = await runComponents(() => void new Monitoring("mon", { alarmNamePrefix: "prod", ...sources }));
  const expected = { blue: "targetgroup/app-blue/73e2d6bc24d8a067", green: "targetgroup/app-green/943f017f100becff" };
  for (const colour of ["blue", "green"] as const) {
    const ratio = run.one(METRIC_ALARM, `mon-lb-gate-5xx-${colour}`).inputs.metricQueries.filter((q: any) => q.metric);
    expect(ratio.map((q: any) => [q.metric.metricName, q.metric.dimensions])).toEqual([
      ["HTTPCode_Target_5XX_Count", { LoadBalancer: "app/app-alb/50dc6c495c0c9188", TargetGroup: expected[colour] }],
      ["RequestCount", { LoadBalancer: "app/app-alb/50dc6c495c0c9188", TargetGroup: expected[colour] }],
    ]);
    for (const [stat, period] of [["p95", 60], ["p99", 300]] as const) {
      const latency = run.one(METRIC_ALARM, `mon-lb-gate-latency-${stat}-${colour}`).inputs;
      expect([latency.metricName, latency.extendedStatistic, latency.period, latency.dimensions.TargetGroup, latency.evaluateLowSampleCountPercentiles]).toEqual([
        "TargetResponseTime",
        stat,
        period,
        expected[colour],
        "ignore",
      ]);
    }
  }
});
