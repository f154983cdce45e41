import * as pulumi from "@pulumi/pulumi";
import * as aws from "../components/internal/aws";
import { Tags } from "../components/internal/tags";
import { Vpc } from "../components/network";
import { computeSubnetTags, createComputeTier } from "./compute";
import { ConfigError, PlatformConfig } from "./config";
import { createDataTier } from "./data";
import { createEdgeTier } from "./edge";
import { createMonitoringTier } from "./observability";
import { createRecoveryTier } from "./recovery";
import { resolveStandby } from "./standby";

/**
 * Composes the components for one environment. Everything that differs
 * between environments comes from `config`; nothing here branches on the
 * environment's name. A standby (`platform:disasterRecovery.standby`) first
 * reads its primary's stack and takes what it serves from it.
 */
export async function createPlatform(loaded: PlatformConfig) {
  const { config, standby } = await resolveStandby(loaded);
  const tags: Tags = { ...config.tags, Environment: config.environment };

  const network = new Vpc("network", {
    cidr: config.network.cidr,
    availabilityZones: await availabilityZones(config.network.availabilityZoneCount),
    reservedAzSlots: config.network.reservedAzSlots,
    subnetPrefixLengths: config.network.subnetPrefixLengths,
    nat: config.network.nat,
    flowLogs: config.network.flowLogs,
    interfaceEndpoints: config.network.interfaceEndpoints,
    peeredCidrs: config.network.peeredCidrs,
    privateSubnetTags: computeSubnetTags(config),
    tags,
  });

  const data = createDataTier(config, network, tags, standby?.primary.contract);

  const edge = createEdgeTier(config, network, tags);

  const compute = createComputeTier({
    config,
    tags,
    network,
    loadBalancer: {
      securityGroupId: edge.loadBalancer.securityGroupId,
      targetGroupArns: edge.loadBalancer.targetGroupArns,
      productionListenerRuleArn: edge.loadBalancer.productionListenerRuleArn,
      arnSuffix: edge.loadBalancer.arnSuffix,
      dependsOn: [edge.loadBalancer],
    },
    appSecrets: [...data.database.appSecrets(), ...data.cache.appSecrets()],
    appSettings: [...data.database.appSettings(), ...data.cache.appSettings()],
  });
  data.database.allowFrom("app", compute.securityGroup);
  data.cache.allowFrom("app", compute.securityGroup);
  edge.loadBalancer.allowTrafficTo("app", compute.securityGroup);

  // Last tier: the outside-in probe, alarms, alert channels and the dashboard over the other tiers' metric descriptors.
  const observability = createMonitoringTier(
    config,
    { service: compute.metrics, loadBalancer: edge.loadBalancer.metrics, waf: edge.waf.metrics, database: data.database.metrics, cache: data.cache.metrics },
    { url: edge.loadBalancer.url, vpcId: network.vpcId, privateSubnetIds: network.privateSubnetIds },
    tags,
  );

  const recovery = createRecoveryTier({
    config,
    tags,
    database: data.database,
    loadBalancer: edge.loadBalancer,
    images: compute.outputs.images as Record<"blue" | "green", pulumi.Input<string>>,
    standby,
  });

  return {
    environment: config.environment,
    vpcId: network.vpcId,
    vpcCidr: network.cidrBlock,
    availabilityZones: network.availabilityZones,
    publicSubnetIds: network.publicSubnetIds,
    privateSubnetIds: network.privateSubnetIds,
    databaseSubnetIds: network.databaseSubnetIds,
    ...data.outputs,
    ...edge.outputs,
    ...compute.outputs,
    ...observability.outputs,
    ...recovery.outputs,
  };
}

/** The first `count` zones of the region that need no opt-in, in name order. */
async function availabilityZones(count: number): Promise<string[]> {
  const zones = await aws.getAvailabilityZones({
    state: "available",
    filters: [{ name: "opt-in-status", values: ["opt-in-not-required"] }],
  });
  const names = [...zones.names].sort();
  if (names.length < count) {
    throw new ConfigError([
      `platform:network.availabilityZoneCount: ${count} is not allowed (expected at most ${names.length}, the zones this region offers: ${names.join(", ")})`,
    ]);
  }
  return names.slice(0, count);
}
