/**
 * EKS capacity that follows the pods: Karpenter's and EKS Auto Mode's node
 * pools priced as the nodes the pods scheduled on them need (`node-packing.ts`),
 * the control plane, and what Karpenter's interruption handling adds.
 */
import type { Json } from "../types";
import { ADDON_DAEMONSETS, daemonSetOverhead, memoryMiB, NODE_POOL_LABEL, PodGroup, podGroups, Taint, tolerates } from "./kubernetes-workloads";
import { CapacityType, choosePoolCapacity, PoolLimits, PoolRequirements } from "./node-packing";
import { countOf, hourly, numberOr, portion, PricingRule, RuleContext, share, usageCharge } from "./rule";
import { quantityGiB } from "./rules-compute";
import type { Charge, CostResource } from "./types";

const NODE_POOL = "kubernetes:karpenter.sh/v1:NodePool";
const KARPENTER_NODE_CLASS = "kubernetes:karpenter.k8s.aws/v1:EC2NodeClass";
const AUTO_MODE_NODE_CLASS = "kubernetes:eks.amazonaws.com/v1:NodeClass";
const CLUSTER = "aws:eks/cluster:Cluster";
const NODE_GROUP = "aws:eks/nodeGroup:NodeGroup";
const SUBNET = "aws:ec2/subnet:Subnet";
const QUEUE = "aws:sqs/queue:Queue";
/** The group of Auto Mode's node classes; Karpenter's is `karpenter.k8s.aws`. */
const AUTO_MODE_GROUP = "eks.amazonaws.com";
/** Root volume of a Karpenter node whose EC2NodeClass maps none: the AL2023 AMI's 20 GiB gp3 (Karpenter's default block device mappings). */
const KARPENTER_DEFAULT_ROOT_GIB = 20;
/** Ephemeral storage of an Auto Mode node whose NodeClass sets none (EKS user guide, create-node-class.adoc: `size: "80Gi"`). */
const AUTO_MODE_DEFAULT_STORAGE_GIB = 80;
/**
 * Auto Mode's built-in pools (EKS user guide, set-builtin-node-pools.adoc):
 * on-demand C, M and R instances of generation 5 or newer; `general-purpose`
 * amd64 only, `system` both architectures with the CriticalAddonsOnly taint.
 */
const BUILT_IN_POOLS: Readonly<Record<string, { architectures: PoolRequirements["architectures"]; taints: Taint[] }>> = {
  "general-purpose": { architectures: ["amd64"], taints: [] },
  system: { architectures: ["amd64", "arm64"], taints: [{ key: "CriticalAddonsOnly", effect: "NoSchedule" }] },
};

interface Pool {
  readonly name: string;
  readonly taints: readonly Taint[];
  readonly requirements: PoolRequirements;
  readonly limits: PoolLimits;
  readonly autoMode: boolean;
  readonly diskGiB: number;
  readonly zones: number;
  /** Requirements the estimate does not model (an instance family list, say), named in the line. */
  readonly unmodelled: readonly string[];
}

const strings = (ctx: RuleContext, r: CostResource, path: readonly string[]): string[] => Array.from({ length: countOf(ctx.need(r, path)) }, (_, i) => String(ctx.need(r, [...path, String(i)])));

/** Zones of the stack's subnets that carry every tag of one of the terms. */
function zonesOfSelector(ctx: RuleContext, owner: CostResource, terms: readonly string[]): number {
  const subnets = ctx.ofTypes(SUBNET);
  const zones = new Set<Json>();
  for (let i = 0; i < countOf(ctx.need(owner, terms)); i++) {
    const tags = ctx.need(owner, [...terms, String(i), "tags"]);
    const keys = tags && typeof tags === "object" ? Object.keys(tags) : [];
    if (keys.length === 0) continue;
    for (const s of subnets.filter((s) => keys.every((k) => ctx.need(s, ["tags", k]) === ctx.need(owner, [...terms, String(i), "tags", k])))) zones.add(ctx.need(s, ["availabilityZone"]));
  }
  return Math.max(zones.size, 1);
}

/** Zones of the subnets a cluster was created in: where Auto Mode's default NodeClass puts nodes. */
function zonesOfCluster(ctx: RuleContext, cluster: CostResource): number {
  const subnets = ctx.from(cluster, "vpcConfig").filter((s) => s.type === SUBNET);
  return Math.max(new Set(subnets.map((s) => ctx.need(s, ["availabilityZone"]))).size, 1);
}

