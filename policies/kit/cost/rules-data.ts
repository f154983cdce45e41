import type { Charge, CostResource } from "./types";
import { hourly, monthly, numberOr, portion, PricingRule, RuleContext, share, usageCharge, vcpusOf } from "./rule";

export const RDS_INSTANCE = "aws:rds/instance:Instance";
const PROXY_TARGET = "aws:rds/proxyTarget:ProxyTarget";
/** RDS Proxy bills the vCPUs of its target instances, at least this many (RDS Proxy pricing). */
const PROXY_MINIMUM_VCPUS = 2;
/** Performance Insights keeps 7 days free; longer retention is billed per vCPU and month of retention (RDS pricing). */
const PERFORMANCE_INSIGHTS_FREE_DAYS = 7;
/** Paid retention comes in 31-day months; 731 days is the 24-month maximum. */
const DAYS_PER_RETENTION_MONTH = 31;

/** `single-az` or `multi-az`: RDS prices the two deployments as separate products. */
const deployment = (multiAz: boolean) => (multiAz ? "multi-az" : "single-az");

function rdsInstance(r: CostResource, ctx: RuleContext): Charge[] {
  const replicaOf = ctx.need(r, ["replicateSourceDb"]) !== undefined ? ctx.from(r, "replicateSourceDb")[0] : undefined;
  const source = replicaOf ?? r;
  const engine = String(ctx.need(source, ["engine"]) ?? "unknown-engine");
  const instanceClass = String(ctx.need(r, ["instanceClass"]));
  const multiAz = ctx.need(r, ["multiAz"]) === true;
  const role = replicaOf ? " (read replica)" : multiAz ? " (writer and Multi-AZ standby)" : "";
  const charges: Charge[] = [hourly(`${instanceClass} instance hours${role}`, `rds:${engine}:${instanceClass}:${deployment(multiAz)}`)];

  // A replica's storage and storage type are its source's unless it declares them.
  const storageGiB = numberOr(ctx.need(r, ["allocatedStorage"]) ?? (replicaOf ? ctx.need(replicaOf, ["allocatedStorage"]) : undefined), 0);
  const storageType = String(ctx.need(r, ["storageType"]) ?? (replicaOf ? ctx.need(replicaOf, ["storageType"]) : undefined) ?? "gp2");
  if (storageGiB > 0) {
    // gp2 and gp3 cost the same per GB on RDS; gp3 includes 3,000 IOPS. Provisioned-IOPS types are their own meters.
    const family = storageType === "gp2" || storageType === "gp3" ? "general-purpose" : storageType;
    charges.push({ item: `${storageGiB} GB ${storageType} storage${multiAz ? " (both copies)" : ""}`, meter: `rds:storage:${family}:${deployment(multiAz)}`, quantity: storageGiB, basis: "capacity" });
  }

  const vcpus = vcpusOf(instanceClass);
  const insightsDays = numberOr(ctx.need(r, ["performanceInsightsRetentionPeriod"]), PERFORMANCE_INSIGHTS_FREE_DAYS);
  if (ctx.need(r, ["performanceInsightsEnabled"]) === true && insightsDays > PERFORMANCE_INSIGHTS_FREE_DAYS) {
    const billedVcpus = (vcpus ?? 0) * (multiAz ? 2 : 1);
    const months = Math.max(1, Math.round(insightsDays / DAYS_PER_RETENTION_MONTH));
    charges.push({ item: `Performance Insights, ${insightsDays} days of history, ${billedVcpus} vCPUs: first month`, meter: "rds:performance-insights:first-month", quantity: billedVcpus, basis: "capacity" });
    if (months > 1) {
      charges.push({ item: `Performance Insights, ${months - 1} further months of history`, meter: "rds:performance-insights:additional-month", quantity: billedVcpus * (months - 1), basis: "capacity" });
    }
  }
  if (ctx.need(r, ["manageMasterUserPassword"]) === true) charges.push(monthly("master user password secret that RDS manages in Secrets Manager", "secretsmanager:secret"));

  if (!replicaOf && numberOr(ctx.need(r, ["backupRetentionPeriod"]), 1) > 0) {
    const writers = ctx.ofTypes(RDS_INSTANCE).filter((i) => i.read(["replicateSourceDb"]) === undefined);
    charges.push(usageCharge(`backup storage beyond the free allowance, ${portion(writers.length)} rdsBackupGiB`, "rds:backup-storage", share(ctx.usage("rdsBackupGiB"), writers.length)));
  }
  return charges;
}

