import * as aws from "../components/internal/aws";
import * as pulumi from "@pulumi/pulumi";
import {
  APP_NODE_POOL,
  APP_NODE_SECURITY_GROUP_TAG,
  APP_NODE_TAINT,
  AUTO_MODE_EBS_PROVISIONER,
  AutoModeNodePool,
  ClusterMonitoring,
  ContainerInsights,
  cpuUnitsToMillicores,
  EBS_CSI_PROVISIONERS,
  EksApp,
  EksCluster,
  Karpenter,
  LoadBalancerController,
  NODE_POOL_LABEL,
  PORT_NAME,
} from "../components/eks";
import { AppSetting } from "../components/internal/connections";
import { COLOURS } from "../components/internal/metrics";
import { Tags } from "../components/internal/tags";
import type { ComputeTier, ComputeTierInputs } from "./compute";
import { ConfigError, PlatformConfig } from "./config";

/** The EKS cluster's name in a stack. */
export function eksClusterName(config: Pick<PlatformConfig, "stack">): string {
  return `platform-${config.stack}`;
}

/** Tag on the private subnets by which Karpenter's and Auto Mode's node classes find the subnets for nodes. */
export function eksSubnetDiscoveryTags(config: Pick<PlatformConfig, "stack">): Tags {
  return { "karpenter.sh/discovery": eksClusterName(config) };
}

/** Rules that span config sections, in config-key terms, checked before any resource exists. */
export function validateEksTierConfig(config: PlatformConfig): string[] {
  const problems: string[] = [];
  if (config.compute.build) {
    problems.push(
      'platform:compute.build: an image build is not allowed with platform:compute.platform "eks" (expected prebuilt images in platform:compute.blue.image and green.image)',
    );
  }
  if (config.traffic.mode !== "weighted") {
    problems.push(`platform:traffic.mode: ${JSON.stringify(config.traffic.mode)} is not allowed with platform:compute.platform "eks" (expected "weighted": listener weights shift traffic on EKS)`);
  }
  return problems;
}

/**
 * Composes the EKS tier: the cluster with its node groups and add-ons, the AWS
 * Load Balancer Controller, the app in blue and green bound to the ALB's
 * target groups, and (when on) the in-cluster monitoring stack.
 */
