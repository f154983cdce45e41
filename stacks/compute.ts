import * as pulumi from "@pulumi/pulumi";
import { AppSecretRef, AppSetting, SecurityGroupPeer } from "../components/internal/connections";
import { Colour, ServiceMetrics } from "../components/internal/metrics";
import { Tags } from "../components/internal/tags";
import { Vpc } from "../components/network";
import { createEcsTier } from "./compute-ecs";
import { createEksTier, eksSubnetDiscoveryTags } from "./compute-eks";
import { PlatformConfig } from "./config";

/** What the compute tier needs from the load balancer, whichever platform runs the app. */
export interface ComputeLoadBalancer {
  /** The load balancer's security group: the only source the app admits. */
  readonly securityGroupId: pulumi.Output<string>;
  readonly targetGroupArns: Readonly<Record<Colour, pulumi.Output<string>>>;
  /** The listener rule ECS moves during a native blue/green deployment (`platform:traffic.mode: ecs-native`). */
  readonly productionListenerRuleArn?: pulumi.Output<string>;
  /** `app/<name>/<id>` of the load balancer: the ALBRequestCountPerTarget scaling label needs it. */
  readonly arnSuffix?: pulumi.Output<string>;
  /** Resources (the load balancer component, its listeners) that must exist before a service registers targets. */
  readonly dependsOn?: readonly pulumi.Resource[];
}

export interface ComputeTierInputs {
  readonly config: PlatformConfig;
  readonly tags: Tags;
  readonly network: Vpc;
  readonly loadBalancer: ComputeLoadBalancer;
  /** Secrets the app reads (database credentials, cache AUTH token), injected from Secrets Manager. */
  readonly appSecrets: readonly AppSecretRef[];
  /** Non-secret connection settings (hosts, ports). */
  readonly appSettings: readonly AppSetting[];
  /**
   * Alarms that roll an ECS native deployment back (`platform:traffic.mode: ecs-native`).
   * Default: `platform:compute.ecs.native.alarmNames`, else the monitoring tier's `<stack>-deployment-health`.
   */
  readonly deploymentAlarmNames?: readonly string[];
}

export interface ComputeTier {
  /** The app's security group, to be admitted by the database, the cache and the load balancer's egress. */
  readonly securityGroup: SecurityGroupPeer;
  readonly metrics: ServiceMetrics;
  /** Stack outputs of this tier; must include `images: { blue, green }`. */
  readonly outputs: Record<string, pulumi.Input<unknown>>;
}

/** Tags the compute platform needs on the private subnets: on EKS, the tag its node classes find node subnets by. */
export function computeSubnetTags(config: PlatformConfig): Tags {
  return config.compute.platform === "eks" ? eksSubnetDiscoveryTags(config) : {};
}

/** Runs the app on the platform `platform:compute.platform` names. */
export function createComputeTier(inputs: ComputeTierInputs): ComputeTier {
  return inputs.config.compute.platform === "eks" ? createEksTier(inputs) : createEcsTier(inputs);
}
