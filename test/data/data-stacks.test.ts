import { CapturedResource, nonEmpty, runProgram, RunResult } from "../harness";
import { cacheSchema } from "../../stacks/config/cache";
import { databaseSchema } from "../../stacks/config/database";
import { formatIssues } from "../../stacks/config/errors";
import { resourceIdentifier } from "../../stacks/data";

const INSTANCE = "aws:rds/instance:Instance";
const GROUP = "aws:elasticache/replicationGroup:ReplicationGroup";

const runs: Record<string, RunResult> = {};
beforeAll(async () => {
  for (const stack of ["dev", "staging", "prod"]) runs[stack] = await runProgram({ stack });
});

const writer = (stack: string) => runs[stack].one(INSTANCE, "database");
const cacheGroup = (stack: string) => runs[stack].one(GROUP, "cache");

describe("dev stack", () => {
  test("runs one single-AZ database with no replica and no proxy; the app connects to the writer", () => {
    expect(runs.dev.ofType(INSTANCE)).toHaveLength(1);
    expect(writer("dev").inputs).toMatchObject({ multiAz: false, instanceClass: "db.t4g.micro", backupRetentionPeriod: 1 });
    expect(runs.dev.ofType("aws:rds/proxy:Proxy")).toEqual([]);
    expect(runs.dev.outputs.database.proxyEndpoint).toBeUndefined();
    expect(runs.dev.outputs.database.readerEndpoints).toEqual([]);
  });

  test("can be destroyed: no deletion protection, no final snapshot, nothing protected", () => {
    expect(writer("dev").inputs).toMatchObject({ deletionProtection: false, skipFinalSnapshot: true });
    expect(writer("dev").inputs.finalSnapshotIdentifier).toBeUndefined();
    const data = runs.dev.resources.filter((r) => /^(database|cache)/.test(r.name));
    expect(data.filter((r) => r.options.protect).map((r) => r.name)).toEqual([]);
  });

  test("runs a one-node cache without failover, still encrypted and authenticated", () => {
    expect(cacheGroup("dev").inputs).toMatchObject({
      numCacheClusters: 1,
      automaticFailoverEnabled: false,
      multiAzEnabled: false,
      transitEncryptionEnabled: true,
      atRestEncryptionEnabled: true,
    });
  });
});

describe("staging stack", () => {
  test("is Multi-AZ behind a proxy with a week of backups, deletion protection and a final snapshot, but not Pulumi-protected", () => {
    expect(writer("staging").inputs).toMatchObject({
      multiAz: true,
      backupRetentionPeriod: 7,
      deletionProtection: true,
      finalSnapshotIdentifier: "platform-staging-final",
    });
    expect(writer("staging").options.protect).toBe(false);
    expect(runs.staging.ofType("aws:rds/proxy:Proxy")).toHaveLength(1);
    expect(cacheGroup("staging").inputs).toMatchObject({ numCacheClusters: 2, automaticFailoverEnabled: true, multiAzEnabled: true });
  });
});

describe("prod stack", () => {
  test("runs a Multi-AZ writer and a replica in another AZ, both protected and deletion-protected", () => {
    const replica = runs.prod.one(INSTANCE, "database-replica-1");
    expect(writer("prod").inputs).toMatchObject({ multiAz: true, backupRetentionPeriod: 30, deletionProtection: true });
    expect(replica.inputs.replicateSourceDb).toBe("platform-prod");
    expect(replica.inputs.availabilityZone).not.toBe(runs.prod.outputs.availabilityZones[0]);
    for (const instance of [writer("prod"), replica]) {
      expect(instance.options.protect).toBe(true);
      expect(instance.inputs.deletionProtection).toBe(true);
    }
  });

  test("leaves a final snapshot with a deterministic name", () => {
    expect(writer("prod").inputs).toMatchObject({ identifier: "platform-prod", skipFinalSnapshot: false, finalSnapshotIdentifier: "platform-prod-final" });
    expect(cacheGroup("prod").inputs.finalSnapshotIdentifier).toBe("platform-prod-final");
  });

  test("puts the RDS Proxy in the private subnets and hands clients its endpoint", () => {
    const proxy = runs.prod.one("aws:rds/proxy:Proxy", "database-proxy");
    expect(proxy.inputs.vpcSubnetIds).toEqual(runs.prod.outputs.privateSubnetIds);
    expect(runs.prod.outputs.database.proxyEndpoint).toMatch(/\.proxy-[0-9a-z]+\.eu-west-1\.rds\.amazonaws\.com$/);
    expect(runs.prod.one("aws:rds/subnetGroup:SubnetGroup", "database").inputs.subnetIds).toEqual(runs.prod.outputs.databaseSubnetIds);
  });

  test("replicates automated backups to eu-central-1 for disaster recovery", () => {
    const provider = runs.prod.one("pulumi:providers:aws", "database-dr");
    const replication = runs.prod.one("aws:rds/instanceAutomatedBackupsReplication:InstanceAutomatedBackupsReplication", "database-dr");
    expect(provider.inputs.region).toBe("eu-central-1");
    expect(replication.options.provider.startsWith(provider.urn)).toBe(true);
    expect(replication.options.protect).toBe(true);
  });

  test("runs a three-node cache with failover, protected, in the private subnets", () => {
    expect(cacheGroup("prod").inputs).toMatchObject({ numCacheClusters: 3, automaticFailoverEnabled: true, multiAzEnabled: true });
    expect(cacheGroup("prod").options.protect).toBe(true);
    expect(runs.prod.one("aws:elasticache/subnetGroup:SubnetGroup", "cache").inputs.subnetIds).toEqual(runs.prod.outputs.privateSubnetIds);
  });
});

