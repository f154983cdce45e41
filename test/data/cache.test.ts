import { AUTH_TOKEN_SPECIALS, Cache, CacheArgs, cacheArgProblems } from "../../components/cache";
import { CapturedResource, nonEmpty, runComponents, RunResult } from "../harness";

const GROUP = "aws:elasticache/replicationGroup:ReplicationGroup";
const SG_RULE = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
const APP_SG = "sg-0app0000000000001";

/** Prod-like: the component's defaults, with the network it needs. */
const BASE: CacheArgs = {
  vpcId: "vpc-0123456789abcdef0",
  subnetIds: ["subnet-private-a", "subnet-private-b", "subnet-private-c"],
  identifier: "sessions",
  tags: { Owner: "team" },
};

/** Dev-like: what the dev stack file turns down. */
const DEV: Partial<CacheArgs> = {
  nodeType: "cache.t4g.micro",
  nodeCount: 1,
  automaticFailover: false,
  multiAz: false,
  snapshotRetentionDays: 1,
  skipFinalSnapshot: true,
  protect: false,
};

async function build(args: Partial<CacheArgs> = {}, use?: (cache: Cache) => Record<string, unknown> | void): Promise<RunResult> {
  return runComponents(() => {
    const cache = new Cache("cache", { ...BASE, ...args });
    return use?.(cache) ?? {};
  });
}

/** Every place `value` appears in a resource's inputs, as a path. */
function pathsOf(node: unknown, value: string, at = ""): string[] {
  if (node === value) return [at];
  if (Array.isArray(node)) return node.flatMap((item, i) => pathsOf(item, value, `${at}[${i}]`));
  if (node && typeof node === "object") return Object.entries(node).flatMap(([k, v]) => pathsOf(v, value, at ? `${at}.${k}` : k));
  return typeof node === "string" && node.includes(value) ? [at] : [];
}

