import { parsePlatformConfig } from "../../stacks/config";
import { runProgram, RunResult } from "../harness";
import { runPolicyPacks } from "../harness/policy-runner";
import { readStackConfig } from "../harness/stack-config";
import { COMPOSITE_ALARM, METRIC_ALARM, SUBSCRIPTION } from "./fixtures";

const STACKS = ["dev", "staging", "prod"] as const;
const configOf = (stack: string) => parsePlatformConfig(readStackConfig(stack).values, stack);
const alarmNamed = (run: RunResult, name: string) => run.ofType(METRIC_ALARM).find((a) => a.inputs.name === name);

describe.each(STACKS)("the %s stack's monitoring", (stack) => {
  let run: RunResult;
  const config = configOf(stack);
  beforeAll(async () => {
    run = await runProgram({ stack });
  });

  test("creates alarms only for the groups its stack file switches on", () => {
    const groups = new Set(run.ofType(METRIC_ALARM).map((a) => a.inputs.tags["platform:alarm-group"]));
    for (const group of groups) expect(config.monitoring.groups).toContain(group);
    expect(groups.has("loadBalancer")).toBe(true);
  });

  test("the p95 latency alarm uses the stack file's threshold", () => {
    expect(alarmNamed(run, `${stack}-lb-latency-p95`)?.inputs.threshold).toBe(config.monitoring.loadBalancer.p95LatencyMs / 1000);
  });

  test("the 5xx ratio alarm uses the stack file's threshold", () => {
    expect(alarmNamed(run, `${stack}-lb-target-5xx-ratio`)?.inputs.threshold).toBe(config.monitoring.loadBalancer.target5xxPercent);
  });

  test("burn-rate pairs exist exactly when the slo group is on, one per configured window", () => {
    const composites = run.ofType(COMPOSITE_ALARM).filter((a) => a.name.startsWith("monitoring-slo-burn-"));
    const expected = config.monitoring.groups.includes("slo") ? config.monitoring.slo.windows.map((w) => `${stack}-slo-burn-${w.name}`) : [];
    expect(composites.map((c) => c.inputs.alarmName).sort()).toEqual(expected.sort());
    for (const w of config.monitoring.groups.includes("slo") ? config.monitoring.slo.windows : []) {
      expect(alarmNamed(run, `${stack}-slo-burn-${w.name}-${w.longWindowMinutes}m`)?.inputs.threshold).toBe(w.burnRate);
    }
  });

  test("exports the deployment-health alarm name the release command and ECS deployments refer to", () => {
    expect(run.outputs.deploymentHealthAlarmName).toBe(`${stack}-deployment-health`);
    expect(run.outputs.dashboardName).toBe(`${stack}-platform`);
    expect(Object.keys(run.outputs.alarmTopicArns).sort()).toEqual(["critical", "info", "warning"]);
  });

  test("each colour's deployment health covers ServiceDown, its CPU and unhealthy targets and its canary gates, with the stack file's thresholds", () => {
    for (const colour of ["blue", "green"]) {
      const rule: string = run.one(COMPOSITE_ALARM, `monitoring-deployment-health-${colour}`).inputs.alarmRule;
      for (const key of ["service-down", `service-cpu-critical-${colour}`, `lb-unhealthy-hosts-${colour}`, `lb-gate-5xx-${colour}`, `lb-gate-latency-p95-${colour}`, `lb-gate-latency-p99-${colour}`]) {
        expect(rule).toContain(`ALARM("${stack}-${key}")`);
      }
    }
    expect(run.outputs.deploymentHealthAlarmNames).toEqual({ blue: `${stack}-deployment-health-blue`, green: `${stack}-deployment-health-green` });
    expect(alarmNamed(run, `${stack}-lb-gate-latency-p95-green`)?.inputs.threshold).toBe(config.monitoring.loadBalancer.p95LatencyCriticalMs / 1000);
    expect(alarmNamed(run, `${stack}-lb-gate-latency-p99-green`)?.inputs.threshold).toBe(config.monitoring.slo.latencyP99Ms / 1000);
  });

  test("its dashboard body is valid JSON whose widgets read the stack's region", () => {
    const body = JSON.parse(run.one("aws:cloudwatch/dashboard:Dashboard", "monitoring-dashboard").inputs.dashboardBody);
    const regions = new Set(body.widgets.filter((w: any) => w.type === "metric").map((w: any) => w.properties.region));
    expect([...regions]).toEqual([config.region]);
  });

  test("its topics, keys and alarms pass both policy packs", async () => {
    const violations = await runPolicyPacks(run);
    expect(violations.filter((v) => (v.urn ?? "").includes("platform:monitoring:Monitoring"))).toEqual([]);
  });

  test("subscribes the stack file's email addresses to their severity's topic", () => {
    for (const [severity, targets] of Object.entries(config.monitoring.subscriptions)) {
      for (const email of targets.emails) {
        const subscription = run.ofType(SUBSCRIPTION).find((s) => s.inputs.endpoint === email && s.inputs.topic === run.outputs.alarmTopicArns[severity]);
        expect({ severity, email, subscribed: !!subscription }).toEqual({ severity, email, subscribed: true });
      }
    }
  });
});

