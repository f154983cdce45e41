/**
 * The app's node pool as Karpenter's `karpenter.sh/v1` NodePool, which both
 * self-managed Karpenter and EKS Auto Mode read; only the instance label
 * prefix and the node class it references differ between the two.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { ArgProblem, isIntegerBetween } from "../internal/validation";

export const NODE_CAPACITY_TYPES = ["on-demand", "spot"] as const;
export type NodeCapacityType = (typeof NODE_CAPACITY_TYPES)[number];
export const NODE_ARCHITECTURES = ["amd64", "arm64"] as const;
export type NodeArchitecture = (typeof NODE_ARCHITECTURES)[number];
/**
 * Instance categories the pool may use: general purpose, compute and memory
 * optimised. Their Nitro generations all have the trunk ENI that security
 * groups for pods need; burstable `t` types do not.
 */
export const NODE_INSTANCE_CATEGORIES = ["c", "m", "r"] as const;
export type NodeInstanceCategory = (typeof NODE_INSTANCE_CATEGORIES)[number];

/** Fewest vCPUs of a pool's node; bounds how many nodes a pool's CPU limit allows. */
export const MIN_NODE_VCPUS = 2;

/** Name of the pool (and its node class) that runs the app; the app's pods select it. */
export const APP_NODE_POOL = "app";
/** Label Karpenter and Auto Mode put on every node they launch, with the pool's name. */
export const NODE_POOL_LABEL = "karpenter.sh/nodepool";

export interface NodePoolArgs {
  /** Purchase options Karpenter may pick from, cheapest first. @default ["on-demand"] */
  readonly capacityTypes?: readonly NodeCapacityType[];
  /** CPU architectures; arm64 (Graviton) needs multi-arch images. @default ["amd64"] */
  readonly architectures?: readonly NodeArchitecture[];
  /** Instance categories. @default ["c", "m", "r"] */
  readonly instanceCategories?: readonly NodeInstanceCategory[];
  /** Oldest instance generation allowed (6 = m6i, c6g, ...). @default 6 */
  readonly minInstanceGeneration?: number;
  /** Most vCPUs of all the pool's nodes together: a cost ceiling. */
  readonly cpuLimit: number;
  /** Most memory of all the pool's nodes together, GiB. */
  readonly memoryLimitGiB: number;
  /** How long a node must be empty or underused before it is consolidated away, in seconds. @default 60 */
  readonly consolidateAfterSeconds?: number;
  /** Nodes are replaced after this many hours, so they pick up new AMIs. @default 504 (21 days, the most EKS Auto Mode allows) */
  readonly expireAfterHours?: number;
  /** Root (Karpenter) or ephemeral (Auto Mode) volume of each node, GiB, encrypted with the node volume key. @default 50 */
  readonly diskSizeGiB?: number;
  /** Share of the pool's nodes consolidation may disrupt at once. @default 10 */
  readonly disruptionBudgetPercent?: number;
}

export type ResolvedNodePool = Required<NodePoolArgs>;

export const NODE_POOL_DEFAULTS = {
  capacityTypes: ["on-demand"],
  architectures: ["amd64"],
  instanceCategories: ["c", "m", "r"],
  minInstanceGeneration: 6,
  consolidateAfterSeconds: 60,
  expireAfterHours: 504,
  diskSizeGiB: 50,
  disruptionBudgetPercent: 10,
} as const satisfies Partial<NodePoolArgs>;

export function resolveNodePool(args: NodePoolArgs): ResolvedNodePool {
  return {
    capacityTypes: args.capacityTypes ?? NODE_POOL_DEFAULTS.capacityTypes,
    architectures: args.architectures ?? NODE_POOL_DEFAULTS.architectures,
    instanceCategories: args.instanceCategories ?? NODE_POOL_DEFAULTS.instanceCategories,
    minInstanceGeneration: args.minInstanceGeneration ?? NODE_POOL_DEFAULTS.minInstanceGeneration,
    cpuLimit: args.cpuLimit,
    memoryLimitGiB: args.memoryLimitGiB,
    consolidateAfterSeconds: args.consolidateAfterSeconds ?? NODE_POOL_DEFAULTS.consolidateAfterSeconds,
    expireAfterHours: args.expireAfterHours ?? NODE_POOL_DEFAULTS.expireAfterHours,
    diskSizeGiB: args.diskSizeGiB ?? NODE_POOL_DEFAULTS.diskSizeGiB,
    disruptionBudgetPercent: args.disruptionBudgetPercent ?? NODE_POOL_DEFAULTS.disruptionBudgetPercent,
  };
}

