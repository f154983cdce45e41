import * as aws from "../internal/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { arns } from "../internal/arns";
import { awsContext, AwsContextValues, contextDocument } from "../internal/aws-context";
import { mergeTags, Tags } from "../internal/tags";
import { Problems } from "../internal/validation";
import { attachManagedPolicies, createRole, serviceTrustPolicy, WorkloadIdentity, workloadRoleTrustPolicy } from "./iam";
import { karpenterControllerPolicies } from "./karpenter-iam";
import { APP_NODE_POOL, createAppNodePool, NodePoolArgs, nodePoolArgProblems, resolveNodePool } from "./node-pool";

export interface KarpenterArgs {
  /** The cluster's exact name: it scopes the controller's policy and names the interruption queue. */
  readonly clusterName: string;
  /** The API server endpoint the nodes join. */
  readonly clusterEndpoint: pulumi.Input<string>;
  /** Provider of the cluster. */
  readonly provider: k8s.Provider;
  /** Version of the `karpenter` and `karpenter-crd` charts from oci://public.ecr.aws/karpenter. */
  readonly chartVersion: string;
  /** How the controller receives its role: EKS Pod Identity, or IRSA (then `oidcProviderArn` and `oidcIssuer`). @default "podIdentity" */
  readonly identity?: WorkloadIdentity;
  /** The cluster's IAM OIDC provider; required with `identity: "irsa"`. @default none */
  readonly oidcProviderArn?: pulumi.Input<string>;
  /** The OIDC issuer URL with `https://`; required with `identity: "irsa"`. @default none */
  readonly oidcIssuer?: pulumi.Input<string>;
  /** The pool Karpenter fills with nodes for pending pods. */
  readonly nodePool: NodePoolArgs;
  /** KMS key that encrypts every node's root volume. */
  readonly nodeVolumeKmsKeyArn: pulumi.Input<string>;
  /** Tags that pick the nodes' subnets (the cluster's private subnets). */
  readonly subnetSelectorTags: Tags;
  /** Tags that pick the nodes' security groups (the cluster security group). */
  readonly securityGroupSelectorTags: Tags;
  /** AMI of the EKS-optimized AL2023 family: `latest`, or a release such as `v20250920` to pin it. @default "latest" */
  readonly amiVersion?: string;
  /** Controller replicas (leader-elected, spread over nodes and zones). @default 2 */
  readonly replicas?: number;
  /** Tags for every taggable resource, after `Name`. @default none */
  readonly tags?: Tags;
}

export const KARPENTER_NAMESPACE = "kube-system";
export const KARPENTER_SERVICE_ACCOUNT = "karpenter";
const CHART_REPOSITORY = "oci://public.ecr.aws/karpenter";
const DEFAULT_REPLICAS = 2;
/** Karpenter's own queue settings (cloudformation.yaml, KarpenterInterruptionQueue): interruption notices are stale after five minutes. */
const QUEUE_RETENTION_SECONDS = 300;
/** SQS queue names: up to 80 letters, digits, hyphens and underscores. */
const QUEUE_NAME = /^[A-Za-z0-9_-]{1,80}$/;
/** EventBridge rule names: up to 64 characters (EventBridge API reference, PutRule, Name). */
const RULE_NAME_MAX_LENGTH = 64;

/**
 * The EventBridge rules Karpenter's interruption handling reads, by stable key
 * (cloudformation.yaml: ScheduledChangeRule, SpotInterruptionRule,
 * RebalanceRule, InstanceStateChangeRule, CapacityReservationInterruptionRule).
 * Each rule is named `<cluster>-<ruleSuffix>`, so the queue policy can name
 * the rules before they exist.
 */
export const INTERRUPTION_EVENTS: Readonly<Record<string, { source: string; detailType: string; ruleSuffix: string }>> = {
  "scheduled-change": { source: "aws.health", detailType: "AWS Health Event", ruleSuffix: "health" },
  "spot-interruption": { source: "aws.ec2", detailType: "EC2 Spot Instance Interruption Warning", ruleSuffix: "spot" },
  rebalance: { source: "aws.ec2", detailType: "EC2 Instance Rebalance Recommendation", ruleSuffix: "rebalance" },
  "instance-state-change": { source: "aws.ec2", detailType: "EC2 Instance State-change Notification", ruleSuffix: "state-change" },
  "capacity-reservation-interruption": { source: "aws.ec2", detailType: "EC2 Capacity Reservation Instance Interruption Warning", ruleSuffix: "reservation" },
};
const LONGEST_RULE_SUFFIX = Math.max(...Object.values(INTERRUPTION_EVENTS).map((e) => e.ruleSuffix.length));

