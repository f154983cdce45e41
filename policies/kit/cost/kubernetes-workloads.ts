/**
 * The pods a stack declares, as a node pool's estimate needs them: how many
 * (at the minimum and the maximum), what each requests, where they may run
 * (a node pool named by `karpenter.sh/nodepool`, the taints they tolerate)
 * and how they spread. Read only from declarations: Deployments and
 * StatefulSets with their HorizontalPodAutoscalers, and the blocks of Helm
 * values that declare a replica count beside resource requests. What a chart
 * or an EKS add-on runs by its own defaults is not visible, except the
 * daemonsets of the add-ons in `ADDON_DAEMONSETS`.
 */
import { peek, UNKNOWN } from "../unknowns";
import type { Json } from "../types";
import type { CostResource } from "./types";
import { countOf, numberOr, RuleContext, Undecided } from "./rule";
import { quantityGiB } from "./rules-compute";

export const NODE_POOL_LABEL = "karpenter.sh/nodepool";
const ZONE_KEY = "topology.kubernetes.io/zone";
const HPA = "kubernetes:autoscaling/v2:HorizontalPodAutoscaler";
const WORKLOADS = ["kubernetes:apps/v1:Deployment", "kubernetes:apps/v1:StatefulSet"];
const HELM_RELEASE = "kubernetes:helm.sh/v3:Release";

export interface Taint {
  readonly key: string;
  readonly value?: string;
  readonly effect: string;
}

/** Pods of one workload that share their requests and placement. */
export interface PodGroup {
  /** The workload in words: `app-blue`, or `eks-monitoring prometheus.prometheusSpec`. */
  readonly label: string;
  /** Pods at the minimum (an autoscaler's `minReplicas`, else the declared replicas) and at the maximum. */
  readonly pods: number;
  readonly maxPods: number;
  readonly cpuMillicores: number;
  readonly memoryMiB: number;
  /** The pool the pods select by name, if any. */
  readonly pool?: string;
  /** Taints the pods tolerate (a missing key means every key, a missing value every value). */
  readonly tolerations: readonly Partial<Taint>[];
  /** The pods spread over zones (a zone topology spread constraint or zone anti-affinity). */
  readonly spread: boolean;
  /** Never two pods of the group on one node (required anti-affinity). */
  readonly onePerNode: boolean;
}

/**
 * Per-node requests of the daemonsets the EKS add-ons run, from their charts'
 * default values. Auto Mode runs the CNI, kube-proxy, the EBS CSI node plugin
 * and the Pod Identity agent inside the node itself, so only the add-ons a
 * stack declares count.
 */
export const ADDON_DAEMONSETS: Readonly<Record<string, { cpuMillicores: number; memoryMiB: number; pods: number; source: string }>> = {
  "vpc-cni": { cpuMillicores: 25, memoryMiB: 0, pods: 1, source: "aws-node requests 25m CPU (aws/amazon-vpc-cni-k8s charts/aws-vpc-cni/values.yaml)" },
  "kube-proxy": { cpuMillicores: 100, memoryMiB: 0, pods: 1, source: "EKS's kube-proxy DaemonSet requests 100m CPU" },
  "eks-pod-identity-agent": { cpuMillicores: 0, memoryMiB: 0, pods: 1, source: "no requests (aws/eks-pod-identity-agent chart values)" },
  "aws-ebs-csi-driver": { cpuMillicores: 10, memoryMiB: 40, pods: 1, source: "ebs-csi-node requests 10m and 40 MiB (kubernetes-sigs/aws-ebs-csi-driver chart values node.resources)" },
  "amazon-cloudwatch-observability": {
    cpuMillicores: 300,
    memoryMiB: 153,
    pods: 2,
    source: "cloudwatch-agent 250m and 128 MiB, fluent-bit 50m and 25 MiB (aws-observability/helm-charts amazon-cloudwatch-observability values.yaml)",
  },
};

/** `500m` → 500, `0.5` → 500, `2` → 2000. */
export function cpuMillicores(quantity: Json): number {
  const m = String(quantity ?? "").match(/^(\d+(?:\.\d+)?)(m?)$/);
  return m ? Number(m[1]) * (m[2] ? 1 : 1000) : 0;
}

/** `512Mi` → 512, `1Gi` → 1024. */
export function memoryMiB(quantity: Json): number {
  return (quantityGiB(String(quantity ?? "")) ?? 0) * 1024;
}

/** The requests of a pod spec's containers (init containers, which run before them, are left out). */
function podRequests(r: CostResource, ctx: RuleContext, spec: readonly string[]): { cpu: number; memory: number } {
  let cpu = 0;
  let memory = 0;
  for (let i = 0; i < countOf(ctx.need(r, [...spec, "containers"])); i++) {
    const requests = [...spec, "containers", String(i), "resources", "requests"];
    cpu += cpuMillicores(ctx.need(r, [...requests, "cpu"]));
    memory += memoryMiB(ctx.need(r, [...requests, "memory"]));
  }
  return { cpu, memory };
}

function tolerationsOf(r: CostResource, ctx: RuleContext, spec: readonly string[]): Partial<Taint>[] {
  return Array.from({ length: countOf(ctx.need(r, [...spec, "tolerations"])) }, (_, i) => {
    const at = (key: string) => ctx.need(r, [...spec, "tolerations", String(i), key]);
    return { key: at("key") as string | undefined, value: at("operator") === "Exists" ? undefined : (at("value") as string | undefined), effect: at("effect") as string | undefined };
  });
}

