import { Database, DatabaseArgs, databaseArgProblems, postgresMaxConnections } from "../../components/database";
import { parseDailyWindow, parseWeeklyWindow, windowsOverlap } from "../../components/internal/windows";
import * as aws from "@pulumi/aws";
import * as fc from "fast-check";
import { CapturedResource, runComponents, RunResult } from "../harness";

const INSTANCE = "aws:rds/instance:Instance";
const SG_RULE = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
const ZONES = ["eu-west-1a", "eu-west-1b", "eu-west-1c"];
const APP_SG = "sg-0app0000000000001";

/** Prod-like: the component's defaults, with the network it needs. */
const BASE: DatabaseArgs = {
  vpcId: "vpc-0123456789abcdef0",
  subnetIds: ["subnet-db-a", "subnet-db-b", "subnet-db-c"],
  availabilityZones: ZONES,
  proxySubnetIds: ["subnet-private-a", "subnet-private-b", "subnet-private-c"],
  identifier: "orders",
  tags: { Owner: "team" },
};

/** Dev-like: what the dev stack file turns down. */
const DEV: Partial<DatabaseArgs> = {
  instanceClass: "db.t4g.micro",
  multiAz: false,
  readReplicas: 0,
  proxy: false,
  protect: false,
  deletionProtection: false,
  skipFinalSnapshot: true,
  backupRetentionDays: 1,
};

interface Built {
  readonly run: RunResult;
  readonly db: Database;
}

async function build(args: Partial<DatabaseArgs> = {}, use?: (db: Database) => Record<string, unknown> | void): Promise<Built> {
  let db!: Database;
  const run = await runComponents(() => {
    db = new Database("db", { ...BASE, ...args });
    return use?.(db) ?? {};
  });
  return { run, db };
}

const writer = (run: RunResult) => run.one(INSTANCE, "db");

