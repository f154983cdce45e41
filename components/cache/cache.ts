import * as aws from "../internal/aws";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { awsContext } from "../internal/aws-context";
import { allowFromPeer, AppSecretRef, AppSetting, SecurityGroupPeer } from "../internal/connections";
import { createEncryptionKey } from "../internal/kms";
import { createEncryptedLogGroup, stackLogGroupName } from "../internal/log-group";
import { CacheMetrics } from "../internal/metrics";
import { mergeTags, Tags } from "../internal/tags";
import { Problems } from "../internal/validation";
import { CACHE_DEFAULTS, cacheArgProblems, CacheEngine, cacheParameterFamily } from "./cache-args";

export interface CacheArgs {
  /** VPC of the subnets; the security group is created in it. */
  readonly vpcId: pulumi.Input<string>;
  /** Private subnets for the cache subnet group, in at least two AZs. */
  readonly subnetIds: pulumi.Input<string>[];
  /**
   * Replication group id: 1-40 lowercase letters, digits or hyphens, starting with a letter. The
   * final snapshot is `<identifier>-final`.
   * @default the component name
   */
  readonly identifier?: string;
  /** `redis` or `valkey`. @default "redis" */
  readonly engine?: CacheEngine;
  /** Major.minor engine version; ElastiCache applies patches itself. @default "7.1" for redis, "8.0" for valkey */
  readonly engineVersion?: string;
  /** @default "cache.r7g.large" */
  readonly nodeType?: string;
  /** Nodes in the replication group: a primary and `nodeCount - 1` replicas, 1-6. @default 2 */
  readonly nodeCount?: number;
  /** Promote a replica when the primary fails; needs at least two nodes. @default true */
  readonly automaticFailover?: boolean;
  /** Place replicas in other AZs than the primary; needs automatic failover. @default true */
  readonly multiAz?: boolean;
  /** Days of daily snapshots, 0-35 (0 turns them off). @default 7 */
  readonly snapshotRetentionDays?: number;
  /** Daily snapshot window, `hh:mm-hh:mm` UTC, at least 60 minutes, clear of the maintenance window. @default "02:00-03:00" */
  readonly snapshotWindow?: string;
  /** Weekly maintenance window, `ddd:hh:mm-ddd:hh:mm` UTC, at least 60 minutes. @default "sun:05:00-sun:06:00" */
  readonly maintenanceWindow?: string;
  /** Days to keep the slow log and the engine log. @default 365 */
  readonly logRetentionDays?: number;
  /** Apply modifications now instead of in the maintenance window. @default false */
  readonly applyImmediately?: boolean;
  /** Pulumi `protect` on the replication group, its KMS key and the AUTH token secret. @default true */
  readonly protect?: boolean;
  /** Delete without the final snapshot `<identifier>-final`. @default false */
  readonly skipFinalSnapshot?: boolean;
  /**
   * Bring your own KMS key for data at rest, the AUTH token secret and logs; its policy must let CloudWatch Logs use
   * it for `/<project>/<stack>/<name>/slow-log` and `engine-log`. @default a new key with rotation, admitting those groups only
   */
  readonly kmsKeyArn?: pulumi.Input<string>;
  /** Tags for every taggable resource, after `Name`. @default none */
  readonly tags?: Tags;
}

export const CACHE_PORT = 6379;
/** ElastiCache AUTH tokens: 16-128 printable characters, of the specials only these. */
export const AUTH_TOKEN_SPECIALS = "!&#$^<>-";
const AUTH_TOKEN_LENGTH = 64;
const SECRET_RECOVERY_WINDOW_DAYS = 30;
const SLOW_LOG_THRESHOLD_MICROSECONDS = 10000;
const LOG_TYPES = ["slow-log", "engine-log"] as const;

/** Pure validation of {@link CacheArgs}. */
export function validateCacheArgs(name: string, args: CacheArgs): Problems {
  const problems = new Problems();
  for (const p of cacheArgProblems({ ...args, identifier: args.identifier ?? name })) problems.add(p.argument, p.value, p.allowed);
  if (args.subnetIds.length < 2) problems.addMessage(`subnetIds: ${args.subnetIds.length} given (expected subnets in at least two AZs)`);
  return problems;
}

