/**
 * The release over the real program under the mock runtime: the weights the
 * controller writes at each step become the listener's forward weights when
 * the program runs with them (once per distinct step), and
 * `--dry-run --offline` plans from the program's outputs for a stack file.
 */
import { EXIT, main, productionEnvironment } from "../../scripts/release/cli";
import { planRelease, ReleasePlan } from "../../scripts/release/plan";
import { configFor, snapshotFromOutputs } from "../../scripts/release/pulumi-stack";
import { resolveStrategy } from "../../scripts/release/strategy";
import { StackChange, Weights, weightsFor } from "../../scripts/release/types";
import { releaseSchema } from "../../stacks/config/traffic-release";
import { runProgram, RunResult } from "../harness";
import { NEW, snapshot } from "./fakes";

const TASK_DEFINITION = "aws:ecs/taskDefinition:TaskDefinition";

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

/**
 * The config an update writes, as `pulumi config set --path` stores it: each
 * dotted key a nested object, integer-looking values as integers (Pulumi's
 * rule: "0" or digits not starting with 0), the rest as strings.
 */
function storedConfig(change: StackChange): Record<string, unknown> {
  const config: Record<string, any> = {};
  for (const [key, { value }] of Object.entries(configFor(change))) {
    const [namespace, ...path] = key.split(".");
    let node = (config[namespace] ??= {});
    for (const part of path.slice(0, -1)) node = node[part] ??= {};
    node[path.at(-1)!] = /^(0|[1-9]\d*)$/.test(value) ? Number(value) : value;
  }
  return config;
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
    const run = await runProgram({ stack: "staging", overrides: storedConfig({ weights }) });
    const arns = run.outputs.targetGroupArns as Record<"blue" | "green", string>;
    expect(forwardWeights(run)).toEqual({ [arns.blue]: weights.blue, [arns.green]: weights.green });
    expect(run.outputs.trafficWeights).toEqual(weights);
    expect(typeof run.outputs.deploymentHealthAlarmName).toBe("string");
  });
});

describe("the deployment step in the program", () => {
  test("puts the image on the idle colour only, and the outputs are what the next release step reads", async () => {
    const change: StackChange = { weights: { blue: 100, green: 0 }, image: { colour: "green", image: NEW } };
    const run = await runProgram({ stack: "staging", overrides: storedConfig(change) });
    const outputs = Object.fromEntries(Object.entries(run.outputs).map(([key, value]) => [key, { value, secret: false }]));
    const state = snapshotFromOutputs("staging", outputs);

    expect(state.weights).toEqual({ blue: 100, green: 0 });
    expect(state.images.green).toBe(NEW);
    expect(state.images.blue).not.toBe(NEW);
    expect(state.alarmName).toBe("staging-deployment-health");
    const running = run.ofType(TASK_DEFINITION).filter((t) => JSON.parse(t.inputs.containerDefinitions).some((c: any) => c.image === NEW));
    expect(running.map((t) => t.name)).toEqual([expect.stringMatching(/-green$/)]);
  });
});

describe("npm run release -- --dry-run --offline", () => {
  /** Runs the command with nothing but the offline preview: opening the deployed stack fails the test. */
  async function offline(argv: string[]): Promise<{ code: number; text: string }> {
    const out: string[] = [];
    const code = await main([...argv, "--dry-run", "--offline"], {
      ...productionEnvironment(),
      open: async () => {
        throw new Error("the deployed stack must not be opened");
      },
      stdout: (text) => void out.push(text),
      stderr: (text) => void out.push(text),
      onInterrupt: () => undefined,
    });
    return { code, text: out.join("").replace(/^\S+Z /gm, "") };
  }

  test("prints prod's linear plan, 10% then 50% then 100%, from its configuration alone, saying what it assumes", async () => {
    const { code, text } = await offline(["--stack", "prod", "--image", NEW, "--strategy", "linear"]);
    expect(code).toBe(EXIT.done);
    expect(text).toContain("it assumes the stack is deployed exactly as configured");
    expect(text).toContain("Stack prod: weights blue 100 / green 0;");
    expect(text).toContain(`Release plan: ${NEW} to green, strategy linear: 10% → 50% → 100%.`);
    expect(text).toContain("shift to blue 90 / green 10 (10% on green), bake 1m watching prod-deployment-health-green and green's targets");
    expect(text).toContain("shift to blue 50 / green 50 (50% on green), bake 1m");
    expect(text).toContain("shift to blue 0 / green 100 (100% on green), bake 10m");
    expect(text).toContain("Dry run: nothing was changed.");
  });

  test("prod's stack file takes a manual snapshot of its database named after the image before the first update; staging's does not", async () => {
    const prod = await offline(["--stack", "prod", "--image", NEW]);
    expect(prod.text).toContain("Before the first update: a manual snapshot platform-prod-pre-app-1-1-0 of database platform-prod, kept 30 days");
    const staging = await offline(["--stack", "staging", "--image", NEW]);
    expect(staging.code).toBe(EXIT.done);
    expect(staging.text).not.toContain("manual snapshot");
  });

  test("a stack without a stack file is refused", async () => {
    const { code, text } = await offline(["--stack", "qa", "--image", NEW]);
    expect(code).toBe(EXIT.refused);
    expect(text).toContain("Refused: no Pulumi.qa.yaml: an offline plan reads the stack file (stacks with one: dev, staging, prod, prod-dr)");
  });
});
