import {
  accessLogBucketPolicy,
  DEFAULT_SSL_POLICY,
  liveColour,
  validateWeightedLoadBalancerArgs,
  WeightedLoadBalancer,
  WeightedLoadBalancerArgs,
} from "../../components/loadbalancer";
import { runComponents, RunResult } from "../harness";

const LB = "aws:lb/loadBalancer:LoadBalancer";
const LISTENER = "aws:lb/listener:Listener";
const RULE = "aws:lb/listenerRule:ListenerRule";
const TARGET_GROUP = "aws:lb/targetGroup:TargetGroup";
const INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
const EGRESS = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule";
const CERTIFICATE_ARN = "arn:aws:acm:eu-west-1:123456789012:certificate/0b8c4a8e-1111-4222-8333-444455556666";

/** A compliant baseline: HTTPS with an existing certificate, blue live. */
const BASE: WeightedLoadBalancerArgs = {
  vpcId: "vpc-0123456789abcdef0",
  subnetIds: ["subnet-0aaaaaaaaaaaaaaaa", "subnet-0bbbbbbbbbbbbbbbb"],
  targetPort: 8080,
  weights: { blue: 100, green: 0 },
  certificateArn: CERTIFICATE_ARN,
  tags: { Owner: "team" },
};

const runLb = (args: Partial<WeightedLoadBalancerArgs> = {}) =>
  runComponents(() => {
    const lb = new WeightedLoadBalancer("web", { ...BASE, ...args });
    lb.allowTrafficTo("app", { securityGroupId: "sg-0app00000000000000" });
  });

const stateArn = (run: RunResult, type: string, name: string) => run.one(type, name).state.arn;
const component = (run: RunResult) => run.one("platform:loadbalancer:WeightedLoadBalancer", "web");

describe("WeightedLoadBalancer listeners", () => {
  test("with a certificate, the HTTPS listener uses a TLS 1.3 policy and the certificate", async () => {
    const run = await runLb();
    const https = run.one(LISTENER, "web-https");
    expect(https.inputs).toMatchObject({ protocol: "HTTPS", port: 443, certificateArn: CERTIFICATE_ARN });
    expect(https.inputs.sslPolicy).toBe(DEFAULT_SSL_POLICY);
    expect(https.inputs.sslPolicy).toMatch(/^ELBSecurityPolicy-TLS13-/);
    expect(component(run).outputs?.listenerArn).toBe(https.state.arn);
  });

  test("with a certificate, the HTTP listener only redirects to HTTPS with a 301", async () => {
    const run = await runLb();
    const http = run.one(LISTENER, "web-http");
    expect(http.inputs.port).toBe(80);
    expect(http.inputs.defaultActions).toEqual([{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }]);
  });

  test("the HTTPS listener forwards to both target groups with the configured weights", async () => {
    const run = await runLb({ weights: { blue: 90, green: 10 } });
    const [action] = run.one(LISTENER, "web-https").inputs.defaultActions;
    expect(action.type).toBe("forward");
    expect(action.forward.targetGroups).toEqual([
      { arn: stateArn(run, TARGET_GROUP, "web-blue"), weight: 90 },
      { arn: stateArn(run, TARGET_GROUP, "web-green"), weight: 10 },
    ]);
    expect(action.forward.stickiness).toEqual({ enabled: false, duration: 3600 });
  });

  test("stickiness keeps a client on its colour for the configured duration", async () => {
    const run = await runLb({ stickiness: { enabled: true, durationSeconds: 600 } });
    expect(run.one(LISTENER, "web-https").inputs.defaultActions[0].forward.stickiness).toEqual({ enabled: true, duration: 600 });
  });

  test("without a certificate or domain it serves HTTP only: one forwarding HTTP listener and no port 443", async () => {
    const run = await runLb({ certificateArn: undefined });
    expect(run.ofType(LISTENER).map((l) => l.name)).toEqual(["web-http"]);
    const http = run.one(LISTENER, "web-http");
    expect(http.inputs.defaultActions[0].type).toBe("forward");
    expect(http.inputs.defaultActions[0].forward.targetGroups.map((g: any) => g.weight)).toEqual([100, 0]);
    expect(run.ofType(INGRESS).map((r) => r.inputs.fromPort)).toEqual([80, 80]);
    expect(component(run).outputs).toMatchObject({ httpsEnabled: false, listenerArn: http.state.arn });
    expect(component(run).outputs?.url).toMatch(/^http:\/\/web-/);
  });

  test("a domain gets an ACM certificate validated through Route 53, and the HTTPS listener waits for the validation", async () => {
    const run = await runLb({ certificateArn: undefined, domain: { name: "app.example.com", hostedZoneId: "Z0123456789EXAMPLE" } });
    const certificate = run.one("aws:acm/certificate:Certificate", "web-certificate");
    expect(certificate.inputs).toMatchObject({ domainName: "app.example.com", validationMethod: "DNS" });
    const record = run.one("aws:route53/record:Record", "web-certificate-validation");
    const option = certificate.state.domainValidationOptions[0];
    expect(record.inputs).toMatchObject({ zoneId: "Z0123456789EXAMPLE", name: option.resourceRecordName, type: "CNAME", records: [option.resourceRecordValue] });
    const validation = run.one("aws:acm/certificateValidation:CertificateValidation", "web-certificate");
    expect(validation.options.dependsOn).toContain(record.urn);
    const https = run.one(LISTENER, "web-https");
    expect(https.inputs.certificateArn).toBe(certificate.state.arn);
    expect(https.options.dependsOn).toContain(validation.urn);
    expect(component(run).outputs?.url).toBe("https://app.example.com");
  });

  test("a domain gets an alias A record to the load balancer", async () => {
    const run = await runLb({ domain: { name: "app.example.com", hostedZoneId: "Z0123456789EXAMPLE" } });
    const lb = run.one(LB, "web");
    const alias = run.one("aws:route53/record:Record", "web-alias");
    expect(alias.inputs).toMatchObject({ name: "app.example.com", type: "A", zoneId: "Z0123456789EXAMPLE" });
    expect(alias.inputs.aliases).toEqual([{ name: lb.state.dnsName, zoneId: lb.state.zoneId, evaluateTargetHealth: true }]);
    // An explicit certificate wins over issuing one.
    expect(run.ofType("aws:acm/certificate:Certificate")).toEqual([]);
  });
});

