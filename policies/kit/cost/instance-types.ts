/**
 * What the estimator knows of an EC2 instance type a node pool may launch,
 * read from its name, and the share of each node Kubernetes keeps for itself.
 * Only the families whose shape the name tells are understood: the general
 * purpose (m), compute (c) and memory (r) optimised families of generations 5
 * to 7, Intel (no letter or `i`), AMD (`a`) and Graviton (`g`), without local
 * disks or extra networking (`d`, `n`, `b`, `z`, `flex`).
 */

export type Architecture = "amd64" | "arm64";

export interface InstanceShape {
  readonly name: string;
  /** `c`, `m` or `r`: Karpenter's and Auto Mode's `instance-category` label. */
  readonly category: string;
  /** `6` for m6i: the `instance-generation` label. */
  readonly generation: number;
  readonly architecture: Architecture;
  readonly vcpus: number;
  readonly memoryMiB: number;
  /** Pods the VPC CNI can address on it without prefix delegation (ENIs × (addresses − 1) + 2). */
  readonly maxPods: number;
}

/** GiB of memory per vCPU: 2 for compute, 4 for general purpose, 8 for memory optimised (every family parsed here). */
const MEMORY_GIB_PER_VCPU: Readonly<Record<string, number>> = { c: 2, m: 4, r: 8 };

/**
 * ENI-limited pods per size, the same for every family parsed here
 * (awslabs/amazon-eks-ami templates/shared/runtime/eni-max-pods.txt: m6i.large 29,
 * m6i.xlarge and 2xlarge 58, 4xlarge to 12xlarge 234, 16xlarge and 24xlarge 737).
 */
const MAX_PODS_BY_SIZE: Readonly<Record<string, number>> = { large: 29, xlarge: 58, "2xlarge": 58, "4xlarge": 234, "8xlarge": 234, "12xlarge": 234, "16xlarge": 737, "24xlarge": 737 };

const NAME = /^([cmr])([5-7])([agi]?)\.((?:\d+)?x?large)$/;

/** The shape of `name`, or undefined for a type outside the families above (never guessed). */
export function instanceShape(name: string): InstanceShape | undefined {
  const m = name.match(NAME);
  if (!m) return undefined;
  const [, category, generation, maker, size] = m;
  const vcpus = size === "large" ? 2 : size === "xlarge" ? 4 : 4 * Number(size.replace("xlarge", ""));
  const maxPods = MAX_PODS_BY_SIZE[size];
  if (maxPods === undefined) return undefined;
  return { name, category, generation: Number(generation), architecture: maker === "g" ? "arm64" : "amd64", vcpus, memoryMiB: vcpus * MEMORY_GIB_PER_VCPU[category] * 1024, maxPods };
}

/**
 * What Karpenter takes off each node before pods are placed
 * (aws/karpenter-provider-aws pkg/providers/instancetype/types.go):
 * kube-reserved CPU of 6% of the first core, 1% of the second, 0.5% of the
 * third and fourth and 0.25% of the rest; kube-reserved memory of
 * 11 MiB per pod plus 255 MiB; the 100 MiB `memory.available` hard eviction
 * threshold; and its `vmMemoryOverheadPercent` setting (7.5% by default) for
 * the memory the hypervisor and firmware keep from the nominal size.
 */
export const VM_MEMORY_OVERHEAD = 0.075;
const EVICTION_THRESHOLD_MIB = 100;
const KUBE_RESERVED_CPU_STEPS: readonly (readonly [number, number, number])[] = [
  [0, 1000, 0.06],
  [1000, 2000, 0.01],
  [2000, 4000, 0.005],
  [4000, Number.MAX_SAFE_INTEGER, 0.0025],
];

/** CPU (millicores) and memory (MiB) pods can request on a node of this shape, before the daemonsets. */
export function allocatable(shape: InstanceShape): { cpuMillicores: number; memoryMiB: number } {
  const cpu = shape.vcpus * 1000;
  const reservedCpu = KUBE_RESERVED_CPU_STEPS.reduce((sum, [start, end, share]) => sum + (cpu > start ? (Math.min(cpu, end) - start) * share : 0), 0);
  const memory = shape.memoryMiB * (1 - VM_MEMORY_OVERHEAD);
  return { cpuMillicores: cpu - reservedCpu, memoryMiB: memory - (11 * shape.maxPods + 255) - EVICTION_THRESHOLD_MIB };
}
