import * as pulumi from "@pulumi/pulumi";
import { Colour } from "../components/internal/metrics";
import { Tags } from "../components/internal/tags";
import { liveColour, WeightedLoadBalancer } from "../components/loadbalancer";
import { Vpc } from "../components/network";
import { WebAcl } from "../components/waf";
import type { ComputeLoadBalancer } from "./compute";
import { ConfigError, PlatformConfig } from "./config";
import { ownsDnsName } from "./config/disaster-recovery";

export interface EdgeTier {
  /** Also what the compute tier needs from a load balancer; call `allowTrafficTo("app", compute.securityGroup)` once the app exists. */
  readonly loadBalancer: WeightedLoadBalancer & ComputeLoadBalancer;
  readonly waf: WebAcl;
  /** Stack outputs of this tier; the release command reads `trafficWeights`, `liveColour`, `listenerArn` and `targetGroupArns`. */
  readonly outputs: Record<string, pulumi.Input<unknown>>;
}

/** Rules that span config sections, checked before any edge resource exists. */
export function validateEdgeConfig(config: PlatformConfig): string[] {
  const problems: string[] = [];
  if (config.traffic.mode === "ecs-native" && config.compute.platform !== "ecs") {
    problems.push(
      `platform:traffic.mode: "ecs-native" is not allowed with platform:compute.platform "${config.compute.platform}" (expected "weighted": only ECS moves listener weights itself)`,
    );
  }
  return problems;
}

/**
 * The internet edge: the ALB with its blue and green target groups (weights
 * from `platform:traffic`) and the WAF web ACL in front of it (`platform:waf`).
 */
export function createEdgeTier(config: PlatformConfig, network: Vpc, tags: Tags): EdgeTier {
  const problems = validateEdgeConfig(config);
  if (problems.length > 0) throw new ConfigError(problems);
  const traffic = config.traffic;

  const loadBalancer = new WeightedLoadBalancer("edge", {
    vpcId: network.vpcId,
    subnetIds: network.publicSubnetIds,
    targetPort: config.compute.containerPort,
    weights: traffic.weights,
    mode: traffic.mode,
    healthCheck: traffic.healthCheck,
    deregistrationDelaySeconds: traffic.deregistrationDelaySeconds,
    stickiness: traffic.stickiness,
    certificateArn: traffic.certificateArn,
    domain:
      traffic.domain !== undefined && traffic.hostedZoneId !== undefined
        ? { name: traffic.domain, hostedZoneId: traffic.hostedZoneId, aliasRecord: ownsDnsName(config.disasterRecovery) }
        : undefined,
    sslPolicy: traffic.sslPolicy,
    deletionProtection: traffic.deletionProtection,
    accessLogRetentionDays: traffic.accessLogRetentionDays,
    idleTimeoutSeconds: traffic.idleTimeoutSeconds,
    desyncMitigationMode: traffic.desyncMitigationMode,
    // In config, false leaves a default header out; the component takes those as a list.
    responseHeaders: Object.fromEntries(Object.entries(traffic.responseHeaders).filter((entry): entry is [string, string] => entry[1] !== false)),
    omitResponseHeaders: Object.keys(traffic.responseHeaders).filter((header) => traffic.responseHeaders[header] === false),
    serverHeader: traffic.serverHeader,
    tags,
  });

  const waf = new WebAcl("edge-waf", {
    resourceArn: loadBalancer.arn,
    mode: config.waf.mode,
    rateLimit: config.waf.rateLimit,
    anonymousIpList: config.waf.anonymousIpList,
    geoAllow: config.waf.geo.allow,
    geoDeny: config.waf.geo.deny,
    redactedHeaders: config.waf.redactedHeaders,
    logRetentionInDays: config.waf.logRetentionInDays,
    tags,
  });

  const weights: Record<Colour, number> = { blue: traffic.weights.blue, green: traffic.weights.green };
  const outputs: Record<string, pulumi.Input<unknown>> = {
    url: loadBalancer.url,
    loadBalancerDnsName: loadBalancer.dnsName,
    loadBalancerArnSuffix: loadBalancer.arnSuffix,
    loadBalancerZoneId: loadBalancer.zoneId,
    httpsEnabled: loadBalancer.httpsEnabled,
    protocol: loadBalancer.httpsEnabled ? "https" : "http",
    listenerArn: loadBalancer.listenerArn,
    targetGroupArns: loadBalancer.targetGroupArns,
    targetGroupArnSuffixes: loadBalancer.targetGroupArnSuffixes,
    trafficMode: traffic.mode,
    trafficWeights: weights,
    liveColour: liveColour(weights),
    webAclArn: waf.arn,
    wafMode: waf.mode,
  };
  if (!loadBalancer.httpsEnabled) {
    outputs.httpsDisabledReason = "no platform:traffic.certificateArn or domain is configured: the load balancer serves HTTP only";
  }
  if (loadBalancer.productionListenerRuleArn) outputs.productionListenerRuleArn = loadBalancer.productionListenerRuleArn;
  if (loadBalancer.certificateArn) outputs.certificateArn = loadBalancer.certificateArn;
  return { loadBalancer, waf, outputs };
}