describe("Database defaults (production)", () => {
  let run: RunResult;
  let instance: CapturedResource;
  beforeAll(async () => {
    ({ run } = await build());
    instance = writer(run);
  });

  test("runs PostgreSQL 17 on an encrypted gp3 volume that autoscales to ten times its initial size", () => {
    expect(instance.inputs).toMatchObject({
      engine: "postgres",
      engineVersion: "17",
      instanceClass: "db.r7g.large",
      storageType: "gp3",
      storageEncrypted: true,
      allocatedStorage: 100,
      maxAllocatedStorage: 1000,
      publiclyAccessible: false,
    });
    expect(instance.inputs.kmsKeyId).toMatch(/^arn:aws:kms:eu-west-1:123456789012:key\//);
  });

  test("encrypts storage, the master secret and Performance Insights with one rotating customer-managed key", () => {
    const key = run.one("aws:kms/key:Key", "db");
    expect(key.inputs.enableKeyRotation).toBe(true);
    expect(instance.inputs.masterUserSecretKmsKeyId).toBe(instance.inputs.kmsKeyId);
    expect(instance.inputs.performanceInsightsKmsKeyId).toBe(instance.inputs.kmsKeyId);
    expect(instance.inputs).toMatchObject({ performanceInsightsEnabled: true, performanceInsightsRetentionPeriod: 31 });
  });

  test("is Multi-AZ with 30 days of backups in a window clear of maintenance, tags copied to snapshots", () => {
    expect(instance.inputs).toMatchObject({
      multiAz: true,
      backupRetentionPeriod: 30,
      backupWindow: "02:00-03:00",
      maintenanceWindow: "sun:04:00-sun:05:00",
      copyTagsToSnapshot: true,
      deleteAutomatedBackups: false,
    });
  });

  test("is deletion-protected, protected in Pulumi and leaves a final snapshot named after its identifier", () => {
    expect(instance.inputs).toMatchObject({ deletionProtection: true, skipFinalSnapshot: false, finalSnapshotIdentifier: "orders-final", identifier: "orders" });
    expect(instance.options.protect).toBe(true);
    expect(run.one("aws:kms/key:Key", "db").options.protect).toBe(true);
  });

  test("lets RDS manage the master password: no password input exists anywhere", () => {
    expect(instance.inputs.manageMasterUserPassword).toBe(true);
    expect(instance.inputs.username).toBe("app_admin");
    for (const r of run.resources) {
      expect(Object.keys(r.inputs)).not.toEqual(expect.arrayContaining(["password"]));
      expect(Object.keys(r.inputs)).not.toEqual(expect.arrayContaining(["passwordWo"]));
    }
  });

  test("turns on IAM authentication, automatic minor upgrades and the current RDS CA", () => {
    expect(instance.inputs).toMatchObject({ iamDatabaseAuthenticationEnabled: true, autoMinorVersionUpgrade: true, caCertIdentifier: "rds-ca-rsa2048-g1" });
    // A major version only, so RDS's own minor upgrades never show as drift.
    expect(instance.inputs.engineVersion).toMatch(/^\d+$/);
    expect(instance.options.ignoreChanges).toEqual([]);
  });

  test("forces TLS and logs slow statements, connections and lock waits through its own parameter group", () => {
    const group = run.one("aws:rds/parameterGroup:ParameterGroup", "db-postgres17");
    expect(group.inputs.family).toBe("postgres17");
    const params = Object.fromEntries(group.inputs.parameters.map((p: { name: string; value: string }) => [p.name, p.value]));
    expect(params).toMatchObject({ "rds.force_ssl": "1", log_min_duration_statement: "500", log_connections: "1", log_disconnections: "1", log_lock_waits: "1" });
    expect(instance.options.dependsOn).toContain(group.urn);
  });

  test("exports postgresql and upgrade logs to encrypted log groups it creates first, with retention", () => {
    expect(instance.inputs.enabledCloudwatchLogsExports).toEqual(["postgresql", "upgrade"]);
    for (const log of ["postgresql", "upgrade"]) {
      const group = run.one("aws:cloudwatch/logGroup:LogGroup", `db-${log}`);
      expect(group.inputs).toMatchObject({ name: `/aws/rds/instance/orders/${log}`, retentionInDays: 365, kmsKeyId: instance.inputs.kmsKeyId });
      expect(instance.options.dependsOn).toContain(group.urn);
    }
    const keyPolicy = JSON.parse(run.one("aws:kms/key:Key", "db").inputs.policy);
    const logs = keyPolicy.Statement.filter((s: any) => s.Principal.Service);
    expect(logs.map((s: any) => s.Principal.Service)).toEqual(["logs.eu-west-1.amazonaws.com"]);
    // The key admits exactly the export groups of the writer and its replica, no other log group of the account.
    expect(logs[0].Condition).toEqual({
      ArnLike: {
        "kms:EncryptionContext:aws:logs:arn": ["orders", "orders-replica-1"].flatMap((id) =>
          ["postgresql", "upgrade"].map((log) => `arn:aws:logs:eu-west-1:123456789012:log-group:/aws/rds/instance/${id}/${log}`),
        ),
      },
    });
  });

  test("enhanced monitoring every 60 s publishes through a role only RDS monitoring can assume", () => {
    const role = run.one("aws:iam/role:Role", "db-monitoring");
    const trust = JSON.parse(role.inputs.assumeRolePolicy);
    expect(trust.Statement[0].Principal).toEqual({ Service: "monitoring.rds.amazonaws.com" });
    // Only this account's writer and replica, by ARN (confused-deputy protection).
    expect(trust.Statement[0].Condition).toEqual({
      StringEquals: { "aws:SourceAccount": "123456789012" },
      ArnLike: { "aws:SourceArn": ["arn:aws:rds:eu-west-1:123456789012:db:orders", "arn:aws:rds:eu-west-1:123456789012:db:orders-replica-1"] },
    });
    const attachment = run.one("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "db-monitoring");
    expect(attachment.inputs.policyArn).toBe("arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole");
    expect(instance.inputs.monitoringInterval).toBe(60);
    expect(instance.inputs.monitoringRoleArn).toMatch(/^arn:aws:iam::123456789012:role\/db-monitoring-[0-9a-f]+$/);
  });

  test("sits in the isolated subnets behind a security group with no rule of its own", () => {
    expect(run.one("aws:rds/subnetGroup:SubnetGroup", "db").inputs.subnetIds).toEqual(BASE.subnetIds);
    const sg = run.one("aws:ec2/securityGroup:SecurityGroup", "db");
    expect(sg.inputs.ingress ?? []).toEqual([]);
    expect(sg.inputs.egress ?? []).toEqual([]);
    expect(instance.inputs.vpcSecurityGroupIds).toEqual([expect.stringMatching(/^sg-/)]);
    // Only the proxy is admitted until a caller says otherwise; no rule ever names a CIDR.
    const rules = run.ofType(SG_RULE);
    expect(rules.map((r) => r.name)).toEqual(["db-from-proxy"]);
    expect(rules.every((r) => r.inputs.cidrIpv4 === undefined && r.inputs.referencedSecurityGroupId)).toBe(true);
  });

  test("every taggable child carries Name and the given tags, and is parented to the component", () => {
    const component = run.one("platform:database:Postgres", "db");
    const tagged = run.resources.filter((r) => r.custom && r.inputs.tags);
    expect(tagged.length).toBeGreaterThan(8);
    for (const r of tagged) expect(r.inputs.tags).toMatchObject({ Owner: "team", Name: expect.any(String) });
    const strays = run.resources.filter((r) => r.custom && r.type !== "aws:kms/alias:Alias" && r.parent !== component.urn);
    expect(strays.map((r) => r.name)).toEqual([]);
  });
});

describe("Database read replicas", () => {
  test("one replica by default, replicating the writer from a zone other than the writer's", async () => {
    const { run } = await build();
    const replica = run.one(INSTANCE, "db-replica-1");
    expect(replica.inputs).toMatchObject({ identifier: "orders-replica-1", replicateSourceDb: "orders", multiAz: false, skipFinalSnapshot: true });
    expect(replica.inputs.availabilityZone).not.toBe(writer(run).inputs.availabilityZone ?? "eu-west-1a");
    expect(ZONES).toContain(replica.inputs.availabilityZone);
    expect(replica.inputs.finalSnapshotIdentifier).toBeUndefined();
  });

  test("a replica keeps its zone when the Multi-AZ writer fails over, and is protected like the writer", async () => {
    const { run } = await build();
    const replica = run.one(INSTANCE, "db-replica-1");
    expect(replica.options.ignoreChanges).toEqual(["availabilityZone"]);
    expect(replica.options.protect).toBe(true);
    expect(replica.inputs).toMatchObject({ deletionProtection: true, storageEncrypted: true, performanceInsightsEnabled: true });
    expect(replica.inputs.username).toBeUndefined();
    expect(replica.inputs.manageMasterUserPassword).toBeUndefined();
    // Same-region replicas inherit the writer's key; naming it again is refused by RDS.
    expect(replica.inputs.kmsKeyId).toBeUndefined();
  });

  test("two replicas spread over the two zones the writer is not in", async () => {
    const { run } = await build({ readReplicas: 2 });
    const zones = ["db-replica-1", "db-replica-2"].map((n) => run.one(INSTANCE, n).inputs.availabilityZone).sort();
    expect(zones).toEqual(["eu-west-1b", "eu-west-1c"]);
  });

  test("each replica gets its own encrypted export log groups", async () => {
    const { run } = await build({ readReplicas: 2 });
    expect(run.one("aws:cloudwatch/logGroup:LogGroup", "db-replica-2-postgresql").inputs.name).toBe("/aws/rds/instance/orders-replica-2/postgresql");
  });

  test("adding a replica keeps every existing resource's name", async () => {
    const { run: one } = await build({ readReplicas: 1 });
    const { run: two } = await build({ readReplicas: 2 });
    const after = new Set(two.resources.map((r) => r.urn));
    expect(one.resources.filter((r) => !after.has(r.urn)).map((r) => r.name)).toEqual([]);
  });

  test("no replica at all when readReplicas is 0", async () => {
    const { run } = await build({ readReplicas: 0 });
    expect(run.ofType(INSTANCE).map((r) => r.name)).toEqual(["db"]);
  });
});

describe("Database RDS Proxy", () => {
  let run: RunResult;
  beforeAll(async () => {
    ({ run } = await build());
  });

  test("requires TLS and logs in with the RDS-managed master secret, from the private subnets", () => {
    const proxy = run.one("aws:rds/proxy:Proxy", "db-proxy");
    const masterSecretArn = run.one("platform:database:Postgres", "db").outputs?.masterSecretArn;
    expect(masterSecretArn).toMatch(/^arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!db-/);
    expect(proxy.inputs.auths[0].secretArn).toBe(masterSecretArn);
    expect(proxy.inputs).toMatchObject({ engineFamily: "POSTGRESQL", requireTls: true, debugLogging: false, vpcSubnetIds: BASE.proxySubnetIds });
    expect(proxy.inputs.auths).toEqual([expect.objectContaining({ authScheme: "SECRETS", iamAuth: "DISABLED", clientPasswordAuthType: "POSTGRES_SCRAM_SHA_256" })]);
  });

  test("targets the writer through the default target group", () => {
    const target = run.one("aws:rds/proxyTarget:ProxyTarget", "db-proxy");
    expect(target.inputs).toMatchObject({ dbInstanceIdentifier: "orders", targetGroupName: "default" });
    const pool = run.one("aws:rds/proxyDefaultTargetGroup:ProxyDefaultTargetGroup", "db-proxy").inputs.connectionPoolConfig;
    expect(pool.maxConnectionsPercent).toBeLessThan(100);
  });

  test("its role may read only the master secret and decrypt it only through Secrets Manager", () => {
    const proxy = run.one("aws:rds/proxy:Proxy", "db-proxy");
    const policy = JSON.parse(run.one("aws:iam/rolePolicy:RolePolicy", "db-proxy").inputs.policy);
    const [read, decrypt] = policy.Statement;
    expect(read.Resource).toBe(proxy.inputs.auths[0].secretArn);
    expect(read.Action).toEqual(["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"]);
    expect(decrypt).toMatchObject({ Action: "kms:Decrypt", Resource: writer(run).inputs.kmsKeyId });
    expect(decrypt.Condition).toEqual({ StringEquals: { "kms:ViaService": "secretsmanager.eu-west-1.amazonaws.com" } });
    expect(JSON.parse(run.one("aws:iam/role:Role", "db-proxy").inputs.assumeRolePolicy).Statement[0].Principal).toEqual({ Service: "rds.amazonaws.com" });
  });

  test("has its own security group whose only egress is PostgreSQL to the database's group, which admits it", () => {
    const proxySg = run.one("aws:ec2/securityGroup:SecurityGroup", "db-proxy");
    const dbSg = run.one("aws:ec2/securityGroup:SecurityGroup", "db");
    const egress = run.ofType("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule");
    expect(egress).toHaveLength(1);
    expect(egress[0].inputs).toMatchObject({ fromPort: 5432, toPort: 5432, ipProtocol: "tcp" });
    expect(egress[0].options.dependsOn).toEqual(expect.arrayContaining([proxySg.urn, dbSg.urn]));
    const ingress = run.one(SG_RULE, "db-from-proxy");
    expect(ingress.inputs).toMatchObject({ fromPort: 5432, toPort: 5432 });
    expect(ingress.options.dependsOn).toEqual(expect.arrayContaining([proxySg.urn, dbSg.urn]));
  });

  test("no proxy, proxy role or proxy security group when proxy is false", async () => {
    const { run: direct } = await build({ proxy: false });
    expect(direct.ofType("aws:rds/proxy:Proxy")).toEqual([]);
    expect(direct.find("aws:ec2/securityGroup:SecurityGroup", "db-proxy")).toBeUndefined();
    expect(direct.ofType(SG_RULE)).toEqual([]);
  });
});

describe("Database connections", () => {
  test("allowFrom admits the peer into the proxy and, for the readers, the instances; on 5432 only", async () => {
    const { run } = await build({}, (db) => void db.allowFrom("app", { securityGroupId: APP_SG }));
    const intoProxy = run.one(SG_RULE, "db-proxy-from-app");
    const direct = run.one(SG_RULE, "db-from-app");
    for (const rule of [intoProxy, direct]) {
      expect(rule.inputs).toMatchObject({ referencedSecurityGroupId: APP_SG, fromPort: 5432, toPort: 5432, ipProtocol: "tcp" });
    }
    expect(intoProxy.options.dependsOn).toContain(run.one("aws:ec2/securityGroup:SecurityGroup", "db-proxy").urn);
    expect(direct.options.dependsOn).toContain(run.one("aws:ec2/securityGroup:SecurityGroup", "db").urn);
  });

  test("without a proxy, allowFrom admits the peer into the instances only", async () => {
    const { run } = await build(DEV, (db) => void db.allowFrom("app", { securityGroupId: APP_SG }));
    expect(run.ofType(SG_RULE).map((r) => r.name)).toEqual(["db-from-app"]);
  });

  test("the same allowFrom key twice is refused instead of colliding", async () => {
    await expect(
      build({}, (db) => {
        db.allowFrom("app", { securityGroupId: APP_SG });
        db.allowFrom("app", { securityGroupId: "sg-other" });
      }),
    ).rejects.toThrow(/allowFrom key "app" is already used/);
  });

  test("app settings point DB_HOST at the proxy and DB_READER_HOST at the replica", async () => {
    const { run } = await build({}, (db) => ({ settings: db.appSettings() }));
    const settings = Object.fromEntries(run.outputs.settings.map((s: any) => [s.environmentName, s.value]));
    expect(settings.DB_HOST).toMatch(/^db-proxy-[0-9a-f]+\.proxy-[0-9a-z]+\.eu-west-1\.rds\.amazonaws\.com$/);
    expect(settings.DB_READER_HOST).toMatch(/^orders-replica-1\.[0-9a-z]+\.eu-west-1\.rds\.amazonaws\.com$/);
    expect(settings).toMatchObject({ DB_PORT: "5432", DB_NAME: "app" });
  });

  test("without a proxy or replicas, DB_HOST is the writer and there is no DB_READER_HOST", async () => {
    const { run } = await build(DEV, (db) => ({ settings: db.appSettings() }));
    const names = run.outputs.settings.map((s: any) => s.environmentName);
    expect(names).toEqual(["DB_HOST", "DB_PORT", "DB_NAME"]);
    expect(run.outputs.settings[0].value).toMatch(/^orders\.[0-9a-z]+\.eu-west-1\.rds\.amazonaws\.com$/);
  });

  test("app secrets are the username and password keys of the master secret, with the key that encrypts it", async () => {
    const { run } = await build({}, (db) => ({ secrets: db.appSecrets(), secretArn: db.masterSecretArn, keyArn: db.kmsKeyArn }));
    expect(run.outputs.secrets).toEqual([
      { environmentName: "DB_USERNAME", secretArn: run.outputs.secretArn, jsonKey: "username", kmsKeyArn: run.outputs.keyArn },
      { environmentName: "DB_PASSWORD", secretArn: run.outputs.secretArn, jsonKey: "password", kmsKeyArn: run.outputs.keyArn },
    ]);
  });
});

describe("Database metrics", () => {
  test.each([
    ["db.t4g.micro", 112],
    ["db.m7g.large", 901],
    ["db.r7g.large", 1802],
    ["db.r7g.4xlarge", 5000],
  ])("max_connections of %s is LEAST(memory/9531392, 5000) = %i", (instanceClass, expected) => {
    expect(postgresMaxConnections(instanceClass)).toBe(expected);
  });

  test("the descriptor names the writer, the replicas, the proxy, storage and connection limit", async () => {
    const { run } = await build({ readReplicas: 2 }, (db) => ({ metrics: db.metrics }));
    expect(run.outputs.metrics).toEqual({
      instanceIdentifier: "orders",
      replicaIdentifiers: ["orders-replica-1", "orders-replica-2"],
      allocatedStorageGiB: 100,
      maxConnections: 1802,
      proxyName: expect.stringMatching(/^db-proxy-/),
    });
  });
});

describe("Database per environment", () => {
  test("dev-like arguments: one single-AZ writer, unprotected, no final snapshot", async () => {
    const { run } = await build(DEV);
    const instance = writer(run);
    expect(run.ofType(INSTANCE)).toHaveLength(1);
    expect(instance.inputs).toMatchObject({ multiAz: false, deletionProtection: false, skipFinalSnapshot: true, backupRetentionPeriod: 1 });
    expect(instance.inputs.finalSnapshotIdentifier).toBeUndefined();
    expect(instance.options.protect).toBe(false);
    expect(run.one("aws:kms/key:Key", "db").options.protect).toBe(false);
  });

  test("a major upgrade keeps the instance and swaps in a parameter group of the new family", async () => {
    const { run: v17 } = await build();
    const { run: v18 } = await build({ engineVersion: "18" });
    expect(v18.one(INSTANCE, "db").urn).toBe(v17.one(INSTANCE, "db").urn);
    expect(v18.one(INSTANCE, "db").inputs.allowMajorVersionUpgrade).toBe(true);
    expect(v18.one("aws:rds/parameterGroup:ParameterGroup", "db-postgres18").inputs.family).toBe("postgres18");
    expect(v18.find("aws:rds/parameterGroup:ParameterGroup", "db-postgres17")).toBeUndefined();
  });

  test("major version 16 gets a postgres16 parameter group", async () => {
    const { run } = await build({ engineVersion: "16" });
    expect(run.one("aws:rds/parameterGroup:ParameterGroup", "db-postgres16").inputs.family).toBe("postgres16");
    expect(writer(run).inputs.engineVersion).toBe("16");
  });

  test("a key handed in is used everywhere instead of creating one", async () => {
    const byo = "arn:aws:kms:eu-west-1:123456789012:key/byo";
    const { run } = await build({ kmsKeyArn: byo });
    expect(run.ofType("aws:kms/key:Key")).toEqual([]);
    expect(writer(run).inputs).toMatchObject({ kmsKeyId: byo, masterUserSecretKmsKeyId: byo, performanceInsightsKmsKeyId: byo });
  });
});

describe("Database disaster recovery", () => {
  test("drRegion replicates automated backups through a provider for that region, under a key there", async () => {
    const { run } = await build({ drRegion: "eu-central-1", drBackupRetentionDays: 14 });
    const provider = run.one("pulumi:providers:aws", "db-dr");
    expect(provider.inputs.region).toBe("eu-central-1");
    const replication = run.one("aws:rds/instanceAutomatedBackupsReplication:InstanceAutomatedBackupsReplication", "db-dr");
    expect(replication.inputs).toMatchObject({ sourceDbInstanceArn: "arn:aws:rds:eu-west-1:123456789012:db:orders", retentionPeriod: 14 });
    const drKey = run.one("aws:kms/key:Key", "db-dr");
    expect(replication.options.dependsOn).toContain(drKey.urn);
    for (const r of [replication, drKey]) {
      expect(r.options.provider.startsWith(provider.urn)).toBe(true);
      expect(r.options.protect).toBe(true);
    }
    expect(drKey.inputs.enableKeyRotation).toBe(true);
  });

  test("a DR provider handed in is used instead of creating one", async () => {
    let provider!: aws.Provider;
    const run = await runComponents(() => {
      provider = new aws.Provider("dr-account", { region: "eu-central-1" });
      void new Database("db", { ...BASE, drRegion: "eu-central-1", drProvider: provider });
    });
    const given = run.one("pulumi:providers:aws", "dr-account");
    expect(run.ofType("pulumi:providers:aws")).toHaveLength(1);
    const replication = run.one("aws:rds/instanceAutomatedBackupsReplication:InstanceAutomatedBackupsReplication", "db-dr");
    expect(replication.options.provider.startsWith(given.urn)).toBe(true);
  });

  test("no DR provider, key or replication without drRegion", async () => {
    const { run } = await build();
    expect(run.ofType("pulumi:providers:aws")).toEqual([]);
    expect(run.ofType("aws:rds/instanceAutomatedBackupsReplication:InstanceAutomatedBackupsReplication")).toEqual([]);
  });
});

describe("Database validation", () => {
  test("invalid arguments fail before any child exists, listing every problem with the argument's name", async () => {
    let error: Error | undefined;
    let run: RunResult | undefined;
    try {
      run = await runComponents(
        () =>
          void new Database("db", {
            ...BASE,
            identifier: "Orders",
            instanceClass: "db.x99.huge",
            allocatedStorageGiB: 100,
            maxAllocatedStorageGiB: 105,
            performanceInsightsRetentionDays: 30,
            proxySubnetIds: undefined,
          }),
      );
    } catch (e) {
      error = e as Error;
    }
    expect(run).toBeUndefined();
    expect(error?.message).toMatch(/identifier: "Orders" is not allowed \(expected 1-52 lowercase/);
    expect(error?.message).toMatch(/instanceClass: "db.x99.huge" is not allowed \(expected db.<family>.<size> with family t3, t4g, m5/);
    expect(error?.message).toMatch(/maxAllocatedStorageGiB: 105 is not allowed \(expected an integer from 110 \(10% above allocatedStorageGiB 100\)/);
    expect(error?.message).toMatch(/performanceInsightsRetentionDays: 30 is not allowed/);
    expect(error?.message).toMatch(/proxySubnetIds: 0 given \(expected subnets in at least two AZs when proxy is true\)/);
  });

  test.each<[string, Partial<DatabaseArgs>, RegExp]>([
    ["an unknown major version", { engineVersion: "12" }, /engineVersion: "12" is not allowed \(expected a PostgreSQL major version: 14, 15, 16, 17, 18\)/],
    ["no backups", { backupRetentionDays: 0 }, /backupRetentionDays: 0 is not allowed/],
    ["a backup window inside the maintenance window", { backupWindow: "04:15-04:45" }, /backupWindow: "04:15-04:45" is not allowed \(expected a window that does not overlap maintenanceWindow sun:04:00-sun:05:00\)/],
    ["a 20-minute backup window", { backupWindow: "01:00-01:20" }, /backupWindow: "01:00-01:20" is not allowed \(expected hh:mm-hh:mm in UTC, at least 30 minutes\)/],
    ["a reserved user name", { masterUsername: "rdsadmin" }, /masterUsername: "rdsadmin" is not allowed/],
    ["a 2-second monitoring interval", { monitoringIntervalSeconds: 2 }, /monitoringIntervalSeconds: 2 is not allowed \(expected one of 1, 5, 10, 15, 30, 60\)/],
    ["six replicas", { readReplicas: 6 }, /readReplicas: 6 is not allowed \(expected an integer from 0 to 5\)/],
    ["replicas with one zone", { availabilityZones: ["eu-west-1a"] }, /availabilityZones: \["eu-west-1a"\] is not allowed/],
    ["a DR retention without a DR region", { drBackupRetentionDays: 7 }, /drBackupRetentionDays: 7 is not allowed \(expected no value unless drRegion is set\)/],
  ])("refuses %s", async (_case, args, message) => {
    await expect(build(args)).rejects.toThrow(message);
  });

  test("the production defaults have no problem", () => {
    expect(databaseArgProblems({})).toEqual([]);
  });
});

describe("maintenance windows", () => {
  test("parses daily and weekly windows, including ones that cross midnight", () => {
    expect(parseDailyWindow("23:30-00:30")).toEqual({ start: 1410, length: 60 });
    expect(parseWeeklyWindow("sun:23:00-mon:01:00")).toEqual({ start: 6 * 1440 + 1380, length: 120 });
    expect(parseDailyWindow("24:00-01:00")).toBeUndefined();
    expect(parseWeeklyWindow("sun:04:00")).toBeUndefined();
  });

  test.each([
    ["02:00-03:00", "sun:04:00-sun:05:00", false],
    ["04:30-05:30", "sun:04:00-sun:05:00", true],
    ["23:30-00:30", "mon:00:00-mon:01:00", true],
    ["23:30-00:30", "sun:23:45-mon:00:15", true],
    ["01:00-02:00", "sun:23:00-mon:00:59", false],
  ])("daily %s against weekly %s overlaps: %s", (daily, weekly, overlaps) => {
    expect(windowsOverlap(daily, weekly)).toBe(overlaps);
  });
});

describe("windowsOverlap against a minute-by-minute count", () => {
  const DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
  const hhmm = (minute: number) => `${String(Math.floor(minute / 60) % 24).padStart(2, "0")}:${String(minute % 60).padStart(2, "0")}`;
  /** Every minute of the week a window covers, walking it one minute at a time. */
  const minutes = (start: number, length: number, period: number) => new Set(Array.from({ length }, (_, i) => (start + i) % period));

  test("agrees with the brute-force answer for any pair of windows", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1439 }),
        fc.integer({ min: 1, max: 300 }),
        fc.integer({ min: 0, max: 7 * 1440 - 1 }),
        fc.integer({ min: 1, max: 600 }),
        (dailyStart, dailyLength, weeklyStart, weeklyLength) => {
          const daily = `${hhmm(dailyStart)}-${hhmm(dailyStart + dailyLength)}`;
          const weeklyEnd = (weeklyStart + weeklyLength) % (7 * 1440);
          const weekly = `${DAYS[Math.floor(weeklyStart / 1440)]}:${hhmm(weeklyStart)}-${DAYS[Math.floor(weeklyEnd / 1440)]}:${hhmm(weeklyEnd)}`;
          const week = minutes(weeklyStart, weeklyLength, 7 * 1440);
          const expected = Array.from({ length: 7 }, (_, day) => [...minutes(day * 1440 + dailyStart, dailyLength, 7 * 1440)]).some((m) => m.some((x) => week.has(x)));
          expect(windowsOverlap(daily, weekly)).toBe(expected);
        },
      ),
      { numRuns: 300, seed: 7 },
    );
  });
});
