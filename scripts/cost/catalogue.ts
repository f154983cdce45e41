/**
 * Which rows of the AWS Price List offer files become which meter of the
 * price table (`policies/kit/cost/prices.ts`). A meter is found by product
 * attributes, as the offer files name them (compared case- and
 * space-insensitively, so the CSV's `Instance Type` and the JSON's
 * `instanceType` are the same attribute); the generator fails when a meter
 * matches no row or rows with different prices, so a changed offer file is
 * noticed, never priced wrong.
 *
 * To price a new resource type: add its meters here and a rule in
 * `policies/kit/cost/rules-*.ts`, then run `npm run prices`.
 */

/** The regions the shipped stacks use (prod-dr's eu-central-1 among them), and us-east-1. */
export const PRICED_REGIONS = ["eu-west-1", "eu-central-1", "us-east-1"] as const;

/** How a commitment price is found beside the on-demand one. */
export type Commitment = "reserved-1yr-no-upfront" | "compute-savings-plan-1yr-no-upfront";

export interface MeterSpec {
  /** The price-table key the pricing rules use. */
  readonly key: string;
  /** Offer code in the Price List bulk API. */
  readonly offer: string;
  /** Unit the table records (the rules' quantities are in it). */
  readonly unit: string;
  /** Attributes every matching product has; a RegExp tests the value. The regional offer file holds only its region's products. */
  readonly attributes: Readonly<Record<string, string | RegExp>>;
  /** Price per table unit = offer price × scale (an hourly dashboard rate × 730 is a monthly one). @default 1 */
  readonly scale?: number;
  readonly commitment?: Commitment;
  /** The offer file's region when the service prices globally (Route 53's `global`), the same row for every priced region. @default the priced region */
  readonly priceListRegion?: string;
}

export const RDS_INSTANCE_CLASSES = [
  "db.t4g.micro",
  "db.t4g.small",
  "db.t4g.medium",
  "db.t4g.large",
  "db.t4g.xlarge",
  "db.m7g.large",
  "db.m7g.xlarge",
  "db.m7g.2xlarge",
  "db.m7g.16xlarge",
  "db.r7g.large",
  "db.r7g.xlarge",
  "db.r7g.2xlarge",
  "db.r7g.16xlarge",
] as const;

export const CACHE_NODE_TYPES = ["cache.t4g.micro", "cache.t4g.small", "cache.t4g.medium", "cache.m7g.large", "cache.m7g.xlarge", "cache.r7g.large", "cache.r7g.xlarge"] as const;

/**
 * The instance types a Karpenter or EKS Auto Mode node pool may launch that the estimator chooses among
 * (`policies/kit/cost/instance-types.ts`): general purpose, compute and memory optimised, Graviton, AMD
 * and Intel, generations 6 and 7, large to 2xlarge. A pool whose requirements allow none of them is
 * reported as not priced.
 */
export const NODE_POOL_INSTANCE_FAMILIES = ["c6g", "c6a", "c6i", "c7g", "c7i", "m6g", "m6a", "m6i", "m7g", "m7i", "r6g", "r6a", "r6i", "r7g", "r7i"] as const;
export const NODE_POOL_INSTANCE_SIZES = ["large", "xlarge", "2xlarge"] as const;
export const NODE_POOL_INSTANCE_TYPES = NODE_POOL_INSTANCE_FAMILIES.flatMap((family) => NODE_POOL_INSTANCE_SIZES.map((size) => `${family}.${size}`));

/** Every EC2 instance type priced: the managed node groups' burstable types and the node pools' candidates. */
export const EC2_INSTANCE_TYPES = ["t3.medium", "t3.large", "t4g.medium", "t4g.large", ...NODE_POOL_INSTANCE_TYPES] as const;

const HOURS_PER_MONTH = 730;

/** A usage type in any region: `EU-NatGateway-Hours`, `USE1-NatGateway-Hours` or `NatGateway-Hours`. */
const usage = (suffix: string) => new RegExp(`^([A-Z0-9]+-)?${suffix.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`);

const rdsInstances: MeterSpec[] = RDS_INSTANCE_CLASSES.flatMap((instanceType) =>
  (["Single-AZ", "Multi-AZ"] as const).map((deploymentOption) => ({
    key: `rds:postgres:${instanceType}:${deploymentOption.toLowerCase()}`,
    offer: "AmazonRDS",
    unit: "Hrs",
    attributes: { productFamily: "Database Instance", instanceType, databaseEngine: "PostgreSQL", deploymentOption, licenseModel: "No license required" },
    commitment: "reserved-1yr-no-upfront" as const,
  })),
);

