/**
 * What a release prints and the message each update leaves in the stack's
 * history, line for line, for a canary that finishes and one that rolls back.
 * The same for `--rollback`, an `ecs-native` release, and refusals before
 * anything changes. These lines are what someone watching a release (or reading its CI log)
 * acts on, and the history messages are how a later run finds where a release stopped.
 */
import { COLOUR_ALARMS, harness, nativeHarness, InMemoryStack, NEW, OLD, PREVIOUS_IDLE, releaseRequest as release, snapshot } from "./fakes";

const PLAN = (alarm: string) => [
  `Stack staging: weights blue 100 / green 0; blue runs ${OLD}, green runs ${PREVIOUS_IDLE}.`,
  `Release plan: ${NEW} to green, strategy canary: 10% → 100%.`,
  `  1. deploy ${NEW} to green at weight 0: set platform:compute.green.image and run pulumi up`,
  "  2. wait up to 10m for green's targets to be healthy",
  `  3. shift to blue 90 / green 10 (10% on green), bake 30s watching ${alarm} and green's targets every 15s`,
  `  4. shift to blue 0 / green 100 (100% on green), bake 30s watching ${alarm} and green's targets every 15s`,
  `  On ALARM, unhealthy targets or a failed update: one update back to blue 100 / green 0 (blue, ${OLD}) with green back on ${PREVIOUS_IDLE}, exit code 1.`,
  "  On success blue stays deployed at weight 0: `npm run release -- --stack staging --rollback` flips back in one update.",
  `step 1/4: deploying ${NEW} to green at weight 0`,
  `progress [----------] green 0% · ${NEW} deployed to green`,
  "step 2/4: waiting up to 10m for green's targets to be healthy",
  "green: 3 healthy.",
  "step 3/4: shifting to blue 90 / green 10",
  "progress [#---------] green 10% · blue 90 / green 10 applied",
  `progress [#---------] green 10% · baking 0s of 30s: ${alarm} OK, green 3 healthy`,
];

/** The printed lines without their timestamps. */
const printed = (lines: readonly string[]) => lines.map((line) => line.replace(/^\d{4}-\d\d-\d\dT[\d:.]+Z /, ""));

test("a canary that finishes: the plan, each step, every poll of each bake, and where the old colour stays", async () => {
  const { stack, lines, controller } = harness(new InMemoryStack({ ...snapshot(), alarmNames: COLOUR_ALARMS }));
  expect(await controller.run(release({ strategy: "canary", bakeMs: 30_000 }))).toEqual({ status: "released", colour: "green" });
  const alarm = COLOUR_ALARMS.green;
  expect(printed(lines)).toEqual([
    ...PLAN(alarm),
    `progress [#---------] green 10% · baking 15s of 30s: ${alarm} OK, green 3 healthy`,
    "step 4/4: shifting to blue 0 / green 100",
    "progress [##########] green 100% · blue 0 / green 100 applied",
    `progress [##########] green 100% · baking 0s of 30s: ${alarm} OK, green 3 healthy`,
    `progress [##########] green 100% · baking 15s of 30s: ${alarm} OK, green 3 healthy`,
    "progress [##########] green 100% · released",
    `Done: ${NEW} is live on green at 100%; blue (${OLD}) stays deployed at weight 0 as the instant rollback path.`,
  ]);
  expect(stack.updates.map((u) => u.message)).toEqual([`release ${NEW} → green: deploy at weight 0`, `release ${NEW} → green: 10%`, `release ${NEW} → green: 100%`]);
});

test("a canary whose alarm fires during its first bake: one update back, the idle colour on its previous image, and why", async () => {
  const { stack, health, lines, controller } = harness();
  let reads = 0;
  health.alarm = () => (stack.updates.length > 1 && ++reads > 1 ? "ALARM" : "OK");
  expect(await controller.run(release({ strategy: "canary", bakeMs: 30_000 }))).toEqual({ status: "rolled-back", reason: "staging-deployment-health went into ALARM" });
  expect(printed(lines)).toEqual([
    ...PLAN("staging-deployment-health"),
    "Rolling back (staging-deployment-health went into ALARM): one update to blue 100 / green 0.",
    "progress [----------] green 0% · rolled back to blue",
    `Rolled back: blue (${OLD}) has all traffic again; green runs ${PREVIOUS_IDLE} again. Reason: staging-deployment-health went into ALARM.`,
  ]);
  expect(stack.updates.map((u) => u.message)).toEqual([
    `release ${NEW} → green: deploy at weight 0`,
    `release ${NEW} → green: 10%`,
    `release ${NEW} → green: rolled back to blue (staging-deployment-health went into ALARM)`,
  ]);
  expect(stack.updates.at(-1)!.change).toEqual({ weights: { blue: 100, green: 0 }, image: { colour: "green", image: PREVIOUS_IDLE } });
});

