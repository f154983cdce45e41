import { describeTargets, notInUse, targetProblem } from "../../scripts/release/targets";
import { HealthSignal, TargetHealth } from "../../scripts/release/types";

/**
 * The words a release uses for a target group's health (scripts/release/targets.ts),
 * with ELB's reason codes from the `TargetHealth` data type of the ELBv2 API:
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_TargetHealth.html
 */
const targets = (t: Partial<TargetHealth>): TargetHealth => ({ healthy: 0, unhealthy: [], transitioning: 0, unused: [], ...t });

/** A health signal whose only answer is the load balancers of a target group. */
const balancers = (answer: (targetGroupArn: string) => Promise<readonly string[]>): HealthSignal => ({
  alarmState: async () => {
    throw new Error("not read by targetProblem");
  },
  targetHealth: async () => {
    throw new Error("not read by targetProblem");
  },
  loadBalancersOf: answer,
});

describe("describeTargets", () => {
  test("counts each state, names each unhealthy reason once, and says each unused reason in words with its code", () => {
    const described = describeTargets(
      targets({
        healthy: 1,
        unhealthy: ["Target.Timeout", "Target.Timeout", "Target.ResponseCodeMismatch"],
        transitioning: 2,
        unused: ["Target.NotRegistered", "Target.NotInUse", "Target.IpUnusable", "Target.InvalidState", "Target.InvalidState", "Target.SomethingNew"],
      }),
    );
    expect(described.split(", ")).toEqual([
      "1 healthy",
      "3 unhealthy: Target.Timeout",
      "Target.ResponseCodeMismatch",
      "2 registering or draining",
      "1 target not registered (Target.NotRegistered)",
      "1 target not in use by the load balancer (Target.NotInUse)",
      "1 target on an IP address the load balancer reserves (Target.IpUnusable)",
      "2 targets stopped (Target.InvalidState)",
      "1 target unused (Target.SomethingNew)",
    ]);
  });

  test("says only the healthy count when every target is healthy", () => {
    expect(describeTargets(targets({ healthy: 3 }))).toBe("3 healthy");
  });
});

describe("notInUse", () => {
  test("is true only when no target is healthy and ELB reports Target.NotInUse", () => {
    expect(notInUse(targets({ unused: ["Target.InvalidState", "Target.NotInUse"] }))).toBe(true);
    expect(notInUse(targets({ healthy: 1, unused: ["Target.NotInUse"] }))).toBe(false);
    expect(notInUse(targets({ unused: ["Target.InvalidState"] }))).toBe(false);
  });
});

describe("targetProblem", () => {
  const arn = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/green/1";

  test("is undefined for a colour with a healthy target and none failing, even while others register", async () => {
    expect(await targetProblem(balancers(async () => []), "green", arn, targets({ healthy: 1, transitioning: 2 }))).toBeUndefined();
  });

  test("names unhealthy targets first, then the lack of a healthy one", async () => {
    expect(await targetProblem(balancers(async () => []), "green", arn, targets({ healthy: 2, unhealthy: ["Target.Timeout"] }))).toBe(
      "green has unhealthy targets (2 healthy, 1 unhealthy: Target.Timeout)",
    );
    expect(await targetProblem(balancers(async () => []), "blue", arn, targets({ transitioning: 1 }))).toBe("blue has no healthy target (0 healthy, 1 registering or draining)");
  });

  test("tells Target.NotInUse's two causes apart by the group's load balancers, asking about this colour's group", async () => {
    const asked: string[] = [];
    const none = balancers(async (group) => {
      asked.push(group);
      return [];
    });
    const unused = targets({ unused: ["Target.NotInUse"] });
    expect(await targetProblem(none, "green", arn, unused)).toBe("no listener forwards to green's target group (Target.NotInUse), so nothing health-checks its targets");
    expect(asked).toEqual([arn]);
    expect(await targetProblem(balancers(async () => ["arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/edge/1"]), "green", arn, unused)).toBe(
      "green's targets are in Availability Zones its load balancer does not enable (Target.NotInUse)",
    );
  });

  test("gives both causes of Target.NotInUse when the load balancers cannot be read, instead of failing", async () => {
    const unreadable = balancers(async () => {
      throw new Error("AccessDenied");
    });
    expect(await targetProblem(unreadable, "blue", arn, targets({ unused: ["Target.NotInUse"] }))).toBe(
      "blue's targets are not in use (Target.NotInUse): no listener forwards to its target group, or they are in Availability Zones the load balancer does not enable",
    );
  });
});
