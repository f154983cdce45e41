import { peek, UNKNOWN } from "../unknowns";
import type { Json } from "../types";
import type { Charge, CostResource } from "./types";
import { countOf, HOURS_PER_MONTH, hourly, numberOr, portion, PricingRule, RuleContext, share, Undecided, usageCharge } from "./rule";

const SCALING_TARGET = "aws:appautoscaling/target:Target";
const CAPACITY_PROVIDERS = "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders";
/** The instance type EKS launches when a managed node group names none (EKS CreateNodegroup `instanceTypes`). */
const EKS_DEFAULT_INSTANCE_TYPE = "t3.medium";
/** The root volume EKS gives a node group that sets no disk size and no launch template (EKS CreateNodegroup `diskSize`). */
const EKS_DEFAULT_DISK_GIB = 20;
const MIB_PER_GIB = 1024;
const CPU_UNITS_PER_VCPU = 1024;

interface Strategy {
  readonly provider: string;
  readonly base: number;
  readonly weight: number;
}

/**
 * How many of `tasks` run on each capacity provider: the base first on the
 * provider that has one, the rest by weight (ECS capacity provider strategy).
 */
export function splitTasks(tasks: number, strategies: readonly Strategy[]): Record<string, number> {
  const out: Record<string, number> = {};
  let rest = tasks;
  for (const s of strategies) {
    const base = Math.min(s.base, rest);
    out[s.provider] = base;
    rest -= base;
  }
  const weights = strategies.reduce((sum, s) => sum + s.weight, 0);
  for (const s of strategies) out[s.provider] += weights > 0 ? (rest * s.weight) / weights : 0;
  return out;
}

/** The service's own strategy, else its cluster's default; a service with neither runs on on-demand Fargate. */
function strategiesOf(service: CostResource, ctx: RuleContext): Strategy[] {
  const read = (owner: CostResource, key: string): Strategy[] =>
    Array.from({ length: countOf(ctx.need(owner, [key])) }, (_, i) => ({
      provider: String(ctx.need(owner, [key, String(i), "capacityProvider"])),
      base: numberOr(ctx.need(owner, [key, String(i), "base"]), 0),
      weight: numberOr(ctx.need(owner, [key, String(i), "weight"]), 0),
    }));
  const own = read(service, "capacityProviderStrategies");
  if (own.length > 0) return own;
  const cluster = ctx.from(service, "cluster")[0];
  const defaults = cluster ? ctx.feeding(cluster, CAPACITY_PROVIDERS, "clusterName").flatMap((c) => read(c, "defaultCapacityProviderStrategies")) : [];
  return defaults.length > 0 ? defaults : [{ provider: "FARGATE", base: 0, weight: 1 }];
}

