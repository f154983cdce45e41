import * as aws from "../internal/aws";
import * as pulumi from "@pulumi/pulumi";
import { arns } from "../internal/arns";
import { awsContext, contextDocument } from "../internal/aws-context";
import { allowFromPeer, AppSecretRef, AppSetting, SecurityGroupPeer } from "../internal/connections";
import { createEncryptionKey } from "../internal/kms";
import { createEncryptedLogGroup } from "../internal/log-group";
import { DatabaseMetrics } from "../internal/metrics";
import { mergeTags, Tags } from "../internal/tags";
import { serviceRoleTrust } from "../internal/trust";
import { Problems } from "../internal/validation";
import { DATABASE_DEFAULTS, databaseArgProblems } from "./database-args";
import { postgresMaxConnections } from "./instance-classes";
import { createDatabaseProxy } from "./proxy";
import { DatabaseSource, sourceProblems, writerOrigin } from "./source";

export interface DatabaseArgs {
  /** VPC of the subnets; the security groups are created in it. */
  readonly vpcId: pulumi.Input<string>;
  /** Isolated database subnets for the DB subnet group, in at least two AZs. */
  readonly subnetIds: pulumi.Input<string>[];
  /** The zones of `subnetIds`; read replicas are placed in a zone other than the writer's. */
  readonly availabilityZones: readonly string[];
  /** Private subnets for the RDS Proxy, in at least two AZs. @default none; required when `proxy` is true */
  readonly proxySubnetIds?: pulumi.Input<string>[];
  /**
   * DB instance identifier: 1-52 lowercase letters, digits or hyphens, starting with a letter. Replicas
   * are `<identifier>-replica-<n>` and the final snapshot `<identifier>-final`.
   * @default the component name
   */
  readonly identifier?: string;
  /** PostgreSQL major version; RDS applies minor versions itself. @default "17" */
  readonly engineVersion?: string;
  /** Instance class of the writer and its replicas. @default "db.r7g.large" */
  readonly instanceClass?: string;
  /** Initial gp3 storage in GiB. @default 100 */
  readonly allocatedStorageGiB?: number;
  /** Storage autoscaling ceiling in GiB; at least 10% above `allocatedStorageGiB`. @default 1000 */
  readonly maxAllocatedStorageGiB?: number;
  /** Synchronous standby in a second AZ. @default true */
  readonly multiAz?: boolean;
  /** Read replicas, each in a zone other than the writer's. @default 1 */
  readonly readReplicas?: number;
  /** An RDS Proxy in front of the writer; clients get its endpoint. @default true */
  readonly proxy?: boolean;
  /** Database created in the instance. @default "app" */
  readonly databaseName?: string;
  /** Master user; its password is generated and rotated by RDS in Secrets Manager. @default "app_admin" */
  readonly masterUsername?: string;
  /** Days of automated backups, 1-35: the point-in-time recovery window. @default 30 */
  readonly backupRetentionDays?: number;
  /** Daily backup window, `hh:mm-hh:mm` UTC, at least 30 minutes, clear of the maintenance window. @default "02:00-03:00" */
  readonly backupWindow?: string;
  /** Weekly maintenance window, `ddd:hh:mm-ddd:hh:mm` UTC, at least 30 minutes. @default "sun:04:00-sun:05:00" */
  readonly maintenanceWindow?: string;
  /** RDS deletion protection on the writer and replicas. @default true */
  readonly deletionProtection?: boolean;
  /** Delete without the final snapshot `<identifier>-final`. @default false */
  readonly skipFinalSnapshot?: boolean;
  /** Pulumi `protect` on the instances, the KMS keys and the DR replication. @default true */
  readonly protect?: boolean;
  /** Apply modifications now instead of in the maintenance window. @default false */
  readonly applyImmediately?: boolean;
  /** Performance Insights retention: 7, a multiple of 31 up to 713, or 731 days. @default 31 */
  readonly performanceInsightsRetentionDays?: number;
  /** Enhanced monitoring interval: 1, 5, 10, 15, 30 or 60 seconds. @default 60 */
  readonly monitoringIntervalSeconds?: number;
  /** Statements slower than this are logged (`log_min_duration_statement`), in ms. @default 500 */
  readonly slowStatementThresholdMs?: number;
  /** Days to keep the exported `postgresql` and `upgrade` logs. @default 365 */
  readonly logRetentionDays?: number;
  /** CA of the server certificate. @default "rds-ca-rsa2048-g1" */
  readonly caCertificateIdentifier?: string;
  /** Region to replicate automated backups to, for disaster recovery. @default none */
  readonly drRegion?: string;
  /**
   * Provider for the DR region, to bring its own credentials or assumed role.
   * @default a provider for `drRegion` with the default credential chain
   */
  readonly drProvider?: aws.Provider;
  /** Days the DR region keeps replicated backups. @default `backupRetentionDays` */
  readonly drBackupRetentionDays?: number;
  /**
   * Create the writer as a replica of another instance (a warm standby in
   * another region), from a snapshot, or by point-in-time restore. A replica
   * not yet promoted takes no proxy, read replicas or `drRegion`.
   * @default none: an empty database
   */
  readonly source?: DatabaseSource;
  /**
   * Bring your own KMS key for storage, Performance Insights, the master secret and logs; its policy must let
   * CloudWatch Logs use it for `/aws/rds/instance/<identifier>[-replica-<n>]/postgresql` and `upgrade`.
   * @default a new key with rotation, admitting those log groups only
   */
  readonly kmsKeyArn?: pulumi.Input<string>;
  /** Tags for every taggable resource, after `Name`. @default none */
  readonly tags?: Tags;
}

