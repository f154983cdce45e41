import * as pulumi from "@pulumi/pulumi";

/**
 * Metric descriptors: what each component exports so that the monitoring
 * component can build alarms and dashboards without reaching inside it.
 * Each producer owns its descriptor and may add fields.
 */

export const COLOURS = ["blue", "green"] as const;
export type Colour = (typeof COLOURS)[number];

/** AWS/ApplicationELB dimensions. */
export interface LoadBalancerMetrics {
  /** `app/<name>/<id>`, the `LoadBalancer` dimension. */
  readonly loadBalancerArnSuffix: pulumi.Output<string>;
  /** `targetgroup/<name>/<id>` per colour, the `TargetGroup` dimension. */
  readonly targetGroupArnSuffixes: Readonly<Record<Colour, pulumi.Output<string>>>;
  /** ACM certificate served by the HTTPS listener, for the `DaysToExpiry` alarm; absent when HTTP only. */
  readonly certificateArn?: pulumi.Output<string>;
}

/** AWS/ECS and ECS/ContainerInsights dimensions. */
export interface EcsServiceMetrics {
  readonly kind: "ecs";
  readonly clusterName: pulumi.Output<string>;
  readonly serviceNames: Readonly<Record<Colour, pulumi.Output<string>>>;
  /** The configured minimum task count of the live colour; below it the service is down. */
  readonly minimumTasks: number;
  /**
   * `native`: one service whose own ECS blue/green deployment moves traffic, so
   * both colours name the same service (alarm on it once).
   * @default "colours": one service per colour
   */
  readonly deployment?: "colours" | "native";
}

/** ContainerInsights dimensions of an EKS workload. */
export interface EksServiceMetrics {
  readonly kind: "eks";
  readonly clusterName: pulumi.Output<string>;
  readonly namespace: string;
  /** Deployment (and pod name prefix) per colour. */
  readonly deploymentNames: Readonly<Record<Colour, string>>;
  readonly minimumPods: number;
}

export type ServiceMetrics = EcsServiceMetrics | EksServiceMetrics;

/** AWS/RDS dimensions and the capacity figures thresholds are computed from. */
export interface DatabaseMetrics {
  readonly instanceIdentifier: pulumi.Output<string>;
  readonly replicaIdentifiers: readonly pulumi.Output<string>[];
  readonly allocatedStorageGiB: number;
  /** The engine's `max_connections` for the instance class. */
  readonly maxConnections: number;
  readonly proxyName?: pulumi.Output<string>;
}

/** AWS/ElastiCache dimensions. */
export interface CacheMetrics {
  readonly replicationGroupId: pulumi.Output<string>;
  /** `CacheClusterId` of each node, primary first. */
  readonly nodeIds: readonly pulumi.Output<string>[];
}

/** AWS/WAFV2 dimensions. */
export interface WafMetrics {
  readonly webAclName: pulumi.Output<string>;
  /** The web ACL's `metricName` (the `Rule` dimension value `ALL` covers every rule). */
  readonly webAclMetricName: string;
  readonly region: pulumi.Output<string>;
}

/** CloudWatchSynthetics dimensions of the outside-in probe (a Synthetics canary). */
export interface SyntheticsMetrics {
  /** The `CanaryName` dimension of `SuccessPercent` and `TimeToFirstByte`. */
  readonly canaryName: pulumi.Input<string>;
  /** The paths every run requests (`/` and the health path), each the `Path` dimension of its `TimeToFirstByte`. */
  readonly paths: readonly string[];
  /** Seconds between two runs: the period of the probe's alarms. */
  readonly intervalSeconds: number;
}
