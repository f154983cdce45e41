import { EXIT_CODES } from "../../scripts/release/controller";
import { MAX_SIGNAL_ERRORS } from "../../scripts/release/retry";
import { HealthReadError } from "../../scripts/release/types";
import { ALARM_NAME, HEALTHY, harness, nativeHarness, InMemoryStack, LOAD_BALANCER, NEW, OLD, PREVIOUS_IDLE, snapshot, StackBusyError, releaseRequest as release } from "./fakes";
import { nonEmpty } from "../harness/assertions";

const MINUTE = 60_000;
describe("a release that succeeds", () => {
  test.each([
    ["all-at-once", [{ blue: 0, green: 100 }], 5 * MINUTE],
    ["canary", [{ blue: 90, green: 10 }, { blue: 0, green: 100 }], 10 * MINUTE],
    ["linear", [{ blue: 90, green: 10 }, { blue: 50, green: 50 }, { blue: 0, green: 100 }], 7 * MINUTE],
  ])("%s deploys to the idle colour at weight 0, then shifts through its steps with a bake after each", async (strategy, shifts, baked) => {
    const { stack, clock, controller } = harness();
    const outcome = await controller.run(release({ strategy }));

    expect(outcome).toEqual({ status: "released", colour: "green" });
    expect(stack.updates[0].change).toEqual({ weights: { blue: 100, green: 0 }, image: { colour: "green", image: NEW } });
    expect(stack.weightHistory.slice(1)).toEqual(shifts);
    expect(nonEmpty(stack.updates.slice(1), "weight update").every((u) => u.change.image === undefined)).toBe(true);
    expect(clock.elapsedMs).toBe(baked);
  });

  test("leaves the new colour live at 100% and the old colour deployed at weight 0", async () => {
    const { stack, controller } = harness();
    await controller.run(release());
    expect(stack.outputs.weights).toEqual({ blue: 0, green: 100 });
    expect(stack.outputs.images).toEqual({ blue: OLD, green: NEW });
  });

  test("releases from green to blue when green is live", async () => {
    const { stack, controller } = harness(new InMemoryStack(snapshot({ blue: 0, green: 100 }, { blue: PREVIOUS_IDLE, green: OLD })));
    const outcome = await controller.run(release({ strategy: "canary" }));
    expect(outcome).toEqual({ status: "released", colour: "blue" });
    expect(stack.weightHistory).toEqual([
      { blue: 0, green: 100 },
      { blue: 10, green: 90 },
      { blue: 100, green: 0 },
    ]);
  });

  test("a CodeDeploy linear alias shifts in equal increments with its own bake", async () => {
    const { stack, clock, controller } = harness();
    await controller.run(release({ strategy: "ECSLinear10PercentEvery1Minutes" }));
    expect(stack.weightHistory.slice(1).map((w) => w.green)).toEqual([10, 20, 30, 40, 50, 60, 70, 80, 90, 100]);
    expect(clock.elapsedMs).toBe(9 * MINUTE + 5 * MINUTE);
  });

  test("--bake replaces every bake of the run", async () => {
    const { clock, controller } = harness();
    await controller.run(release({ strategy: "linear", bakeMs: 30_000 }));
    expect(clock.elapsedMs).toBe(3 * 30_000);
  });

  test("reads the alarm and the new colour's targets at every poll of every bake", async () => {
    const { health, clock, controller } = harness();
    await controller.run(release({ strategy: "canary" }));
    const polls = clock.sleeps.length;
    // One read before the release, one before each sleep, and one at the end of each of the two bakes.
    expect(health.alarmReads).toBe(1 + polls + 2);
    expect(nonEmpty(health.targetReads, "target health read").every((colour) => colour === "green")).toBe(true);
    expect(nonEmpty(clock.sleeps, "sleep").every((ms) => ms <= 15_000)).toBe(true);
  });

  test("says so and changes nothing when the image is already live", async () => {
    const { stack, controller } = harness();
    const outcome = await controller.run({ kind: "release", image: OLD });
    expect(outcome.status).toBe("nothing");
    expect(stack.updates).toEqual([]);
  });

  test("skips the deployment when the idle colour already runs the image", async () => {
    const { stack, controller } = harness(new InMemoryStack(snapshot({ blue: 100, green: 0 }, { blue: OLD, green: NEW })));
    await controller.run(release({ strategy: "all-at-once" }));
    expect(stack.updates.map((u) => u.change)).toEqual([{ weights: { blue: 0, green: 100 } }]);
  });

  test("prints every line with an ISO timestamp and a progress line for every shift", async () => {
    const { lines, controller } = harness();
    await controller.run(release({ strategy: "canary", bakeMs: 0 }));
    expect(nonEmpty(lines, "printed line").every((line) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z /.test(line))).toBe(true);
    expect(lines.filter((line) => / progress \[#-{9}\] green 10% · blue 90 \/ green 10 applied$/.test(line))).toHaveLength(1);
    expect(lines.at(-1)).toMatch(/Done: .*app:1\.1\.0 is live on green at 100%; blue \(.*app:1\.0\.0\) stays deployed at weight 0/);
  });
});

describe("a release that fails rolls back in one update", () => {
  test.each([
    ["canary", 1, "10%"],
    ["canary", 2, "100%"],
    ["linear", 1, "10%"],
    ["linear", 2, "50%"],
    ["linear", 3, "100%"],
    ["all-at-once", 1, "100%"],
  ])("%s: ALARM after shift %i (%s) returns all traffic to blue in a single update and exits 1", async (strategy, shift) => {
    const { stack, health, controller } = harness();
    health.alarm = () => (stack.updates.length > shift ? "ALARM" : "OK");
    const outcome = await controller.run(release({ strategy }));

    expect(outcome).toEqual({ status: "rolled-back", reason: `${ALARM_NAME} went into ALARM` });
    expect(EXIT_CODES[outcome.status]).toBe(1);
    expect(stack.updates).toHaveLength(shift + 2);
    expect(stack.updates.at(-1)!.change).toEqual({ weights: { blue: 100, green: 0 }, image: { colour: "green", image: PREVIOUS_IDLE } });
    expect(stack.outputs).toEqual(snapshot());
  });

  test("after a failed release, --rollback flips to the previous release, never to the image that failed", async () => {
    const { stack, health, controller } = harness();
    health.alarm = () => (stack.updates.length === 2 ? "ALARM" : "OK");
    await controller.run(release());
    await controller.run({ kind: "rollback" });
    expect(stack.outputs.weights).toEqual({ blue: 0, green: 100 });
    expect(stack.outputs.images.green).toBe(PREVIOUS_IDLE);
  });

  test("an alarm halfway through a bake stops the bake there", async () => {
    const { stack, health, clock, controller } = harness();
    const start = clock.now().getTime();
    health.alarm = () => (clock.now().getTime() - start >= 2 * MINUTE ? "ALARM" : "OK");
    await controller.run(release({ strategy: "canary" }));
    expect(clock.elapsedMs).toBe(2 * MINUTE);
    expect(stack.weightHistory.at(-1)).toEqual({ blue: 100, green: 0 });
  });

  test("unhealthy targets of the new colour during a bake roll back with ELB's reason", async () => {
    const { stack, health, controller } = harness();
    health.targets = (colour) =>
      colour === "green" && stack.updates.length > 1 ? { ...HEALTHY, healthy: 2, unhealthy: ["Target.ResponseCodeMismatch"] } : HEALTHY;
    const outcome = await controller.run(release({ strategy: "canary" }));
    expect(outcome).toMatchObject({ status: "rolled-back", reason: expect.stringContaining("green has unhealthy targets (2 healthy, 1 unhealthy: Target.ResponseCodeMismatch)") });
    expect(stack.updates).toHaveLength(3);
  });

  test("a failed deployment rolls back the idle colour's image with the weights", async () => {
    const { stack, controller } = harness();
    stack.beforeUpdate = (_change, index) => {
      if (index === 0) throw new Error("error: creating ECS Service (staging-green): InvalidParameterException");
    };
    const outcome = await controller.run(release());
    expect(outcome).toEqual({ status: "rolled-back", reason: "the update failed: error: creating ECS Service (staging-green): InvalidParameterException" });
    expect(stack.updates).toHaveLength(2);
    expect(stack.updates[1].change).toEqual({ weights: { blue: 100, green: 0 }, image: { colour: "green", image: PREVIOUS_IDLE } });
  });

  test("a failed shift rolls back the weights and the new colour's image in one update", async () => {
    const { stack, controller } = harness();
    stack.beforeUpdate = (_change, index) => {
      if (index === 2) throw new Error("error: updating ELBv2 Listener: ValidationError");
    };
    const outcome = await controller.run(release({ strategy: "linear" }));
    expect(outcome.status).toBe("rolled-back");
    expect(stack.updates).toHaveLength(4);
    expect(stack.updates[3].change).toEqual({ weights: { blue: 100, green: 0 }, image: { colour: "green", image: PREVIOUS_IDLE } });
  });

  test("targets that never become healthy roll back after the health timeout, before any traffic moved", async () => {
    const { stack, health, clock, controller } = harness();
    health.targets = (colour) => (colour === "green" ? { healthy: 0, unhealthy: [], transitioning: 2, unused: [] } : HEALTHY);
    const outcome = await controller.run(release());
    expect(outcome).toEqual({ status: "rolled-back", reason: "green's targets were not healthy within 10m (0 healthy, 2 registering or draining)" });
    expect(clock.elapsedMs).toBe(10 * MINUTE);
    expect(stack.weightHistory).toEqual([
      { blue: 100, green: 0 },
      { blue: 100, green: 0 },
    ]);
    expect(stack.updates[1].change.image).toEqual({ colour: "green", image: PREVIOUS_IDLE });
  });

  test("a target group no listener forwards to any more fails at once, named as such, instead of waiting out the timeout", async () => {
    const { stack, health, clock, controller } = harness();
    health.targets = () => ({ healthy: 0, unhealthy: [], transitioning: 0, unused: ["Target.NotInUse", "Target.NotInUse"] });
    health.loadBalancers = (colour) => (colour === "green" && stack.updates.length > 0 ? [] : [LOAD_BALANCER]);
    const outcome = await controller.run(release());
    expect(outcome).toEqual({ status: "rolled-back", reason: "no listener forwards to green's target group (Target.NotInUse), so nothing health-checks its targets" });
    expect(clock.elapsedMs).toBe(0);
  });

  test("targets not in use although a listener forwards to their group are in Availability Zones the load balancer does not enable", async () => {
    const { health, controller } = harness();
    health.targets = (colour) => (colour === "green" ? { healthy: 0, unhealthy: [], transitioning: 0, unused: ["Target.NotInUse"] } : HEALTHY);
    const outcome = await controller.run(release());
    expect(outcome).toMatchObject({ reason: "green's targets are in Availability Zones its load balancer does not enable (Target.NotInUse)" });
  });

  test("a failed read while waiting for healthy targets prints AWS's error, not \"unknown\"", async () => {
    const { health, lines, controller } = harness();
    let reads = 0;
    health.targets = (colour) => {
      if (colour === "green" && ++reads === 1) throw new HealthReadError("target group green in eu-west-1: ThrottlingException: Rate exceeded", true);
      return HEALTHY;
    };
    expect(await controller.run(release({ strategy: "all-at-once" }))).toMatchObject({ status: "released" });
    expect(lines.some((line) => line.includes("waiting for green: target health unreadable (target group green in eu-west-1: ThrottlingException: Rate exceeded)"))).toBe(true);
    expect(lines.some((line) => line.includes("unknown"))).toBe(false);
  });

  test("a read that fails for good during a wait (the target group was deleted) rolls back at once, with AWS's error", async () => {
    const { stack, health, clock, controller } = harness();
    health.targets = (colour) => {
      if (colour === "green") throw new HealthReadError(`target group ${snapshot().targetGroupArns.green} in eu-west-1: TargetGroupNotFoundException: One or more target groups not found`, false);
      return HEALTHY;
    };
    const outcome = await controller.run(release());
    expect(outcome).toEqual({
      status: "rolled-back",
      reason: `cannot read green's target health: target group ${snapshot().targetGroupArns.green} in eu-west-1: TargetGroupNotFoundException: One or more target groups not found`,
    });
    expect(clock.elapsedMs).toBe(0);
    expect(stack.updates).toHaveLength(2);
  });

  test("stopped targets are counted with ELB's reason, and do not hold a release whose other targets are healthy", async () => {
    const { health, lines, controller } = harness();
    health.targets = () => ({ ...HEALTHY, unused: ["Target.InvalidState", "Target.InvalidState"] });
    expect(await controller.run(release({ strategy: "canary" }))).toMatchObject({ status: "released" });
    expect(lines.some((line) => line.endsWith("green: 3 healthy, 2 targets stopped (Target.InvalidState)."))).toBe(true);
  });

  test("a mandatory policy violation in a release step is a failed update: one update back, exit 1, the violation named", async () => {
    const { stack, controller } = harness();
    const violation =
      "mandatory policy violation: aws-ecs-task-definition-no-privileged-containers on app-green (aws:ecs/taskDefinition:TaskDefinition): container app runs privileged";
    stack.beforeUpdate = (_change, index) => {
      if (index === 0) throw new Error(violation);
    };
    const outcome = await controller.run(release());
    expect(outcome).toEqual({ status: "rolled-back", reason: `the update failed: ${violation}` });
    expect(EXIT_CODES[outcome.status]).toBe(1);
    expect(stack.updates[1].change).toEqual({ weights: { blue: 100, green: 0 }, image: { colour: "green", image: PREVIOUS_IDLE } });
  });

  test("a health signal that cannot be read three times in a row counts as a failed bake", async () => {
    const { stack, health, controller } = harness();
    health.alarm = () => {
      if (stack.updates.length > 1) throw new HealthReadError("alarm staging-deployment-health in eu-west-1: ThrottlingException: Rate exceeded", true);
      return "OK";
    };
    const outcome = await controller.run(release());
    expect(outcome).toMatchObject({ status: "rolled-back", reason: "cannot read the health signal: alarm staging-deployment-health in eu-west-1: ThrottlingException: Rate exceeded" });
    expect(health.alarmReads).toBe(1 + MAX_SIGNAL_ERRORS);
  });

  test("transient read failures separated by a good read do not add up: the count starts again after each read that succeeds", async () => {
    const { stack, health, controller } = harness();
    let reads = 0;
    health.alarm = () => {
      if (stack.updates.length > 1 && ++reads % MAX_SIGNAL_ERRORS !== 0) {
        throw new HealthReadError("alarm staging-deployment-health in eu-west-1: ThrottlingException: Rate exceeded", true);
      }
      return "OK";
    };
    expect(await controller.run(release())).toEqual({ status: "released", colour: "green" });
    expect(reads).toBeGreaterThan(2 * MAX_SIGNAL_ERRORS);
  });

  test("a failed rollback update ends as failed and says how to retry", async () => {
    const { stack, health, controller } = harness();
    health.alarm = () => (stack.updates.length > 1 ? "ALARM" : "OK");
    stack.beforeUpdate = (_change, index) => {
      if (index === 2) throw new Error("error: network unreachable");
    };
    const outcome = await controller.run(release());
    expect(outcome).toEqual({
      status: "failed",
      reason: "the release failed (staging-deployment-health went into ALARM) and so did the rollback update (error: network unreachable); run `npm run release -- --stack staging --rollback`",
    });
    expect(EXIT_CODES[outcome.status]).toBe(4);
  });
});

describe("resuming after a crash", () => {
  test("a release killed during a bake resumes at the next step without redeploying", async () => {
    const { stack, clock, controller } = harness();
    clock.onSleep = () => {
      if (stack.updates.length === 2) throw new Error("SIGKILL");
    };
    await expect(controller.run(release({ strategy: "linear" }))).rejects.toThrow("SIGKILL");
    expect(stack.outputs.weights).toEqual({ blue: 90, green: 10 });

    const resumed = harness(stack);
    const outcome = await resumed.controller.run(release({ strategy: "linear" }));
    expect(outcome).toEqual({ status: "released", colour: "green" });
    expect(stack.weightHistory.slice(2)).toEqual([
      { blue: 50, green: 50 },
      { blue: 0, green: 100 },
    ]);
    expect(resumed.lines.some((line) => line.includes("resume the release of") && line.includes("which has 10% of traffic"))).toBe(true);
  });

  test("a CodeDeploy linear release killed at 70% resumes towards the colour the latest update names", async () => {
    const { stack, clock, controller } = harness();
    clock.onSleep = () => {
      if (stack.outputs.weights.green === 70) throw new Error("SIGKILL");
    };
    await expect(controller.run(release({ strategy: "ECSLinear10PercentEvery1Minutes" }))).rejects.toThrow("SIGKILL");

    const resumed = harness(stack);
    await resumed.controller.run(release({ strategy: "ECSLinear10PercentEvery1Minutes" }));
    expect(stack.weightHistory.slice(-3).map((w) => w.green)).toEqual([80, 90, 100]);
  });

  test("--rollback of a release killed at 70% returns traffic to the colour the latest update moved it from", async () => {
    const { stack, clock, controller } = harness();
    clock.onSleep = () => {
      if (stack.outputs.weights.green === 70) throw new Error("SIGKILL");
    };
    await expect(controller.run(release({ strategy: "ECSLinear10PercentEvery1Minutes" }))).rejects.toThrow("SIGKILL");

    await harness(stack).controller.run({ kind: "rollback" });
    expect(stack.outputs.weights).toEqual({ blue: 100, green: 0 });
  });

  test("a release stopped at 50/50 resumes towards the colour that runs the image", async () => {
    const { stack, controller } = harness(new InMemoryStack(snapshot({ blue: 50, green: 50 }, { blue: NEW, green: OLD })));
    await controller.run(release({ strategy: "linear" }));
    expect(stack.weightHistory).toEqual([{ blue: 100, green: 0 }]);
  });

  test("an ALARM found when resuming rolls back at once", async () => {
    const { stack, health, controller } = harness(new InMemoryStack(snapshot({ blue: 90, green: 10 }, { blue: OLD, green: NEW })));
    health.alarm = () => "ALARM";
    const outcome = await controller.run(release());
    expect(outcome).toEqual({ status: "rolled-back", reason: `${ALARM_NAME} is in ALARM` });
    expect(stack.updates.map((u) => u.change)).toEqual([{ weights: { blue: 100, green: 0 } }]);
  });
});

describe("--rollback", () => {
  test("after a release, flips all traffic back to the old colour in one update", async () => {
    const { stack, controller } = harness(new InMemoryStack(snapshot({ blue: 0, green: 100 }, { blue: OLD, green: NEW })));
    const outcome = await controller.run({ kind: "rollback" });
    expect(outcome).toEqual({ status: "flipped", colour: "blue" });
    expect(EXIT_CODES[outcome.status]).toBe(0);
    expect(stack.updates.map((u) => u.change)).toEqual([{ weights: { blue: 100, green: 0 } }]);
  });

  test("mid-shift, returns traffic to the colour that had it before the release", async () => {
    const { stack, controller } = harness(new InMemoryStack(snapshot({ blue: 50, green: 50 }, { blue: OLD, green: NEW })));
    const even = await controller.run({ kind: "rollback" });
    expect(even).toMatchObject({ status: "refused", reason: expect.stringContaining("--to blue or --to green") });

    stack.outputs = snapshot({ blue: 90, green: 10 }, { blue: OLD, green: NEW });
    await controller.run({ kind: "rollback" });
    expect(stack.updates.map((u) => u.change)).toEqual([{ weights: { blue: 100, green: 0 } }]);
  });

  test("--to picks the colour when the weights are even", async () => {
    const { stack, controller } = harness(new InMemoryStack(snapshot({ blue: 50, green: 50 }, { blue: OLD, green: NEW })));
    await controller.run({ kind: "rollback", to: "blue" });
    expect(stack.updates.map((u) => u.change)).toEqual([{ weights: { blue: 100, green: 0 } }]);
  });

  test("the stack lock taken at the rollback's update refuses it; traffic stays as it was", async () => {
    const { stack, controller } = harness(new InMemoryStack(snapshot({ blue: 0, green: 100 }, { blue: OLD, green: NEW })));
    stack.beforeUpdate = () => {
      throw new StackBusyError("another update holds stack staging (Pulumi's stack lock)");
    };
    expect(await controller.run({ kind: "rollback" })).toMatchObject({ status: "refused", reason: expect.stringContaining("(Pulumi's stack lock)") });
    expect(stack.outputs.weights).toEqual({ blue: 0, green: 100 });
  });

  test("a rollback update that fails is a failure for a person, naming the traffic it left and how to retry", async () => {
    const { stack, controller } = harness(new InMemoryStack(snapshot({ blue: 0, green: 100 }, { blue: OLD, green: NEW })));
    stack.beforeUpdate = () => {
      throw new Error("error: updating ELBv2 Listener (https): ValidationError\nmore output");
    };
    const outcome = await controller.run({ kind: "rollback" });
    expect(outcome).toEqual({
      status: "failed",
      reason: "the rollback update failed: error: updating ELBv2 Listener (https): ValidationError; traffic is as before (blue 0 / green 100); run --rollback again",
    });
    expect(EXIT_CODES[outcome.status]).toBe(4);
  });

  test("refuses to send traffic to a colour without healthy targets", async () => {
    const { stack, health, controller } = harness(new InMemoryStack(snapshot({ blue: 0, green: 100 }, { blue: OLD, green: NEW })));
    health.targets = (colour) => (colour === "blue" ? { healthy: 0, unhealthy: [], transitioning: 0, unused: [] } : HEALTHY);
    const outcome = await controller.run({ kind: "rollback" });
    expect(outcome).toMatchObject({ status: "refused", reason: expect.stringContaining("blue has no healthy target") });
    expect(stack.updates).toEqual([]);
  });
});

describe("--dry-run", () => {
  test("prints the whole plan and writes nothing", async () => {
    const { stack, health, lines, controller } = harness();
    const outcome = await controller.run(release({ strategy: "linear", dryRun: true }));
    expect(outcome).toEqual({ status: "planned" });
    expect(stack.updates).toEqual([]);
    expect(health.alarmReads + health.targetReads.length).toBe(0);
    const text = lines.map((line) => line.replace(/^\S+ /, "")).join("\n");
    expect(text).toContain(`1. deploy ${NEW} to green at weight 0: set platform:compute.green.image and run pulumi up`);
    expect(text).toContain("2. wait up to 10m for green's targets to be healthy");
    expect(text).toContain(`3. shift to blue 90 / green 10 (10% on green), bake 1m watching ${ALARM_NAME} and green's targets every 15s`);
    expect(text).toContain("4. shift to blue 50 / green 50 (50% on green), bake 1m");
    expect(text).toContain("5. shift to blue 0 / green 100 (100% on green), bake 5m");
    expect(text).toContain("one update back to blue 100 / green 0");
    expect(text).toContain("Dry run: nothing was changed.");
  });

  test("a dry-run rollback writes nothing either", async () => {
    const { stack, controller } = harness(new InMemoryStack(snapshot({ blue: 0, green: 100 })));
    expect(await controller.run({ kind: "rollback", dryRun: true })).toEqual({ status: "planned" });
    expect(stack.updates).toEqual([]);
  });
});

describe("in ecs-native mode", () => {
  test("a release is one update of the service's image that never writes the weights ECS owns", async () => {
    const { stack, health, controller } = nativeHarness();
    const outcome = await controller.run(release());
    expect(outcome).toEqual({ status: "released", colour: "blue" });
    expect(stack.updates.map((u) => u.change)).toEqual([{ image: { colour: "blue", image: NEW } }]);
    expect(health.alarmReads + health.targetReads.length).toBe(0);
  });

  test("--strategy and --bake are refused: ECS takes them from platform:compute.ecs.native", async () => {
    const { stack, controller } = nativeHarness();
    const outcome = await controller.run(release({ strategy: "canary" }));
    expect(outcome).toMatchObject({ status: "refused", reason: expect.stringContaining("platform:compute.ecs.native") });
    expect(stack.updates).toEqual([]);
  });

  test("--bake alone is refused too", async () => {
    const { controller } = nativeHarness();
    expect(await controller.run(release({ bakeMs: 60_000 }))).toMatchObject({ status: "refused", reason: expect.stringContaining("--strategy and --bake do not apply") });
  });

  test("the image the service already runs is nothing to do", async () => {
    const { stack, controller } = nativeHarness();
    stack.outputs = { ...stack.outputs, images: { ...stack.outputs.images, blue: NEW } };
    expect(await controller.run(release())).toEqual({ status: "nothing", message: `${NEW} is already deployed; nothing to do` });
    expect(stack.updates).toEqual([]);
  });

  test("another update holding the stack, before or at the update, refuses; a failed update says where ECS's rollback shows", async () => {
    const held = nativeHarness();
    held.stack.holder = "an update started at 2026-11-23T14:58:00.000Z";
    expect(await held.controller.run(release())).toEqual({
      status: "refused",
      reason: "another update holds stack staging (an update started at 2026-11-23T14:58:00.000Z); wait for it to finish, then run the release again",
    });
    expect(held.stack.updates).toEqual([]);
    const locked = nativeHarness();
    locked.stack.beforeUpdate = () => {
      throw new StackBusyError("another update holds stack staging (Pulumi's stack lock)");
    };
    expect(await locked.controller.run(release())).toMatchObject({ status: "refused", reason: expect.stringContaining("another update holds stack staging (Pulumi's stack lock)") });
    const failed = nativeHarness();
    failed.stack.beforeUpdate = () => {
      throw new Error("error: updating ECS Service (app-blue): InvalidParameterException");
    };
    expect(await failed.controller.run(release())).toEqual({
      status: "failed",
      reason:
        "the update failed: error: updating ECS Service (app-blue): InvalidParameterException; a deployment ECS had started rolls back on its own alarms, see the service's deployments in the ECS console",
    });
  });

  test("--rollback is refused with how to return to an earlier image", async () => {
    const { stack, controller } = nativeHarness();
    const outcome = await controller.run({ kind: "rollback" });
    expect(outcome).toMatchObject({ status: "refused", reason: expect.stringContaining("release it with --image") });
    expect(stack.updates).toEqual([]);
  });

  test("--dry-run prints the one update and writes nothing", async () => {
    const { stack, lines, controller } = nativeHarness();
    expect(await controller.run(release({ dryRun: true }))).toEqual({ status: "planned" });
    expect(lines.join("\n")).toContain(`one update sets platform:compute.blue.image to ${NEW}`);
    expect(stack.updates).toEqual([]);
  });
});
