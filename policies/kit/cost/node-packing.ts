/**
 * How many nodes of which instance type a node pool needs for the pods it
 * runs, the way Karpenter (and EKS Auto Mode, which runs Karpenter) decides
 * it: the cheapest instance type the pool's requirements allow, enough nodes
 * of it to hold every pod's requests beside the daemonsets and Kubernetes'
 * own reservation, pods that spread over zones placed zone by zone, and never
 * more nodes than the pool's CPU and memory limits allow.
 *
 * Simplifications, stated in the estimate's assumptions: one instance type
 * for the whole pool (Karpenter may mix sizes), first-fit-decreasing packing
 * (Karpenter's bin-packing and consolidation land close to it), and the
 * instance types the price table carries as the only candidates.
 */
import { allocatable, Architecture, instanceShape, InstanceShape } from "./instance-types";
import type { PodGroup } from "./kubernetes-workloads";
import type { MeterPrice } from "./types";

export type CapacityType = "spot" | "on-demand";

/** What a pool allows, in the terms of its requirements. */
export interface PoolRequirements {
  readonly capacityTypes: readonly CapacityType[];
  readonly architectures: readonly Architecture[];
  readonly categories: readonly string[];
  readonly minGeneration: number;
  readonly minVcpus: number;
}

export interface PoolLimits {
  readonly cpu?: number;
  readonly memoryMiB?: number;
}

/** Per node: what the daemonsets take, and the extra price per instance hour (EKS Auto Mode's fee) by instance type. */
export interface NodeCosts {
  readonly daemonSets: { readonly cpuMillicores: number; readonly memoryMiB: number; readonly pods: number };
  readonly feeMeter?: (instanceType: string) => string;
}

export interface PoolChoice {
  readonly shape: InstanceShape;
  readonly capacityType: CapacityType;
  /** Nodes at the pods' minimum and maximum, within the limits. */
  readonly nodes: number;
  readonly maxNodes: number;
  /** Nodes the pods would need beyond the limits (they stay Pending). */
  readonly pendingNodes: number;
  readonly maxPendingNodes: number;
}

interface Node {
  zone: number;
  cpu: number;
  memory: number;
  pods: number;
  groups: Set<number>;
}

/**
 * Nodes of `shape` the pods need, or undefined when one pod does not fit on
 * an empty node. Pods that spread over zones go to the zones in turn; the
 * others may go to any node.
 */
export function nodesNeeded(groups: readonly PodGroup[], counts: readonly number[], shape: InstanceShape, daemonSets: NodeCosts["daemonSets"], zones: number): number | undefined {
  const room = allocatable(shape);
  const empty = { cpu: room.cpuMillicores - daemonSets.cpuMillicores, memory: room.memoryMiB - daemonSets.memoryMiB, pods: shape.maxPods - daemonSets.pods };
  const size = (g: PodGroup) => Math.max(g.cpuMillicores / empty.cpu, g.memoryMiB / empty.memory);
  const order = groups.map((_, i) => i).sort((a, b) => size(groups[b]) - size(groups[a]) || a - b);
  const nodes: Node[] = [];
  // Largest pods first, each onto a node that is already there if one has room (Karpenter fills the nodes it
  // is launching before it launches another): the one with the most room left, as the scheduler's
  // least-allocated scoring picks. A spreading pod may only go to a zone holding the fewest of its group
  // (a skew of one); a new node goes to the allowed zone with the fewest nodes.
  const free = (n: Node) => (n.cpu / empty.cpu + n.memory / empty.memory) / 2;
  for (const group of order) {
    const g = groups[group];
    if (counts[group] > 0 && (g.cpuMillicores > empty.cpu || g.memoryMiB > empty.memory || empty.pods < 1)) return undefined;
    const inZone = Array.from({ length: zones }, () => 0);
    for (let i = 0; i < counts[group]; i++) {
      const fewest = Math.min(...inZone);
      const allowed = (zone: number) => !g.spread || inZone[zone] === fewest;
      const fits = (n: Node) => allowed(n.zone) && n.cpu >= g.cpuMillicores && n.memory >= g.memoryMiB && n.pods >= 1 && !(g.onePerNode && n.groups.has(group));
      let node = nodes.filter(fits).sort((a, b) => free(b) - free(a))[0];
      if (!node) {
        const perZone = inZone.map((_, z) => (allowed(z) ? nodes.filter((n) => n.zone === z).length : Infinity));
        node = { zone: perZone.indexOf(Math.min(...perZone)), ...empty, groups: new Set() };
        nodes.push(node);
      }
      node.cpu -= g.cpuMillicores;
      node.memory -= g.memoryMiB;
      node.pods -= 1;
      node.groups.add(group);
      inZone[node.zone] += 1;
    }
  }
  return nodes.length;
}

