import { parsePlatformConfig } from "../../stacks/config";
import { configProblems, MINIMAL_CONFIG, readStackConfig } from "../harness";

function problemsOf(compute: unknown, extra: Record<string, string> = {}): readonly string[] {
  return configProblems({ ...MINIMAL_CONFIG, ...extra, "platform:compute": JSON.stringify(compute) });
}

const parse = (compute: unknown) => parsePlatformConfig({ ...MINIMAL_CONFIG, "platform:compute": JSON.stringify(compute) }, "test").compute;

describe("platform:compute common fields", () => {
  test("defaults are prod-grade: 0.5 vCPU and 1 GiB, two to six tasks, 60% CPU, on-demand Fargate, Exec off", () => {
    const compute = parse({});
    expect(compute).toMatchObject({ cpu: 512, memoryMiB: 1024, healthCheckGracePeriodSeconds: 60, environment: {} });
    expect(compute.scaling).toEqual({ minCount: 2, maxCount: 6, cpuTargetPercent: 60, requestsPerTarget: 1000 });
    expect(compute.build).toBeUndefined();
    expect(compute.ecs).toMatchObject({
      capacity: { fargate: { base: 0, weight: 1 }, fargateSpot: { base: 0, weight: 0 } },
      containerInsights: "enhanced",
      executeCommand: false,
      cpuArchitecture: "X86_64",
      user: "101:101",
      native: { strategy: "BLUE_GREEN", bakeTimeMinutes: 10 },
    });
  });

  test.each<[string, unknown, string]>([
    ["a memory size the CPU does not allow on Fargate", { cpu: 256, memoryMiB: 4096 }, 'platform:compute.memoryMiB: 4096 is not allowed (expected one of 512, 1024, 2048 MiB with 256 CPU units (platform "ecs" runs on Fargate))'],
    ["a CPU size Fargate does not offer", { cpu: 300, memoryMiB: 1024 }, 'platform:compute.cpu: 300 is not allowed (expected one of 256, 512, 1024, 2048, 4096, 8192, 16384 (platform "ecs" runs on Fargate))'],
    ["minCount above maxCount", { scaling: { minCount: 4, maxCount: 2 } }, "platform:compute.scaling.minCount: 4 is not allowed (expected at most maxCount (2))"],
    ["desiredCount outside the bounds", { scaling: { minCount: 2, maxCount: 4, desiredCount: 5 } }, "platform:compute.scaling.desiredCount: 5 is not allowed (expected from minCount (2) to maxCount (4))"],
    ["a CPU target of 95%", { scaling: { cpuTargetPercent: 95 } }, "platform:compute.scaling.cpuTargetPercent: 95 is not allowed (expected an integer from 10 to 90)"],
    ["a tmpfs larger than half the task memory", { memoryMiB: 512, cpu: 256, ecs: { scratch: { sizeMiB: 300 } } }, "platform:compute.ecs.scratch.sizeMiB: 300 is not allowed (expected at most 256 (half of memoryMiB: the tmpfs lives in the task's memory))"],
    ["a grace period over an hour", { healthCheckGracePeriodSeconds: 7200 }, "platform:compute.healthCheckGracePeriodSeconds: 7200 is not allowed (expected an integer from 0 to 3600)"],
    ["a build tagged latest", { build: { context: "app", imageTag: "latest", colour: "green" } }, 'platform:compute.build.imageTag: "latest" is not allowed (expected an image tag (letters, digits, _ . -; up to 128, not latest))'],
    ["a build without a colour", { build: { context: "app", imageTag: "abc123" } }, "platform:compute.build.colour: is required (expected \"blue\" | \"green\")"],
    ["desiredCount below minCount", { scaling: { minCount: 2, maxCount: 4, desiredCount: 1 } }, "platform:compute.scaling.desiredCount: 1 is not allowed (expected from minCount (2) to maxCount (4))"],
    ["a build without a context", { build: { context: "", imageTag: "abc123", colour: "green" } }, 'platform:compute.build.context: "" is not allowed (expected a path to the Docker build context)'],
    ["an empty Dockerfile path", { build: { context: "app", dockerfile: "", imageTag: "abc123", colour: "green" } }, 'platform:compute.build.dockerfile: "" is not allowed (expected a path to a Dockerfile)'],
    ["a build's protect as text", { build: { context: "app", imageTag: "abc123", colour: "green", protect: "yes" } }, 'platform:compute.build.protect: "yes" is not allowed (expected true or false)'],
    ["environment as one line", { environment: "LOG_LEVEL=info" }, 'platform:compute.environment: "LOG_LEVEL=info" is not allowed (expected a map of environment variable names to string values)'],
    ["an environment value that is not a string", { environment: { WORKERS: 4 } }, "platform:compute.environment.WORKERS: 4 is not allowed (expected a string value)"],
    ["an empty value under a secret's name, shown since it reveals nothing", { environment: { DB_PASSWORD: "" } }, 'platform:compute.environment.DB_PASSWORD: "" is a secret by its name (expected plain settings only; pass secrets through Secrets Manager, never environment)'],
  ])("refuses %s, naming the key", (_case, compute, message) => {
    expect(problemsOf(compute)).toEqual([message]);
  });

  test("accepts scaling bounds that meet: minCount at maxCount, desiredCount at either", () => {
    expect(parse({ scaling: { minCount: 3, maxCount: 3, desiredCount: 3 } }).scaling).toMatchObject({ minCount: 3, maxCount: 3, desiredCount: 3 });
    expect(parse({ scaling: { minCount: 2, maxCount: 4, desiredCount: 4 } }).scaling.desiredCount).toBe(4);
    expect(parse({ scaling: { minCount: 2, maxCount: 4, desiredCount: 2 } }).scaling.desiredCount).toBe(2);
  });

  test("the Fargate size check applies only to ECS: EKS pods take any size", () => {
    expect(problemsOf({ platform: "eks", cpu: 300, memoryMiB: 700 })).toEqual([]);
  });

  test.each([
    ["DB_PASSWORD", "hunter2"],
    ["STRIPE_API_KEY", "sk_test_123"],
    ["GITHUB_TOKEN", "not-a-real-token"],
  ])("refuses the secret-looking name %s in environment without echoing its value", (name, value) => {
    const problems = problemsOf({ environment: { [name]: value } });
    expect(problems).toEqual([
      `platform:compute.environment.${name}: "(hidden)" is a secret by its name (expected plain settings only; pass secrets through Secrets Manager, never environment)`,
    ]);
    expect(problems.join()).not.toContain(value);
  });

  test("refuses a credential-shaped value under an innocent name without echoing it", () => {
    const problems = problemsOf({ environment: { DATABASE_URL: "postgres://app:hunter2@db:5432/app", AWS_KEY_ID: "AKIAABCDEFGHIJKLMNOP" } });
    expect(problems).toEqual([
      'platform:compute.environment.DATABASE_URL: "(hidden)" is shaped like a URL with a password (expected plain settings only; pass secrets through Secrets Manager, never environment)',
      'platform:compute.environment.AWS_KEY_ID: "(hidden)" is shaped like an AWS access key id (expected plain settings only; pass secrets through Secrets Manager, never environment)',
    ]);
  });

  test("accepts plain settings and refuses a name that is not a variable name", () => {
    expect(parse({ environment: { LOG_LEVEL: "info", FEATURE_X: "on" } }).environment).toEqual({ LOG_LEVEL: "info", FEATURE_X: "on" });
    expect(problemsOf({ environment: { "LOG-LEVEL": "info" } })).toEqual([
      'platform:compute.environment.LOG-LEVEL: "LOG-LEVEL" is not allowed (expected an environment variable name (letters, digits, _; not starting with a digit))',
    ]);
  });
});

