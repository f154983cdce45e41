/**
 * The release controller's refusals: what stops a run before it changes
 * anything (another update, an alarm, an unknown strategy, the stack lock) and
 * the reads before the first change (target groups, listeners, the alarm,
 * transient errors, the stack's outputs). controller.test.ts has the runs.
 */
import { EXIT_CODES } from "../../scripts/release/controller";
import { HealthReadError } from "../../scripts/release/types";
import { HEALTHY, harness, InMemoryStack, LOAD_BALANCER, NEW, OLD, snapshot, StackBusyError, releaseRequest as release } from "./fakes";

describe("refusing to start", () => {
  test("another update holding the stack is named and nothing is written", async () => {
    const { stack, controller } = harness();
    stack.holder = "an update started at 2026-11-23T14:58:00.000Z: release app:1.0.9: 10% to green";
    const outcome = await controller.run(release());
    expect(outcome).toEqual({
      status: "refused",
      reason: `another update holds stack staging (${stack.holder}); wait for it to finish, then run the release again`,
    });
    expect(EXIT_CODES[outcome.status]).toBe(3);
    expect(stack.updates).toEqual([]);
  });

  test("the stack lock taken between the check and the first update stops the release without a rollback", async () => {
    const { stack, controller } = harness();
    stack.beforeUpdate = () => {
      throw new StackBusyError("another update holds stack staging (Pulumi's stack lock)");
    };
    const outcome = await controller.run(release());
    expect(outcome).toEqual({
      status: "failed",
      reason: "another update holds stack staging (Pulumi's stack lock); this release stopped without rolling back so as not to fight it",
    });
    expect(stack.updates).toHaveLength(1);
  });

  test("a stack changed by someone else during a bake stops the release without fighting it", async () => {
    const { stack, clock, controller } = harness();
    clock.onSleep = () => {
      if (stack.updates.length === 2) stack.outputs = { ...stack.outputs, images: { ...stack.outputs.images, green: "registry/other:2.0.0" } };
    };
    const outcome = await controller.run(release({ strategy: "canary" }));
    expect(outcome).toEqual({
      status: "failed",
      reason:
        `stack staging changed under this release: expected weights blue 90 / green 10 with blue ${OLD} and green ${NEW}, ` +
        `found blue 90 / green 10 with blue ${OLD} and green registry/other:2.0.0 (another release?); this release stopped without rolling back so as not to fight it`,
    });
    expect(stack.updates).toHaveLength(2);
  });

  test("a release of another image that stopped mid-shift is named, with how to finish or undo it", async () => {
    const { stack, controller } = harness(new InMemoryStack(snapshot({ blue: 90, green: 10 }, { blue: OLD, green: "registry/app:1.0.5" })));
    const outcome = await controller.run(release());
    expect(outcome).toMatchObject({
      status: "refused",
      reason: expect.stringContaining("a release of registry/app:1.0.5 to green is in progress or was interrupted at 10%"),
    });
    expect(outcome).toMatchObject({ reason: expect.stringContaining("--image registry/app:1.0.5, or roll it back to blue with --rollback") });
    expect(stack.updates).toEqual([]);
  });

  test("an alarm already in ALARM before the release refuses it", async () => {
    const { stack, health, controller } = harness();
    health.alarm = () => "ALARM";
    const outcome = await controller.run(release());
    expect(outcome).toMatchObject({ status: "refused", reason: expect.stringContaining("already in ALARM") });
    expect(stack.updates).toEqual([]);
  });

  test("an unknown strategy is refused with the allowed names", async () => {
    const { stack, controller } = harness();
    const outcome = await controller.run(release({ strategy: "blue-green" }));
    expect(outcome).toMatchObject({ status: "refused", reason: expect.stringContaining("all-at-once | canary | linear, or a CodeDeploy ECS configuration name") });
    expect(stack.updates).toEqual([]);
  });
});