describe("WeightedLoadBalancer target groups", () => {
  test("blue and green are IP target groups on the app port with a short deregistration delay", async () => {
    const run = await runLb();
    for (const colour of ["blue", "green"]) {
      const group = run.one(TARGET_GROUP, `web-${colour}`);
      expect(group.inputs).toMatchObject({ targetType: "ip", port: 8080, protocol: "HTTP", vpcId: BASE.vpcId, deregistrationDelay: 30 });
      expect(group.inputs.tags).toMatchObject({ Name: `web-${colour}`, Owner: "team", "platform:colour": colour });
    }
  });

  test("health checks use the configured path, matcher, interval, timeout and thresholds on the traffic port", async () => {
    const run = await runLb({
      healthCheck: { path: "/healthz", matcher: "200-299", intervalSeconds: 10, timeoutSeconds: 4, healthyThreshold: 2, unhealthyThreshold: 5 },
      deregistrationDelaySeconds: 15,
    });
    for (const colour of ["blue", "green"]) {
      const group = run.one(TARGET_GROUP, `web-${colour}`);
      expect(group.inputs.healthCheck).toEqual({
        enabled: true,
        protocol: "HTTP",
        port: "traffic-port",
        path: "/healthz",
        matcher: "200-299",
        interval: 10,
        timeout: 4,
        healthyThreshold: 2,
        unhealthyThreshold: 5,
      });
      expect(group.inputs.deregistrationDelay).toBe(15);
    }
  });

  test("target group arn suffixes are exposed per colour for metrics", async () => {
    const run = await runLb();
    const outputs = component(run).outputs!;
    expect(outputs.targetGroupArnSuffixes).toEqual({
      blue: run.one(TARGET_GROUP, "web-blue").state.arnSuffix,
      green: run.one(TARGET_GROUP, "web-green").state.arnSuffix,
    });
    expect(outputs.targetGroupArns.blue).not.toBe(outputs.targetGroupArns.green);
  });
});

