import { ComputedOutputs } from "./types";

/** Invokes and outputs of resources every component uses: account context, network, IAM, KMS, logs. */
export const core: ComputedOutputs = {
  invokes: {
    "aws:index/getCallerIdentity:getCallerIdentity": (_inputs, ctx) => ({
      accountId: ctx.accountId,
      arn: `arn:aws:iam::${ctx.accountId}:user/ci`,
      userId: "AIDAEXAMPLEUSERID",
      id: ctx.accountId,
    }),
    "aws:index/getPartition:getPartition": () => ({ partition: "aws", dnsSuffix: "amazonaws.com", reverseDnsPrefix: "com.amazonaws", id: "aws" }),
    "aws:index/getRegion:getRegion": (_inputs, ctx) => ({
      region: ctx.region,
      name: ctx.region,
      id: ctx.region,
      endpoint: `ec2.${ctx.region}.amazonaws.com`,
      description: ctx.region,
    }),
    "aws:index/getAvailabilityZones:getAvailabilityZones": (_inputs, ctx) => {
      const count = ZONES_PER_REGION[ctx.region] ?? 3;
      const letters = "abcdef".slice(0, count).split("");
      return {
        id: ctx.region,
        names: letters.map((l) => `${ctx.region}${l}`),
        zoneIds: letters.map((_, i) => `${ctx.region.slice(0, 3)}${ctx.region.split("-")[1].slice(0, 2)}-az${i + 1}`),
        groupNames: [ctx.region],
      };
    },
  },
  resources: {
    "aws:ec2/vpc:Vpc": (c) => ({
      id: `vpc-${c.hex(17)}`,
      outputs: { defaultSecurityGroupId: `sg-${c.hex(16)}0`, mainRouteTableId: `rtb-${c.hex(16)}0`, defaultNetworkAclId: `acl-${c.hex(16)}0` },
    }),
    "aws:ec2/subnet:Subnet": (c) => ({ id: `subnet-${c.hex(17)}`, outputs: {} }),
    "aws:ec2/internetGateway:InternetGateway": (c) => ({ id: `igw-${c.hex(17)}`, outputs: {} }),
    "aws:ec2/natGateway:NatGateway": (c) => ({ id: `nat-${c.hex(17)}`, outputs: { publicIp: `203.0.113.${parseInt(c.hex(2), 16) % 254}` } }),
    "aws:ec2/eip:Eip": (c) => ({ id: `eipalloc-${c.hex(17)}`, outputs: { allocationId: `eipalloc-${c.hex(17)}`, publicIp: `198.51.100.${parseInt(c.hex(2), 16) % 254}` } }),
    "aws:ec2/routeTable:RouteTable": (c) => ({ id: `rtb-${c.hex(17)}`, outputs: {} }),
    "aws:ec2/securityGroup:SecurityGroup": (c) => ({ id: `sg-${c.hex(17)}`, outputs: {} }),
    "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": (c) => ({ id: `sg-${c.hex(17)}`, outputs: {} }),
    "aws:ec2/vpcEndpoint:VpcEndpoint": (c) => ({ id: `vpce-${c.hex(17)}`, outputs: {} }),
    "aws:ec2/flowLog:FlowLog": (c) => ({ id: `fl-${c.hex(17)}`, outputs: {} }),
    "aws:kms/key:Key": (c) => {
      const keyId = `${c.hex(8)}-${c.hex(4)}-4${c.hex(3)}-8${c.hex(3)}-${c.hex(12)}`;
      return { id: keyId, outputs: { keyId, arn: `arn:aws:kms:${c.region}:${c.accountId}:key/${keyId}` } };
    },
    "aws:kms/alias:Alias": (c) => ({ outputs: { arn: `arn:aws:kms:${c.region}:${c.accountId}:${c.inputs.name}` } }),
    "aws:cloudwatch/logGroup:LogGroup": (c) => ({
      id: c.physicalName,
      outputs: { arn: `arn:aws:logs:${c.region}:${c.accountId}:log-group:${c.physicalName}` },
    }),
    "aws:iam/role:Role": (c) => ({
      id: c.physicalName,
      outputs: { arn: `arn:aws:iam::${c.accountId}:role/${c.physicalName}`, uniqueId: `AROA${c.hex(17).toUpperCase()}` },
    }),
    "aws:iam/policy:Policy": (c) => ({ outputs: { arn: `arn:aws:iam::${c.accountId}:policy/${c.physicalName}` } }),
    "aws:secretsmanager/secret:Secret": (c) => ({
      outputs: { arn: `arn:aws:secretsmanager:${c.region}:${c.accountId}:secret:${c.physicalName}-${c.hex(6)}` },
    }),
    "aws:sns/topic:Topic": (c) => ({ outputs: { arn: `arn:aws:sns:${c.region}:${c.accountId}:${c.physicalName}` } }),
  },
};

/** Zones per region, for regions whose count differs from the usual three. */
const ZONES_PER_REGION: Record<string, number> = { "us-east-1": 6, "us-west-2": 4, "ap-northeast-1": 3 };
