import { LOG_RETENTION_DAYS } from "../internal/log-group";
import { Problems } from "../internal/validation";

/** Kubernetes versions EKS offers standard support for. */
export const EKS_KUBERNETES_VERSIONS = ["1.31", "1.32", "1.33", "1.34"] as const;
export type EksKubernetesVersion = (typeof EKS_KUBERNETES_VERSIONS)[number];

/** Every control-plane log type; all of them are always on. */
export const EKS_CLUSTER_LOG_TYPES = ["api", "audit", "authenticator", "controllerManager", "scheduler"] as const;

export const EKS_CAPACITY_TYPES = ["ON_DEMAND", "SPOT"] as const;
export const NODE_GROUP_AMI_TYPES = ["AL2023_x86_64_STANDARD", "AL2023_ARM_64_STANDARD", "BOTTLEROCKET_x86_64", "BOTTLEROCKET_ARM_64"] as const;

const ANYWHERE = ["0.0.0.0/0", "::/0"];
const IPV4_CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

export interface ValueProblem {
  readonly value: unknown;
  readonly allowed: string;
}

/**
 * Security groups for pods need a trunk ENI, which only Nitro instances of
 * most families have; no t-family type supports it.
 */
export function supportsPodSecurityGroups(instanceType: string): boolean {
  const family = instanceType.split(".")[0] ?? "";
  return !/^t\d/.test(family) && !/^(m4|c4|r4|x1|i2|d2|p2|g3)$/.test(family);
}

function isIpv4Cidr(value: string): boolean {
  const m = IPV4_CIDR.exec(value);
  if (!m) return false;
  const octets = m.slice(1, 5).map(Number);
  const prefix = Number(m[5]);
  return octets.every((o) => o <= 255) && prefix <= 32;
}

/** The public endpoint needs an explicit allowlist, never the whole internet; CIDRs without public access are a mistake. */
export function validatePublicAccessCidrs(publicAccess: boolean, cidrs: readonly string[]): ValueProblem[] {
  const problems: ValueProblem[] = [];
  if (publicAccess && cidrs.length === 0) problems.push({ value: cidrs, allowed: "at least one CIDR when publicAccess is true" });
  if (!publicAccess && cidrs.length > 0) problems.push({ value: cidrs, allowed: "no CIDRs when publicAccess is false" });
  for (const cidr of cidrs) {
    if (ANYWHERE.includes(cidr)) problems.push({ value: cidr, allowed: "a specific network, not the whole internet" });
    else if (!isIpv4Cidr(cidr)) problems.push({ value: cidr, allowed: "an IPv4 CIDR such as 203.0.113.0/24" });
  }
  return problems;
}

export interface NodeGroupSettings {
  readonly instanceTypes: readonly string[];
  readonly minSize: number;
  readonly maxSize: number;
  readonly desiredSize: number;
  readonly diskSizeGiB: number;
  readonly renamedFrom?: string;
  readonly criticalAddonsOnly?: boolean;
}

/** Why an instance type is allowed in a node group: the app's pods need security groups for pods, unless the group is tainted CriticalAddonsOnly. */
export const NODE_GROUP_INSTANCE_TYPE_ALLOWED =
  "a Nitro instance type that supports security groups for pods (not the t family), or any type in a criticalAddonsOnly group, where the app's pods never run";

/** A group's instance type is fine if it supports security groups for pods, or if the group only runs cluster-critical controllers. */
export function nodeGroupAllowsInstanceType(instanceType: string, criticalAddonsOnly: boolean): boolean {
  return criticalAddonsOnly || supportsPodSecurityGroups(instanceType);
}

export interface ClusterSettings {
  readonly autoMode: boolean;
  readonly kubernetesVersion: string;
  readonly subnetIds: readonly unknown[];
  readonly publicAccess: boolean;
  readonly publicAccessCidrs: readonly string[];
  readonly adminRoleArns: readonly string[];
  readonly logRetentionInDays: number;
  readonly nodeGroups: Readonly<Record<string, NodeGroupSettings>>;
}

/** Pure validation of the cluster's plain settings; every problem names the argument, the value and what is allowed. */
export function validateClusterSettings(s: ClusterSettings): Problems {
  const problems = new Problems();
  problems.check(
    (EKS_KUBERNETES_VERSIONS as readonly string[]).includes(s.kubernetesVersion),
    "kubernetesVersion",
    s.kubernetesVersion,
    EKS_KUBERNETES_VERSIONS.join(" | "),
  );
  problems.check(s.subnetIds.length >= 2, "subnetIds", `${s.subnetIds.length} subnets`, "private subnets in at least 2 availability zones");
  for (const p of validatePublicAccessCidrs(s.publicAccess, s.publicAccessCidrs)) problems.add("endpoint.publicAccessCidrs", p.value, p.allowed);
  problems.check((LOG_RETENTION_DAYS as readonly number[]).includes(s.logRetentionInDays), "logRetentionInDays", s.logRetentionInDays, `one of ${LOG_RETENTION_DAYS.join(", ")}`);
  const arns = new Set<string>();
  for (const arn of s.adminRoleArns) {
    problems.check(/^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/.test(arn), "adminRoleArns", arn, "an IAM role ARN");
    problems.check(!arns.has(arn), "adminRoleArns", arn, "each role once");
    arns.add(arn);
  }
  const keys = Object.keys(s.nodeGroups);
  if (s.autoMode) problems.check(keys.length === 0, "nodeGroups", s.nodeGroups, "no node groups with autoMode (Auto Mode runs the nodes)");
  else problems.check(keys.length > 0, "nodeGroups", s.nodeGroups, "at least one node group");
  for (const [key, g] of Object.entries(s.nodeGroups)) {
    const at = `nodeGroups.${key}`;
    problems.check(/^[a-z][a-z0-9-]{0,30}$/.test(key), "nodeGroups", key, "keys of lowercase letters, digits and -");
    problems.check(g.instanceTypes.length > 0, `${at}.instanceTypes`, g.instanceTypes, "at least one instance type");
    for (const type of g.instanceTypes) {
      problems.check(nodeGroupAllowsInstanceType(type, g.criticalAddonsOnly ?? false), `${at}.instanceTypes`, type, NODE_GROUP_INSTANCE_TYPE_ALLOWED);
    }
    problems.check(Number.isInteger(g.minSize) && g.minSize >= 0 && g.minSize <= g.maxSize, `${at}.minSize`, g.minSize, `an integer from 0 to maxSize (${g.maxSize})`);
    problems.check(g.desiredSize >= g.minSize && g.desiredSize <= g.maxSize, `${at}.desiredSize`, g.desiredSize, `between minSize (${g.minSize}) and maxSize (${g.maxSize})`);
    problems.check(g.maxSize >= 1, `${at}.maxSize`, g.maxSize, "at least 1");
    problems.check(Number.isInteger(g.diskSizeGiB) && g.diskSizeGiB >= 20, `${at}.diskSizeGiB`, g.diskSizeGiB, "an integer of at least 20 GiB");
    if (g.renamedFrom !== undefined) {
      problems.check(!keys.includes(g.renamedFrom), `${at}.renamedFrom`, g.renamedFrom, "the key of a group that no longer exists (two groups cannot share one identity)");
    }
  }
  return problems;
}

/** The role name of an IAM role ARN: a stable key for resource names (`arn:...:role/path/admin` → `admin`). */
export function roleNameOf(arn: string): string {
  const name = arn.split("/").pop() ?? arn;
  return name.toLowerCase().replace(/[^a-z0-9-]/g, "-");
}
