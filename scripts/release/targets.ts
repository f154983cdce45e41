/**
 * What a target group's health says about a colour taking traffic, in the
 * words every diagnosis of the release uses: each state counted, and ELB's
 * reason kept for every target that is not healthy.
 */
import { Colour, HealthSignal, TargetHealth } from "./types";

/** ELB's reasons for `unused` targets (see {@link TargetHealth}), as the release says them. */
const UNUSED_REASONS: Readonly<Record<string, string>> = {
  "Target.InvalidState": "stopped",
  "Target.NotRegistered": "not registered",
  "Target.NotInUse": "not in use by the load balancer",
  "Target.IpUnusable": "on an IP address the load balancer reserves",
};

/** `3 healthy, 1 unhealthy: Target.Timeout, 2 targets stopped (Target.InvalidState)` */
export function describeTargets(targets: TargetHealth): string {
  const parts = [`${targets.healthy} healthy`];
  if (targets.unhealthy.length > 0) parts.push(`${targets.unhealthy.length} unhealthy: ${[...new Set(targets.unhealthy)].join(", ")}`);
  if (targets.transitioning > 0) parts.push(`${targets.transitioning} registering or draining`);
  const unused = new Map<string, number>();
  for (const reason of targets.unused) unused.set(reason, (unused.get(reason) ?? 0) + 1);
  for (const [reason, count] of unused) parts.push(`${count} target${count === 1 ? "" : "s"} ${UNUSED_REASONS[reason] ?? "unused"} (${reason})`);
  return parts.join(", ");
}

/** Nothing takes traffic because ELB does not use the targets: waiting will not change that. */
export function notInUse(targets: TargetHealth): boolean {
  return targets.healthy === 0 && targets.unused.includes("Target.NotInUse");
}

/**
 * Why `colour`'s targets cannot take traffic, or undefined when they can.
 * `Target.NotInUse` has two causes (no load balancer uses the group, or the
 * targets' Availability Zones are not enabled on it); the group's load
 * balancers tell them apart.
 */
export async function targetProblem(health: HealthSignal, colour: Colour, targetGroupArn: string, targets: TargetHealth): Promise<string | undefined> {
  if (notInUse(targets)) return notInUseCause(health, colour, targetGroupArn);
  if (targets.unhealthy.length > 0) return `${colour} has unhealthy targets (${describeTargets(targets)})`;
  if (targets.healthy === 0) return `${colour} has no healthy target (${describeTargets(targets)})`;
  return undefined;
}

async function notInUseCause(health: HealthSignal, colour: Colour, targetGroupArn: string): Promise<string> {
  const balancers = await health.loadBalancersOf(targetGroupArn).catch(() => undefined);
  if (balancers?.length === 0) return `no listener forwards to ${colour}'s target group (Target.NotInUse), so nothing health-checks its targets`;
  if (balancers) return `${colour}'s targets are in Availability Zones its load balancer does not enable (Target.NotInUse)`;
  return `${colour}'s targets are not in use (Target.NotInUse): no listener forwards to its target group, or they are in Availability Zones the load balancer does not enable`;
}
