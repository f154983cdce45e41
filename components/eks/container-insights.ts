import * as aws from "../internal/aws";
import * as pulumi from "@pulumi/pulumi";
import { awsContext } from "../internal/aws-context";
import { createEncryptionKey } from "../internal/kms";
import { createEncryptedLogGroup, LOG_RETENTION_DAYS } from "../internal/log-group";
import { mergeTags, Tags } from "../internal/tags";
import { Problems } from "../internal/validation";
import { attachManagedPolicies, createRole, podIdentityTrustPolicy } from "./iam";

export interface ContainerInsightsArgs {
  /** The cluster's exact name; it names the Container Insights log groups. */
  readonly clusterName: string;
  /** `amazon-cloudwatch-observability` version, 3.1.0 or later (Pod Identity). @default the version EKS picks for the Kubernetes version */
  readonly addonVersion?: string;
  /** Days to keep pod logs and Container Insights' performance events; one of CloudWatch's retention values. @default 30 */
  readonly logRetentionInDays?: number;
  /** Bring your own KMS key for the log groups (its policy must admit `logs`). @default a new key with rotation */
  readonly logKmsKeyArn?: pulumi.Input<string>;
  /** Tags for every taggable resource, after `Name`. @default none */
  readonly tags?: Tags;
}

export const CONTAINER_INSIGHTS_ADDON = "amazon-cloudwatch-observability";
/** The add-on's agent and Fluent Bit run as this service account in this namespace (EKS user guide, eks-add-ons.adoc). */
export const CLOUDWATCH_AGENT_NAMESPACE = "amazon-cloudwatch";
export const CLOUDWATCH_AGENT_SERVICE_ACCOUNT = "cloudwatch-agent";
/** Managed policy the add-on's role needs (eks-add-ons.adoc, "Required IAM permissions"). */
export const CLOUDWATCH_AGENT_POLICY = "CloudWatchAgentServerPolicy";
/**
 * Log groups the add-on writes to: Fluent Bit ships container logs to
 * `application` (and node logs to `dataplane` and `host`); the agent writes
 * the embedded-metric-format events CloudWatch turns into ContainerInsights
 * metrics to `performance`. Created here, so each is encrypted and expires.
 */
export const CONTAINER_INSIGHTS_LOG_GROUPS = ["application", "dataplane", "host", "performance"] as const;
/** Add-on versions from 3.1.0 accept EKS Pod Identity (CloudWatch user guide, "Quick start with the Amazon CloudWatch Observability EKS add-on"). */
const FIRST_POD_IDENTITY_VERSION = [3, 1, 0];
const DEFAULT_LOG_RETENTION_DAYS = 30;

export const CONTAINER_INSIGHTS_NAMESPACE = "ContainerInsights";
/**
 * ContainerInsights metrics the add-on produces for every pod's workload
 * (dimensions ClusterName, Namespace, PodName, where PodName is the workload's
 * name) and for the cluster: the pod and node metrics of the CloudWatch user
 * guide's "Amazon EKS and Kubernetes Container Insights metrics", and the
 * deployment status metrics enhanced observability adds, which the agent's
 * receiver emits per Deployment with PodName set to the Deployment's name
 * (amazon-contributing/opentelemetry-collector-contrib,
 * receiver/awscontainerinsightreceiver/internal/k8sapiserver/k8sapiserver.go,
 * getDeploymentMetrics).
 */
export const CONTAINER_INSIGHTS_METRICS = [
  "cluster_failed_node_count",
  "cluster_node_count",
  "namespace_number_of_running_pods",
  "node_cpu_utilization",
  "node_filesystem_utilization",
  "node_memory_utilization",
  "node_number_of_running_pods",
  "pod_cpu_reserved_capacity",
  "pod_cpu_utilization",
  "pod_cpu_utilization_over_pod_limit",
  "pod_memory_reserved_capacity",
  "pod_memory_utilization",
  "pod_memory_utilization_over_pod_limit",
  "pod_network_rx_bytes",
  "pod_network_tx_bytes",
  "pod_number_of_container_restarts",
  "service_number_of_running_pods",
  "kube_deployment_status_replicas_available",
  "kube_deployment_status_replicas_unavailable",
] as const;