/** The PostgreSQL port; fixed so the proxy, security groups and clients agree. */
export const POSTGRES_PORT = 5432;
const LOG_EXPORTS = ["postgresql", "upgrade"] as const;
const ENHANCED_MONITORING_POLICY = "service-role/AmazonRDSEnhancedMonitoringRole";

/** Pure validation of {@link DatabaseArgs}. */
export function validateDatabaseArgs(name: string, args: DatabaseArgs): Problems {
  const problems = new Problems();
  for (const p of databaseArgProblems({ ...args, identifier: args.identifier ?? name })) problems.add(p.argument, p.value, p.allowed);
  if (args.subnetIds.length < 2) problems.addMessage(`subnetIds: ${args.subnetIds.length} given (expected subnets in at least two AZs)`);
  const replicas = args.readReplicas ?? DATABASE_DEFAULTS.readReplicas;
  problems.check(
    replicas === 0 || new Set(args.availabilityZones).size >= 2,
    "availabilityZones",
    args.availabilityZones,
    "at least two zones when readReplicas is above 0, so a replica can sit outside the writer's zone",
  );
  if (args.drProvider && !args.drRegion) problems.addMessage("drProvider: given without drRegion (expected drRegion to name the region the provider serves)");
  if (args.proxy ?? DATABASE_DEFAULTS.proxy) {
    const count = args.proxySubnetIds?.length ?? 0;
    if (count < 2) problems.addMessage(`proxySubnetIds: ${count} given (expected subnets in at least two AZs when proxy is true)`);
  }
  for (const p of sourceProblems(args.source, args.backupRetentionDays ?? DATABASE_DEFAULTS.backupRetentionDays)) problems.add(`source.${p.argument}`, p.value, p.allowed);
  if (writerOrigin(args.source).replicating) {
    const replicating = "while source is a replica not yet promoted";
    problems.check(!(args.proxy ?? DATABASE_DEFAULTS.proxy), "proxy", true, `false ${replicating} (RDS Proxy logs in with the instance's own master secret)`);
    problems.check(replicas === 0, "readReplicas", replicas, `0 ${replicating}`);
    problems.check(args.drRegion === undefined, "drRegion", args.drRegion, `no value ${replicating} (a replica has no automated backups to replicate)`);
  }
  return problems;
}