/** A declared NodePool: its requirements and limits (Karpenter v1 defaults: on-demand, amd64), taints, and its node class's disk and zones. */
function declaredPool(r: CostResource, ctx: RuleContext): Pool {
  const spec = ["spec", "template", "spec"];
  const requirements: Record<string, { operator: string; values: string[] }> = {};
  for (let i = 0; i < countOf(ctx.need(r, [...spec, "requirements"])); i++) {
    const at = [...spec, "requirements", String(i)];
    requirements[String(ctx.need(r, [...at, "key"]))] = { operator: String(ctx.need(r, [...at, "operator"])), values: strings(ctx, r, [...at, "values"]) };
  }
  const label = (suffix: string) => Object.keys(requirements).find((k) => k.endsWith(`/${suffix}`) && (k.startsWith("karpenter.k8s.aws/") || k.startsWith("eks.amazonaws.com/")));
  const take = (key: string | undefined) => {
    const found = key !== undefined ? requirements[key] : undefined;
    if (key !== undefined) delete requirements[key];
    return found;
  };
  const inValues = (key: string | undefined, fallback: string[]) => {
    const found = take(key);
    return found?.operator === "In" ? found.values : fallback;
  };
  const above = (key: string | undefined, fallback: number) => {
    const found = take(key);
    return found?.operator === "Gt" ? Number(found.values[0]) + 1 : fallback;
  };
  const req: PoolRequirements = {
    capacityTypes: inValues("karpenter.sh/capacity-type", ["on-demand"]) as CapacityType[],
    architectures: inValues("kubernetes.io/arch", ["amd64"]) as PoolRequirements["architectures"],
    categories: inValues(label("instance-category"), ["c", "m", "r"]),
    minGeneration: above(label("instance-generation"), 0),
    minVcpus: above(label("instance-cpu"), 0),
  };
  const hypervisor = take(label("instance-hypervisor"));
  const unmodelled = [...Object.keys(requirements), ...(hypervisor && !(hypervisor.operator === "In" && hypervisor.values.includes("nitro")) ? ["instance-hypervisor"] : [])];
  const ref = [...spec, "nodeClassRef"];
  const autoMode = ctx.need(r, [...ref, "group"]) === AUTO_MODE_GROUP;
  const nodeClass = ctx
    .ofTypes(autoMode ? AUTO_MODE_NODE_CLASS : KARPENTER_NODE_CLASS)
    .find((c) => ctx.need(c, ["metadata", "name"]) === ctx.need(r, [...ref, "name"]));
  const cpuLimit = ctx.need(r, ["spec", "limits", "cpu"]);
  const memoryLimit = ctx.need(r, ["spec", "limits", "memory"]);
  return {
    name: String(ctx.need(r, ["metadata", "name"])),
    taints: Array.from({ length: countOf(ctx.need(r, [...spec, "taints"])) }, (_, i) => ({
      key: String(ctx.need(r, [...spec, "taints", String(i), "key"])),
      value: ctx.need(r, [...spec, "taints", String(i), "value"]) as string | undefined,
      effect: String(ctx.need(r, [...spec, "taints", String(i), "effect"])),
    })),
    requirements: req,
    limits: { ...(cpuLimit !== undefined ? { cpu: numberOr(cpuLimit, Infinity) } : {}), ...(memoryLimit !== undefined ? { memoryMiB: memoryMiB(memoryLimit) } : {}) },
    autoMode,
    diskGiB: nodeClass ? nodeClassDisk(nodeClass, ctx, autoMode) : autoMode ? AUTO_MODE_DEFAULT_STORAGE_GIB : KARPENTER_DEFAULT_ROOT_GIB,
    zones: nodeClass ? zonesOfSelector(ctx, nodeClass, ["spec", "subnetSelectorTerms"]) : 1,
    unmodelled,
  };
}

/** GiB of EBS each node of the class gets: every mapped volume (Karpenter), or the ephemeral storage (Auto Mode). */
function nodeClassDisk(nodeClass: CostResource, ctx: RuleContext, autoMode: boolean): number {
  if (autoMode) return quantityGiB(String(ctx.need(nodeClass, ["spec", "ephemeralStorage", "size"]) ?? "")) ?? AUTO_MODE_DEFAULT_STORAGE_GIB;
  const mappings = ["spec", "blockDeviceMappings"];
  const sizes = Array.from({ length: countOf(ctx.need(nodeClass, mappings)) }, (_, i) => quantityGiB(String(ctx.need(nodeClass, [...mappings, String(i), "ebs", "volumeSize"]) ?? "")) ?? 0);
  return sizes.length > 0 ? sizes.reduce((a, b) => a + b, 0) : KARPENTER_DEFAULT_ROOT_GIB;
}

