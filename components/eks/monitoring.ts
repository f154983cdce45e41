import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { Problems } from "../internal/validation";
import { AlertRule, alertRules, AlertThresholds, AppMetricNames } from "./alert-rules";
import { alertmanagerConfig, AlertReceivers, RECEIVER_SECRET_KEYS, RECEIVER_SECRET_NAME } from "./alertmanager-config";
import { appDashboard } from "./dashboard";

export interface ReceiverSecrets {
  readonly slackWebhookUrl?: pulumi.Input<string>;
  readonly pagerDutyRoutingKey?: pulumi.Input<string>;
  readonly smtpPassword?: pulumi.Input<string>;
}

export interface ClusterMonitoringArgs {
  /** Provider of the cluster. */
  readonly provider: k8s.Provider;
  /** kube-prometheus-stack chart version. */
  readonly chartVersion: string;
  /** Namespace created for the stack. @default "monitoring" */
  readonly namespace?: string;
  /** Seconds between scrapes and between rule evaluations. @default 15 */
  readonly scrapeIntervalSeconds?: number;
  /** Days Prometheus keeps samples. @default 30 */
  readonly retentionDays?: number;
  /** Prometheus volume, encrypted gp3. @default 50 */
  readonly storageGiB?: number;
  /** Prometheus replicas, each in its own availability zone with its own volume; both scrape everything. @default 2 */
  readonly prometheusReplicas?: number;
  /** Alertmanager replicas, clustered (they gossip and deduplicate notifications), each in its own zone. @default 2 */
  readonly alertmanagerReplicas?: number;
  /** CSI driver that provisions the volumes: `ebs.csi.aws.com` (the EBS CSI add-on) or `ebs.csi.eks.amazonaws.com` (EKS Auto Mode). @default "ebs.csi.aws.com" */
  readonly storageProvisioner?: string;
  /** Thresholds of the app's PrometheusRule. */
  readonly thresholds: AlertThresholds;
  /** The app to scrape and alert on. */
  readonly app: AppMetricNames & { readonly metricsPath: string; readonly portName: string };
  /** Non-secret receiver settings; a channel is used only when set. */
  readonly receivers: AlertReceivers;
  /** Receiver secrets, each required when its channel is set. Stored only in a Kubernetes Secret, never in Helm values. */
  readonly receiverSecrets: ReceiverSecrets;
}

const DEFAULT_NAMESPACE = "monitoring";
const CHART_REPOSITORY = "https://prometheus-community.github.io/helm-charts";
const STORAGE_CLASS = "gp3-encrypted";
const GRAFANA_ADMIN_SECRET = "grafana-admin";
const GRAFANA_PASSWORD_LENGTH = 32;
const ALERTMANAGER_STORAGE_GIB = 10;
const DEFAULT_REPLICAS = 2;
export const EBS_CSI_PROVISIONERS = ["ebs.csi.aws.com", "ebs.csi.eks.amazonaws.com"] as const;
/** Replicas of one StatefulSet never share a zone, so losing a node or a zone leaves the other replica running. */
const ZONE_TOPOLOGY_KEY = "topology.kubernetes.io/zone";

/** Pure validation: pinned chart, sane intervals, and a secret for every configured receiver. */
export function validateMonitoringArgs(args: ClusterMonitoringArgs): Problems {
  const problems = new Problems();
  const scrape = args.scrapeIntervalSeconds ?? 15;
  const retention = args.retentionDays ?? 30;
  const storage = args.storageGiB ?? 50;
  problems.check(/^\d+\.\d+\.\d+$/.test(args.chartVersion), "chartVersion", args.chartVersion, "a pinned chart version such as 79.7.1");
  problems.check(Number.isInteger(scrape) && scrape >= 5 && scrape <= 300, "scrapeIntervalSeconds", scrape, "an integer from 5 to 300");
  problems.check(Number.isInteger(retention) && retention >= 1, "retentionDays", retention, "an integer of at least 1");
  problems.check(Number.isInteger(storage) && storage >= 10, "storageGiB", storage, "an integer of at least 10");
  for (const [argument, replicas] of [
    ["prometheusReplicas", args.prometheusReplicas ?? DEFAULT_REPLICAS],
    ["alertmanagerReplicas", args.alertmanagerReplicas ?? DEFAULT_REPLICAS],
  ] as const) {
    problems.check(Number.isInteger(replicas) && replicas >= 2 && replicas <= 5, argument, replicas, "an integer from 2 to 5 (one replica is no longer highly available)");
  }
  const provisioner = args.storageProvisioner ?? EBS_CSI_PROVISIONERS[0];
  problems.check((EBS_CSI_PROVISIONERS as readonly string[]).includes(provisioner), "storageProvisioner", provisioner, EBS_CSI_PROVISIONERS.join(" | "));
  const t = args.thresholds;
  problems.check(t.cpuCriticalPercent > t.cpuWarningPercent, "thresholds.cpuCriticalPercent", t.cpuCriticalPercent, `above cpuWarningPercent (${t.cpuWarningPercent})`);
  problems.check(t.availabilityTargetPercent > 0 && t.availabilityTargetPercent < 100, "thresholds.availabilityTargetPercent", t.availabilityTargetPercent, "above 0 and below 100");
  problems.check(!args.receivers.slackChannel || args.receiverSecrets.slackWebhookUrl !== undefined, "receiverSecrets.slackWebhookUrl", undefined, "a webhook URL when slackChannel is set");
  problems.check(!args.receivers.pagerDuty || args.receiverSecrets.pagerDutyRoutingKey !== undefined, "receiverSecrets.pagerDutyRoutingKey", undefined, "a routing key when pagerDuty is on");
  problems.check(!args.receivers.email || args.receiverSecrets.smtpPassword !== undefined, "receiverSecrets.smtpPassword", undefined, "an SMTP password when email is set");
  return problems;
}

