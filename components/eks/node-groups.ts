import * as aws from "../internal/aws";
import * as pulumi from "@pulumi/pulumi";
import { mergeTags, Tags } from "../internal/tags";
import { ADDON_NAMESPACE, EBS_CSI_SERVICE_ACCOUNT, VPC_CNI_SERVICE_ACCOUNT } from "./addon-identity";
import { attachManagedPolicies, createRole, podIdentityTrustPolicy } from "./iam";

export interface EksNodeGroupArgs {
  /** Instance types; Nitro types that support security groups for pods, or any type with `criticalAddonsOnly`, where the app never runs. */
  readonly instanceTypes: readonly string[];
  /** EKS-optimized AMI family. @default "AL2023_x86_64_STANDARD" */
  readonly amiType?: string;
  /** Purchase option of the group's instances: ON_DEMAND or SPOT. @default "ON_DEMAND" */
  readonly capacityType?: string;
  /** Fewest nodes. */
  readonly minSize: number;
  /** Most nodes. */
  readonly maxSize: number;
  /** Nodes at creation; later changes (by an operator or an autoscaler) are kept. */
  readonly desiredSize: number;
  /** Encrypted gp3 root (AL2023) or data (Bottlerocket) volume in GiB. */
  readonly diskSizeGiB: number;
  /**
   * Taint the nodes `CriticalAddonsOnly`, so only cluster-critical controllers
   * (Karpenter, CoreDNS, the add-ons) run there and every other pod goes to
   * the nodes Karpenter launches.
   * @default false
   */
  readonly criticalAddonsOnly?: boolean;
  /**
   * The key this group had before, so the rename keeps the group's (and its
   * launch template's) identity: Pulumi updates or replaces it instead of
   * creating a second group and deleting the first.
   * @default none
   */
  readonly renamedFrom?: string;
}

/**
 * The taint cluster-critical pods tolerate: CoreDNS, the EBS CSI controller
 * (aws-ebs-csi-driver chart, controller.tolerations) and Karpenter (its chart's
 * default tolerations), so they schedule on the tainted group before any node
 * Karpenter launches exists; daemonsets tolerate every taint.
 */
export const CRITICAL_ADDONS_ONLY_TAINT = { key: "CriticalAddonsOnly", value: "true", effect: "NO_SCHEDULE" } as const;

/** Add-on versions; unset means the default EKS picks for the cluster's Kubernetes version. */
export interface EksAddonVersions {
  readonly vpcCni?: string;
  readonly coreDns?: string;
  readonly kubeProxy?: string;
  readonly ebsCsiDriver?: string;
  readonly podIdentityAgent?: string;
}

interface Placement {
  readonly tags?: Tags;
  readonly parent: pulumi.Resource;
  readonly dependsOn: pulumi.Input<pulumi.Resource>[];
}

/** Only one node of a group is replaced at a time during an AMI or launch-template rollout. */
const MAX_UNAVAILABLE_PERCENT = 33;
/** One hop: the node itself reaches IMDS, containers in their own network namespace do not. */
const IMDS_HOP_LIMIT = 1;

/**
 * VPC CNI settings: branch ENIs for security groups for pods, network policy
 * enforcement, and early demux off so kubelet probes reach pods that carry
 * their own security group.
 */
export const VPC_CNI_CONFIGURATION = {
  env: { ENABLE_POD_ENI: "true", POD_SECURITY_GROUP_ENFORCING_MODE: "strict" },
  init: { env: { DISABLE_TCP_EARLY_DEMUX: "true" } },
  enableNetworkPolicy: "true",
};

/**
 * A managed node group in the private subnets behind a launch template that
 * requires IMDSv2 and encrypts its volume. No remote access block: nodes are
 * reached through SSM or not at all.
 */