/** Auto Mode's built-in pools a cluster enables in its computeConfig. */
function builtInPools(cluster: CostResource, ctx: RuleContext): Pool[] {
  if (ctx.need(cluster, ["computeConfig", "enabled"]) !== true) return [];
  return strings(ctx, cluster, ["computeConfig", "nodePools"])
    .filter((name) => BUILT_IN_POOLS[name])
    .map((name) => ({
      name,
      taints: BUILT_IN_POOLS[name].taints,
      requirements: { capacityTypes: ["on-demand"], architectures: BUILT_IN_POOLS[name].architectures, categories: ["c", "m", "r"], minGeneration: 5, minVcpus: 0 },
      limits: {},
      autoMode: true,
      diskGiB: AUTO_MODE_DEFAULT_STORAGE_GIB,
      zones: zonesOfCluster(ctx, cluster),
      unmodelled: [],
    }));
}

/**
 * The pod groups that run on `pool`: those that select it by name, and
 * those that select no pool and tolerate its taints when it is the first
 * such pool by name (declared pools first, then Auto Mode's built-in ones).
 * Pods that select no pool run on a managed node group instead when one has
 * no taints, so no pool counts them.
 */
function podsOn(pool: Pool, ctx: RuleContext): PodGroup[] {
  const pools = [
    ...ctx
      .ofTypes(NODE_POOL)
      .map((r) => declaredPool(r, ctx))
      .sort((a, b) => a.name.localeCompare(b.name)),
    ...ctx.ofTypes(CLUSTER).flatMap((c) => builtInPools(c, ctx)),
  ];
  const untaintedNodeGroup = ctx.ofTypes(NODE_GROUP).some((g) => countOf(ctx.need(g, ["taints"])) === 0);
  return podGroups(ctx).filter((g) => {
    if (g.pool !== undefined) return g.pool === pool.name;
    if (untaintedNodeGroup) return false;
    return pools.find((p) => tolerates(g.tolerations, p.taints))?.name === pool.name;
  });
}

function describePods(groups: readonly PodGroup[], count: (g: PodGroup) => number): string {
  return groups.map((g) => `${count(g)} ${g.label}`).join(", ");
}

/** The nodes a pool needs for its pods, their volumes and, on Auto Mode, the management fee. */
function poolCharges(pool: Pool, ctx: RuleContext, label: string): Charge[] {
  const groups = podsOn(pool, ctx);
  if (groups.every((g) => g.pods === 0 && g.maxPods === 0)) return [];
  const daemonSets = daemonSetOverhead(ctx);
  const feeMeter = pool.autoMode ? (type: string) => `eks:auto-mode:${type}` : undefined;
  const choice = choosePoolCapacity(groups, ctx.prices, pool.requirements, pool.limits, { daemonSets, feeMeter }, pool.zones, () => ctx.usage("spotDiscountPercent"));
  const pods = groups.reduce((s, g) => s + g.pods, 0);
  if (!choice) return [hourly(`${label}nodes for ${pods} pods (${describePods(groups, (g) => g.pods)}): no instance type the price table carries meets the pool's requirements and holds the largest pod`, "ec2:no-allowed-type")];
  const { shape, nodes, maxNodes } = choice;
  const spot = choice.capacityType === "spot";
  const pending = choice.pendingNodes > 0 ? `; ${choice.pendingNodes} more would be needed, beyond the pool's limits, so pods stay Pending` : "";
  const unmodelled = pool.unmodelled.length > 0 ? `; requirements on ${pool.unmodelled.join(", ")} not modelled` : "";
  const discount = spot ? { discount: { percent: ctx.usage("spotDiscountPercent"), assumption: "spotDiscountPercent" } } : {};
  const charges: Charge[] = [
    {
      ...hourly(
        `${label}${nodes} × ${shape.name} ${spot ? "Spot" : "on-demand"} node hours (up to ${maxNodes}) for ${pods} pods in ${pool.zones} AZ${pool.zones === 1 ? "" : "s"}: ${describePods(groups, (g) => g.pods)}${pending}${unmodelled}`,
        `ec2:${shape.name}`,
        nodes,
        maxNodes,
      ),
      ...discount,
    },
    { item: `${label}${nodes} × ${pool.diskGiB} GB gp3 node volume${nodes === 1 ? "" : "s"}`, meter: "ebs:gp3", quantity: nodes * pool.diskGiB, ...(maxNodes !== nodes ? { maxQuantity: maxNodes * pool.diskGiB } : {}), basis: "capacity" },
  ];
  if (feeMeter) charges.push(hourly(`${label}EKS Auto Mode management fee for ${nodes} × ${shape.name} (up to ${maxNodes})`, feeMeter(shape.name), nodes, maxNodes));
  recordAssumptions(ctx, daemonSets, pool.autoMode);
  return charges;
}

