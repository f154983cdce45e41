import { Monitoring, MonitoringArgs, overviewPanels, referencedIds } from "../../components/monitoring";
import { nonEmpty, runComponents, RunResult } from "../harness";
import { alarmsByName, COMPOSITE_ALARM, DASHBOARD, ecsSources, eksService, METRIC_ALARM, SUBSCRIPTION, TOPIC } from "./fixtures";

const run = (args: Partial<MonitoringArgs> = {}, sources = ecsSources) =>
  runComponents(() => {
    const given = { ...sources(), ...args };
    const monitoring = new Monitoring("mon", { alarmNamePrefix: "prod", ...given });
    const overview = overviewPanels(given, 99.9).flatMap((p) => Object.values(p.metrics).map((m) => `${m.namespace}/${m.metricName}`));
    return { alarmNames: monitoring.alarmNames, deploymentHealth: monitoring.deploymentHealthAlarmName, topics: monitoring.topicArns, overview };
  });

const alarm = (r: RunResult, key: string) => r.one(METRIC_ALARM, `mon-${key}`);
const topicArn = (r: RunResult, severity: string) => r.outputs.topics[severity];
const allAlarms = (r: RunResult) => [...r.ofType(METRIC_ALARM), ...r.ofType(COMPOSITE_ALARM)];

describe("Monitoring alarm routing", () => {
  let result: RunResult;
  beforeAll(async () => {
    result = await run();
  });

  test("each severity gets its own topic", () => {
    const arns = Object.values(result.outputs.topics);
    expect(new Set(arns).size).toBe(3);
    expect(result.ofType(TOPIC).map((t) => t.inputs.tags["platform:severity"]).sort()).toEqual(["critical", "info", "warning"]);
  });

  test("the alarm names listed per severity are exactly the alarms on that severity's topic", () => {
    for (const severity of ["critical", "warning", "info"]) {
      const onTopic = allAlarms(result).filter((a) => a.inputs.alarmActions[0] === topicArn(result, severity)).map((a) => a.inputs.name ?? a.inputs.alarmName);
      expect([...result.outputs.alarmNames[severity]].sort()).toEqual(onTopic.sort());
    }
  });

  test("every alarm is named <prefix>-<key> and its description starts with its severity and says what to check first", () => {
    for (const a of allAlarms(result)) {
      expect(a.inputs.name ?? a.inputs.alarmName).toMatch(/^prod-[a-z0-9-]+$/);
      expect(a.inputs.alarmDescription).toMatch(new RegExp(`^\\[${a.inputs.tags["platform:severity"]}\\] .*[Cc]heck `));
    }
  });

  test("every metric alarm chooses how to treat missing data", () => {
    for (const a of nonEmpty(result.ofType(METRIC_ALARM), "metric alarm")) expect(["missing", "ignore", "breaching", "notBreaching"]).toContain(a.inputs.treatMissingData);
    expect(alarm(result, "service-down").inputs.treatMissingData).toBe("breaching");
    expect(alarm(result, "lb-target-5xx-ratio").inputs.treatMissingData).toBe("notBreaching");
    expect(alarm(result, "certificate-expiring").inputs.treatMissingData).toBe("ignore");
  });
});

