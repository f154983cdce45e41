import fc from "fast-check";
import { describePlan, planRelease, planRollback, ReleasePlan, sharePercent, situationOf } from "../../scripts/release/plan";
import { resolveStrategy } from "../../scripts/release/strategy";
import { Colour, parseReleaseMessage, releaseMessage, weightsFor } from "../../scripts/release/types";
import { releaseSchema } from "../../stacks/config/traffic-release";
import { COLOUR_ALARMS, NEW, OLD, PREVIOUS_IDLE, snapshot } from "./fakes";

const increasingSteps = fc
  .uniqueArray(fc.integer({ min: 1, max: 99 }), { minLength: 1, maxLength: 6 })
  .map((steps) => [...steps].sort((a, b) => a - b));

const releaseConfig = fc.record({
  strategy: fc.constantFrom("all-at-once" as const, "canary" as const, "linear" as const),
  canary: fc.record({ percent: fc.integer({ min: 1, max: 99 }), bakeSeconds: fc.integer({ min: 0, max: 3600 }) }),
  linear: fc.record({ steps: increasingSteps, bakeSeconds: fc.integer({ min: 0, max: 3600 }) }),
});

describe("release plans", () => {
  test("every plan's weights add up to 100 and give the new colour a strictly growing share that ends at 100%", () => {
    fc.assert(
      fc.property(releaseConfig, fc.constantFrom<Colour>("blue", "green"), (config, live) => {
        const start = snapshot(weightsFor(live, 100));
        const plan = planRelease(start, NEW, resolveStrategy(undefined, releaseSchema.parse(config))) as ReleasePlan;
        const shares = plan.steps.map((s) => s.percent);
        expect(plan.to).not.toBe(live);
        expect(shares.at(-1)).toBe(100);
        expect(shares.every((p, i) => i === 0 || p > shares[i - 1])).toBe(true);
        for (const p of shares) {
          const w = weightsFor(plan.to, p);
          expect(w.blue + w.green).toBe(100);
        }
      }),
    );
  });

  test("a release stopped after any step is found again from the outputs and that step's message", () => {
    fc.assert(
      fc.property(releaseConfig, fc.constantFrom<Colour>("blue", "green"), fc.nat(), (config, live, pick) => {
        const strategy = resolveStrategy(undefined, releaseSchema.parse(config));
        const partial = strategy.steps.filter((s) => s.percent < 100);
        fc.pre(partial.length > 0);
        const step = partial[pick % partial.length];
        const to: Colour = live === "blue" ? "green" : "blue";
        const stopped = snapshot(weightsFor(to, step.percent), { [live]: OLD, [to]: NEW } as Record<Colour, string>);
        const mark = parseReleaseMessage(releaseMessage(NEW, to, `${step.percent}%`));

        expect(situationOf(stopped, mark)).toEqual({ kind: "shifting", from: live, to, percent: step.percent });
        const resumed = planRelease(stopped, NEW, strategy, mark) as ReleasePlan;
        expect(resumed.steps.map((s) => s.percent)).toEqual(strategy.steps.filter((s) => s.percent > step.percent).map((s) => s.percent));
        expect(planRollback(stopped, undefined, mark)).toEqual({ kind: "rollback", to: live, weights: weightsFor(live, 100) });
      }),
    );
  });

  test("without a message, the colour with less weight is taken as the new one", () => {
    expect(situationOf(snapshot({ blue: 70, green: 30 }))).toEqual({ kind: "shifting", from: "blue", to: "green", percent: 30 });
    expect(situationOf(snapshot({ blue: 50, green: 50 }))).toEqual({ kind: "even" });
  });

  test("a message about an image the colour no longer runs is ignored", () => {
    const stale = { image: "registry/app:0.1.0", to: "blue" as const };
    expect(situationOf(snapshot({ blue: 30, green: 70 }), stale)).toEqual({ kind: "shifting", from: "green", to: "blue", percent: 30 });
    // Followed, it would make green, which has more of the traffic, the new colour.
    expect(situationOf(snapshot({ blue: 30, green: 70 }), { image: "registry/app:0.1.0", to: "green" })).toEqual({ kind: "shifting", from: "green", to: "blue", percent: 30 });
  });
});