function recordAssumptions(ctx: RuleContext, daemonSets: ReturnType<typeof daemonSetOverhead>, autoMode: boolean): void {
  ctx.assume(
    "nodePoolPods",
    "declared requests",
    "",
    `A node pool runs the pods that select it (${NODE_POOL_LABEL}) or, selecting none, tolerate its taints (the first such pool by name, declared pools before Auto Mode's built-in ones): Deployments and StatefulSets at their autoscaler's minReplicas (maxReplicas for the range), and Helm values blocks that declare replicas beside resources.requests (kube-prometheus-stack's Prometheus and Alertmanager, the load balancer controller). Pods a chart or add-on runs without such a declaration (Grafana, the Prometheus operator, kube-state-metrics, CoreDNS, the EBS CSI controller, the CloudWatch agent operator) are not counted, nor a rolling update's surge.`,
  );
  ctx.assume(
    "nodePoolPacking",
    "cheapest allowed type, first fit",
    "",
    "Each pool is priced as nodes of one instance type: the cheapest its requirements allow among the price table's c, m and r types of generations 5 to 7 (large to 2xlarge), Spot where the pool allows it (Karpenter prefers Spot then). Pods are packed first-fit by their requests; pods with a zone spread constraint (ScheduleAnyway too: Karpenter honours it while it can) or zone anti-affinity go to the pool's zones in turn. Karpenter may mix sizes; its consolidation lands near this. Nodes beyond the pool's CPU or memory limits (counted at each node's full size) are not priced: their pods would stay Pending.",
  );
  ctx.assume(
    "nodeReservation",
    "Karpenter's formula",
    "",
    "Per node, Kubernetes keeps CPU of 6% of the first core, 1% of the second, 0.5% of the next two and 0.25% of the rest; memory of 11 MiB per ENI-limited pod plus 255 MiB, the 100 MiB eviction threshold, and 7.5% of the nominal memory for the hypervisor (aws/karpenter-provider-aws pkg/providers/instancetype/types.go, vmMemoryOverheadPercent).",
  );
  ctx.assume(
    "daemonSetsPerNode",
    `${daemonSets.cpuMillicores}m CPU, ${daemonSets.memoryMiB} MiB, ${daemonSets.pods} pods`,
    "per node",
    daemonSets.from.length > 0
      ? `The daemonsets of ${daemonSets.from.join(", ")}, at their charts' default requests: ${daemonSets.from.map((a) => `${a}: ${ADDON_DAEMONSETS[a]?.source ?? "a declared DaemonSet"}`).join("; ")}.`
      : "No add-on or declared DaemonSet requests anything on the nodes.",
  );
  if (autoMode) {
    ctx.assume(
      "autoModeFee",
      "per node hour by instance type",
      "",
      "EKS Auto Mode adds a management fee for every node it launches, by instance type and on top of the EC2 price (aws.amazon.com/eks/pricing; the price table's eks:auto-mode rows, about 12% of the on-demand price). It is charged in full on Spot nodes and is not covered by Savings Plans. Nodes get the NodeClass's ephemeral storage as gp3 (80 GiB for the built-in pools' default NodeClass).",
    );
  }
}

/** The control plane, and on Auto Mode the nodes of its built-in pools. */
function cluster(r: CostResource, ctx: RuleContext): Charge[] {
  return [hourly("EKS control plane hours (standard support)", "eks:cluster"), ...builtInPools(r, ctx).flatMap((pool) => poolCharges(pool, ctx, `built-in ${pool.name} pool: `))];
}

/** Karpenter's interruption queue: requests at the stated volume (the controller's long polls and the few event messages). */
function queue(_r: CostResource, ctx: RuleContext): Charge[] {
  const queues = ctx.ofTypes(QUEUE).length;
  return [usageCharge(`requests, ${portion(queues)} sqsRequestsMillions`, "sqs:requests", share(ctx.usage("sqsRequestsMillions"), queues))];
}

const NODE_CLASS = "its nodes and their volumes are billed on the node pools that use it";

export const EKS_RULES: Readonly<Record<string, PricingRule>> = {
  [CLUSTER]: { charges: cluster },
  [NODE_POOL]: { charges: (r, ctx) => poolCharges(declaredPool(r, ctx), ctx, "") },
  [KARPENTER_NODE_CLASS]: { free: NODE_CLASS },
  [AUTO_MODE_NODE_CLASS]: { free: NODE_CLASS },
  [QUEUE]: { charges: queue },
  "aws:sqs/queuePolicy:QueuePolicy": { free: "no charge" },
  // EventBridge pricing (aws.amazon.com/eventbridge/pricing): AWS management events are ingested free, and
  // delivery to a target in the same account costs nothing; rules themselves are not billed.
  "aws:cloudwatch/eventRule:EventRule": { free: "rules are not billed; the AWS service events they match are delivered free (EventBridge pricing)" },
  "aws:cloudwatch/eventTarget:EventTarget": { free: "delivery of AWS service events to a target in the same account is free (EventBridge pricing)" },
};