/** The name of an interruption rule of this cluster. */
export function interruptionRuleName(clusterName: string, ruleSuffix: string): string {
  return `${clusterName}-${ruleSuffix}`;
}

/**
 * The interruption queue's policy: only this account's interruption rules may
 * send, and only over TLS. EventBridge is the only sender: the rules above are
 * the queue's only producers in Karpenter's own template (cloudformation.yaml),
 * and AWS documents an EventBridge target queue's policy with
 * `events.amazonaws.com` and the rule's `aws:SourceArn` alone (EventBridge user
 * guide, eb-use-resource-based, "Amazon SQS permissions"); the template's
 * `sqs.amazonaws.com` principal serves no sender here and is left out.
 */
export function interruptionQueuePolicy(c: AwsContextValues, clusterName: string): object {
  const queueArn = arns.queue(c, clusterName);
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "EventBridgeRulesSend",
        Effect: "Allow",
        Principal: { Service: "events.amazonaws.com" },
        Action: "sqs:SendMessage",
        Resource: queueArn,
        Condition: {
          StringEquals: { "aws:SourceAccount": c.account },
          ArnEquals: { "aws:SourceArn": Object.values(INTERRUPTION_EVENTS).map((e) => arns.eventRule(c, interruptionRuleName(clusterName, e.ruleSuffix))) },
        },
      },
      { Sid: "DenyHTTP", Effect: "Deny", Principal: "*", Action: "sqs:*", Resource: queueArn, Condition: { Bool: { "aws:SecureTransport": "false" } } },
    ],
  };
}

/** IMDSv2 only, and one hop: the node reaches instance metadata, its containers do not. */
export const NODE_METADATA_OPTIONS = { httpEndpoint: "enabled", httpProtocolIPv6: "disabled", httpPutResponseHopLimit: 1, httpTokens: "required" } as const;

/**
 * Karpenter: nodes that follow pending pods. The controller (pinned chart,
 * CRDs from their own chart so upgrades update them) runs on the managed node
 * group with a role scoped to this cluster, reads spot interruption, rebalance,
 * health and state-change events from an encrypted SQS queue, and launches
 * nodes from one EC2NodeClass (IMDSv2 with one hop, root volume encrypted with
 * the node volume key, private subnets and the cluster security group by tag,
 * no public IP) for one NodePool with CPU and memory limits and consolidation.
 */
export class Karpenter extends pulumi.ComponentResource {
  readonly roleArn: pulumi.Output<string>;
  readonly nodeRoleArn: pulumi.Output<string>;
  readonly interruptionQueueUrl: pulumi.Output<string>;
  /** The NodePool: in-cluster workloads that need nodes wait for it. */
  readonly ready: pulumi.Resource[];

