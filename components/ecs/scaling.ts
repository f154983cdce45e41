import * as aws from "../internal/aws";
import * as pulumi from "@pulumi/pulumi";
import { Tags } from "../internal/tags";

/** Seconds between scale-in steps: slow, so a short lull does not drop capacity. */
export const SCALE_IN_COOLDOWN_SECONDS = 300;
/** Seconds between scale-out steps: fast, so a spike is met within minutes. */
export const SCALE_OUT_COOLDOWN_SECONDS = 60;

export interface ServiceScalingArgs {
  readonly clusterName: pulumi.Input<string>;
  readonly serviceName: pulumi.Input<string>;
  readonly minCount: number;
  readonly maxCount: number;
  readonly cpuTargetPercent: number;
  /** ALB requests per target per minute; no request policy when absent. */
  readonly requestsPerTarget?: number;
  /**
   * `app/<lb>/<id>/targetgroup/<tg>/<id>` per key: one request policy each.
   * Application Auto Scaling scales out when any policy asks and in only when
   * all agree, so a policy on an idle target group never holds capacity down.
   */
  readonly requestResourceLabels: Readonly<Record<string, pulumi.Input<string>>>;
  /** Tags of the scalable target, already merged. */
  readonly tags?: Tags;
}

/** `targetgroup/<name>/<id>` from a target group ARN, the suffix CloudWatch and Auto Scaling name it by. */
export function targetGroupArnSuffix(arn: string): string {
  const at = arn.indexOf(":targetgroup/");
  if (at < 0) throw new Error(`${JSON.stringify(arn)} is not a target group ARN (expected arn:...:elasticloadbalancing:...:targetgroup/<name>/<id>)`);
  return arn.slice(at + 1);
}

/** The `ALBRequestCountPerTarget` resource label of a target group behind a load balancer. */
export function requestCountResourceLabel(loadBalancerArnSuffix: pulumi.Input<string>, targetGroupArn: pulumi.Input<string>): pulumi.Output<string> {
  return pulumi.interpolate`${loadBalancerArnSuffix}/${pulumi.output(targetGroupArn).apply(targetGroupArnSuffix)}`;
}

/**
 * Target tracking for one ECS service: average CPU and, when configured, ALB
 * requests per target, within `[minCount, maxCount]`. Children are named
 * `<name>`, `<name>-cpu` and `<name>-requests-<key>`.
 */
export function createServiceScaling(name: string, args: ServiceScalingArgs, parent: pulumi.Resource): aws.appautoscaling.Target {
  const target = new aws.appautoscaling.Target(
    name,
    {
      serviceNamespace: "ecs",
      scalableDimension: "ecs:service:DesiredCount",
      resourceId: pulumi.interpolate`service/${args.clusterName}/${args.serviceName}`,
      minCapacity: args.minCount,
      maxCapacity: args.maxCount,
      tags: args.tags,
    },
    { parent },
  );
  const policy = (suffix: string, metric: aws.types.input.appautoscaling.PolicyTargetTrackingScalingPolicyConfigurationPredefinedMetricSpecification, targetValue: number) =>
    new aws.appautoscaling.Policy(
      `${name}-${suffix}`,
      {
        policyType: "TargetTrackingScaling",
        serviceNamespace: target.serviceNamespace,
        scalableDimension: target.scalableDimension,
        resourceId: target.resourceId,
        targetTrackingScalingPolicyConfiguration: {
          predefinedMetricSpecification: metric,
          targetValue,
          scaleInCooldown: SCALE_IN_COOLDOWN_SECONDS,
          scaleOutCooldown: SCALE_OUT_COOLDOWN_SECONDS,
        },
      },
      { parent },
    );
  policy("cpu", { predefinedMetricType: "ECSServiceAverageCPUUtilization" }, args.cpuTargetPercent);
  if (args.requestsPerTarget !== undefined) {
    for (const [key, resourceLabel] of Object.entries(args.requestResourceLabels)) {
      policy(`requests-${key}`, { predefinedMetricType: "ALBRequestCountPerTarget", resourceLabel }, args.requestsPerTarget);
    }
  }
  return target;
}
