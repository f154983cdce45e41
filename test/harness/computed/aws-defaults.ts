import { MockResourceContext } from "./types";

/** A value AWS fills into a resource's outputs when the program leaves the argument out. */
export interface AwsDefault {
  /** Output property, dotted for a field inside an input block (`vpcConfig.endpointPublicAccess`). */
  readonly property: string;
  /** The value AWS returns; `undefined` when it fills nothing for these inputs. */
  readonly value: (c: MockResourceContext) => unknown;
  /** Where the fact comes from. */
  readonly source: string;
}

/**
 * What a `pulumi up` reads back from AWS for arguments the program omitted,
 * per mocked type: the `update` engine mode adds these to the outputs stack
 * policies see, and the `preview` mode makes them unknown (the provider plans
 * them as computed). Listed are the defaults that decide security or
 * compliance questions; a policy must never count one of them as the program
 * having asked for it. Every property here is optional and computed in the
 * provider schema (`pulumi.Output<T>` without `| undefined` in `@pulumi/aws`).
 */
export const AWS_FILLED_DEFAULTS: Readonly<Record<string, readonly AwsDefault[]>> = {
  "aws:s3/bucket:Bucket": [
    {
      property: "serverSideEncryptionConfiguration",
      value: () => ({ rule: { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" }, bucketKeyEnabled: false } }),
      source: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingServerSideEncryption.html (SSE-S3 is the base level of encryption for every bucket since 2023-01-05)",
    },
    {
      property: "versioning",
      value: () => ({ enabled: false, mfaDelete: false }),
      source: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/Versioning.html (buckets are unversioned until versioning is enabled)",
    },
  ],
  "aws:rds/instance:Instance": [
    {
      property: "backupRetentionPeriod",
      value: (c) => (c.inputs.replicateSourceDb === undefined ? 1 : 0),
      source: "https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstance.html (BackupRetentionPeriod, Default: 1)",
    },
    { property: "multiAz", value: () => false, source: "https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstance.html (MultiAZ, default false)" },
    {
      property: "kmsKeyId",
      value: (c) => (c.inputs.storageEncrypted === true ? `arn:aws:kms:${c.region}:${c.accountId}:key/${c.hex(8)}-aws-rds` : undefined),
      source: "https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstance.html (KmsKeyId: with StorageEncrypted and no key, RDS uses the aws/rds key)",
    },
    {
      property: "caCertIdentifier",
      value: () => "rds-ca-rsa2048-g1",
      source: "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/UsingWithRDS.SSL.html (rds-ca-rsa2048-g1 is the default CA for new instances)",
    },
  ],
  "aws:elasticache/replicationGroup:ReplicationGroup": [
    {
      property: "atRestEncryptionEnabled",
      value: (c) => c.inputs.engine === "valkey",
      source: "https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_ReplicationGroup.html (AtRestEncryptionEnabled, Default: true when using Valkey, false when using Redis OSS)",
    },
    {
      property: "transitEncryptionEnabled",
      value: () => false,
      source: "https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_CreateReplicationGroup.html (TransitEncryptionEnabled, Default: false)",
    },
  ],
  "aws:sns/topic:Topic": [
    {
      property: "policy",
      value: (c) =>
        JSON.stringify({
          Version: "2008-10-17",
          Id: "__default_policy_ID",
          Statement: [
            {
              Sid: "__default_statement_ID",
              Effect: "Allow",
              Principal: { AWS: "*" },
              Action: ["SNS:GetTopicAttributes", "SNS:SetTopicAttributes", "SNS:AddPermission", "SNS:RemovePermission", "SNS:DeleteTopic", "SNS:Subscribe", "SNS:ListSubscriptionsByTopic", "SNS:Publish"],
              Resource: `arn:aws:sns:${c.region}:${c.accountId}:${c.physicalName}`,
              Condition: { StringEquals: { "AWS:SourceOwner": c.accountId } },
            },
          ],
        }),
      source: "https://docs.aws.amazon.com/sns/latest/dg/sns-access-policy-use-cases.html (a new topic gets the default policy granting the owner account)",
    },
  ],
  "aws:kms/key:Key": [
    {
      property: "policy",
      value: (c) =>
        JSON.stringify({
          Version: "2012-10-17",
          Id: "key-default-1",
          Statement: [{ Sid: "Enable IAM User Permissions", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${c.accountId}:root` }, Action: "kms:*", Resource: "*" }],
        }),
      source: "https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html (the default key policy gives the account, and so IAM, full access)",
    },
    { property: "multiRegion", value: () => false, source: "https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateKey.html (MultiRegion, default false)" },
  ],
  "aws:lb/loadBalancer:LoadBalancer": [
    { property: "internal", value: () => false, source: "https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateLoadBalancer.html (Scheme, default internet-facing)" },
    { property: "ipAddressType", value: () => "ipv4", source: "https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateLoadBalancer.html (IpAddressType, default ipv4)" },
  ],
  "aws:lb/targetGroup:TargetGroup": [
    {
      property: "healthCheck",
      value: () => ({ enabled: true, path: "/", port: "traffic-port", protocol: "HTTP", interval: 30, timeout: 5, healthyThreshold: 5, unhealthyThreshold: 2, matcher: "200" }),
      source: "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/target-group-health-checks.html (health check settings and their defaults)",
    },
  ],
  "aws:eks/cluster:Cluster": [
    {
      property: "vpcConfig.endpointPublicAccess",
      value: () => true,
      source: "https://docs.aws.amazon.com/eks/latest/APIReference/API_VpcConfigRequest.html (endpointPublicAccess, default true)",
    },
    {
      property: "vpcConfig.endpointPrivateAccess",
      value: () => false,
      source: "https://docs.aws.amazon.com/eks/latest/APIReference/API_VpcConfigRequest.html (endpointPrivateAccess, default false)",
    },
    {
      property: "vpcConfig.publicAccessCidrs",
      value: () => ["0.0.0.0/0"],
      source: "https://docs.aws.amazon.com/eks/latest/APIReference/API_VpcConfigRequest.html (publicAccessCidrs, default 0.0.0.0/0)",
    },
    {
      property: "accessConfig",
      value: () => ({ authenticationMode: "CONFIG_MAP", bootstrapClusterCreatorAdminPermissions: true }),
      source: "https://docs.aws.amazon.com/eks/latest/APIReference/API_CreateAccessConfigRequest.html (authenticationMode defaults to CONFIG_MAP; the creator gets admin)",
    },
  ],
  "aws:ec2/securityGroup:SecurityGroup": [
    {
      property: "egress",
      value: () => [],
      source:
        "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/security_group (the provider removes AWS's default allow-all egress rule on create; rules that separate resources add later are read back only on a refresh)",
    },
    { property: "ingress", value: () => [], source: "https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html (a new security group has no inbound rules)" },
  ],
  "aws:ec2/vpcEndpoint:VpcEndpoint": [
    {
      property: "policy",
      value: () => JSON.stringify({ Version: "2008-10-17", Statement: [{ Effect: "Allow", Principal: "*", Action: "*", Resource: "*" }] }),
      source: "https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-access.html (the default endpoint policy allows full access through the endpoint)",
    },
  ],
  "aws:ecs/cluster:Cluster": [
    {
      property: "settings",
      value: () => [{ name: "containerInsights", value: "disabled" }],
      source: "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ClusterSetting.html (containerInsights follows the account setting, disabled unless turned on)",
    },
  ],
};
