import * as pulumi from "@pulumi/pulumi";
import { Database } from "../components/database";
import { DnsFailover } from "../components/dns";
import { Colour } from "../components/internal/metrics";
import { Tags } from "../components/internal/tags";
import { WeightedLoadBalancer } from "../components/loadbalancer";
import { ImageReplication } from "../components/registry";
import { PlatformConfig } from "./config";
import { stageAtLeast } from "./config/disaster-recovery";
import { PRIMARY_OUTPUT, PrimaryContract, StandbySide } from "./standby";

export interface RecoveryTierInputs {
  readonly config: PlatformConfig;
  readonly tags: Tags;
  readonly database: Database;
  readonly loadBalancer: WeightedLoadBalancer;
  /** The image each colour runs (the compute tier's `images` output). */
  readonly images: Readonly<Record<Colour, pulumi.Input<string>>>;
  /** The primary and the scaling once failed over, when this stack is a standby. */
  readonly standby?: StandbySide;
}

/** What a primary exports for its standbys, in the shape `primaryContractSchema` reads. */
type ContractOutput = { readonly [K in keyof PrimaryContract]: pulumi.Input<unknown> };

/**
 * Disaster recovery, both sides of it. A primary (`standbyRegions`)
 * replicates its registry to the standby regions and exports the
 * `disasterRecovery` output its standbys read. A standby owns the DNS name:
 * failover records whose PRIMARY answers with the primary's load balancer
 * while its health endpoint passes, and from the `serving` stage on with this
 * stack's, so the old primary gets no traffic once failed over.
 */
export function createRecoveryTier(inputs: RecoveryTierInputs): { outputs: Record<string, pulumi.Input<unknown>> } {
  const { config, tags, database, loadBalancer, standby } = inputs;
  const dr = config.disasterRecovery;
  const outputs: Record<string, pulumi.Input<unknown>> = {};

  if (dr.standbyRegions.length > 0) {
    new ImageReplication("image-replication", { regions: dr.standbyRegions, repositoryPrefixes: dr.imageRepositoryPrefixes });
    const scaling = config.compute.scaling;
    const contract: ContractOutput = {
      region: config.region,
      standbyRegions: dr.standbyRegions,
      database: {
        arn: database.arn,
        identifier: database.identifier,
        engineVersion: config.database.engineVersion,
        masterSecretArn: database.masterSecretArn,
        kmsKeyArn: database.kmsKeyArn,
      },
      loadBalancer: { dnsName: loadBalancer.dnsName, zoneId: loadBalancer.zoneId, protocol: loadBalancer.httpsEnabled ? "https" : "http" },
      domain: { name: config.traffic.domain, hostedZoneId: config.traffic.hostedZoneId },
      healthCheckPath: config.traffic.healthCheck.path,
      scaling: { minCount: scaling.minCount, maxCount: scaling.maxCount, cpuTargetPercent: scaling.cpuTargetPercent, requestsPerTarget: scaling.requestsPerTarget },
      images: inputs.images,
    };
    outputs[PRIMARY_OUTPUT] = contract;
  }

  if (dr.standby && standby) {
    const { primary } = standby;
    const { contract } = primary;
    const serving = stageAtLeast(dr.standby.stage, "serving");
    const own = { dnsName: loadBalancer.dnsName, zoneId: loadBalancer.zoneId };
    const failover = new DnsFailover("dns-failover", {
      hostedZoneId: contract.domain.hostedZoneId,
      domain: contract.domain.name,
      primary: serving ? own : contract.loadBalancer,
      secondary: own,
      healthCheck: {
        fqdn: serving ? own.dnsName : contract.loadBalancer.dnsName,
        protocol: (serving ? loadBalancer.httpsEnabled : contract.loadBalancer.protocol === "https") ? "HTTPS" : "HTTP",
        path: serving ? config.traffic.healthCheck.path : contract.healthCheckPath,
        intervalSeconds: dr.standby.healthCheck.intervalSeconds,
        failureThreshold: dr.standby.healthCheck.failureThreshold,
      },
      tags,
    });
    outputs.standby = {
      primaryStack: primary.name,
      primaryRegion: contract.region,
      stage: dr.standby.stage,
      databaseIdentifier: database.identifier,
      databaseReplicating: !stageAtLeast(dr.standby.stage, "database-promoted"),
      scaling: { minCount: config.compute.scaling.minCount, maxCount: config.compute.scaling.maxCount },
      primaryMinCount: contract.scaling.minCount,
      activeMinCount: standby.activeScaling.minCount,
      domain: contract.domain.name,
      dnsPrimary: serving ? "this stack" : primary.name,
      healthCheckId: failover.healthCheckId,
      worstCaseSwitchSeconds: failover.worstCaseSwitchSeconds,
    };
  }
  return { outputs };
}
