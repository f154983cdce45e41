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

  // Each bound of each setting, and each message word for word.
  test.each<[string, unknown, string]>([
    ["linear steps that repeat a percentage", { linear: { steps: [10, 10] } }, "linear.steps: [10,10] is not allowed (expected strictly increasing percentages)"],
    ["no linear steps", { linear: { steps: [] } }, "linear.steps: [] is not allowed (expected at least one percentage from 1 to 99)"],
    ["linear steps as text", { linear: { steps: "10,50" } }, 'linear.steps: "10,50" is not allowed (expected a list of percentages from 1 to 99)'],
    ["a canary of 0%", { canary: { percent: 0 } }, "canary.percent: 0 is not allowed (expected an integer from 1 to 99)"],
    ["a canary bake over a day", { canary: { bakeSeconds: 86_401 } }, "canary.bakeSeconds: 86401 is not allowed (expected an integer from 0 to 86400)"],
    ["a negative linear bake", { linear: { bakeSeconds: -1 } }, "linear.bakeSeconds: -1 is not allowed (expected an integer from 0 to 86400)"],
    ["a final bake in minutes", { finalBakeSeconds: 2.5 }, "finalBakeSeconds: 2.5 is not allowed (expected an integer from 0 to 86400)"],
    ["a health timeout under 30 seconds", { healthTimeoutSeconds: 29 }, "healthTimeoutSeconds: 29 is not allowed (expected an integer from 30 to 86400)"],
    ["a poll interval over five minutes", { pollIntervalSeconds: 301 }, "pollIntervalSeconds: 301 is not allowed (expected an integer from 5 to 300)"],
    ["a snapshot switch as text", { databaseSnapshot: { enabled: "yes" } }, 'databaseSnapshot.enabled: "yes" is not allowed (expected true or false)'],
    ["snapshots kept over a year", { databaseSnapshot: { retentionDays: 366 } }, "databaseSnapshot.retentionDays: 366 is not allowed (expected an integer from 1 to 365)"],
    ["a snapshot timeout under a minute", { databaseSnapshot: { timeoutSeconds: 59 } }, "databaseSnapshot.timeoutSeconds: 59 is not allowed (expected an integer from 60 to 86400)"],
    ["a misspelt canary key", { canary: { percentage: 10 } }, "canary.percentage: unknown key (allowed keys: percent, bakeSeconds)"],
    ["a misspelt linear key", { linear: { step: [10] } }, "linear.step: unknown key (allowed keys: steps, bakeSeconds)"],
    ["a misspelt snapshot key", { databaseSnapshot: { retention: 7 } }, "databaseSnapshot.retention: unknown key (allowed keys: enabled, retentionDays, timeoutSeconds)"],
  ])("refuses %s", (_, release, problem) => {
    expect(problemsOf(withRelease(release))).toEqual([`platform:traffic.release.${problem}`]);
  });

  test("accepts each setting at its bounds", () => {
    const edges = {
      strategy: "linear",
      canary: { percent: 99, bakeSeconds: 86_400 },
      linear: { steps: [1, 99], bakeSeconds: 0 },
      finalBakeSeconds: 0,
      healthTimeoutSeconds: 30,
      pollIntervalSeconds: 5,
      databaseSnapshot: { enabled: true, retentionDays: 365, timeoutSeconds: 60 },
    };
    expect(parsePlatformConfig(withRelease(edges), "test").traffic.release).toEqual(edges);
  });
});