describe("WeightedLoadBalancer security group", () => {
  test("admits only 80 and 443 from anywhere over IPv4 and IPv6, as standalone rules", async () => {
    const run = await runLb();
    const sg = run.one("aws:ec2/securityGroup:SecurityGroup", "web");
    expect(sg.inputs.ingress ?? []).toEqual([]);
    expect(sg.inputs.egress ?? []).toEqual([]);
    const rules = run.ofType(INGRESS).map((r) => [r.inputs.fromPort, r.inputs.toPort, r.inputs.ipProtocol, r.inputs.cidrIpv4 ?? r.inputs.cidrIpv6]);
    expect(rules.sort()).toEqual(
      [
        [443, 443, "tcp", "0.0.0.0/0"],
        [443, 443, "tcp", "::/0"],
        [80, 80, "tcp", "0.0.0.0/0"],
        [80, 80, "tcp", "::/0"],
      ].sort(),
    );
    expect(run.ofType(INGRESS).every((r) => r.inputs.securityGroupId === sg.state.id)).toBe(true);
  });

  test("sends only to the peer's security group on the app port", async () => {
    const run = await runLb();
    const sg = run.one("aws:ec2/securityGroup:SecurityGroup", "web");
    const egress = run.ofType(EGRESS);
    expect(egress).toHaveLength(1);
    expect(egress[0].name).toBe("web-to-app");
    expect(egress[0].inputs).toMatchObject({
      securityGroupId: sg.state.id,
      referencedSecurityGroupId: "sg-0app00000000000000",
      ipProtocol: "tcp",
      fromPort: 8080,
      toPort: 8080,
    });
    expect(egress[0].inputs.cidrIpv4).toBeUndefined();
  });
});