describe("--rollback", () => {
  const released = () => harness(new InMemoryStack(snapshot({ blue: 0, green: 100 }, { blue: OLD, green: NEW })));

  test("after a release: the plan, the one update and its history message, and who has the traffic", async () => {
    const { stack, lines, controller } = released();
    expect(await controller.run({ kind: "rollback" })).toEqual({ status: "flipped", colour: "blue" });
    expect(printed(lines)).toEqual([
      `Stack staging: weights blue 0 / green 100; blue runs ${OLD}, green runs ${NEW}.`,
      `Rollback plan: one update to blue 100 / green 0, so blue (${OLD}) takes all traffic.`,
      "  1. check that blue's targets are healthy",
      "  2. update platform:traffic.weights to blue 100 / green 0 and run pulumi up",
      "Rolling back: one update to blue 100 / green 0.",
      "progress [##########] blue 100% · rolled back",
      `Done: blue (${OLD}) has all traffic.`,
    ]);
    expect(stack.updates.map((u) => u.message)).toEqual(["release: roll back to blue"]);
  });

  test("a target health that cannot be read: each retry, then a refusal naming what was read", async () => {
    const { stack, health, lines, controller } = released();
    health.targets = () => {
      throw new Error("Rate exceeded");
    };
    const reason = "cannot read blue's target health: Rate exceeded (4 attempts); nothing was changed";
    expect(await controller.run({ kind: "rollback" })).toEqual({ status: "refused", reason });
    expect(printed(lines).slice(4)).toEqual([
      "cannot read blue's target health (attempt 1 of 4): Rate exceeded; retrying in 1s",
      "cannot read blue's target health (attempt 2 of 4): Rate exceeded; retrying in 2s",
      "cannot read blue's target health (attempt 3 of 4): Rate exceeded; retrying in 4s",
      `Refused: ${reason}.`,
    ]);
    expect(stack.updates).toEqual([]);
  });
});

describe("platform:traffic.mode ecs-native", () => {
  const PLAN_LINES = [
    `Stack staging (ecs-native): the service runs ${OLD}.`,
    `Release plan: one update sets platform:compute.blue.image to ${NEW}; ECS then shifts traffic by its deployment strategy and rolls back on staging-deployment-health.`,
  ];

  test("a release: the plan, the one update and its history message, and what pulumi up waited for", async () => {
    const { stack, lines, controller } = nativeHarness();
    expect(await controller.run(release())).toEqual({ status: "released", colour: "blue" });
    expect(printed(lines)).toEqual([
      ...PLAN_LINES,
      `Done: the update finished, and pulumi up waits for the service's steady state, so ECS has completed its deployment of ${NEW}.`,
    ]);
    expect(stack.updates.map((u) => u.message)).toEqual([`release ${NEW} (ECS native deployment)`]);
  });

  test("--dry-run and an image already deployed print why nothing changed", async () => {
    const planned = nativeHarness();
    expect(await planned.controller.run(release({ dryRun: true }))).toEqual({ status: "planned" });
    expect(printed(planned.lines)).toEqual([...PLAN_LINES, "Dry run: nothing was changed."]);
    const deployed = nativeHarness();
    deployed.stack.outputs = { ...deployed.stack.outputs, images: { ...deployed.stack.outputs.images, blue: NEW } };
    expect(await deployed.controller.run(release())).toEqual({ status: "nothing", message: `${NEW} is already deployed; nothing to do` });
    expect(printed(deployed.lines)).toEqual([`Stack staging (ecs-native): the service runs ${NEW}.`, `Nothing to do: ${NEW} is already deployed; nothing to do.`]);
  });

  test("--rollback: refused with the mode, the stack, and how to return to an earlier image", async () => {
    const { lines, controller } = nativeHarness();
    const reason =
      'platform:traffic.mode is "ecs-native" on stack staging: ECS rolls a failing deployment back on the deployment-health alarm itself; to return to an earlier image, release it with --image';
    expect(await controller.run({ kind: "rollback" })).toEqual({ status: "refused", reason });
    expect(printed(lines)).toEqual([`Refused: ${reason}.`]);
  });
});

test("a stack that cannot be read refuses with its error's every line, without the trailing newline", async () => {
  const { stack, lines, controller } = harness();
  stack.trafficConfig = async () => {
    throw new Error("stack staging is missing outputs:\n  - blueTargetGroupArn\n  - greenTargetGroupArn\n");
  };
  const reason = "stack staging is missing outputs:\n  - blueTargetGroupArn\n  - greenTargetGroupArn; nothing was changed";
  expect(await controller.run(release())).toEqual({ status: "refused", reason });
  expect(printed(lines)).toEqual([`Refused: ${reason}.`]);
});