export function createNodeGroup(
  name: string,
  key: string,
  group: EksNodeGroupArgs,
  c: Placement & {
    clusterName: pulumi.Input<string>;
    kubernetesVersion: string;
    nodeRoleArn: pulumi.Input<string>;
    subnetIds: readonly pulumi.Input<string>[];
  },
): aws.eks.NodeGroup {
  const groupName = `${name}-${key}`;
  const aliases = group.renamedFrom ? [{ name: `${name}-${group.renamedFrom}` }] : undefined;
  const amiType = group.amiType ?? "AL2023_x86_64_STANDARD";
  // Bottlerocket keeps its OS on /dev/xvda and containers on the data volume /dev/xvdb.
  const deviceName = amiType.startsWith("BOTTLEROCKET") ? "/dev/xvdb" : "/dev/xvda";
  const launchTemplate = new aws.ec2.LaunchTemplate(
    groupName,
    {
      description: `Nodes of ${groupName}: IMDSv2 only, encrypted gp3`,
      updateDefaultVersion: true,
      metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: IMDS_HOP_LIMIT },
      blockDeviceMappings: [
        { deviceName, ebs: { volumeSize: group.diskSizeGiB, volumeType: "gp3", encrypted: "true", deleteOnTermination: "true" } },
      ],
      tagSpecifications: ["instance", "volume", "network-interface"].map((resourceType) => ({ resourceType, tags: mergeTags(groupName, c.tags) })),
      tags: mergeTags(groupName, c.tags),
    },
    { parent: c.parent, aliases },
  );
  return new aws.eks.NodeGroup(
    groupName,
    {
      clusterName: c.clusterName,
      version: c.kubernetesVersion,
      nodeRoleArn: c.nodeRoleArn,
      subnetIds: [...c.subnetIds],
      instanceTypes: [...group.instanceTypes],
      amiType,
      capacityType: group.capacityType ?? "ON_DEMAND",
      scalingConfig: { minSize: group.minSize, maxSize: group.maxSize, desiredSize: group.desiredSize },
      updateConfig: { maxUnavailablePercentage: MAX_UNAVAILABLE_PERCENT },
      launchTemplate: { id: launchTemplate.id, version: launchTemplate.latestVersion.apply(String) },
      labels: { "platform/node-group": key },
      taints: group.criticalAddonsOnly ? [{ ...CRITICAL_ADDONS_ONLY_TAINT }] : undefined,
      tags: mergeTags(groupName, c.tags),
    },
    // Desired size is set at creation; an autoscaler or an operator changes it later, and an update never resets it.
    { parent: c.parent, dependsOn: c.dependsOn, ignoreChanges: ["scalingConfig.desiredSize"], aliases },
  );
}

/**
 * Managed add-ons. The CNI, kube-proxy and the Pod Identity agent are
 * daemonsets and go first, so nodes join fully configured; CoreDNS and the EBS
 * CSI driver schedule pods and so need nodes.
 */
export function createAddons(
  name: string,
  c: Placement & {
    clusterName: pulumi.Input<string>;
    versions: EksAddonVersions;
    ebsCsiRoleArn: pulumi.Input<string>;
    /** The CNI's own Pod Identity role (issue 23: off the node role), and what must exist before aws-node uses it. */
    vpcCni: { readonly roleArn: pulumi.Input<string>; readonly dependsOn: pulumi.Resource[] };
  },
): { beforeNodes: aws.eks.Addon[]; afterNodes: (nodes: pulumi.Resource[]) => aws.eks.Addon[] } {
  const addon = (key: string, addonName: string, version: string | undefined, extra: Partial<aws.eks.AddonArgs>, dependsOn: pulumi.Input<pulumi.Resource>[]) =>
    new aws.eks.Addon(
      `${name}-${key}`,
      {
        clusterName: c.clusterName,
        addonName,
        addonVersion: version,
        resolveConflictsOnCreate: "OVERWRITE",
        resolveConflictsOnUpdate: "OVERWRITE",
        tags: mergeTags(`${name}-${key}`, c.tags),
        ...extra,
      },
      { parent: c.parent, dependsOn },
    );
  const podIdentityAgent = addon("pod-identity-agent", "eks-pod-identity-agent", c.versions.podIdentityAgent, {}, []);
  const beforeNodes = [
    addon(
      "vpc-cni",
      "vpc-cni",
      c.versions.vpcCni,
      {
        configurationValues: JSON.stringify(VPC_CNI_CONFIGURATION),
        podIdentityAssociations: [{ roleArn: c.vpcCni.roleArn, serviceAccount: VPC_CNI_SERVICE_ACCOUNT }],
      },
      c.vpcCni.dependsOn,
    ),
    addon("kube-proxy", "kube-proxy", c.versions.kubeProxy, {}, []),
    podIdentityAgent,
  ];
  return {
    beforeNodes,
    afterNodes: (nodes) => [
      addon("coredns", "coredns", c.versions.coreDns, {}, nodes),
      addon(
        "ebs-csi-driver",
        "aws-ebs-csi-driver",
        c.versions.ebsCsiDriver,
        { podIdentityAssociations: [{ roleArn: c.ebsCsiRoleArn, serviceAccount: EBS_CSI_SERVICE_ACCOUNT }] },
        [...nodes, podIdentityAgent, ...c.dependsOn],
      ),
    ],
  };
}

