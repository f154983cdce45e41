import * as fc from "fast-check";
import { validateWeightedLoadBalancerArgs } from "../../components/loadbalancer";
import { ConfigError, parsePlatformConfig } from "../../stacks/config";
import { validateEdgeConfig } from "../../stacks/edge";
import { runProgram, RunResult } from "../harness";

const LB = "aws:lb/loadBalancer:LoadBalancer";
const LISTENER = "aws:lb/listener:Listener";
const TARGET_GROUP = "aws:lb/targetGroup:TargetGroup";
const WEB_ACL = "aws:wafv2/webAcl:WebAcl";

const VALID = { "platform:environment": "dev", "aws:region": "eu-west-1" };

function problemsOf(sections: Record<string, unknown>): readonly string[] {
  const raw: Record<string, string> = { ...VALID };
  for (const [key, value] of Object.entries(sections)) raw[key] = JSON.stringify(value);
  try {
    const config = parsePlatformConfig(raw, "test");
    return validateEdgeConfig(config);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}

/** Each shipped stack runs once per file; the tests below only read the result. */
const shipped = new Map<string, RunResult>();
async function runShipped(stack: string): Promise<RunResult> {
  if (!shipped.has(stack)) shipped.set(stack, await runProgram({ stack }));
  return shipped.get(stack)!;
}

describe("shipped stacks: edge", () => {
  test("dev serves HTTP only and says so in its outputs", async () => {
    const run = await runShipped("dev");
    expect(run.outputs).toMatchObject({ httpsEnabled: false, protocol: "http" });
    expect(run.outputs.httpsDisabledReason).toMatch(/serves HTTP only/);
    expect(run.outputs.url).toBe(`http://${run.outputs.loadBalancerDnsName}`);
    expect(run.ofType(LISTENER).map((l) => l.name)).toEqual(["edge-http"]);
    expect(run.one(LB, "edge").inputs.enableDeletionProtection).toBe(false);
  });

  test.each(["staging", "prod"])("%s serves HTTPS on its domain and the HTTP listener only redirects", async (stack) => {
    const run = await runShipped(stack);
    expect(run.outputs).toMatchObject({ httpsEnabled: true, protocol: "https" });
    expect(run.outputs.url).toMatch(/^https:\/\/[a-z.]+example\.com$/);
    expect(run.outputs.listenerArn).toBe(run.one(LISTENER, "edge-https").state.arn);
    expect(run.one(LISTENER, "edge-https").inputs.sslPolicy).toMatch(/^ELBSecurityPolicy-TLS13-/);
    expect(run.one(LISTENER, "edge-http").inputs.defaultActions.map((a: any) => a.type)).toEqual(["redirect"]);
    expect(run.outputs.httpsDisabledReason).toBeUndefined();
  });

  test("prod keeps its load balancer and access log bucket from deletion and its WAF logs for a year", async () => {
    const run = await runShipped("prod");
    expect(run.one(LB, "edge").inputs.enableDeletionProtection).toBe(true);
    expect(run.one("aws:s3/bucket:Bucket", "edge-access-logs").options.protect).toBe(true);
    expect(run.one("aws:cloudwatch/logGroup:LogGroup", "edge-waf-logs").inputs.retentionInDays).toBe(365);
    expect(run.one(WEB_ACL, "edge-waf").inputs.rules.map((r: any) => r.name)).toContain("AnonymousIpList");
  });

  test.each(["dev", "staging", "prod"])("%s outputs what the release command reads", async (stack) => {
    const run = await runShipped(stack);
    expect(run.outputs.trafficWeights).toEqual({ blue: 100, green: 0 });
    expect(run.outputs.liveColour).toBe("blue");
    expect(run.outputs.targetGroupArns).toEqual({
      blue: run.one(TARGET_GROUP, "edge-blue").state.arn,
      green: run.one(TARGET_GROUP, "edge-green").state.arn,
    });
    expect(run.outputs.loadBalancerDnsName).toBe(run.one(LB, "edge").state.dnsName);
    expect(run.outputs.trafficMode).toBe("weighted");
  });

  test.each([
    [{ blue: 90, green: 10 }, "blue"],
    [{ blue: 0, green: 100 }, "green"],
    [{ blue: 50, green: 50 }, "blue"],
  ])("configured weights %j become the listener's forward weights and the live colour is %s", async (weights, live) => {
    const run = await runProgram({ stack: "dev", overrides: { "platform:traffic": { weights } } });
    const forward = run.one(LISTENER, "edge-http").inputs.defaultActions[0].forward;
    expect(forward.targetGroups.map((g: any) => g.weight)).toEqual([weights.blue, weights.green]);
    expect(run.outputs.trafficWeights).toEqual(weights);
    expect(run.outputs.liveColour).toBe(live);
  });

  test("the target groups use the app's container port", async () => {
    const run = await runProgram({ stack: "dev", overrides: { "platform:compute": { containerPort: 9000 } } });
    expect(run.one(TARGET_GROUP, "edge-blue").inputs.port).toBe(9000);
  });

  test("the WAF protects the load balancer in every stack", async () => {
    for (const stack of ["dev", "prod"]) {
      const run = await runShipped(stack);
      const association = run.one("aws:wafv2/webAclAssociation:WebAclAssociation", "edge-waf");
      expect(association.inputs.resourceArn).toBe(run.one(LB, "edge").state.arn);
      expect(run.outputs.webAclArn).toBe(run.one(WEB_ACL, "edge-waf").state.arn);
    }
  });

  test("ecs-native mode outputs the production listener rule ECS moves", async () => {
    const run = await runProgram({ stack: "staging", overrides: { "platform:traffic": { mode: "ecs-native" } } });
    const rule = run.one("aws:lb/listenerRule:ListenerRule", "edge-production");
    expect(run.outputs.productionListenerRuleArn).toBe(rule.state.arn);
    expect(rule.options.ignoreChanges).toEqual(["actions"]);
    expect(run.outputs.trafficMode).toBe("ecs-native");
  });

  test("ecs-native mode with EKS fails naming platform:traffic.mode", async () => {
    await expect(
      runProgram({ stack: "dev", overrides: { "platform:traffic": { mode: "ecs-native" }, "platform:compute": { platform: "eks" } } }),
    ).rejects.toThrow('platform:traffic.mode: "ecs-native" is not allowed with platform:compute.platform "eks"');
  });
});

describe("platform:traffic and platform:waf validation", () => {
  test("the defaults are valid", () => {
    expect(problemsOf({})).toEqual([]);
  });

  test.each([
    [{ weights: { blue: 1000 } }, "platform:traffic.weights.blue: 1000 is not allowed (expected an integer from 0 to 999)"],
    [{ weights: { blue: 0, green: 0 } }, 'platform:traffic.weights: {"blue":0,"green":0} is not allowed (expected at least one weight above zero)'],
    [{ stickiness: { enabled: true, durationSeconds: 0 } }, "platform:traffic.stickiness.durationSeconds: 0 is not allowed (expected an integer from 1 to 604800)"],
    [{ stickiness: { durationSeconds: 604801 } }, "platform:traffic.stickiness.durationSeconds: 604801 is not allowed (expected an integer from 1 to 604800)"],
    [{ healthCheck: { intervalSeconds: 5, timeoutSeconds: 5 } }, "platform:traffic.healthCheck.timeoutSeconds: 5 is not allowed (expected less than intervalSeconds (5))"],
    [{ healthCheck: { path: "healthz" } }, 'platform:traffic.healthCheck.path: "healthz" is not allowed (expected an absolute path such as /healthz)'],
    [{ domain: "app.example.com" }, "platform:traffic.hostedZoneId: is required (expected the Route 53 hosted zone id of domain)"],
    [{ sslPolicy: "ELBSecurityPolicy-2016-08" }, /^platform:traffic\.sslPolicy: "ELBSecurityPolicy-2016-08" is not allowed \(expected "ELBSecurityPolicy-TLS13-/],
    [{ desyncMitigationMode: "monitor" }, 'platform:traffic.desyncMitigationMode: "monitor" is not allowed (expected "defensive" | "strictest")'],
    [{ mode: "canary" }, 'platform:traffic.mode: "canary" is not allowed (expected "weighted" | "ecs-native")'],
  ] as const)("platform:traffic %j is rejected", (traffic, message) => {
    const problems = problemsOf({ "platform:traffic": traffic });
    expect(problems).toHaveLength(1);
    if (typeof message === "string") expect(problems[0]).toBe(message);
    else expect(problems[0]).toMatch(message);
  });

  test.each([
    [{ rateLimit: 9 }, "platform:waf.rateLimit: 9 is not allowed (expected an integer from 10 to 2000000000)"],
    [{ mode: "off" }, 'platform:waf.mode: "off" is not allowed (expected "block" | "count")'],
    [{ geo: { allow: ["de"] } }, 'platform:waf.geo.allow[0]: "de" is not allowed (expected an ISO 3166 alpha-2 country code such as DE)'],
    [{ geo: { allow: ["DE"], deny: ["KP"] } }, 'platform:waf.geo.deny: ["KP"] is not allowed (expected an empty list when allow is set (an allow list already blocks every other country))'],
    [{ logRetentionInDays: 10 }, /^platform:waf\.logRetentionInDays: 10 is not allowed \(expected one of 1, 3, 5/],
  ] as const)("platform:waf %j is rejected", (waf, message) => {
    const problems = problemsOf({ "platform:waf": waf });
    expect(problems).toHaveLength(1);
    if (typeof message === "string") expect(problems[0]).toBe(message);
    else expect(problems[0]).toMatch(message);
  });

  test("ecs-native mode is rejected with EKS as a cross-section rule naming platform:traffic.mode", () => {
    expect(problemsOf({ "platform:traffic": { mode: "ecs-native" }, "platform:compute": { platform: "eks" } })).toEqual([
      'platform:traffic.mode: "ecs-native" is not allowed with platform:compute.platform "eks" (expected "weighted": only ECS moves listener weights itself)',
    ]);
    expect(problemsOf({ "platform:traffic": { mode: "ecs-native" } })).toEqual([]);
  });
});

describe("config schema and component validator agree", () => {
  const number = fc.oneof(fc.integer({ min: -5, max: 1005 }), fc.double({ min: -5, max: 1005, noNaN: true }));
  const componentAccepts = (weights: { blue: number; green: number }, durationSeconds: number) =>
    validateWeightedLoadBalancerArgs("edge", {
      vpcId: "vpc-1",
      subnetIds: ["subnet-a", "subnet-b"],
      targetPort: 8080,
      weights,
      stickiness: { enabled: true, durationSeconds },
    }).list.length === 0;

  test("a weight split is accepted by platform:traffic exactly when the load balancer accepts it", () => {
    fc.assert(
      fc.property(number, number, (blue, green) => {
        const configAccepts = problemsOf({ "platform:traffic": { weights: { blue, green } } }).length === 0;
        expect(configAccepts).toBe(componentAccepts({ blue, green }, 3600));
      }),
    );
  });

  test("a stickiness duration is accepted by platform:traffic exactly when the load balancer accepts it", () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer({ min: -10, max: 700000 }), fc.constantFrom(0, 1, 604800, 604801)), (durationSeconds) => {
        const configAccepts = problemsOf({ "platform:traffic": { stickiness: { enabled: true, durationSeconds } } }).length === 0;
        expect(configAccepts).toBe(componentAccepts({ blue: 100, green: 0 }, durationSeconds));
      }),
    );
  });
});