describe("Monitoring metric math", () => {
  let result: RunResult;
  beforeAll(async () => {
    result = await run();
  });

  test("every metric math alarm returns exactly one series and references only ids of its own metrics", () => {
    const math = result.ofType(METRIC_ALARM).filter((a) => a.inputs.metricQueries);
    expect(math.map((a) => a.name)).toEqual(expect.arrayContaining(["mon-lb-target-5xx-ratio", "mon-cache-hit-rate", "mon-slo-burn-fast-60m", "mon-service-down"]));
    for (const a of math) {
      const queries: any[] = a.inputs.metricQueries;
      const returning = queries.filter((q) => q.returnData === true);
      expect(returning).toHaveLength(1);
      const ids = queries.filter((q) => q.metric).map((q) => q.id);
      for (const q of nonEmpty(queries.filter((q) => q.expression), "expression")) {
        for (const id of referencedIds(q.expression)) expect({ alarm: a.name, id, known: ids.includes(id) }).toEqual({ alarm: a.name, id, known: true });
      }
      expect(ids.length).toBeLessThanOrEqual(10);
      expect(a.inputs.metricName).toBeUndefined();
    }
  });

  test("the 5xx ratio alarm divides target 5xx by request count and pages above 5% for 5 minutes", () => {
    const a = alarm(result, "lb-target-5xx-ratio");
    const byId = Object.fromEntries(a.inputs.metricQueries.map((q: any) => [q.id, q]));
    expect(byId.errors.metric).toMatchObject({ namespace: "AWS/ApplicationELB", metricName: "HTTPCode_Target_5XX_Count", stat: "Sum", dimensions: { LoadBalancer: "app/app-alb/50dc6c495c0c9188" } });
    expect(byId.requests.metric).toMatchObject({ metricName: "RequestCount", stat: "Sum" });
    expect(byId.e1.expression).toBe("IF(requests >= 10, 100 * FILL(errors, 0) / requests, 0)");
    expect(a.inputs).toMatchObject({ threshold: 5, comparisonOperator: "GreaterThanThreshold", evaluationPeriods: 5, datapointsToAlarm: 5 });
    expect(a.inputs.tags["platform:severity"]).toBe("critical");
  });

  test("the cache hit rate sums hits and misses over every node and warns below 90%", () => {
    const a = alarm(result, "cache-hit-rate");
    expect(a.inputs.metricQueries.find((q: any) => q.id === "e1").expression).toBe("100 * (FILL(hits0, 0) + FILL(hits1, 0)) / (FILL(hits0, 0) + FILL(hits1, 0) + FILL(misses0, 0) + FILL(misses1, 0))");
    expect(a.inputs).toMatchObject({ threshold: 90, comparisonOperator: "LessThanThreshold" });
  });

  test("a cache with more nodes than one metric math alarm can reference is rejected before any resource exists", async () => {
    await expect(run({}, () => ecsSources({ cacheNodes: 6 }))).rejects.toThrow(/alarm cache-hit-rate: "12 metrics" is not allowed \(expected at most 10 metrics/);
  });
});

describe("Monitoring SLO burn rates", () => {
  let result: RunResult;
  beforeAll(async () => {
    result = await run();
  });

  test.each([
    ["fast", 14.4, 60, 5],
    ["slow", 6, 360, 30],
  ])("the %s pair fires above %fx over %i and %i minutes, both windows required", (name, burnRate, long, short) => {
    const composite = result.one(COMPOSITE_ALARM, `mon-slo-burn-${name}`);
    expect(composite.inputs.alarmRule).toBe(`ALARM("prod-slo-burn-${name}-${long}m") AND ALARM("prod-slo-burn-${name}-${short}m")`);
    expect(composite.inputs.tags["platform:severity"]).toBe("critical");
    for (const minutes of [long, short]) {
      const window = alarm(result, `slo-burn-${name}-${minutes}m`);
      expect(window.inputs).toMatchObject({ threshold: burnRate, evaluationPeriods: 1, comparisonOperator: "GreaterThanThreshold" });
      const metrics = window.inputs.metricQueries.filter((q: any) => q.metric);
      expect(metrics.map((q: any) => q.metric.period)).toEqual([minutes * 60, minutes * 60, minutes * 60]);
      expect(metrics.map((q: any) => q.metric.metricName).sort()).toEqual(["HTTPCode_ELB_5XX_Count", "HTTPCode_Target_5XX_Count", "RequestCount"]);
      expect(window.inputs.metricQueries.find((q: any) => q.returnData).expression).toBe("(FILL(targetErrors, 0) + FILL(lbErrors, 0)) / requests / 0.001");
    }
  });

  test("the error budget follows the SLO target", async () => {
    const r = await run({ slo: { targetPercent: 99.5 } });
    expect(alarm(r, "slo-burn-fast-60m").inputs.metricQueries.find((q: any) => q.returnData).expression).toMatch(/ \/ 0\.005$/);
  });

  test.each([
    [{ targetPercent: 100 }, /slo.targetPercent: 100 is not allowed/],
    [{ windows: [{ name: "fast", burnRate: 14.4, longWindowMinutes: 5, shortWindowMinutes: 60, severity: "critical" as const }] }, /slo.windows\[0\].shortWindowMinutes: 60 is not allowed \(expected fewer minutes than longWindowMinutes \(5\)\)/],
    [{ windows: [{ name: "slow", burnRate: 1, longWindowMinutes: 20160, shortWindowMinutes: 60, severity: "warning" as const }] }, /longWindowMinutes: 20160 is not allowed \(expected whole minutes from 1 to 10080/],
  ])("rejects an SLO CloudWatch could not evaluate: %j", async (slo, message) => {
    await expect(run({ slo })).rejects.toThrow(message);
  });
});

describe("Monitoring deployment health", () => {
  test("each colour's deployment health holds its own gates, CPU saturation and unhealthy targets, and ServiceDown; <prefix>-deployment-health rolls both up", async () => {
    const r = await run();
    const members = (key: string) => [...r.one(COMPOSITE_ALARM, `mon-${key}`).inputs.alarmRule.matchAll(/ALARM\("([^"]+)"\)/g)].map((m) => m[1]).sort();
    for (const colour of ["blue", "green"]) {
      expect(members(`deployment-health-${colour}`)).toEqual(
        [`lb-gate-5xx-${colour}`, `lb-gate-latency-p95-${colour}`, `lb-gate-latency-p99-${colour}`, `lb-unhealthy-hosts-${colour}`, `service-cpu-critical-${colour}`, "service-down"].map((k) => `prod-${k}`).sort(),
      );
    }
    const rollUp = r.one(COMPOSITE_ALARM, "mon-deployment-health");
    expect(rollUp.inputs.alarmName).toBe("prod-deployment-health");
    expect(rollUp.inputs.alarmRule).toBe('ALARM("prod-deployment-health-blue") OR ALARM("prod-deployment-health-green")');
    expect(r.outputs.deploymentHealth).toBe("prod-deployment-health");
  });

  test("the deployment-health alarms notify info only: their members already notify their own severity", async () => {
    const r = await run();
    for (const key of ["deployment-health", "deployment-health-blue", "deployment-health-green"]) {
      expect(r.one(COMPOSITE_ALARM, `mon-${key}`).inputs.tags["platform:severity"]).toBe("info");
    }
  });

  test("a stack without service or load balancer has no deployment-health alarm", async () => {
    const r = await run({ service: undefined, loadBalancer: undefined });
    expect(r.find(COMPOSITE_ALARM, "mon-deployment-health")).toBeUndefined();
    expect(r.outputs.deploymentHealth).toBeUndefined();
    expect(r.ofType(METRIC_ALARM).length).toBeGreaterThan(0);
  });
});

describe("Monitoring service alarms", () => {
  test("ECS ServiceDown fires when blue and green together run fewer tasks than the minimum for 2 minutes", async () => {
    const a = alarm(await run(), "service-down");
    const metrics = a.inputs.metricQueries.filter((q: any) => q.metric);
    expect(metrics.map((q: any) => [q.id, q.metric.namespace, q.metric.metricName, q.metric.dimensions.ServiceName])).toEqual([
      ["blue", "ECS/ContainerInsights", "RunningTaskCount", "app-blue"],
      ["green", "ECS/ContainerInsights", "RunningTaskCount", "app-green"],
    ]);
    expect(a.inputs.metricQueries.find((q: any) => q.returnData).expression).toBe("FILL(blue, 0) + FILL(green, 0)");
    expect(a.inputs).toMatchObject({ threshold: 2, comparisonOperator: "LessThanThreshold", evaluationPeriods: 2, datapointsToAlarm: 2 });
    expect(a.inputs.metricQueries[0].metric.period).toBe(60);
  });

  test("ECS CPU warns above 80% for 10 minutes and pages above 95% for 5, per colour", async () => {
    const r = await run();
    for (const colour of ["blue", "green"]) {
      expect(alarm(r, `service-cpu-warning-${colour}`).inputs).toMatchObject({ namespace: "AWS/ECS", metricName: "CPUUtilization", threshold: 80, evaluationPeriods: 10, statistic: "Average", dimensions: { ServiceName: `app-${colour}` } });
      expect(alarm(r, `service-cpu-critical-${colour}`).inputs).toMatchObject({ threshold: 95, evaluationPeriods: 5 });
      expect(alarm(r, `service-memory-${colour}`).inputs).toMatchObject({ metricName: "MemoryUtilization", threshold: 85, evaluationPeriods: 5 });
    }
  });

  test("a native ECS deployment (one service for both colours) gets one set of service alarms and counts its tasks once", async () => {
    const r = await run({}, () => ecsSources({ deployment: "native" }));
    const service = r.ofType(METRIC_ALARM).filter((a) => a.inputs.tags["platform:alarm-group"] === "service").map((a) => a.name).sort();
    expect(service).toEqual(["mon-service-cpu-critical", "mon-service-cpu-warning", "mon-service-down", "mon-service-memory"]);
    const down = alarm(r, "service-down");
    expect(down.inputs.metricQueries.find((q: any) => q.returnData).expression).toBe("FILL(service, 0)");
    expect(down.inputs.metricQueries.find((q: any) => q.id === "service").metric.dimensions.ServiceName).toBe("app");
    for (const colour of ["blue", "green"]) expect(r.one(COMPOSITE_ALARM, `mon-deployment-health-${colour}`).inputs.alarmRule).toContain('ALARM("prod-service-cpu-critical")');
  });

  test("an EKS service is watched through Container Insights pod metrics per deployment", async () => {
    const r = await run({ service: eksService() });
    const cpu = alarm(r, "service-cpu-critical-green");
    expect(cpu.inputs).toMatchObject({ namespace: "ContainerInsights", metricName: "pod_cpu_utilization_over_pod_limit", dimensions: { ClusterName: "app-eks", Namespace: "app", PodName: "app-green" } });
    const down = alarm(r, "service-down");
    expect(down.inputs.threshold).toBe(3);
    expect(down.inputs.metricQueries.filter((q: any) => q.metric).map((q: any) => q.metric.metricName)).toEqual(["kube_deployment_status_replicas_available", "kube_deployment_status_replicas_available"]);
    expect(alarm(r, "service-memory-blue").inputs.metricName).toBe("pod_memory_utilization_over_pod_limit");
  });

  test("rejects a service minimum of zero, below which ServiceDown could never fire", async () => {
    const sources = () => ({ ...ecsSources(), service: { ...(ecsSources().service as any), minimumTasks: 0 } });
    await expect(run({}, sources)).rejects.toThrow(/service.minimumTasks: 0 is not allowed/);
  });
});

describe("Monitoring database, cache, certificate and WAF alarms", () => {
  let result: RunResult;
  beforeAll(async () => {
    result = await run();
  });

  test("DiskSpaceLow pages when free storage falls below 10% of the allocated 100 GiB", () => {
    expect(alarm(result, "database-disk-space-low").inputs).toMatchObject({ metricName: "FreeStorageSpace", threshold: 10 * 1024 ** 3, comparisonOperator: "LessThanThreshold", tags: { "platform:severity": "critical" } });
  });

  test("connections warn above 80% of the engine's max_connections", () => {
    expect(alarm(result, "database-connections").inputs).toMatchObject({ metricName: "DatabaseConnections", threshold: 800 });
  });

  test("database thresholds follow the arguments", async () => {
    const r = await run({ thresholds: { database: { freeStoragePercent: 20, connectionsPercent: 50, readLatencyMs: 5 } } });
    expect(alarm(r, "database-disk-space-low").inputs.threshold).toBe(20 * 1024 ** 3);
    expect(alarm(r, "database-connections").inputs.threshold).toBe(500);
    expect(alarm(r, "database-read-latency").inputs.threshold).toBe(0.005);
  });

  test("replica lag watches the worst replica, and only when replicas exist", async () => {
    const lag = alarm(await run({}, () => ecsSources({ replicas: 2 })), "database-replica-lag");
    expect(lag.inputs.metricQueries.find((q: any) => q.returnData).expression).toBe("MAX([replica0, replica1])");
    expect((await run({}, () => ecsSources({ replicas: 0 }))).find(METRIC_ALARM, "mon-database-replica-lag")).toBeUndefined();
  });

  test("the certificate alarm reads DaysToExpiry from ACM and warns below 30 days", () => {
    expect(alarm(result, "certificate-expiring").inputs).toMatchObject({
      namespace: "AWS/CertificateManager",
      metricName: "DaysToExpiry",
      statistic: "Minimum",
      period: 86400,
      threshold: 30,
      comparisonOperator: "LessThanThreshold",
      dimensions: { CertificateArn: expect.stringMatching(/^arn:aws:acm:/) },
    });
  });

  test("a load balancer without a certificate gets no certificate alarm", async () => {
    const r = await run({}, () => ecsSources({ certificate: false }));
    expect(r.find(METRIC_ALARM, "mon-certificate-expiring")).toBeUndefined();
  });

  test("the WAF alarm counts blocked requests of every rule of the web ACL per 5 minutes", () => {
    expect(alarm(result, "waf-blocked-spike").inputs).toMatchObject({
      namespace: "AWS/WAFV2",
      metricName: "BlockedRequests",
      statistic: "Sum",
      period: 300,
      threshold: 1000,
      dimensions: { WebACL: "appWaf", Region: "eu-west-1", Rule: "ALL" },
    });
  });

  test("the 5xx ratio skips minutes quieter than the configured request floor", async () => {
    const r = await run({ thresholds: { loadBalancer: { minimumRequestsPerMinute: 50 } } });
    expect(alarm(r, "lb-target-5xx-ratio").inputs.metricQueries.find((q: any) => q.returnData).expression).toBe("IF(requests >= 50, 100 * FILL(errors, 0) / requests, 0)");
  });

  test("p95 latency uses the extended statistic, the threshold in seconds, and waits for enough samples", () => {
    expect(alarm(result, "lb-latency-p95").inputs).toMatchObject({ extendedStatistic: "p95", threshold: 0.5, metricName: "TargetResponseTime", evaluateLowSampleCountPercentiles: "ignore" });
    expect(alarm(result, "lb-latency-p95").inputs.statistic).toBeUndefined();
  });

  test("groups that are switched off create no alarms", async () => {
    const r = await run({ groups: ["service", "loadBalancer"] });
    const groups = new Set(r.ofType(METRIC_ALARM).map((a) => a.inputs.tags["platform:alarm-group"]));
    expect([...groups].sort()).toEqual(["loadBalancer", "service"]);
    expect(r.find(COMPOSITE_ALARM, "mon-slo-burn-fast")).toBeUndefined();
  });

  test("rejects a critical CPU threshold that is not above the warning one", async () => {
    await expect(run({ thresholds: { service: { cpuWarningPercent: 90, cpuCriticalPercent: 90 } } })).rejects.toThrow(/thresholds.service.cpuCriticalPercent: 90 is not allowed \(expected more than cpuWarningPercent \(90\)\)/);
  });

  test("rejects an alarm name prefix a dashboard name cannot carry", async () => {
    await expect(run({ alarmNamePrefix: "prod stack" })).rejects.toThrow(/alarmNamePrefix: "prod stack" is not allowed/);
  });
});

describe("Monitoring topics and subscriptions", () => {
  let result: RunResult;
  beforeAll(async () => {
    result = await run({
      subscriptions: {
        critical: { emails: ["oncall@example.com"], https: { pagerduty: "https://events.pagerduty.com/integration/abc123/enqueue" } },
        warning: { emails: ["team@example.com"] },
      },
    });
  });

  test("every topic is encrypted with a rotating key that only this account's alarms and DB instances' events may use, for publishing only", () => {
    const key = result.one("aws:kms/key:Key", "mon-alarms");
    expect(key.inputs.enableKeyRotation).toBe(true);
    const keyArn = `arn:aws:kms:eu-west-1:123456789012:key/`;
    for (const topic of nonEmpty(result.ofType(TOPIC), "topic")) expect(topic.inputs.kmsMasterKeyId).toMatch(new RegExp(`^${keyArn}`));
    const statements = JSON.parse(key.inputs.policy).Statement;
    const services = statements.filter((s: any) => s.Principal.Service);
    // CloudWatch, and RDS for the database's events (SNS needs no grant to deliver to email or HTTPS), with the two actions publishing needs.
    expect(services.map((s: any) => s.Principal.Service)).toEqual(["cloudwatch.amazonaws.com", "events.rds.amazonaws.com"]);
    for (const statement of services) expect(statement.Action).toEqual(["kms:Decrypt", "kms:GenerateDataKey*"]);
    expect(services.map((s: any) => s.Condition)).toEqual([
      { StringEquals: { "aws:SourceAccount": "123456789012" }, ArnLike: { "aws:SourceArn": "arn:aws:cloudwatch:eu-west-1:123456789012:alarm:prod-*" } },
      { StringEquals: { "aws:SourceAccount": "123456789012" }, ArnLike: { "aws:SourceArn": "arn:aws:rds:eu-west-1:123456789012:db:*" } },
    ]);
  });

  test("a given KMS key is used instead of creating one", async () => {
    const r = await run({ kmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/byo" });
    expect(r.ofType("aws:kms/key:Key")).toHaveLength(0);
    expect(nonEmpty(r.ofType(TOPIC), "topic").every((t) => t.inputs.kmsMasterKeyId === "arn:aws:kms:eu-west-1:123456789012:key/byo")).toBe(true);
  });

  test("each topic policy lets CloudWatch publish only for this account's alarms with the prefix", () => {
    for (const severity of ["critical", "warning", "info"]) {
      const policy = JSON.parse(result.one("aws:sns/topicPolicy:TopicPolicy", `mon-${severity}`).inputs.policy);
      const publish = policy.Statement.find((s: any) => s.Principal.Service === "cloudwatch.amazonaws.com");
      expect(publish).toMatchObject({ Effect: "Allow", Action: "sns:Publish", Resource: topicArn(result, severity) });
      expect(publish.Condition).toEqual({
        StringEquals: { "aws:SourceAccount": "123456789012" },
        ArnLike: { "aws:SourceArn": "arn:aws:cloudwatch:eu-west-1:123456789012:alarm:prod-*" },
      });
    }
  });

  test("HTTPS endpoints are subscribed as Pulumi secrets and named by key, never by URL", () => {
    const https = result.one(SUBSCRIPTION, "mon-critical-https-pagerduty");
    expect(https.inputs).toMatchObject({ protocol: "https", topic: topicArn(result, "critical"), endpointAutoConfirms: true });
    expect(https.secretInputPaths).toContain("endpoint");
    expect(result.ofType(SUBSCRIPTION).map((s) => s.urn).join(" ")).not.toContain("pagerduty.com");
  });

  test("email addresses are subscribed to their severity's topic", () => {
    expect(result.one(SUBSCRIPTION, "mon-critical-email-oncall-example-com").inputs).toMatchObject({ protocol: "email", endpoint: "oncall@example.com", topic: topicArn(result, "critical") });
    expect(result.one(SUBSCRIPTION, "mon-warning-email-team-example-com").inputs.topic).toBe(topicArn(result, "warning"));
  });

  test("an address listed twice under one severity is rejected", async () => {
    await expect(run({ subscriptions: { warning: { emails: ["team@example.com", "Team@Example.com"] } } })).rejects.toThrow(/subscriptions.warning.emails: "Team@Example.com" is not allowed \(expected each address once/);
  });

  test("an HTTPS endpoint key that cannot name a resource is rejected without echoing the URL", async () => {
    const error = run({ subscriptions: { critical: { https: { "Pager Duty": "https://events.pagerduty.com/secret-key" } } } });
    await expect(error).rejects.toThrow(/subscriptions.critical.https: "Pager Duty" is not allowed/);
    await expect(error).rejects.not.toThrow(/secret-key/);
  });
});

describe("Monitoring dashboard", () => {
  let result: RunResult;
  let body: any;
  beforeAll(async () => {
    result = await run();
    body = JSON.parse(result.one(DASHBOARD, "mon-dashboard").inputs.dashboardBody);
  });

  const metricLines = (widgets: any[]) =>
    widgets.filter((w) => w.type === "metric").flatMap((w) => w.properties.metrics.filter((line: unknown[]) => typeof line[0] === "string"));

  test("is named <prefix>-platform and lays widgets on the 24-column grid without overlap", () => {
    expect(result.one(DASHBOARD, "mon-dashboard").inputs.dashboardName).toBe("prod-platform");
    const cells = new Set<string>();
    for (const w of body.widgets) {
      expect(w.x + w.width).toBeLessThanOrEqual(24);
      for (let x = w.x; x < w.x + w.width; x++) for (let y = w.y; y < w.y + w.height; y++) {
        expect(cells.has(`${x},${y}`)).toBe(false);
        cells.add(`${x},${y}`);
      }
    }
  });

  test("shows every metric that an alarm watches", () => {
    const shown = new Set(metricLines(body.widgets).map((line: any[]) => `${line[0]}/${line[1]}`));
    for (const a of result.ofType(METRIC_ALARM)) {
      const watched = a.inputs.metricQueries ? a.inputs.metricQueries.filter((q: any) => q.metric).map((q: any) => `${q.metric.namespace}/${q.metric.metricName}`) : [`${a.inputs.namespace}/${a.inputs.metricName}`];
      for (const metric of watched) expect({ alarm: a.name, metric, shown: shown.has(metric) }).toEqual({ alarm: a.name, metric, shown: true });
    }
  });

  test("names only metrics that an alarm uses or the catalogue's overview panels list", () => {
    const allowed = new Set<string>(result.outputs.overview);
    expect(allowed.size).toBeGreaterThan(0);
    for (const a of result.ofType(METRIC_ALARM)) {
      if (a.inputs.metricQueries) a.inputs.metricQueries.filter((q: any) => q.metric).forEach((q: any) => allowed.add(`${q.metric.namespace}/${q.metric.metricName}`));
      else allowed.add(`${a.inputs.namespace}/${a.inputs.metricName}`);
    }
    const unknown = metricLines(body.widgets)
      .map((line: any[]) => `${line[0]}/${line[1]}`)
      .filter((m: string) => !allowed.has(m));
    expect([...new Set(unknown)]).toEqual([]);
  });

  test("has requests, p50/p95/p99 latency, error rate, remaining error budget and running tasks", () => {
    const titles = body.widgets.map((w: any) => w.properties.title ?? w.properties.markdown);
    expect(titles).toEqual(expect.arrayContaining(["Requests per minute", "Target response time p50 / p95 / p99 (s)", "Error rate (% of requests answered 5xx)", "Running tasks per colour"]));
    const latency = body.widgets.find((w: any) => w.properties.title?.startsWith("Target response time"));
    expect(latency.properties.metrics.map((l: any[]) => l[l.length - 1].stat)).toEqual(["p50", "p95", "p99"]);
    const budget = body.widgets.find((w: any) => w.properties.title?.startsWith("Error budget remaining"));
    expect(budget.properties).toMatchObject({ view: "singleValue", setPeriodToTimeRange: true });
    expect(budget.properties.metrics.at(-1)[0].expression).toBe("100 * (1 - (FILL(targetErrors, 0) + FILL(lbErrors, 0)) / requests / 0.001)");
  });

  test("draws each alarm's threshold on its graph", () => {
    const cpu = body.widgets.find((w: any) => w.properties.title === "CPU > 80% (blue) / CPU > 95% (blue)");
    expect(cpu.properties.annotations.horizontal.map((h: any) => h.value)).toEqual([80, 95]);
  });

  test("every expression in the dashboard refers to ids of its own widget", () => {
    for (const w of body.widgets.filter((x: any) => x.type === "metric")) {
      const ids = w.properties.metrics.map((l: any[]) => l[l.length - 1].id).filter(Boolean);
      for (const line of w.properties.metrics.filter((l: any[]) => l[0]?.expression)) {
        for (const id of referencedIds(line[0].expression)) expect(ids).toContain(id);
      }
    }
  });

  test("is left out when switched off", async () => {
    const r = await runComponents(() => void new Monitoring("mon", { alarmNamePrefix: "dev", ...ecsSources(), dashboard: false }));
    expect(r.ofType(DASHBOARD)).toHaveLength(0);
  });
});

test("a stack with no sources still gets its topics and nothing else to watch", async () => {
  const r = await runComponents(() => void new Monitoring("mon", { alarmNamePrefix: "bare" }));
  expect(r.ofType(TOPIC)).toHaveLength(3);
  expect(r.ofType(METRIC_ALARM)).toHaveLength(0);
  expect(alarmsByName(r).size).toBe(0);
});
