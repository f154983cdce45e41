import { cpuUnitsToMillicores, ROLLOUT_MAX_SURGE_PERCENT } from "../../components/eks/app-spec";
import { MIN_NODE_VCPUS, requiredNodePoolLimits } from "../../components/eks/node-pool";
import type { PlatformConfig } from "./index";
import { planConfiguredSubnets } from "./network";

/** Each colour may run twice its maximum while ECS replaces tasks (deployment maximum 200%). */
const DEPLOYMENT_SURGE = 2;
const COLOURS = 2;
/**
 * Addresses per private subnet kept for everything but the app: interface
 * endpoints, RDS Proxy and cache ENIs, load balancer controller webhooks.
 */
const HEADROOM_PER_SUBNET = 16;
/** Addresses an EKS node takes from its subnet: its own plus the VPC CNI's warm ENI of secondary IPs. */
const ADDRESSES_PER_NODE = 15;

/** Most nodes of an EKS cluster: its managed node groups at their maximum, plus as many nodes as the pool's CPU limit allows. */
function eksNodes(config: PlatformConfig): number {
  const eks = config.compute.eks;
  const poolNodes = Math.floor(eks.capacity.nodePool.cpuLimit / MIN_NODE_VCPUS);
  const groups = eks.capacity.mode === "autoMode" ? 0 : Object.values(eks.nodeGroups).reduce((sum, g) => sum + g.maxSize, 0);
  return groups + poolNodes;
}

/**
 * Checks that the private subnets can hold the configured maximum of tasks or
 * pods, which AWS would otherwise only report when a scale-out or deployment
 * fails for lack of IP addresses. Tasks and pods spread evenly over the zones.
 */
export function addressProblems(config: PlatformConfig): string[] {
  const { network, compute } = config;
  const plan = planConfiguredSubnets(network);
  if (!plan.ok) return [];
  const zones = network.availabilityZoneCount;
  const usable = plan.subnets.find((s) => s.tier === "private")!.usableAddresses - HEADROOM_PER_SUBNET;
  const nodes = compute.platform === "eks" ? eksNodes(config) : 0;
  const perColourPeak = COLOURS * DEPLOYMENT_SURGE;
  const needed = Math.ceil((compute.scaling.maxCount * perColourPeak + nodes * ADDRESSES_PER_NODE) / zones);
  if (needed <= usable) return [];
  const most = Math.max(0, Math.floor((usable * zones - nodes * ADDRESSES_PER_NODE) / perColourPeak));
  const what = compute.platform === "eks" ? `pods per colour beside up to ${nodes} nodes` : "tasks per colour";
  return [
    `platform:compute.scaling.maxCount: ${compute.scaling.maxCount} is not allowed (expected at most ${most} ${what}: ` +
      `the private /${plan.prefixLengths.private} subnets in ${zones} zones keep ${usable} addresses each for the app, ` +
      `and both colours may run twice their maximum during a deployment; or enlarge platform:network.subnetPrefixLengths.private)`,
  ];
}

/**
 * On EKS, checks that both colours at `scaling.maxCount`, one of them in the
 * middle of a rolling update, fit under the node pool's CPU and memory limits:
 * otherwise Karpenter or Auto Mode stops adding nodes and the pods stay Pending.
 */
export function nodePoolProblems(config: PlatformConfig): string[] {
  const { compute } = config;
  if (compute.platform !== "eks") return [];
  const pool = compute.eks.capacity.nodePool;
  const needed = requiredNodePoolLimits({
    podCpuMillicores: cpuUnitsToMillicores(compute.cpu),
    podMemoryMiB: compute.memoryMiB,
    maxPodsPerColour: compute.scaling.maxCount,
    surgePercent: ROLLOUT_MAX_SURGE_PERCENT,
  });
  const why = `both colours at platform:compute.scaling.maxCount ${compute.scaling.maxCount} and one rolling update run ${needed.pods} pods of platform:compute.cpu ${compute.cpu} and memoryMiB ${compute.memoryMiB}, and 30% of the pool goes to node overhead and cluster services; or lower scaling.maxCount`;
  const problems: string[] = [];
  if (pool.cpuLimit < needed.cpu) {
    problems.push(`platform:compute.eks.capacity.nodePool.cpuLimit: ${pool.cpuLimit} is not allowed (expected at least ${needed.cpu} vCPUs: ${why})`);
  }
  if (pool.memoryLimitGiB < needed.memoryGiB) {
    problems.push(`platform:compute.eks.capacity.nodePool.memoryLimitGiB: ${pool.memoryLimitGiB} is not allowed (expected at least ${needed.memoryGiB} GiB: ${why})`);
  }
  return problems;
}

/** On EKS, the in-cluster monitoring puts each Prometheus and Alertmanager replica in its own zone, so there must be as many zones. */
export function monitoringPlacementProblems(config: PlatformConfig): string[] {
  const { compute, network } = config;
  if (compute.platform !== "eks" || !compute.eks.monitoring.enabled) return [];
  const zones = network.availabilityZoneCount;
  return (["prometheusReplicas", "alertmanagerReplicas"] as const)
    .filter((key) => compute.eks.monitoring[key] > zones)
    .map(
      (key) =>
        `platform:compute.eks.monitoring.${key}: ${compute.eks.monitoring[key]} is not allowed (expected at most ${zones}, platform:network.availabilityZoneCount: each replica runs in its own zone)`,
    );
}

/** Every capacity rule that spans config sections. */
export function capacityProblems(config: PlatformConfig): string[] {
  return [...addressProblems(config), ...nodePoolProblems(config), ...monitoringPlacementProblems(config)];
}
