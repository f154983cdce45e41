import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { Tags } from "../internal/tags";
import { Problems } from "../internal/validation";
import { APP_NODE_POOL, createAppNodePool, NodePoolArgs, nodePoolArgProblems, NodeTaint, resolveNodePool } from "./node-pool";

/**
 * EKS Auto Mode. The cluster settings come from the AWS provider's own note on
 * aws.eks.Cluster (node_modules/@pulumi/aws/eks/cluster.d.ts, "EKS Cluster with
 * EKS Auto Mode"): computeConfig.enabled, kubernetesNetworkConfig.
 * elasticLoadBalancing.enabled and storageConfig.blockStorage.enabled must all
 * be true together, and bootstrapSelfManagedAddons false. The roles come from
 * the EKS user guide ("Amazon EKS Auto Mode cluster IAM role", "Amazon EKS
 * Auto Mode node IAM role").
 */

/** Managed policies the cluster role needs on top of AmazonEKSClusterPolicy, one per Auto Mode capability. */
export const AUTO_MODE_CLUSTER_POLICIES = ["AmazonEKSComputePolicy", "AmazonEKSBlockStoragePolicy", "AmazonEKSLoadBalancingPolicy", "AmazonEKSNetworkingPolicy"] as const;
/** Managed policies of the role Auto Mode's nodes run with. */
export const AUTO_MODE_NODE_POLICIES = ["AmazonEKSWorkerNodeMinimalPolicy", "AmazonEC2ContainerRegistryPullOnly"] as const;
/**
 * Auto Mode's built-in pools: `system` (tainted CriticalAddonsOnly) and
 * `general-purpose`, where the monitoring stack and the load balancer
 * controller run; the app has a pool of its own (EKS user guide, set-builtin-node-pools.adoc).
 */
export const AUTO_MODE_BUILT_IN_NODE_POOLS = ["general-purpose", "system"] as const;
/** The EBS CSI driver Auto Mode runs itself; a StorageClass names it to get Auto Mode's block storage (create-storage-class.adoc). */
export const AUTO_MODE_EBS_PROVISIONER = "ebs.csi.eks.amazonaws.com";
/** Tag whose value is the cluster name on the security group Auto Mode attaches to the app's nodes. */
export const APP_NODE_SECURITY_GROUP_TAG = "platform/app-nodes";
/** Only the app's pods tolerate this taint, so only they run behind the app nodes' security group. */
export const APP_NODE_TAINT: NodeTaint = { key: "platform/workload", value: "app", effect: "NoSchedule" };

/** The Auto Mode settings of aws.eks.Cluster: all three capabilities on, the built-in pools on the given node role. */
export function autoModeClusterSettings(nodeRoleArn: pulumi.Input<string>) {
  return {
    computeConfig: { enabled: true, nodePools: [...AUTO_MODE_BUILT_IN_NODE_POOLS], nodeRoleArn },
    kubernetesNetworkConfig: { elasticLoadBalancing: { enabled: true } },
    storageConfig: { blockStorage: { enabled: true } },
  };
}

export interface AutoModeNodePoolArgs {
  /** Provider of the cluster. */
  readonly provider: k8s.Provider;
  /** Name of the node role the cluster's computeConfig names: EKS created its access entry with the cluster. */
  readonly nodeRoleName: pulumi.Input<string>;
  /** The pool Auto Mode fills with nodes for the app's pending pods. */
  readonly nodePool: NodePoolArgs;
  /** KMS key that encrypts every node's ephemeral storage; the cluster role must be allowed to use it. */
  readonly nodeVolumeKmsKeyArn: pulumi.Input<string>;
  /** Tags that pick the nodes' subnets (the cluster's private subnets). */
  readonly subnetSelectorTags: Tags;
  /** Tag sets that each pick security groups for the app's nodes: the cluster security group and the app's own. */
  readonly securityGroupSelectorTags: readonly Tags[];
  /** Tags for the nodes' EC2 resources. @default none */
  readonly tags?: Tags;
}

/**
 * The app's capacity on EKS Auto Mode: network policy enforcement switched on
 * (auto-net-pol.adoc), a NodeClass in the private subnets with the app's
 * security group and ephemeral storage encrypted with the node volume key,
 * and a tainted NodePool with limits and consolidation that only the app uses.
 * Auto Mode has no security groups for pods (auto-networking.adoc), so the
 * app's security group sits on its nodes instead.
 */
export class AutoModeNodePool extends pulumi.ComponentResource {
  readonly ready: pulumi.Resource[];

  constructor(name: string, args: AutoModeNodePoolArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:eks:AutoModeNodePool", name, {}, opts);
    const pool = resolveNodePool(args.nodePool);
    const problems = new Problems();
    for (const p of nodePoolArgProblems("autoMode", pool)) problems.add(`nodePool.${p.argument}`, p.value, p.allowed);
    problems.check(args.securityGroupSelectorTags.length > 0, "securityGroupSelectorTags", args.securityGroupSelectorTags, "at least one tag set");
    problems.throwIfAny(this, `AutoModeNodePool "${name}"`);
    const k8sOpts = { parent: this, provider: args.provider };

    const networkPolicy = new k8s.core.v1.ConfigMap(
      `${name}-network-policy`,
      { metadata: { name: "amazon-vpc-cni", namespace: "kube-system" }, data: { "enable-network-policy-controller": "true" } },
      k8sOpts,
    );
    const nodeClass = new k8s.apiextensions.CustomResource(
      `${name}-${APP_NODE_POOL}-node-class`,
      {
        apiVersion: "eks.amazonaws.com/v1",
        kind: "NodeClass",
        metadata: { name: APP_NODE_POOL },
        spec: {
          role: args.nodeRoleName,
          subnetSelectorTerms: [{ tags: args.subnetSelectorTags }],
          securityGroupSelectorTerms: args.securityGroupSelectorTags.map((tags) => ({ tags })),
          // The key encrypts the read-only root volume as well as the data volume (auto-change.adoc, June 30, 2025).
          ephemeralStorage: { size: `${pool.diskSizeGiB}Gi`, kmsKeyID: args.nodeVolumeKmsKeyArn },
          networkPolicy: "DefaultAllow",
          networkPolicyEventLogs: "Disabled",
          snatPolicy: "Random",
          // NodeClass field since August 2025 (EKS user guide, auto-change.adoc): nodes never get a public IP, whatever the subnet says.
          advancedNetworking: { associatePublicIPAddress: false },
          tags: args.tags ?? {},
        },
      },
      { ...k8sOpts, dependsOn: [networkPolicy] },
    );
    const nodePool = createAppNodePool(name, "autoMode", pool, [APP_NODE_TAINT], { ...k8sOpts, dependsOn: [nodeClass] });
    this.ready = [nodePool];
    this.registerOutputs({});
  }
}
