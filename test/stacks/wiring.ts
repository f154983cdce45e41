import { resolveStrategy } from "../../scripts/release/strategy";
import { trafficConfigFrom } from "../../scripts/release/pulumi-stack";
import { CapturedResource, readStackConfig, RunResult } from "../harness";

/**
 * Where each stack-file key ends up, read back from what the program
 * registered, in the key's own terms (so `platform:monitoring.loadBalancer.p95LatencyMs`
 * reads the alarm's threshold in seconds and gives milliseconds back). A key
 * whose value differs from the schema's default must have an entry here, and
 * the entry must read that value from the resources: a dropped argument fails.
 */
export type Locator = (run: RunResult, stack: string) => unknown;

const T = {
  vpc: "aws:ec2/vpc:Vpc",
  subnet: "aws:ec2/subnet:Subnet",
  nat: "aws:ec2/natGateway:NatGateway",
  endpoint: "aws:ec2/vpcEndpoint:VpcEndpoint",
  logGroup: "aws:cloudwatch/logGroup:LogGroup",
  rds: "aws:rds/instance:Instance",
  proxy: "aws:rds/proxy:Proxy",
  redis: "aws:elasticache/replicationGroup:ReplicationGroup",
  taskDefinition: "aws:ecs/taskDefinition:TaskDefinition",
  service: "aws:ecs/service:Service",
  scalingTarget: "aws:appautoscaling/target:Target",
  loadBalancer: "aws:lb/loadBalancer:LoadBalancer",
  lifecycle: "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
  certificate: "aws:acm/certificate:Certificate",
  record: "aws:route53/record:Record",
  webAcl: "aws:wafv2/webAcl:WebAcl",
  alarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
  subscription: "aws:sns/topicSubscription:TopicSubscription",
  slackChannel: "aws:chatbot/slackChannelConfiguration:SlackChannelConfiguration",
  budget: "aws:budgets/budget:Budget",
  ecrReplication: "aws:ecr/replicationConfiguration:ReplicationConfiguration",
  eksCluster: "aws:eks/cluster:Cluster",
  nodeGroup: "aws:eks/nodeGroup:NodeGroup",
  launchTemplate: "aws:ec2/launchTemplate:LaunchTemplate",
  nodePool: "kubernetes:karpenter.sh/v1:NodePool",
  nodeClass: "kubernetes:karpenter.k8s.aws/v1:EC2NodeClass",
  helmRelease: "kubernetes:helm.sh/v3:Release",
  prometheusRule: "kubernetes:monitoring.coreos.com/v1:PrometheusRule",
  awsProvider: "pulumi:providers:aws",
};

/** The same value from every resource of a kind (both colours' services, say), or the list of values when they disagree. */
function agreed(resources: readonly CapturedResource[], read: (r: CapturedResource) => unknown): unknown {
  if (resources.length === 0) return "(no such resource)";
  const values = resources.map(read);
  return values.every((v) => JSON.stringify(v) === JSON.stringify(values[0])) ? values[0] : values;
}

/** The value the budget's cost filter requires of a cost allocation tag (one tag, or each of an `ands`). */
function budgetTag(run: RunResult, key: string): string | undefined {
  const filter = run.one(T.budget, "monitoring-budget").inputs.filterExpression;
  const tags: { key: string; values: string[] }[] = (filter.ands ?? [filter]).map((e: { tags: { key: string; values: string[] } }) => e.tags);
  return tags.find((t) => t.key === key)?.values[0];
}

const services = (run: RunResult) => run.ofType(T.service).filter((s) => /^app-(blue|green)$/.test(s.name));
const retention = (name: string) => (run: RunResult) => run.one(T.logGroup, name).inputs.retentionInDays;
const rds = (field: string) => (run: RunResult) => run.one(T.rds, "database").inputs[field];
const redis = (field: string) => (run: RunResult) => run.one(T.redis, "cache").inputs[field];
const sorted = (values: readonly string[]) => [...values].sort();
/** `30Gi`, `7d`, `30s` → 30, 7, 30. */
const quantity = (value: string, unit: string) => (value.endsWith(unit) ? Number(value.slice(0, -unit.length)) : value);
const nodePool = (run: RunResult) => run.one(T.nodePool, "eks-karpenter-app-node-pool").inputs.spec;
const requirement = (key: string) => (run: RunResult) => sorted(nodePool(run).template.spec.requirements.find((r: { key: string }) => r.key === key).values);
const prometheus = (run: RunResult) => run.one(T.helmRelease, "eks-monitoring").inputs.values.prometheus.prometheusSpec;
const alertRules = (run: RunResult) => run.one(T.prometheusRule, "eks-monitoring-app-rules").inputs.spec.groups.flatMap((g: { rules: unknown[] }) => g.rules);
const systemGroup = (run: RunResult) => run.one(T.nodeGroup, "eks-system");
const emailsOf = (severity: string) => (run: RunResult) =>
  sorted(run.ofType(T.subscription).filter((s) => s.name.startsWith(`monitoring-${severity}-email-`)).map((s) => s.inputs.endpoint));
