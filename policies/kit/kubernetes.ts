import type { Props } from "./helpers";

/** Kubernetes workload kinds whose pod template the workload policies check. */
export const WORKLOAD_TYPES = [
  "kubernetes:core/v1:Pod",
  "kubernetes:apps/v1:Deployment",
  "kubernetes:apps/v1:StatefulSet",
  "kubernetes:apps/v1:DaemonSet",
  "kubernetes:apps/v1:ReplicaSet",
  "kubernetes:batch/v1:Job",
  "kubernetes:batch/v1:CronJob",
] as const;

/** The pod spec inside a workload's inputs: `spec` for a Pod, `spec.template.spec` for controllers, one level deeper for a CronJob. */
export function podSpecOf(type: string, props: Props): Props | undefined {
  if (type === "kubernetes:core/v1:Pod") return props.spec;
  if (type === "kubernetes:batch/v1:CronJob") return props.spec?.jobTemplate?.spec?.template?.spec;
  return props.spec?.template?.spec;
}

export interface NamedContainer {
  readonly kind: "container" | "init container" | "ephemeral container";
  readonly container: Props;
}

/** Every container of a pod spec, init and ephemeral ones included. */
export function containersOf(spec: Props): NamedContainer[] {
  return [
    ...(spec.initContainers ?? []).map((container: Props) => ({ kind: "init container" as const, container })),
    ...(spec.containers ?? []).map((container: Props) => ({ kind: "container" as const, container })),
    ...(spec.ephemeralContainers ?? []).map((container: Props) => ({ kind: "ephemeral container" as const, container })),
  ];
}
