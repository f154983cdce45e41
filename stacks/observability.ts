import * as pulumi from "@pulumi/pulumi";
import { CacheMetrics, DatabaseMetrics, LoadBalancerMetrics, ServiceMetrics, WafMetrics } from "../components/internal/metrics";
import { Tags } from "../components/internal/tags";
import { AlertChannels, BudgetArgs, Monitoring, Severity, SeveritySubscriptions, SyntheticCanary } from "../components/monitoring";
import { PlatformConfig } from "./config";
import { resourceIdentifier } from "./data";

/** Metric descriptors of the tiers that exist in this stack. */
export interface MonitoringSources {
  readonly service?: ServiceMetrics;
  readonly loadBalancer?: LoadBalancerMetrics;
  readonly database?: DatabaseMetrics;
  readonly cache?: CacheMetrics;
  readonly waf?: WafMetrics;
}

/** What the synthetic probe requests, and the private subnets it runs in. */
export interface ProbeTarget {
  /** The public URL (`https://<domain>`, or the load balancer's DNS name). */
  readonly url: pulumi.Input<string>;
  readonly vpcId: pulumi.Input<string>;
  readonly privateSubnetIds: pulumi.Input<string>[];
}

/**
 * The monitoring tier, last in the program: the synthetic probe (group
 * `synthetics`), alarms, topics, alert channels and the dashboard over the
 * descriptors of the other tiers. Alarm names start with the stack name, so
 * `<stack>-deployment-health` is known before anything is deployed.
 */
export function createMonitoringTier(config: PlatformConfig, sources: MonitoringSources, probeTarget: ProbeTarget, tags: Tags) {
  const settings = config.monitoring;
  const probe = settings.groups.includes("synthetics") ? createProbe(config, probeTarget, tags) : undefined;
  const monitoring = new Monitoring("monitoring", {
    alarmNamePrefix: pulumi.getStack(),
    ...sources,
    synthetics: probe?.metrics,
    groups: settings.groups,
    thresholds: {
      service: settings.service,
      loadBalancer: settings.loadBalancer,
      database: settings.database,
      cache: settings.cache,
      waf: settings.waf,
      certificate: settings.certificate,
      synthetics: { failedRuns: settings.synthetics.failedRuns, timeToFirstByteMs: settings.synthetics.timeToFirstByteMs },
    },
    slo: settings.slo,
    channels: channels(settings.channels),
    subscriptions: subscriptions(settings.subscriptions),
    dashboard: settings.dashboard,
    budget: budget(config),
    tags,
  });
  return {
    monitoring,
    outputs: {
      deploymentHealthAlarmName: monitoring.deploymentHealthAlarmName,
      deploymentHealthAlarmNames: monitoring.colourHealthAlarmNames,
      alarmTopicArns: monitoring.topicArns,
      dashboardName: monitoring.dashboardName,
      ...(probe ? { syntheticCanaryName: probe.canaryName, ...(probe.healthCheckId ? { route53HealthCheckId: probe.healthCheckId } : {}) } : {}),
      budgetName: monitoring.budgetName,
    },
  };
}

/** `<stack>-probe`, cut to Synthetics' 21 characters. */
export function canaryName(stack: string): string {
  const suffix = "-probe";
  return `${resourceIdentifier(stack).slice(0, 21 - suffix.length).replace(/-+$/, "")}${suffix}`;
}

function createProbe(config: PlatformConfig, target: ProbeTarget, tags: Tags): SyntheticCanary {
  const s = config.monitoring.synthetics;
  const healthPath = config.traffic.healthCheck.path;
  return new SyntheticCanary("probe", {
    url: s.url ?? target.url,
    paths: healthPath === "/" ? ["/"] : ["/", healthPath],
    canaryName: canaryName(config.stack),
    vpc: { vpcId: target.vpcId, subnetIds: target.privateSubnetIds },
    intervalMinutes: s.intervalMinutes,
    runtimeVersion: s.runtimeVersion,
    retentionDays: s.retentionDays,
    healthCheckDomain: config.traffic.domain,
    tags,
  });
}

/** The PagerDuty URL carries its integration key: it leaves config only as a Pulumi secret. */
function channels(configured: PlatformConfig["monitoring"]["channels"]): AlertChannels {
  return {
    slack: configured.slack,
    emails: configured.emails,
    chatbotRegion: configured.chatbotRegion,
    ...(configured.pagerDuty ? { pagerDuty: { integrationUrl: pulumi.secret(configured.pagerDuty.integrationUrl) } } : {}),
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