describe("every stack", () => {
  test.each(["dev", "staging", "prod"])("%s outputs endpoints, ports and secret ARNs, never a credential", (stack) => {
    const run = runs[stack];
    expect(run.outputs.database).toMatchObject({ port: 5432, masterSecretArn: expect.stringMatching(/^arn:aws:secretsmanager:/) });
    expect(run.outputs.cache).toMatchObject({ port: 6379, authSecretArn: expect.stringMatching(/^arn:aws:secretsmanager:/) });
    const token: string = cacheGroup(stack).inputs.authToken;
    expect(JSON.stringify(run.outputs)).not.toContain(token);
    // Endpoints and ARNs are not secrets; nothing of this tier needs to be hidden in the outputs.
    expect(run.secretOutputPaths.filter((p) => /^(database|cache)\b/.test(p))).toEqual([]);
  });

  test.each(["dev", "staging", "prod"])("%s passes the AUTH token only as a secret and no database password at all", (stack) => {
    const run = runs[stack];
    const token: string = cacheGroup(stack).inputs.authToken;
    const carriers = run.resources.filter((r: CapturedResource) => JSON.stringify(r.inputs).includes(token));
    expect(carriers.map((r) => r.type).sort()).toEqual([GROUP, "aws:secretsmanager/secretVersion:SecretVersion"].sort());
    for (const r of carriers) expect(r.secretInputPaths.length).toBeGreaterThan(0);
    expect(nonEmpty(run.ofType(INSTANCE), "database instance").every((r) => r.inputs.password === undefined && r.inputs.passwordWo === undefined)).toBe(true);
    expect(writer(stack).inputs.manageMasterUserPassword).toBe(true);
  });

  test.each(["dev", "staging", "prod"])("%s admits nothing into the database or the cache from a CIDR", (stack) => {
    const run = runs[stack];
    const groups = new Set(
      ["database", "database-proxy", "cache"].map((n) => run.find("aws:ec2/securityGroup:SecurityGroup", n)).filter((r) => r !== undefined).map((r) => r!.urn),
    );
    const rules = run.ofType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").filter((r) => r.options.dependsOn.some((d) => groups.has(d)));
    expect(nonEmpty(rules, "database or cache ingress rule").every((r) => r.inputs.cidrIpv4 === undefined && r.inputs.cidrIpv6 === undefined && r.inputs.referencedSecurityGroupId)).toBe(true);
  });
});

describe("platform:database and platform:cache config", () => {
  const errors = (key: string, schema: typeof databaseSchema | typeof cacheSchema, value: unknown) => {
    const result = schema.safeParse(value, { reportInput: true });
    return result.success ? [] : formatIssues(key, schema, result.error.issues);
  };

  test("failover on a one-node cache names the config key and what is allowed", () => {
    expect(errors("platform:cache", cacheSchema, { nodeCount: 1, multiAz: false })).toEqual([
      "platform:cache.automaticFailover: true is not allowed (expected false when nodeCount is 1)",
    ]);
  });

  test("Multi-AZ without failover names platform:cache.multiAz", () => {
    expect(errors("platform:cache", cacheSchema, { automaticFailover: false })).toEqual([
      "platform:cache.multiAz: true is not allowed (expected false when automaticFailover is false)",
    ]);
  });

  test("a storage ceiling too close to the allocation names platform:database.maxAllocatedStorageGiB", () => {
    expect(errors("platform:database", databaseSchema, { allocatedStorageGiB: 200, maxAllocatedStorageGiB: 210 })).toEqual([
      "platform:database.maxAllocatedStorageGiB: 210 is not allowed (expected an integer from 220 (10% above allocatedStorageGiB 200) to 65536)",
    ]);
  });

  test("a backup window inside the maintenance window names platform:database.backupWindow", () => {
    expect(errors("platform:database", databaseSchema, { maintenanceWindow: "mon:02:00-mon:03:00" })).toEqual([
      "platform:database.backupWindow: \"02:00-03:00\" is not allowed (expected a window that does not overlap maintenanceWindow mon:02:00-mon:03:00)",
    ]);
  });

  test("a field that fails its own schema is reported once", () => {
    expect(errors("platform:database", databaseSchema, { backupRetentionDays: 0 })).toEqual([
      "platform:database.backupRetentionDays: 0 is not allowed (expected an integer from 1 to 35)",
    ]);
  });

  test("an unknown key lists the allowed ones", () => {
    expect(errors("platform:cache", cacheSchema, { nodes: 2 })[0]).toMatch(/^platform:cache\.nodes: unknown key \(allowed keys: identifier, engine, engineVersion, nodeType, nodeCount/);
  });

  test("the defaults are the production settings", () => {
    expect(databaseSchema.parse(undefined)).toMatchObject({ multiAz: true, readReplicas: 1, proxy: true, backupRetentionDays: 30, deletionProtection: true, protect: true });
    expect(cacheSchema.parse(undefined)).toMatchObject({ nodeCount: 2, automaticFailover: true, multiAz: true, protect: true, skipFinalSnapshot: false });
  });

  test("a DR region equal to the stack's region is refused with the key named", async () => {
    await expect(runProgram({ stack: "prod", overrides: { "platform:database": { drRegion: "eu-west-1" } } })).rejects.toThrow(
      /platform:database\.drRegion: "eu-west-1" is not allowed \(expected a region other than aws:region eu-west-1\)/,
    );
  });

  test("stack names become valid identifiers", () => {
    expect(resourceIdentifier("platform-prod")).toBe("platform-prod");
    expect(resourceIdentifier("Platform_Prod--EU")).toBe("platform-prod-eu");
    expect(resourceIdentifier("9lives")).toBe("lives");
  });
});
