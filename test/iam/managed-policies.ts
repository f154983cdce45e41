/**
 * The AWS managed policies the stacks attach, pinned as test data so the
 * simulator evaluates the documents AWS publishes rather than a guess. Each
 * entry names the page the document comes from (the AWS Managed Policy
 * Reference) and the version read there; when AWS publishes a new version the
 * access-boundary rows say whether it changes a boundary, and the entry is
 * updated by hand from the same page.
 *
 * Keys are the part of the ARN after `arn:<partition>:iam::aws:policy/`.
 */
export interface PinnedManagedPolicy {
  /** The AWS Managed Policy Reference page of the policy. */
  readonly source: string;
  /** The default version the document was read at. */
  readonly version: string;
  readonly document: object;
}

const PAGE = "https://docs.aws.amazon.com/aws-managed-policy/latest/reference";
const allow = (Action: string | string[], Resource: string | string[], extra: object = {}) => ({ Effect: "Allow", Action, Resource, ...extra });

export const AWS_MANAGED_POLICIES: Readonly<Record<string, PinnedManagedPolicy>> = {
  AmazonEKSClusterPolicy: {
    source: `${PAGE}/AmazonEKSClusterPolicy.html`,
    version: "v9",
    document: {
      Version: "2012-10-17",
      Statement: [
        allow(
          [
            "autoscaling:DescribeAutoScalingGroups",
            "autoscaling:UpdateAutoScalingGroup",
            "ec2:AttachVolume",
            "ec2:AuthorizeSecurityGroupIngress",
            "ec2:CreateRoute",
            "ec2:CreateSecurityGroup",
            "ec2:CreateTags",
            "ec2:CreateVolume",
            "ec2:DeleteRoute",
            "ec2:DeleteSecurityGroup",
            "ec2:DeleteVolume",
            "ec2:DescribeInstances",
            "ec2:DescribeRouteTables",
            "ec2:DescribeSecurityGroups",
            "ec2:DescribeSubnets",
            "ec2:DescribeVolumes",
            "ec2:DescribeVolumesModifications",
            "ec2:DescribeVpcs",
            "ec2:DescribeDhcpOptions",
            "ec2:DescribeNetworkInterfaces",
            "ec2:DescribeAvailabilityZones",
            "ec2:DetachVolume",
            "ec2:ModifyInstanceAttribute",
            "ec2:ModifyVolume",
            "ec2:RevokeSecurityGroupIngress",
            "ec2:DescribeAccountAttributes",
            "ec2:DescribeAddresses",
            "ec2:DescribeInternetGateways",
            "ec2:DescribeInstanceTopology",
            "elasticloadbalancing:AddTags",
            "elasticloadbalancing:ApplySecurityGroupsToLoadBalancer",
            "elasticloadbalancing:AttachLoadBalancerToSubnets",
            "elasticloadbalancing:ConfigureHealthCheck",
            "elasticloadbalancing:CreateListener",
            "elasticloadbalancing:CreateLoadBalancer",
            "elasticloadbalancing:CreateLoadBalancerListeners",
            "elasticloadbalancing:CreateLoadBalancerPolicy",
            "elasticloadbalancing:CreateTargetGroup",
            "elasticloadbalancing:DeleteListener",
            "elasticloadbalancing:DeleteLoadBalancer",
            "elasticloadbalancing:DeleteLoadBalancerListeners",
            "elasticloadbalancing:DeleteTargetGroup",
            "elasticloadbalancing:DeregisterInstancesFromLoadBalancer",
            "elasticloadbalancing:DeregisterTargets",
            "elasticloadbalancing:DescribeListeners",
            "elasticloadbalancing:DescribeLoadBalancerAttributes",
            "elasticloadbalancing:DescribeLoadBalancerPolicies",
            "elasticloadbalancing:DescribeLoadBalancers",
            "elasticloadbalancing:DescribeTargetGroupAttributes",
            "elasticloadbalancing:DescribeTargetGroups",
            "elasticloadbalancing:DescribeTargetHealth",
            "elasticloadbalancing:DetachLoadBalancerFromSubnets",
            "elasticloadbalancing:ModifyListener",
            "elasticloadbalancing:ModifyLoadBalancerAttributes",
            "elasticloadbalancing:ModifyTargetGroup",
            "elasticloadbalancing:ModifyTargetGroupAttributes",
            "elasticloadbalancing:RegisterInstancesWithLoadBalancer",
            "elasticloadbalancing:RegisterTargets",
            "elasticloadbalancing:SetLoadBalancerPoliciesForBackendServer",
            "elasticloadbalancing:SetLoadBalancerPoliciesOfListener",
            "kms:DescribeKey",
          ],
          "*",
          { Sid: "AmazonEKSClusterPolicy" },
        ),
        allow("iam:CreateServiceLinkedRole", "*", {
          Sid: "AmazonEKSClusterPolicySLRCreate",
          Condition: { StringEquals: { "iam:AWSServiceName": "elasticloadbalancing.amazonaws.com" } },
        }),
        allow("ec2:DeleteNetworkInterface", "*", {
          Sid: "AmazonEKSClusterPolicyENIDelete",
          Condition: { StringEquals: { "ec2:ResourceTag/eks:eni:owner": "amazon-vpc-cni" } },
        }),
      ],
    },
  },
  AmazonEKSVPCResourceController: {
    source: `${PAGE}/AmazonEKSVPCResourceController.html`,
    version: "v1",
    document: {
      Version: "2012-10-17",
      Statement: [
        allow("ec2:CreateNetworkInterfacePermission", "*", {
          Condition: { "ForAnyValue:StringEquals": { "ec2:ResourceTag/eks:eni:owner": "eks-vpc-resource-controller" } },
        }),
        allow(
          [
            "ec2:CreateNetworkInterface",
            "ec2:DetachNetworkInterface",
            "ec2:ModifyNetworkInterfaceAttribute",
            "ec2:DeleteNetworkInterface",
            "ec2:AttachNetworkInterface",
            "ec2:UnassignPrivateIpAddresses",
            "ec2:AssignPrivateIpAddresses",
          ],
          "*",
        ),
      ],
    },
  },
  AmazonEKSWorkerNodePolicy: {
    source: `${PAGE}/AmazonEKSWorkerNodePolicy.html`,
    version: "v3",
    document: {
      Version: "2012-10-17",
      Statement: [
        allow(
          [
            "ec2:DescribeInstances",
            "ec2:DescribeInstanceTypes",
            "ec2:DescribeRouteTables",
            "ec2:DescribeSecurityGroups",
            "ec2:DescribeSubnets",
            "ec2:DescribeVolumes",
            "ec2:DescribeVolumesModifications",
            "ec2:DescribeVpcs",
            "eks:DescribeCluster",
            "eks-auth:AssumeRoleForPodIdentity",
          ],
          "*",
          { Sid: "WorkerNodePermissions" },
        ),
      ],
    },
  },
  AmazonEC2ContainerRegistryPullOnly: {
    source: `${PAGE}/AmazonEC2ContainerRegistryPullOnly.html`,
    version: "v1",
    document: {
      Version: "2012-10-17",
      Statement: [allow(["ecr:GetAuthorizationToken", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchImportUpstreamImage"], "*")],
    },
  },
  AmazonEKS_CNI_Policy: {
    source: `${PAGE}/AmazonEKS_CNI_Policy.html`,
    version: "v6",
    document: {
      Version: "2012-10-17",
      Statement: [
        allow(
          [
            "ec2:AssignPrivateIpAddresses",
            "ec2:AttachNetworkInterface",
            "ec2:CreateNetworkInterface",
            "ec2:DeleteNetworkInterface",
            "ec2:DescribeInstances",
            "ec2:DescribeTags",
            "ec2:DescribeNetworkInterfaces",
            "ec2:DescribeInstanceTypes",
            "ec2:DescribeSubnets",
            "ec2:DescribeSecurityGroups",
            "ec2:DetachNetworkInterface",
            "ec2:ModifyNetworkInterfaceAttribute",
            "ec2:UnassignPrivateIpAddresses",
          ],
          "*",
          { Sid: "AmazonEKSCNIPolicy" },
        ),
        allow(["ec2:CreateTags"], ["arn:aws:ec2:*:*:network-interface/*"], { Sid: "AmazonEKSCNIPolicyENITag" }),
      ],
    },
  },
  "service-role/AmazonEBSCSIDriverPolicy": {
    source: `${PAGE}/AmazonEBSCSIDriverPolicy.html`,
    version: "v15",
    document: {
      Version: "2012-10-17",
      Statement: [
        allow(
          [
            "ec2:DescribeAvailabilityZones",
            "ec2:DescribeInstances",
            "ec2:DescribeInstanceTypes",
            "ec2:DescribeSnapshots",
            "ec2:DescribeTags",
            "ec2:DescribeVolumes",
            "ec2:DescribeVolumesModifications",
            "ec2:DescribeVolumeStatus",
          ],
          "*",
        ),
        allow(["ec2:CreateSnapshot", "ec2:ModifyVolume"], "arn:aws:ec2:*:*:volume/*"),
        allow(["ec2:CopyVolumes"], ["arn:aws:ec2:*:*:volume/vol-*"]),
        allow(["ec2:AttachVolume", "ec2:DetachVolume"], ["arn:aws:ec2:*:*:volume/*", "arn:aws:ec2:*:*:instance/*"]),
        allow(["ec2:CreateVolume", "ec2:EnableFastSnapshotRestores"], "arn:aws:ec2:*:*:snapshot/*"),
        allow(["ec2:CreateTags"], ["arn:aws:ec2:*:*:volume/*", "arn:aws:ec2:*:*:snapshot/*"], {
          Condition: { StringEquals: { "ec2:CreateAction": ["CreateVolume", "CreateSnapshot", "CopyVolumes"] } },
        }),
        allow(["ec2:DeleteTags"], ["arn:aws:ec2:*:*:volume/*", "arn:aws:ec2:*:*:snapshot/*"]),
        allow(["ec2:CreateVolume", "ec2:CopyVolumes"], "arn:aws:ec2:*:*:volume/*", { Condition: { StringLike: { "aws:RequestTag/ebs.csi.aws.com/cluster": "true" } } }),
        allow(["ec2:CreateVolume", "ec2:CopyVolumes"], "arn:aws:ec2:*:*:volume/*", { Condition: { StringLike: { "aws:RequestTag/CSIVolumeName": "*" } } }),
        allow(["ec2:DeleteVolume"], "arn:aws:ec2:*:*:volume/*", { Condition: { StringLike: { "ec2:ResourceTag/ebs.csi.aws.com/cluster": "true" } } }),
        allow(["ec2:DeleteVolume"], "arn:aws:ec2:*:*:volume/*", { Condition: { StringLike: { "ec2:ResourceTag/CSIVolumeName": "*" } } }),
        allow(["ec2:DeleteVolume"], "arn:aws:ec2:*:*:volume/*", { Condition: { StringLike: { "ec2:ResourceTag/kubernetes.io/created-for/pvc/name": "*" } } }),
        allow(["ec2:CreateSnapshot"], "arn:aws:ec2:*:*:snapshot/*", { Condition: { StringLike: { "aws:RequestTag/CSIVolumeSnapshotName": "*" } } }),
        allow(["ec2:CreateSnapshot"], "arn:aws:ec2:*:*:snapshot/*", { Condition: { StringLike: { "aws:RequestTag/ebs.csi.aws.com/cluster": "true" } } }),
        allow(["ec2:DeleteSnapshot", "ec2:LockSnapshot"], "arn:aws:ec2:*:*:snapshot/*", { Condition: { StringLike: { "ec2:ResourceTag/CSIVolumeSnapshotName": "*" } } }),
        allow(["ec2:DeleteSnapshot", "ec2:LockSnapshot"], "arn:aws:ec2:*:*:snapshot/*", { Condition: { StringLike: { "ec2:ResourceTag/ebs.csi.aws.com/cluster": "true" } } }),
      ],
    },
  },
  "service-role/AmazonRDSEnhancedMonitoringRole": {
    source: `${PAGE}/AmazonRDSEnhancedMonitoringRole.html`,
    version: "v1",
    document: {
      Version: "2012-10-17",
      Statement: [
        allow(["logs:CreateLogGroup", "logs:PutRetentionPolicy"], ["arn:aws:logs:*:*:log-group:RDS*"], { Sid: "EnableCreationAndManagementOfRDSCloudwatchLogGroups" }),
        allow(["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams", "logs:GetLogEvents"], ["arn:aws:logs:*:*:log-group:RDS*:log-stream:*"], {
          Sid: "EnableCreationAndManagementOfRDSCloudwatchLogStreams",
        }),
      ],
    },
  },
};