/**
 * ElastiCache for Redis OSS or Valkey without cluster mode: a replication
 * group encrypted at rest with a KMS key and in transit (TLS required), an
 * AUTH token generated here and kept in Secrets Manager, automatic failover
 * across AZs, daily snapshots, and slow and engine logs in encrypted log
 * groups. Nothing is reachable until a caller admits a security group with
 * {@link Cache.allowFrom}.
 */
export class Cache extends pulumi.ComponentResource {
  readonly identifier: string;
  /** Hostname of the primary. */
  readonly primaryEndpoint: pulumi.Output<string>;
  /** Hostname that spreads reads over the replicas. */
  readonly readerEndpoint: pulumi.Output<string>;
  readonly port = CACHE_PORT;
  /** Secrets Manager secret holding the AUTH token as its whole value. */
  readonly authSecretArn: pulumi.Output<string>;
  /** KMS key of the data, the AUTH token secret and the logs. */
  readonly kmsKeyArn: pulumi.Output<string>;
  readonly securityGroupId: pulumi.Output<string>;
  readonly metrics: CacheMetrics;

  private readonly name: string;
  private readonly admitted = new Set<string>();

  constructor(name: string, args: CacheArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:cache:Redis", name, {}, opts);
    validateCacheArgs(name, args).throwIfAny(this, `Cache "${name}"`);

    const d = CACHE_DEFAULTS;
    const identifier = args.identifier ?? name;
    const engine = args.engine ?? d.engine;
    const engineVersion = args.engineVersion ?? d.engineVersions[engine];
    const nodeCount = args.nodeCount ?? d.nodeCount;
    const protect = args.protect ?? d.protect;
    const skipFinalSnapshot = args.skipFinalSnapshot ?? d.skipFinalSnapshot;
    const tags = (resourceName: string, extra?: Tags) => mergeTags(resourceName, args.tags, extra);
    const parent = { parent: this };
    const ctx = awsContext(this);

    const logGroupName = (logType: string) => stackLogGroupName(name, logType);
    const kmsKeyArn = pulumi.output(
      args.kmsKeyArn ??
        createEncryptionKey(
          name,
          { description: `ElastiCache ${identifier}: data at rest, AUTH token, logs`, logGroupNames: LOG_TYPES.map(logGroupName), tags: tags(name) },
          ctx,
          { parent: this, protect },
        ).arn,
    );

    const authToken = new random.RandomPassword(
      `${name}-auth-token`,
      { length: AUTH_TOKEN_LENGTH, special: true, overrideSpecial: AUTH_TOKEN_SPECIALS },
      { parent: this, additionalSecretOutputs: ["result"] },
    );
    const token = pulumi.secret(authToken.result);
    const authSecret = new aws.secretsmanager.Secret(
      `${name}-auth-token`,
      {
        description: `AUTH token of ElastiCache ${identifier}`,
        kmsKeyId: kmsKeyArn,
        recoveryWindowInDays: SECRET_RECOVERY_WINDOW_DAYS,
        tags: tags(`${name}-auth-token`),
      },
      { parent: this, protect },
    );
    new aws.secretsmanager.SecretVersion(`${name}-auth-token`, { secretId: authSecret.id, secretString: token }, parent);

    const subnetGroup = new aws.elasticache.SubnetGroup(
      name,
      { description: `Private subnets of ${identifier}`, subnetIds: args.subnetIds, tags: tags(name) },
      parent,
    );
    const securityGroup = new aws.ec2.SecurityGroup(
      name,
      { vpcId: args.vpcId, description: `ElastiCache ${identifier}: ${CACHE_PORT} from admitted security groups only`, tags: tags(name) },
      parent,
    );
    const family = cacheParameterFamily(engine, engineVersion)!;
    const parameterGroup = new aws.elasticache.ParameterGroup(
      `${name}-${family.replace(/\./g, "-")}`,
      {
        family,
        description: `Slow log threshold for ${identifier}`,
        parameters: [{ name: "slowlog-log-slower-than", value: String(SLOW_LOG_THRESHOLD_MICROSECONDS) }],
        tags: tags(`${name}-${family}`),
      },
      parent,
    );
    const logGroups = LOG_TYPES.map((logType) => ({
      logType,
      group: createEncryptedLogGroup(
        `${name}-${logType}`,
        { logGroupName: logGroupName(logType), retentionInDays: args.logRetentionDays ?? d.logRetentionDays, kmsKeyArn, tags: tags(`${name}-${logType}`) },
        parent,
      ),
    }));

    const automaticFailover = args.automaticFailover ?? d.automaticFailover;
    const replicationGroup = new aws.elasticache.ReplicationGroup(
      name,
      {
        replicationGroupId: identifier,
        description: `${engine} ${engineVersion} for the app`,
        engine,
        engineVersion,
        nodeType: args.nodeType ?? d.nodeType,
        numCacheClusters: nodeCount,
        port: CACHE_PORT,
        parameterGroupName: parameterGroup.name,
        subnetGroupName: subnetGroup.name,
        securityGroupIds: [securityGroup.id],
        atRestEncryptionEnabled: true,
        kmsKeyId: kmsKeyArn,
        transitEncryptionEnabled: true,
        transitEncryptionMode: "required",
        authToken: token,
        authTokenUpdateStrategy: "ROTATE",
        automaticFailoverEnabled: automaticFailover,
        multiAzEnabled: args.multiAz ?? d.multiAz,
        snapshotRetentionLimit: args.snapshotRetentionDays ?? d.snapshotRetentionDays,
        snapshotWindow: args.snapshotWindow ?? d.snapshotWindow,
        maintenanceWindow: args.maintenanceWindow ?? d.maintenanceWindow,
        autoMinorVersionUpgrade: true,
        applyImmediately: args.applyImmediately ?? d.applyImmediately,
        finalSnapshotIdentifier: skipFinalSnapshot ? undefined : `${identifier}-final`,
        logDeliveryConfigurations: logGroups.map(({ logType, group }) => ({
          destination: group.name,
          destinationType: "cloudwatch-logs",
          logFormat: "json",
          logType,
        })),
        tags: tags(identifier),
      },
      { parent: this, protect, additionalSecretOutputs: ["authToken"] },
    );

    this.name = name;
    this.identifier = identifier;
    this.primaryEndpoint = replicationGroup.primaryEndpointAddress;
    this.readerEndpoint = replicationGroup.readerEndpointAddress;
    this.authSecretArn = authSecret.arn;
    this.kmsKeyArn = kmsKeyArn;
    this.securityGroupId = securityGroup.id;
    this.metrics = {
      replicationGroupId: replicationGroup.id,
      // Without cluster mode ElastiCache names the members <group>-001, -002, ...; -001 starts as the primary.
      nodeIds: Array.from({ length: nodeCount }, (_, i) => pulumi.interpolate`${replicationGroup.id}-${String(i + 1).padStart(3, "0")}`),
    };

    this.registerOutputs({
      primaryEndpoint: this.primaryEndpoint,
      readerEndpoint: this.readerEndpoint,
      port: this.port,
      authSecretArn: this.authSecretArn,
      kmsKeyArn: this.kmsKeyArn,
      securityGroupId: this.securityGroupId,
    });
  }

  /** Admits TLS Redis traffic from `peer`'s security group only; `key` names the rule (`<name>-from-<key>`). */
  allowFrom(key: string, peer: SecurityGroupPeer): void {
    if (this.admitted.has(key)) throw new pulumi.ResourceError(`Cache "${this.name}": allowFrom key "${key}" is already used`, this);
    this.admitted.add(key);
    allowFromPeer(this, this.name, key, this.securityGroupId, peer, CACHE_PORT, `Redis (TLS) from ${key}`);
  }

  /** Connection settings for the app; the client must use TLS. */
  appSettings(): AppSetting[] {
    return [
      { environmentName: "REDIS_HOST", value: this.primaryEndpoint },
      { environmentName: "REDIS_PORT", value: String(this.port) },
      { environmentName: "REDIS_TLS", value: "true" },
    ];
  }

  /** The AUTH token, the whole value of its secret. */
  appSecrets(): AppSecretRef[] {
    return [{ environmentName: "REDIS_AUTH_TOKEN", secretArn: this.authSecretArn, kmsKeyArn: this.kmsKeyArn }];
  }
}