const cacheNodes: MeterSpec[] = CACHE_NODE_TYPES.flatMap((instanceType) =>
  (["Redis", "Valkey"] as const).map((cacheEngine) => ({
    key: `elasticache:${cacheEngine.toLowerCase()}:${instanceType}`,
    offer: "AmazonElastiCache",
    unit: "Hrs",
    attributes: { productFamily: "Cache Instance", instanceType, cacheEngine },
    commitment: "reserved-1yr-no-upfront" as const,
  })),
);

const ec2Instances: MeterSpec[] = EC2_INSTANCE_TYPES.map((instanceType) => ({
  key: `ec2:${instanceType}`,
  offer: "AmazonEC2",
  unit: "Hrs",
  attributes: { productFamily: "Compute Instance", instanceType, operatingSystem: "Linux", tenancy: "Shared", preInstalledSw: "NA", capacitystatus: "Used", licenseModel: "No License required" },
  commitment: "reserved-1yr-no-upfront" as const,
}));

/** EKS Auto Mode's management fee per instance hour, on top of the instance's own price (AmazonEKS offer, operation EKSAutoUsage). */
const autoModeFees: MeterSpec[] = NODE_POOL_INSTANCE_TYPES.map((instanceType) => ({
  key: `eks:auto-mode:${instanceType}`,
  offer: "AmazonEKS",
  unit: "Hrs",
  attributes: { operation: "EKSAutoUsage", instanceType },
}));

const fargate: MeterSpec[] = [
  { key: "fargate:x86_64:vcpu", offer: "AmazonECS", unit: "vCPU-Hrs", attributes: { usagetype: usage("Fargate-vCPU-Hours:perCPU") }, commitment: "compute-savings-plan-1yr-no-upfront" },
  { key: "fargate:x86_64:memory", offer: "AmazonECS", unit: "GB-Hrs", attributes: { usagetype: usage("Fargate-GB-Hours") }, commitment: "compute-savings-plan-1yr-no-upfront" },
  { key: "fargate:arm64:vcpu", offer: "AmazonECS", unit: "vCPU-Hrs", attributes: { usagetype: usage("Fargate-ARM-vCPU-Hours:perCPU") }, commitment: "compute-savings-plan-1yr-no-upfront" },
  { key: "fargate:arm64:memory", offer: "AmazonECS", unit: "GB-Hrs", attributes: { usagetype: usage("Fargate-ARM-GB-Hours") }, commitment: "compute-savings-plan-1yr-no-upfront" },
  { key: "fargate:ephemeral-storage", offer: "AmazonECS", unit: "GB-Hrs", attributes: { usagetype: usage("Fargate-EphemeralStorage-GB-Hours") } },
];

