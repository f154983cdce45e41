/**
 * The parts of `@pulumi/aws` this library uses, each loaded from its own module.
 *
 * `import * as aws from "@pulumi/aws"` loads the package's root module, which requires every one of its
 * ~280 service modules up front (node_modules/@pulumi/aws/index.js); a program here uses about twenty.
 * Importing this module instead keeps the `aws.<service>.<Resource>` spelling and loads only those
 * services, which is most of the difference between a preview and the SDK's own floor (`npm run bench`).
 * A service not listed here is a type error at its first use: add it below.
 *
 * The root module also registers the `aws` resource package, which only matters when the engine hands
 * back a provider reference to rehydrate (a multi-language caller passing a provider): the component
 * provider's entry (`index.ts`) loads the root for that.
 */
export * as acm from "@pulumi/aws/acm";
export * as appautoscaling from "@pulumi/aws/appautoscaling";
export * as budgets from "@pulumi/aws/budgets";
export * as chatbot from "@pulumi/aws/chatbot";
export * as cloudwatch from "@pulumi/aws/cloudwatch";
export * as ec2 from "@pulumi/aws/ec2";
export * as ecr from "@pulumi/aws/ecr";
export * as ecs from "@pulumi/aws/ecs";
export * as eks from "@pulumi/aws/eks";
export * as elasticache from "@pulumi/aws/elasticache";
export * as iam from "@pulumi/aws/iam";
export * as kms from "@pulumi/aws/kms";
export * as lb from "@pulumi/aws/lb";
export * as rds from "@pulumi/aws/rds";
export * as route53 from "@pulumi/aws/route53";
export * as s3 from "@pulumi/aws/s3";
export * as secretsmanager from "@pulumi/aws/secretsmanager";
export * as sns from "@pulumi/aws/sns";
export * as sqs from "@pulumi/aws/sqs";
export * as synthetics from "@pulumi/aws/synthetics";
export * as vpc from "@pulumi/aws/vpc";
export * as wafv2 from "@pulumi/aws/wafv2";
export { getAvailabilityZones, getAvailabilityZonesOutput } from "@pulumi/aws/getAvailabilityZones";
export { getCallerIdentityOutput } from "@pulumi/aws/getCallerIdentity";
export { getPartitionOutput } from "@pulumi/aws/getPartition";
export { getRegionOutput } from "@pulumi/aws/getRegion";
export { Provider } from "@pulumi/aws/provider";
export type { Region } from "@pulumi/aws/types/enums";
export type * as types from "@pulumi/aws/types";