/**
 * RDS for PostgreSQL: an encrypted gp3 writer (Multi-AZ by default) with a
 * password RDS manages in Secrets Manager, read replicas in other zones, an
 * RDS Proxy, TLS-only parameters, exported logs, Performance Insights,
 * enhanced monitoring and, optionally, backups replicated to a DR region.
 * Nothing is reachable until a caller admits a security group with
 * {@link Database.allowFrom}.
 */
export class Database extends pulumi.ComponentResource {
  readonly identifier: string;
  /** Writer hostname. */
  readonly writerEndpoint: pulumi.Output<string>;
  /** Hostname of each read replica. */
  readonly readerEndpoints: pulumi.Output<string>[];
  /** RDS Proxy hostname, when there is a proxy. */
  readonly proxyEndpoint?: pulumi.Output<string>;
  readonly port = POSTGRES_PORT;
  readonly databaseName: string;
  /** The writer's ARN. */
  readonly arn: pulumi.Output<string>;
  /**
   * The RDS-managed master secret (JSON with `username` and `password`); for a
   * replica not yet promoted, the source's secret from `source.sourceCredentials`.
   */
  readonly masterSecretArn: pulumi.Output<string>;
  /** KMS key of storage, the master secret, Performance Insights and logs. */
  readonly kmsKeyArn: pulumi.Output<string>;
  /** Security group of the writer and replicas. */
  readonly securityGroupId: pulumi.Output<string>;
  /** Security group of the proxy, when there is one. */
  readonly proxySecurityGroupId?: pulumi.Output<string>;
  readonly metrics: DatabaseMetrics;

  private readonly name: string;
  private readonly admitted = new Set<string>();
  /** The key that encrypts {@link masterSecretArn}. */
  private readonly credentialsKeyArn: pulumi.Output<string>;
  /** False for a replica not yet promoted that was given no source credentials. */
  private readonly hasCredentials: boolean;

