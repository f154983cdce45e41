import * as pulumi from "@pulumi/pulumi";
import { BlueGreenFargateService, EcsCluster, httpHealthCheckCommand, NativeDeployment, usesFargateSpot } from "../components/ecs";
import { Colour } from "../components/internal/metrics";
import { ContainerRepository } from "../components/registry";
import { ComputeTier, ComputeTierInputs } from "./compute";
import { ConfigError, PlatformConfig } from "./config";

/** Rules that span config sections or need the other tiers' outputs, in config-key terms, checked before any resource exists. */
export function validateEcsTierConfig(config: PlatformConfig, inputs: Pick<ComputeTierInputs, "loadBalancer" | "appSecrets" | "appSettings">): string[] {
  const problems: string[] = [];
  const { compute, traffic } = config;
  const fromOtherTiers = [...inputs.appSettings, ...inputs.appSecrets].map((s) => s.environmentName);
  for (const name of Object.keys(compute.environment).filter((n) => fromOtherTiers.includes(n))) {
    problems.push(
      `platform:compute.environment.${name}: is set by the data tier (expected a name other than ${[...new Set(fromOtherTiers)].sort().join(", ")})`,
    );
  }
  const ecs = compute.ecs;
  if (usesFargateSpot(ecs.capacity.fargateSpot) && ecs.cpuArchitecture === "ARM64") {
    problems.push(
      `platform:compute.ecs.capacity.fargateSpot: ${JSON.stringify(ecs.capacity.fargateSpot)} is not allowed with platform:compute.ecs.cpuArchitecture "ARM64" (expected weight 0 and base 0: Fargate Spot runs X86_64 only)`,
    );
  }
  if (inputs.loadBalancer.arnSuffix === undefined) {
    problems.push(
      `platform:compute.scaling.requestsPerTarget: ${compute.scaling.requestsPerTarget} cannot be tracked (expected the load balancer's ARN suffix from the edge tier, ComputeLoadBalancer.arnSuffix)`,
    );
  }
  if (traffic.mode === "ecs-native") {
    if (inputs.loadBalancer.productionListenerRuleArn === undefined) {
      problems.push(
        'platform:traffic.mode: "ecs-native" is not allowed without a production listener rule (expected the edge tier to create one in ecs-native mode, ComputeLoadBalancer.productionListenerRuleArn)',
      );
    }
    if (compute.build?.colour === "green") {
      problems.push(
        'platform:compute.build.colour: "green" is not allowed with platform:traffic.mode "ecs-native" (expected "blue": the one service runs the blue image and ECS keeps its own revisions)',
      );
    }
  }
  return problems;
}

/**
 * Composes the ECS tier: an ECR repository and image build when
 * `platform:compute.build` is set, the cluster, and the blue/green Fargate
 * services (or one service with ECS's own blue/green strategy in
 * `platform:traffic.mode: ecs-native`).
 */
export function createEcsTier(inputs: ComputeTierInputs): ComputeTier {
  const { config, tags, network, loadBalancer } = inputs;
  const problems = validateEcsTierConfig(config, inputs);
  if (problems.length > 0) throw new ConfigError(problems);
  const compute = config.compute;
  const ecs = compute.ecs;
  const native = config.traffic.mode === "ecs-native";

  const images: Record<Colour, pulumi.Input<string>> = { blue: compute.blue.image, green: compute.green.image };
  let repository: ContainerRepository | undefined;
  if (compute.build) {
    repository = new ContainerRepository("app-images", {
      build: {
        context: compute.build.context,
        dockerfile: compute.build.dockerfile,
        imageTag: compute.build.imageTag,
        platform: ecs.cpuArchitecture === "ARM64" ? "linux/arm64" : "linux/amd64",
      },
      protect: compute.build.protect,
      tags,
    });
    images[compute.build.colour] = repository.imageUri!;
  }
  if (native) images.green = images.blue;

  const cluster = new EcsCluster("app-cluster", {
    containerInsights: ecs.containerInsights,
    execLogRetentionDays: ecs.logRetentionDays,
    tags,
  });

  const deployment: NativeDeployment | { kind: "colours" } = native
    ? {
        kind: "native",
        strategy: ecs.native.strategy,
        bakeTimeMinutes: ecs.native.bakeTimeMinutes,
        canaryPercent: ecs.native.canaryPercent,
        canaryBakeTimeMinutes: ecs.native.canaryBakeTimeMinutes,
        linearStepPercent: ecs.native.linearStepPercent,
        linearStepBakeTimeMinutes: ecs.native.linearStepBakeTimeMinutes,
        alarmNames: inputs.deploymentAlarmNames ?? ecs.native.alarmNames ?? [`${config.stack}-deployment-health`],
      }
    : { kind: "colours" };

  const app = new BlueGreenFargateService("app", {
    cluster,
    vpcId: network.vpcId,
    vpcCidr: network.cidrBlock,
    subnetIds: network.privateSubnetIds,
    loadBalancer: {
      securityGroupId: loadBalancer.securityGroupId,
      targetGroupArns: loadBalancer.targetGroupArns,
      loadBalancerArnSuffix: loadBalancer.arnSuffix,
      productionListenerRuleArn: loadBalancer.productionListenerRuleArn,
      dependsOn: loadBalancer.dependsOn,
    },
    images,
    containerPort: compute.containerPort,
    cpu: compute.cpu,
    memoryMiB: compute.memoryMiB,
    cpuArchitecture: ecs.cpuArchitecture,
    user: ecs.user,
    environment: compute.environment,
    appSettings: inputs.appSettings,
    secrets: inputs.appSecrets,
    healthCheck: {
      command: ecs.healthCheck.command ?? httpHealthCheckCommand(compute.containerPort, ecs.healthCheck.path),
      intervalSeconds: ecs.healthCheck.intervalSeconds,
      timeoutSeconds: ecs.healthCheck.timeoutSeconds,
      retries: ecs.healthCheck.retries,
      startPeriodSeconds: ecs.healthCheck.startPeriodSeconds,
    },
    scaling: compute.scaling,
    healthCheckGracePeriodSeconds: compute.healthCheckGracePeriodSeconds,
    capacity: ecs.capacity,
    logRetentionDays: ecs.logRetentionDays,
    executeCommand: ecs.executeCommand,
    scratch: ecs.scratch,
    waitForSteadyState: ecs.waitForSteadyState,
    deployment,
    tags,
  });

  const outputs: Record<string, pulumi.Input<unknown>> = {
    computePlatform: "ecs",
    images,
    ecsClusterName: cluster.clusterName,
    ecsServiceNames: app.serviceNames,
    ecsDeployment: native ? `ecs-native ${ecs.native.strategy}` : "weighted",
    appSecurityGroupId: app.securityGroupId,
    appLogGroupName: app.logGroupName,
  };
  if (repository) outputs.ecrRepositoryUrl = repository.repositoryUrl;
  return { securityGroup: { securityGroupId: app.securityGroupId }, metrics: app.metrics, outputs };
}
