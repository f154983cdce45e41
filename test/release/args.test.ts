import { parseReleaseArgs, USAGE, UsageError } from "../../scripts/release/args";
import { formatDuration, parseDuration, resolveStrategy, STRATEGY_HELP } from "../../scripts/release/strategy";
import { releaseSchema } from "../../stacks/config/traffic-release";

const IMAGE = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:1.1.0";

function usageProblems(argv: string[]): string[] {
  try {
    parseReleaseArgs(argv);
  } catch (error) {
    if (error instanceof UsageError) return error.message.split("\n");
    throw error;
  }
  throw new Error("expected a UsageError");
}

describe("parseReleaseArgs", () => {
  test("reads a release with every flag, in both --flag value and --flag=value forms", () => {
    expect(parseReleaseArgs(["--stack", "staging", `--image=${IMAGE}`, "--strategy", "linear", "--bake=90s", "--dry-run"])).toEqual({
      stack: "staging",
      request: { kind: "release", image: IMAGE, strategy: "linear", bakeMs: 90_000, dryRun: true },
      offline: false,
    });
  });

  test("reads a rollback without an image", () => {
    expect(parseReleaseArgs(["--stack", "prod", "--rollback", "--to", "green"])).toEqual({
      stack: "prod",
      request: { kind: "rollback", to: "green", dryRun: false },
      offline: false,
    });
  });

  test("--offline plans from the configuration, so it comes only with --dry-run", () => {
    expect(parseReleaseArgs(["--stack", "prod", "--image", IMAGE, "--dry-run", "--offline"])).toMatchObject({ offline: true, request: { dryRun: true } });
    expect(parseReleaseArgs(["--stack", "prod", "--rollback", "--dry-run", "--offline"])).toMatchObject({ offline: true, request: { kind: "rollback" } });
    expect(usageProblems(["--stack", "prod", "--image", IMAGE, "--offline"])).toEqual([
      "--offline: only with --dry-run (an offline run plans from the stack's configuration; it cannot change the stack)",
    ]);
  });

  test("requires --stack and --image", () => {
    expect(usageProblems([])).toEqual([
      "--stack: is required (expected a stack name such as staging)",
      "--image: is required (expected registry/repository:tag or @sha256:digest), unless --rollback",
    ]);
    // A problem with another flag does not stand in for the missing --stack.
    expect(usageProblems(["--image", IMAGE, "--bake"])).toContain("--stack: is required (expected a stack name such as staging)");
  });

  test("refuses an image that is not pinned, with the compute schema's own message", () => {
    expect(usageProblems(["--stack", "dev", "--image", "registry/app:latest"])).toEqual([
      '--image: "registry/app:latest" is not a pinned image (expected registry/repository:tag or @sha256:digest, not :latest)',
    ]);
  });

  test("refuses a bake that is not a duration", () => {
    expect(usageProblems(["--stack", "dev", "--image", IMAGE, "--bake", "5"])).toEqual([
      '--bake: "5" is not allowed (expected a duration such as 90s, 5m, 1h30m or 0)',
    ]);
  });

  test("refuses release flags with --rollback, and --to without it", () => {
    expect(usageProblems(["--stack", "dev", "--rollback", "--image", IMAGE, "--to", "red"])).toEqual([
      "--image: not allowed with --rollback (a rollback is one update to the previous colour)",
      '--to: "red" is not allowed (expected blue or green)',
    ]);
    expect(usageProblems(["--stack", "dev", "--image", IMAGE, "--to", "blue"])).toEqual(["--to: only allowed with --rollback"]);
  });

  test("names unknown flags, stray arguments, missing values and repeated flags", () => {
    expect(usageProblems(["--stack", "--image", IMAGE, "staging", "--force", "--stack", "a", "--stack", "b"])).toEqual([
      "--stack: needs a value",
      '"staging": unexpected argument (flags start with --)',
      "--force: unknown flag (allowed: --stack, --image, --strategy, --bake, --to, --dry-run, --offline, --rollback, --help)",
      "--stack: given twice",
    ]);
  });

  test("a --stack or --image given without a value is named once, not also as missing", () => {
    expect(usageProblems(["--image", "--stack"])).toEqual(["--image: needs a value", "--stack: needs a value"]);
    expect(usageProblems(["--stack=", "--image="])).toEqual(["--stack: needs a value", "--image: needs a value"]);
  });

  test("a switch takes no value, and an argument that is not a --flag is refused whatever it holds", () => {
    expect(usageProblems(["--stack", "dev", "--image", IMAGE, "--dry-run=yes", "--dry-run="])).toEqual(["--dry-run: takes no value", "--dry-run: takes no value"]);
    expect(usageProblems(["--stack", "dev", "--image", IMAGE, "-dry-run", "x--dry-run", "--Dry-run", "--dry-run yes"])).toEqual([
      '"-dry-run": unexpected argument (flags start with --)',
      '"x--dry-run": unexpected argument (flags start with --)',
      '"--Dry-run": unexpected argument (flags start with --)',
      '"--dry-run yes": unexpected argument (flags start with --)',
    ]);
  });

  test("a value given inline keeps everything after the first =", () => {
    expect(parseReleaseArgs(["--stack=prod=eu", "--image", IMAGE])).toMatchObject({ stack: "prod=eu" });
  });

  test("--rollback refuses each of --image, --strategy and --bake, and takes either colour", () => {
    expect(usageProblems(["--stack", "dev", "--rollback", "--strategy", "linear", "--bake", "5m"])).toEqual([
      "--strategy: not allowed with --rollback (a rollback is one update to the previous colour)",
      "--bake: not allowed with --rollback (a rollback is one update to the previous colour)",
    ]);
    expect(parseReleaseArgs(["--stack", "dev", "--rollback", "--to", "blue"])).toMatchObject({ request: { kind: "rollback", to: "blue" } });
    expect(parseReleaseArgs(["--stack", "dev", "--rollback"])).toEqual({ stack: "dev", request: { kind: "rollback", to: undefined, dryRun: false }, offline: false });
  });

  test("--bake is at most 24h", () => {
    expect(parseReleaseArgs(["--stack", "dev", "--image", IMAGE, "--bake", "24h"])).toMatchObject({ request: { bakeMs: 86_400_000 } });
    expect(usageProblems(["--stack", "dev", "--image", IMAGE, "--bake", "24h0m1s"])).toEqual(['--bake: "24h0m1s" is not allowed (expected at most 24h)']);
  });

  test("without --bake or --strategy the release leaves both to the stack's configuration", () => {
    expect(parseReleaseArgs(["--stack", "dev", "--image", IMAGE])).toEqual({
      stack: "dev",
      request: { kind: "release", image: IMAGE, strategy: undefined, bakeMs: undefined, dryRun: false },
      offline: false,
    });
  });

  test("a usage error is named UsageError, which Node prints before its message if it ever escapes", () => {
    expect(() => parseReleaseArgs([])).toThrow(expect.objectContaining({ name: "UsageError" }));
  });

  test("--help wins over every other problem", () => {
    expect(parseReleaseArgs(["--help", "--bogus"])).toEqual({ help: true });
  });
});

