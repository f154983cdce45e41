/**
 * What the failover and the drill read of RDS: an instance's status, whether
 * it still replicates, its latest restorable time, and when a snapshot's data
 * is from. Over `DescribeDBInstances` / `DescribeDBSnapshots`; a failed call
 * is a `HealthReadError` as for the release's reads (`callAws`).
 */
import { DescribeDBInstancesCommand, DescribeDBSnapshotsCommand, RDSClient } from "@aws-sdk/client-rds";
import { AwsClientSettings, callAws } from "../release/aws-call";
import { HealthReadError } from "../release/types";

export interface DatabaseStatus {
  readonly identifier: string;
  /** `DBInstanceStatus`: `available`, `modifying`, `backing-up`, ... */
  readonly status: string;
  /** The source a read replica replicates (`ReadReplicaSourceDBInstanceIdentifier`, an ARN across regions); undefined for a writer. */
  readonly replicaOf?: string;
  /**
   * The read replication status (`StatusInfos` of type `read replication`:
   * replicating, replication stop point set or reached, error, stopped,
   * terminated) with its message; undefined for a writer.
   */
  readonly replication?: { readonly status: string; readonly normal: boolean; readonly message?: string };
  /** The latest time the instance can be restored to (`LatestRestorableTime`); undefined without backups. */
  readonly latestRestorableTime?: Date;
}

export interface SnapshotStatus {
  readonly identifier: string;
  readonly status: string;
  /** The last transaction the snapshot holds (`SnapshotDatabaseTime`), else when it was taken (`SnapshotCreateTime`). */
  readonly dataAsOf?: Date;
}

export interface DatabaseSignal {
  database(identifier: string): Promise<DatabaseStatus>;
  snapshot(identifier: string): Promise<SnapshotStatus>;
}

export class AwsDatabaseSignal implements DatabaseSignal {
  constructor(
    private readonly rds: RDSClient,
    private readonly region: string,
  ) {}

  /** A client for `region` with the default credential chain. */
  static forRegion(region: string, settings: AwsClientSettings = {}): AwsDatabaseSignal {
    return new AwsDatabaseSignal(new RDSClient({ region, ...settings }), region);
  }

  async database(identifier: string): Promise<DatabaseStatus> {
    const output = await callAws(`DB instance ${identifier}`, this.region, () => this.rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: identifier })));
    const instance = output.DBInstances?.find((i) => i.DBInstanceIdentifier === identifier);
    if (!instance) throw new HealthReadError(`DB instance ${identifier} not found in ${this.region}`, false);
    const replication = instance.StatusInfos?.find((info) => info.StatusType === "read replication");
    return {
      identifier,
      status: instance.DBInstanceStatus ?? "unknown",
      replicaOf: instance.ReadReplicaSourceDBInstanceIdentifier,
      replication: replication ? { status: replication.Status ?? "unknown", normal: replication.Normal ?? false, message: replication.Message || undefined } : undefined,
      latestRestorableTime: instance.LatestRestorableTime,
    };
  }

  async snapshot(identifier: string): Promise<SnapshotStatus> {
    const output = await callAws(`DB snapshot ${identifier}`, this.region, () => this.rds.send(new DescribeDBSnapshotsCommand({ DBSnapshotIdentifier: identifier })));
    const snapshot = output.DBSnapshots?.[0];
    if (!snapshot) throw new HealthReadError(`DB snapshot ${identifier} not found in ${this.region}`, false);
    return { identifier, status: snapshot.Status ?? "unknown", dataAsOf: snapshot.SnapshotDatabaseTime ?? snapshot.SnapshotCreateTime };
  }
}
