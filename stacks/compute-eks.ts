import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ClusterMonitoring, EksApp, EksCluster, LoadBalancerController, PORT_NAME } from "../components/eks";
import { AppSetting } from "../components/internal/connections";
import { COLOURS } from "../components/internal/metrics";
import { ComputeTier, ComputeTierInputs } from "./compute";
import { ConfigError, PlatformConfig } from "./config";

/** CPU units as ECS counts them (1024 = 1 vCPU) to Kubernetes millicores. */
export function cpuUnitsToMillicores(units: number): number {
  return Math.round((units * 1000) / 1024);
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

  const cluster = new EksCluster("eks", {
    clusterName: `platform-${config.stack}`,
    kubernetesVersion: eks.kubernetesVersion,
    subnetIds: network.privateSubnetIds,
    endpoint: eks.endpoint,
    adminRoleArns: eks.adminRoleArns,
    deletionProtection: eks.deletionProtection,
    logRetentionInDays: eks.logRetentionInDays,
    nodeGroups: eks.nodeGroups,
    addonVersions: eks.addons,
    tags,
  });

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
    { dependsOn: cluster.ready },
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
      inClusterDependsOn: [...cluster.ready, controller, ...(loadBalancer.dependsOn ?? [])],
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
      { dependsOn: cluster.ready },
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