/**
 * The longest a node may live, hours: EKS Auto Mode replaces its nodes after
 * 21 days at most ("nodes launched by EKS Auto Mode have a maximum lifetime of
 * 21 days (which you can reduce)", EKS user guide, automode.adoc); for
 * self-managed Karpenter we keep nodes no longer than 90 days.
 */
export const MAX_NODE_LIFETIME_HOURS: Record<NodePoolFlavour, number> = { autoMode: 21 * 24, karpenter: 90 * 24 };

/** Every problem with the pool, each naming its field; the lifetime limit depends on who runs the pool. */
export function nodePoolArgProblems(flavour: NodePoolFlavour, pool: ResolvedNodePool): ArgProblem[] {
  const problems: ArgProblem[] = [];
  const check = (ok: boolean, argument: string, value: unknown, allowed: string) => {
    if (!ok) problems.push({ argument, value, allowed });
  };
  const oneOrMore = (argument: keyof ResolvedNodePool, values: readonly string[], allowed: readonly string[]) => {
    check(values.length > 0 && new Set(values).size === values.length, argument, values, `one or more distinct values of ${allowed.join(", ")}`);
    for (const value of values) check(allowed.includes(value), argument, value, allowed.join(" | "));
  };
  oneOrMore("capacityTypes", pool.capacityTypes, NODE_CAPACITY_TYPES);
  oneOrMore("architectures", pool.architectures, NODE_ARCHITECTURES);
  oneOrMore("instanceCategories", pool.instanceCategories, NODE_INSTANCE_CATEGORIES);
  // EKS Auto Mode's own pools "require generation 5 or newer EC2 instances" (EKS user guide, set-builtin-node-pools.adoc).
  check(isIntegerBetween(pool.minInstanceGeneration, 5, 8), "minInstanceGeneration", pool.minInstanceGeneration, "an integer from 5 to 8");
  check(isIntegerBetween(pool.cpuLimit, 2, 100_000), "cpuLimit", pool.cpuLimit, "an integer from 2 to 100000 vCPUs");
  check(isIntegerBetween(pool.memoryLimitGiB, 4, 1_000_000), "memoryLimitGiB", pool.memoryLimitGiB, "an integer from 4 to 1000000 GiB");
  check(isIntegerBetween(pool.consolidateAfterSeconds, 0, 3600), "consolidateAfterSeconds", pool.consolidateAfterSeconds, "an integer from 0 to 3600");
  const lifetime = MAX_NODE_LIFETIME_HOURS[flavour];
  check(isIntegerBetween(pool.expireAfterHours, 1, lifetime), "expireAfterHours", pool.expireAfterHours, `an integer from 1 to ${lifetime} with ${flavour}`);
  check(isIntegerBetween(pool.diskSizeGiB, 20, 16384), "diskSizeGiB", pool.diskSizeGiB, "an integer from 20 to 16384");
  check(isIntegerBetween(pool.disruptionBudgetPercent, 1, 100), "disruptionBudgetPercent", pool.disruptionBudgetPercent, "an integer from 1 to 100");
  return problems;
}

/** Where the instance labels and the node class live: self-managed Karpenter or EKS Auto Mode. */
export type NodePoolFlavour = "karpenter" | "autoMode";

const FLAVOURS: Record<NodePoolFlavour, { labelPrefix: string; nodeClass: { group: string; kind: string } }> = {
  // Karpenter's well-known labels and EC2NodeClass (website/content/en/v1.14/concepts/nodepools.md, nodeclasses.md).
  karpenter: { labelPrefix: "karpenter.k8s.aws", nodeClass: { group: "karpenter.k8s.aws", kind: "EC2NodeClass" } },
  // EKS Auto Mode's labels and NodeClass (EKS user guide, "Create a Node Pool for EKS Auto Mode").
  autoMode: { labelPrefix: "eks.amazonaws.com", nodeClass: { group: "eks.amazonaws.com", kind: "NodeClass" } },
};

export interface NodeTaint {
  readonly key: string;
  readonly value: string;
  readonly effect: "NoSchedule" | "NoExecute" | "PreferNoSchedule";
}