  constructor(name: string, args: DatabaseArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:database:Postgres", name, {}, opts);
    validateDatabaseArgs(name, args).throwIfAny(this, `Database "${name}"`);

    const d = DATABASE_DEFAULTS;
    const identifier = args.identifier ?? name;
    const engineVersion = args.engineVersion ?? d.engineVersion;
    const instanceClass = args.instanceClass ?? d.instanceClass;
    const allocatedStorage = args.allocatedStorageGiB ?? d.allocatedStorageGiB;
    const replicaCount = args.readReplicas ?? d.readReplicas;
    const protect = args.protect ?? d.protect;
    const skipFinalSnapshot = args.skipFinalSnapshot ?? d.skipFinalSnapshot;
    const backupRetentionDays = args.backupRetentionDays ?? d.backupRetentionDays;
    const tags = (resourceName: string, extra?: Tags) => mergeTags(resourceName, args.tags, extra);
    const parent = { parent: this };
    const ctx = awsContext(this);

    // RDS would create the export log groups itself, unencrypted and kept forever; creating them first sets both.
    const replicaIdentifiers = Array.from({ length: replicaCount }, (_, i) => `${identifier}-replica-${i + 1}`);
    const exporters = [
      { resourceName: name, instanceId: identifier },
      ...replicaIdentifiers.map((instanceId, i) => ({ resourceName: `${name}-replica-${i + 1}`, instanceId })),
    ];
    const logGroupName = (instanceId: string, log: string) => `/aws/rds/instance/${instanceId}/${log}`;
    const kmsKeyArn = pulumi.output(
      args.kmsKeyArn ??
        createEncryptionKey(
          name,
          {
            description: `RDS PostgreSQL ${identifier}: storage, secret, insights, logs`,
            logGroupNames: exporters.flatMap(({ instanceId }) => LOG_EXPORTS.map((log) => logGroupName(instanceId, log))),
            tags: tags(name),
          },
          ctx,
          { parent: this, protect },
        ).arn,
    );

    const logGroups = exporters.flatMap(({ resourceName, instanceId }) =>
      LOG_EXPORTS.map((log) =>
        createEncryptedLogGroup(
          `${resourceName}-${log}`,
          {
            logGroupName: logGroupName(instanceId, log),
            retentionInDays: args.logRetentionDays ?? d.logRetentionDays,
            kmsKeyArn,
            tags: tags(`${instanceId}-${log}`),
          },
          parent,
        ),
      ),
    );

    const subnetGroup = new aws.rds.SubnetGroup(
      name,
      { description: `Isolated database subnets of ${identifier}`, subnetIds: args.subnetIds, tags: tags(name) },
      parent,
    );
    const securityGroup = new aws.ec2.SecurityGroup(
      name,
      { vpcId: args.vpcId, description: `PostgreSQL ${identifier}: ${POSTGRES_PORT} from admitted security groups only`, tags: tags(name) },
      parent,
    );

    const family = `postgres${engineVersion}`;
    const parameterGroup = new aws.rds.ParameterGroup(
      `${name}-${family}`,
      {
        family,
        description: `TLS-only connections and slow statement, connection and lock logging for ${identifier}`,
        parameters: [
          { name: "rds.force_ssl", value: "1" },
          { name: "log_min_duration_statement", value: String(args.slowStatementThresholdMs ?? d.slowStatementThresholdMs) },
          { name: "log_connections", value: "1" },
          { name: "log_disconnections", value: "1" },
          { name: "log_lock_waits", value: "1" },
          { name: "log_temp_files", value: "0" },
          { name: "log_autovacuum_min_duration", value: "10000" },
          { name: "log_statement", value: "ddl" },
        ],
        tags: tags(`${name}-${family}`),
      },
      parent,
    );

    const monitoringRole = new aws.iam.Role(
      `${name}-monitoring`,
      {
        description: `Lets RDS enhanced monitoring of ${identifier} publish OS metrics`,
        // Only this account's writer and replicas may assume it (confused-deputy protection as the RDS guide gives it:
        // https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_Monitoring.OS.Enabling.html#USER_Monitoring.OS.confused-deputy).
        assumeRolePolicy: contextDocument(ctx, (c) =>
          serviceRoleTrust("monitoring.rds.amazonaws.com", c, exporters.map(({ instanceId }) => arns.dbInstance(c, instanceId))),
        ),
        tags: tags(`${name}-monitoring`),
      },
      parent,
    );
    const monitoringPolicy = new aws.iam.RolePolicyAttachment(
      `${name}-monitoring`,
      { role: monitoringRole.name, policyArn: pulumi.interpolate`arn:${ctx.partition}:iam::aws:policy/${ENHANCED_MONITORING_POLICY}` },
      parent,
    );

    // Settings the writer and its replicas share.
    const common = {
      instanceClass,
      storageType: "gp3",
      maxAllocatedStorage: args.maxAllocatedStorageGiB ?? d.maxAllocatedStorageGiB,
      storageEncrypted: true,
      vpcSecurityGroupIds: [securityGroup.id],
      parameterGroupName: parameterGroup.name,
      publiclyAccessible: false,
      iamDatabaseAuthenticationEnabled: true,
      autoMinorVersionUpgrade: true,
      caCertIdentifier: args.caCertificateIdentifier ?? d.caCertificateIdentifier,
      enabledCloudwatchLogsExports: [...LOG_EXPORTS],
      performanceInsightsEnabled: true,
      performanceInsightsKmsKeyId: kmsKeyArn,
      performanceInsightsRetentionPeriod: args.performanceInsightsRetentionDays ?? d.performanceInsightsRetentionDays,
      monitoringInterval: args.monitoringIntervalSeconds ?? d.monitoringIntervalSeconds,
      monitoringRoleArn: monitoringRole.arn,
      deletionProtection: args.deletionProtection ?? d.deletionProtection,
      copyTagsToSnapshot: true,
      maintenanceWindow: args.maintenanceWindow ?? d.maintenanceWindow,
      applyImmediately: args.applyImmediately ?? d.applyImmediately,
      port: POSTGRES_PORT,
    };

    const origin = writerOrigin(args.source);
    const ownBackups = {
      manageMasterUserPassword: true,
      masterUserSecretKmsKeyId: kmsKeyArn,
      backupRetentionPeriod: backupRetentionDays,
      backupWindow: args.backupWindow ?? d.backupWindow,
      deleteAutomatedBackups: false,
      skipFinalSnapshot,
      finalSnapshotIdentifier: skipFinalSnapshot ? undefined : `${identifier}-final`,
    };
    const instance = new aws.rds.Instance(
      name,
      {
        ...common,
        identifier,
        engine: "postgres",
        // Same-region replicas always inherit the writer's key; RDS wants it named on the writer only. A
        // cross-region replica needs a key of its own region; a restore keeps its source's key.
        kmsKeyId: origin.keepsSourceKey ? undefined : kmsKeyArn,
        // A major version only: RDS owns the minor version (autoMinorVersionUpgrade), and the provider
        // treats "17" as matching any running 17.x, so no ignoreChanges is needed and a major upgrade
        // is still a config change.
        engineVersion,
        allowMajorVersionUpgrade: true,
        // Storage, database name and user come from the source when there is one: RDS refuses to shrink
        // restored storage, and a changed dbName or username would replace the instance.
        ...(origin.empty ? { allocatedStorage, dbName: args.databaseName ?? d.databaseName, username: args.masterUsername ?? d.masterUsername } : {}),
        // DeleteDBInstance: deleting a read replica requires SkipFinalSnapshot (API_DeleteDBInstance), and
        // a replica has no backups or master secret of its own until it is promoted.
        ...(origin.replicating ? { skipFinalSnapshot: true } : ownBackups),
        dbSubnetGroupName: subnetGroup.name,
        multiAz: args.multiAz ?? d.multiAz,
        ...origin.inputs,
        tags: tags(identifier),
      },
      { parent: this, protect, dependsOn: [...logGroups, monitoringPolicy], ignoreChanges: origin.ignoreChanges },
    );

    const zones = [...new Set(args.availabilityZones)];
    const replicas = replicaIdentifiers.map((replicaId, i) => {
      const ordinal = i + 1;
      return new aws.rds.Instance(
        `${name}-replica-${ordinal}`,
        {
          ...common,
          identifier: replicaId,
          replicateSourceDb: instance.identifier,
          // The first zone that is not the writer's when the replica is created, then the next ones.
          availabilityZone: instance.availabilityZone.apply((writerZone) => {
            const others = zones.filter((z) => z !== writerZone);
            return others[i % others.length];
          }),
          multiAz: false,
          skipFinalSnapshot: true,
          tags: tags(replicaId, { "platform:role": "read-replica" }),
        },
        // A Multi-AZ writer moves between zones on failover; the replica must not follow it by replacement.
        { parent: this, protect, dependsOn: [...logGroups, monitoringPolicy], ignoreChanges: ["availabilityZone"] },
      );
    });

    const credentials = args.source?.kind === "replica" && origin.replicating ? args.source.sourceCredentials : undefined;
    this.masterSecretArn = credentials ? pulumi.output(credentials.secretArn) : instance.masterUserSecrets.apply((secrets) => secrets[0]?.secretArn);
    this.credentialsKeyArn = credentials ? pulumi.output(credentials.kmsKeyArn) : kmsKeyArn;
    this.hasCredentials = !origin.replicating || credentials !== undefined;

    let proxyName: pulumi.Output<string> | undefined;
    if (args.proxy ?? d.proxy) {
      const proxy = createDatabaseProxy(this, name, {
        identifier,
        vpcId: args.vpcId,
        subnetIds: args.proxySubnetIds ?? [],
        databaseSecurityGroupId: securityGroup.id,
        instanceIdentifier: instance.identifier,
        masterSecretArn: this.masterSecretArn,
        kmsKeyArn,
        port: POSTGRES_PORT,
        ctx,
        tags: args.tags,
      });
      this.proxyEndpoint = proxy.endpoint;
      this.proxySecurityGroupId = proxy.securityGroupId;
      proxyName = proxy.name;
      // The proxy reaches the writer directly.
      allowFromPeer(this, name, "proxy", securityGroup.id, { securityGroupId: proxy.securityGroupId }, POSTGRES_PORT, "PostgreSQL from the RDS Proxy");
      this.admitted.add("proxy");
    }

    if (args.drRegion) {
      const drProvider = args.drProvider ?? new aws.Provider(`${name}-dr`, { region: args.drRegion as aws.Region }, parent);
      const drKey = createEncryptionKey(
        `${name}-dr`,
        { description: `Automated backups of ${identifier} replicated from its primary region`, tags: tags(`${name}-dr`) },
        ctx,
        { parent: this, provider: drProvider, protect },
      );
      new aws.rds.InstanceAutomatedBackupsReplication(
        `${name}-dr`,
        { sourceDbInstanceArn: instance.arn, kmsKeyId: drKey.arn, retentionPeriod: args.drBackupRetentionDays ?? backupRetentionDays },
        { parent: this, provider: drProvider, protect },
      );
    }

    this.name = name;
    this.identifier = identifier;
    this.databaseName = args.databaseName ?? d.databaseName;
    this.arn = instance.arn;
    this.writerEndpoint = instance.address;
    this.readerEndpoints = replicas.map((r) => r.address);
    this.kmsKeyArn = kmsKeyArn;
    this.securityGroupId = securityGroup.id;
    this.metrics = {
      instanceIdentifier: instance.identifier,
      // A replicating writer lags its source like any replica: its ReplicaLag is a standby's recovery point.
      replicaIdentifiers: [...(origin.replicating ? [instance.identifier] : []), ...replicas.map((r) => r.identifier)],
      allocatedStorageGiB: allocatedStorage,
      maxConnections: postgresMaxConnections(instanceClass)!,
      proxyName,
    };

    this.registerOutputs({
      writerEndpoint: this.writerEndpoint,
      readerEndpoints: this.readerEndpoints,
      proxyEndpoint: this.proxyEndpoint,
      port: this.port,
      arn: this.arn,
      masterSecretArn: this.masterSecretArn,
      securityGroupId: this.securityGroupId,
      proxySecurityGroupId: this.proxySecurityGroupId,
      kmsKeyArn: this.kmsKeyArn,
    });
  }

