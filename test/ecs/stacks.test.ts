import { runProgram, RunResult } from "../harness";
import { containers, TYPES } from "./fixtures";

const runs = new Map<string, Promise<RunResult>>();
/** One program run per stack file, shared by the tests that only read it. */
const stackRun = (stack: string) => {
  if (!runs.has(stack)) runs.set(stack, runProgram({ stack }));
  return runs.get(stack)!;
};

describe("the ECS tier in the shipped stacks", () => {
  test.each([
    ["dev", 1, 2],
    ["staging", 2, 3],
    ["prod", 3, 20],
  ])("%s scales each colour between %i and %i tasks", async (stack, min, max) => {
    const run = await stackRun(stack);
    for (const colour of ["blue", "green"]) {
      expect(run.one(TYPES.scalingTarget, `app-${colour}-scaling`).inputs).toMatchObject({ minCapacity: min, maxCapacity: max });
      expect(run.one(TYPES.service, `app-${colour}`).inputs.desiredCount).toBe(min);
    }
  });

  test("dev runs on Fargate Spot only; prod keeps three tasks on on-demand Fargate", async () => {
    expect((await stackRun("dev")).one(TYPES.service, "app-blue").inputs.capacityProviderStrategies).toEqual([{ capacityProvider: "FARGATE_SPOT", base: 0, weight: 1 }]);
    expect((await stackRun("prod")).one(TYPES.service, "app-blue").inputs.capacityProviderStrategies).toEqual([{ capacityProvider: "FARGATE", base: 3, weight: 1 }]);
  });

  test("each service registers in the load balancer's target group of its colour and waits for the load balancer", async () => {
    const run = await stackRun("staging");
    // Depending on the load balancer component means depending on every child of it, its listeners included.
    const listeners = run.ofType("aws:lb/listener:Listener").map((l) => l.urn);
    expect(listeners.length).toBeGreaterThan(0);
    for (const colour of ["blue", "green"]) {
      const group = run.one("aws:lb/targetGroup:TargetGroup", `edge-${colour}`);
      const service = run.one(TYPES.service, `app-${colour}`);
      expect(service.inputs.loadBalancers[0].targetGroupArn).toBe(group.state.arn);
      for (const listener of listeners) expect(service.options.dependsOn).toContain(listener);
    }
  });

  test("the app admits only the ALB, and the database, the cache and the ALB's egress name the app's security group", async () => {
    const run = await stackRun("prod");
    const appSg = run.one(TYPES.securityGroup, "app").state.id;
    const albSg = run.one(TYPES.securityGroup, "edge").state.id;
    const appIngress = run.ofType(TYPES.ingress).filter((r) => r.inputs.securityGroupId === appSg);
    expect(appIngress.map((r) => r.inputs.referencedSecurityGroupId)).toEqual([albSg]);
    const admittedFromApp = run.ofType(TYPES.ingress).filter((r) => r.inputs.referencedSecurityGroupId === appSg).map((r) => r.name).sort();
    expect(admittedFromApp).toEqual(expect.arrayContaining(["cache-from-app", "database-from-app"]));
    expect(run.one(TYPES.egress, "edge-to-app").inputs).toMatchObject({ securityGroupId: albSg, referencedSecurityGroupId: appSg, fromPort: 8080, toPort: 8080 });
  });

  test("the database and cache credentials reach the container as secrets of the data tier's exact ARNs", async () => {
    const run = await stackRun("prod");
    const [app] = containers(run.one(TYPES.taskDefinition, "app-blue"));
    const referenced = new Set(app.secrets.map((s: { valueFrom: string }) => s.valueFrom.replace(/:[^:]*::$/, "")));
    expect([...referenced].sort()).toEqual([run.outputs.database.masterSecretArn, run.outputs.cache.authSecretArn].sort());
    const plain = JSON.stringify(app.environment);
    expect(plain).not.toMatch(/secretsmanager|PASSWORD|TOKEN/);
  });

  test("the stack outputs name both colours' images, the cluster and the services", async () => {
    const run = await stackRun("dev");
    expect(run.outputs.images).toEqual({ blue: "public.ecr.aws/nginx/nginx-unprivileged:1.27-alpine", green: "public.ecr.aws/nginx/nginx-unprivileged:1.27-alpine" });
    expect(run.outputs.ecsClusterName).toBe(run.one(TYPES.cluster, "app-cluster").state.name);
    expect(run.outputs.ecsServiceNames).toEqual({ blue: run.one(TYPES.service, "app-blue").state.name, green: run.one(TYPES.service, "app-green").state.name });
    expect(run.outputs.ecsDeployment).toBe("weighted");
  });

  test("a release of a new green image changes only green's task definition", async () => {
    const image = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop/web:2.0.0";
    const run = await runProgram({ stack: "staging", overrides: { "platform:compute": { green: { image } } } });
    expect(containers(run.one(TYPES.taskDefinition, "app-green"))[0].image).toBe(image);
    expect(containers(run.one(TYPES.taskDefinition, "app-blue"))[0].image).toBe("public.ecr.aws/nginx/nginx-unprivileged:1.27-alpine");
    expect(run.outputs.images.green).toBe(image);
  });
});

