/**
 * `takePreReleaseSnapshot` on its own, with the in-memory backups and a fake
 * clock: every line it prints, how it retries, how long it sleeps and what
 * it expires. snapshot.test.ts covers the same step through the controller.
 */
import { SnapshotDependencies, snapshotIdFor, takePreReleaseSnapshot } from "../../scripts/release/snapshot";
import { HealthReadError } from "../../scripts/release/types";
import { trafficSchema } from "../../stacks/config/traffic";
import { FakeClock, InMemoryBackups, NEW } from "./fakes";

const DATABASE = "platform-prod";
const ID = snapshotIdFor(DATABASE, NEW);
const POLL_MS = 15_000;

function setup(databaseSnapshot: object = {}) {
  const clock = new FakeClock();
  const backups = new InMemoryBackups(clock);
  const lines: string[] = [];
  const deps: SnapshotDependencies = { backups, clock, print: (line) => lines.push(line), pollMs: POLL_MS };
  const settings = trafficSchema.parse({ release: { databaseSnapshot: { enabled: true, retentionDays: 30, ...databaseSnapshot } } }).release.databaseSnapshot;
  const take = () => takePreReleaseSnapshot(deps, DATABASE, NEW, settings);
  return { clock, backups, lines, take };
}

/** The step's failure, which the controller turns into a refusal. */
async function failureOf(take: () => Promise<string>): Promise<Error> {
  const failure = await take().then(
    () => undefined,
    (error: unknown) => error,
  );
  if (!(failure instanceof Error)) throw new Error(`expected the snapshot step to fail, got ${String(failure)}`);
  return failure;
}

/** Makes the backups' `method` throw `error` on the calls numbered in `failing` (1-based), and counts every call. */
function failOn<K extends "snapshotStatus" | "createSnapshot" | "releaseSnapshots">(backups: InMemoryBackups, method: K, failing: readonly number[], error: Error): { calls: number } {
  const original = backups[method].bind(backups) as (...args: unknown[]) => Promise<unknown>;
  const counter = { calls: 0 };
  (backups as unknown as Record<K, (...args: unknown[]) => Promise<unknown>>)[method] = async (...args: unknown[]) => {
    counter.calls += 1;
    if (failing.includes(counter.calls)) throw error;
    return original(...args);
  };
  return counter;
}

const transient = (message: string) => new HealthReadError(message, true);
const permanent = (message: string) => new HealthReadError(message, false);