describe("platform:compute.ecs", () => {
  test.each<[string, unknown, string]>([
    ["no weight on either capacity provider", { capacity: { fargate: { weight: 0 } } }, "platform:compute.ecs.capacity.fargate.weight: 0 is not allowed (expected a weight above zero on fargate or fargateSpot)"],
    ["a base on both capacity providers", { capacity: { fargate: { base: 1 }, fargateSpot: { base: 1, weight: 1 } } }, "platform:compute.ecs.capacity.fargateSpot.base: 1 is not allowed (expected 0 when fargate.base is set (ECS allows a base on one provider only))"],
    ["the root user", { user: "0:0" }, 'platform:compute.ecs.user: "0:0" is not allowed (expected a non-root user as uid or uid:gid)'],
    ["a user name instead of a uid", { user: "nginx" }, 'platform:compute.ecs.user: "nginx" is not allowed (expected a non-root user as uid or uid:gid)'],
    ["Container Insights disabled", { containerInsights: "disabled" }, 'platform:compute.ecs.containerInsights: "disabled" is not allowed (expected "enhanced" | "enabled")'],
    ["a health check timeout as long as the interval", { healthCheck: { intervalSeconds: 10, timeoutSeconds: 10 } }, "platform:compute.ecs.healthCheck.timeoutSeconds: 10 is not allowed (expected less than intervalSeconds (10))"],
    ["an unknown native strategy", { native: { strategy: "ROLLING" } }, 'platform:compute.ecs.native.strategy: "ROLLING" is not allowed (expected "BLUE_GREEN" | "CANARY" | "LINEAR")'],
    ["a canary under 0.1%", { native: { canaryPercent: 0 } }, "platform:compute.ecs.native.canaryPercent: 0 is not allowed (expected a number from 0.1 to 100)"],
    ["a linear step under 3%", { native: { linearStepPercent: 1 } }, "platform:compute.ecs.native.linearStepPercent: 1 is not allowed (expected a number from 3 to 100)"],
    ["a bake time over a day", { native: { bakeTimeMinutes: 2000 } }, "platform:compute.ecs.native.bakeTimeMinutes: 2000 is not allowed (expected an integer from 0 to 1440)"],
    ["root by uid alone", { user: "0" }, 'platform:compute.ecs.user: "0" is not allowed (expected a non-root user as uid or uid:gid)'],
    ["a relative health check path", { healthCheck: { path: "healthz" } }, 'platform:compute.ecs.healthCheck.path: "healthz" is not allowed (expected an HTTP path starting with /)'],
    ["a health check command of one word", { healthCheck: { command: ["CMD"] } }, 'platform:compute.ecs.healthCheck.command: ["CMD"] is not allowed (expected a list such as ["CMD", "/app/healthcheck"])'],
    ["a health check command as one string", { healthCheck: { command: "CMD /app/healthcheck" } }, 'platform:compute.ecs.healthCheck.command: "CMD /app/healthcheck" is not allowed (expected a list such as ["CMD", "/app/healthcheck"])'],
    ["an empty word in the health check command", { healthCheck: { command: ["CMD", ""] } }, 'platform:compute.ecs.healthCheck.command[1]: "" is not allowed (expected a command word)'],
    ["alarm names as one string", { native: { alarmNames: "app-deployment-health" } }, 'platform:compute.ecs.native.alarmNames: "app-deployment-health" is not allowed (expected a list of CloudWatch alarm names)'],
    ["an empty alarm name", { native: { alarmNames: [""] } }, 'platform:compute.ecs.native.alarmNames[0]: "" is not allowed (expected a CloudWatch alarm name)'],
    ["an unknown scratch type", { scratch: { type: "disk" } }, 'platform:compute.ecs.scratch.type: "disk" is not allowed (expected "tmpfs" | "ephemeral")'],
  ])("refuses %s, naming the key", (_case, ecs, message) => {
    expect(problemsOf({ ecs })).toEqual([message]);
  });

  test.each(["1000", "1000:1000", "101:0"])("accepts the user %s (non-root uid, any gid)", (user) => {
    expect(parse({ ecs: { user } }).ecs.user).toBe(user);
  });
});

describe("shipped stack files", () => {
  const computeOf = (stack: string) => parsePlatformConfig(readStackConfig(stack).values, stack).compute;

  test.each([
    ["dev", 1, 1, 2],
    ["staging", 2, 2, 3],
    ["prod", 3, 3, 20],
  ])("%s scales from %i (desired %i) to %i tasks per colour", (stack, min, desired, max) => {
    expect(computeOf(stack).scaling).toMatchObject({ minCount: min, desiredCount: desired, maxCount: max, cpuTargetPercent: 60 });
  });

  test("only dev runs on Fargate Spot; prod keeps three tasks on on-demand Fargate", () => {
    expect(computeOf("dev").ecs.capacity).toEqual({ fargate: { base: 0, weight: 0 }, fargateSpot: { base: 0, weight: 1 } });
    expect(computeOf("staging").ecs.capacity.fargateSpot.weight).toBe(0);
    expect(computeOf("prod").ecs.capacity).toEqual({ fargate: { base: 3, weight: 1 }, fargateSpot: { base: 0, weight: 0 } });
  });

  test("ECS Exec is off in prod", () => {
    expect(computeOf("prod").ecs.executeCommand).toBe(false);
  });
});