describe("Cache defaults (production)", () => {
  let run: RunResult;
  let group: CapturedResource;
  beforeAll(async () => {
    run = await build();
    group = run.one(GROUP, "cache");
  });

  test("runs Redis 7.1 on two nodes with automatic failover across AZs", () => {
    expect(group.inputs).toMatchObject({
      replicationGroupId: "sessions",
      engine: "redis",
      engineVersion: "7.1",
      nodeType: "cache.r7g.large",
      numCacheClusters: 2,
      automaticFailoverEnabled: true,
      multiAzEnabled: true,
      port: 6379,
      autoMinorVersionUpgrade: true,
    });
  });

  test("encrypts at rest with a rotating customer-managed key and requires TLS in transit", () => {
    const key = run.one("aws:kms/key:Key", "cache");
    expect(key.inputs.enableKeyRotation).toBe(true);
    expect(group.inputs).toMatchObject({ atRestEncryptionEnabled: true, transitEncryptionEnabled: true, transitEncryptionMode: "required" });
    expect(group.inputs.kmsKeyId).toMatch(/^arn:aws:kms:eu-west-1:123456789012:key\//);
  });

  test("keeps a week of snapshots in a window clear of maintenance, and a final snapshot named after its id", () => {
    expect(group.inputs).toMatchObject({
      snapshotRetentionLimit: 7,
      snapshotWindow: "02:00-03:00",
      maintenanceWindow: "sun:05:00-sun:06:00",
      finalSnapshotIdentifier: "sessions-final",
    });
  });

  test("is protected in Pulumi, with its key and its AUTH token secret", () => {
    expect(group.options.protect).toBe(true);
    expect(run.one("aws:kms/key:Key", "cache").options.protect).toBe(true);
    expect(run.one("aws:secretsmanager/secret:Secret", "cache-auth-token").options.protect).toBe(true);
  });

  test("delivers the slow log and the engine log as JSON to encrypted log groups with retention", () => {
    const deliveries = group.inputs.logDeliveryConfigurations;
    expect(deliveries.map((d: any) => d.logType)).toEqual(["slow-log", "engine-log"]);
    for (const delivery of deliveries) {
      const logGroup = run.one("aws:cloudwatch/logGroup:LogGroup", `cache-${delivery.logType}`);
      expect(delivery).toMatchObject({ destinationType: "cloudwatch-logs", logFormat: "json" });
      expect(group.options.dependsOn).toContain(logGroup.urn);
      expect(logGroup.inputs).toMatchObject({ retentionInDays: 365, kmsKeyId: group.inputs.kmsKeyId });
    }
  });

  test("uses its own parameter group for the engine's family, with a slow log threshold", () => {
    const parameters = run.one("aws:elasticache/parameterGroup:ParameterGroup", "cache-redis7");
    expect(parameters.inputs.family).toBe("redis7");
    expect(parameters.inputs.parameters).toEqual([{ name: "slowlog-log-slower-than", value: "10000" }]);
    expect(group.options.dependsOn).toContain(parameters.urn);
  });

  test("sits in the given private subnets behind a security group with no rule of its own", () => {
    expect(run.one("aws:elasticache/subnetGroup:SubnetGroup", "cache").inputs.subnetIds).toEqual(BASE.subnetIds);
    const sg = run.one("aws:ec2/securityGroup:SecurityGroup", "cache");
    expect(sg.inputs.ingress ?? []).toEqual([]);
    expect(sg.inputs.egress ?? []).toEqual([]);
    expect(run.ofType(SG_RULE)).toEqual([]);
  });

  test("every taggable child carries Name and the given tags, and is parented to the component", () => {
    const component = run.one("platform:cache:Redis", "cache");
    for (const r of nonEmpty(run.resources.filter((r) => r.custom && r.inputs.tags), "tagged resource")) expect(r.inputs.tags).toMatchObject({ Owner: "team", Name: expect.any(String) });
    const strays = run.resources.filter((r) => r.custom && r.type !== "aws:kms/alias:Alias" && r.parent !== component.urn);
    expect(strays.map((r) => r.name)).toEqual([]);
  });
});

describe("Cache AUTH token", () => {
  let run: RunResult;
  let token: string;
  beforeAll(async () => {
    run = await build({}, (cache) => ({ primary: cache.primaryEndpoint, secretArn: cache.authSecretArn }));
    token = run.one(GROUP, "cache").inputs.authToken;
  });

  test("is generated with only the special characters ElastiCache accepts", () => {
    const password = run.one("random:index/randomPassword:RandomPassword", "cache-auth-token");
    expect(password.inputs).toMatchObject({ length: 64, special: true });
    expect(nonEmpty([...password.inputs.overrideSpecial], "special character").every((ch: string) => "!&#$^<>-".includes(ch))).toBe(true);
    expect(AUTH_TOKEN_SPECIALS).not.toMatch(/[@"/ ]/);
    expect(password.options.additionalSecretOutputs).toContain("result");
  });

  test("reaches the replication group as a secret input, and its output stays secret", () => {
    const group = run.one(GROUP, "cache");
    expect(token).toHaveLength(64);
    expect(group.secretInputPaths).toContain("authToken");
    expect(group.options.additionalSecretOutputs).toContain("authToken");
    expect(group.inputs.authTokenUpdateStrategy).toBe("ROTATE");
  });

  test("is stored, as a secret, in a Secrets Manager secret encrypted with the cache's key", () => {
    const secret = run.one("aws:secretsmanager/secret:Secret", "cache-auth-token");
    const version = run.one("aws:secretsmanager/secretVersion:SecretVersion", "cache-auth-token");
    expect(secret.inputs.kmsKeyId).toBe(run.one(GROUP, "cache").inputs.kmsKeyId);
    expect(secret.inputs.recoveryWindowInDays).toBe(30);
    expect(version.inputs.secretString).toBe(token);
    expect(version.secretInputPaths).toEqual(["secretString"]);
    expect(version.options.dependsOn).toContain(secret.urn);
  });

  test("never appears in a plain input or in any registered output", () => {
    for (const r of run.resources) {
      const plain = pathsOf(r.inputs, token).filter((path) => !r.secretInputPaths.includes(path));
      expect({ resource: r.name, plain }).toEqual({ resource: r.name, plain: [] });
      expect(JSON.stringify(r.outputs ?? {})).not.toContain(token);
    }
    expect(JSON.stringify(run.outputs)).not.toContain(token);
  });
});

describe("Cache connections", () => {
  test("allowFrom admits the peer's security group on 6379 only", async () => {
    const run = await build({}, (cache) => void cache.allowFrom("app", { securityGroupId: APP_SG }));
    const rule = run.one(SG_RULE, "cache-from-app");
    expect(rule.inputs).toMatchObject({ referencedSecurityGroupId: APP_SG, fromPort: 6379, toPort: 6379, ipProtocol: "tcp" });
    expect(rule.inputs.cidrIpv4).toBeUndefined();
    expect(rule.options.dependsOn).toContain(run.one("aws:ec2/securityGroup:SecurityGroup", "cache").urn);
  });

  test("the same allowFrom key twice is refused instead of colliding", async () => {
    await expect(
      build({}, (cache) => {
        cache.allowFrom("app", { securityGroupId: APP_SG });
        cache.allowFrom("app", { securityGroupId: "sg-other" });
      }),
    ).rejects.toThrow(/allowFrom key "app" is already used/);
  });

  test("app settings name the primary, the port and TLS; the secret is the AUTH token with its key", async () => {
    const run = await build({}, (cache) => ({ settings: cache.appSettings(), secrets: cache.appSecrets(), arn: cache.authSecretArn, key: cache.kmsKeyArn }));
    const settings = Object.fromEntries(run.outputs.settings.map((s: any) => [s.environmentName, s.value]));
    expect(settings).toEqual({ REDIS_HOST: expect.stringMatching(/^master\.sessions\.[0-9a-f]{6}\.euw1\.cache\.amazonaws\.com$/), REDIS_PORT: "6379", REDIS_TLS: "true" });
    expect(run.outputs.secrets).toEqual([{ environmentName: "REDIS_AUTH_TOKEN", secretArn: run.outputs.arn, kmsKeyArn: run.outputs.key }]);
    expect(run.outputs.arn).toMatch(/^arn:aws:secretsmanager:eu-west-1:123456789012:secret:cache-auth-token-/);
  });

  test("the metric descriptor names the group and each member, -001 first", async () => {
    const run = await build({ nodeCount: 3 }, (cache) => ({ metrics: cache.metrics }));
    expect(run.outputs.metrics).toEqual({ replicationGroupId: "sessions", nodeIds: ["sessions-001", "sessions-002", "sessions-003"] });
  });
});

describe("Cache per environment", () => {
  test("dev-like arguments: one node, no failover, no Multi-AZ, no final snapshot, unprotected", async () => {
    const run = await build(DEV);
    const group = run.one(GROUP, "cache");
    expect(group.inputs).toMatchObject({ numCacheClusters: 1, automaticFailoverEnabled: false, multiAzEnabled: false, snapshotRetentionLimit: 1 });
    expect(group.inputs.finalSnapshotIdentifier).toBeUndefined();
    expect(group.options.protect).toBe(false);
    // Still encrypted and authenticated.
    expect(group.inputs).toMatchObject({ transitEncryptionEnabled: true, atRestEncryptionEnabled: true });
    expect(group.secretInputPaths).toContain("authToken");
  });

  test("valkey runs 8.0 with a valkey8 parameter group", async () => {
    const run = await build({ engine: "valkey" });
    expect(run.one(GROUP, "cache").inputs).toMatchObject({ engine: "valkey", engineVersion: "8.0" });
    expect(run.one("aws:elasticache/parameterGroup:ParameterGroup", "cache-valkey8").inputs.family).toBe("valkey8");
  });

  test("Redis 6.2 uses the redis6.x family", async () => {
    const run = await build({ engineVersion: "6.2" });
    expect(run.one("aws:elasticache/parameterGroup:ParameterGroup", "cache-redis6-x").inputs.family).toBe("redis6.x");
  });

  test("a key handed in is used for the data, the secret and the logs instead of creating one", async () => {
    const byo = "arn:aws:kms:eu-west-1:123456789012:key/byo";
    const run = await build({ kmsKeyArn: byo });
    expect(run.ofType("aws:kms/key:Key")).toEqual([]);
    expect(run.one(GROUP, "cache").inputs.kmsKeyId).toBe(byo);
    expect(run.one("aws:secretsmanager/secret:Secret", "cache-auth-token").inputs.kmsKeyId).toBe(byo);
    expect(run.one("aws:cloudwatch/logGroup:LogGroup", "cache-slow-log").inputs.kmsKeyId).toBe(byo);
  });
});

describe("Cache validation", () => {
  test.each<[string, Partial<CacheArgs>, RegExp]>([
    ["automatic failover with one node", { nodeCount: 1, multiAz: false }, /automaticFailover: true is not allowed \(expected false when nodeCount is 1\)/],
    ["Multi-AZ without automatic failover", { automaticFailover: false }, /multiAz: true is not allowed \(expected false when automaticFailover is false\)/],
    ["a Redis version for valkey", { engine: "valkey", engineVersion: "7.1" }, /engineVersion: "7.1" is not allowed \(expected a valkey version: 7.2, 8.0, 8.1\)/],
    ["an unknown engine", { engine: "memcached" as never }, /engine: "memcached" is not allowed \(expected "redis" \| "valkey"\)/],
    ["seven nodes", { nodeCount: 7 }, /nodeCount: 7 is not allowed \(expected an integer from 1 to 6\)/],
    ["a 30-minute snapshot window", { snapshotWindow: "02:00-02:30" }, /snapshotWindow: "02:00-02:30" is not allowed \(expected hh:mm-hh:mm in UTC, at least 60 minutes\)/],
    ["a snapshot window across the maintenance window", { snapshotWindow: "04:30-05:30" }, /snapshotWindow: "04:30-05:30" is not allowed \(expected a window that does not overlap maintenanceWindow sun:05:00-sun:06:00\)/],
    ["a previous-generation node type", { nodeType: "cache.m3.medium" }, /nodeType: "cache.m3.medium" is not allowed/],
    ["an identifier with an underscore", { identifier: "my_cache" }, /identifier: "my_cache" is not allowed/],
    ["a log retention CloudWatch does not offer", { logRetentionDays: 10 }, /logRetentionDays: 10 is not allowed/],
  ])("refuses %s before creating anything", async (_case, args, message) => {
    await expect(build(args)).rejects.toThrow(message);
  });

  test("every problem is reported at once", () => {
    expect(cacheArgProblems({ nodeCount: 1, snapshotRetentionDays: 40 }).map((p) => p.argument)).toEqual(["automaticFailover", "snapshotRetentionDays"]);
  });

  test("the production defaults and the dev-like settings have no problem", () => {
    expect(cacheArgProblems({})).toEqual([]);
    expect(cacheArgProblems(DEV)).toEqual([]);
  });
});
