import * as pulumi from "@pulumi/pulumi";
import { Cache } from "../components/cache";
import { Database, DatabaseSource } from "../components/database";
import { Tags } from "../components/internal/tags";
import { Vpc } from "../components/network";
import { ConfigError, PlatformConfig } from "./config";
import { restoreSource } from "./config/database";
import { stageAtLeast } from "./config/disaster-recovery";
import { PrimaryContract } from "./standby";

export interface DataTier {
  readonly database: Database;
  readonly cache: Cache;
  /** Stack outputs of this tier: endpoints, ports, secret ARNs and security groups, never a credential. */
  readonly outputs: Record<string, pulumi.Input<unknown>>;
}

/**
 * The database's source: a replica of the primary's writer in a standby
 * (promoted from the `database-promoted` stage on), else `platform:database.restore`.
 */
export function databaseSource(config: PlatformConfig, primary: PrimaryContract | undefined): DatabaseSource | undefined {
  const standby = config.disasterRecovery.standby;
  if (!standby || !primary) return restoreSource(config.database.restore);
  return {
    kind: "replica",
    sourceInstanceArn: primary.database.arn,
    promoted: stageAtLeast(standby.stage, "database-promoted"),
    sourceCredentials: { secretArn: primary.database.masterSecretArn, kmsKeyArn: primary.database.kmsKeyArn },
  };
}

/**
 * The database in the isolated database subnets (its proxy in the private
 * ones) and the cache in the private subnets, both from `platform:database`
 * and `platform:cache`. Neither admits anything yet: the compute tier calls
 * `allowFrom("app", ...)` on both with its security group. A standby's cache
 * starts empty and the app warms it (see README, Disaster recovery).
 */
export function createDataTier(config: PlatformConfig, network: Vpc, tags: Tags, primary?: PrimaryContract): DataTier {
  const db = config.database;
  if (db.drRegion !== undefined && db.drRegion === config.region) {
    throw new ConfigError([
      `platform:database.drRegion: ${JSON.stringify(db.drRegion)} is not allowed (expected a region other than aws:region ${config.region})`,
    ]);
  }
  const defaultIdentifier = resourceIdentifier(`${pulumi.getProject()}-${config.stack}`);

  const database = new Database("database", {
    vpcId: network.vpcId,
    subnetIds: network.databaseSubnetIds,
    availabilityZones: network.availabilityZones,
    proxySubnetIds: network.privateSubnetIds,
    identifier: db.identifier ?? defaultIdentifier,
    engineVersion: db.engineVersion,
    instanceClass: db.instanceClass,
    allocatedStorageGiB: db.allocatedStorageGiB,
    maxAllocatedStorageGiB: db.maxAllocatedStorageGiB,
    multiAz: db.multiAz,
    readReplicas: db.readReplicas,
    proxy: db.proxy,
    databaseName: db.databaseName,
    masterUsername: db.masterUsername,
    backupRetentionDays: db.backupRetentionDays,
    backupWindow: db.backupWindow,
    maintenanceWindow: db.maintenanceWindow,
    deletionProtection: db.deletionProtection,
    skipFinalSnapshot: db.skipFinalSnapshot,
    protect: db.protect,
    applyImmediately: db.applyImmediately,
    performanceInsightsRetentionDays: db.performanceInsightsRetentionDays,
    monitoringIntervalSeconds: db.monitoringIntervalSeconds,
    slowStatementThresholdMs: db.slowStatementThresholdMs,
    logRetentionDays: db.logRetentionDays,
    caCertificateIdentifier: db.caCertificateIdentifier,
    drRegion: db.drRegion,
    drBackupRetentionDays: db.drBackupRetentionDays,
    source: databaseSource(config, primary),
    tags,
  });

  const c = config.cache;
  const cache = new Cache("cache", {
    vpcId: network.vpcId,
    subnetIds: network.privateSubnetIds,
    identifier: c.identifier ?? defaultIdentifier,
    engine: c.engine,
    engineVersion: c.engineVersion,
    nodeType: c.nodeType,
    nodeCount: c.nodeCount,
    automaticFailover: c.automaticFailover,
    multiAz: c.multiAz,
    snapshotRetentionDays: c.snapshotRetentionDays,
    snapshotWindow: c.snapshotWindow,
    maintenanceWindow: c.maintenanceWindow,
    logRetentionDays: c.logRetentionDays,
    applyImmediately: c.applyImmediately,
    protect: c.protect,
    skipFinalSnapshot: c.skipFinalSnapshot,
    tags,
  });

  return {
    database,
    cache,
    outputs: {
      database: {
        identifier: database.identifier,
        arn: database.arn,
        writerEndpoint: database.writerEndpoint,
        readerEndpoints: database.readerEndpoints,
        proxyEndpoint: database.proxyEndpoint,
        port: database.port,
        name: database.databaseName,
        masterSecretArn: database.masterSecretArn,
        securityGroupId: database.securityGroupId,
      },
      cache: {
        primaryEndpoint: cache.primaryEndpoint,
        readerEndpoint: cache.readerEndpoint,
        port: cache.port,
        authSecretArn: cache.authSecretArn,
        securityGroupId: cache.securityGroupId,
      },
    },
  };
}

/** `Platform-Prod_EU` → `platform-prod-eu`: what RDS and ElastiCache accept as an identifier. */
export function resourceIdentifier(raw: string): string {
  const cleaned = raw
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, "-")
    .replace(/-+/g, "-")
    .replace(/^[^a-z]+/, "")
    .slice(0, 40)
    .replace(/-+$/, "");
  return cleaned || "platform";
}
