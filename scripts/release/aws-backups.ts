/**
 * {@link DatabaseBackups} over the RDS API (AWS SDK for JavaScript v3):
 * CreateDBSnapshot, DescribeDBSnapshots (whose snapshots carry their TagList)
 * and DeleteDBSnapshot. Errors name the snapshot or instance, the region and
 * AWS's error, as the health signal's do.
 */
import { CreateDBSnapshotCommand, DeleteDBSnapshotCommand, DescribeDBSnapshotsCommand, RDSClient } from "@aws-sdk/client-rds";
import { AwsClientSettings, callAws } from "./aws-call";
import { DatabaseBackups, RELEASE_SNAPSHOT_TAG, ReleaseSnapshot } from "./types";

export class AwsDatabaseBackups implements DatabaseBackups {
  constructor(
    private readonly rds: RDSClient,
    private readonly region: string,
  ) {}

  /** A client for `region` with the default credential chain. */
  static forRegion(region: string, settings: AwsClientSettings = {}): AwsDatabaseBackups {
    return new AwsDatabaseBackups(new RDSClient({ region, ...settings }), region);
  }

  async snapshotStatus(snapshotId: string): Promise<string | undefined> {
    try {
      const output = await callAws(`snapshot ${snapshotId}`, this.region, () => this.rds.send(new DescribeDBSnapshotsCommand({ DBSnapshotIdentifier: snapshotId })));
      return output.DBSnapshots?.find((s) => s.DBSnapshotIdentifier === snapshotId)?.Status;
    } catch (error) {
      // RDS answers DBSnapshotNotFound for an id nobody has used: the SDK's DBSnapshotNotFoundFault, or an
      // error named after the wire code when the SDK cannot map it to its class.
      const cause = (error as { cause?: { name?: string } }).cause;
      if (cause?.name === "DBSnapshotNotFoundFault" || cause?.name === "DBSnapshotNotFound") return undefined;
      throw error;
    }
  }

  async createSnapshot(instanceId: string, snapshotId: string, tags: Readonly<Record<string, string>>): Promise<void> {
    await callAws(`snapshot ${snapshotId} of DB instance ${instanceId}`, this.region, () =>
      this.rds.send(
        new CreateDBSnapshotCommand({ DBInstanceIdentifier: instanceId, DBSnapshotIdentifier: snapshotId, Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) }),
      ),
    );
  }

  async releaseSnapshots(instanceId: string): Promise<readonly ReleaseSnapshot[]> {
    const found: ReleaseSnapshot[] = [];
    let marker: string | undefined;
    do {
      const output = await callAws(`snapshots of DB instance ${instanceId}`, this.region, () =>
        this.rds.send(new DescribeDBSnapshotsCommand({ DBInstanceIdentifier: instanceId, SnapshotType: "manual", Marker: marker })),
      );
      for (const snapshot of output.DBSnapshots ?? []) {
        if (!snapshot.DBSnapshotIdentifier || !snapshot.SnapshotCreateTime) continue;
        if ((snapshot.TagList ?? []).some((t) => t.Key === RELEASE_SNAPSHOT_TAG && t.Value === "true")) {
          found.push({ id: snapshot.DBSnapshotIdentifier, createdAt: new Date(snapshot.SnapshotCreateTime) });
        }
      }
      marker = output.Marker;
    } while (marker);
    return found;
  }

  async deleteSnapshot(snapshotId: string): Promise<void> {
    await callAws(`snapshot ${snapshotId}`, this.region, () => this.rds.send(new DeleteDBSnapshotCommand({ DBSnapshotIdentifier: snapshotId })));
  }
}
