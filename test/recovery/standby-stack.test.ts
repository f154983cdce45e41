import { MOCK_ORGANIZATION, RunResult, runProgram, UNKNOWN } from "../harness";
import { PRIMARY_OUTPUT, primaryContractSchema, replicatedImage } from "../../stacks/standby";

// prod-dr reads prod through a StackReference; the harness feeds it from prod's own offline run
// (test/harness/run.ts, stackReferences), as a deployed prod's outputs would be.
const PROD = `${MOCK_ORGANIZATION}/platform/prod`;
const INSTANCE = "aws:rds/instance:Instance";
const RECORD = "aws:route53/record:Record";

const runs = new Map<string, RunResult>();
async function run(stack: string, overrides?: Record<string, unknown>, mode: "offline" | "preview" = "offline"): Promise<RunResult> {
  const key = JSON.stringify([stack, overrides, mode]);
  if (!runs.has(key)) runs.set(key, await runProgram({ stack, overrides, mode }));
  return runs.get(key)!;
}
// The shipped stacks once, before the tests, with time for a loaded machine.
beforeAll(async () => {
  for (const stack of ["prod", "prod-dr", "staging"]) await run(stack);
}, 240_000);

const stage = (value: string) => ({ "platform:disasterRecovery": { standby: { stage: value } } });

const contractOf = (prod: RunResult) => primaryContractSchema.parse(prod.outputs[PRIMARY_OUTPUT]);

function containerSecrets(result: RunResult): Record<string, string> {
  const definitions = JSON.parse(result.one("aws:ecs/taskDefinition:TaskDefinition", "app-blue").inputs.containerDefinitions) as { secrets?: { name: string; valueFrom: string }[] }[];
  return Object.fromEntries((definitions[0].secrets ?? []).map((s) => [s.name, s.valueFrom]));
}

describe("prod, the primary", () => {
  test("replicates its registry to the standby region, in its own account", async () => {
    const prod = await run("prod");
    const replication = prod.one("aws:ecr/replicationConfiguration:ReplicationConfiguration", "image-replication").inputs;
    expect(replication.replicationConfiguration.rules).toEqual([{ destinations: [{ region: "eu-central-1", registryId: "123456789012" }] }]);
  });

  test("exports the disasterRecovery output a standby reads: its writer, secret, load balancer, name, scaling and images", async () => {
    const prod = await run("prod");
    const contract = contractOf(prod);
    expect(contract).toMatchObject({
      region: "eu-west-1",
      standbyRegions: ["eu-central-1"],
      database: { arn: prod.outputs.database.arn, identifier: "platform-prod", engineVersion: "17", masterSecretArn: prod.outputs.database.masterSecretArn },
      loadBalancer: { dnsName: prod.outputs.loadBalancerDnsName, zoneId: prod.outputs.loadBalancerZoneId, protocol: "https" },
      domain: { name: "app.example.com", hostedZoneId: "Z0123456789EXAMPLEPRD" },
      scaling: { minCount: 3, maxCount: 20 },
    });
    expect(contract.database.arn).toMatch(/^arn:aws:rds:eu-west-1:\d{12}:db:platform-prod$/);
  });

  test("leaves its name's records to the standby: no alias record of its own (Route 53 refuses a simple record beside failover records)", async () => {
    expect((await run("prod")).find(RECORD, "edge-alias")).toBeUndefined();
    expect((await run("staging")).one(RECORD, "edge-alias").inputs.name).toBe("staging.app.example.com");
  });
});

