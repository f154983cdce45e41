import * as pulumi from "@pulumi/pulumi";
import { CacheMetrics, DatabaseMetrics, LoadBalancerMetrics, ServiceMetrics, WafMetrics } from "../components/internal/metrics";
import { Tags } from "../components/internal/tags";
import { BudgetArgs, Monitoring, Severity, SeveritySubscriptions } from "../components/monitoring";
import { PlatformConfig } from "./config";

/** Metric descriptors of the tiers that exist in this stack. */
export interface MonitoringSources {
  readonly service?: ServiceMetrics;
  readonly loadBalancer?: LoadBalancerMetrics;
  readonly database?: DatabaseMetrics;
  readonly cache?: CacheMetrics;
  readonly waf?: WafMetrics;
}

/**
 * The monitoring tier, last in the program: alarms, topics and the dashboard
 * over the descriptors of the other tiers. Alarm names start with the stack
 * name, so `<stack>-deployment-health` is known before anything is deployed.
 */
export function createMonitoringTier(config: PlatformConfig, sources: MonitoringSources, tags: Tags) {
  const settings = config.monitoring;
  const monitoring = new Monitoring("monitoring", {
    alarmNamePrefix: pulumi.getStack(),
    ...sources,
    groups: settings.groups,
    thresholds: {
      service: settings.service,
      loadBalancer: settings.loadBalancer,
      database: settings.database,
      cache: settings.cache,
      waf: settings.waf,
      certificate: settings.certificate,
    },
    slo: settings.slo,
    subscriptions: subscriptions(settings.subscriptions),
    dashboard: settings.dashboard,
    budget: budget(config),
    tags,
  });
  return {
    monitoring,
    outputs: {
      deploymentHealthAlarmName: monitoring.deploymentHealthAlarmName,
      alarmTopicArns: monitoring.topicArns,
      dashboardName: monitoring.dashboardName,
      budgetName: monitoring.budgetName,
    },
  };
}

/** The stack's AWS budget, over the costs tagged with its environment unless the stack file names other tags. */
function budget(config: PlatformConfig): BudgetArgs | undefined {
  const { monthlyUsd, warningForecastPercent, criticalActualPercent, costAllocationTags } = config.monitoring.budget;
  if (monthlyUsd === undefined) return undefined;
  return { monthlyUsd, warningForecastPercent, criticalActualPercent, costAllocationTags: costAllocationTags ?? { Environment: config.environment } };
}

/** HTTPS endpoint URLs carry credentials: they leave config only as Pulumi secrets. */
function subscriptions(configured: PlatformConfig["monitoring"]["subscriptions"]): Record<Severity, SeveritySubscriptions> {
  const out = {} as Record<Severity, SeveritySubscriptions>;
  for (const [severity, targets] of Object.entries(configured) as [Severity, (typeof configured)[Severity]][]) {
    out[severity] = {
      emails: targets.emails,
      https: Object.fromEntries(Object.entries(targets.https).map(([name, url]) => [name, pulumi.secret(url)])),
    };
  }
  return out;
}
