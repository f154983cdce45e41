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

/**
 * Checks that the private subnets can hold the configured maximum of tasks or
 * pods, which AWS would otherwise only report when a scale-out or deployment
 * fails for lack of IP addresses. Tasks and pods spread evenly over the zones.
 */
export function capacityProblems(config: PlatformConfig): string[] {
  const { network, compute } = config;
  const plan = planConfiguredSubnets(network);
  if (!plan.ok) return [];
  const zones = network.availabilityZoneCount;
  const usable = plan.subnets.find((s) => s.tier === "private")!.usableAddresses - HEADROOM_PER_SUBNET;
  const nodes = compute.platform === "eks" ? Object.values(compute.eks.nodeGroups).reduce((sum, g) => sum + g.maxSize, 0) : 0;
  const perColourPeak = COLOURS * DEPLOYMENT_SURGE;
  const needed = Math.ceil((compute.scaling.maxCount * perColourPeak + nodes * ADDRESSES_PER_NODE) / zones);
  if (needed <= usable) return [];
  const most = Math.max(0, Math.floor((usable * zones - nodes * ADDRESSES_PER_NODE) / perColourPeak));
  const what = compute.platform === "eks" ? `pods per colour beside ${nodes} nodes` : "tasks per colour";
  return [
    `platform:compute.scaling.maxCount: ${compute.scaling.maxCount} is not allowed (expected at most ${most} ${what}: ` +
      `the private /${plan.prefixLengths.private} subnets in ${zones} zones keep ${usable} addresses each for the app, ` +
      `and both colours may run twice their maximum during a deployment; or enlarge platform:network.subnetPrefixLengths.private)`,
  ];
}
