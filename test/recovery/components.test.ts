import { Database, DatabaseArgs, validateDatabaseArgs, writerOrigin } from "../../components/database";
import { DnsFailover, DnsFailoverArgs, validateDnsFailoverArgs, worstCaseSwitchSeconds } from "../../components/dns";
import { ImageReplication, validateImageReplicationArgs } from "../../components/registry";
import { runComponents } from "../harness";

const DATABASE: DatabaseArgs = {
  vpcId: "vpc-0123456789abcdef0",
  subnetIds: ["subnet-db-a", "subnet-db-b"],
  availabilityZones: ["eu-central-1a", "eu-central-1b"],
  identifier: "orders-dr",
  proxy: false,
  readReplicas: 0,
};
const SOURCE_ARN = "arn:aws:rds:eu-west-1:123456789012:db:orders";

describe("Database sources", () => {
  test("a replica not yet promoted refuses a proxy, read replicas and DR backups, naming each argument", () => {
    const problems = validateDatabaseArgs("db", {
      ...DATABASE,
      proxy: true,
      proxySubnetIds: ["subnet-a", "subnet-b"],
      readReplicas: 1,
      drRegion: "us-east-1",
      source: { kind: "replica", sourceInstanceArn: SOURCE_ARN, promoted: false },
    }).list;
    expect(problems).toEqual([
      expect.stringMatching(/^proxy: true is not allowed \(expected false while source is a replica not yet promoted/),
      expect.stringMatching(/^readReplicas: 1 is not allowed \(expected 0 while source is a replica not yet promoted/),
      expect.stringMatching(/^drRegion: "us-east-1" is not allowed \(expected no value while source is a replica not yet promoted/),
    ]);
    expect(validateDatabaseArgs("db", { ...DATABASE, readReplicas: 1, source: { kind: "replica", sourceInstanceArn: SOURCE_ARN, promoted: true } }).list).toEqual([]);
  });

  test("keeps the arguments that would replace a restored instance out of later updates", () => {
    expect(writerOrigin({ kind: "snapshot", snapshotIdentifier: "orders-final" })).toMatchObject({ ignoreChanges: ["snapshotIdentifier"], keepsSourceKey: true, empty: false });
    expect(writerOrigin({ kind: "pointInTime", sourceIdentifier: "orders", restoreTime: "latest" })).toMatchObject({
      inputs: { restoreToPointInTime: { sourceDbInstanceIdentifier: "orders", useLatestRestorableTime: true } },
      ignoreChanges: ["restoreToPointInTime"],
    });
    expect(writerOrigin({ kind: "replica", sourceInstanceArn: SOURCE_ARN, promoted: true })).toEqual({ inputs: {}, ignoreChanges: [], replicating: false, empty: false, keepsSourceKey: false });
  });

  test("a point-in-time restore takes the source's key, name and user, and gets a master secret and backups of its own", async () => {
    const run = await runComponents(() => void new Database("db", { ...DATABASE, source: { kind: "pointInTime", sourceIdentifier: "orders", restoreTime: "2026-11-23T14:00:00Z" }, backupRetentionDays: 35 }), {
      config: { "aws:region": "eu-central-1" },
    });
    const instance = run.one("aws:rds/instance:Instance", "db");
    expect(instance.inputs).toMatchObject({
      restoreToPointInTime: { sourceDbInstanceIdentifier: "orders", restoreTime: "2026-11-23T14:00:00Z" },
      manageMasterUserPassword: true,
      backupRetentionPeriod: 35,
      storageEncrypted: true,
    });
    for (const key of ["kmsKeyId", "dbName", "username", "allocatedStorage"]) expect({ key, value: instance.inputs[key] }).toEqual({ key, value: undefined });
    expect(instance.options.ignoreChanges).toEqual(["restoreToPointInTime"]);
  });

  test("a replica with the source's credentials hands the app those; without them, none", async () => {
    const credentials = { secretArn: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!db-1-abcdef", kmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/source" };
    let withCredentials!: Database;
    let without!: Database;
    const run = await runComponents(() => {
      withCredentials = new Database("with", { ...DATABASE, identifier: "with", source: { kind: "replica", sourceInstanceArn: SOURCE_ARN, promoted: false, sourceCredentials: credentials } });
      without = new Database("without", { ...DATABASE, identifier: "without", source: { kind: "replica", sourceInstanceArn: SOURCE_ARN, promoted: false } });
      return { secret: withCredentials.appSecrets()[0].secretArn, key: withCredentials.appSecrets()[0].kmsKeyArn, none: without.appSecrets().length };
    });
    expect(run.outputs).toEqual({ secret: credentials.secretArn, key: credentials.kmsKeyArn, none: 0 });
  });
});

const FAILOVER: DnsFailoverArgs = {
  hostedZoneId: "Z0123456789EXAMPLEPRD",
  domain: "app.example.com",
  primary: { dnsName: "primary-1.eu-west-1.elb.amazonaws.com", zoneId: "Z32O12XQLNTSW2" },
  secondary: { dnsName: "standby-1.eu-central-1.elb.amazonaws.com", zoneId: "Z215JYRZR1TBD5" },
  healthCheck: { fqdn: "primary-1.eu-west-1.elb.amazonaws.com", protocol: "HTTPS", path: "/healthz" },
};

describe("DnsFailover", () => {
  test("counts the worst-case switch as the failing checks, one more interval, Route 53's reaction and the alias TTL", () => {
    expect(worstCaseSwitchSeconds({ intervalSeconds: 10, failureThreshold: 3 })).toBe(10 * 4 + 60 + 60);
    expect(worstCaseSwitchSeconds({ intervalSeconds: 30, failureThreshold: 5 })).toBe(300);
  });

  test("refuses a check that could not switch within five minutes, and intervals Route 53 does not offer", () => {
    expect(validateDnsFailoverArgs({ ...FAILOVER, healthCheck: { ...FAILOVER.healthCheck, intervalSeconds: 30, failureThreshold: 6 } }).list).toEqual([
      "healthCheck.failureThreshold: 6 is not allowed (expected a threshold whose worst-case switch (330 s now) stays within 300 s)",
    ]);
    expect(validateDnsFailoverArgs({ ...FAILOVER, healthCheck: { ...FAILOVER.healthCheck, intervalSeconds: 15 } }).list).toContainEqual("healthCheck.intervalSeconds: 15 is not allowed (expected 10 or 30)");
  });

  test("creates one health check on the primary and a PRIMARY and a SECONDARY alias record that evaluate target health", async () => {
    const run = await runComponents(() => void new DnsFailover("failover", FAILOVER));
    expect(run.one("aws:route53/healthCheck:HealthCheck", "failover-primary").inputs).toMatchObject({ type: "HTTPS", port: 443, enableSni: true, resourcePath: "/healthz", requestInterval: 10, failureThreshold: 3 });
    const records = run.ofType("aws:route53/record:Record").map((r) => [r.inputs.setIdentifier, r.inputs.failoverRoutingPolicies[0].type, r.inputs.aliases[0].name, r.inputs.healthCheckId !== undefined]);
    expect(records.sort()).toEqual([
      ["primary", "PRIMARY", "primary-1.eu-west-1.elb.amazonaws.com", true],
      ["secondary", "SECONDARY", "standby-1.eu-central-1.elb.amazonaws.com", false],
    ]);
  });
});

describe("ImageReplication", () => {
  test("refuses duplicate regions and malformed repository prefixes", () => {
    expect(validateImageReplicationArgs({ regions: ["eu-central-1", "eu-central-1"], repositoryPrefixes: ["App/"] }).list).toEqual([
      'regions: ["eu-central-1","eu-central-1"] is not allowed (expected distinct regions)',
      'repositoryPrefixes: "App/" is not allowed (expected repository name prefixes: lowercase letters, digits, . _ / -)',
    ]);
  });

  test("replicates only the repositories named by prefix when prefixes are given", async () => {
    const run = await runComponents(() => void new ImageReplication("replication", { regions: ["eu-central-1", "eu-north-1"], repositoryPrefixes: ["app"] }));
    expect(run.one("aws:ecr/replicationConfiguration:ReplicationConfiguration", "replication").inputs.replicationConfiguration.rules).toEqual([
      {
        destinations: [
          { region: "eu-central-1", registryId: "123456789012" },
          { region: "eu-north-1", registryId: "123456789012" },
        ],
        repositoryFilters: [{ filter: "app", filterType: "PREFIX_MATCH" }],
      },
    ]);
  });
});