/** True when an add-on version such as `v3.1.0-eksbuild.1` is at least 3.1.0, the first that takes Pod Identity. */
export function addonSupportsPodIdentity(version: string): boolean {
  const parts = /^v(\d+)\.(\d+)\.(\d+)-eksbuild\.\d+$/.exec(version)?.slice(1, 4).map(Number);
  if (!parts) return false;
  for (let i = 0; i < parts.length; i++) {
    if (parts[i] !== FIRST_POD_IDENTITY_VERSION[i]) return parts[i] > FIRST_POD_IDENTITY_VERSION[i];
  }
  return true;
}

/**
 * Container Insights with enhanced observability through the
 * `amazon-cloudwatch-observability` add-on: the CloudWatch agent produces the
 * ContainerInsights metrics the alarms and dashboard read, and its Fluent Bit
 * ships every pod's logs to `/aws/containerinsights/<cluster>/application`.
 * The add-on's role comes through EKS Pod Identity; its log groups are
 * encrypted with our key and expire.
 */
export class ContainerInsights extends pulumi.ComponentResource {
  readonly roleArn: pulumi.Output<string>;
  /** The log group of the pods' logs. */
  readonly applicationLogGroupName: pulumi.Output<string>;
  readonly addon: aws.eks.Addon;

  constructor(name: string, args: ContainerInsightsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:eks:ContainerInsights", name, {}, opts);
    const retention = args.logRetentionInDays ?? DEFAULT_LOG_RETENTION_DAYS;
    const problems = new Problems();
    problems.check((LOG_RETENTION_DAYS as readonly number[]).includes(retention), "logRetentionInDays", retention, `one of ${LOG_RETENTION_DAYS.join(", ")}`);
    problems.check(
      args.addonVersion === undefined || addonSupportsPodIdentity(args.addonVersion),
      "addonVersion",
      args.addonVersion,
      "v3.1.0-eksbuild.1 or later: earlier versions take no Pod Identity association",
    );
    problems.throwIfAny(this, `ContainerInsights "${name}"`);

    const parent = { parent: this };
    const tags = (resourceName: string) => mergeTags(resourceName, args.tags);
    const ctx = awsContext(this);
    const logGroupNames = CONTAINER_INSIGHTS_LOG_GROUPS.map((kind) => ({ kind, logGroupName: `/aws/containerinsights/${args.clusterName}/${kind}` }));
    const keyArn =
      args.logKmsKeyArn ??
      createEncryptionKey(
        `${name}-logs`,
        { description: `Pod logs and Container Insights of ${args.clusterName}`, logGroupNames: logGroupNames.map((g) => g.logGroupName), tags: tags(`${name}-logs`) },
        ctx,
        parent,
      ).arn;
    const logGroups = logGroupNames.map(({ kind, logGroupName }) =>
      createEncryptedLogGroup(`${name}-${kind}`, { logGroupName, retentionInDays: retention, kmsKeyArn: keyArn, tags: tags(`${name}-${kind}`) }, parent),
    );

    const role = createRole(
      name,
      podIdentityTrustPolicy(args.clusterName, CLOUDWATCH_AGENT_NAMESPACE, CLOUDWATCH_AGENT_SERVICE_ACCOUNT),
      `CloudWatch agent and Fluent Bit of ${args.clusterName} (Pod Identity)`,
      tags(name),
      parent,
    );
    const policies = attachManagedPolicies(name, role, ctx.partition, [CLOUDWATCH_AGENT_POLICY], parent);
    this.addon = new aws.eks.Addon(
      name,
      {
        clusterName: args.clusterName,
        addonName: CONTAINER_INSIGHTS_ADDON,
        addonVersion: args.addonVersion,
        resolveConflictsOnCreate: "OVERWRITE",
        resolveConflictsOnUpdate: "OVERWRITE",
        podIdentityAssociations: [{ roleArn: role.arn, serviceAccount: CLOUDWATCH_AGENT_SERVICE_ACCOUNT }],
        tags: tags(name),
      },
      // The log groups first, so Fluent Bit and the agent never create them unencrypted and kept forever.
      { parent: this, dependsOn: [...policies, ...logGroups] },
    );

    this.roleArn = role.arn;
    this.applicationLogGroupName = logGroups[0].name;
    this.registerOutputs({ roleArn: this.roleArn, applicationLogGroupName: this.applicationLogGroupName });
  }
}