/**
 * The NodePool spec: the allowed instances, a taint when only tolerating pods
 * may use the pool, CPU and memory limits, and consolidation of empty or
 * underused nodes with a disruption budget.
 */
export function nodePoolSpec(flavour: NodePoolFlavour, pool: ResolvedNodePool, nodeClassName: string, taints: readonly NodeTaint[] = []) {
  const { labelPrefix, nodeClass } = FLAVOURS[flavour];
  const sorted = (values: readonly string[]) => [...values].sort();
  return {
    template: {
      metadata: { labels: { "platform/node-pool": nodeClassName } },
      spec: {
        nodeClassRef: { ...nodeClass, name: nodeClassName },
        requirements: [
          { key: "karpenter.sh/capacity-type", operator: "In", values: sorted(pool.capacityTypes) },
          { key: "kubernetes.io/arch", operator: "In", values: sorted(pool.architectures) },
          { key: `${labelPrefix}/instance-category`, operator: "In", values: sorted(pool.instanceCategories) },
          { key: `${labelPrefix}/instance-generation`, operator: "Gt", values: [String(pool.minInstanceGeneration - 1)] },
          { key: `${labelPrefix}/instance-hypervisor`, operator: "In", values: ["nitro"] },
          // At least two vCPUs per node, so the daemonsets do not eat most of a node (and the address estimate holds).
          { key: `${labelPrefix}/instance-cpu`, operator: "Gt", values: [String(MIN_NODE_VCPUS - 1)] },
        ],
        ...(taints.length > 0 ? { taints: taints.map((t) => ({ ...t })) } : {}),
        expireAfter: `${pool.expireAfterHours}h`,
      },
    },
    limits: { cpu: String(pool.cpuLimit), memory: `${pool.memoryLimitGiB}Gi` },
    disruption: {
      consolidationPolicy: "WhenEmptyOrUnderutilized",
      consolidateAfter: `${pool.consolidateAfterSeconds}s`,
      budgets: [{ nodes: `${pool.disruptionBudgetPercent}%` }],
    },
  };
}

/** The `app` NodePool custom resource, named `<name>-app-node-pool`, after its node class. */
export function createAppNodePool(
  name: string,
  flavour: NodePoolFlavour,
  pool: ResolvedNodePool,
  taints: readonly NodeTaint[],
  opts: pulumi.CustomResourceOptions & { provider: k8s.Provider; dependsOn: pulumi.Resource[] },
): k8s.apiextensions.CustomResource {
  return new k8s.apiextensions.CustomResource(
    `${name}-${APP_NODE_POOL}-node-pool`,
    { apiVersion: "karpenter.sh/v1", kind: "NodePool", metadata: { name: APP_NODE_POOL }, spec: nodePoolSpec(flavour, pool, APP_NODE_POOL, taints) },
    opts,
  );
}

/**
 * Share of a pool's limits the app may plan on. Karpenter counts whole
 * instances against `limits`, but kubelet and system reservations, the
 * daemonsets (CNI, kube-proxy, CloudWatch agent, Fluent Bit, node exporter),
 * bin-packing slack and, with Karpenter, the in-cluster monitoring take part
 * of every node.
 */
export const APP_SHARE_OF_NODE_POOL = 0.7;

export interface AppDemand {
  /** CPU request of one pod, millicores. */
  readonly podCpuMillicores: number;
  /** Memory request of one pod, MiB. */
  readonly podMemoryMiB: number;
  /** Pods per colour at most (the autoscaler's maximum). */
  readonly maxPodsPerColour: number;
  /** Extra pods one colour adds during a rolling update, percent of its count (the Deployment's maxSurge). */
  readonly surgePercent: number;
}

/**
 * The node pool limits both colours need at their maximum, one of them in the
 * middle of a rolling update: `{ cpu: vCPUs, memoryGiB }`, rounded up.
 */
export function requiredNodePoolLimits(d: AppDemand): { cpu: number; memoryGiB: number; pods: number } {
  // Kubernetes rounds a percentage maxSurge up to whole pods.
  const pods = 2 * d.maxPodsPerColour + Math.ceil((d.maxPodsPerColour * d.surgePercent) / 100);
  return {
    pods,
    cpu: Math.ceil((pods * d.podCpuMillicores) / 1000 / APP_SHARE_OF_NODE_POOL),
    memoryGiB: Math.ceil((pods * d.podMemoryMiB) / 1024 / APP_SHARE_OF_NODE_POOL),
  };
}
