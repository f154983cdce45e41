/**
 * The weights the release controller writes at each step become the
 * listener's forward weights when the program runs with them: the whole
 * program under the mock runtime, once per distinct step.
 */
import { planRelease, ReleasePlan } from "../../scripts/release/plan";
import { configFor } from "../../scripts/release/pulumi-stack";
import { resolveStrategy } from "../../scripts/release/strategy";
import { Weights, weightsFor } from "../../scripts/release/types";
import { releaseSchema } from "../../stacks/config/traffic-release";
import { runProgram, RunResult } from "../harness";
import { NEW, snapshot } from "./fakes";

const LISTENER = "aws:lb/listener:Listener";

/** Every update a release from blue to green writes, for every strategy, plus the rollback; each once. */
function stepWeights(): Weights[] {
  const config = releaseSchema.parse(undefined);
  const all: Weights[] = [];
  for (const strategy of ["all-at-once", "canary", "linear"]) {
    const plan = planRelease(snapshot(), NEW, resolveStrategy(strategy, config)) as ReleasePlan;
    all.push(weightsFor(plan.from, 100), ...plan.steps.map((step) => weightsFor(plan.to, step.percent)), plan.rollbackWeights);
  }
  return [...new Map(all.map((w) => [`${w.blue}/${w.green}`, w])).values()];
}

/** What `pulumi config set --path` stores for the keys the release writes: integers for numeric values. */
function asStoredConfig(weights: Weights): Weights {
  const config = configFor({ weights });
  return { blue: Number(config["platform:traffic.weights.blue"].value), green: Number(config["platform:traffic.weights.green"].value) };
}

function forwardWeights(run: RunResult): Record<string, number> {
  const forwarding = run.ofType(LISTENER).filter((l) => l.inputs.defaultActions?.some((a: any) => a.type === "forward"));
  expect(forwarding).toHaveLength(1);
  const action = forwarding[0].inputs.defaultActions.find((a: any) => a.type === "forward");
  return Object.fromEntries(action.forward.targetGroups.map((tg: any) => [tg.arn, tg.weight]));
}

describe("release steps on the listener", () => {
  const steps = stepWeights();

  test("the steps are the deployment at weight 0, the canary and linear shares, and 100%", () => {
    expect(steps.map((w) => `${w.blue}/${w.green}`)).toEqual(["100/0", "0/100", "90/10", "50/50"]);
  });

  test.each(steps.map((w) => [`blue ${w.blue} / green ${w.green}`, w] as const))("%s becomes the listener's forward weights", async (_label, weights) => {
    const run = await runProgram({ stack: "staging", overrides: { "platform:traffic": { weights: asStoredConfig(weights) } } });
    const arns = run.outputs.targetGroupArns as Record<"blue" | "green", string>;
    expect(forwardWeights(run)).toEqual({ [arns.blue]: weights.blue, [arns.green]: weights.green });
    expect(run.outputs.trafficWeights).toEqual(weights);
    expect(typeof run.outputs.deploymentHealthAlarmName).toBe("string");
  });
});