describe("plans that do not release", () => {
  const canary = resolveStrategy("canary", releaseSchema.parse(undefined));
  const now = (blue: number, green: number, images = snapshot().images) => `weights blue ${blue} / green ${green}; blue runs ${images.blue}, green runs ${images.green}`;

  test("the live image again is nothing to do", () => {
    expect(planRelease(snapshot(), OLD, canary)).toEqual({ kind: "nothing", message: `${OLD} is already live on blue (${now(100, 0)}); nothing to do` });
  });

  test("a 50/50 split where neither or both colours run the image is refused; where one does, that colour is the new one", () => {
    expect(planRelease(snapshot({ blue: 50, green: 50 }), NEW, canary)).toEqual({
      kind: "refuse",
      message: `a release stopped at 50/50 (${now(50, 50)}) and neither colour alone runs ${NEW}; finish it with --image <the new colour's image>, or roll back with --rollback --to <colour>`,
    });
    const both = { blue: NEW, green: NEW };
    expect(planRelease(snapshot({ blue: 50, green: 50 }, both), NEW, canary)).toMatchObject({ kind: "refuse" });
    expect(planRelease(snapshot({ blue: 50, green: 50 }, { blue: OLD, green: NEW }), NEW, canary)).toMatchObject({ kind: "release", from: "blue", to: "green", startPercent: 50, deploy: false });
  });

  test("another image part-way is refused, naming how to finish it or roll it back", () => {
    expect(planRelease(snapshot({ blue: 70, green: 30 }, { blue: OLD, green: PREVIOUS_IDLE }), NEW, canary)).toEqual({
      kind: "refuse",
      message:
        `a release of ${PREVIOUS_IDLE} to green is in progress or was interrupted at 30% (${now(70, 30, { blue: OLD, green: PREVIOUS_IDLE })}); ` +
        `finish it with --image ${PREVIOUS_IDLE}, or roll it back to blue with --rollback`,
    });
  });

  test("a rollback at 50/50 needs --to; a rollback to the colour that has all traffic is nothing to do", () => {
    expect(planRollback(snapshot({ blue: 50, green: 50 }))).toEqual({
      kind: "refuse",
      message: `traffic is split 50/50 (weights blue 50 / green 50; blue runs ${OLD}, green runs ${PREVIOUS_IDLE}), so the previous colour cannot be told from the outputs; choose it with --to blue or --to green`,
    });
    expect(planRollback(snapshot({ blue: 50, green: 50 }), "green")).toEqual({ kind: "rollback", to: "green", weights: { blue: 0, green: 100 } });
    expect(planRollback(snapshot(), "blue")).toEqual({ kind: "nothing", message: "blue already has all traffic (weights blue 100 / green 0); nothing to roll back" });
    expect(planRollback(snapshot({ blue: 0, green: 100 }))).toEqual({ kind: "rollback", to: "blue", weights: { blue: 100, green: 0 } });
    // Weights set by hand on another scale: a share is what counts.
    expect(planRollback(snapshot({ blue: 60, green: 0 }), "blue")).toEqual({ kind: "nothing", message: "blue already has all traffic (weights blue 60 / green 0); nothing to roll back" });
    expect(planRollback(snapshot({ blue: 100, green: 50 }), "blue")).toEqual({ kind: "rollback", to: "blue", weights: { blue: 100, green: 0 } });
    expect(planRollback(snapshot({ blue: 50, green: 0 }), "green")).toEqual({ kind: "rollback", to: "green", weights: { blue: 0, green: 100 } });
  });
});

describe("shares and situations", () => {
  test("a share is a percentage of whatever total the weights have, and 0 when both are 0", () => {
    expect(sharePercent({ blue: 3, green: 1 }, "green")).toBe(25);
    expect(sharePercent({ blue: 3, green: 1 }, "blue")).toBe(75);
    expect(sharePercent({ blue: 1, green: 2 }, "green")).toBe(67);
    expect(sharePercent({ blue: 0, green: 0 }, "green")).toBe(0);
  });

  test("each colour alone with weight is live; a mark for a colour that runs its image wins over the weights", () => {
    expect(situationOf(snapshot({ blue: 0, green: 1 }))).toEqual({ kind: "steady", live: "green" });
    expect(situationOf(snapshot({ blue: 1, green: 0 }))).toEqual({ kind: "steady", live: "blue" });
    expect(situationOf(snapshot({ blue: 0, green: 0 }))).toEqual({ kind: "even" });
    expect(situationOf(snapshot({ blue: 40, green: 60 }, { blue: OLD, green: NEW }), { image: NEW, to: "green" })).toEqual({ kind: "shifting", from: "blue", to: "green", percent: 60 });
  });
});

