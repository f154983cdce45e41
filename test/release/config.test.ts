import { parsePlatformConfig } from "../../stacks/config";
import { configProblems as problemsOf, MINIMAL_CONFIG as VALID } from "../harness";

const withRelease = (release: unknown) => ({ ...VALID, "platform:traffic": JSON.stringify({ release }) });

describe("platform:traffic.release", () => {
  test("defaults to a 10% canary baked five minutes, linear 10% and 50% baked a minute each, and five minutes at 100%", () => {
    expect(parsePlatformConfig(VALID, "test").traffic.release).toEqual({
      strategy: "canary",
      canary: { percent: 10, bakeSeconds: 300 },
      linear: { steps: [10, 50], bakeSeconds: 60 },
      finalBakeSeconds: 300,
      healthTimeoutSeconds: 600,
      pollIntervalSeconds: 15,
      databaseSnapshot: { enabled: false, retentionDays: 14, timeoutSeconds: 3600 },
    });
  });

  test("keeps a configured bake of zero", () => {
    expect(parsePlatformConfig(withRelease({ canary: { bakeSeconds: 0 } }), "test").traffic.release.canary.bakeSeconds).toBe(0);
  });

  test("lists the strategies when given another", () => {
    expect(problemsOf(withRelease({ strategy: "blue-green" }))).toEqual([
      'platform:traffic.release.strategy: "blue-green" is not allowed (expected "all-at-once" | "canary" | "linear")',
    ]);
  });

  test("refuses linear steps that do not increase", () => {
    expect(problemsOf(withRelease({ linear: { steps: [50, 10] } }))).toEqual([
      "platform:traffic.release.linear.steps: [50,10] is not allowed (expected strictly increasing percentages)",
    ]);
  });

  test("refuses a step of 100%, which every strategy ends with anyway", () => {
    expect(problemsOf(withRelease({ linear: { steps: [10, 100] } }))).toEqual([
      "platform:traffic.release.linear.steps[1]: 100 is not allowed (expected an integer from 1 to 99)",
    ]);
  });

  test("refuses a poll interval below five seconds, which would throttle the CloudWatch and ELB APIs", () => {
    expect(problemsOf(withRelease({ pollIntervalSeconds: 1 }))).toEqual([
      "platform:traffic.release.pollIntervalSeconds: 1 is not allowed (expected an integer from 5 to 300)",
    ]);
  });

  test("names a misspelt key with the allowed ones", () => {
    expect(problemsOf(withRelease({ bakeMinutes: 5 }))).toEqual([
      "platform:traffic.release.bakeMinutes: unknown key (allowed keys: strategy, canary, linear, finalBakeSeconds, healthTimeoutSeconds, pollIntervalSeconds, databaseSnapshot)",
    ]);
  });
});
