import { requestCountResourceLabel, targetGroupArnSuffix } from "../../components/ecs";
import { LB_SG, LB_SUFFIX, runService, TG, TYPES } from "./fixtures";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { nonEmpty } from "../harness/assertions";

const valueOf = <T>(output: pulumi.Output<T>) => new Promise<T>((resolve) => output.apply(resolve));

describe("BlueGreenFargateService services", () => {
  test("creates one service per colour, each registered in its own target group on the app port", async () => {
    const run = await runService();
    expect(run.ofType(TYPES.service).map((s) => s.name).sort()).toEqual(["app-blue", "app-green"]);
    for (const colour of ["blue", "green"] as const) {
      const service = run.one(TYPES.service, `app-${colour}`);
      expect(service.inputs.loadBalancers).toEqual([{ targetGroupArn: TG[colour], containerName: "app", containerPort: 8080 }]);
      expect(service.inputs.taskDefinition).toBe(run.one(TYPES.taskDefinition, `app-${colour}`).state.arn);
    }
  });

  test("tasks run in the given private subnets with no public IP, in the app security group only", async () => {
    const run = await runService();
    const sg = run.one(TYPES.securityGroup, "app");
    for (const service of nonEmpty(run.ofType(TYPES.service), "ECS service")) {
      expect(service.inputs.networkConfiguration).toEqual({
        subnets: ["subnet-0aaaaaaaaaaaaaaaa", "subnet-0bbbbbbbbbbbbbbbb"],
        securityGroups: [sg.state.id],
        assignPublicIp: false,
      });
    }
  });

  test("the app security group admits the app port from the load balancer's security group and nothing else", async () => {
    const run = await runService();
    const sg = run.one(TYPES.securityGroup, "app");
    expect(sg.inputs.ingress ?? []).toEqual([]);
    const ingress = run.ofType(TYPES.ingress);
    expect(ingress).toHaveLength(1);
    expect(ingress[0].inputs).toMatchObject({ securityGroupId: sg.state.id, referencedSecurityGroupId: LB_SG, ipProtocol: "tcp", fromPort: 8080, toPort: 8080 });
    expect(ingress[0].inputs.cidrIpv4).toBeUndefined();
  });

  test("the app may send to the VPC and to HTTPS, nowhere else", async () => {
    const run = await runService();
    const egress = run.ofType(TYPES.egress).map((r) => ({ cidr: r.inputs.cidrIpv4, from: r.inputs.fromPort, to: r.inputs.toPort }));
    expect(egress).toEqual(expect.arrayContaining([{ cidr: "10.0.0.0/16", from: 0, to: 65535 }, { cidr: "0.0.0.0/0", from: 443, to: 443 }]));
    expect(egress).toHaveLength(2);
  });

  test("a failed rollout stops and rolls back (circuit breaker) and new tasks get the health-check grace period", async () => {
    const run = await runService({ healthCheckGracePeriodSeconds: 120 });
    for (const service of nonEmpty(run.ofType(TYPES.service), "ECS service")) {
      expect(service.inputs.deploymentCircuitBreaker).toEqual({ enable: true, rollback: true });
      expect(service.inputs.healthCheckGracePeriodSeconds).toBe(120);
      expect(service.inputs.deploymentMinimumHealthyPercent).toBe(100);
      expect(service.inputs.waitForSteadyState).toBe(true);
    }
  });

  test("auto scaling owns the running count: services ignore desiredCount after creation and start at minCount", async () => {
    const run = await runService({ scaling: { minCount: 3, maxCount: 20, requestsPerTarget: 500 } });
    for (const service of nonEmpty(run.ofType(TYPES.service), "ECS service")) {
      expect(service.options.ignoreChanges).toEqual(["desiredCount"]);
      expect(service.inputs.desiredCount).toBe(3);
    }
  });

  test("services wait for the cluster's capacity providers, the execution role's policy and the load balancer", async () => {
    const { runComponents } = await import("../harness");
    const { EcsCluster, BlueGreenFargateService } = await import("../../components/ecs");
    const { baseArgs } = await import("./fixtures");
    const run = await runComponents(() => {
      const listener = new aws.lb.Listener("edge-https", {
        loadBalancerArn: "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/edge/1234567890abcdef",
        defaultActions: [{ type: "fixed-response", fixedResponse: { contentType: "text/plain", statusCode: "404" } }],
      });
      const cluster = new EcsCluster("cluster", {});
      const base = baseArgs();
      new BlueGreenFargateService("app", { ...base, cluster, loadBalancer: { ...base.loadBalancer, dependsOn: [listener] } });
    });
    const needed = [run.one(TYPES.capacity, "cluster-capacity"), run.one(TYPES.rolePolicy, "app-execution"), run.one("aws:lb/listener:Listener", "edge-https")];
    for (const service of nonEmpty(run.ofType(TYPES.service), "ECS service")) {
      for (const resource of needed) expect(service.options.dependsOn).toContain(resource.urn);
    }
  });

  test("the capacity provider strategy comes from the arguments and leaves out providers with no share", async () => {
    const onDemand = await runService();
    expect(onDemand.one(TYPES.service, "app-blue").inputs.capacityProviderStrategies).toEqual([{ capacityProvider: "FARGATE", base: 0, weight: 1 }]);
    const spot = await runService({ capacity: { fargate: { base: 1, weight: 1 }, fargateSpot: { weight: 3 } } });
    expect(spot.one(TYPES.service, "app-blue").inputs.capacityProviderStrategies).toEqual([
      { capacityProvider: "FARGATE", base: 1, weight: 1 },
      { capacityProvider: "FARGATE_SPOT", base: 0, weight: 3 },
    ]);
  });
});