test("dev leaves out the WAF, certificate and SLO groups", async () => {
  expect(configOf("dev").monitoring.groups).toEqual(["service", "loadBalancer", "database", "cache"]);
});

test("an HTTPS endpoint from secret config is a Pulumi secret in the subscription and appears in no output", async () => {
  const url = "https://relay.example.com/hooks/0123456789abcdef";
  const run = await runProgram({ stack: "prod", secrets: { "platform:monitoring": { subscriptions: { critical: { https: { relay: url } } } } } });
  const subscription = run.one(SUBSCRIPTION, "monitoring-critical-https-relay");
  expect(subscription.inputs.endpoint).toBe(url);
  expect(subscription.secretInputPaths).toContain("endpoint");
  expect(JSON.stringify(run.outputs)).not.toContain("0123456789abcdef");
});

test("an HTTPS endpoint that is not an https:// URL is refused without printing it", async () => {
  const attempt = runProgram({ stack: "prod", overrides: { "platform:monitoring": { subscriptions: { critical: { https: { chat: "http://relay.example.com/token-xyz" } } } } } });
  await expect(attempt).rejects.toThrow(/platform:monitoring.subscriptions.critical.https.chat: "\(secret, not shown\)" is not allowed \(expected an https:\/\/ URL\)/);
  await expect(attempt).rejects.not.toThrow(/token-xyz/);
});

test.each([
  [{ groups: ["service", "logs"] }, /platform:monitoring.groups\[1\]: "logs" is not allowed/],
  [{ service: { cpuWarningPercent: 90, cpuCriticalPercent: 85 } }, /platform:monitoring.service.cpuCriticalPercent: 85 is not allowed \(expected more than cpuWarningPercent \(90\)\)/],
  [{ slo: { windows: [{ name: "fast", burnRate: 14.4, longWindowMinutes: 5, shortWindowMinutes: 60 }] } }, /platform:monitoring.slo.windows\[0\].shortWindowMinutes: 60 is not allowed/],
  [{ slo: { targetPercent: 100 } }, /platform:monitoring.slo.targetPercent: 100 is not allowed/],
  [{ loadBalancer: { p95LatencyMs: 5 } }, /platform:monitoring.loadBalancer.p95LatencyMs: 5 is not allowed/],
])("refuses the monitoring config %j", async (monitoring, message) => {
  const raw = { ...readStackConfig("prod").values, "platform:monitoring": JSON.stringify(monitoring) };
  expect(() => parsePlatformConfig(raw, "prod")).toThrow(message);
});

test("on EKS the service alarms read Container Insights per deployment, and ServiceDown sums both colours", async () => {
  const run = await runProgram({ stack: "prod", overrides: { "platform:compute": { platform: "eks" } } });
  const cpu = alarmNamed(run, "prod-service-cpu-critical-green");
  expect(cpu?.inputs).toMatchObject({ namespace: "ContainerInsights", metricName: "pod_cpu_utilization_over_pod_limit", dimensions: { PodName: expect.stringContaining("green") } });
  const down = alarmNamed(run, "prod-service-down");
  const pods = down?.inputs.metricQueries.filter((q: any) => q.metric).map((q: any) => q.metric.dimensions.PodName);
  expect(pods).toHaveLength(2);
  expect(new Set(pods).size).toBe(2);
  expect(run.outputs.deploymentHealthAlarmName).toBe("prod-deployment-health");
}, 120000);