/**
 * The managed data plane: the add-ons (the VPC CNI and the EBS CSI driver
 * each with its own Pod Identity role) and the node groups, which join with
 * the CNI configured. Returns the node groups and the add-ons that need nodes.
 */
export function createManagedNodes(
  name: string,
  c: Placement & {
    clusterName: pulumi.Input<string>;
    /** The cluster's name as configured (known at preview): role descriptions and the Pod Identity trusts' `eks-cluster-name` tag. */
    clusterLabel: string;
    kubernetesVersion: string;
    nodeRoleArn: pulumi.Input<string>;
    subnetIds: readonly pulumi.Input<string>[];
    nodeGroups: Readonly<Record<string, EksNodeGroupArgs>>;
    versions: EksAddonVersions;
    partition: pulumi.Input<string>;
  },
): pulumi.Resource[] {
  const addonRole = (key: string, serviceAccount: string, description: string, policy: string) => {
    const role = createRole(`${name}-${key}`, podIdentityTrustPolicy(c.clusterLabel, ADDON_NAMESPACE, serviceAccount), `${description} of ${c.clusterLabel} (Pod Identity)`, mergeTags(`${name}-${key}`, c.tags), {
      parent: c.parent,
    });
    return { role, policies: attachManagedPolicies(`${name}-${key}`, role, c.partition, [policy], { parent: c.parent }) };
  };
  // The CNI's ENI permissions go to the aws-node service account through the vpc-cni add-on's Pod Identity association
  // (from vpc-cni v1.15.5-eksbuild.1: https://docs.aws.amazon.com/eks/latest/userguide/retreive-iam-info.html), not to
  // the node role, where anything holding node credentials could use them.
  const vpcCni = addonRole("vpc-cni", VPC_CNI_SERVICE_ACCOUNT, "VPC CNI (aws-node)", "AmazonEKS_CNI_Policy");
  const ebsCsi = addonRole("ebs-csi", EBS_CSI_SERVICE_ACCOUNT, "EBS CSI controller", "service-role/AmazonEBSCSIDriverPolicy");
  const addons = createAddons(name, {
    clusterName: c.clusterName,
    versions: c.versions,
    ebsCsiRoleArn: ebsCsi.role.arn,
    vpcCni: { roleArn: vpcCni.role.arn, dependsOn: vpcCni.policies },
    tags: c.tags,
    parent: c.parent,
    dependsOn: ebsCsi.policies,
  });
  const nodeGroups = Object.entries(c.nodeGroups).map(([key, group]) =>
    createNodeGroup(name, key, group, {
      clusterName: c.clusterName,
      kubernetesVersion: c.kubernetesVersion,
      nodeRoleArn: c.nodeRoleArn,
      subnetIds: c.subnetIds,
      tags: c.tags,
      parent: c.parent,
      // Nodes join with the CNI already configured for pod ENIs and the Pod Identity agent running.
      dependsOn: [...c.dependsOn, ...addons.beforeNodes],
    }),
  );
  return [...nodeGroups, ...addons.afterNodes(nodeGroups)];
}
