/**
 * The synthetic probe on the shipped stacks (its canary, bucket, role and
 * alarms), its script run against a local HTTP server, and the RDS event
 * subscription on the info topic.
 */
import * as http from "http";
import * as net from "net";
import { canaryExecutionPolicy } from "../../components/monitoring";
import { parsePlatformConfig } from "../../stacks/config";
import { runProgram, RunResult } from "../harness";
import { readStackConfig } from "../harness/stack-config";
import { METRIC_ALARM } from "./fixtures";

// The canary's script is plain JavaScript, as Synthetics runs it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const heartbeat = require("../../components/monitoring/canary/heartbeat.js");

const CANARY = "aws:synthetics/canary:Canary";
const configOf = (stack: string) => parsePlatformConfig(readStackConfig(stack).values, stack);

describe.each(["staging", "prod"])("the %s stack's synthetic probe", (stack) => {
  let run: RunResult;
  const config = configOf(stack);
  beforeAll(async () => {
    run = await runProgram({ stack });
  }, 180_000);

  test("requests https://<domain> and the health path on the configured schedule, from the private subnets", () => {
    const canary = run.one(CANARY, "probe").inputs;
    expect(canary.name).toBe(`${stack}-probe`);
    expect(canary.runConfig.environmentVariables.PROBE_URL).toBe(`https://${config.traffic.domain}`);
    expect(JSON.parse(canary.runConfig.environmentVariables.PROBE_PATHS)).toEqual(config.traffic.healthCheck.path === "/" ? ["/"] : ["/", config.traffic.healthCheck.path]);
    expect(canary.schedule.expression).toBe(`rate(${config.monitoring.synthetics.intervalMinutes} minutes)`);
    expect(canary.vpcConfig.subnetIds).toEqual(run.outputs.privateSubnetIds);
    expect(canary.handler).toBe("heartbeat.handler");
    expect(canary.runtimeVersion).toBe(config.monitoring.synthetics.runtimeVersion);
    expect(canary.runConfig.timeoutInSeconds).toBeLessThanOrEqual(config.monitoring.synthetics.intervalMinutes * 60);
  });

  test("its security group admits nothing and sends only HTTP(S)", () => {
    const group = run.one("aws:ec2/securityGroup:SecurityGroup", "probe").inputs;
    expect(group.ingress ?? []).toEqual([]);
    expect(run.ofType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").filter((r) => r.parent?.includes("SyntheticCanary"))).toEqual([]);
    const egress = run.ofType("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule").filter((r) => r.name.startsWith("probe-"));
    expect(egress.map((r) => [r.inputs.ipProtocol, r.inputs.fromPort, r.inputs.toPort]).sort()).toEqual([["tcp", 443, 443], ["tcp", 80, 80]]);
  });

  test("its artifacts go to a bucket of its own: KMS-encrypted, private, TLS only, expiring after the retention", () => {
    const canary = run.one(CANARY, "probe").inputs;
    const bucket = run.one("aws:s3/bucket:Bucket", "probe-artifacts");
    expect(canary.artifactS3Location).toBe(`s3://${bucket.state.bucket}/runs/`);
    expect(canary.artifactConfig.s3Encryption.encryptionMode).toBe("SSE_KMS");
    const sse = run.one("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", "probe-artifacts").inputs.rules[0];
    expect(sse.applyServerSideEncryptionByDefault).toEqual({ sseAlgorithm: "aws:kms", kmsMasterKeyId: canary.artifactConfig.s3Encryption.kmsKeyArn });
    const block = run.one("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "probe-artifacts").inputs;
    expect([block.blockPublicAcls, block.blockPublicPolicy, block.ignorePublicAcls, block.restrictPublicBuckets]).toEqual([true, true, true, true]);
    const rule = run.one("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", "probe-artifacts").inputs.rules[0];
    expect([rule.filter.prefix, rule.expiration.days]).toEqual(["runs/", config.monitoring.synthetics.retentionDays]);
    const statements = JSON.parse(run.one("aws:s3/bucketPolicy:BucketPolicy", "probe-artifacts").inputs.policy).Statement;
    expect(statements.find((s: any) => s.Sid === "DenyInsecureTransport").Condition).toEqual({ Bool: { "aws:SecureTransport": "false" } });
    expect([canary.successRetentionPeriod, canary.failureRetentionPeriod]).toEqual([config.monitoring.synthetics.retentionDays, config.monitoring.synthetics.retentionDays]);
  });

  test("its availability alarm pages and its first-byte alarm warns, both on the canary's name, with runbooks", () => {
    const availability = run.one(METRIC_ALARM, "monitoring-probe-availability").inputs;
    expect([availability.namespace, availability.metricName, availability.dimensions, availability.tags["platform:severity"]]).toEqual([
      "CloudWatchSynthetics",
      "SuccessPercent",
      { CanaryName: `${stack}-probe` },
      "critical",
    ]);
    expect(availability.evaluationPeriods).toBe(config.monitoring.synthetics.failedRuns);
    expect(availability.treatMissingData).toBe("breaching");
    const ttfb = run.one(METRIC_ALARM, "monitoring-probe-ttfb").inputs;
    const paths = ttfb.metricQueries.filter((q: any) => q.metric).map((q: any) => [q.metric.metricName, q.metric.dimensions.CanaryName, q.metric.dimensions.Path]);
    expect(paths).toEqual(JSON.parse(run.one(CANARY, "probe").inputs.runConfig.environmentVariables.PROBE_PATHS).map((p: string) => ["TimeToFirstByte", `${stack}-probe`, p]));
    expect(ttfb.threshold).toBe(config.monitoring.synthetics.timeToFirstByteMs);
    for (const alarm of [availability, ttfb]) expect(alarm.alarmDescription).toMatch(/Check /);
  });

  test("a Route 53 HTTPS health check watches the domain's health path", () => {
    const check = run.one("aws:route53/healthCheck:HealthCheck", "probe-dns").inputs;
    expect([check.type, check.fqdn, check.port, check.resourcePath, check.enableSni]).toEqual(["HTTPS", config.traffic.domain, 443, config.traffic.healthCheck.path, true]);
    expect(run.outputs.route53HealthCheckId).toBeDefined();
  });
});

test("dev, whose groups leave out synthetics, has no probe", async () => {
  const run = await runProgram({ stack: "dev" });
  expect(run.ofType(CANARY)).toEqual([]);
  expect(run.outputs.syntheticCanaryName).toBeUndefined();
});

test("an HTTP-only stack probes the load balancer's DNS name, and gets no Route 53 health check", async () => {
  const run = await runProgram({ stack: "dev", overrides: { "platform:monitoring": { groups: ["service", "loadBalancer", "synthetics"] } } });
  expect(run.one(CANARY, "probe").inputs.runConfig.environmentVariables.PROBE_URL).toBe(`http://${run.outputs.loadBalancerDnsName}`);
  expect(run.ofType("aws:route53/healthCheck:HealthCheck")).toEqual([]);
}, 120_000);

test("the execution role writes only its own artifacts, metrics in CloudWatchSynthetics and its own Lambda logs", () => {
  const policy = canaryExecutionPolicy("prod-probe", "arn:aws:s3:::artifacts", "arn:aws:kms:eu-west-1:123456789012:key/k", {
    account: "123456789012",
    partition: "aws",
    region: "eu-west-1",
    dnsSuffix: "amazonaws.com",
  }) as any;
  const sid = (name: string) => policy.Statement.find((s: any) => s.Sid === name);
  expect(sid("WriteArtifacts").Resource).toBe("arn:aws:s3:::artifacts/runs/*");
  expect(sid("PublishProbeMetrics").Condition).toEqual({ StringEquals: { "cloudwatch:namespace": "CloudWatchSynthetics" } });
  expect(sid("WriteLambdaLogs").Resource).toBe("arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/cwsyn-prod-probe-*");
});

test.each([
  [{ "platform:network": { nat: "none" } }, /platform:monitoring\.groups: "synthetics" is not allowed with platform:network\.nat "none"/],
  [
    { "platform:traffic": { domain: undefined, hostedZoneId: undefined, certificateArn: "arn:aws:acm:eu-west-1:123456789012:certificate/12345678-1234-1234-1234-123456789012" } },
    /platform:monitoring\.synthetics\.url: is required \(expected the https:\/\/ URL of the certificate's domain/,
  ],
])("refuses a probe it could not run: %j", (override, message) => {
  const raw = readStackConfig("prod").values;
  const merged = { ...raw };
  for (const [key, value] of Object.entries(override)) {
    const parsed = { ...JSON.parse(raw[key]), ...value };
    merged[key] = JSON.stringify(parsed);
  }
  expect(() => parsePlatformConfig(merged, "prod")).toThrow(message);
});

describe("the probe's script", () => {
  let server: http.Server;
  let base: string;
  beforeAll(async () => {
    server = http.createServer((request, response) => {
      if (request.url === "/hang") return; // never answers: the probe's timeout must end the request
      const delay = request.url === "/slow" ? 120 : 0;
      setTimeout(() => {
        response.statusCode = request.url === "/broken" ? 503 : 200;
        response.end("ok");
      }, delay);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  test("times the first byte of every path, and a slow answer takes at least its delay", async () => {
    const { timings, failures } = await heartbeat.probeAll(`${base}/`, ["/", "/slow"], 2000);
    expect(failures).toEqual([]);
    expect(timings.map((t: any) => t.path)).toEqual(["/", "/slow"]);
    expect(timings[1].timeToFirstByteMs).toBeGreaterThanOrEqual(110);
  });

  test("fails a path that answers 5xx and one that does not answer in time, naming each", async () => {
    const { failures } = await heartbeat.probeAll(base, ["/broken", "/hang"], 1000);
    expect(failures).toEqual(["/broken answered HTTP 503", "/hang: no answer within 1000 ms"]);
  });

  test("publishes one TimeToFirstByte datapoint per path, by canary name and path", () => {
    expect(heartbeat.metricData("prod-probe", [{ path: "/healthz", timeToFirstByteMs: 42 }])).toEqual([
      { MetricName: "TimeToFirstByte", Dimensions: [{ Name: "CanaryName", Value: "prod-probe" }, { Name: "Path", Value: "/healthz" }], Unit: "Milliseconds", Value: 42 },
    ]);
  });
});

describe("RDS events", () => {
  let run: RunResult;
  beforeAll(async () => {
    run = await runProgram({ stack: "prod" });
  }, 180_000);

  test("failover, failure, maintenance, low storage and backup events of the writer and its replicas reach the info topic", () => {
    const subscription = run.one("aws:rds/eventSubscription:EventSubscription", "monitoring-database-events").inputs;
    expect(subscription.snsTopic).toBe(run.outputs.alarmTopicArns.info);
    expect([...subscription.eventCategories].sort()).toEqual(["backup", "failover", "failure", "low storage", "maintenance"]);
    expect(subscription.sourceType).toBe("db-instance");
    const instances = run.ofType("aws:rds/instance:Instance").map((i) => i.inputs.identifier);
    expect([...subscription.sourceIds].sort()).toEqual([...instances].sort());
  });

  test("only the info topic lets RDS publish, for this account's resources, and the topics' key lets RDS encrypt", () => {
    const policies = run.ofType("aws:sns/topicPolicy:TopicPolicy").map((p) => [p.name, JSON.parse(p.inputs.policy).Statement.find((s: any) => s.Sid === "RdsEventsPublish")]);
    expect(policies.filter(([, statement]) => statement).map(([name]) => name)).toEqual(["monitoring-info"]);
    const rds = policies.find(([name]) => name === "monitoring-info")![1];
    expect(rds.Principal).toEqual({ Service: "events.rds.amazonaws.com" });
    expect(rds.Condition.StringEquals).toEqual({ "aws:SourceAccount": "123456789012" });
    const key = JSON.parse(run.one("aws:kms/key:Key", "monitoring-alarms").inputs.policy);
    expect(key.Statement.map((s: any) => s.Principal?.Service).filter(Boolean)).toContain("events.rds.amazonaws.com");
  });
});
