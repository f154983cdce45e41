import { ComputedOutputs, MockResourceContext } from "./types";

/** `eu-west-1` → `euw1`, the region code inside ElastiCache endpoint names. */
function regionCode(region: string): string {
  const [area, direction, number] = region.split("-");
  return `${area}${direction[0]}${number}`;
}

const uuid = (c: MockResourceContext) => `${c.hex(8)}-${c.hex(4)}-4${c.hex(3)}-8${c.hex(3)}-${c.hex(12)}`;

/**
 * A token in the shape `random.RandomPassword` produces from its inputs:
 * `length` characters, drawn from letters, digits and `overrideSpecial`.
 */
function password(c: MockResourceContext): string {
  const specials: string = c.inputs.special === false ? "" : (c.inputs.overrideSpecial ?? "!@#$%&*()-_=+[]{}<>:?");
  const alphabet = `ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789${specials}`;
  const seed = c.hex(2 * (c.inputs.length ?? 16));
  return Array.from({ length: c.inputs.length ?? 16 }, (_, i) => alphabet[parseInt(seed.slice(2 * i, 2 * i + 2), 16) % alphabet.length]).join("");
}

/** RDS, RDS Proxy, ElastiCache, Secrets Manager versions and generated passwords, in AWS's shapes. */
export const data: ComputedOutputs = {
  invokes: {},
  resources: {
    "aws:rds/instance:Instance": (c) => {
      const identifier: string = c.inputs.identifier ?? c.physicalName;
      const address = `${identifier}.c${c.hex(11)}.${c.region}.rds.amazonaws.com`;
      const port = c.inputs.port ?? 5432;
      const resourceId = `db-${c.hex(26).toUpperCase()}`;
      return {
        id: resourceId,
        outputs: {
          identifier,
          resourceId,
          address,
          endpoint: `${address}:${port}`,
          port,
          arn: `arn:aws:rds:${c.region}:${c.accountId}:db:${identifier}`,
          availabilityZone: c.inputs.availabilityZone ?? `${c.region}a`,
          engineVersionActual: c.inputs.engineVersion ? `${c.inputs.engineVersion}.4` : undefined,
          hostedZoneId: "Z29XKXDKYMONMX",
          masterUserSecrets: c.inputs.manageMasterUserPassword
            ? [
                {
                  secretArn: `arn:aws:secretsmanager:${c.region}:${c.accountId}:secret:rds!db-${uuid(c)}-${c.hex(6)}`,
                  kmsKeyId: c.inputs.masterUserSecretKmsKeyId,
                  secretStatus: "active",
                },
              ]
            : [],
        },
      };
    },
    "aws:rds/subnetGroup:SubnetGroup": (c) => ({ id: c.physicalName, outputs: { arn: `arn:aws:rds:${c.region}:${c.accountId}:subgrp:${c.physicalName}` } }),
    "aws:rds/parameterGroup:ParameterGroup": (c) => ({ id: c.physicalName, outputs: { arn: `arn:aws:rds:${c.region}:${c.accountId}:pg:${c.physicalName}` } }),
    "aws:rds/proxy:Proxy": (c) => ({
      id: c.physicalName,
      outputs: {
        arn: `arn:aws:rds:${c.region}:${c.accountId}:db-proxy:prx-${c.hex(17)}`,
        endpoint: `${c.physicalName}.proxy-c${c.hex(11)}.${c.region}.rds.amazonaws.com`,
      },
    }),
    "aws:rds/proxyDefaultTargetGroup:ProxyDefaultTargetGroup": (c) => ({
      id: c.inputs.dbProxyName,
      outputs: { name: "default", arn: `arn:aws:rds:${c.region}:${c.accountId}:target-group:prx-tg-${c.hex(17)}` },
    }),
    "aws:rds/proxyTarget:ProxyTarget": (c) => ({
      id: `${c.inputs.dbProxyName},${c.inputs.targetGroupName},RDS_INSTANCE,${c.inputs.dbInstanceIdentifier}`,
      outputs: { endpoint: "", port: 5432, type: "RDS_INSTANCE", rdsResourceId: c.inputs.dbInstanceIdentifier },
    }),
    "aws:rds/instanceAutomatedBackupsReplication:InstanceAutomatedBackupsReplication": (c) => ({
      id: `arn:aws:rds:${c.region}:${c.accountId}:auto-backup:ab-${c.hex(26)}`,
      outputs: {},
    }),
    "aws:elasticache/replicationGroup:ReplicationGroup": (c) => {
      const id: string = c.inputs.replicationGroupId ?? c.physicalName;
      const suffix = `${c.hex(6)}.${regionCode(c.region)}.cache.amazonaws.com`;
      const members = Array.from({ length: c.inputs.numCacheClusters ?? 1 }, (_, i) => `${id}-${String(i + 1).padStart(3, "0")}`);
      return {
        id,
        outputs: {
          replicationGroupId: id,
          arn: `arn:aws:elasticache:${c.region}:${c.accountId}:replicationgroup:${id}`,
          primaryEndpointAddress: `master.${id}.${suffix}`,
          readerEndpointAddress: `replica.${id}.${suffix}`,
          memberClusters: members,
          engineVersionActual: c.inputs.engineVersion ? `${c.inputs.engineVersion}.0` : undefined,
          clusterEnabled: false,
        },
      };
    },
    "aws:elasticache/subnetGroup:SubnetGroup": (c) => ({
      id: c.physicalName,
      outputs: { arn: `arn:aws:elasticache:${c.region}:${c.accountId}:subnetgroup:${c.physicalName}` },
    }),
    "aws:elasticache/parameterGroup:ParameterGroup": (c) => ({
      id: c.physicalName,
      outputs: { arn: `arn:aws:elasticache:${c.region}:${c.accountId}:parametergroup:${c.physicalName}` },
    }),
    "aws:secretsmanager/secretVersion:SecretVersion": (c) => {
      const versionId = uuid(c);
      return { id: `${c.inputs.secretId}|${versionId}`, outputs: { versionId, versionStages: ["AWSCURRENT"], arn: c.inputs.secretId } };
    },
    "random:index/randomPassword:RandomPassword": (c) => ({ id: "none", outputs: { result: password(c), bcryptHash: `$2a$10$${c.hex(53)}` } }),
  },
};
