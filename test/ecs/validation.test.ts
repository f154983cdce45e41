import * as pulumi from "@pulumi/pulumi";
import { BlueGreenFargateServiceArgs, EcsCluster, validateBlueGreenFargateServiceArgs } from "../../components/ecs";
import { isSecretLikeName, secretLikeValue } from "../../components/internal/secret-like";
import { baseArgs, runService } from "./fixtures";

// Validation is pure: a stand-in cluster object is enough, no resource is created.
const problemsOf = (overrides: Partial<BlueGreenFargateServiceArgs>) =>
  validateBlueGreenFargateServiceArgs({ ...baseArgs(), cluster: {} as EcsCluster, ...overrides }).list;

describe("validateBlueGreenFargateServiceArgs", () => {
  test("the baseline is valid", () => {
    expect(problemsOf({})).toEqual([]);
  });

  test.each<[string, Partial<BlueGreenFargateServiceArgs>, RegExp]>([
    ["a CPU size Fargate does not offer", { cpu: 300 }, /^cpu: 300 is not allowed \(expected a Fargate size/],
    ["memory the CPU size does not allow", { cpu: 256, memoryMiB: 4096 }, /^memoryMiB: 4096 is not allowed \(expected one of 512, 1024, 2048 MiB with 256 CPU units\)/],
    ["the root user", { user: "0" }, /^user: "0" is not allowed \(expected a numeric non-root uid/],
    ["root by name", { user: "root" }, /^user: "root" is not allowed/],
    ["a privileged port", { containerPort: 80 }, /^containerPort: 80 is not allowed \(expected an integer from 1024 to 65535/],
    ["minCount above maxCount", { scaling: { minCount: 5, maxCount: 2 } }, /^scaling\.maxCount: 2 is not allowed \(expected an integer from minCount \(5\) to 1000\)/],
    ["desiredCount outside the bounds", { scaling: { minCount: 2, maxCount: 4, desiredCount: 9 } }, /^scaling\.desiredCount: 9 is not allowed \(expected from minCount \(2\) to maxCount \(4\)\)/],
    ["a CPU target of 100%", { scaling: { minCount: 1, maxCount: 2, cpuTargetPercent: 100 } }, /^scaling\.cpuTargetPercent: 100 is not allowed/],
    ["a log retention CloudWatch does not offer", { logRetentionDays: 45 }, /^logRetentionDays: 45 is not allowed \(expected one of 1, 3/],
    ["no weight on any capacity provider", { capacity: { fargate: { weight: 0 }, fargateSpot: { weight: 0 } } }, /^capacity: .* is not allowed \(expected a weight above zero/],
    ["a base on both providers", { capacity: { fargate: { base: 1, weight: 1 }, fargateSpot: { base: 1, weight: 1 } } }, /^capacity\.fargateSpot\.base: 1 is not allowed \(expected 0 when capacity\.fargate\.base is set/],
    ["Fargate Spot on ARM64", { cpuArchitecture: "ARM64", capacity: { fargateSpot: { weight: 1 } } }, /^capacity\.fargateSpot: .* \(expected no Fargate Spot with cpuArchitecture ARM64/],
    ["a health check timeout as long as its interval", { healthCheck: { intervalSeconds: 10, timeoutSeconds: 10 } }, /^healthCheck\.timeoutSeconds: 10 is not allowed \(expected an integer from 2 to 60, below intervalSeconds \(10\)\)/],
    ["a tmpfs larger than half the memory", { scratch: { sizeMiB: 600 } }, /^scratch\.sizeMiB: 600 is not allowed \(expected an integer from 1 to 512 \(half of memoryMiB/],
    ["a health check command without CMD", { healthCheck: { command: ["curl", "-f", "localhost"] } }, /^healthCheck\.command: .* \(expected \["CMD", <program>, \.\.\.\] or \["CMD-SHELL", <script>\]\)/],
  ])("refuses %s, naming the argument", (_case, overrides, message) => {
    expect(problemsOf(overrides)).toEqual([expect.stringMatching(message)]);
  });

  test("request-count scaling needs the load balancer's ARN suffix", () => {
    const base = baseArgs();
    expect(problemsOf({ loadBalancer: { ...base.loadBalancer, loadBalancerArnSuffix: undefined } })).toEqual([
      expect.stringMatching(/^loadBalancer\.loadBalancerArnSuffix: \(not set\) is not allowed \(expected the ALB's ARN suffix when scaling\.requestsPerTarget is set\)/),
    ]);
  });

  test("refuses a secret-looking environment name without printing its value", () => {
    const problems = problemsOf({ environment: { STRIPE_API_KEY: "sk_test_abc" } });
    expect(problems).toEqual([expect.stringMatching(/^environment\.STRIPE_API_KEY: "\(hidden\)" is not allowed \(expected a plain setting; a secret-looking name goes through `secrets`\)/)]);
    expect(problems.join()).not.toContain("sk_test_abc");
  });

  test("refuses a credential-shaped environment value without printing it", () => {
    const problems = problemsOf({ environment: { DATABASE_URL: "postgres://app:hunter2@db:5432/app" } });
    expect(problems).toEqual([expect.stringMatching(/^environment\.DATABASE_URL: "\(hidden\)" is not allowed \(expected a plain setting, not a URL with a password/)]);
    expect(problems.join()).not.toContain("hunter2");
  });

  test("refuses a name used both as a plain setting and as a secret", () => {
    const problems = problemsOf({ environment: { DB_HOST: "x" } });
    expect(problems).toEqual([expect.stringMatching(/^appSettings: "DB_HOST" is not allowed \(expected a name not already used by environment\)/)]);
  });

  test("a native deployment needs the production listener rule and at least one rollback alarm", () => {
    expect(problemsOf({ deployment: { kind: "native", alarmNames: [] } })).toEqual([
      expect.stringMatching(/^deployment\.alarmNames: \[\] is not allowed \(expected at least one CloudWatch alarm/),
      expect.stringMatching(/^loadBalancer\.productionListenerRuleArn: \(not set\) is not allowed \(expected the listener rule ECS moves/),
    ]);
  });

  test.each<[string, object, RegExp]>([
    ["a bake time over a day", { bakeTimeMinutes: 1441 }, /^deployment\.bakeTimeMinutes: 1441 is not allowed \(expected an integer from 0 to 1440 minutes\)/],
    ["a canary below 0.1%", { strategy: "CANARY", canaryPercent: 0.05 }, /^deployment\.canaryPercent: 0\.05 is not allowed \(expected a number from 0\.1 to 100\)/],
    ["a linear step below 3%", { strategy: "LINEAR", linearStepPercent: 2 }, /^deployment\.linearStepPercent: 2 is not allowed \(expected a number from 3 to 100\)/],
    ["an unknown strategy", { strategy: "ROLLING" }, /^deployment\.strategy: "ROLLING" is not allowed \(expected BLUE_GREEN \| CANARY \| LINEAR\)/],
  ])("refuses a native deployment with %s", (_case, extra, message) => {
    const base = baseArgs();
    const problems = problemsOf({
      deployment: { kind: "native", alarmNames: ["a"], ...extra } as never,
      loadBalancer: { ...base.loadBalancer, productionListenerRuleArn: pulumi.output("arn:rule") },
    });
    expect(problems).toEqual([expect.stringMatching(message)]);
  });

  test("the component throws every problem before creating any child", async () => {
    await expect(runService({ cpu: 300, user: "0" })).rejects.toThrow(/BlueGreenFargateService "app" has invalid arguments:\n {2}- cpu: 300[\s\S]*- user: "0"/);
  });
});

describe("secret-looking settings", () => {
  test.each(["DB_PASSWORD", "API_KEY", "STRIPE_API_KEY", "GITHUB_TOKEN", "CLIENT_SECRET", "AWS_SECRET_ACCESS_KEY", "PASSWORD", "SESSION_KEY"])("%s is a secret by its name", (name) =>
    expect(isSecretLikeName(name)).toBe(true),
  );
  test.each(["DB_HOST", "LOG_LEVEL", "PASSTHROUGH_MODE", "TOKENIZER_MODEL", "FEATURE_FLAGS", "KEYCLOAK_URL"])("%s is a plain name", (name) => expect(isSecretLikeName(name)).toBe(false));
  test.each([
    ["AKIAABCDEFGHIJKLMNOP", "an AWS access key id"],
    ["-----BEGIN RSA PRIVATE KEY-----\nabc", "a PEM private key"],
    ["redis://:secret@cache:6379", "a URL with a password"],
    ["postgres://app:secret@db:5432/app", "a URL with a password"],
    ["https://example.com/path", undefined],
    ["info", undefined],
  ])("%j looks like %s", (value, what) => expect(secretLikeValue(value)).toBe(what));
});