  constructor(name: string, args: KarpenterArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:eks:Karpenter", name, {}, opts);
    const identity = args.identity ?? "podIdentity";
    const replicas = args.replicas ?? DEFAULT_REPLICAS;
    const amiVersion = args.amiVersion ?? "latest";
    const pool = resolveNodePool(args.nodePool);
    const problems = new Problems();
    problems.check(/^\d+\.\d+\.\d+$/.test(args.chartVersion), "chartVersion", args.chartVersion, "a pinned chart version such as 1.14.1");
    problems.check(QUEUE_NAME.test(args.clusterName), "clusterName", args.clusterName, "up to 80 letters, digits, - or _ (it names the interruption queue)");
    problems.check(
      args.clusterName.length + 1 + LONGEST_RULE_SUFFIX <= RULE_NAME_MAX_LENGTH,
      "clusterName",
      args.clusterName,
      `at most ${RULE_NAME_MAX_LENGTH - 1 - LONGEST_RULE_SUFFIX} characters (it names the interruption rules, <cluster>-<event>, at most ${RULE_NAME_MAX_LENGTH})`,
    );
    problems.check(identity !== "irsa" || (args.oidcProviderArn !== undefined && args.oidcIssuer !== undefined), "oidcProviderArn", args.oidcProviderArn, "the cluster's OIDC provider and issuer with identity irsa");
    problems.check(Number.isInteger(replicas) && replicas >= 1, "replicas", replicas, "an integer of at least 1");
    problems.check(/^(latest|v\d{8})$/.test(amiVersion), "amiVersion", amiVersion, "latest or an AL2023 release such as v20250920");
    for (const p of nodePoolArgProblems("karpenter", pool)) problems.add(`nodePool.${p.argument}`, p.value, p.allowed);
    problems.throwIfAny(this, `Karpenter "${name}"`);

    const parent = { parent: this };
    const tags = (resourceName: string) => mergeTags(resourceName, args.tags);
    const ctx = awsContext(this);

    // Interruption queue: only this cluster's interruption rules may send, only over TLS; Karpenter's role may read and delete.
    const queue = new aws.sqs.Queue(
      `${name}-interruptions`,
      { name: args.clusterName, messageRetentionSeconds: QUEUE_RETENTION_SECONDS, sqsManagedSseEnabled: true, tags: tags(`${name}-interruptions`) },
      parent,
    );
    const queuePolicy = new aws.sqs.QueuePolicy(
      `${name}-interruptions`,
      { queueUrl: queue.url, policy: contextDocument(ctx, (c) => interruptionQueuePolicy(c, args.clusterName)) },
      parent,
    );
    for (const [key, event] of Object.entries(INTERRUPTION_EVENTS)) {
      const rule = new aws.cloudwatch.EventRule(
        `${name}-${key}`,
        {
          name: interruptionRuleName(args.clusterName, event.ruleSuffix),
          description: `${event.detailType} events for Karpenter in ${args.clusterName}`,
          eventPattern: JSON.stringify({ source: [event.source], "detail-type": [event.detailType] }),
          tags: tags(`${name}-${key}`),
        },
        parent,
      );
      new aws.cloudwatch.EventTarget(`${name}-${key}`, { rule: rule.name, arn: queue.arn, targetId: "KarpenterInterruptionQueueTarget" }, { parent: this, dependsOn: [queuePolicy] });
    }

    // The nodes' role, with its own access entry: nodes join as system:nodes through access entries (authentication mode API).
    // No AmazonEKS_CNI_Policy: Karpenter's template has it only for the VPC CNI (reference/cloudformation.md, KarpenterNodeRole),
    // and aws-node on these nodes too gets it through the vpc-cni add-on's Pod Identity association; the node role needs it only
    // when the CNI has no role of its own (EKS user guide, create-node-role.adoc; terraform-aws-modules/eks modules/karpenter,
    // node_iam_role_attach_cni_policy). On the node role anything holding node credentials could change any ENI.
    const nodeRole = createRole(`${name}-node`, serviceTrustPolicy("ec2.amazonaws.com"), `Nodes Karpenter launches in ${args.clusterName}`, tags(`${name}-node`), parent);
    const nodePolicies = attachManagedPolicies(`${name}-node`, nodeRole, ctx.partition, ["AmazonEKSWorkerNodePolicy", "AmazonEC2ContainerRegistryPullOnly"], parent);
    const nodeAccess = new aws.eks.AccessEntry(
      `${name}-node`,
      { clusterName: args.clusterName, principalArn: nodeRole.arn, type: "EC2_LINUX", tags: tags(`${name}-node`) },
      { parent: this, dependsOn: nodePolicies },
    );

    const role = createRole(
      `${name}-controller`,
      workloadRoleTrustPolicy(identity, { clusterName: args.clusterName, oidcProviderArn: args.oidcProviderArn, oidcIssuer: args.oidcIssuer }, KARPENTER_NAMESPACE, KARPENTER_SERVICE_ACCOUNT),
      `Karpenter controller of ${args.clusterName} (${identity === "irsa" ? "IRSA" : "Pod Identity"})`,
      tags(`${name}-controller`),
      parent,
    );
    const documents = pulumi
      .all([ctx.partition, ctx.region, ctx.accountId, nodeRole.arn, queue.arn, pulumi.output(args.nodeVolumeKmsKeyArn)])
      .apply(([partition, region, accountId, nodeRoleArn, interruptionQueueArn, nodeVolumeKeyArn]) =>
        karpenterControllerPolicies({ partition, region, accountId, clusterName: args.clusterName, nodeRoleArn, interruptionQueueArn, nodeVolumeKeyArn }),
      );
    const controllerPolicies = (["nodes", "integration"] as const).map(
      (key) => new aws.iam.RolePolicy(`${name}-controller-${key}`, { role: role.name, policy: documents.apply((d) => JSON.stringify(d[key])) }, parent),
    );
    const access =
      identity === "podIdentity"
        ? [
            new aws.eks.PodIdentityAssociation(
              `${name}-controller`,
              { clusterName: args.clusterName, namespace: KARPENTER_NAMESPACE, serviceAccount: KARPENTER_SERVICE_ACCOUNT, roleArn: role.arn, tags: tags(`${name}-controller`) },
              { parent: this, dependsOn: controllerPolicies },
            ),
          ]
        : controllerPolicies;

    const k8sOpts = { parent: this, provider: args.provider };
    // CRDs from their own chart: Helm installs a chart's crds/ only once and never upgrades them (upgrade-guide.md, "CRD Upgrades").
    const crds = new k8s.helm.v3.Release(
      `${name}-crd`,
      { name: "karpenter-crd", chart: `${CHART_REPOSITORY}/karpenter-crd`, version: args.chartVersion, namespace: KARPENTER_NAMESPACE, atomic: true, cleanupOnFail: true },
      k8sOpts,
    );
    const release = new k8s.helm.v3.Release(
      name,
      {
        name: "karpenter",
        chart: `${CHART_REPOSITORY}/karpenter`,
        version: args.chartVersion,
        namespace: KARPENTER_NAMESPACE,
        skipCrds: true,
        atomic: true,
        cleanupOnFail: true,
        values: {
          settings: { clusterName: args.clusterName, clusterEndpoint: args.clusterEndpoint, interruptionQueue: queue.name },
          serviceAccount: {
            create: true,
            name: KARPENTER_SERVICE_ACCOUNT,
            annotations: identity === "irsa" ? { "eks.amazonaws.com/role-arn": role.arn } : {},
          },
          replicas,
          controller: {
            // Without AWS_REGION the controller asks IMDS, which one hop keeps out of reach (pkg/operator/operator.go).
            env: [{ name: "AWS_REGION", value: ctx.region }],
            resources: { requests: { cpu: "500m", memory: "512Mi" }, limits: { memory: "1Gi" } },
          },
        },
      },
      { ...k8sOpts, dependsOn: [crds, nodeAccess, ...access] },
    );

    const nodeClass = new k8s.apiextensions.CustomResource(
      `${name}-${APP_NODE_POOL}-node-class`,
      {
        apiVersion: "karpenter.k8s.aws/v1",
        kind: "EC2NodeClass",
        metadata: { name: APP_NODE_POOL },
        spec: {
          role: nodeRole.name,
          amiSelectorTerms: [{ alias: `al2023@${amiVersion}` }],
          subnetSelectorTerms: [{ tags: args.subnetSelectorTags }],
          securityGroupSelectorTerms: [{ tags: args.securityGroupSelectorTags }],
          metadataOptions: NODE_METADATA_OPTIONS,
          blockDeviceMappings: [
            {
              deviceName: "/dev/xvda",
              ebs: { volumeSize: `${pool.diskSizeGiB}Gi`, volumeType: "gp3", encrypted: true, kmsKeyID: args.nodeVolumeKmsKeyArn, deleteOnTermination: true },
            },
          ],
          associatePublicIPAddress: false,
          tags: args.tags ?? {},
        },
      },
      { ...k8sOpts, dependsOn: [release] },
    );
    const nodePool = createAppNodePool(name, "karpenter", pool, [], { ...k8sOpts, dependsOn: [nodeClass] });

    this.roleArn = role.arn;
    this.nodeRoleArn = nodeRole.arn;
    this.interruptionQueueUrl = queue.url;
    this.ready = [nodePool];
    this.registerOutputs({ roleArn: this.roleArn, nodeRoleArn: this.nodeRoleArn, interruptionQueueUrl: this.interruptionQueueUrl });
  }
}
