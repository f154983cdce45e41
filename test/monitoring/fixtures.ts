import * as pulumi from "@pulumi/pulumi";
import { MonitoringArgs } from "../../components/monitoring";
import { RunResult } from "../harness";

/**
 * Hand-made metric descriptors in AWS's shapes, built inside a run (outputs
 * belong to the mock runtime), standing in for the components that export them.
 */
export function ecsSources(
  options: { certificate?: boolean; replicas?: number; cacheNodes?: number; deployment?: "colours" | "native" } = {},
): Omit<MonitoringArgs, "alarmNamePrefix"> {
  const o = pulumi.output;
  const native = options.deployment === "native";
  return {
    service: {
      kind: "ecs",
      clusterName: o("app-cluster"),
      // A native deployment runs both colours in one service, so both names are the same.
      serviceNames: native ? { blue: o("app"), green: o("app") } : { blue: o("app-blue"), green: o("app-green") },
      minimumTasks: 2,
      ...(native ? { deployment: "native" as const } : {}),
    },
    loadBalancer: {
      loadBalancerArnSuffix: o("app/app-alb/50dc6c495c0c9188"),
      targetGroupArnSuffixes: { blue: o("targetgroup/app-blue/73e2d6bc24d8a067"), green: o("targetgroup/app-green/943f017f100becff") },
      ...(options.certificate === false ? {} : { certificateArn: o("arn:aws:acm:eu-west-1:123456789012:certificate/12345678-1234-1234-1234-123456789012") }),
    },
    database: {
      instanceIdentifier: o("app-db"),
      replicaIdentifiers: Array.from({ length: options.replicas ?? 1 }, (_, i) => o(`app-db-replica-${i + 1}`)),
      allocatedStorageGiB: 100,
      maxConnections: 1000,
    },
    cache: { replicationGroupId: o("app-cache"), nodeIds: Array.from({ length: options.cacheNodes ?? 2 }, (_, i) => o(`app-cache-00${i + 1}`)) },
    waf: { webAclName: o("app-waf"), webAclMetricName: "appWaf", region: o("eu-west-1") },
    synthetics: { canaryName: "prod-probe", paths: ["/", "/healthz"], intervalSeconds: 300 },
  };
}

export function eksService(): MonitoringArgs["service"] {
  return { kind: "eks", clusterName: pulumi.output("app-eks"), namespace: "app", deploymentNames: { blue: "app-blue", green: "app-green" }, minimumPods: 3 };
}

export const METRIC_ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
export const COMPOSITE_ALARM = "aws:cloudwatch/compositeAlarm:CompositeAlarm";
export const TOPIC = "aws:sns/topic:Topic";
export const DASHBOARD = "aws:cloudwatch/dashboard:Dashboard";
export const SUBSCRIPTION = "aws:sns/topicSubscription:TopicSubscription";

/** Every alarm (metric and composite) by its AWS name. */
export function alarmsByName(run: RunResult) {
  return new Map([...run.ofType(METRIC_ALARM), ...run.ofType(COMPOSITE_ALARM)].map((a) => [a.inputs.name ?? a.inputs.alarmName, a]));
}

/** Severity topic ARNs by severity, from the topics' `platform:severity` tag. */
export function topicArnsBySeverity(run: RunResult): Record<string, string> {
  return Object.fromEntries(run.ofType(TOPIC).map((t) => [t.inputs.tags["platform:severity"], `arn:aws:sns:eu-west-1:123456789012:${t.inputs.name ?? t.name}`]));
}
