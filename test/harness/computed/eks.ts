import { ComputedOutputs } from "./types";

/** Outputs of the EKS tier's resource types, in AWS's shapes. */
export const eks: ComputedOutputs = {
  invokes: {},
  resources: {
    "aws:eks/cluster:Cluster": (c) => {
      const id = c.hex(32).toUpperCase();
      return {
        id: c.physicalName,
        outputs: {
          arn: `arn:aws:eks:${c.region}:${c.accountId}:cluster/${c.physicalName}`,
          endpoint: `https://${id}.gr7.${c.region}.eks.amazonaws.com`,
          certificateAuthority: { data: Buffer.from(`-----BEGIN CERTIFICATE-----\n${c.hex(64)}\n-----END CERTIFICATE-----\n`).toString("base64") },
          identities: [{ oidcs: [{ issuer: `https://oidc.eks.${c.region}.amazonaws.com/id/${id}` }] }],
          vpcConfig: { ...(c.inputs.vpcConfig ?? {}), clusterSecurityGroupId: `sg-${c.hex(17)}`, vpcId: `vpc-${c.hex(17)}` },
          platformVersion: "eks.1",
          status: "ACTIVE",
        },
      };
    },
    "aws:eks/nodeGroup:NodeGroup": (c) => ({
      id: `${c.inputs.clusterName}:${c.physicalName}`,
      outputs: { arn: `arn:aws:eks:${c.region}:${c.accountId}:nodegroup/${c.inputs.clusterName}/${c.physicalName}/${c.hex(8)}`, nodeGroupName: c.physicalName, status: "ACTIVE" },
    }),
    "aws:eks/addon:Addon": (c) => ({
      id: `${c.inputs.clusterName}:${c.inputs.addonName}`,
      outputs: { arn: `arn:aws:eks:${c.region}:${c.accountId}:addon/${c.inputs.clusterName}/${c.inputs.addonName}/${c.hex(8)}` },
    }),
    "aws:eks/accessEntry:AccessEntry": (c) => ({
      id: `${c.inputs.clusterName}:${c.inputs.principalArn}`,
      outputs: { accessEntryArn: `arn:aws:eks:${c.region}:${c.accountId}:access-entry/${c.inputs.clusterName}/role/${c.accountId}/${c.hex(8)}` },
    }),
    "aws:eks/podIdentityAssociation:PodIdentityAssociation": (c) => ({
      id: `a-${c.hex(17)}`,
      outputs: { associationId: `a-${c.hex(17)}`, associationArn: `arn:aws:eks:${c.region}:${c.accountId}:podidentityassociation/${c.inputs.clusterName}/a-${c.hex(17)}` },
    }),
    "aws:iam/openIdConnectProvider:OpenIdConnectProvider": (c) => ({
      outputs: { arn: `arn:aws:iam::${c.accountId}:oidc-provider/${String(c.inputs.url ?? "").replace(/^https:\/\//, "")}` },
    }),
    "aws:ec2/launchTemplate:LaunchTemplate": (c) => ({ id: `lt-${c.hex(17)}`, outputs: { latestVersion: 1, defaultVersion: 1 } }),
    // Karpenter's interruption queue and the EventBridge rules that feed it.
    "aws:sqs/queue:Queue": (c) => ({
      id: `https://sqs.${c.region}.amazonaws.com/${c.accountId}/${c.physicalName}`,
      outputs: { arn: `arn:aws:sqs:${c.region}:${c.accountId}:${c.physicalName}`, url: `https://sqs.${c.region}.amazonaws.com/${c.accountId}/${c.physicalName}` },
    }),
    "aws:cloudwatch/eventRule:EventRule": (c) => ({ id: c.physicalName, outputs: { arn: `arn:aws:events:${c.region}:${c.accountId}:rule/${c.physicalName}` } }),
    "aws:cloudwatch/eventTarget:EventTarget": (c) => ({ id: `${c.inputs.rule}-${c.inputs.targetId}`, outputs: {} }),
  },
};
