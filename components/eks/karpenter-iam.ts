/**
 * The Karpenter controller's IAM policy, statement for statement the one
 * Karpenter publishes for its version (aws/karpenter-provider-aws,
 * website/content/en/v1.14/getting-started/getting-started-with-karpenter/cloudformation.yaml:
 * NodeLifecyclePolicy, IAMIntegrationPolicy, EKSIntegrationPolicy,
 * InterruptionPolicy, ResourceDiscoveryPolicy), scoped to one cluster, one
 * node role and one interruption queue; plus use of the node volume key
 * through EC2 only, which encrypted root volumes need (troubleshooting.md,
 * "Node terminates before ready on failed encrypted EBS volume").
 */

export interface KarpenterPolicyScope {
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
  readonly clusterName: string;
  readonly nodeRoleArn: string;
  readonly interruptionQueueArn: string;
  readonly nodeVolumeKeyArn: string;
}

type Statement = Record<string, unknown>;

/** Statements that let Karpenter launch, tag and terminate only instances it tags as this cluster's. */
function nodeLifecycle(s: KarpenterPolicyScope): Statement[] {
  const arn = (resource: string) => `arn:${s.partition}:ec2:${s.region}:*:${resource}`;
  const owned = { [`aws:ResourceTag/kubernetes.io/cluster/${s.clusterName}`]: "owned" };
  const requestOwned = { [`aws:RequestTag/kubernetes.io/cluster/${s.clusterName}`]: "owned", "aws:RequestTag/eks:eks-cluster-name": s.clusterName };
  const launched = ["fleet/*", "instance/*", "volume/*", "network-interface/*", "launch-template/*", "spot-instances-request/*"].map(arn);
  return [
    {
      Sid: "AllowScopedEC2InstanceAccessActions",
      Effect: "Allow",
      Resource: [
        `arn:${s.partition}:ec2:${s.region}::image/*`,
        `arn:${s.partition}:ec2:${s.region}::snapshot/*`,
        ...["security-group/*", "subnet/*", "capacity-reservation/*", "placement-group/*"].map(arn),
      ],
      Action: ["ec2:RunInstances", "ec2:CreateFleet"],
    },
    {
      Sid: "AllowScopedEC2LaunchTemplateAccessActions",
      Effect: "Allow",
      Resource: arn("launch-template/*"),
      Action: ["ec2:RunInstances", "ec2:CreateFleet"],
      Condition: { StringEquals: owned, StringLike: { "aws:ResourceTag/karpenter.sh/nodepool": "*" } },
    },
    {
      Sid: "AllowScopedEC2InstanceActionsWithTags",
      Effect: "Allow",
      Resource: launched,
      Action: ["ec2:RunInstances", "ec2:CreateFleet", "ec2:CreateLaunchTemplate"],
      Condition: { StringEquals: requestOwned, StringLike: { "aws:RequestTag/karpenter.sh/nodepool": "*" } },
    },
    {
      Sid: "AllowScopedResourceCreationTagging",
      Effect: "Allow",
      Resource: launched,
      Action: "ec2:CreateTags",
      Condition: {
        StringEquals: { ...requestOwned, "ec2:CreateAction": ["RunInstances", "CreateFleet", "CreateLaunchTemplate"] },
        StringLike: { "aws:RequestTag/karpenter.sh/nodepool": "*" },
      },
    },
    {
      Sid: "AllowScopedResourceTagging",
      Effect: "Allow",
      Resource: arn("instance/*"),
      Action: "ec2:CreateTags",
      Condition: {
        StringEquals: owned,
        StringLike: { "aws:ResourceTag/karpenter.sh/nodepool": "*" },
        StringEqualsIfExists: { "aws:RequestTag/eks:eks-cluster-name": s.clusterName },
        "ForAllValues:StringEquals": { "aws:TagKeys": ["eks:eks-cluster-name", "karpenter.sh/nodeclaim", "Name"] },
      },
    },
    {
      Sid: "AllowScopedDeletion",
      Effect: "Allow",
      Resource: [arn("instance/*"), arn("launch-template/*")],
      Action: ["ec2:TerminateInstances", "ec2:DeleteLaunchTemplate"],
      Condition: { StringEquals: owned, StringLike: { "aws:ResourceTag/karpenter.sh/nodepool": "*" } },
    },
  ];
}

