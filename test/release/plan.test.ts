import fc from "fast-check";
import { planRelease, planRollback, ReleasePlan, situationOf } from "../../scripts/release/plan";
import { resolveStrategy } from "../../scripts/release/strategy";
import { Colour, parseReleaseMessage, releaseMessage, weightsFor } from "../../scripts/release/types";
import { releaseSchema } from "../../stacks/config/traffic-release";
import { NEW, OLD, snapshot } from "./fakes";

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
  });
});