describe("BlueGreenFargateService tags", () => {
  test("every taggable resource is tagged with its Name and the given tags", async () => {
    const run = await runService({ executeCommand: true });
    const taggable = [TYPES.cluster, TYPES.taskDefinition, TYPES.service, TYPES.role, TYPES.securityGroup, TYPES.egress, TYPES.logGroup, TYPES.scalingTarget, "aws:kms/key:Key"];
    const resources = run.resources.filter((r) => taggable.includes(r.type as never));
    expect(resources.length).toBe(16);
    for (const r of resources) expect({ name: r.name, tags: r.inputs.tags }).toEqual({ name: r.name, tags: expect.objectContaining({ Name: expect.any(String), Owner: "team" }) });
  });
});

describe("BlueGreenFargateService auto scaling", () => {
  test("each colour scales between minCount and maxCount on its own ECS service", async () => {
    const run = await runService({ scaling: { minCount: 3, maxCount: 20, requestsPerTarget: 500 } });
    for (const colour of ["blue", "green"]) {
      const target = run.one(TYPES.scalingTarget, `app-${colour}-scaling`);
      const service = run.one(TYPES.service, `app-${colour}`);
      expect(target.inputs).toMatchObject({ minCapacity: 3, maxCapacity: 20, serviceNamespace: "ecs", scalableDimension: "ecs:service:DesiredCount" });
      expect(target.inputs.tags).toEqual({ Name: `app-${colour}-scaling`, Owner: "team" });
      expect(target.inputs.resourceId).toBe(`service/${run.one(TYPES.cluster, "cluster").state.name}/${service.state.name}`);
    }
  });

  test("target tracking holds average CPU at the configured percent", async () => {
    const run = await runService({ scaling: { minCount: 2, maxCount: 6, cpuTargetPercent: 55 } });
    const policy = run.one(TYPES.scalingPolicy, "app-blue-scaling-cpu");
    expect(policy.inputs.policyType).toBe("TargetTrackingScaling");
    expect(policy.inputs.targetTrackingScalingPolicyConfiguration).toMatchObject({
      targetValue: 55,
      predefinedMetricSpecification: { predefinedMetricType: "ECSServiceAverageCPUUtilization" },
    });
  });

  test("target tracking holds ALB requests per target on the colour's own target group", async () => {
    const run = await runService();
    for (const colour of ["blue", "green"] as const) {
      const policy = run.one(TYPES.scalingPolicy, `app-${colour}-scaling-requests-${colour}`);
      expect(policy.inputs.targetTrackingScalingPolicyConfiguration).toMatchObject({
        targetValue: 1000,
        predefinedMetricSpecification: { predefinedMetricType: "ALBRequestCountPerTarget", resourceLabel: `${LB_SUFFIX}/${targetGroupArnSuffix(TG[colour])}` },
      });
    }
  });

  test("without requestsPerTarget only the CPU policy exists", async () => {
    const run = await runService({ scaling: { minCount: 1, maxCount: 2 } });
    expect(run.ofType(TYPES.scalingPolicy).map((p) => p.name).sort()).toEqual(["app-blue-scaling-cpu", "app-green-scaling-cpu"]);
  });

  test("the request-count label is the load balancer suffix and the target group suffix", async () => {
    expect(targetGroupArnSuffix(TG.blue)).toBe("targetgroup/edge-blue/0123456789abcdef");
    expect(() => targetGroupArnSuffix("arn:aws:elasticloadbalancing:eu-west-1:1:loadbalancer/app/x/y")).toThrow(/not a target group ARN/);
    await expect(valueOf(requestCountResourceLabel(LB_SUFFIX, TG.green))).resolves.toBe("app/edge/1234567890abcdef/targetgroup/edge-green/fedcba9876543210");
  });
});