/**
 * A highly available pair: hard anti-affinity across zones (chart values
 * `podAntiAffinity`/`podAntiAffinityTopologyKey`, templates/alertmanager/alertmanager.yaml)
 * and a PodDisruptionBudget that keeps all but one replica through a drain.
 */
function highlyAvailable(replicas: number) {
  return {
    spec: { replicas, podAntiAffinity: "hard", podAntiAffinityTopologyKey: ZONE_TOPOLOGY_KEY },
    podDisruptionBudget: { enabled: true, minAvailable: replicas - 1 },
  };
}

/**
 * kube-prometheus-stack in the cluster: Prometheus replicas in different
 * zones, each on an encrypted volume, Alertmanager clustered across zones,
 * Grafana with a generated admin password held only as a Pulumi secret and
 * the app dashboard provisioned, Alertmanager routing by severity with
 * receiver secrets mounted from a Kubernetes Secret, and the app's
 * PrometheusRule and PodMonitor.
 */
export class ClusterMonitoring extends pulumi.ComponentResource {
  readonly namespace: string;
  /** Grafana's admin password (secret). */
  readonly grafanaAdminPassword: pulumi.Output<string>;
  readonly release: k8s.helm.v3.Release;
  readonly rules: readonly { name: string; rules: AlertRule[] }[];