/** Fargate tasks at the service's minimum (or desired) count, with the range to its auto scaling maximum. */
function ecsService(r: CostResource, ctx: RuleContext): Charge[] {
  if (ctx.need(r, ["launchType"]) === "EC2" || ctx.need(r, ["launchType"]) === "EXTERNAL") return [];
  const task = ctx.from(r, "taskDefinition")[0];
  if (!task) return [hourly("tasks of a task definition this stack does not declare", "fargate:undeclared-task-definition")];
  const vcpu = numberOr(ctx.need(task, ["cpu"]), 0) / CPU_UNITS_PER_VCPU;
  const gib = numberOr(ctx.need(task, ["memory"]), 0) / MIB_PER_GIB;
  const arch = String(ctx.need(task, ["runtimePlatform", "cpuArchitecture"]) ?? "X86_64").toLowerCase();
  const scaling = ctx.feeding(r, SCALING_TARGET, "resourceId")[0];
  const desired = numberOr(ctx.need(r, ["desiredCount"]), 0);
  const tasks = scaling ? numberOr(ctx.need(scaling, ["minCapacity"]), desired) : desired;
  const maxTasks = scaling ? numberOr(ctx.need(scaling, ["maxCapacity"]), tasks) : tasks;
  const strategies = strategiesOf(r, ctx);
  const atMin = splitTasks(tasks, strategies);
  const atMax = splitTasks(maxTasks, strategies);
  const spot = ctx.usage("spotDiscountPercent");
  const charges: Charge[] = [];
  for (const provider of Object.keys(atMin)) {
    const [n, nMax] = [atMin[provider], atMax[provider]];
    if (n === 0 && nMax === 0) continue;
    const discount = provider === "FARGATE_SPOT" ? { percent: spot, assumption: "spotDiscountPercent" } : undefined;
    const label = `${round(n)} ${provider === "FARGATE_SPOT" ? "Fargate Spot" : "Fargate"} task${n === 1 ? "" : "s"} (up to ${round(nMax)})`;
    for (const [dimension, per, unit] of [["vcpu", vcpu, "vCPU"], ["memory", gib, "GB"]] as const) {
      charges.push({
        item: `${label} × ${per} ${unit}`,
        meter: `fargate:${arch}:${dimension}`,
        quantity: n * per * HOURS_PER_MONTH,
        ...(nMax !== n ? { maxQuantity: nMax * per * HOURS_PER_MONTH } : {}),
        basis: "capacity",
        ...(discount ? { discount } : {}),
      });
    }
  }
  const extraStorage = numberOr(ctx.need(task, ["ephemeralStorage", "sizeInGib"]), 20) - 20;
  if (extraStorage > 0) charges.push({ item: `${extraStorage} GB ephemeral storage beyond the included 20 per task`, meter: "fargate:ephemeral-storage", quantity: tasks * extraStorage * HOURS_PER_MONTH, basis: "capacity" });
  return charges;
}

function round(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(1);
}

function ecsCluster(r: CostResource, ctx: RuleContext): Charge[] {
  const settings = Array.from({ length: countOf(ctx.need(r, ["settings"])) }, (_, i) => [ctx.need(r, ["settings", String(i), "name"]), ctx.need(r, ["settings", String(i), "value"])]);
  const insights = settings.find(([name]) => name === "containerInsights")?.[1];
  if (insights !== "enabled" && insights !== "enhanced") return [];
  const clusters = ctx.ofTypes("aws:ecs/cluster:Cluster").length;
  return [usageCharge(`Container Insights (${insights}) metrics, ${portion(clusters)} containerInsightsMetrics`, "cloudwatch:metric", share(ctx.usage("containerInsightsMetrics"), clusters))];
}

/** Nodes at the desired size (up to the maximum), each with its root volumes; Spot at the stated discount. */
function eksNodeGroup(r: CostResource, ctx: RuleContext): Charge[] {
  const instanceType = String(ctx.need(r, ["instanceTypes", "0"]) ?? EKS_DEFAULT_INSTANCE_TYPE);
  const spot = ctx.need(r, ["capacityType"]) === "SPOT";
  const nodes = numberOr(ctx.need(r, ["scalingConfig", "desiredSize"]), 1);
  const maxNodes = numberOr(ctx.need(r, ["scalingConfig", "maxSize"]), nodes);
  const discount = spot ? { discount: { percent: ctx.usage("spotDiscountPercent"), assumption: "spotDiscountPercent" } } : {};
  const choice = countOf(ctx.need(r, ["instanceTypes"])) > 1 ? ", priced as the first of its instance types" : "";
  const charges: Charge[] = [{ ...hourly(`${nodes} × ${instanceType} ${spot ? "Spot" : "on-demand"} node hours (up to ${maxNodes})${choice}`, `ec2:${instanceType}`, nodes, maxNodes), ...discount }];
  const template = ctx.from(r, "launchTemplate")[0];
  const volumes = template
    ? Array.from({ length: countOf(ctx.need(template, ["blockDeviceMappings"])) }, (_, i) => ({
        gib: numberOr(ctx.need(template, ["blockDeviceMappings", String(i), "ebs", "volumeSize"]), 0),
        type: String(ctx.need(template, ["blockDeviceMappings", String(i), "ebs", "volumeType"]) ?? "gp3"),
      }))
    : [{ gib: numberOr(ctx.need(r, ["diskSize"]), EKS_DEFAULT_DISK_GIB), type: "gp3" }];
  for (const volume of volumes.filter((v) => v.gib > 0)) {
    charges.push({ item: `${nodes} × ${volume.gib} GB ${volume.type} node volume${nodes === 1 ? "" : "s"}`, meter: `ebs:${volume.type}`, quantity: nodes * volume.gib, ...(maxNodes !== nodes ? { maxQuantity: maxNodes * volume.gib } : {}), basis: "capacity" });
  }
  return charges;
}

