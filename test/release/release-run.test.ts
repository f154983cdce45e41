/**
 * The phases of a release in flight (scripts/release/release-run.ts) through the
 * controller, on the in-memory stack and health signal: what each phase waits
 * for, and what it reads as someone else's change.
 */
import { HealthReadError, TargetHealth } from "../../scripts/release/types";
import { harness, HEALTHY, NEW, OLD, snapshot, InMemoryStack, releaseRequest as release } from "./fakes";

describe("waiting for the new colour's targets", () => {
  test("only all targets healthy, none unhealthy or registering, ends the wait", async () => {
    const { stack, health, clock, lines, controller } = harness();
    const reads: TargetHealth[] = [
      { healthy: 0, unhealthy: [], transitioning: 0, unused: [] },
      { healthy: 2, unhealthy: ["Target.FailedHealthChecks"], transitioning: 0, unused: [] },
      { healthy: 2, unhealthy: [], transitioning: 1, unused: [] },
    ];
    let greenReads = 0;
    health.targets = (colour) => (colour === "green" && stack.updates.length === 1 ? (reads[greenReads++] ?? HEALTHY) : HEALTHY);
    expect(await controller.run(release({ strategy: "all-at-once" }))).toMatchObject({ status: "released" });
    expect(lines.filter((line) => line.includes(" waiting for green: "))).toHaveLength(3);
    expect(greenReads).toBe(4);
    // Three polls of 15 s before the shift.
    expect(lines).toContain("2026-11-23T15:00:45.000Z green: 3 healthy.");
    expect(clock.sleeps.slice(0, 3)).toEqual([15_000, 15_000, 15_000]);
  });
});

describe("what a release reads as someone else's change", () => {
  test.each([
    ["the weights", (s: InMemoryStack) => (s.outputs = { ...s.outputs, weights: { blue: 100, green: 0 } })],
    ["blue's image", (s: InMemoryStack) => (s.outputs = { ...s.outputs, images: { ...s.outputs.images, blue: "registry/other:2.0.0" } })],
  ])("%s changed during a bake stop the release without a rollback", async (_, change) => {
    const { stack, clock, controller } = harness();
    clock.onSleep = () => {
      if (stack.updates.length === 2) change(stack);
    };
    const outcome = await controller.run(release({ strategy: "canary" }));
    expect(outcome).toMatchObject({ status: "failed", reason: expect.stringContaining("stack staging changed under this release") });
    expect(stack.updates).toHaveLength(2);
  });
});

describe("baking and rolling back", () => {
  test("a transient health read failure during a bake is shown as such, and the bake goes on", async () => {
    const h = harness();
    const { health, lines, controller } = h;
    let bakeReads = 0;
    health.alarm = () => {
      if (h.stack.updates.length === 2 && bakeReads++ === 0) throw new HealthReadError("alarm staging-deployment-health in eu-west-1: ThrottlingException", true);
      return "OK";
    };
    expect(await controller.run(release({ strategy: "canary" }))).toMatchObject({ status: "released" });
    expect(lines.some((line) => line.includes("health signal unreadable (alarm staging-deployment-health in eu-west-1: ThrottlingException)"))).toBe(true);
  });

  test("a bake that is not a whole number of polls ends at its length, the last poll cut short", async () => {
    const { clock, controller } = harness();
    expect(await controller.run(release({ strategy: "all-at-once", bakeMs: 70_000 }))).toMatchObject({ status: "released" });
    expect(clock.sleeps).toEqual([15_000, 15_000, 15_000, 15_000, 10_000]);
  });

  test("a rollback of an image the colour already ran says nothing about the idle colour's image", async () => {
    const { health, lines, controller, stack } = harness(new InMemoryStack(snapshot({ blue: 100, green: 0 }, { blue: OLD, green: NEW })));
    health.alarm = () => (stack.updates.length >= 1 ? "ALARM" : "OK");
    expect(await controller.run(release({ strategy: "canary" }))).toMatchObject({ status: "rolled-back" });
    expect(lines.filter((line) => line.includes(" Rolled back: ")).map((line) => line.replace(/^\S+ /, ""))).toEqual([`Rolled back: blue (${OLD}) has all traffic again. Reason: staging-deployment-health went into ALARM.`]);
  });
});