describe("the pre-release snapshot, step by step", () => {
  test("a new snapshot is created, polled while creating, and reported available, each step printed", async () => {
    const { backups, clock, lines, take } = setup();
    backups.creatingReads = 2;
    expect(await take()).toBe(ID);
    expect(lines).toEqual([
      `Snapshotting database ${DATABASE} as ${ID} before the first update.`,
      `waiting for snapshot ${ID}: creating; 1h left`,
      `waiting for snapshot ${ID}: creating; 59m45s left`,
      `Snapshot ${ID} is available.`,
    ]);
    expect(clock.sleeps).toEqual([POLL_MS, POLL_MS]);
  });

  test("a snapshot RDS reports as pending is waited for like one that is creating", async () => {
    const { backups, lines, take } = setup();
    backups.addOld(DATABASE, ID, 0);
    const statuses = ["pending", "pending", "available"];
    backups.snapshotStatus = async () => statuses.shift();
    expect(await take()).toBe(ID);
    expect(lines).toEqual([
      `Snapshot ${ID} of this image exists already (pending); the release uses it.`,
      `waiting for snapshot ${ID}: pending; 1h left`,
      `Snapshot ${ID} is available.`,
    ]);
  });

  test("a snapshot not available in time fails the step once, with the timeout and its last status", async () => {
    const { backups, clock, take } = setup({ timeoutSeconds: 60 });
    backups.creatingReads = 1000;
    const failure = await failureOf(take);
    expect(failure.message).toBe(`the pre-release snapshot ${ID} of database ${DATABASE} failed: not available within 1m (still creating)`);
    expect(clock.sleeps).toEqual([POLL_MS, POLL_MS, POLL_MS, POLL_MS]);
    expect(clock.elapsedMs).toBe(60_000);
  });

  test("a wait longer than the time left sleeps only what is left", async () => {
    const { backups, clock, take } = setup({ timeoutSeconds: 100 });
    backups.creatingReads = 1000;
    await failureOf(take);
    expect(clock.sleeps).toEqual([POLL_MS, POLL_MS, POLL_MS, POLL_MS, POLL_MS, POLL_MS, 10_000]);
  });

  test("a snapshot that disappears while being waited for fails the step, named as gone", async () => {
    const { backups, take } = setup();
    const statuses = [undefined, "creating", undefined];
    backups.snapshotStatus = async () => statuses.shift();
    const failure = await failureOf(take);
    expect(failure.message).toBe(`the pre-release snapshot ${ID} of database ${DATABASE} failed: its status is gone (expected available)`);
  });

  test.each([
    ["the first read of the snapshot", "snapshotStatus", [1], `cannot read snapshot ${ID}`],
    ["its creation", "createSnapshot", [1], `cannot create snapshot ${ID}`],
    ["a read while it is being created", "snapshotStatus", [2], `cannot read snapshot ${ID}`],
  ] as const)("a transient failure of %s is retried after a printed backoff, and the step goes on", async (_label, method, failing, what) => {
    const { backups, lines, take } = setup();
    const counter = failOn(backups, method, failing, transient("ThrottlingException: Rate exceeded"));
    expect(await take()).toBe(ID);
    expect(lines).toContain(`${what} (attempt 1 of 4): ThrottlingException: Rate exceeded; retrying in 1s`);
    expect(counter.calls).toBeGreaterThan(failing[0]);
  });

  test("a permanent failure is not retried: the step fails at once, with RDS's error as its cause", async () => {
    const { backups, lines, take } = setup();
    const refusal = permanent("InvalidDBInstanceState: DB instance platform-prod is not in available state");
    const counter = failOn(backups, "createSnapshot", [1], refusal);
    const failure = await failureOf(take);
    expect(failure).toMatchObject({
      name: "SnapshotFailed",
      message: `the pre-release snapshot ${ID} of database ${DATABASE} failed: InvalidDBInstanceState: DB instance platform-prod is not in available state`,
      cause: refusal,
    });
    expect(counter.calls).toBe(1);
    expect(lines.filter((line) => line.startsWith("cannot"))).toEqual([]);
  });
});

describe("expiring older release snapshots", () => {
  const DAY_MS = 24 * 60 * 60 * 1000;

  test("one exactly as old as the retention stays; one a millisecond older goes, and the deletion is printed", async () => {
    const { backups, clock, lines, take } = setup();
    backups.addOld(DATABASE, "platform-prod-pre-app-0-9-0", 30);
    backups.addOld(DATABASE, "platform-prod-pre-app-0-8-0", 30);
    backups.snapshots.get("platform-prod-pre-app-0-8-0")!.createdAt = new Date(clock.now().getTime() - 30 * DAY_MS - 1);
    // The new snapshot is available at once, so the clock has not moved when the retention is counted.
    backups.creatingReads = 0;
    await take();
    expect(backups.deleted).toEqual(["platform-prod-pre-app-0-8-0"]);
    expect(lines).toContain("Deleted release snapshot platform-prod-pre-app-0-8-0, older than 30 days.");
  });

  test("the snapshot this release uses is never expired, however old", async () => {
    const { backups, take } = setup();
    backups.addOld(DATABASE, ID, 400);
    await take();
    expect(backups.deleted).toEqual([]);
  });

  test("a failure to list or delete old snapshots is a warning, and the release goes on with its snapshot", async () => {
    const { backups, lines, take } = setup();
    failOn(backups, "releaseSnapshots", [1], permanent("AccessDenied: not authorized to perform rds:DescribeDBSnapshots"));
    expect(await take()).toBe(ID);
    expect(lines.at(-1)).toBe(
      `warning: could not expire old release snapshots of ${DATABASE}: AccessDenied: not authorized to perform rds:DescribeDBSnapshots; delete them by hand`,
    );
  });
});
