/**
 * `--dry-run --offline`'s stack, over a preview that answers as the test says.
 * listener-weights.test.ts runs the same path over the real offline preview
 * of the shipped stacks; this file covers what those never produce: a failed
 * preview, and every operation an offline plan must refuse.
 */
import { preview, PreviewOutcome } from "../../scripts/preview/cli";
import { ConfiguredStack, NO_AWS, NO_BACKUPS, offlineOutputs } from "../../scripts/release/offline-stack";
import { snapshot } from "./fakes";

jest.mock("../../scripts/preview/cli", () => ({ preview: jest.fn() }));
const previewOf = preview as jest.MockedFunction<typeof preview>;

const OUTPUTS = {
  trafficWeights: { blue: 100, green: 0 },
  images: snapshot().images,
  targetGroupArns: snapshot().targetGroupArns,
  deploymentHealthAlarmName: snapshot().alarmName,
};

function ran(outputs: Record<string, unknown>): PreviewOutcome {
  return { run: { outputs } as never, diagnostics: [], durationMs: 1 };
}

afterEach(() => previewOf.mockReset());

describe("offlineOutputs", () => {
  test("are the preview's outputs, none of them secret, for the stack asked for", async () => {
    previewOf.mockResolvedValue(ran(OUTPUTS));
    expect(await offlineOutputs("staging")).toEqual({
      trafficWeights: { value: { blue: 100, green: 0 }, secret: false },
      images: { value: snapshot().images, secret: false },
      targetGroupArns: { value: snapshot().targetGroupArns, secret: false },
      deploymentHealthAlarmName: { value: snapshot().alarmName, secret: false },
    });
    expect(previewOf.mock.calls).toEqual([["staging"]]);
  });

  test("a failed preview is thrown with its headline, without the CLI's 'error: ' prefix, then its details", async () => {
    previewOf.mockResolvedValue({
      failure: { kind: "config", lines: ["error: stack prod has invalid configuration (1 problem) in Pulumi.prod.yaml:", "  - platform:compute.cpu: 3 is not allowed"] },
      diagnostics: [],
      durationMs: 1,
    });
    await expect(offlineOutputs("prod")).rejects.toThrow(
      new Error("the offline preview of stack prod failed: stack prod has invalid configuration (1 problem) in Pulumi.prod.yaml:\n  - platform:compute.cpu: 3 is not allowed"),
    );
  });

  test("only a leading 'error: ' is taken off the headline", async () => {
    previewOf.mockResolvedValue({ failure: { kind: "program", lines: ["TypeError: error: x is undefined"] }, diagnostics: [], durationMs: 1 });
    await expect(offlineOutputs("prod")).rejects.toThrow(new Error("the offline preview of stack prod failed: TypeError: error: x is undefined"));
  });

  test("a stack without a stack file is refused before any preview runs", async () => {
    await expect(offlineOutputs("qa")).rejects.toThrow(new Error("no Pulumi.qa.yaml: an offline plan reads the stack file (stacks with one: dev, staging, prod, prod-dr)"));
    expect(previewOf).not.toHaveBeenCalled();
  });
});

describe("ConfiguredStack", () => {
  test("reads the release's snapshot from the outputs and platform:traffic from the stack file, with its defaults", async () => {
    previewOf.mockResolvedValue(ran(OUTPUTS));
    const stack = await ConfiguredStack.load("prod");
    expect(stack.stackName).toBe("prod");
    expect(await stack.read()).toEqual(snapshot());
    // Pulumi.prod.yaml sets a canary baked 15 minutes; the linear steps are the schema's defaults.
    expect((await stack.trafficConfig()).release).toMatchObject({ strategy: "canary", canary: { percent: 10, bakeSeconds: 900 }, linear: { steps: [10, 50] } });
  });

  test("a preview without the release's outputs is named with the stack", async () => {
    previewOf.mockResolvedValue(ran({ images: OUTPUTS.images }));
    await expect((await ConfiguredStack.load("prod")).read()).rejects.toThrow(/^stack prod has no outputs to release from:\n {2}- trafficWeights: missing/);
  });

  test("has no history and changes nothing", async () => {
    previewOf.mockResolvedValue(ran(OUTPUTS));
    const stack = await ConfiguredStack.load("staging");
    expect(await stack.activeUpdate()).toBeUndefined();
    expect(await stack.lastUpdateMessage()).toBeUndefined();
    await expect(stack.update()).rejects.toThrow(new Error("an offline plan cannot update the stack"));
  });

  test("reads no AWS API: every health read and backup call is refused", async () => {
    const calls = [
      NO_AWS.alarmState("a"),
      NO_AWS.targetHealth("arn"),
      NO_AWS.loadBalancersOf("arn"),
      NO_BACKUPS.snapshotStatus("s"),
      NO_BACKUPS.createSnapshot("db", "s", {}),
      NO_BACKUPS.releaseSnapshots("db"),
      NO_BACKUPS.deleteSnapshot("s"),
    ];
    const outcomes = await Promise.allSettled(calls);
    expect(outcomes.map((o) => (o.status === "rejected" ? (o.reason as Error).message : "resolved"))).toEqual(Array(7).fill("an offline plan reads no AWS API"));
  });
});