/** The vCPUs of the instances the proxy's targets point at: RDS Proxy is billed on them. */
function rdsProxy(r: CostResource, ctx: RuleContext): Charge[] {
  const instances = ctx.feeding(r, PROXY_TARGET, "dbProxyName").flatMap((target) => ctx.from(target, "dbInstanceIdentifier"));
  const vcpus = instances.reduce((sum, instance) => sum + (vcpusOf(String(ctx.need(instance, ["instanceClass"]))) ?? 0), 0);
  const billed = Math.max(vcpus, PROXY_MINIMUM_VCPUS);
  return [hourly(`${billed} vCPUs of the target instance${instances.length === 1 ? "" : "s"}${vcpus < PROXY_MINIMUM_VCPUS ? " (the 2-vCPU minimum)" : ""}`, "rds:proxy", billed)];
}

function drBackups(_r: CostResource, ctx: RuleContext): Charge[] {
  return [
    usageCharge("replicated backups held in the DR region, at this region's backup price (usage file: drBackupGiB)", "rds:backup-storage", ctx.usage("drBackupGiB")),
    usageCharge("backup data copied to the DR region (usage file: drBackupTransferGiB)", "data-transfer:inter-region", ctx.usage("drBackupTransferGiB")),
  ];
}

function replicationGroup(r: CostResource, ctx: RuleContext): Charge[] {
  const nodeType = String(ctx.need(r, ["nodeType"]));
  const engine = String(ctx.need(r, ["engine"]) ?? "redis");
  const shards = numberOr(ctx.need(r, ["numNodeGroups"]), 1);
  const perShard = ctx.need(r, ["replicasPerNodeGroup"]);
  const nodes = perShard !== undefined ? shards * (numberOr(perShard, 0) + 1) : numberOr(ctx.need(r, ["numCacheClusters"]), 1);
  const charges: Charge[] = [hourly(`${nodes} × ${nodeType} node hours (${engine})`, `elasticache:${engine}:${nodeType}`, nodes)];
  if (numberOr(ctx.need(r, ["snapshotRetentionLimit"]), 0) > 0) {
    const groups = ctx.ofTypes("aws:elasticache/replicationGroup:ReplicationGroup").length;
    charges.push(usageCharge(`snapshot storage beyond the free allowance, ${portion(groups)} cacheSnapshotGiB`, "elasticache:backup-storage", share(ctx.usage("cacheSnapshotGiB"), groups)));
  }
  return charges;
}

export const DATA_RULES: Readonly<Record<string, PricingRule>> = {
  [RDS_INSTANCE]: { charges: rdsInstance },
  "aws:rds/proxy:Proxy": { charges: rdsProxy },
  "aws:rds/instanceAutomatedBackupsReplication:InstanceAutomatedBackupsReplication": { charges: drBackups },
  "aws:elasticache/replicationGroup:ReplicationGroup": { charges: replicationGroup },
  [PROXY_TARGET]: { free: "billed on the proxy" },
  "aws:rds/proxyDefaultTargetGroup:ProxyDefaultTargetGroup": { free: "billed on the proxy" },
  "aws:rds/subnetGroup:SubnetGroup": { free: "no charge" },
  "aws:rds/parameterGroup:ParameterGroup": { free: "no charge" },
  "aws:elasticache/subnetGroup:SubnetGroup": { free: "no charge" },
  "aws:elasticache/parameterGroup:ParameterGroup": { free: "no charge" },
};