/** `50Gi` → 50, `100G` → 93.13, `1Ti` → 1024: Kubernetes storage quantities in GiB. */
export function quantityGiB(quantity: string): number | undefined {
  const m = String(quantity).match(/^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|K|M|G|T)?$/);
  if (!m) return undefined;
  const factor: Record<string, number> = { Ki: 1 / 1024 ** 2, Mi: 1 / 1024, Gi: 1, Ti: 1024, K: 1e3 / 1024 ** 3, M: 1e6 / 1024 ** 3, G: 1e9 / 1024 ** 3, T: 1e12 / 1024 ** 3 };
  return Number(m[1]) * (m[2] ? factor[m[2]] : 1 / 1024 ** 3);
}

/**
 * The persistent volumes a chart's values request (`volumeClaimTemplate`
 * blocks, as kube-prometheus-stack's Prometheus and Alertmanager use), priced
 * as gp3 EBS volumes, one per replica: each replica of a StatefulSet gets its
 * own claim from the template, so the nearest `replicas` above the template
 * counts them. Walked with `peek`, so an unknown value elsewhere in the values
 * (a VPC id during a preview) does not stop the estimate.
 */
function helmRelease(r: CostResource, ctx: RuleContext): Charge[] {
  const claims: { path: string; gib: number; replicas: number }[] = [];
  const walk = (node: Json, path: string[], depth: number, replicas: number): void => {
    if (depth > 12 || node === null || typeof node !== "object") return;
    const own = peek(node, "replicas");
    if (own === UNKNOWN) throw new Undecided(r, ["values", ...path, "replicas"]);
    const count = typeof own === "number" ? own : replicas;
    const storage = ["volumeClaimTemplate", "spec", "resources", "requests", "storage"].reduce((n: Json, key) => (n === UNKNOWN ? n : peek(n, key)), node);
    if (storage === UNKNOWN) throw new Undecided(r, ["values", ...path, "volumeClaimTemplate", "spec", "resources", "requests", "storage"]);
    if (typeof storage === "string" && quantityGiB(storage) !== undefined) claims.push({ path: path.join("."), gib: quantityGiB(storage)!, replicas: count });
    for (const key of Object.keys(node)) if (key !== "volumeClaimTemplate") walk(peek(node, key), [...path, key], depth + 1, count);
  };
  walk(ctx.need(r, ["values"]), [], 0, 1);
  return claims.map((c) => ({
    item: `${c.replicas === 1 ? "" : `${c.replicas} × `}${round(c.gib)} GB gp3 persistent volume${c.replicas === 1 ? "" : "s, one per replica"} (${c.path})`,
    meter: "ebs:gp3",
    quantity: c.gib * c.replicas,
    basis: "capacity" as const,
  }));
}

function persistentVolumeClaim(r: CostResource, ctx: RuleContext): Charge[] {
  const gib = quantityGiB(String(ctx.need(r, ["spec", "resources", "requests", "storage"]) ?? ""));
  return gib ? [{ item: `${round(gib)} GB persistent volume, priced as gp3`, meter: "ebs:gp3", quantity: gib, basis: "capacity" }] : [];
}

/** A LoadBalancer Service makes the AWS Load Balancer Controller create a load balancer this estimate does not price. */
function kubernetesService(r: CostResource, ctx: RuleContext): Charge[] {
  return ctx.need(r, ["spec", "type"]) === "LoadBalancer" ? [hourly("load balancer created for a LoadBalancer Service", "elb:network:hours")] : [];
}

function ecrRepository(_r: CostResource, ctx: RuleContext): Charge[] {
  const repositories = ctx.ofTypes("aws:ecr/repository:Repository").length;
  return [usageCharge(`image storage, ${portion(repositories)} ecrStorageGiB`, "ecr:storage", share(ctx.usage("ecrStorageGiB"), repositories))];
}

