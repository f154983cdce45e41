import { nativeDeploymentConfiguration } from "../../components/ecs";
import { policyOf, RULE_ARN, runService, TG, TYPES } from "./fixtures";
import { nonEmpty } from "../harness/assertions";

const NATIVE = { kind: "native" as const, alarmNames: ["dev-deployment-health"] };
const withRule = (extra: object = {}) => ({
  deployment: { ...NATIVE, ...extra },
  loadBalancer: { securityGroupId: "sg-0loadbalancer0000", targetGroupArns: TG, loadBalancerArnSuffix: "app/edge/1234567890abcdef", productionListenerRuleArn: RULE_ARN },
});

describe("BlueGreenFargateService in a native ECS deployment", () => {
  test("runs one service and one task definition on blue's image instead of one per colour", async () => {
    const run = await runService(withRule());
    expect(run.ofType(TYPES.service).map((s) => s.name)).toEqual(["app"]);
    expect(run.ofType(TYPES.taskDefinition).map((t) => t.name)).toEqual(["app"]);
    expect(JSON.parse(run.one(TYPES.taskDefinition, "app").inputs.containerDefinitions)[0].image).toMatch(/shop\/web:1\.4\.2$/);
  });

  test("the service uses ECS's blue/green strategy with bake time and rolls back on the deployment-health alarm", async () => {
    const service = (await runService(withRule({ bakeTimeMinutes: 15 }))).one(TYPES.service, "app");
    expect(service.inputs.deploymentController).toEqual({ type: "ECS" });
    expect(service.inputs.deploymentConfiguration).toEqual({ strategy: "BLUE_GREEN", bakeTimeInMinutes: "15" });
    expect(service.inputs.alarms).toEqual({ alarmNames: ["dev-deployment-health"], enable: true, rollback: true });
    expect(service.inputs.deploymentCircuitBreaker).toEqual({ enable: true, rollback: true });
  });

  test("blue is the primary target group and green the alternate, on the production listener rule, through the deployment role", async () => {
    const run = await runService(withRule());
    const role = run.one(TYPES.role, "app-deployment");
    expect(run.one(TYPES.service, "app").inputs.loadBalancers).toEqual([
      {
        targetGroupArn: TG.blue,
        containerName: "app",
        containerPort: 8080,
        advancedConfiguration: { alternateTargetGroupArn: TG.green, productionListenerRule: RULE_ARN, roleArn: role.state.arn },
      },
    ]);
  });

  test("Pulumi leaves the target group swap and the task count to ECS", async () => {
    const service = (await runService(withRule())).one(TYPES.service, "app");
    expect(service.options.ignoreChanges.sort()).toEqual(["desiredCount", "loadBalancers"]);
  });

  test("the deployment role is assumed by ECS only and may move exactly the production rule and register in exactly the two target groups", async () => {
    const run = await runService(withRule());
    const trust = JSON.parse(run.one(TYPES.role, "app-deployment").inputs.assumeRolePolicy);
    expect(trust.Statement[0].Principal).toEqual({ Service: "ecs.amazonaws.com" });
    const policy = policyOf(run.one(TYPES.rolePolicy, "app-deployment"));
    const bySid = Object.fromEntries(policy.Statement.map((s) => [s.Sid, s]));
    expect(bySid.ShiftTraffic).toMatchObject({ Action: "elasticloadbalancing:ModifyRule", Resource: [RULE_ARN] });
    expect(bySid.RegisterTasks).toMatchObject({ Action: ["elasticloadbalancing:RegisterTargets", "elasticloadbalancing:DeregisterTargets"], Resource: [TG.blue, TG.green] });
    expect(nonEmpty<string>(bySid.ReadLoadBalancer.Action, "ReadLoadBalancer action").every((a: string) => a.startsWith("elasticloadbalancing:Describe"))).toBe(true);
    expect(policy.Statement.map((s) => s.Sid).sort()).toEqual(["ReadLoadBalancer", "RegisterTasks", "ShiftTraffic"]);
  });

  test("the service waits for the deployment role's policy so ECS can move the rule on its first deployment", async () => {
    const run = await runService(withRule());
    expect(run.one(TYPES.service, "app").options.dependsOn).toContain(run.one(TYPES.rolePolicy, "app-deployment").urn);
  });

  test("scaling tracks requests on both target groups, so whichever is live after a swap is followed", async () => {
    const run = await runService(withRule());
    expect(run.ofType(TYPES.scalingPolicy).map((p) => p.name).sort()).toEqual(["app-scaling-cpu", "app-scaling-requests-blue", "app-scaling-requests-green"]);
  });

  test("the metric descriptor names the one service for both colours and says the deployment is native", async () => {
    const { runComponents } = await import("../harness");
    const { EcsCluster, BlueGreenFargateService } = await import("../../components/ecs");
    const { baseArgs } = await import("./fixtures");
    const run = await runComponents(() => {
      const cluster = new EcsCluster("cluster", {});
      const service = new BlueGreenFargateService("app", { ...baseArgs(), cluster, ...withRule() });
      return { metrics: service.metrics };
    });
    const service = run.one(TYPES.service, "app");
    expect(run.outputs.metrics).toEqual({
      kind: "ecs",
      clusterName: run.one(TYPES.cluster, "cluster").state.name,
      serviceNames: { blue: service.state.name, green: service.state.name },
      minimumTasks: 2,
      deployment: "native",
    });
  });

  test.each([
    [{ strategy: "CANARY" as const, canaryPercent: 5, canaryBakeTimeMinutes: 10 }, { strategy: "CANARY", bakeTimeInMinutes: "10", canaryConfiguration: { canaryPercent: 5, canaryBakeTimeInMinutes: "10" } }],
    [{ strategy: "LINEAR" as const, linearStepPercent: 25, linearStepBakeTimeMinutes: 2 }, { strategy: "LINEAR", bakeTimeInMinutes: "10", linearConfiguration: { stepPercent: 25, stepBakeTimeInMinutes: "2" } }],
    [{ strategy: "BLUE_GREEN" as const, canaryPercent: 5 }, { strategy: "BLUE_GREEN", bakeTimeInMinutes: "10" }],
  ])("strategy %o gives deploymentConfiguration %o", (deployment, expected) => {
    expect(nativeDeploymentConfiguration({ ...NATIVE, ...deployment })).toEqual(expected);
  });
});