describe("strategies", () => {
  const config = releaseSchema.parse(undefined);

  test("the configured default is a 10% canary with a five-minute bake, then 100% with the final bake", () => {
    expect(resolveStrategy(undefined, config)).toEqual({
      label: "canary",
      kind: "canary",
      steps: [
        { percent: 10, bakeMs: 300_000 },
        { percent: 100, bakeMs: 300_000 },
      ],
    });
  });

  test("linear takes its steps and bake from config", () => {
    const custom = releaseSchema.parse({ linear: { steps: [5, 25, 60], bakeSeconds: 120 }, finalBakeSeconds: 0 });
    expect(resolveStrategy("linear", custom).steps).toEqual([
      { percent: 5, bakeMs: 120_000 },
      { percent: 25, bakeMs: 120_000 },
      { percent: 60, bakeMs: 120_000 },
      { percent: 100, bakeMs: 0 },
    ]);
  });

  test.each([
    ["ECSAllAtOnce", "all-at-once", [100], []],
    ["CodeDeployDefault.ECSAllAtOnce", "all-at-once", [100], []],
    ["ECSCanary10Percent5Minutes", "canary", [10, 100], [300_000]],
    ["CodeDeployDefault.ECSCanary10Percent15Minutes", "canary", [10, 100], [900_000]],
    ["ECSLinear10PercentEvery3Minutes", "linear", [10, 20, 30, 40, 50, 60, 70, 80, 90, 100], Array(9).fill(180_000)],
    ["ECSLinear25PercentEvery1Minute", "linear", [25, 50, 75, 100], Array(3).fill(60_000)],
  ])("%s is an alias of %s with the percentages and bake its name says", (name, kind, percents, bakes) => {
    const strategy = resolveStrategy(name, config);
    expect(strategy.kind).toBe(kind);
    expect(strategy.steps.map((s) => s.percent)).toEqual(percents);
    expect(strategy.steps.slice(0, -1).map((s) => s.bakeMs)).toEqual(bakes);
    expect(strategy.steps.at(-1)!.bakeMs).toBe(300_000);
  });

  test("an alias with an impossible percentage is refused", () => {
    expect(() => resolveStrategy("ECSCanary100Percent5Minutes", config)).toThrow(/expected a percentage from 1 to 99/);
    // The name is what an uncaught refusal prints before its message.
    expect(() => resolveStrategy("ECSCanary100Percent5Minutes", config)).toThrow(expect.objectContaining({ name: "StrategyError" }));
    expect(() => resolveStrategy("ECSLinear0PercentEvery1Minutes", config)).toThrow(/expected a percentage from 1 to 99/);
  });

  test("an alias takes every percentage from 1 to 99 (the bounds found by mutation testing)", () => {
    expect(resolveStrategy("ECSCanary1Percent5Minutes", config).steps.map((s) => s.percent)).toEqual([1, 100]);
    expect(resolveStrategy("ECSCanary99Percent5Minutes", config).steps.map((s) => s.percent)).toEqual([99, 100]);
  });

  test("--help names every strategy and alias form it takes, and each form it names resolves", () => {
    const strategyLine = USAGE.split("\n").find((line) => line.trimStart().startsWith("--strategy"))!;
    expect(strategyLine).toContain(STRATEGY_HELP);
    const names = STRATEGY_HELP.replace(/.*: /, "").split(", ").concat(STRATEGY_HELP.split(",")[0].split(" | "));
    expect(names.sort()).toEqual(["ECSAllAtOnce", "ECSCanary<percent>Percent<minutes>Minutes", "ECSLinear<percent>PercentEvery<minutes>Minutes", "all-at-once", "canary", "linear"]);
    const kinds = names.map((name) => resolveStrategy(name.replace("<percent>", "20").replace("<minutes>", "4"), config).kind);
    expect(kinds).toEqual(["all-at-once", "canary", "linear", "all-at-once", "canary", "linear"]);
  });

  test("an alias's percentage and minutes may have several digits", () => {
    expect(resolveStrategy("ECSCanary15Percent30Minutes", config).steps).toEqual([
      { percent: 15, bakeMs: 1_800_000 },
      { percent: 100, bakeMs: 300_000 },
    ]);
    expect(() => resolveStrategy("ECSCanary99999999999999999999999999Percent5Minutes", config)).toThrow(/expected a percentage from 1 to 99/);
  });

  test("--bake overrides the alias's bake and the final bake", () => {
    expect(resolveStrategy("ECSCanary10Percent5Minutes", config, 1000).steps.map((s) => s.bakeMs)).toEqual([1000, 1000]);
  });
});

describe("durations", () => {
  test.each([
    ["0", 0],
    ["0s", 0],
    ["90s", 90_000],
    ["5m", 300_000],
    ["1h30m", 5_400_000],
    ["1m30s", 90_000],
    ["45m", 2_700_000],
    ["12h", 43_200_000],
    ["1h1m1s", 3_661_000],
  ])("%s is %i ms", (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  test.each(["", "5", "5x", "m", "1.5m", "-1m", "5m1h"])("%j is not a duration", (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });

  test("format reads back as the same duration", () => {
    for (const ms of [0, 15_000, 60_000, 90_000, 3_600_000, 5_430_000]) expect(parseDuration(formatDuration(ms))).toBe(ms);
  });
});
