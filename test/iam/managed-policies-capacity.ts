import { allow, PAGE, PinnedManagedPolicy } from "./pinned-policy";

/**
 * The AWS managed policies of the roles EKS capacity and Container Insights
 * add: the CloudWatch agent's Pod Identity role (Container Insights), and the
 * cluster and node roles of EKS Auto Mode (EKS user guide, "Amazon EKS Auto
 * Mode cluster IAM role" and "Amazon EKS Auto Mode node IAM role"). The
 * default versions and documents the AWS Managed Policy Reference pages give,
 * read through the iann0036/iam-dataset mirror of 2026-08-22
 * (aws/managedpolicies/<name>.json), which records AWS's version and edit time.
 */
export const CAPACITY_POLICIES: Readonly<Record<string, PinnedManagedPolicy>> = {
  CloudWatchAgentServerPolicy: {
    source: `${PAGE}/CloudWatchAgentServerPolicy.html`,
    version: "v3",
    document: {
      Version: "2012-10-17",
      Statement: [
        allow(
          [
            "cloudwatch:PutMetricData",
            "ec2:DescribeVolumes",
            "ec2:DescribeTags",
            "logs:PutLogEvents",
            "logs:PutRetentionPolicy",
            "logs:DescribeLogStreams",
            "logs:DescribeLogGroups",
            "logs:CreateLogStream",
            "logs:CreateLogGroup",
            "xray:PutTraceSegments",
            "xray:PutTelemetryRecords",
            "xray:GetSamplingRules",
            "xray:GetSamplingTargets",
            "xray:GetSamplingStatisticSummaries",
          ],
          "*",
          { Sid: "CWACloudWatchServerPermissions" },
        ),
        allow(["ssm:GetParameter"], "arn:aws:ssm:*:*:parameter/AmazonCloudWatch-*", { Sid: "CWASSMServerPermissions" }),
      ],
    },
  },
  AmazonEKSWorkerNodeMinimalPolicy: {
    source: `${PAGE}/AmazonEKSWorkerNodeMinimalPolicy.html`,
    version: "v1",
    document: {
      Version: "2012-10-17",
      Statement: [
        allow(["eks-auth:AssumeRoleForPodIdentity"], "*", { Sid: "WorkerNodePermissions" }),
      ],
    },
  },
  AmazonEKSComputePolicy: {
    source: `${PAGE}/AmazonEKSComputePolicy.html`,
    version: "v7",
    document: {
      Version: "2012-10-17",
      Statement: [
        allow(
          ["ec2:CreateFleet", "ec2:RunInstances"],
          [
            "arn:aws:ec2:*:*:placement-group/*",
            "arn:aws:ec2:*:*:capacity-reservation/*",
            "arn:aws:ec2:*::image/*",
            "arn:aws:ec2:*:*:security-group/*",
            "arn:aws:ec2:*:*:subnet/*",
          ],
        ),
        allow(
          ["ec2:CreateFleet", "ec2:RunInstances"],
          "arn:aws:ec2:*:*:launch-template/*",
          { Condition: { StringEquals: { "aws:ResourceTag/eks:eks-cluster-name": "${aws:PrincipalTag/eks:eks-cluster-name}" } } },
        ),
        allow(
          ["ec2:CreateFleet", "ec2:RunInstances", "ec2:CreateLaunchTemplate"],
          "*",
          {
            Condition: {
                         "ForAllValues:StringLike": {
                                                      "aws:TagKeys": [
                                                                       "eks:eks-cluster-name",
                                                                       "eks:kubernetes-node-class-name",
                                                                       "eks:kubernetes-node-pool-name",
                                                                       "kubernetes.io/cluster/*",
                                                                     ],
                                                    },
                         StringEquals: { "aws:RequestTag/eks:eks-cluster-name": "${aws:PrincipalTag/eks:eks-cluster-name}" },
                         StringLike: { "aws:RequestTag/eks:kubernetes-node-class-name": "*", "aws:RequestTag/eks:kubernetes-node-pool-name": "*" },
                       },
          },
        ),
        allow(["ec2:CreateTags"], "*", { Condition: { StringEquals: { "ec2:CreateAction": ["CreateFleet", "RunInstances", "CreateLaunchTemplate"] } } }),
        allow(["iam:AddRoleToInstanceProfile"], "arn:aws:iam::*:instance-profile/eks*"),
        allow(["iam:PassRole"], "*", { Condition: { StringEquals: { "iam:PassedToService": ["ec2.amazonaws.com", "ec2.amazonaws.com.cn"] } } }),
        allow(
          ["iam:CreateServiceLinkedRole"],
          ["arn:aws:iam::*:role/aws-service-role/spot.amazonaws.com/AWSServiceRoleForEC2Spot"],
          { Condition: { StringEquals: { "iam:AWSServiceName": "spot.amazonaws.com" } } },
        ),
        allow(["ec2:DescribeCapacityReservations"], "*"),
      ],
    },
  },
  AmazonEKSBlockStoragePolicy: {
    source: `${PAGE}/AmazonEKSBlockStoragePolicy.html`,
    version: "v1",
    document: {
      Version: "2012-10-17",
      Statement: [
        allow(
          ["ec2:AttachVolume", "ec2:DetachVolume", "ec2:ModifyVolume", "ec2:EnableFastSnapshotRestores"],
          "*",
          { Condition: { StringEquals: { "aws:ResourceTag/eks:eks-cluster-name": "${aws:PrincipalTag/eks:eks-cluster-name}" } } },
        ),
        allow(["ec2:CreateTags"], "*", { Condition: { StringEquals: { "ec2:CreateAction": ["CreateVolume", "CreateSnapshot"] } } }),
        allow(
          ["ec2:CreateVolume"],
          "arn:aws:ec2:*:*:volume/*",
          {
            Condition: {
                         "ForAllValues:StringLike": {
                                                      "aws:TagKeys": [
                                                                       "eks:eks-cluster-name",
                                                                       "CSIVolumeName",
                                                                       "ebs.csi.eks.amazonaws.com/cluster",
                                                                       "kubernetes.io/cluster/*",
                                                                       "kubernetes.io/created-for/*",
                                                                       "Name",
                                                                       "KubernetesCluster",
                                                                     ],
                                                    },
                         StringEquals: { "aws:RequestTag/eks:eks-cluster-name": "${aws:PrincipalTag/eks:eks-cluster-name}" },
                       },
          },
        ),
        allow(["ec2:CreateVolume"], "arn:aws:ec2:*:*:snapshot/*"),
        allow(["ec2:CreateSnapshot"], "arn:aws:ec2:*:*:volume/*"),
        allow(
          ["ec2:CreateSnapshot"],
          "arn:aws:ec2:*:*:snapshot/*",
          {
            Condition: {
                         "ForAllValues:StringLike": {
                                                      "aws:TagKeys": [
                                                                       "eks:eks-cluster-name",
                                                                       "CSIVolumeSnapshotName",
                                                                       "ebs.csi.eks.amazonaws.com/cluster",
                                                                       "kubernetes.io/cluster/*",
                                                                       "Name",
                                                                     ],
                                                    },
                         StringEquals: { "aws:RequestTag/eks:eks-cluster-name": "${aws:PrincipalTag/eks:eks-cluster-name}" },
                       },
          },
        ),
      ],
    },
  },
  AmazonEKSLoadBalancingPolicy: {
    source: `${PAGE}/AmazonEKSLoadBalancingPolicy.html`,
    version: "v10",
    document: {
      Version: "2012-10-17",
      Statement: [
        allow(
          [
            "elasticloadbalancing:CreateLoadBalancer",
            "elasticloadbalancing:CreateTargetGroup",
            "elasticloadbalancing:CreateListener",
            "elasticloadbalancing:CreateRule",
            "ec2:CreateSecurityGroup",
          ],
          "*",
          {
            Condition: {
                         "ForAllValues:StringEquals": {
                                                        "aws:TagKeys": [
                                                                         "eks:eks-cluster-name",
                                                                         "ingress.eks.amazonaws.com/stack",
                                                                         "ingress.eks.amazonaws.com/resource",
                                                                         "service.eks.amazonaws.com/stack",
                                                                         "service.eks.amazonaws.com/resource",
                                                                         "gateway.eks.amazonaws.com.alb/stack",
                                                                         "gateway.eks.amazonaws.com.alb/resource",
                                                                         "gateway.eks.amazonaws.com.nlb/stack",
                                                                         "gateway.eks.amazonaws.com.nlb/resource",
                                                                       ],
                                                      },
                         StringEquals: { "aws:RequestTag/eks:eks-cluster-name": "${aws:PrincipalTag/eks:eks-cluster-name}" },
                       },
          },
        ),
        allow(["ec2:CreateSecurityGroup"], "arn:aws:ec2:*:*:vpc/*"),
        allow(["elasticloadbalancing:RegisterTargets"], "arn:aws:elasticloadbalancing:*:*:targetgroup/*/*"),
        allow(
          ["ec2:AuthorizeSecurityGroupIngress"],
          "arn:aws:ec2:*:*:security-group-rule/*",
          { Condition: { StringEquals: { "aws:RequestTag/eks:eks-cluster-name": "${aws:PrincipalTag/eks:eks-cluster-name}" } } },
        ),
        allow(
          ["ec2:AuthorizeSecurityGroupIngress", "ec2:RevokeSecurityGroupIngress"],
          "arn:aws:ec2:*:*:security-group/*",
          { Condition: { StringLike: { "aws:ResourceTag/Name": "eks-cluster-sg*" } } },
        ),
        allow(
          ["ec2:AuthorizeSecurityGroupIngress", "ec2:RevokeSecurityGroupIngress"],
          "arn:aws:ec2:*:*:security-group/*",
          { Condition: { StringEquals: { "aws:ResourceTag/eks:eks-cluster-name": "${aws:PrincipalTag/eks:eks-cluster-name}" } } },
        ),
        allow(
          ["elasticloadbalancing:AddTags"],
          "*",
          { Condition: { StringEquals: { "elasticloadbalancing:CreateAction": ["CreateLoadBalancer", "CreateTargetGroup", "CreateListener", "CreateRule"] } } },
        ),
        allow(["ec2:CreateTags"], "*", { Condition: { StringEquals: { "ec2:CreateAction": ["CreateSecurityGroup", "AuthorizeSecurityGroupIngress"] } } }),
        allow(
          [
            "elasticloadbalancing:ModifyLoadBalancerAttributes",
            "elasticloadbalancing:SetIpAddressType",
            "elasticloadbalancing:SetSecurityGroups",
            "elasticloadbalancing:SetSubnets",
            "elasticloadbalancing:ModifyTargetGroup",
            "elasticloadbalancing:ModifyTargetGroupAttributes",
            "elasticloadbalancing:ModifyListener",
            "elasticloadbalancing:AddListenerCertificates",
            "elasticloadbalancing:ModifyListenerAttributes",
            "elasticloadbalancing:RemoveListenerCertificates",
            "elasticloadbalancing:ModifyRule",
            "elasticloadbalancing:ModifyIpPools",
            "elasticloadbalancing:ModifyCapacityReservation",
            "elasticloadbalancing:DescribeLoadBalancers",
          ],
          "*",
          { Condition: { StringEquals: { "aws:ResourceTag/eks:eks-cluster-name": "${aws:PrincipalTag/eks:eks-cluster-name}" } } },
        ),
        allow(["wafv2:AssociateWebACL", "wafv2:DisassociateWebACL"], ["arn:aws:wafv2:*:*:*/webacl/*/*", "arn:aws:elasticloadbalancing:*:*:loadbalancer/app/*/*"]),
        allow(["shield:CreateProtection", "shield:DeleteProtection"], "*"),
        allow(
          ["shield:TagResource"],
          "arn:aws:shield::*:protection/*",
          {
            Condition: {
                         "ForAllValues:StringEquals": {
                                                        "aws:TagKeys": [
                                                                         "eks:eks-cluster-name",
                                                                         "ingress.eks.amazonaws.com/stack",
                                                                         "ingress.eks.amazonaws.com/resource",
                                                                         "service.eks.amazonaws.com/stack",
                                                                         "service.eks.amazonaws.com/resource",
                                                                         "gateway.eks.amazonaws.com.alb/stack",
                                                                         "gateway.eks.amazonaws.com.alb/resource",
                                                                         "gateway.eks.amazonaws.com.nlb/stack",
                                                                         "gateway.eks.amazonaws.com.nlb/resource",
                                                                       ],
                                                      },
                         StringEquals: { "aws:RequestTag/eks:eks-cluster-name": "${aws:PrincipalTag/eks:eks-cluster-name}" },
                       },
          },
        ),
        allow(
          [
            "cognito-idp:DescribeUserPoolClient",
            "acm:ListCertificates",
            "acm:DescribeCertificate",
            "wafv2:GetWebACL",
            "wafv2:GetWebACLForResource",
            "wafv2:ListWebACLs",
            "elasticloadbalancing:SetWebAcl",
            "elasticloadbalancing:DescribeTargetGroups",
            "elasticloadbalancing:SetRulePriorities",
          ],
          "*",
        ),
        allow(
          [
            "ec2:DescribeAccountAttributes",
            "ec2:DescribeAddresses",
            "ec2:DescribeInternetGateways",
            "ec2:DescribeSecurityGroups",
            "ec2:DescribeSubnets",
            "ec2:DescribeVpcs",
            "ec2:DescribeVpcClassicLink",
            "ec2:DescribeInstances",
            "ec2:DescribeNetworkInterfaces",
            "ec2:DescribeClassicLinkInstances",
            "ec2:DescribeRouteTables",
            "ec2:DescribeCoipPools",
            "ec2:GetCoipPoolUsage",
            "ec2:GetSecurityGroupsForVpc",
            "ec2:DescribeVpcPeeringConnections",
            "ec2:DescribeIpamPools",
          ],
          "*",
        ),
        allow(
          ["iam:CreateServiceLinkedRole"],
          "arn:aws:iam::*:role/aws-service-role/elasticloadbalancing.amazonaws.com/AWSServiceRoleForElasticLoadBalancing",
          { Condition: { StringEquals: { "iam:AWSServiceName": "elasticloadbalancing.amazonaws.com" } } },
        ),
      ],
    },
  },
  AmazonEKSNetworkingPolicy: {
    source: `${PAGE}/AmazonEKSNetworkingPolicy.html`,
    version: "v3",
    document: {
      Version: "2012-10-17",
      Statement: [
        allow(
          ["ec2:CreateNetworkInterface"],
          "*",
          {
            Condition: {
                         "ForAllValues:StringEquals": {
                                                        "aws:TagKeys": [
                                                                         "eks:eks-cluster-name",
                                                                         "eks:kubernetes-cni-node-name",
                                                                         "sgp.eks.amazonaws.com/instance-id",
                                                                         "sgp.eks.amazonaws.com/trunk-eni-id",
                                                                         "sgp.eks.amazonaws.com/vlan-id",
                                                                         "sgp.eks.amazonaws.com/managed",
                                                                         "sgp.eks.amazonaws.com/policy-ref",
                                                                       ],
                                                      },
                         StringEquals: { "aws:RequestTag/eks:eks-cluster-name": "${aws:PrincipalTag/eks:eks-cluster-name}" },
                         StringLike: { "aws:RequestTag/eks:kubernetes-cni-node-name": "*" },
                       },
          },
        ),
        allow(["ec2:CreateNetworkInterface"], ["arn:aws:ec2:*:*:security-group/*", "arn:aws:ec2:*:*:subnet/*"]),
        allow(["ec2:CreateTags"], "*", { Condition: { StringEquals: { "ec2:CreateAction": "CreateNetworkInterface" } } }),
        allow(
          [
            "ec2:AttachNetworkInterface",
            "ec2:DetachNetworkInterface",
            "ec2:UnassignPrivateIpAddresses",
            "ec2:UnassignIpv6Addresses",
            "ec2:AssignPrivateIpAddresses",
            "ec2:AssignIpv6Addresses",
          ],
          "*",
          { Condition: { StringEquals: { "aws:ResourceTag/eks:eks-cluster-name": "${aws:PrincipalTag/eks:eks-cluster-name}" } } },
        ),
        allow(
          ["ec2:ModifyNetworkInterfaceAttribute"],
          ["arn:aws:ec2:*:*:network-interface/*", "arn:aws:ec2:*:*:instance/*"],
          { Condition: { StringEquals: { "aws:ResourceTag/eks:eks-cluster-name": "${aws:PrincipalTag/eks:eks-cluster-name}" } } },
        ),
        allow(["ec2:AssociateTrunkInterface", "ec2:DisassociateTrunkInterface"], "*"),
      ],
    },
  },
};