export function createEksTier(inputs: ComputeTierInputs): ComputeTier {
  const { config, tags, network, loadBalancer } = inputs;
  const problems = validateEksTierConfig(config);
  if (problems.length > 0) throw new ConfigError(problems);
  const compute = config.compute;
  const eks = compute.eks;
  const region = aws.getRegionOutput({}).region;
  const clusterName = eksClusterName(config);
  const autoMode = eks.capacity.mode === "autoMode";

  const cluster = new EksCluster("eks", {
    clusterName,
    kubernetesVersion: eks.kubernetesVersion,
    subnetIds: network.privateSubnetIds,
    endpoint: eks.endpoint,
    adminRoleArns: eks.adminRoleArns,
    deletionProtection: eks.deletionProtection,
    logRetentionInDays: eks.logRetentionInDays,
    autoMode,
    // Auto Mode runs the nodes itself; the node groups are for Karpenter's controller.
    nodeGroups: autoMode ? {} : eks.nodeGroups,
    addonVersions: eks.addons,
    tags,
  });

  // Nodes for pending pods. The cluster security group carries EKS's own tag kubernetes.io/cluster/<name>: owned (EKS user guide, sec-group-reqs.adoc).
  const clusterSecurityGroupTags = { [`kubernetes.io/cluster/${clusterName}`]: "owned" };
  const appNodeSecurityGroupTags = { [APP_NODE_SECURITY_GROUP_TAG]: clusterName };
  const capacity = autoMode
    ? new AutoModeNodePool(
        "eks-auto",
        {
          provider: cluster.provider,
          nodeRoleName: cluster.nodeRoleName,
          nodePool: eks.capacity.nodePool,
          nodeVolumeKmsKeyArn: cluster.nodeVolumeKmsKeyArn,
          subnetSelectorTags: eksSubnetDiscoveryTags(config),
          securityGroupSelectorTags: [clusterSecurityGroupTags, appNodeSecurityGroupTags],
          tags,
        },
        { dependsOn: cluster.ready },
      )
    : new Karpenter(
        "eks-karpenter",
        {
          clusterName,
          clusterEndpoint: cluster.endpoint,
          provider: cluster.provider,
          chartVersion: eks.capacity.karpenter.chartVersion,
          identity: eks.capacity.karpenter.identity,
          oidcProviderArn: cluster.oidcProviderArn,
          oidcIssuer: cluster.oidcIssuer,
          nodePool: eks.capacity.nodePool,
          nodeVolumeKmsKeyArn: cluster.nodeVolumeKmsKeyArn,
          subnetSelectorTags: eksSubnetDiscoveryTags(config),
          securityGroupSelectorTags: clusterSecurityGroupTags,
          amiVersion: eks.capacity.karpenter.amiVersion,
          tags,
        },
        { dependsOn: cluster.ready },
      );
  const nodesReady = [...cluster.ready, ...capacity.ready];

  // Container Insights (the metrics the alarms and dashboard read) and the pods' logs.
  new ContainerInsights(
    "eks-insights",
    { clusterName, addonVersion: eks.addons.cloudwatchObservability, logRetentionInDays: eks.podLogRetentionInDays, tags },
    { dependsOn: nodesReady },
  );

  const controller = new LoadBalancerController(
    "eks-lb-controller",
    {
      clusterName: cluster.clusterName,
      region,
      vpcId: network.vpcId,
      targetGroupArns: COLOURS.map((c) => loadBalancer.targetGroupArns[c]),
      chartVersion: eks.loadBalancerController.chartVersion,
      provider: cluster.provider,
      tags,
    },
    { dependsOn: nodesReady },
  );

  const monitoringNamespace = eks.monitoring.enabled ? "monitoring" : undefined;
  const appName = "app";
  const cpuMillicores = cpuUnitsToMillicores(compute.cpu);
  const settings: AppSetting[] = [
    ...Object.entries(compute.environment).map(([environmentName, value]) => ({ environmentName, value })),
    ...inputs.appSettings,
  ];
  const app = new EksApp(
    "eks-app",
    {
      appName,
      namespace: eks.workload.namespace,
      clusterName: cluster.clusterName,
      provider: cluster.provider,
      vpcId: network.vpcId,
      vpcCidr: network.cidrBlock,
      clusterSecurityGroupId: cluster.clusterSecurityGroupId,
      oidcProviderArn: cluster.oidcProviderArn,
      oidcIssuer: cluster.oidcIssuer,
      containerPort: compute.containerPort,
      images: { blue: compute.blue.image, green: compute.green.image },
      // CPU limit equal to the request, memory too: Guaranteed QoS, and the HPA's utilisation means share of the limit.
      sizing: { cpuMillicores, cpuLimitMillicores: cpuMillicores, memoryMiB: compute.memoryMiB },
      scaling: { minReplicas: compute.scaling.minCount, maxReplicas: compute.scaling.maxCount, cpuTargetPercent: compute.scaling.cpuTargetPercent },
      healthCheckPath: eks.workload.healthCheckPath,
      startupGraceSeconds: compute.healthCheckGracePeriodSeconds,
      runAsUser: eks.workload.runAsUser,
      loadBalancer: { securityGroupId: loadBalancer.securityGroupId, targetGroupArns: loadBalancer.targetGroupArns },
      appSecrets: inputs.appSecrets,
      appSettings: settings,
      dataCidrs: network.subnetPlan.filter((s) => s.tier === "database").map((s) => s.cidr),
      dataPorts: eks.workload.dataPorts,
      monitoringNamespace,
      // On Auto Mode the app's security group sits on nodes only the app uses (no security groups for pods there).
      podSecurityGroups: !autoMode,
      securityGroupTags: autoMode ? appNodeSecurityGroupTags : undefined,
      placement: {
        nodeSelector: { [NODE_POOL_LABEL]: APP_NODE_POOL },
        tolerations: autoMode ? [APP_NODE_TAINT] : undefined,
      },
      inClusterDependsOn: [...nodesReady, controller, ...(loadBalancer.dependsOn ?? [])],
      tags,
    },
  );

  let monitoring: ClusterMonitoring | undefined;
  if (eks.monitoring.enabled) {
    const m = eks.monitoring;
    const alerting = m.alerting;
    monitoring = new ClusterMonitoring(
      "eks-monitoring",
      {
        provider: cluster.provider,
        namespace: monitoringNamespace,
        chartVersion: m.chartVersion,
        scrapeIntervalSeconds: m.scrapeIntervalSeconds,
        retentionDays: m.retentionDays,
        storageGiB: m.storageGiB,
        prometheusReplicas: m.prometheusReplicas,
        alertmanagerReplicas: m.alertmanagerReplicas,
        storageProvisioner: autoMode ? AUTO_MODE_EBS_PROVISIONER : EBS_CSI_PROVISIONERS[0],
        thresholds: m.thresholds,
        app: { namespace: eks.workload.namespace, appName, metricsPath: eks.workload.metricsPath, portName: PORT_NAME },
        receivers: {
          slackChannel: alerting.slack?.channel,
          pagerDuty: alerting.pagerDuty !== undefined,
          email: alerting.email && { to: alerting.email.to, from: alerting.email.from, smarthost: alerting.email.smarthost, username: alerting.email.username },
        },
        // Config values from `secure:` entries: wrapped here so they stay secrets in state.
        receiverSecrets: {
          slackWebhookUrl: alerting.slack && pulumi.secret(alerting.slack.webhookUrl),
          pagerDutyRoutingKey: alerting.pagerDuty && pulumi.secret(alerting.pagerDuty.routingKey),
          smtpPassword: alerting.email && pulumi.secret(alerting.email.password),
        },
      },
      { dependsOn: nodesReady },
    );
  }

  return {
    securityGroup: { securityGroupId: app.securityGroupId },
    metrics: {
      kind: "eks",
      clusterName: cluster.clusterName,
      namespace: app.namespace,
      deploymentNames: app.deploymentNames,
      minimumPods: compute.scaling.minCount,
    },
    outputs: {
      platform: "eks",
      images: { blue: compute.blue.image, green: compute.green.image },
      eksClusterName: cluster.clusterName,
      eksClusterEndpoint: cluster.endpoint,
      eksKubeconfig: cluster.kubeconfig,
      appNamespace: app.namespace,
      appSecurityGroupId: app.securityGroupId,
      appRoleArn: app.roleArn,
      ...(monitoring ? { grafanaAdminPassword: monitoring.grafanaAdminPassword } : {}),
    },
  };
}