describe("WeightedLoadBalancer hardening and access logs", () => {
  test("the load balancer is internet-facing, drops invalid headers, mitigates desync and is deletion-protected by default", async () => {
    const run = await runLb();
    const lb = run.one(LB, "web");
    expect(lb.inputs).toMatchObject({
      loadBalancerType: "application",
      internal: false,
      dropInvalidHeaderFields: true,
      desyncMitigationMode: "defensive",
      enableDeletionProtection: true,
      subnets: BASE.subnetIds,
    });
    expect(lb.inputs.securityGroups).toEqual([run.one("aws:ec2/securityGroup:SecurityGroup", "web").state.id]);
  });

  test("idle timeout and the strictest desync mitigation come from the arguments", async () => {
    const run = await runLb({ idleTimeoutSeconds: 120, desyncMitigationMode: "strictest" });
    expect(run.one(LB, "web").inputs).toMatchObject({ idleTimeout: 120, desyncMitigationMode: "strictest" });
  });

  test("deletion protection off leaves the load balancer deletable and the log bucket unprotected", async () => {
    const run = await runLb({ deletionProtection: false });
    expect(run.one(LB, "web").inputs.enableDeletionProtection).toBe(false);
    expect(run.one("aws:s3/bucket:Bucket", "web-access-logs").options.protect).toBe(false);
  });

  test("access logs go to a bucket of its own, after the bucket policy exists", async () => {
    const run = await runLb();
    const bucket = run.one("aws:s3/bucket:Bucket", "web-access-logs");
    const policy = run.one("aws:s3/bucketPolicy:BucketPolicy", "web-access-logs");
    const lb = run.one(LB, "web");
    expect(lb.inputs.accessLogs).toEqual({ enabled: true, bucket: bucket.state.id, prefix: "alb" });
    expect(lb.options.dependsOn).toContain(policy.urn);
    expect(bucket.inputs.forceDestroy).toBe(false);
    expect(bucket.options.protect).toBe(true);
  });

  test("the log bucket blocks public access, enforces bucket ownership, uses SSE-S3 and expires logs", async () => {
    const run = await runLb({ accessLogRetentionDays: 30 });
    const block = run.one("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "web-access-logs");
    expect(block.inputs).toMatchObject({ blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true });
    const ownership = run.one("aws:s3/bucketOwnershipControls:BucketOwnershipControls", "web-access-logs");
    expect(ownership.inputs.rule).toEqual({ objectOwnership: "BucketOwnerEnforced" });
    const sse = run.one("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", "web-access-logs");
    // ALB log delivery supports SSE-S3 only; a KMS default would make delivery fail.
    expect(sse.inputs.rules).toEqual([{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }]);
    const lifecycle = run.one("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", "web-access-logs");
    expect(lifecycle.inputs.rules[0]).toMatchObject({ status: "Enabled", expiration: { days: 30 }, filter: { prefix: "alb/" } });
  });

  test("the bucket policy lets ELB log delivery write under the account's AWSLogs prefix and denies plain HTTP", async () => {
    const run = await runLb();
    const bucket = run.one("aws:s3/bucket:Bucket", "web-access-logs");
    const policy = JSON.parse(run.one("aws:s3/bucketPolicy:BucketPolicy", "web-access-logs").inputs.policy);
    const writes = policy.Statement.filter((s: any) => s.Action === "s3:PutObject");
    expect(writes.map((s: any) => s.Principal)).toEqual([
      { Service: "logdelivery.elasticloadbalancing.amazonaws.com" },
      { AWS: "arn:aws:iam::156460612806:root" }, // eu-west-1's ELB account
    ]);
    expect(writes.every((s: any) => s.Resource === `${bucket.state.arn}/alb/AWSLogs/123456789012/*`)).toBe(true);
    const deny = policy.Statement.find((s: any) => s.Effect === "Deny");
    expect(deny.Condition).toEqual({ Bool: { "aws:SecureTransport": "false" } });
  });

  test("in a region opened after August 2022 only the log delivery service principal is granted", () => {
    const policy = accessLogBucketPolicy("arn:aws:s3:::logs", "alb", "123456789012", "aws", "ap-southeast-5") as any;
    const principals = policy.Statement.filter((s: any) => s.Effect === "Allow").map((s: any) => s.Principal);
    expect(principals).toEqual([{ Service: "logdelivery.elasticloadbalancing.amazonaws.com" }]);
  });
});

describe("WeightedLoadBalancer in ecs-native mode", () => {
  test("a catch-all listener rule forwards to both groups and leaves its actions to ECS", async () => {
    const run = await runLb({ mode: "ecs-native" });
    const rule = run.one(RULE, "web-production");
    expect(rule.inputs.listenerArn).toBe(run.one(LISTENER, "web-https").state.arn);
    expect(rule.inputs.conditions).toEqual([{ pathPattern: { values: ["/*"] } }]);
    expect(rule.inputs.actions[0].forward.targetGroups).toEqual([
      { arn: stateArn(run, TARGET_GROUP, "web-blue"), weight: 100 },
      { arn: stateArn(run, TARGET_GROUP, "web-green"), weight: 0 },
    ]);
    expect(rule.options.ignoreChanges).toEqual(["actions"]);
    expect(component(run).outputs?.productionListenerRuleArn).toBe(rule.state.arn);
  });

  test("the listener's default action no longer forwards, so ECS's rule is the only path to the targets", async () => {
    const run = await runLb({ mode: "ecs-native" });
    const [action] = run.one(LISTENER, "web-https").inputs.defaultActions;
    expect(action).toMatchObject({ type: "fixed-response", fixedResponse: { statusCode: "404" } });
    expect(run.one(LISTENER, "web-https").options.ignoreChanges).toEqual([]);
  });

  test("weighted mode creates no listener rule and exposes no production rule", async () => {
    const run = await runLb();
    expect(run.ofType(RULE)).toEqual([]);
    expect(component(run).outputs?.productionListenerRuleArn).toBeUndefined();
  });
});

describe("WeightedLoadBalancer validation", () => {
  const problems = (args: Partial<WeightedLoadBalancerArgs>, name = "web") => validateWeightedLoadBalancerArgs(name, { ...BASE, ...args }).list;

  test("the baseline is valid", () => {
    expect(problems({})).toEqual([]);
  });

  test.each([
    [{ blue: 1000, green: 0 }, "weights.blue: 1000 is not allowed (expected an integer from 0 to 999)"],
    [{ blue: 100, green: -1 }, "weights.green: -1 is not allowed (expected an integer from 0 to 999)"],
    [{ blue: 12.5, green: 0 }, "weights.blue: 12.5 is not allowed (expected an integer from 0 to 999)"],
    [{ blue: 0, green: 0 }, 'weights: {"blue":0,"green":0} is not allowed (expected at least one weight above zero)'],
  ])("weights %j are rejected naming the key", (weights, message) => {
    expect(problems({ weights })).toContain(message);
  });

  test.each([0, 604801])("a stickiness duration of %i seconds is rejected", (durationSeconds) => {
    expect(problems({ stickiness: { enabled: true, durationSeconds } })).toEqual([
      `stickiness.durationSeconds: ${durationSeconds} is not allowed (expected an integer from 1 to 604800 (7 days))`,
    ]);
  });

  test("a health check timeout as long as the interval is rejected", () => {
    expect(problems({ healthCheck: { intervalSeconds: 10, timeoutSeconds: 10 } })).toEqual([
      "healthCheck.timeoutSeconds: 10 is not allowed (expected less than healthCheck.intervalSeconds (10))",
    ]);
  });

  test("a health check matcher that is not a list or range of HTTP codes is rejected", () => {
    expect(problems({ healthCheck: { matcher: "ok" } })).toEqual(['healthCheck.matcher: "ok" is not allowed (expected HTTP codes such as 200, 200,204 or 200-299)']);
  });

  test("a TLS policy outside the TLS 1.3 family is rejected", () => {
    expect(problems({ sslPolicy: "ELBSecurityPolicy-2016-08" as never })[0]).toMatch(/^sslPolicy: "ELBSecurityPolicy-2016-08" is not allowed \(expected a TLS 1.3 policy/);
  });

  test("a default header to omit must be one ALB sets, and not one also given a value", () => {
    expect(problems({ omitResponseHeaders: ["X-Powered-By"] })[0]).toMatch(/^omitResponseHeaders: "X-Powered-By" is not allowed \(expected a header ALB can set on responses/);
    expect(problems({ responseHeaders: { "x-frame-options": "SAMEORIGIN" }, omitResponseHeaders: ["X-Frame-Options"] })).toEqual([
      'omitResponseHeaders: "X-Frame-Options" is not allowed (expected a header not also set in responseHeaders)',
    ]);
    expect(problems({ omitResponseHeaders: ["content-security-policy"] })).toEqual([]);
  });

  test("a name too long for AWS's 32-character target group names is rejected", () => {
    expect(problems({}, "a-very-long-load-balancer")[0]).toMatch(/^name: "a-very-long-load-balancer" is not allowed \(expected .*at most 18 characters/);
  });

  test("the component throws every problem before it creates any resource", async () => {
    await expect(runLb({ weights: { blue: 0, green: 0 }, stickiness: { enabled: true, durationSeconds: 0 } })).rejects.toThrow(
      /WeightedLoadBalancer "web" has invalid arguments:\n {2}- weights: .*\n {2}- stickiness.durationSeconds: 0/,
    );
  });

  test.each([
    [{ blue: 100, green: 0 }, "blue"],
    [{ blue: 10, green: 90 }, "green"],
    [{ blue: 50, green: 50 }, "blue"],
  ])("with weights %j the live colour is %s", (weights, colour) => {
    expect(liveColour(weights)).toBe(colour);
  });
});

describe("WeightedLoadBalancer tags", () => {
  test("every taggable resource carries its Name and the given tags", async () => {
    const run = await runLb({ mode: "ecs-native", certificateArn: undefined, domain: { name: "app.example.com", hostedZoneId: "Z0123456789EXAMPLE" } });
    const taggable = [LB, LISTENER, RULE, TARGET_GROUP, INGRESS, EGRESS, "aws:ec2/securityGroup:SecurityGroup", "aws:s3/bucket:Bucket", "aws:acm/certificate:Certificate"];
    const resources = run.resources.filter((r) => taggable.includes(r.type));
    expect(resources.length).toBeGreaterThan(10);
    for (const resource of resources) expect({ name: resource.name, tags: resource.inputs.tags }).toEqual({ name: resource.name, tags: expect.objectContaining({ Name: resource.name, Owner: "team" }) });
  });
});

