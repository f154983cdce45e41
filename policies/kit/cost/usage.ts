/**
 * Usage assumptions: what drives the charges no declaration can tell (data
 * through NAT gateways, load balancer capacity units, WAF requests, log
 * volume), stated per stack with the reasoning, as Infracost's usage file
 * does. A stack's usage file (`usage/<stack>.yaml`) holds them; the budget
 * policy takes the same document as its `usage` setting.
 */

/** Every usage figure the pricing rules read, per month, with its unit. */
export const USAGE_KEYS = {
  natGatewayDataGiB: { unit: "GB", description: "Data processed by the NAT gateways together (image pulls, AWS APIs, outbound calls)." },
  interfaceEndpointDataGiB: { unit: "GB", description: "Data processed by the interface VPC endpoints together." },
  loadBalancerLcus: { unit: "LCU", description: "Average load balancer capacity units per hour, per application load balancer." },
  internetEgressGiB: { unit: "GB", description: "Data sent to the internet (responses through the load balancer)." },
  wafRequestsMillions: { unit: "million requests", description: "Requests the web ACLs inspect." },
  logIngestionGiB: { unit: "GB", description: "Data ingested into CloudWatch Logs across the stack's log groups (app, flow logs, WAF, database, cache, control plane)." },
  logStorageGiB: { unit: "GB", description: "Compressed log data CloudWatch Logs holds on average over the month, across the stack's log groups." },
  containerInsightsMetrics: { unit: "metrics", description: "Custom metrics Container Insights publishes for the ECS cluster." },
  rdsBackupGiB: { unit: "GB", description: "RDS backup storage beyond the free allowance (100% of the provisioned storage)." },
  drBackupGiB: { unit: "GB", description: "Automated backups held in the disaster-recovery region (all of it is charged there)." },
  drBackupTransferGiB: { unit: "GB", description: "Backup data copied to the disaster-recovery region." },
  cacheSnapshotGiB: { unit: "GB", description: "ElastiCache snapshot storage beyond the free allowance." },
  s3StorageGiB: { unit: "GB", description: "Objects kept in the stack's S3 buckets (load balancer access logs)." },
  ecrStorageGiB: { unit: "GB", description: "Images kept in the stack's ECR repositories." },
  ecrReplicaStorageGiB: { unit: "GB", description: "Image copies ECR replication keeps in the destination regions, all of them together." },
  ecrReplicationTransferGiB: { unit: "GB", description: "Image data ECR replication copies to other regions." },
  sqsRequestsMillions: { unit: "million requests", description: "Requests to the stack's SQS queues: messages sent, received and deleted, and receives that find none (Karpenter's interruption queue)." },
  spotDiscountPercent: { unit: "%", description: "Average discount of Fargate Spot and EC2 Spot below the on-demand price (Spot prices are not in the price list)." },
} as const;

export type UsageKey = keyof typeof USAGE_KEYS;

/** One stated figure and why it was chosen. */
export interface UsageAssumption {
  readonly value: number;
  readonly why: string;
}

export type UsageAssumptions = Partial<Record<UsageKey, UsageAssumption>>;

/**
 * Checks a usage document (the parsed YAML file, or the policy's `usage`
 * setting). Every problem names the key, the value and what is allowed;
 * unknown keys are problems, so a misspelt key is never silently ignored.
 */
export function parseUsage(raw: unknown, source: string): { usage: UsageAssumptions; problems: string[] } {
  const problems: string[] = [];
  const usage: Record<string, UsageAssumption> = {};
  if (raw === undefined || raw === null) return { usage, problems };
  if (typeof raw !== "object" || Array.isArray(raw)) return { usage, problems: [`${source}: ${JSON.stringify(raw)} is not allowed (expected a map of usage keys to { value, why })`] };
  for (const [key, entry] of Object.entries(raw as Record<string, unknown>)) {
    if (!(key in USAGE_KEYS)) {
      problems.push(`${source}: ${key} is not a usage key (expected one of ${Object.keys(USAGE_KEYS).join(", ")})`);
      continue;
    }
    const given = entry as { value?: unknown; why?: unknown } | null;
    const value = given?.value;
    const max = key === "spotDiscountPercent" ? 100 : Number.MAX_SAFE_INTEGER;
    if (typeof value !== "number" || !Number.isFinite(value) || value < 0 || value > max) {
      problems.push(`${source}: ${key}.value ${JSON.stringify(value)} is not allowed (expected a number from 0 to ${max === 100 ? 100 : "any size"}, in ${USAGE_KEYS[key as UsageKey].unit})`);
      continue;
    }
    if (typeof given?.why !== "string" || given.why.trim() === "") {
      problems.push(`${source}: ${key}.why is missing (expected the reasoning behind ${value} ${USAGE_KEYS[key as UsageKey].unit}: an assumption nobody can explain is not one)`);
      continue;
    }
    const extra = Object.keys(given).filter((k) => k !== "value" && k !== "why");
    if (extra.length > 0) problems.push(`${source}: ${key} has ${extra.join(", ")}, which is not allowed (expected only value and why)`);
    usage[key] = { value, why: given.why.trim() };
  }
  return { usage, problems };
}
