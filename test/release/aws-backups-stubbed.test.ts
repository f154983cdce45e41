/**
 * The pre-release snapshot's RDS adapter, `AwsDatabaseBackups`, with a stubbed
 * client: paging, the release-tag filter, both not-found answers and the
 * messages of failed calls. moto stamps every snapshot with the real time and
 * answers in one page; aws-backups.test.ts runs the adapter against it.
 */
import { CreateDBSnapshotCommand, DBSnapshotNotFoundFault, DeleteDBSnapshotCommand, DescribeDBSnapshotsCommand, RDSClient } from "@aws-sdk/client-rds";
import { AwsDatabaseBackups } from "../../scripts/release/aws-backups";
import { sdkError } from "./aws-errors";

describe("AwsDatabaseBackups", () => {
  const rds = new RDSClient({ region: "eu-west-1" });
  const backups = new AwsDatabaseBackups(rds, "eu-west-1");
  const RELEASE_TAG = [{ Key: "platform:release-snapshot", Value: "true" }];
  afterEach(() => jest.restoreAllMocks());

  test("lists the instance's manual snapshots page by page and keeps those tagged as release snapshots", async () => {
    const pages = [
      {
        DBSnapshots: [
          { DBSnapshotIdentifier: "pre-app-1-0-0", SnapshotCreateTime: new Date("2026-10-01T00:00:00Z"), TagList: RELEASE_TAG },
          { DBSnapshotIdentifier: "by-hand", SnapshotCreateTime: new Date("2026-09-01T00:00:00Z"), TagList: [{ Key: "owner", Value: "dba" }] },
          { DBSnapshotIdentifier: "tag-false", SnapshotCreateTime: new Date("2026-09-01T00:00:00Z"), TagList: [{ Key: "platform:release-snapshot", Value: "false" }] },
          { DBSnapshotIdentifier: "other-tag-true", SnapshotCreateTime: new Date("2026-09-01T00:00:00Z"), TagList: [{ Key: "backup", Value: "true" }] },
        ],
        Marker: "page-2",
      },
      {
        DBSnapshots: [
          { DBSnapshotIdentifier: "pre-app-1-1-0", SnapshotCreateTime: new Date("2026-11-01T00:00:00Z"), TagList: RELEASE_TAG },
          { DBSnapshotIdentifier: "still-starting", TagList: RELEASE_TAG },
          { SnapshotCreateTime: new Date("2026-11-02T00:00:00Z"), TagList: RELEASE_TAG },
          { DBSnapshotIdentifier: "untagged", SnapshotCreateTime: new Date("2026-11-03T00:00:00Z") },
        ],
      },
    ];
    const send = jest.spyOn(rds, "send").mockImplementation(async () => pages.shift());
    expect(await backups.releaseSnapshots("platform-prod")).toEqual([
      { id: "pre-app-1-0-0", createdAt: new Date("2026-10-01T00:00:00Z") },
      { id: "pre-app-1-1-0", createdAt: new Date("2026-11-01T00:00:00Z") },
    ]);
    expect(send.mock.calls.map(([command]) => (command as DescribeDBSnapshotsCommand).input)).toEqual([
      { DBInstanceIdentifier: "platform-prod", SnapshotType: "manual", Marker: undefined },
      { DBInstanceIdentifier: "platform-prod", SnapshotType: "manual", Marker: "page-2" },
    ]);
  });

  test("reads a snapshot's status by its identifier, ignoring any other snapshot in the answer", async () => {
    const send = jest.spyOn(rds, "send").mockImplementation(async () => ({
      DBSnapshots: [
        { DBSnapshotIdentifier: "other", Status: "available" },
        { DBSnapshotIdentifier: "pre-app-1-1-0", Status: "creating" },
      ],
    }));
    expect(await backups.snapshotStatus("pre-app-1-1-0")).toBe("creating");
    expect((send.mock.calls[0][0] as DescribeDBSnapshotsCommand).input).toEqual({ DBSnapshotIdentifier: "pre-app-1-1-0" });
    send.mockImplementation(async () => ({ DBSnapshots: [{ DBSnapshotIdentifier: "other", Status: "available" }] }));
    expect(await backups.snapshotStatus("pre-app-1-1-0")).toBeUndefined();
  });

  test.each([
    ["the SDK's DBSnapshotNotFoundFault", new DBSnapshotNotFoundFault({ message: "DBSnapshot pre-app-1-1-0 not found.", $metadata: { httpStatusCode: 404 } })],
    ["an error named after the wire code", sdkError("DBSnapshotNotFound", "DBSnapshot pre-app-1-1-0 not found.", 404)],
  ])("an unknown snapshot identifier (%s) reads as no snapshot", async (_label, notFound) => {
    jest.spyOn(rds, "send").mockImplementation(async () => {
      throw notFound;
    });
    expect(await backups.snapshotStatus("pre-app-1-1-0")).toBeUndefined();
  });

  test("any other failure to read a snapshot is thrown, naming the snapshot and the region", async () => {
    jest.spyOn(rds, "send").mockImplementation(async () => {
      throw sdkError("AccessDenied", "User is not authorized to perform rds:DescribeDBSnapshots", 403);
    });
    await expect(backups.snapshotStatus("pre-app-1-1-0")).rejects.toMatchObject({
      name: "HealthReadError",
      transient: false,
      message: "snapshot pre-app-1-1-0 in eu-west-1: AccessDenied: User is not authorized to perform rds:DescribeDBSnapshots",
    });
  });

  test("creates a snapshot with the release's tags and deletes one by its identifier", async () => {
    const send = jest.spyOn(rds, "send").mockImplementation(async () => ({}));
    await backups.createSnapshot("platform-prod", "pre-app-1-1-0", { "platform:release-snapshot": "true", "platform:image": "app:1.1.0" });
    await backups.deleteSnapshot("pre-app-1-0-0");
    const [create, remove] = send.mock.calls.map(([command]) => command);
    expect(create).toBeInstanceOf(CreateDBSnapshotCommand);
    expect((create as CreateDBSnapshotCommand).input).toEqual({
      DBInstanceIdentifier: "platform-prod",
      DBSnapshotIdentifier: "pre-app-1-1-0",
      Tags: [
        { Key: "platform:release-snapshot", Value: "true" },
        { Key: "platform:image", Value: "app:1.1.0" },
      ],
    });
    expect(remove).toBeInstanceOf(DeleteDBSnapshotCommand);
    expect((remove as DeleteDBSnapshotCommand).input).toEqual({ DBSnapshotIdentifier: "pre-app-1-0-0" });
  });

  test("a failed call names what it was about: the snapshot, the instance and the region", async () => {
    jest.spyOn(rds, "send").mockImplementation(async () => {
      throw sdkError("InvalidDBInstanceState", "DB instance platform-prod is not in available state", 400);
    });
    const rdsSays = "InvalidDBInstanceState: DB instance platform-prod is not in available state";
    await expect(backups.createSnapshot("platform-prod", "pre-app-1-1-0", {})).rejects.toThrow(`snapshot pre-app-1-1-0 of DB instance platform-prod in eu-west-1: ${rdsSays}`);
    await expect(backups.releaseSnapshots("platform-prod")).rejects.toThrow(`snapshots of DB instance platform-prod in eu-west-1: ${rdsSays}`);
    await expect(backups.deleteSnapshot("pre-app-1-0-0")).rejects.toThrow(`snapshot pre-app-1-0-0 in eu-west-1: ${rdsSays}`);
  });
});
