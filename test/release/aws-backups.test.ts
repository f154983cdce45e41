/**
 * The pre-release snapshot's RDS side against a real RDS API: moto 5.2.1 on a
 * loopback port (CreateDBInstance, CreateDBSnapshot, DescribeDBSnapshots,
 * DeleteDBSnapshot), driven through the real adapter, `AwsDatabaseBackups`,
 * by the controller; the Pulumi side and the health signal are in memory.
 * moto makes a snapshot `available` at once, so the wait for `creating` is
 * covered with the in-memory backups in snapshot.test.ts.
 */
import { CreateDBInstanceCommand, DescribeDBSnapshotsCommand, RDSClient } from "@aws-sdk/client-rds";
import { AwsDatabaseBackups } from "../../scripts/release/aws-backups";
import { ControllerDependencies, EXIT_CODES, ReleaseController } from "../../scripts/release/controller";
import { snapshotIdFor } from "../../scripts/release/snapshot";
import { trafficSchema } from "../../stacks/config/traffic";
import { describeWithMoto, useMoto } from "./aws-emulator";
import { FakeClock, InMemoryStack, NEW, ScriptedHealth, snapshot } from "./fakes";

const REGION = "eu-west-1";
const INSTANCE = "platform-prod";
describeWithMoto("test/release/aws-backups.test.ts", "the pre-release snapshot against moto", () => {
  const moto = useMoto();
  let rds: RDSClient;

  beforeAll(async () => {
    rds = new RDSClient({ region: REGION, ...moto.settings });
    await rds.send(
      new CreateDBInstanceCommand({ DBInstanceIdentifier: INSTANCE, DBInstanceClass: "db.t4g.medium", Engine: "postgres", MasterUsername: "app_admin", MasterUserPassword: "not-a-real-password", AllocatedStorage: 20 }),
    );
  });

  function release(databaseIdentifier: string) {
    const stack = new InMemoryStack({ ...snapshot(), databaseIdentifier });
    stack.traffic = trafficSchema.parse({ release: { databaseSnapshot: { enabled: true } } });
    const lines: string[] = [];
    const deps: ControllerDependencies = { stack, health: new ScriptedHealth(), backups: AwsDatabaseBackups.forRegion(REGION, moto.settings), clock: new FakeClock(), print: (l) => lines.push(l) };
    return { stack, lines, run: () => new ReleaseController(deps).run({ kind: "release", image: NEW }) };
  }

  test("a release creates the snapshot through the RDS API, tagged as a release snapshot, before its first update", async () => {
    const r = release(INSTANCE);
    const outcome = await r.run();
    expect(outcome.status).toBe("released");
    const { DBSnapshots } = await rds.send(new DescribeDBSnapshotsCommand({ DBSnapshotIdentifier: snapshotIdFor(INSTANCE, NEW) }));
    expect(DBSnapshots?.map((s) => [s.DBInstanceIdentifier, s.Status, s.SnapshotType])).toEqual([[INSTANCE, "available", "manual"]]);
    expect(DBSnapshots?.[0].TagList).toEqual(expect.arrayContaining([{ Key: "platform:release-snapshot", Value: "true" }]));
    expect(await AwsDatabaseBackups.forRegion(REGION, moto.settings).releaseSnapshots(INSTANCE)).toEqual([expect.objectContaining({ id: snapshotIdFor(INSTANCE, NEW) })]);
  });

  test("an id no snapshot has reads as no snapshot, not as a failure", async () => {
    expect(await AwsDatabaseBackups.forRegion(REGION, moto.settings).snapshotStatus("platform-prod-pre-never-taken")).toBeUndefined();
  });

  test("a database RDS does not know is refused (exit 3) with RDS's error, and the stack is not updated", async () => {
    const r = release("platform-gone");
    const outcome = await r.run();
    expect(outcome.status).toBe("refused");
    expect(EXIT_CODES[outcome.status]).toBe(3);
    expect(outcome.status === "refused" && outcome.reason).toMatch(/the pre-release snapshot platform-gone-pre-app-1-1-0 of database platform-gone failed: .*DBInstanceNotFound/);
    expect(r.stack.updates).toEqual([]);
  });
});