  constructor(name: string, args: ClusterMonitoringArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:eks:ClusterMonitoring", name, {}, opts);
    validateMonitoringArgs(args).throwIfAny(this, `ClusterMonitoring "${name}"`);
    const namespace = args.namespace ?? DEFAULT_NAMESPACE;
    const scrape = `${args.scrapeIntervalSeconds ?? 15}s`;
    const k8sOpts = { parent: this, provider: args.provider };

    const ns = new k8s.core.v1.Namespace(`${name}-namespace`, { metadata: { name: namespace, labels: { "pod-security.kubernetes.io/warn": "restricted" } } }, { ...k8sOpts, dependsOn: opts?.dependsOn });
    const inNs = { ...k8sOpts, dependsOn: [ns] };
    const storageClass = new k8s.storage.v1.StorageClass(
      `${name}-storage`,
      {
        metadata: { name: STORAGE_CLASS },
        provisioner: args.storageProvisioner ?? EBS_CSI_PROVISIONERS[0],
        parameters: { type: "gp3", encrypted: "true" },
        reclaimPolicy: "Retain",
        volumeBindingMode: "WaitForFirstConsumer",
        allowVolumeExpansion: true,
      },
      { ...k8sOpts, dependsOn: opts?.dependsOn },
    );

    const password = new random.RandomPassword(`${name}-grafana-admin`, { length: GRAFANA_PASSWORD_LENGTH, special: false }, { parent: this });
    this.grafanaAdminPassword = pulumi.secret(password.result);
    const grafanaSecret = new k8s.core.v1.Secret(
      `${name}-grafana-admin`,
      { metadata: { name: GRAFANA_ADMIN_SECRET, namespace }, type: "Opaque", stringData: { "admin-user": "admin", "admin-password": this.grafanaAdminPassword } },
      inNs,
    );
    const receiverData: Record<string, pulumi.Output<string>> = {};
    const s = args.receiverSecrets;
    if (args.receivers.slackChannel && s.slackWebhookUrl !== undefined) receiverData[RECEIVER_SECRET_KEYS.slack] = pulumi.secret(s.slackWebhookUrl);
    if (args.receivers.pagerDuty && s.pagerDutyRoutingKey !== undefined) receiverData[RECEIVER_SECRET_KEYS.pagerDuty] = pulumi.secret(s.pagerDutyRoutingKey);
    if (args.receivers.email && s.smtpPassword !== undefined) receiverData[RECEIVER_SECRET_KEYS.email] = pulumi.secret(s.smtpPassword);
    const receiverSecret = new k8s.core.v1.Secret(
      `${name}-receivers`,
      { metadata: { name: RECEIVER_SECRET_NAME, namespace }, type: "Opaque", stringData: receiverData },
      inNs,
    );
    const dashboard = new k8s.core.v1.ConfigMap(
      `${name}-app-dashboard`,
      { metadata: { name: "app-dashboard", namespace, labels: { grafana_dashboard: "1" } }, data: { "app.json": JSON.stringify(appDashboard(args.app)) } },
      inNs,
    );

    const prometheus = highlyAvailable(args.prometheusReplicas ?? DEFAULT_REPLICAS);
    const alertmanager = highlyAvailable(args.alertmanagerReplicas ?? DEFAULT_REPLICAS);
    const volume = (gib: number) => ({
      volumeClaimTemplate: { spec: { storageClassName: STORAGE_CLASS, accessModes: ["ReadWriteOnce"], resources: { requests: { storage: `${gib}Gi` } } } },
    });
    this.release = new k8s.helm.v3.Release(
      name,
      {
        name: "kube-prometheus-stack",
        chart: "kube-prometheus-stack",
        version: args.chartVersion,
        repositoryOpts: { repo: CHART_REPOSITORY },
        namespace,
        atomic: true,
        cleanupOnFail: true,
        timeout: 900,
        values: {
          // EKS runs these components itself; their endpoints are not scrapable.
          kubeControllerManager: { enabled: false },
          kubeScheduler: { enabled: false },
          kubeEtcd: { enabled: false },
          kubeProxy: { enabled: false },
          prometheus: {
            podDisruptionBudget: prometheus.podDisruptionBudget,
            prometheusSpec: {
              ...prometheus.spec,
              // The operator drops its replica label from alerts (alert_relabel_configs labeldrop prometheus_replica, prometheus-operator
              // pkg/prometheus/promcfg), so Alertmanager deduplicates the two replicas' alerts.
              resources: { requests: { cpu: "250m", memory: "1Gi" } },
              scrapeInterval: scrape,
              evaluationInterval: scrape,
              retention: `${args.retentionDays ?? 30}d`,
              storageSpec: volume(args.storageGiB ?? 50),
              // Pick up the PrometheusRule and PodMonitor below without the chart's release label.
              ruleSelectorNilUsesHelmValues: false,
              podMonitorSelectorNilUsesHelmValues: false,
              serviceMonitorSelectorNilUsesHelmValues: false,
              securityContext: { runAsNonRoot: true, runAsUser: 1000, fsGroup: 2000, seccompProfile: { type: "RuntimeDefault" } },
            },
          },
          alertmanager: {
            config: alertmanagerConfig(args.receivers),
            podDisruptionBudget: alertmanager.podDisruptionBudget,
            alertmanagerSpec: {
              ...alertmanager.spec,
              resources: { requests: { cpu: "50m", memory: "128Mi" } },
              secrets: [RECEIVER_SECRET_NAME],
              storage: volume(ALERTMANAGER_STORAGE_GIB),
            },
          },
          grafana: {
            admin: { existingSecret: GRAFANA_ADMIN_SECRET, userKey: "admin-user", passwordKey: "admin-password" },
            sidecar: { dashboards: { enabled: true, label: "grafana_dashboard", labelValue: "1", searchNamespace: namespace } },
            persistence: { enabled: false },
          },
        },
      },
      { ...inNs, dependsOn: [ns, storageClass, grafanaSecret, receiverSecret, dashboard] },
    );

    this.rules = alertRules(args.thresholds, args.app);
    new k8s.apiextensions.CustomResource(
      `${name}-app-rules`,
      {
        apiVersion: "monitoring.coreos.com/v1",
        kind: "PrometheusRule",
        metadata: { name: "app-alerts", namespace },
        spec: { groups: this.rules },
      },
      { ...inNs, dependsOn: [this.release] },
    );
    new k8s.apiextensions.CustomResource(
      `${name}-app-pods`,
      {
        apiVersion: "monitoring.coreos.com/v1",
        kind: "PodMonitor",
        metadata: { name: "app", namespace },
        spec: {
          namespaceSelector: { matchNames: [args.app.namespace] },
          selector: { matchLabels: { "app.kubernetes.io/name": args.app.appName } },
          podMetricsEndpoints: [{ port: args.app.portName, path: args.app.metricsPath, interval: scrape }],
        },
      },
      { ...inNs, dependsOn: [this.release] },
    );

    this.namespace = namespace;
    this.registerOutputs({ namespace, grafanaAdminPassword: this.grafanaAdminPassword });
  }
}