export const METERS: readonly MeterSpec[] = [
  ...rdsInstances,
  { key: "rds:storage:general-purpose:single-az", offer: "AmazonRDS", unit: "GB-Mo", attributes: { usagetype: usage("RDS:GP3-Storage"), databaseEngine: "PostgreSQL" } },
  { key: "rds:storage:general-purpose:multi-az", offer: "AmazonRDS", unit: "GB-Mo", attributes: { usagetype: usage("RDS:Multi-AZ-GP3-Storage"), databaseEngine: "PostgreSQL" } },
  { key: "rds:backup-storage", offer: "AmazonRDS", unit: "GB-Mo", attributes: { usagetype: usage("RDS:ChargedBackupUsage"), databaseEngine: "PostgreSQL" } },
  { key: "rds:proxy", offer: "AmazonRDS", unit: "vCPU-Hrs", attributes: { productFamily: "RDS Proxy", databaseEngine: "PostgreSQL" } },
  { key: "rds:performance-insights:first-month", offer: "AmazonRDS", unit: "vCPU-Mo", attributes: { productFamily: "Performance Insights", usagetype: /PI_LTR_FMR:/ } },
  { key: "rds:performance-insights:additional-month", offer: "AmazonRDS", unit: "vCPU-Mo", attributes: { productFamily: "Performance Insights", usagetype: /PI_LTR:/ } },
  ...cacheNodes,
  { key: "elasticache:backup-storage", offer: "AmazonElastiCache", unit: "GB-Mo", attributes: { usagetype: usage("ElastiCache:BackupUsage") } },
  ...fargate,
  ...ec2Instances,
  { key: "ebs:gp3", offer: "AmazonEC2", unit: "GB-Mo", attributes: { productFamily: "Storage", volumeApiName: "gp3" } },
  { key: "ebs:gp2", offer: "AmazonEC2", unit: "GB-Mo", attributes: { productFamily: "Storage", volumeApiName: "gp2" } },
  { key: "eks:cluster", offer: "AmazonEKS", unit: "Hrs", attributes: { usagetype: usage("AmazonEKS-Hours:perCluster") } },
  ...autoModeFees,
  { key: "sqs:requests", offer: "AWSQueueService", unit: "1M requests", attributes: { usagetype: usage("Requests-Tier1") }, scale: 1_000_000 },
  { key: "nat:hours", offer: "AmazonEC2", unit: "Hrs", attributes: { usagetype: usage("NatGateway-Hours") } },
  { key: "nat:data", offer: "AmazonEC2", unit: "GB", attributes: { usagetype: usage("NatGateway-Bytes") } },
  { key: "vpce:interface:hours", offer: "AmazonVPC", unit: "Hrs", attributes: { usagetype: usage("VpcEndpoint-Hours") } },
  { key: "vpce:interface:data", offer: "AmazonVPC", unit: "GB", attributes: { usagetype: usage("VpcEndpoint-Bytes") } },
  { key: "ipv4:in-use", offer: "AmazonVPC", unit: "Hrs", attributes: { usagetype: usage("PublicIPv4:InUseAddress") } },
  { key: "alb:hours", offer: "AWSELB", unit: "Hrs", attributes: { productFamily: "Load Balancer-Application", usagetype: usage("LoadBalancerUsage") } },
  { key: "alb:lcu", offer: "AWSELB", unit: "LCU-Hrs", attributes: { productFamily: "Load Balancer-Application", usagetype: usage("LCUUsage") } },
  { key: "waf:web-acl", offer: "awswaf", unit: "Mo", attributes: { usagetype: usage("WebACL") } },
  { key: "waf:rule", offer: "awswaf", unit: "Mo", attributes: { usagetype: usage("Rule") } },
  { key: "waf:requests", offer: "awswaf", unit: "1M requests", attributes: { usagetype: usage("Request") }, scale: 1_000_000 },
  { key: "kms:key", offer: "awskms", unit: "Mo", attributes: { usagetype: usage("KMS-Keys") } },
  { key: "secretsmanager:secret", offer: "AWSSecretsManager", unit: "Mo", attributes: { usagetype: usage("AWSSecretsManager-Secrets") } },
  { key: "cloudwatch:alarm:standard", offer: "AmazonCloudWatch", unit: "Mo", attributes: { usagetype: usage("CW:AlarmMonitorUsage") } },
  { key: "cloudwatch:alarm:high-resolution", offer: "AmazonCloudWatch", unit: "Mo", attributes: { usagetype: usage("CW:HighResAlarmMonitorUsage") } },
  { key: "cloudwatch:alarm:composite", offer: "AmazonCloudWatch", unit: "Mo", attributes: { usagetype: usage("CW:CompositeAlarmMonitorUsage") } },
  { key: "cloudwatch:dashboard", offer: "AmazonCloudWatch", unit: "Mo", attributes: { usagetype: usage("DashboardsUsageHour") }, scale: HOURS_PER_MONTH },
  { key: "cloudwatch:metric", offer: "AmazonCloudWatch", unit: "Mo", attributes: { usagetype: usage("CW:MetricMonitorUsage") } },
  { key: "synthetics:canary-run", offer: "AmazonCloudWatch", unit: "Runs", attributes: { usagetype: usage("CW:Canary-runs") } },
  { key: "logs:ingestion", offer: "AmazonCloudWatch", unit: "GB", attributes: { usagetype: usage("DataProcessing-Bytes") } },
  { key: "logs:storage", offer: "AmazonCloudWatch", unit: "GB-Mo", attributes: { usagetype: usage("TimedStorage-ByteHrs") } },
  { key: "s3:standard", offer: "AmazonS3", unit: "GB-Mo", attributes: { usagetype: usage("TimedStorage-ByteHrs"), volumeType: "Standard" } },
  { key: "ecr:storage", offer: "AmazonECR", unit: "GB-Mo", attributes: { usagetype: usage("TimedStorage-ByteHrs") } },
  { key: "data-transfer:internet-out", offer: "AWSDataTransfer", unit: "GB", attributes: { usagetype: usage("DataTransfer-Out-Bytes"), transferType: "AWS Outbound" } },
  // To the other region of the DR pair: eu-west-1 (prod) and eu-central-1 (prod-dr) copy to each other.
  { key: "data-transfer:inter-region", offer: "AWSDataTransfer", unit: "GB", attributes: { transferType: "InterRegion Outbound", toLocation: /^(EU|Europe) \((Frankfurt|Ireland)\)$/ } },
  { key: "route53:health-check", offer: "AmazonRoute53", unit: "Mo", attributes: { usagetype: usage("Health-Check-AWS") }, priceListRegion: "global" },
  { key: "route53:health-check:feature", offer: "AmazonRoute53", unit: "Mo", attributes: { usagetype: usage("Health-Check-Option-AWS") }, priceListRegion: "global" },
];