/**
 * Registry replication: the configuration is free; ECR bills the copies it makes as storage in every
 * destination region and the copied data as inter-region transfer (ECR pricing, "Data transfer").
 */
function ecrReplication(r: CostResource, ctx: RuleContext): Charge[] {
  const destinations = countOf(ctx.need(r, ["replicationConfiguration", "rules", "0", "destinations"]));
  return [
    usageCharge(`replicated image storage in ${destinations} region${destinations === 1 ? "" : "s"} (usage file: ecrReplicaStorageGiB, all of them)`, "ecr:storage", ctx.usage("ecrReplicaStorageGiB")),
    usageCharge("image data copied to the destination regions (usage file: ecrReplicationTransferGiB)", "data-transfer:inter-region", ctx.usage("ecrReplicationTransferGiB")),
  ];
}

const ON_THE_NODES = "runs on the cluster's nodes, which are priced on the node groups and node pools";

export const COMPUTE_RULES: Readonly<Record<string, PricingRule>> = {
  "aws:ecs/service:Service": { charges: ecsService },
  "aws:ecs/cluster:Cluster": { charges: ecsCluster },
  "aws:eks/nodeGroup:NodeGroup": { charges: eksNodeGroup },
  "aws:ecr/repository:Repository": { charges: ecrRepository },
  "aws:ecr/replicationConfiguration:ReplicationConfiguration": { charges: ecrReplication },
  "kubernetes:helm.sh/v3:Release": { charges: helmRelease },
  "kubernetes:core/v1:PersistentVolumeClaim": { charges: persistentVolumeClaim },
  "kubernetes:core/v1:Service": { charges: kubernetesService },
  "aws:ecs/taskDefinition:TaskDefinition": { free: "billed on the service that runs it" },
  [CAPACITY_PROVIDERS]: { free: "no charge" },
  [SCALING_TARGET]: { free: "no charge" },
  "aws:appautoscaling/policy:Policy": { free: "no charge" },
  "aws:ec2/launchTemplate:LaunchTemplate": { free: "its volumes are billed on the node group that launches it" },
  "aws:eks/addon:Addon": { free: ON_THE_NODES },
  "aws:eks/podIdentityAssociation:PodIdentityAssociation": { free: "no charge" },
  "aws:eks/accessEntry:AccessEntry": { free: "no charge" },
  "aws:eks/accessPolicyAssociation:AccessPolicyAssociation": { free: "no charge" },
  "aws:ecr/lifecyclePolicy:LifecyclePolicy": { free: "no charge" },
  "aws:ecr/repositoryPolicy:RepositoryPolicy": { free: "no charge" },
  ...Object.fromEntries(
    [
      "apps/v1:Deployment",
      "apps/v1:StatefulSet",
      "apps/v1:DaemonSet",
      "autoscaling/v2:HorizontalPodAutoscaler",
      "core/v1:ConfigMap",
      "core/v1:LimitRange",
      "core/v1:Namespace",
      "core/v1:ResourceQuota",
      "core/v1:Secret",
      "core/v1:ServiceAccount",
      "elbv2.k8s.aws/v1beta1:TargetGroupBinding",
      "monitoring.coreos.com/v1:PodMonitor",
      "monitoring.coreos.com/v1:ServiceMonitor",
      "monitoring.coreos.com/v1:PrometheusRule",
      "networking.k8s.io/v1:NetworkPolicy",
      "policy/v1:PodDisruptionBudget",
      "rbac.authorization.k8s.io/v1:Role",
      "rbac.authorization.k8s.io/v1:RoleBinding",
      "rbac.authorization.k8s.io/v1:ClusterRole",
      "rbac.authorization.k8s.io/v1:ClusterRoleBinding",
      "storage.k8s.io/v1:StorageClass",
      "vpcresources.k8s.aws/v1beta1:SecurityGroupPolicy",
    ].map((type) => [`kubernetes:${type}`, { free: ON_THE_NODES }]),
  ),
};
