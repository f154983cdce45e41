/**
 * The pre-release database snapshot (`platform:traffic.release.databaseSnapshot`)
 * and the colour's own health alarm, with the in-memory stack, health signal
 * and backups: what the controller does before and after the first update.
 */
import { EXIT_CODES } from "../../scripts/release/controller";
import { snapshotIdFor } from "../../scripts/release/snapshot";
import { trafficSchema } from "../../stacks/config/traffic";
import { StackSnapshot } from "../../scripts/release/types";
import { COLOUR_ALARMS, harness, InMemoryStack, NEW, snapshot } from "./fakes";

const DATABASE = "platform-prod";
const SNAPSHOT = snapshotIdFor(DATABASE, NEW);
const snapshotting = (databaseSnapshot: object = {}, extra: object = {}) => trafficSchema.parse({ release: { databaseSnapshot: { enabled: true, retentionDays: 30, ...databaseSnapshot } }, ...extra });

/** A harness whose stack asks for the snapshot and has a database identifier among its outputs. */
function prodLike(databaseSnapshot: object = {}, outputs: StackSnapshot = { ...snapshot(), databaseIdentifier: DATABASE }) {
  const h = harness(new InMemoryStack(outputs));
  h.stack.traffic = snapshotting(databaseSnapshot);
  return h;
}

describe("snapshot names", () => {
  test.each([
    ["123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:1.4.2", "platform-prod-pre-app-1-4-2"],
    ["registry.example.com/team/app@sha256:" + "ab12".repeat(16), "platform-prod-pre-app-sha256-ab12ab12ab12"],
    ["app:Release_2026.11", "platform-prod-pre-app-release-2026-11"],
  ])("%s gives %s: letters, digits and single hyphens only", (image, id) => {
    expect(snapshotIdFor(DATABASE, image)).toBe(id);
  });

  test("each run of other characters becomes one hyphen, and none ends the name", () => {
    expect(snapshotIdFor(DATABASE, "registry.example.com/app:1.4.2--rc..1_")).toBe("platform-prod-pre-app-1-4-2-rc-1");
  });

  test("a very long tag is cut to RDS's 255 characters, and a hyphen the cut leaves at the end goes", () => {
    // "platform-prod-pre-app-x" is 23 characters, so the 255th is one of the tag's hyphens.
    expect(snapshotIdFor(DATABASE, `app:x${"a-".repeat(200)}`)).toBe(`platform-prod-pre-app-x${"a-".repeat(115)}a`);
    expect(snapshotIdFor(DATABASE, `app:${"a-".repeat(200)}`)).toHaveLength(255);
  });
});

describe("before the first update, a release takes a manual snapshot named after the image", () => {
  test("the snapshot is created and available before the release's first update, tagged as a release snapshot", async () => {
    const h = prodLike();
    let snapshotAtFirstUpdate: string | undefined;
    h.stack.beforeUpdate = (_, index) => {
      if (index === 0) snapshotAtFirstUpdate = [...h.backups.snapshots.keys()].join(",");
    };
    const outcome = await h.controller.run({ kind: "release", image: NEW });
    expect(outcome.status).toBe("released");
    expect(h.backups.created).toEqual([SNAPSHOT]);
    expect(snapshotAtFirstUpdate).toBe(SNAPSHOT);
    expect(h.backups.snapshots.get(SNAPSHOT)?.tags).toEqual({ "platform:release-snapshot": "true", "platform:image": NEW });
    expect(h.lines.some((l) => l.includes(`Snapshot ${SNAPSHOT} is available.`))).toBe(true);
  });

  test("release snapshots older than the retention are deleted; younger ones, and snapshots the release did not take, stay", async () => {
    const h = prodLike();
    h.backups.addOld(DATABASE, "platform-prod-pre-app-0-8-0", 45);
    h.backups.addOld(DATABASE, "platform-prod-pre-app-0-9-0", 10);
    h.backups.addOld(DATABASE, "platform-prod-by-hand", 400, false);
    await h.controller.run({ kind: "release", image: NEW });
    expect(h.backups.deleted).toEqual(["platform-prod-pre-app-0-8-0"]);
    expect([...h.backups.snapshots.keys()].sort()).toEqual(["platform-prod-by-hand", "platform-prod-pre-app-0-9-0", SNAPSHOT].sort());
  });

  test("a release run again for the same image uses its snapshot instead of taking another", async () => {
    const h = prodLike();
    h.backups.addOld(DATABASE, SNAPSHOT, 0);
    await h.controller.run({ kind: "release", image: NEW });
    expect(h.backups.created).toEqual([]);
    expect(h.lines.some((l) => l.includes(`Snapshot ${SNAPSHOT} of this image exists already (available)`))).toBe(true);
  });

  test("a dry run names the snapshot in the plan and takes none", async () => {
    const h = prodLike();
    const outcome = await h.controller.run({ kind: "release", image: NEW, dryRun: true });
    expect(outcome.status).toBe("planned");
    expect(h.backups.created).toEqual([]);
    expect(h.lines.some((l) => l.includes(`a manual snapshot ${SNAPSHOT} of database ${DATABASE}, kept 30 days`))).toBe(true);
  });

  test("with the snapshot off (the default), no snapshot is taken", async () => {
    const h = harness(new InMemoryStack({ ...snapshot(), databaseIdentifier: DATABASE }));
    await h.controller.run({ kind: "release", image: NEW });
    expect(h.backups.created).toEqual([]);
    expect(h.stack.updates.length).toBeGreaterThan(0);
  });

  test("an ecs-native release snapshots before its one update too", async () => {
    const h = prodLike();
    h.stack.traffic = snapshotting({}, { mode: "ecs-native" });
    const outcome = await h.controller.run({ kind: "release", image: NEW });
    expect(outcome.status).toBe("released");
    expect(h.backups.created).toEqual([SNAPSHOT]);
  });
});

