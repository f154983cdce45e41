import * as pulumi from "@pulumi/pulumi";
import { Vpc } from "../../components/network";
import { ComputeTier } from "../../stacks/compute";
import { createEksTier, eksSubnetDiscoveryTags } from "../../stacks/compute-eks";
import { parsePlatformConfig } from "../../stacks/config";
import { deepMerge, readStackConfig, runComponents, RunResult, toRawConfig } from "../harness";

export const TARGET_GROUP_ARNS = {
  blue: "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/app-blue/0123456789abcdef",
  green: "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/app-green/fedcba9876543210",
};
export const ALB_SECURITY_GROUP = "sg-0a1b2c3d4e5f60718";
export const DB_SECRET_ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-credentials-AbCdEf";
export const CACHE_SECRET_ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:cache-auth-GhIjKl";
export const DATA_KEY_ARN = "arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-4333-8444-555555555555";

export const K8S = {
  deployment: "kubernetes:apps/v1:Deployment",
  service: "kubernetes:core/v1:Service",
  hpa: "kubernetes:autoscaling/v2:HorizontalPodAutoscaler",
  pdb: "kubernetes:policy/v1:PodDisruptionBudget",
  networkPolicy: "kubernetes:networking.k8s.io/v1:NetworkPolicy",
  secret: "kubernetes:core/v1:Secret",
  release: "kubernetes:helm.sh/v3:Release",
  targetGroupBinding: "kubernetes:elbv2.k8s.aws/v1beta1:TargetGroupBinding",
  prometheusRule: "kubernetes:monitoring.coreos.com/v1:PrometheusRule",
  securityGroupPolicy: "kubernetes:vpcresources.k8s.aws/v1beta1:SecurityGroupPolicy",
};

/** The stack file's configuration on EKS, with `overrides` deep-merged, parsed as the program would. */
export function eksConfig(stack: string, overrides: Record<string, unknown> = {}) {
  const base = readStackConfig(stack);
  const structured: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(base.values)) {
    try {
      structured[key] = JSON.parse(value);
    } catch {
      structured[key] = value;
    }
  }
  const qualify = (key: string) => (key.includes(":") ? key : `platform:${key}`);
  const merged: Record<string, unknown> = { ...structured };
  for (const [key, value] of Object.entries({ "platform:compute": { platform: "eks" }, ...overrides })) merged[qualify(key)] = deepMerge(merged[qualify(key)], value);
  merged["platform:compute"] = deepMerge(merged["platform:compute"], { platform: "eks" });
  return parsePlatformConfig(toRawConfig(merged).values, stack);
}

/**
 * Runs the EKS tier alone with a real Vpc and hand-made load balancer and
 * secret inputs (the program does not wire the compute tier yet).
 */
export async function runEksTier(stack = "prod", overrides: Record<string, unknown> = {}): Promise<RunResult & { tier?: ComputeTier }> {
  const config = eksConfig(stack, overrides);
  let tier: ComputeTier | undefined;
  const run = await runComponents(
    () => {
      const zones = ["eu-west-1a", "eu-west-1b", "eu-west-1c"].slice(0, config.network.availabilityZoneCount);
      const tags = { ...config.tags, Environment: config.environment };
      const network = new Vpc("network", { cidr: config.network.cidr, availabilityZones: zones, nat: config.network.nat, privateSubnetTags: eksSubnetDiscoveryTags(config), tags });
      tier = createEksTier({
        config,
        tags,
        network,
        loadBalancer: {
          securityGroupId: pulumi.output(ALB_SECURITY_GROUP),
          targetGroupArns: { blue: pulumi.output(TARGET_GROUP_ARNS.blue), green: pulumi.output(TARGET_GROUP_ARNS.green) },
        },
        appSecrets: [
          { environmentName: "DB_PASSWORD", secretArn: pulumi.output(DB_SECRET_ARN), jsonKey: "password", kmsKeyArn: pulumi.output(DATA_KEY_ARN) },
          { environmentName: "CACHE_AUTH_TOKEN", secretArn: pulumi.output(CACHE_SECRET_ARN), kmsKeyArn: pulumi.output(DATA_KEY_ARN) },
        ],
        appSettings: [{ environmentName: "DB_HOST", value: "db.internal" }],
      });
      return tier.outputs as Record<string, unknown>;
    },
    { stack, config: { "aws:region": config.region } },
  );
  return Object.assign(run, { tier });
}
