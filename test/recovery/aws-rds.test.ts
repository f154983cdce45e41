/**
 * The failover's and the drill's RDS reads (`AwsDatabaseSignal`) against a
 * real RDS API: moto 5.2.1 on a loopback port (test/release/aws-emulator.ts),
 * a writer, a cross-region read replica of it and a snapshot created through
 * the API. Skipped with one line without moto; under CI=true it fails instead.
 */
import { CreateDBInstanceCommand, CreateDBInstanceReadReplicaCommand, CreateDBSnapshotCommand, RDSClient } from "@aws-sdk/client-rds";
import { AwsDatabaseSignal } from "../../scripts/recovery/aws-rds";
import { AwsClientSettings } from "../../scripts/release/aws-health";
import { HealthReadError } from "../../scripts/release/types";
import { DUMMY_CREDENTIALS, Emulator, MOTO, motoMissing, startMoto } from "../release/aws-emulator";

const PRIMARY = "eu-west-1";
const STANDBY = "eu-central-1";
const missing = motoMissing();

if (missing && process.env.CI === "true") {
  test("moto is installed: under CI=true the AWS emulator tests may not be skipped", () => {
    throw new Error(`${missing}; CI installs it with pip install '${MOTO}'`);
  });
} else if (missing) {
  process.stderr.write(`test/recovery/aws-rds.test.ts skipped: ${missing}.\n`);
  test.skip("the recovery's RDS reads against moto", () => undefined);
} else {
  describe("the recovery's RDS reads against moto", () => {
    let moto: Emulator;
    let settings: AwsClientSettings;
    let writerArn = "";

    beforeAll(async () => {
      moto = await startMoto();
      settings = { endpoint: moto.endpoint, credentials: DUMMY_CREDENTIALS, maxAttempts: 1 };
      const primary = new RDSClient({ region: PRIMARY, ...settings });
      const writer = await primary.send(
        new CreateDBInstanceCommand({
          DBInstanceIdentifier: "platform-prod",
          Engine: "postgres",
          DBInstanceClass: "db.r7g.large",
          AllocatedStorage: 100,
          MasterUsername: "app_admin",
          MasterUserPassword: "not-a-real-password-1",
          BackupRetentionPeriod: 30,
          StorageEncrypted: true,
        }),
      );
      writerArn = writer.DBInstance!.DBInstanceArn!;
      await primary.send(new CreateDBSnapshotCommand({ DBInstanceIdentifier: "platform-prod", DBSnapshotIdentifier: "platform-prod-manual" }));
      await new RDSClient({ region: STANDBY, ...settings }).send(
        new CreateDBInstanceReadReplicaCommand({ DBInstanceIdentifier: "platform-prod-dr", SourceDBInstanceIdentifier: writerArn, DBInstanceClass: "db.r7g.large", KmsKeyId: "alias/aws/rds" }),
      );
    }, 60_000);

    afterAll(async () => {
      await moto?.stop();
    });

    test("reads a cross-region replica as available and replicating its source", async () => {
      const status = await AwsDatabaseSignal.forRegion(STANDBY, settings).database("platform-prod-dr");
      expect(status).toMatchObject({ identifier: "platform-prod-dr", status: "available" });
      expect(status.replicaOf).toBe(writerArn);
    });

    test("reads a writer as no replica", async () => {
      const status = await AwsDatabaseSignal.forRegion(PRIMARY, settings).database("platform-prod");
      expect(status).toMatchObject({ identifier: "platform-prod", status: "available", replicaOf: undefined, replication: undefined });
    });

    test("reads when a snapshot's data is from", async () => {
      const snapshot = await AwsDatabaseSignal.forRegion(PRIMARY, settings).snapshot("platform-prod-manual");
      expect(snapshot.status).toBe("available");
      expect(snapshot.dataAsOf).toBeInstanceOf(Date);
    });

    test("a missing instance is a permanent read failure naming it and the region", async () => {
      const read = AwsDatabaseSignal.forRegion(STANDBY, settings).database("platform-prod");
      await expect(read).rejects.toThrow(HealthReadError);
      await expect(read).rejects.toMatchObject({ transient: false, message: expect.stringMatching(/^DB instance platform-prod in eu-central-1: DBInstanceNotFound/) });
    });
  });
}