describe("prod-dr standing by", () => {
  test("replicates prod's writer across regions, encrypted with a key of its own region", async () => {
    const [prod, dr] = [await run("prod"), await run("prod-dr")];
    const replica = dr.one(INSTANCE, "database").inputs;
    const drKey = dr.one("aws:kms/key:Key", "database").state.arn;
    expect(replica).toMatchObject({ replicateSourceDb: prod.outputs.database.arn, kmsKeyId: drKey, storageEncrypted: true, multiAz: true, deletionProtection: true });
    expect(drKey).toMatch(/^arn:aws:kms:eu-central-1:/);
  });

  test("gives the replica nothing a replica cannot take: no name, user, storage, backups, master secret or final snapshot", async () => {
    const replica = (await run("prod-dr")).one(INSTANCE, "database");
    for (const key of ["dbName", "username", "allocatedStorage", "backupRetentionPeriod", "manageMasterUserPassword", "finalSnapshotIdentifier"]) {
      expect({ key, value: replica.inputs[key] }).toEqual({ key, value: undefined });
    }
    expect(replica.inputs.skipFinalSnapshot).toBe(true);
    expect(replica.options.protect).toBe(true);
  });

  test("runs one task per colour with prod's maximum as the ceiling", async () => {
    const dr = await run("prod-dr");
    expect(dr.one("aws:appautoscaling/target:Target", "app-blue-scaling").inputs).toMatchObject({ minCapacity: 1, maxCapacity: 20 });
    expect(dr.one("aws:ecs/service:Service", "app-blue").inputs.desiredCount).toBe(1);
  });

  test("hands the app prod's master secret, and its execution role may decrypt it only through Secrets Manager in prod's region", async () => {
    const [prod, dr] = [await run("prod"), await run("prod-dr")];
    expect(containerSecrets(dr).DB_PASSWORD).toBe(`${prod.outputs.database.masterSecretArn}:password::`);
    const policy = JSON.parse(dr.one("aws:iam/rolePolicy:RolePolicy", "app-execution").inputs.policy) as { Statement: { Sid: string; Resource: unknown; Condition?: unknown }[] };
    expect(policy.Statement.find((s) => s.Sid === "DecryptAppSecretsInEuWest1")).toMatchObject({
      Resource: [contractOf(prod).database.kmsKeyArn],
      Condition: { StringEquals: { "kms:ViaService": "secretsmanager.eu-west-1.amazonaws.com" } },
    });
  });

  test("owns the failover records: PRIMARY on prod's load balancer behind a health check of its health endpoint, SECONDARY on its own", async () => {
    const [prod, dr] = [await run("prod"), await run("prod-dr")];
    const check = dr.one("aws:route53/healthCheck:HealthCheck", "dns-failover-primary");
    expect(check.inputs).toMatchObject({ type: "HTTPS", port: 443, fqdn: prod.outputs.loadBalancerDnsName, resourcePath: "/", requestInterval: 10, failureThreshold: 3 });
    const primary = dr.one(RECORD, "dns-failover-primary").inputs;
    expect(primary).toMatchObject({
      name: "app.example.com",
      zoneId: "Z0123456789EXAMPLEPRD",
      setIdentifier: "primary",
      failoverRoutingPolicies: [{ type: "PRIMARY" }],
      healthCheckId: check.state.id,
      aliases: [{ name: prod.outputs.loadBalancerDnsName, zoneId: prod.outputs.loadBalancerZoneId, evaluateTargetHealth: true }],
    });
    expect(dr.one(RECORD, "dns-failover-secondary").inputs).toMatchObject({
      setIdentifier: "secondary",
      failoverRoutingPolicies: [{ type: "SECONDARY" }],
      aliases: [{ name: dr.outputs.loadBalancerDnsName, zoneId: dr.outputs.loadBalancerZoneId, evaluateTargetHealth: true }],
    });
    expect(dr.find(RECORD, "edge-alias")).toBeUndefined();
  });

  test("serves prod's name over HTTPS with a certificate of its own region, validated in prod's zone", async () => {
    const dr = await run("prod-dr");
    expect(dr.one("aws:acm/certificate:Certificate", "edge-certificate").inputs.domainName).toBe("app.example.com");
    expect(dr.one(RECORD, "edge-certificate-validation").inputs.zoneId).toBe("Z0123456789EXAMPLEPRD");
    expect(dr.outputs.url).toBe("https://app.example.com");
  });

  test("alarms when the replica lags prod, which is what a failover would lose", async () => {
    const dr = await run("prod-dr");
    const alarm = dr.ofType("aws:cloudwatch/metricAlarm:MetricAlarm").find((a) => a.name.endsWith("database-replica-lag"));
    expect(JSON.stringify(alarm?.inputs.metricQueries)).toContain('"DBInstanceIdentifier":"platform-prod-dr"');
    const promoted = await run("prod-dr", stage("database-promoted"));
    expect(promoted.ofType("aws:cloudwatch/metricAlarm:MetricAlarm").filter((a) => a.name.endsWith("database-replica-lag"))).toEqual([]);
  });

  test("says where it stands: the stage, the primary, the replica and the worst-case DNS switch", async () => {
    expect((await run("prod-dr")).outputs.standby).toMatchObject({
      primaryStack: PROD,
      primaryRegion: "eu-west-1",
      stage: "standby",
      databaseIdentifier: "platform-prod-dr",
      databaseReplicating: true,
      activeMinCount: 3,
      worstCaseSwitchSeconds: 160,
    });
  });

  test("reads prod's outputs in a first pulumi preview too: the engine runs stack reference reads during previews", async () => {
    const [prod, dr] = [await run("prod"), await run("prod-dr", undefined, "preview")];
    const replica = dr.one(INSTANCE, "database").inputs;
    expect(replica.replicateSourceDb).toBe(prod.outputs.database.arn);
    expect(replica.replicateSourceDb).not.toBe(UNKNOWN);
  });
});