/** A Deployment or StatefulSet, at its autoscaler's range when one targets it. */
function workloadGroup(r: CostResource, ctx: RuleContext): PodGroup {
  const spec = ["spec", "template", "spec"];
  const name = String(ctx.need(r, ["metadata", "name"]) ?? r.name);
  const kind = r.type.split(":").pop();
  const hpa = ctx
    .ofTypes(HPA)
    .find((h) => ctx.need(h, ["spec", "scaleTargetRef", "kind"]) === kind && ctx.need(h, ["spec", "scaleTargetRef", "name"]) === name && ctx.need(h, ["metadata", "namespace"]) === ctx.need(r, ["metadata", "namespace"]));
  const replicas = numberOr(ctx.need(r, ["spec", "replicas"]), 1);
  const pods = hpa ? numberOr(ctx.need(hpa, ["spec", "minReplicas"]), 1) : replicas;
  const { cpu, memory } = podRequests(r, ctx, spec);
  const spreads = Array.from({ length: countOf(ctx.need(r, [...spec, "topologySpreadConstraints"])) }, (_, i) => ctx.need(r, [...spec, "topologySpreadConstraints", String(i), "topologyKey"]));
  const antiAffinity = ["affinity", "podAntiAffinity", "requiredDuringSchedulingIgnoredDuringExecution"];
  const hard = Array.from({ length: countOf(ctx.need(r, [...spec, ...antiAffinity])) }, (_, i) => ctx.need(r, [...spec, ...antiAffinity, String(i), "topologyKey"]));
  const pool = ctx.need(r, [...spec, "nodeSelector", NODE_POOL_LABEL]);
  return {
    label: name,
    pods,
    maxPods: hpa ? numberOr(ctx.need(hpa, ["spec", "maxReplicas"]), pods) : pods,
    cpuMillicores: cpu,
    memoryMiB: memory,
    ...(typeof pool === "string" ? { pool } : {}),
    tolerations: tolerationsOf(r, ctx, spec),
    spread: [...spreads, ...hard].includes(ZONE_KEY),
    onePerNode: hard.length > 0,
  };
}

/**
 * The blocks of a release's values that declare `replicas` (or
 * `replicaCount`) beside `resources.requests`, as kube-prometheus-stack's
 * `prometheusSpec` and `alertmanagerSpec` and the load balancer controller's
 * values do. `podAntiAffinity: "hard"` (kube-prometheus-stack's setting) puts
 * one replica per node, in different zones when its topology key is the zone.
 */
function helmGroups(r: CostResource, ctx: RuleContext): PodGroup[] {
  const groups: PodGroup[] = [];
  const known = (node: Json, key: string, path: readonly string[]): Json => {
    const value = peek(node, key);
    if (value === UNKNOWN) throw new Undecided(r, ["values", ...path, key]);
    return value;
  };
  const walk = (node: Json, path: string[], depth: number): void => {
    if (depth > 12 || node === null || typeof node !== "object" || Array.isArray(node)) return;
    const replicas = known(node, "replicas", path) ?? known(node, "replicaCount", path);
    const requests = peek(peek(node, "resources"), "requests");
    if (typeof replicas === "number" && requests !== undefined && requests !== UNKNOWN) {
      const hard = known(node, "podAntiAffinity", path) === "hard";
      groups.push({
        label: path.length > 0 ? `${r.name} ${path.join(".")}` : r.name,
        pods: replicas,
        maxPods: replicas,
        cpuMillicores: cpuMillicores(known(requests, "cpu", [...path, "resources", "requests"])),
        memoryMiB: memoryMiB(known(requests, "memory", [...path, "resources", "requests"])),
        tolerations: [],
        spread: hard && known(node, "podAntiAffinityTopologyKey", path) === ZONE_KEY,
        onePerNode: hard,
      });
    }
    for (const key of Object.keys(node)) walk(peek(node, key), [...path, key], depth + 1);
  };
  walk(ctx.need(r, ["values"]), [], 0);
  return groups;
}

/** Every pod group the stack declares. */
export function podGroups(ctx: RuleContext): PodGroup[] {
  return [...ctx.ofTypes(...WORKLOADS).map((r) => workloadGroup(r, ctx)), ...ctx.ofTypes(HELM_RELEASE).flatMap((r) => helmGroups(r, ctx))];
}

/** CPU, memory and pods the declared daemonsets and the add-ons' daemonsets take on every node. */
export function daemonSetOverhead(ctx: RuleContext): { cpuMillicores: number; memoryMiB: number; pods: number; from: string[] } {
  const addons = ctx.ofTypes("aws:eks/addon:Addon").map((a) => String(ctx.need(a, ["addonName"])));
  const declared = ctx.ofTypes("kubernetes:apps/v1:DaemonSet").map((d) => ({ name: d.name, ...podRequests(d, ctx, ["spec", "template", "spec"]) }));
  const known = addons.filter((a) => ADDON_DAEMONSETS[a]).map((a) => ({ name: a, ...ADDON_DAEMONSETS[a] }));
  return {
    cpuMillicores: known.reduce((s, a) => s + a.cpuMillicores, 0) + declared.reduce((s, d) => s + d.cpu, 0),
    memoryMiB: known.reduce((s, a) => s + a.memoryMiB, 0) + declared.reduce((s, d) => s + d.memory, 0),
    pods: known.reduce((s, a) => s + a.pods, 0) + declared.length,
    from: [...known.map((a) => a.name), ...declared.map((d) => d.name)],
  };
}

/** True when the pods tolerate every NoSchedule or NoExecute taint (Kubernetes' toleration matching). */
export function tolerates(tolerations: readonly Partial<Taint>[], taints: readonly Taint[]): boolean {
  return taints
    .filter((t) => t.effect !== "PreferNoSchedule")
    .every((t) => tolerations.some((x) => (x.key === undefined || x.key === t.key) && (x.value === undefined || x.value === t.value) && (x.effect === undefined || x.effect === t.effect)));
}