/** Statements for the instance profiles Karpenter creates for its EC2NodeClasses, and passing only the node role. */
function iamIntegration(s: KarpenterPolicyScope): Statement[] {
  const profiles = `arn:${s.partition}:iam::${s.accountId}:instance-profile/*`;
  const region = { "aws:ResourceTag/topology.kubernetes.io/region": s.region };
  const requestTags = {
    [`aws:RequestTag/kubernetes.io/cluster/${s.clusterName}`]: "owned",
    "aws:RequestTag/eks:eks-cluster-name": s.clusterName,
    "aws:RequestTag/topology.kubernetes.io/region": s.region,
  };
  const owned = { [`aws:ResourceTag/kubernetes.io/cluster/${s.clusterName}`]: "owned", ...region };
  return [
    {
      Sid: "AllowPassingInstanceRole",
      Effect: "Allow",
      Resource: s.nodeRoleArn,
      Action: "iam:PassRole",
      Condition: { StringEquals: { "iam:PassedToService": ["ec2.amazonaws.com", "ec2.amazonaws.com.cn"] } },
    },
    {
      Sid: "AllowScopedInstanceProfileCreationActions",
      Effect: "Allow",
      Resource: profiles,
      Action: ["iam:CreateInstanceProfile"],
      Condition: { StringEquals: requestTags, StringLike: { "aws:RequestTag/karpenter.k8s.aws/ec2nodeclass": "*" } },
    },
    {
      Sid: "AllowScopedInstanceProfileTagActions",
      Effect: "Allow",
      Resource: profiles,
      Action: ["iam:TagInstanceProfile"],
      Condition: {
        StringEquals: { ...owned, ...requestTags },
        StringLike: { "aws:ResourceTag/karpenter.k8s.aws/ec2nodeclass": "*", "aws:RequestTag/karpenter.k8s.aws/ec2nodeclass": "*" },
      },
    },
    {
      Sid: "AllowScopedInstanceProfileActions",
      Effect: "Allow",
      Resource: profiles,
      Action: ["iam:AddRoleToInstanceProfile", "iam:RemoveRoleFromInstanceProfile", "iam:DeleteInstanceProfile"],
      Condition: { StringEquals: owned, StringLike: { "aws:ResourceTag/karpenter.k8s.aws/ec2nodeclass": "*" } },
    },
  ];
}

/** Reads Karpenter needs to choose instances, plus the cluster endpoint, the interruption queue and the node volume key. */
function discoveryAndQueue(s: KarpenterPolicyScope): Statement[] {
  return [
    {
      Sid: "AllowAPIServerEndpointDiscovery",
      Effect: "Allow",
      Resource: `arn:${s.partition}:eks:${s.region}:${s.accountId}:cluster/${s.clusterName}`,
      Action: "eks:DescribeCluster",
    },
    {
      Sid: "AllowInterruptionQueueActions",
      Effect: "Allow",
      Resource: s.interruptionQueueArn,
      Action: ["sqs:DeleteMessage", "sqs:GetQueueUrl", "sqs:ReceiveMessage"],
    },
    {
      Sid: "AllowRegionalReadActions",
      Effect: "Allow",
      Resource: "*",
      Action: [
        "ec2:DescribeCapacityReservations",
        "ec2:DescribeImages",
        "ec2:DescribeInstances",
        "ec2:DescribeInstanceStatus",
        "ec2:DescribeInstanceTypeOfferings",
        "ec2:DescribeInstanceTypes",
        "ec2:DescribeLaunchTemplates",
        "ec2:DescribePlacementGroups",
        "ec2:DescribeSecurityGroups",
        "ec2:DescribeSpotPriceHistory",
        "ec2:DescribeSubnets",
      ],
      Condition: { StringEquals: { "aws:RequestedRegion": s.region } },
    },
    { Sid: "AllowSSMReadActions", Effect: "Allow", Resource: `arn:${s.partition}:ssm:${s.region}::parameter/aws/service/*`, Action: "ssm:GetParameter" },
    { Sid: "AllowPricingReadActions", Effect: "Allow", Resource: "*", Action: "pricing:GetProducts" },
    { Sid: "AllowUnscopedInstanceProfileListAction", Effect: "Allow", Resource: "*", Action: "iam:ListInstanceProfiles" },
    { Sid: "AllowInstanceProfileReadActions", Effect: "Allow", Resource: `arn:${s.partition}:iam::${s.accountId}:instance-profile/*`, Action: "iam:GetInstanceProfile" },
    {
      Sid: "AllowNodeVolumeKeyThroughEc2",
      Effect: "Allow",
      Resource: s.nodeVolumeKeyArn,
      Action: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:CreateGrant", "kms:DescribeKey"],
      Condition: { StringEquals: { "kms:ViaService": `ec2.${s.region}.amazonaws.com`, "kms:CallerAccount": s.accountId } },
    },
  ];
}

/**
 * The controller's policy as two documents, one per concern (launching and
 * ending nodes; everything else). Together about 6,300 characters, under
 * IAM's 10,240-character limit on all inline policies of one role.
 */
export function karpenterControllerPolicies(s: KarpenterPolicyScope): { nodes: object; integration: object } {
  return {
    nodes: { Version: "2012-10-17", Statement: nodeLifecycle(s) },
    integration: { Version: "2012-10-17", Statement: [...iamIntegration(s), ...discoveryAndQueue(s)] },
  };
}