describe("prod-dr through the failover stages", () => {
  test("database-promoted: replicateSourceDb is removed, which the provider turns into PromoteReadReplica, and the writer gets backups, a master secret here and a final snapshot", async () => {
    const [standby, promoted] = [await run("prod-dr"), await run("prod-dr", stage("database-promoted"))];
    const writer = promoted.one(INSTANCE, "database");
    expect(writer.inputs.replicateSourceDb).toBeUndefined();
    expect(writer.inputs).toMatchObject({ manageMasterUserPassword: true, backupRetentionPeriod: 30, skipFinalSnapshot: false, finalSnapshotIdentifier: "platform-prod-dr-final" });
    // Same key and no name or user: nothing that would make the provider replace the promoted instance.
    expect(writer.inputs.kmsKeyId).toBe(standby.one(INSTANCE, "database").inputs.kmsKeyId);
    expect(writer.inputs.dbName).toBeUndefined();
    expect(writer.urn).toBe(standby.one(INSTANCE, "database").urn);
  });

  test("database-promoted: the app reads the promoted instance's own secret in this region", async () => {
    const promoted = await run("prod-dr", stage("database-promoted"));
    expect(containerSecrets(promoted).DB_PASSWORD).toMatch(/^arn:aws:secretsmanager:eu-central-1:\d{12}:secret:rds!db-/);
    expect(promoted.one("aws:appautoscaling/target:Target", "app-blue-scaling").inputs.minCapacity).toBe(1);
  });

  test("app-scaled: the app runs prod's minimum", async () => {
    const scaled = await run("prod-dr", stage("app-scaled"));
    expect(scaled.one("aws:appautoscaling/target:Target", "app-blue-scaling").inputs).toMatchObject({ minCapacity: 3, maxCapacity: 20 });
    expect(scaled.one("aws:ecs/service:Service", "app-blue").inputs.desiredCount).toBe(3);
  });

  test("serving: both records answer with this stack's load balancer and the health check watches it, so prod gets no traffic when it recovers", async () => {
    const serving = await run("prod-dr", stage("serving"));
    const own = { name: serving.outputs.loadBalancerDnsName, zoneId: serving.outputs.loadBalancerZoneId, evaluateTargetHealth: true };
    expect(serving.one(RECORD, "dns-failover-primary").inputs.aliases).toEqual([own]);
    expect(serving.one(RECORD, "dns-failover-secondary").inputs.aliases).toEqual([own]);
    expect(serving.one("aws:route53/healthCheck:HealthCheck", "dns-failover-primary").inputs.fqdn).toBe(serving.outputs.loadBalancerDnsName);
  });
});

describe("images from prod's registry", () => {
  test("an image in prod's private ECR is pulled from the same repository in the standby's region; other registries are left alone", () => {
    expect(replicatedImage("123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:1.4.0", "eu-west-1", "eu-central-1")).toBe("123456789012.dkr.ecr.eu-central-1.amazonaws.com/app:1.4.0");
    expect(replicatedImage("123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1.4.0", "eu-west-1", "eu-central-1")).toBe("123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1.4.0");
    expect(replicatedImage("public.ecr.aws/nginx/nginx-unprivileged:1.27-alpine", "eu-west-1", "eu-central-1")).toBe("public.ecr.aws/nginx/nginx-unprivileged:1.27-alpine");
  });

  test("prod-dr deploys prod's release image from its own region's registry, and its execution role pulls from that repository", async () => {
    const image = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/app@sha256:" + "a".repeat(64);
    const prod = await run("prod");
    const contract = contractOf(prod);
    const dr = await runProgram({
      stack: "prod-dr",
      stackReferences: { [PROD]: { outputs: { ...prod.outputs, [PRIMARY_OUTPUT]: { ...contract, images: { blue: image, green: contract.images.green } } } } },
    });
    const definitions = JSON.parse(dr.one("aws:ecs/taskDefinition:TaskDefinition", "app-blue").inputs.containerDefinitions) as { image: string }[];
    expect(definitions[0].image).toBe(image.replace("eu-west-1", "eu-central-1"));
    expect(dr.one("aws:iam/rolePolicy:RolePolicy", "app-execution").inputs.policy).toContain("arn:aws:ecr:eu-central-1:123456789012:repository/app");
  });
});
