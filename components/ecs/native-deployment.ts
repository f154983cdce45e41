import * as aws from "../internal/aws";
import { isIntegerBetween, Problems } from "../internal/validation";
import { ECS_NATIVE_STRATEGIES, EcsNativeStrategy } from "./constants";

/** Two services, one per colour, each in its own target group; the listener weights move traffic between them. */
export interface ColourDeployment {
  readonly kind: "colours";
}

/** One service whose own ECS deployment strategy moves the listener rule between the two target groups. */
export interface NativeDeployment {
  readonly kind: "native";
  /** @default "BLUE_GREEN" */
  readonly strategy?: EcsNativeStrategy;
  /** Minutes both revisions run after all traffic moved, 0-1440. @default 10 */
  readonly bakeTimeMinutes?: number;
  /** CANARY: percent of traffic first, 0.1-100. @default 10 */
  readonly canaryPercent?: number;
  /** CANARY: minutes at `canaryPercent`, 0-1440. @default 5 */
  readonly canaryBakeTimeMinutes?: number;
  /** LINEAR: percent per step, 3-100. @default 10 */
  readonly linearStepPercent?: number;
  /** LINEAR: minutes between steps, 0-1440. @default 1 */
  readonly linearStepBakeTimeMinutes?: number;
  /** CloudWatch alarms that roll the deployment back; at least one. */
  readonly alarmNames: readonly string[];
}

/** Checks a native deployment; `hasProductionRule` says whether the load balancer gave the rule ECS moves. */
export function validateNativeDeployment(p: Problems, d: NativeDeployment, hasProductionRule: boolean): void {
  const strategy = d.strategy ?? "BLUE_GREEN";
  p.check(ECS_NATIVE_STRATEGIES.includes(strategy), "deployment.strategy", strategy, ECS_NATIVE_STRATEGIES.join(" | "));
  const minutes = (argument: string, value: number | undefined) =>
    p.check(value === undefined || isIntegerBetween(value, 0, 1440), `deployment.${argument}`, value, "an integer from 0 to 1440 minutes");
  minutes("bakeTimeMinutes", d.bakeTimeMinutes);
  minutes("canaryBakeTimeMinutes", d.canaryBakeTimeMinutes);
  minutes("linearStepBakeTimeMinutes", d.linearStepBakeTimeMinutes);
  const between = (argument: string, value: number | undefined, min: number, max: number) =>
    p.check(value === undefined || (value >= min && value <= max), `deployment.${argument}`, value, `a number from ${min} to ${max}`);
  between("canaryPercent", d.canaryPercent, 0.1, 100);
  between("linearStepPercent", d.linearStepPercent, 3, 100);
  p.check(d.alarmNames.length > 0, "deployment.alarmNames", d.alarmNames, "at least one CloudWatch alarm that rolls a deployment back");
  p.check(hasProductionRule, "loadBalancer.productionListenerRuleArn", undefined, "the listener rule ECS moves in a native deployment");
}

/** `deploymentConfiguration` of a native deployment; minutes are strings in the provider's schema. */
export function nativeDeploymentConfiguration(d: NativeDeployment): aws.types.input.ecs.ServiceDeploymentConfiguration {
  const strategy = d.strategy ?? "BLUE_GREEN";
  return {
    strategy,
    bakeTimeInMinutes: String(d.bakeTimeMinutes ?? 10),
    ...(strategy === "CANARY"
      ? { canaryConfiguration: { canaryPercent: d.canaryPercent ?? 10, canaryBakeTimeInMinutes: String(d.canaryBakeTimeMinutes ?? 5) } }
      : {}),
    ...(strategy === "LINEAR"
      ? { linearConfiguration: { stepPercent: d.linearStepPercent ?? 10, stepBakeTimeInMinutes: String(d.linearStepBakeTimeMinutes ?? 1) } }
      : {}),
  };
}