describe("the plan as --dry-run prints it", () => {
  const timing = { healthTimeoutMs: 600_000, pollMs: 15_000 };
  const config = releaseSchema.parse(undefined);

  test("a release from blue: the deployment, the health wait, each shift with its bake and alarm, and what happens on failure", () => {
    const strategy = resolveStrategy("ECSCanary10Percent5Minutes", releaseSchema.parse({ finalBakeSeconds: 0 }));
    const stack = { ...snapshot(), alarmNames: COLOUR_ALARMS };
    expect(describePlan("staging", stack, planRelease(stack, NEW, strategy), timing)).toEqual([
      `Stack staging: weights blue 100 / green 0; blue runs ${OLD}, green runs ${PREVIOUS_IDLE}.`,
      `Release plan: ${NEW} to green, strategy ECSCanary10Percent5Minutes (canary): 10% → 100%.`,
      `  1. deploy ${NEW} to green at weight 0: set platform:compute.green.image and run pulumi up`,
      "  2. wait up to 10m for green's targets to be healthy",
      "  3. shift to blue 90 / green 10 (10% on green), bake 5m watching staging-deployment-health-green and green's targets every 15s",
      "  4. shift to blue 0 / green 100 (100% on green), no bake",
      `  On ALARM, unhealthy targets or a failed update: one update back to blue 100 / green 0 (blue, ${OLD}) with green back on ${PREVIOUS_IDLE}, exit code 1.`,
      "  On success blue stays deployed at weight 0: `npm run release -- --stack staging --rollback` flips back in one update.",
    ]);
  });

  test("a resumed release says where it resumes; a colour that already runs the image is not deployed again", () => {
    const linear = resolveStrategy("linear", config);
    const stopped = snapshot({ blue: 90, green: 10 }, { blue: OLD, green: NEW });
    const resumed = describePlan("prod", stopped, planRelease(stopped, NEW, linear, { image: NEW, to: "green" }), timing);
    expect(resumed[1]).toBe(`Release plan: ${NEW} to green, strategy linear: 10% → 50% → 100%.`);
    expect(resumed[2]).toBe(`  1. resume the release of ${NEW} on green, which has 10% of traffic`);
    expect(resumed.slice(4, 6)).toEqual([
      "  3. shift to blue 50 / green 50 (50% on green), bake 1m watching staging-deployment-health and green's targets every 15s",
      "  4. shift to blue 0 / green 100 (100% on green), bake 5m watching staging-deployment-health and green's targets every 15s",
    ]);
    expect(resumed[6]).toBe(`  On ALARM, unhealthy targets or a failed update: one update back to blue 100 / green 0 (blue, ${OLD}), exit code 1.`);
    const idle = snapshot(undefined, { blue: OLD, green: NEW });
    expect(describePlan("prod", idle, planRelease(idle, NEW, linear), timing)[2]).toBe(`  1. green already runs ${NEW}: no deployment`);
  });

  test("a rollback, nothing to do and a refusal", () => {
    const split = snapshot({ blue: 30, green: 70 });
    expect(describePlan("prod", split, planRollback(split, "blue"), timing).slice(1)).toEqual([
      `Rollback plan: one update to blue 100 / green 0, so blue (${OLD}) takes all traffic.`,
      "  1. check that blue's targets are healthy",
      "  2. update platform:traffic.weights to blue 100 / green 0 and run pulumi up",
    ]);
    expect(describePlan("prod", snapshot(), { kind: "nothing", message: "all done" }, timing)).toEqual([
      `Stack prod: weights blue 100 / green 0; blue runs ${OLD}, green runs ${PREVIOUS_IDLE}.`,
      "Nothing to do: all done.",
    ]);
    expect(describePlan("prod", snapshot(), { kind: "refuse", message: "not now" }, timing)[1]).toBe("Refused: not now.");
  });
});