/** A Slack channel's id or its workspace's, as its Chatbot configuration `monitoring-slack-<key>` carries it. */
const slackId = (key: string, field: "slackTeamId" | "slackChannelId") => (run: RunResult) => run.one(T.slackChannel, `monitoring-slack-${key}`).inputs[field];
const releaseConfig = (stack: string) => trafficConfigFrom({ value: readStackConfig(stack).values["platform:traffic"] }).release;

export const WIRING: Readonly<Record<string, Locator>> = {
  // Tags reach every taggable resource; the VPC stands for them (the tag tests check the rest).
  "platform:tags.Owner": (run) => run.one(T.vpc, "network").inputs.tags.Owner,
  "platform:tags.CostCenter": (run) => run.one(T.vpc, "network").inputs.tags.CostCenter,
  "platform:tags.DataClassification": (run) => run.one(T.vpc, "network").inputs.tags.DataClassification,
  "platform:tags.DisasterRecovery": (run) => run.one(T.vpc, "network").inputs.tags.DisasterRecovery,

  "platform:network.cidr": (run) => run.one(T.vpc, "network").inputs.cidrBlock,
  "platform:network.availabilityZoneCount": (run) => new Set(run.ofType(T.subnet).map((s) => s.inputs.availabilityZone)).size,
  "platform:network.nat": (run) => {
    const zones = new Set(run.ofType(T.subnet).map((s) => s.inputs.availabilityZone)).size;
    const gateways = run.ofType(T.nat).length;
    return gateways === 0 ? "none" : gateways === 1 && zones > 1 ? "single" : gateways === zones ? "perAz" : `${gateways} gateways for ${zones} zones`;
  },
  "platform:network.flowLogs.retentionInDays": retention("network-flow-logs"),
  "platform:network.interfaceEndpoints": (run) =>
    run
      .ofType(T.endpoint)
      .filter((e) => e.inputs.vpcEndpointType === "Interface")
      .map((e) => String(e.inputs.serviceName).replace(/^com\.amazonaws\.[a-z0-9-]+\./, "")),

  "platform:database.instanceClass": rds("instanceClass"),
  "platform:database.allocatedStorageGiB": rds("allocatedStorage"),
  "platform:database.maxAllocatedStorageGiB": rds("maxAllocatedStorage"),
  "platform:database.multiAz": rds("multiAz"),
  // Replicas of this stack's writer; prod-dr's writer itself follows prod's writer in another region (by ARN).
  "platform:database.readReplicas": (run) => {
    const identifiers = new Set(run.ofType(T.rds).map((r) => r.inputs.identifier));
    return run.ofType(T.rds).filter((r) => identifiers.has(r.inputs.replicateSourceDb)).length;
  },
  // The standby's writer follows the writer the stack reference named; writers are named <project>-<stack> (components/database).
  "platform:disasterRecovery.standby.primary.stack": (run) => /:db:platform-(.+)$/.exec(run.one(T.rds, "database").inputs.replicateSourceDb)?.[1],
  "platform:database.proxy": (run) => run.ofType(T.proxy).length === 1,
  "platform:database.backupRetentionDays": rds("backupRetentionPeriod"),
  "platform:database.deletionProtection": rds("deletionProtection"),
  "platform:database.skipFinalSnapshot": rds("skipFinalSnapshot"),
  "platform:database.protect": (run) => run.one(T.rds, "database").options.protect,
  "platform:database.applyImmediately": rds("applyImmediately"),
  "platform:database.performanceInsightsRetentionDays": rds("performanceInsightsRetentionPeriod"),
  "platform:database.logRetentionDays": retention("database-postgresql"),
  "platform:database.drRegion": (run) => run.one(T.awsProvider, "database-dr").inputs.region,

  "platform:cache.nodeType": redis("nodeType"),
  "platform:cache.nodeCount": redis("numCacheClusters"),
  "platform:cache.automaticFailover": redis("automaticFailoverEnabled"),
  "platform:cache.multiAz": redis("multiAzEnabled"),
  "platform:cache.snapshotRetentionDays": redis("snapshotRetentionLimit"),
  "platform:cache.skipFinalSnapshot": (run) => run.one(T.redis, "cache").inputs.finalSnapshotIdentifier === undefined,
  "platform:cache.protect": (run) => run.one(T.redis, "cache").options.protect,
  "platform:cache.applyImmediately": redis("applyImmediately"),
  "platform:cache.logRetentionDays": retention("cache-slow-log"),

  "platform:compute.cpu": (run) => agreed(run.ofType(T.taskDefinition), (t) => Number(t.inputs.cpu)),
  "platform:compute.memoryMiB": (run) => agreed(run.ofType(T.taskDefinition), (t) => Number(t.inputs.memory)),
  "platform:compute.scaling.minCount": (run) => agreed(run.ofType(T.scalingTarget), (t) => t.inputs.minCapacity),
  "platform:compute.scaling.maxCount": (run) => agreed(run.ofType(T.scalingTarget), (t) => t.inputs.maxCapacity),
  "platform:compute.scaling.desiredCount": (run) => agreed(services(run), (s) => s.inputs.desiredCount),
  "platform:compute.environment.LOG_LEVEL": (run) =>
    agreed(run.ofType(T.taskDefinition), (t) => JSON.parse(t.inputs.containerDefinitions)[0].environment.find((e: { name: string }) => e.name === "LOG_LEVEL")?.value),
  "platform:compute.ecs.capacity.fargate.base": (run) => agreed(services(run), (s) => s.inputs.capacityProviderStrategies.find((c: any) => c.capacityProvider === "FARGATE")?.base ?? 0),
  "platform:compute.ecs.capacity.fargate.weight": (run) => agreed(services(run), (s) => s.inputs.capacityProviderStrategies.find((c: any) => c.capacityProvider === "FARGATE")?.weight ?? 0),
  "platform:compute.ecs.capacity.fargateSpot.weight": (run) =>
    agreed(services(run), (s) => s.inputs.capacityProviderStrategies.find((c: any) => c.capacityProvider === "FARGATE_SPOT")?.weight ?? 0),
  "platform:compute.ecs.executeCommand": (run) => agreed(services(run), (s) => s.inputs.enableExecuteCommand),
  "platform:compute.ecs.logRetentionDays": retention("app"),

  "platform:compute.eks.deletionProtection": (run) => run.one(T.eksCluster, "eks").inputs.deletionProtection,
  "platform:compute.eks.logRetentionInDays": retention("eks-control-plane"),
  "platform:compute.eks.podLogRetentionInDays": retention("eks-insights-application"),
  "platform:compute.eks.nodeGroups.system.renamedFrom": (run) => systemGroup(run).options.aliases.map((a: any) => String(a.spec?.name ?? a.name).replace(/^eks-/, ""))[0],
  "platform:compute.eks.nodeGroups.system.instanceTypes": (run) => systemGroup(run).inputs.instanceTypes,
  "platform:compute.eks.nodeGroups.system.amiType": (run) => systemGroup(run).inputs.amiType,
  "platform:compute.eks.nodeGroups.system.capacityType": (run) => systemGroup(run).inputs.capacityType,
  "platform:compute.eks.nodeGroups.system.minSize": (run) => systemGroup(run).inputs.scalingConfig.minSize,
  "platform:compute.eks.nodeGroups.system.desiredSize": (run) => systemGroup(run).inputs.scalingConfig.desiredSize,
  "platform:compute.eks.nodeGroups.system.maxSize": (run) => systemGroup(run).inputs.scalingConfig.maxSize,
  "platform:compute.eks.nodeGroups.system.diskSizeGiB": (run) => run.one(T.launchTemplate, "eks-system").inputs.blockDeviceMappings[0].ebs.volumeSize,
  "platform:compute.eks.nodeGroups.system.criticalAddonsOnly": (run) => (systemGroup(run).inputs.taints ?? []).some((t: { key: string }) => t.key === "CriticalAddonsOnly"),
  "platform:compute.eks.capacity.nodePool.capacityTypes": requirement("karpenter.sh/capacity-type"),
  "platform:compute.eks.capacity.nodePool.architectures": requirement("kubernetes.io/arch"),
  "platform:compute.eks.capacity.nodePool.cpuLimit": (run) => Number(nodePool(run).limits.cpu),
  "platform:compute.eks.capacity.nodePool.memoryLimitGiB": (run) => quantity(nodePool(run).limits.memory, "Gi"),
  "platform:compute.eks.capacity.nodePool.consolidateAfterSeconds": (run) => quantity(nodePool(run).disruption.consolidateAfter, "s"),
  "platform:compute.eks.capacity.nodePool.diskSizeGiB": (run) => quantity(run.one(T.nodeClass, "eks-karpenter-app-node-class").inputs.spec.blockDeviceMappings[0].ebs.volumeSize, "Gi"),
  "platform:compute.eks.monitoring.retentionDays": (run) => quantity(prometheus(run).retention, "d"),
  "platform:compute.eks.monitoring.storageGiB": (run) => quantity(prometheus(run).storageSpec.volumeClaimTemplate.spec.resources.requests.storage, "Gi"),
  "platform:compute.eks.monitoring.thresholds.latencyP95Seconds": (run) => Number(/> ([\d.]+)$/.exec(alertRules(run).find((r: { alert: string }) => r.alert === "HighLatency").expr)?.[1]),
  "platform:compute.eks.monitoring.thresholds.availabilityTargetPercent": (run) =>
    Number(/of the ([\d.]+)% availability SLO/.exec(alertRules(run).find((r: { alert: string }) => r.alert === "SLOErrorBudgetBurnFast").annotations.summary)?.[1]),

  "platform:traffic.deletionProtection": (run) => run.one(T.loadBalancer, "edge").inputs.enableDeletionProtection,
  "platform:traffic.accessLogRetentionDays": (run) => run.one(T.lifecycle, "edge-access-logs").inputs.rules[0].expiration.days,
  "platform:traffic.domain": (run) => run.one(T.certificate, "edge-certificate").inputs.domainName,
  // The certificate's validation record is in the zone on every stack with a domain; the app's own records are the alias (one region) or the failover pair prod-dr owns.
  "platform:traffic.hostedZoneId": (run) => run.one(T.record, "edge-certificate-validation").inputs.zoneId,
  // The release keys reach no resource: `npm run release` reads them from the stack's config (scripts/release/pulumi-stack.ts).
  "platform:traffic.release.strategy": (_run, stack) => resolveStrategy(undefined, releaseConfig(stack)).kind,
  "platform:traffic.release.canary.bakeSeconds": (_run, stack) => resolveStrategy("canary", releaseConfig(stack)).steps[0].bakeMs / 1000,
  "platform:traffic.release.finalBakeSeconds": (_run, stack) => resolveStrategy(undefined, releaseConfig(stack)).steps.at(-1)!.bakeMs / 1000,
  "platform:traffic.release.healthTimeoutSeconds": (_run, stack) => releaseConfig(stack).healthTimeoutSeconds,
  "platform:traffic.release.databaseSnapshot.enabled": (_run, stack) => releaseConfig(stack).databaseSnapshot.enabled,
  "platform:traffic.release.databaseSnapshot.retentionDays": (_run, stack) => releaseConfig(stack).databaseSnapshot.retentionDays,

  "platform:waf.rateLimit": (run) => run.one(T.webAcl, "edge-waf").inputs.rules.find((r: { name: string }) => r.name === "RateLimitPerIp").statement.rateBasedStatement.limit,
  "platform:waf.anonymousIpList": (run) => run.one(T.webAcl, "edge-waf").inputs.rules.some((r: { name: string }) => r.name === "AnonymousIpList"),
  "platform:waf.logRetentionInDays": retention("edge-waf-logs"),

  "platform:monitoring.groups": (run) => [...new Set(run.ofType(T.alarm).map((a) => a.inputs.tags["platform:alarm-group"]))],
  "platform:monitoring.loadBalancer.p95LatencyMs": (run) => Math.round(run.one(T.alarm, "monitoring-lb-latency-p95").inputs.threshold * 1000),
  "platform:monitoring.loadBalancer.p95LatencyCriticalMs": (run) => Math.round(run.one(T.alarm, "monitoring-lb-latency-p95-critical").inputs.threshold * 1000),
  "platform:monitoring.slo.latencyP99Ms": (run) => Math.round(run.one(T.alarm, "monitoring-slo-latency-p99").inputs.threshold * 1000),
  // The routing table sends channels.emails to the critical and warning topics.
  "platform:monitoring.channels.emails": emailsOf("warning"),
  // Slack channels by the keys the shipped stack files use.
  ...Object.fromEntries(
    ["ops", "platform-dev"].flatMap((key) => [
      [`platform:monitoring.channels.slack.${key}.workspaceId`, slackId(key, "slackTeamId")],
      [`platform:monitoring.channels.slack.${key}.channelId`, slackId(key, "slackChannelId")],
    ]),
  ),
  "platform:monitoring.subscriptions.critical.emails": emailsOf("critical"),
  "platform:monitoring.subscriptions.warning.emails": emailsOf("warning"),
  "platform:monitoring.subscriptions.info.emails": emailsOf("info"),
  "platform:monitoring.budget.monthlyUsd": (run) => Number(run.one(T.budget, "monitoring-budget").inputs.limitAmount),
  "platform:monitoring.budget.costAllocationTags.Environment": (run) => budgetTag(run, "Environment"),
  "platform:monitoring.budget.costAllocationTags.DisasterRecovery": (run) => budgetTag(run, "DisasterRecovery"),
  "platform:disasterRecovery.standbyRegions": (run) =>
    run.one(T.ecrReplication, "image-replication").inputs.replicationConfiguration.rules.flatMap((rule: { destinations: { region: string }[] }) => rule.destinations.map((d) => d.region)),
};

/** Keys that only take effect on one compute platform, and so are read from a run on it. */
export const EKS_ONLY = /^platform:compute\.eks\./;
