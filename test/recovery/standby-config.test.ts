import { sourceProblems } from "../../components/database";
import { ConfigError } from "../../stacks/config";
import { PRIMARY_OUTPUT } from "../../stacks/standby";
import { configProblems, MINIMAL_CONFIG, MOCK_ORGANIZATION, readStackConfig, RunOptions, runProgram } from "../harness";

// Bad input fails at preview (the program's run, which `pulumi preview` and `npm run preview` do), naming the key
// and what is allowed: the configuration's own rules when it is parsed, the rules against the primary once its
// outputs are read.
const PROD = `${MOCK_ORGANIZATION}/platform/prod`;

async function standbyProblems(overrides: Record<string, unknown>, stackReferences?: RunOptions["stackReferences"]): Promise<readonly string[]> {
  try {
    await runProgram({ stack: "prod-dr", overrides, stackReferences });
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error("the run succeeded");
}

// prod, which every standby run here reads, once before the tests, with time for a loaded machine.
beforeAll(() => runProgram({ stack: "prod" }), 180_000);

const withConfig = (extra: Record<string, string>) => configProblems({ ...MINIMAL_CONFIG, ...extra });
const prodDr = readStackConfig("prod-dr").values;
const parseProdDr = (key: string, value: unknown) => configProblems({ ...prodDr, [key]: JSON.stringify(value) });

describe("a standby against its primary", () => {
  test("refuses a DR region equal to the primary's, naming aws:region and the primary's region", async () => {
    expect(await standbyProblems({ "aws:region": "eu-west-1" })).toEqual([expect.stringMatching(/^aws:region: "eu-west-1" is not allowed \(expected a region other than the primary's, eu-west-1 of stack organization\/platform\/prod/)]);
  });

  test("refuses a region the primary does not replicate its images to", async () => {
    expect(await standbyProblems({ "aws:region": "us-east-1" })).toEqual([expect.stringMatching(/^aws:region: "us-east-1" is not allowed \(expected one of the primary's platform:disasterRecovery.standbyRegions, \["eu-central-1"\]/)]);
  });

  test("refuses a standby scale above the primary's minimum", async () => {
    expect(await standbyProblems({ "platform:disasterRecovery": { standby: { count: 4 } } })).toEqual([
      "platform:disasterRecovery.standby.count: 4 is not allowed (expected at most 3, the primary's platform:compute.scaling.minCount)",
    ]);
  });

  test("refuses another engine version than the replica's source runs", async () => {
    expect(await standbyProblems({ "platform:database": { engineVersion: "16" } })).toEqual([expect.stringMatching(/^platform:database.engineVersion: "16" is not allowed \(expected "17", the primary's/)]);
  });

  test("refuses a primary stack without the disasterRecovery output, naming the stack reference's key", async () => {
    // dev is a stack of this program, but not a primary: no standbyRegions, so no output for standbys.
    expect(await standbyProblems({ "platform:disasterRecovery": { standby: { primary: { stack: "dev" } } } })).toEqual([
      `platform:disasterRecovery.standby.primary: stack ${MOCK_ORGANIZATION}/platform/dev has no output ${PRIMARY_OUTPUT} (expected a stack of this program deployed with platform:disasterRecovery.standbyRegions set)`,
    ]);
  });

  test("refuses a primary whose output lacks a field, naming the field", async () => {
    const prod = await runProgram({ stack: "prod" });
    const contract = prod.outputs[PRIMARY_OUTPUT];
    const database = Object.fromEntries(Object.entries(contract.database).filter(([key]) => key !== "arn"));
    const problems = await standbyProblems({}, { [PROD]: { outputs: { ...prod.outputs, [PRIMARY_OUTPUT]: { ...contract, database } } } });
    expect(problems).toEqual([expect.stringMatching(/^platform:disasterRecovery.standby.primary: stack organization\/platform\/prod has no usable output disasterRecovery.database.arn \(expected an ARN/)]);
  });

  test("reads a secret output of the primary as well as a plain one", async () => {
    const prod = await runProgram({ stack: "prod" });
    const run = await runProgram({ stack: "prod-dr", stackReferences: { [PROD]: { outputs: prod.outputs, secretOutputNames: [PRIMARY_OUTPUT] } } });
    expect(run.one("aws:rds/instance:Instance", "database").inputs.replicateSourceDb).toBe(prod.outputs.database.arn);
  });
});

describe("a standby's own configuration", () => {
  test("refuses the primary's name and zone in the standby's file: the standby serves the primary's", () => {
    expect(parseProdDr("platform:traffic", { domain: "dr.example.com", hostedZoneId: "Z0123456789EXAMPLEDR" })).toEqual([
      "platform:traffic.domain: is not allowed in a standby (expected no value: the standby serves the primary's domain)",
      "platform:traffic.hostedZoneId: is not allowed in a standby (expected no value: the standby's failover records go into the primary's hosted zone)",
    ]);
  });

  test("refuses an RDS Proxy and read replicas while the database replicates, and accepts them once promoted", () => {
    const database = JSON.parse(prodDr["platform:database"]);
    expect(parseProdDr("platform:database", { ...database, proxy: true, readReplicas: 1 })).toEqual([
      expect.stringMatching(/^platform:database.proxy: true is not allowed while platform:disasterRecovery.standby.stage is "standby" \(expected false/),
      expect.stringMatching(/^platform:database.readReplicas: 1 is not allowed while platform:disasterRecovery.standby.stage is "standby" \(expected 0/),
    ]);
    const promoted = { ...prodDr, "platform:database": JSON.stringify({ ...database, proxy: true, readReplicas: 1 }), "platform:disasterRecovery": JSON.stringify({ standby: { primary: { stack: "prod" }, stage: "database-promoted" } }) };
    expect(configProblems(promoted)).toEqual([]);
  });

  test("refuses backup replication of a database that is still a replica", () => {
    const database = JSON.parse(prodDr["platform:database"]);
    expect(parseProdDr("platform:database", { ...database, drRegion: "eu-west-2" })).toEqual([
      'platform:database.drRegion: "eu-west-2" is not allowed while platform:disasterRecovery.standby.stage is "standby" (expected no value: a replica has no automated backups to replicate)',
    ]);
  });

  test("refuses a health check whose worst-case switch exceeds five minutes, naming the largest threshold allowed", () => {
    const problems = parseProdDr("platform:disasterRecovery", { standby: { primary: { stack: "prod" }, healthCheck: { intervalSeconds: 30, failureThreshold: 6 } } });
    expect(problems).toEqual([
      "platform:disasterRecovery.standby.healthCheck.failureThreshold: 6 is not allowed (expected at most 5 with intervalSeconds 30 (the switch would take up to 330 s; it must stay within 300 s))",
    ]);
  });

  test("refuses a failover stage that does not exist, listing the stages", () => {
    expect(parseProdDr("platform:disasterRecovery", { standby: { primary: { stack: "prod" }, stage: "promoted" } })).toEqual([
      'platform:disasterRecovery.standby.stage: "promoted" is not allowed (expected "standby" | "database-promoted" | "app-scaled" | "serving")',
    ]);
  });

  test("refuses a restore in a standby: its database replicates the primary's", () => {
    const database = JSON.parse(prodDr["platform:database"]);
    expect(parseProdDr("platform:database", { ...database, restore: { snapshot: "platform-prod-final" } })).toEqual([
      "platform:database.restore: is not allowed in a standby (expected no value: the standby's database replicates the primary's)",
    ]);
  });
});

describe("a primary's configuration", () => {
  test("refuses its own region as a standby region", () => {
    expect(withConfig({ "platform:traffic": '{"domain":"app.example.com","hostedZoneId":"Z0123456789EXAMPLEPRD"}', "platform:disasterRecovery": '{"standbyRegions":["eu-west-1"]}' })).toEqual([
      'platform:disasterRecovery.standbyRegions: ["eu-west-1"] is not allowed (expected regions other than aws:region eu-west-1: a standby in the same region shares its outage)',
    ]);
  });

  test("refuses standby regions without a domain and zone for the standby's failover records", () => {
    expect(withConfig({ "platform:disasterRecovery": '{"standbyRegions":["eu-central-1"]}' })).toEqual([expect.stringMatching(/^platform:disasterRecovery.standbyRegions: \["eu-central-1"\] is not allowed without platform:traffic.domain and hostedZoneId/)]);
  });
});

describe("platform:database.restore", () => {
  const NOW = new Date("2026-11-23T15:00:00Z");

  test("accepts the latest restorable time and any time within the backup retention", () => {
    expect(sourceProblems({ kind: "pointInTime", sourceIdentifier: "platform-prod", restoreTime: "latest" }, 30, NOW)).toEqual([]);
    expect(sourceProblems({ kind: "pointInTime", sourceIdentifier: "platform-prod", restoreTime: "2026-10-25T15:00:00Z" }, 30, NOW)).toEqual([]);
  });

  test.each([
    ["older than the retention", "2026-10-24T14:59:59Z"],
    ["in the future", "2026-11-23T15:00:01Z"],
  ])("refuses a restore point %s, naming the window", (_what, time) => {
    expect(sourceProblems({ kind: "pointInTime", sourceIdentifier: "platform-prod", restoreTime: time }, 30, NOW)).toEqual([
      {
        argument: "pointInTime",
        value: time,
        allowed: 'a time within the last 30 days of automated backups (backupRetentionDays), from 2026-10-24T15:00:00Z to now (2026-11-23T15:00:00Z), or "latest"',
      },
    ]);
  });

  test("refuses a time that is not UTC ISO 8601", () => {
    expect(sourceProblems({ kind: "pointInTime", sourceIdentifier: "platform-prod", restoreTime: "2026-11-23 14:00" }, 30, NOW)[0]).toMatchObject({ argument: "pointInTime", value: "2026-11-23 14:00" });
  });

  test("fails the stack's configuration naming platform:database.restore.pointInTime", () => {
    const old = new Date(Date.now() - 40 * 86_400_000).toISOString();
    expect(withConfig({ "platform:database": JSON.stringify({ backupRetentionDays: 7, restore: { pointInTime: old, sourceIdentifier: "platform-prod" } }) })).toEqual([
      expect.stringMatching(new RegExp(`^platform:database.restore.pointInTime: "${old.replace(/[.]/g, "\\.")}" is not allowed \\(expected a time within the last 7 days of automated backups`)),
    ]);
  });

  test.each([
    [{ snapshot: "platform-prod-final", pointInTime: "latest", sourceIdentifier: "platform-prod" }, "platform:database.restore:"],
    [{ pointInTime: "latest" }, "platform:database.restore.sourceIdentifier: is required"],
    [{ snapshot: "platform-prod-final", sourceIdentifier: "platform-prod" }, "platform:database.restore.sourceIdentifier:"],
    [{ snapshot: "final snapshot!" }, "platform:database.restore.snapshot:"],
  ])("refuses %j, naming the key", (restore, key) => {
    const problems = withConfig({ "platform:database": JSON.stringify({ restore }) });
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.filter((p) => !p.startsWith("platform:database.restore"))).toEqual([]);
    expect(problems).toContainEqual(expect.stringContaining(key));
  });
});