/** The instance types of the price table a pool's requirements allow. */
export function candidateShapes(prices: Readonly<Record<string, MeterPrice>>, req: PoolRequirements): InstanceShape[] {
  return Object.keys(prices)
    .filter((meter) => meter.startsWith("ec2:"))
    .map((meter) => instanceShape(meter.slice("ec2:".length)))
    .filter((s): s is InstanceShape => !!s)
    .filter((s) => req.architectures.includes(s.architecture) && req.categories.includes(s.category) && s.generation >= req.minGeneration && s.vcpus >= req.minVcpus);
}

/** Most nodes of `shape` the limits allow (Karpenter counts each node's full size against them). */
function nodeCap(shape: InstanceShape, limits: PoolLimits): number {
  return Math.min(limits.cpu !== undefined ? Math.floor(limits.cpu / shape.vcpus) : Infinity, limits.memoryMiB !== undefined ? Math.floor(limits.memoryMiB / shape.memoryMiB) : Infinity);
}

/**
 * The cheapest way to run the pods on the pool: Spot where the pool allows it
 * (Karpenter prefers Spot when a pool allows both), at `spotDiscountPercent`
 * below on-demand; EKS Auto Mode's fee added per node, undiscounted. Types
 * whose nodes fit within the limits come first. Undefined when no candidate
 * holds the largest pod.
 */
export function choosePoolCapacity(
  groups: readonly PodGroup[],
  prices: Readonly<Record<string, MeterPrice>>,
  req: PoolRequirements,
  limits: PoolLimits,
  costs: NodeCosts,
  zones: number,
  spotDiscountPercent: () => number,
): PoolChoice | undefined {
  const capacityType: CapacityType = req.capacityTypes.includes("spot") ? "spot" : "on-demand";
  const discount = capacityType === "spot" ? spotDiscountPercent() : 0;
  const options = candidateShapes(prices, req).flatMap((shape) => {
    const needed = nodesNeeded(groups, groups.map((g) => g.pods), shape, costs.daemonSets, zones);
    const neededAtMax = nodesNeeded(groups, groups.map((g) => g.maxPods), shape, costs.daemonSets, zones);
    if (needed === undefined || neededAtMax === undefined) return [];
    const cap = nodeCap(shape, limits);
    const nodes = Math.min(needed, cap);
    const maxNodes = Math.min(neededAtMax, cap);
    const fee = costs.feeMeter ? (prices[costs.feeMeter(shape.name)]?.usd ?? 0) : 0;
    const hourly = nodes * (prices[`ec2:${shape.name}`].usd * (1 - discount / 100) + fee);
    return [{ choice: { shape, capacityType, nodes, maxNodes, pendingNodes: needed - nodes, maxPendingNodes: neededAtMax - maxNodes }, hourly }];
  });
  options.sort(
    (a, b) => Number(a.choice.pendingNodes > 0) - Number(b.choice.pendingNodes > 0) || a.hourly - b.hourly || a.choice.nodes - b.choice.nodes || a.choice.shape.name.localeCompare(b.choice.shape.name),
  );
  return options[0]?.choice;
}
