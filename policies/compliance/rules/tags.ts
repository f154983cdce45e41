import { resourcePolicy } from "../kit";

/** Resource types that take tags and that the platform creates; a resource elsewhere is checked when it sets `tags`. */
export const TAGGABLE_TYPES = [
  "aws:ec2/vpc:Vpc",
  "aws:ec2/subnet:Subnet",
  "aws:ec2/securityGroup:SecurityGroup",
  "aws:ec2/natGateway:NatGateway",
  "aws:ec2/flowLog:FlowLog",
  "aws:rds/instance:Instance",
  "aws:rds/cluster:Cluster",
  "aws:elasticache/replicationGroup:ReplicationGroup",
  "aws:lb/loadBalancer:LoadBalancer",
  "aws:lb/targetGroup:TargetGroup",
  "aws:ecs/cluster:Cluster",
  "aws:ecs/service:Service",
  "aws:ecs/taskDefinition:TaskDefinition",
  "aws:eks/cluster:Cluster",
  "aws:eks/nodeGroup:NodeGroup",
  "aws:kms/key:Key",
  "aws:cloudwatch/logGroup:LogGroup",
  "aws:cloudwatch/metricAlarm:MetricAlarm",
  "aws:sns/topic:Topic",
  "aws:s3/bucket:Bucket",
  "aws:s3/bucketV2:BucketV2",
  "aws:iam/role:Role",
  "aws:wafv2/webAcl:WebAcl",
  "aws:secretsmanager/secret:Secret",
];

export const DEFAULT_REQUIRED_TAGS = ["Environment", "Owner", "CostCenter", "DataClassification"];

export const awsResourceRequireTags = resourcePolicy<{ requiredTags: string[] }>({
  name: "aws-resource-require-tags",
  description: "Taggable AWS resources carry the required tags (Environment, Owner, CostCenter, DataClassification by default) with non-empty values.",
  pack: "compliance",
  service: "tagging",
  severity: "low",
  frameworks: ["soc2", "iso27001"],
  remediationSteps: "Set the missing keys under `platform:tags` in the stack file (Environment comes from `platform:environment`); components pass them to every resource through `mergeTags`.",
  settings: {
    requiredTags: { type: "array", items: { type: "string" }, description: "Tag keys every taggable resource must carry.", default: DEFAULT_REQUIRED_TAGS },
  },
  types: TAGGABLE_TYPES,
  alsoAppliesTo: (type, props) => type.startsWith("aws:") && props.tags !== undefined && props.tags !== null,
  validate: ({ props, settings, report }) => {
    const tags: Record<string, unknown> = props.tags ?? {};
    const missing = settings.requiredTags.filter((key) => typeof tags[key] !== "string" || (tags[key] as string).trim() === "");
    if (missing.length > 0) report(`tags ${missing.join(", ")} are missing or empty. Set them under platform:tags in the stack file.`);
  },
});
