/**
 * The manual RDS snapshot a release takes before its first update
 * (`platform:traffic.release.databaseSnapshot`): named after the image, waited
 * for until available, and older release snapshots expired after the
 * configured days. Any failure to take it is thrown, and the controller then
 * refuses the release (exit 3) with the stack unchanged.
 */
import type { DatabaseSnapshotConfig } from "../../stacks/config/traffic-release";
import { BEFORE_START, withRetries } from "./retry";
import { formatDuration } from "./strategy";
import { Clock, DatabaseBackups, isPermanent, messageOf, RELEASE_SNAPSHOT_TAG } from "./types";

/** RDS limits a manual snapshot identifier to 255 letters, digits and single hyphens, starting with a letter. */
const MAX_SNAPSHOT_ID_LENGTH = 255;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * `<instance>-pre-<repository>-<tag>`, or `...-sha256-<first 12 hex>` for a
 * digest: `app-prod-pre-app-1-4-2` for `.../app:1.4.2`. The same image always
 * gives the same name, so a resumed release finds its snapshot again.
 */
export function snapshotIdFor(instanceId: string, image: string): string {
  // A digest is the last part of a reference; its first 12 hex digits name it well enough.
  const reference = image.slice(image.lastIndexOf("/") + 1).replace(/@sha256:([0-9a-f]{12})[0-9a-f]*/, "-sha256-$1");
  // Each run of other characters becomes one hyphen, so at most one ends the id (a tag ending in a separator, or the cut).
  const id = `${instanceId}-pre-${reference}`.toLowerCase().replace(/[^a-z0-9]+/g, "-");
  return id.slice(0, MAX_SNAPSHOT_ID_LENGTH).replace(/-$/, "");
}

export interface SnapshotDependencies {
  readonly backups: DatabaseBackups;
  readonly clock: Clock;
  readonly print: (line: string) => void;
  /** How often to read the snapshot's status while it is being created. */
  readonly pollMs: number;
}

/** What the plan says about the snapshot, one line. */
export function describeSnapshot(instanceId: string, image: string, settings: DatabaseSnapshotConfig): string {
  return `Before the first update: a manual snapshot ${snapshotIdFor(instanceId, image)} of database ${instanceId}, kept ${settings.retentionDays} days (platform:traffic.release.databaseSnapshot); the release is refused if it fails.`;
}

class SnapshotFailed extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "SnapshotFailed";
  }
}

/** Takes (or finds) the release's snapshot and waits until it is available; throws naming what failed. */
export async function takePreReleaseSnapshot(deps: SnapshotDependencies, instanceId: string, image: string, settings: DatabaseSnapshotConfig): Promise<string> {
  const id = snapshotIdFor(instanceId, image);
  const call = <T>(what: string, request: () => Promise<T>) =>
    withRetries(request, {
      clock: deps.clock,
      policy: BEFORE_START,
      retryable: (error) => !isPermanent(error),
      onRetry: (error, attempt, delayMs) => deps.print(`cannot ${what} (attempt ${attempt} of ${BEFORE_START.attempts}): ${messageOf(error)}; retrying in ${formatDuration(delayMs)}`),
    });
  const fail = (why: string, cause?: unknown): never => {
    throw new SnapshotFailed(`the pre-release snapshot ${id} of database ${instanceId} failed: ${why}`, { cause });
  };

  let status: string | undefined;
  try {
    status = await call(`read snapshot ${id}`, () => deps.backups.snapshotStatus(id));
    if (status === undefined) {
      deps.print(`Snapshotting database ${instanceId} as ${id} before the first update.`);
      await call(`create snapshot ${id}`, () => deps.backups.createSnapshot(instanceId, id, { [RELEASE_SNAPSHOT_TAG]: "true", "platform:image": image }));
    } else {
      deps.print(`Snapshot ${id} of this image exists already (${status}); the release uses it.`);
    }
    const deadline = deps.clock.now().getTime() + settings.timeoutSeconds * 1000;
    for (;;) {
      status = await call(`read snapshot ${id}`, () => deps.backups.snapshotStatus(id));
      if (status === "available") break;
      if (status !== "creating" && status !== "pending") fail(`its status is ${status ?? "gone"} (expected available)`);
      const remaining = deadline - deps.clock.now().getTime();
      if (remaining <= 0) fail(`not available within ${formatDuration(settings.timeoutSeconds * 1000)} (still ${status})`);
      deps.print(`waiting for snapshot ${id}: ${status}; ${formatDuration(remaining)} left`);
      await deps.clock.sleep(Math.min(deps.pollMs, remaining));
    }
  } catch (error) {
    if (error instanceof SnapshotFailed) throw error;
    fail(messageOf(error), error);
  }
  deps.print(`Snapshot ${id} is available.`);
  await expireReleaseSnapshots(deps, instanceId, id, settings.retentionDays);
  return id;
}

/** Deletes the release's snapshots of the instance older than the retention, never `keep`; a failure is reported, not fatal. */
async function expireReleaseSnapshots(deps: SnapshotDependencies, instanceId: string, keep: string, retentionDays: number): Promise<void> {
  const cutoff = deps.clock.now().getTime() - retentionDays * DAY_MS;
  try {
    const expired = (await deps.backups.releaseSnapshots(instanceId)).filter((s) => s.id !== keep && s.createdAt.getTime() < cutoff);
    for (const snapshot of expired) {
      await deps.backups.deleteSnapshot(snapshot.id);
      deps.print(`Deleted release snapshot ${snapshot.id}, older than ${retentionDays} days.`);
    }
  } catch (error) {
    deps.print(`warning: could not expire old release snapshots of ${instanceId}: ${messageOf(error)}; delete them by hand`);
  }
}