  /**
   * Admits PostgreSQL from `peer`'s security group only: into the proxy when
   * there is one, and into the writer and replicas directly (readers are not
   * behind the proxy). `key` names the rules (`<name>-from-<key>`).
   */
  allowFrom(key: string, peer: SecurityGroupPeer): void {
    if (this.admitted.has(key)) throw new pulumi.ResourceError(`Database "${this.name}": allowFrom key "${key}" is already used`, this);
    this.admitted.add(key);
    if (this.proxySecurityGroupId) {
      allowFromPeer(this, `${this.name}-proxy`, key, this.proxySecurityGroupId, peer, POSTGRES_PORT, `PostgreSQL through the proxy from ${key}`);
    }
    allowFromPeer(this, this.name, key, this.securityGroupId, peer, POSTGRES_PORT, `PostgreSQL from ${key}`);
  }

  /** Connection settings for the app: the proxy as DB_HOST when there is one, the replicas as DB_READER_HOST. */
  appSettings(): AppSetting[] {
    const settings: AppSetting[] = [
      { environmentName: "DB_HOST", value: this.proxyEndpoint ?? this.writerEndpoint },
      { environmentName: "DB_PORT", value: String(this.port) },
      { environmentName: "DB_NAME", value: this.databaseName },
    ];
    if (this.readerEndpoints.length > 0) {
      settings.push({ environmentName: "DB_READER_HOST", value: pulumi.all(this.readerEndpoints).apply((hosts) => hosts.join(",")) });
    }
    return settings;
  }

  /** The master credentials, as keys of the RDS-managed secret (the source's while a replica; none without them). */
  appSecrets(): AppSecretRef[] {
    if (!this.hasCredentials) return [];
    return [
      { environmentName: "DB_USERNAME", secretArn: this.masterSecretArn, jsonKey: "username", kmsKeyArn: this.credentialsKeyArn },
      { environmentName: "DB_PASSWORD", secretArn: this.masterSecretArn, jsonKey: "password", kmsKeyArn: this.credentialsKeyArn },
    ];
  }
}
