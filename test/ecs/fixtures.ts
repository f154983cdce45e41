import * as pulumi from "@pulumi/pulumi";
import { BlueGreenFargateService, BlueGreenFargateServiceArgs, EcsCluster } from "../../components/ecs";
import { CapturedResource, runComponents, RunResult } from "../harness";

export const ACCOUNT = "123456789012";
export const REGION = "eu-west-1";
export const LB_SG = "sg-0loadbalancer0000";
export const TG = {
  blue: `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:targetgroup/edge-blue/0123456789abcdef`,
  green: `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:targetgroup/edge-green/fedcba9876543210`,
};
export const LB_SUFFIX = "app/edge/1234567890abcdef";
export const RULE_ARN = `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:listener-rule/app/edge/1234567890abcdef/aaaa/bbbb`;
export const DB_SECRET = `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:db-credentials-AbCdEf`;
export const CACHE_SECRET = `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:cache-auth-GhIjKl`;
export const DB_KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/11111111-2222-4333-8444-555555555555`;
export const CACHE_KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/66666666-7777-4888-8999-000000000000`;
export const PRIVATE_IMAGE = `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/shop/web:1.4.2`;

/** A compliant baseline: everything except the cluster, which the run creates. */
export function baseArgs(): Omit<BlueGreenFargateServiceArgs, "cluster"> {
  return {
    vpcId: "vpc-0123456789abcdef0",
    vpcCidr: "10.0.0.0/16",
    subnetIds: ["subnet-0aaaaaaaaaaaaaaaa", "subnet-0bbbbbbbbbbbbbbbb"],
    loadBalancer: {
      securityGroupId: LB_SG,
      targetGroupArns: { blue: TG.blue, green: TG.green },
      loadBalancerArnSuffix: LB_SUFFIX,
    },
    images: { blue: PRIVATE_IMAGE, green: "public.ecr.aws/nginx/nginx-unprivileged:1.27-alpine" },
    containerPort: 8080,
    cpu: 512,
    memoryMiB: 1024,
    user: "1000:1000",
    environment: { LOG_LEVEL: "info" },
    appSettings: [{ environmentName: "DB_HOST", value: pulumi.output("db.internal") }],
    secrets: [
      { environmentName: "DB_PASSWORD", secretArn: pulumi.output(DB_SECRET), jsonKey: "password", kmsKeyArn: pulumi.output(DB_KEY) },
      { environmentName: "CACHE_AUTH_TOKEN", secretArn: pulumi.output(CACHE_SECRET), kmsKeyArn: pulumi.output(CACHE_KEY) },
    ],
    scaling: { minCount: 2, maxCount: 6, cpuTargetPercent: 60, requestsPerTarget: 1000 },
    tags: { Owner: "team" },
  };
}

/** Runs a cluster and the service with `overrides` over the baseline. */
export function runService(overrides: Partial<BlueGreenFargateServiceArgs> = {}, clusterArgs: { executeCommand?: boolean } = {}): Promise<RunResult> {
  void clusterArgs;
  return runComponents(() => {
    const cluster = new EcsCluster("cluster", { tags: { Owner: "team" } });
    const service = new BlueGreenFargateService("app", { ...baseArgs(), cluster, ...overrides });
    return { securityGroupId: service.securityGroupId, serviceNames: service.serviceNames };
  });
}

/** The container definitions of a task definition, parsed. */
export function containers(taskDefinition: CapturedResource): Record<string, any>[] {
  return JSON.parse(taskDefinition.inputs.containerDefinitions);
}

/** An IAM policy document, parsed. */
export function policyOf(resource: CapturedResource): { Statement: Record<string, any>[] } {
  return JSON.parse(resource.inputs.policy);
}

export const TYPES = {
  cluster: "aws:ecs/cluster:Cluster",
  capacity: "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders",
  taskDefinition: "aws:ecs/taskDefinition:TaskDefinition",
  service: "aws:ecs/service:Service",
  role: "aws:iam/role:Role",
  rolePolicy: "aws:iam/rolePolicy:RolePolicy",
  securityGroup: "aws:ec2/securityGroup:SecurityGroup",
  ingress: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
  egress: "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
  scalingTarget: "aws:appautoscaling/target:Target",
  scalingPolicy: "aws:appautoscaling/policy:Policy",
  logGroup: "aws:cloudwatch/logGroup:LogGroup",
  repository: "aws:ecr/repository:Repository",
  lifecycle: "aws:ecr/lifecyclePolicy:LifecyclePolicy",
} as const;