describe("the release refuses (exit 3) and changes nothing when the snapshot fails", () => {
  const refusedWithoutUpdates = async (h: ReturnType<typeof prodLike>, reason: RegExp) => {
    const outcome = await h.controller.run({ kind: "release", image: NEW });
    expect(outcome.status).toBe("refused");
    expect(EXIT_CODES[outcome.status]).toBe(3);
    expect(h.stack.updates).toEqual([]);
    expect(outcome.status === "refused" && outcome.reason).toMatch(reason);
  };

  test("RDS refuses to create it", async () => {
    const h = prodLike();
    h.backups.createError = Object.assign(new Error("DB instance platform-prod is not in available state"), { name: "InvalidDBInstanceState" });
    await refusedWithoutUpdates(h, new RegExp(`the pre-release snapshot ${SNAPSHOT} of database ${DATABASE} failed: DB instance platform-prod is not in available state`));
  });

  test("it ends in another state than available", async () => {
    const h = prodLike();
    h.backups.failStatus = "failed";
    await refusedWithoutUpdates(h, /failed: its status is failed \(expected available\)/);
  });

  test("it is not available within the timeout", async () => {
    const h = prodLike({ timeoutSeconds: 60 });
    h.backups.creatingReads = 1000;
    await refusedWithoutUpdates(h, /failed: not available within 1m \(still creating\)/);
    expect(h.clock.elapsedMs).toBeGreaterThanOrEqual(60_000);
  });

  test("the stack has no database to snapshot", async () => {
    await refusedWithoutUpdates(prodLike({}, snapshot()), /databaseSnapshot\.enabled is true, but stack staging has no database\.identifier output/);
  });
});

describe("a release watches the new colour's own deployment health", () => {
  const withColourAlarms = () => harness(new InMemoryStack({ ...snapshot(), alarmNames: COLOUR_ALARMS }));

  test("a release to green reads green's alarm, and rolls back when it goes into ALARM", async () => {
    const h = withColourAlarms();
    h.health.alarm = (name) => (name === COLOUR_ALARMS.green && h.stack.updates.length >= 2 ? "ALARM" : "OK");
    const outcome = await h.controller.run({ kind: "release", image: NEW });
    expect(outcome).toEqual({ status: "rolled-back", reason: `${COLOUR_ALARMS.green} went into ALARM` });
    expect(new Set(h.health.alarmsRead)).toEqual(new Set([COLOUR_ALARMS.green]));
  });

  test("blue's alarm does not stop a release to green", async () => {
    const h = withColourAlarms();
    h.health.alarm = (name) => (name === COLOUR_ALARMS.blue ? "ALARM" : "OK");
    expect((await h.controller.run({ kind: "release", image: NEW })).status).toBe("released");
  });
});