describe("checks before the first change", () => {
  const GREEN_ARN = snapshot().targetGroupArns.green;
  const notFound = () => new HealthReadError(`target group ${GREEN_ARN} in eu-west-1: TargetGroupNotFoundException: One or more target groups not found`, false);
  const throttled = () => new HealthReadError("alarm staging-deployment-health in eu-west-1: ThrottlingException: Rate exceeded", true);

  test("both target groups and the alarm are read before anything is deployed", async () => {
    const { stack, health, controller } = harness();
    health.alarm = () => {
      expect(stack.updates).toEqual([]);
      expect(health.groupReads).toEqual(["blue", "green"]);
      return "OK";
    };
    await controller.run(release());
    expect(health.alarmReads).toBeGreaterThan(0);
  });

  test("a missing target group refuses the release at once with its ARN, region and AWS's error; nothing is deployed", async () => {
    const { stack, health, clock, controller } = harness();
    health.loadBalancersOf = async (arn) => {
      if (arn === GREEN_ARN) throw notFound();
      return [LOAD_BALANCER];
    };
    const outcome = await controller.run(release());
    expect(outcome).toEqual({
      status: "refused",
      reason: `cannot read green's target group: target group ${GREEN_ARN} in eu-west-1: TargetGroupNotFoundException: One or more target groups not found; nothing was changed`,
    });
    expect(EXIT_CODES[outcome.status]).toBe(3);
    expect(stack.updates).toEqual([]);
    expect(clock.sleeps).toEqual([]);
  });

  test("a target group no listener forwards to refuses the release before the image is deployed", async () => {
    const { stack, health, controller } = harness();
    health.loadBalancers = (colour) => (colour === "green" ? [] : [LOAD_BALANCER]);
    const outcome = await controller.run(release());
    expect(outcome).toMatchObject({ status: "refused", reason: expect.stringContaining(`no listener forwards to green's target group ${GREEN_ARN}`) });
    expect(stack.updates).toEqual([]);
  });

  test("a missing alarm refuses the release, naming the alarm and region", async () => {
    const { stack, health, controller } = harness();
    health.alarm = () => {
      throw new HealthReadError("alarm staging-deployment-health not found in us-east-1 (is the monitoring tier deployed there?)", false);
    };
    const outcome = await controller.run(release());
    expect(outcome).toMatchObject({ status: "refused", reason: expect.stringContaining("cannot read alarm staging-deployment-health: alarm staging-deployment-health not found in us-east-1") });
    expect(stack.updates).toEqual([]);
  });

  test("a transient error is retried with backoff, and the release goes on when a retry succeeds", async () => {
    const { health, clock, lines, controller } = harness();
    let failures = 2;
    health.alarm = () => {
      if (failures-- > 0) throw throttled();
      return "OK";
    };
    expect(await controller.run(release({ strategy: "all-at-once", bakeMs: 0 }))).toMatchObject({ status: "released" });
    expect(clock.sleeps.slice(0, 2)).toEqual([1000, 2000]);
    expect(lines.filter((line) => line.includes("cannot read alarm staging-deployment-health (attempt"))).toHaveLength(2);
  });

  test("a transient error that does not clear refuses the run after four attempts, 1s, 2s and 4s apart", async () => {
    const { stack, health, clock, controller } = harness();
    health.alarm = () => {
      throw throttled();
    };
    const outcome = await controller.run(release());
    expect(outcome).toMatchObject({ status: "refused", reason: expect.stringContaining("ThrottlingException: Rate exceeded (4 attempts); nothing was changed") });
    expect(clock.sleeps).toEqual([1000, 2000, 4000]);
    expect(health.alarmReads).toBe(4);
    expect(stack.updates).toEqual([]);
  });

  test("a stack whose outputs cannot be read is refused with the reason, not thrown", async () => {
    const { stack, controller } = harness();
    stack.read = async () => {
      throw new Error("stack staging has no outputs to release from:\n  - trafficWeights: missing");
    };
    const outcome = await controller.run(release());
    expect(outcome).toEqual({ status: "refused", reason: "stack staging has no outputs to release from:\n  - trafficWeights: missing; nothing was changed" });
  });

  test("--rollback whose target group is gone is refused, not thrown", async () => {
    const { stack, health, controller } = harness(new InMemoryStack(snapshot({ blue: 100, green: 0 }, { blue: OLD, green: NEW })));
    health.loadBalancersOf = async () => {
      throw notFound();
    };
    const outcome = await controller.run({ kind: "rollback" });
    expect(outcome).toMatchObject({ status: "refused", reason: expect.stringContaining("TargetGroupNotFoundException") });
    expect(stack.updates).toEqual([]);
  });

  test("--rollback to a colour whose targets are all stopped names them with ELB's reason", async () => {
    const { stack, health, controller } = harness(new InMemoryStack(snapshot({ blue: 0, green: 100 }, { blue: OLD, green: NEW })));
    health.targets = (colour) => (colour === "blue" ? { healthy: 0, unhealthy: [], transitioning: 0, unused: ["Target.InvalidState", "Target.InvalidState"] } : HEALTHY);
    const outcome = await controller.run({ kind: "rollback" });
    expect(outcome).toMatchObject({ status: "refused", reason: "blue has no healthy target (0 healthy, 2 targets stopped (Target.InvalidState)); refusing to send all traffic to it" });
    expect(stack.updates).toEqual([]);
  });
});