describe("the ECS tier in ecs-native traffic mode", () => {
  test("runs one service on the edge's production listener rule and rolls back on <stack>-deployment-health", async () => {
    const run = await runProgram({ stack: "staging", overrides: { "platform:traffic": { mode: "ecs-native" }, "platform:compute": { ecs: { native: { strategy: "CANARY" } } } } });
    expect(run.ofType(TYPES.service).map((s) => s.name)).toEqual(["app"]);
    const service = run.one(TYPES.service, "app");
    const rule = run.one("aws:lb/listenerRule:ListenerRule", "edge-production");
    expect(service.inputs.loadBalancers[0].advancedConfiguration.productionListenerRule).toBe(rule.state.arn);
    expect(service.inputs.loadBalancers[0].targetGroupArn).toBe(run.one("aws:lb/targetGroup:TargetGroup", "edge-blue").state.arn);
    expect(service.inputs.alarms).toEqual({ alarmNames: ["staging-deployment-health"], enable: true, rollback: true });
    expect(service.inputs.deploymentConfiguration).toMatchObject({ strategy: "CANARY", canaryConfiguration: { canaryPercent: 10 } });
    expect(run.outputs.ecsDeployment).toBe("ecs-native CANARY");
    expect(run.outputs.images.green).toBe(run.outputs.images.blue);
  });

  test("refuses a build for green, naming both keys", async () => {
    await expect(
      runProgram({ stack: "dev", overrides: { "platform:traffic": { mode: "ecs-native" }, "platform:compute": { build: { context: "app", imageTag: "abc123", colour: "green" } } } }),
    ).rejects.toThrow(/platform:compute\.build\.colour: "green" is not allowed with platform:traffic\.mode "ecs-native"/);
  });
});

describe("the ECS tier's cross-key rules", () => {
  test("refuses Fargate Spot with ARM64 tasks, naming both keys", async () => {
    await expect(runProgram({ stack: "dev", overrides: { "platform:compute": { ecs: { cpuArchitecture: "ARM64" } } } })).rejects.toThrow(
      /platform:compute\.ecs\.capacity\.fargateSpot: .* is not allowed with platform:compute\.ecs\.cpuArchitecture "ARM64"/,
    );
  });

  test("refuses a configured environment variable the data tier already sets", async () => {
    const run = await runProgram({ stack: "dev" });
    const [app] = containers(run.one(TYPES.taskDefinition, "app-blue"));
    const taken = [...app.environment, ...app.secrets].map((e: { name: string }) => e.name).find((n: string) => n !== "LOG_LEVEL")!;
    await expect(runProgram({ stack: "dev", overrides: { "platform:compute": { environment: { [taken]: "x" } } } })).rejects.toThrow(
      new RegExp(`platform:compute\\.environment\\.${taken}: is set by the data tier`),
    );
  });

  test("with a build the released colour runs the image pushed to the stack's own repository", async () => {
    const run = await runProgram({ stack: "dev", overrides: { "platform:compute": { build: { context: "./app", dockerfile: "./app/Dockerfile", imageTag: "git-3f2a1b", colour: "green" } } } });
    const repository = run.one(TYPES.repository, "app-images");
    const image = run.one("awsx:ecr:Image", "app-images-image");
    expect(image.inputs).toMatchObject({ context: "./app", dockerfile: "./app/Dockerfile", imageTag: "git-3f2a1b", platform: "linux/amd64", repositoryUrl: repository.state.repositoryUrl });
    expect(run.outputs.ecrRepositoryUrl).toBe(repository.state.repositoryUrl);
    // Green runs the pushed image by digest; blue keeps its configured image.
    expect(containers(run.one(TYPES.taskDefinition, "app-green"))[0].image).toBe(image.state.imageUri);
    expect(image.state.imageUri).toMatch(new RegExp(`^${repository.state.repositoryUrl}@sha256:[a-f0-9]{64}$`));
    expect(run.outputs.images.green).toBe(image.state.imageUri);
    expect(containers(run.one(TYPES.taskDefinition, "app-blue"))[0].image).toBe("public.ecr.aws/nginx/nginx-unprivileged:1.27-alpine");
  });
});

describe("policy packs on the ECS tier", () => {
  test.each([
    ["prod", {}],
    ["prod", { "platform:traffic": { mode: "ecs-native" } }],
  ])("the security and compliance packs report nothing on %s with %j", async (stack, overrides) => {
    const { runPolicyPacks } = await import("../harness/policy-runner");
    const run = await runProgram({ stack, overrides });
    const violations = await runPolicyPacks(run);
    expect(violations.map((v) => `${v.policy} ${v.name ?? ""}: ${v.message}`)).toEqual([]);
  });
});
