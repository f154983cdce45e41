import { WORKLOAD_TYPES, containersOf, podSpecOf, resourcePolicy } from "../kit";

const TYPES = [...WORKLOAD_TYPES];

export const kubernetesWorkloadDisallowPrivileged = resourcePolicy({
  name: "kubernetes-workload-disallow-privileged",
  description: "No Kubernetes container runs privileged or may escalate privileges.",
  pack: "security",
  service: "kubernetes",
  severity: "critical",
  frameworks: ["cis", "pci", "soc2", "iso27001"],
  remediationSteps: "Set `securityContext: { privileged: false, allowPrivilegeEscalation: false }` on every container.",
  types: TYPES,
  validate: ({ args, props, report }) => {
    const spec = podSpecOf(args.type, props);
    if (!spec) return;
    for (const { kind, container } of containersOf(spec)) {
      const sc = container.securityContext ?? {};
      if (sc.privileged === true) report(`${kind} ${container.name} is privileged. Set securityContext.privileged: false.`);
      if (sc.allowPrivilegeEscalation !== false) report(`${kind} ${container.name} may escalate privileges. Set securityContext.allowPrivilegeEscalation: false.`);
    }
  },
});

export const kubernetesWorkloadRequireNonRoot = resourcePolicy({
  name: "kubernetes-workload-require-non-root",
  description: "Kubernetes containers run as a non-root user (runAsNonRoot, or a non-zero runAsUser).",
  pack: "security",
  service: "kubernetes",
  severity: "high",
  frameworks: ["cis", "pci", "soc2", "iso27001"],
  remediationSteps: "Set `securityContext.runAsNonRoot: true` (and a `runAsUser` the image supports) on the pod or on every container.",
  types: TYPES,
  validate: ({ args, props, report }) => {
    const spec = podSpecOf(args.type, props);
    if (!spec) return;
    const pod = spec.securityContext ?? {};
    for (const { kind, container } of containersOf(spec)) {
      const sc = container.securityContext ?? {};
      const nonRoot = sc.runAsNonRoot ?? pod.runAsNonRoot;
      const user = sc.runAsUser ?? pod.runAsUser;
      if (user === 0 || (nonRoot !== true && typeof user !== "number")) {
        report(`${kind} ${container.name} may run as root. Set securityContext.runAsNonRoot: true and a non-zero runAsUser.`);
      }
    }
  },
});

export const kubernetesWorkloadRequireResourceLimits = resourcePolicy({
  name: "kubernetes-workload-require-resource-limits",
  description: "Kubernetes containers declare CPU and memory limits.",
  pack: "security",
  service: "kubernetes",
  severity: "medium",
  frameworks: ["soc2", "iso27001"],
  remediationSteps: "Set `resources.limits.cpu` and `resources.limits.memory` (and matching requests) on every container.",
  types: TYPES,
  validate: ({ args, props, report }) => {
    const spec = podSpecOf(args.type, props);
    if (!spec) return;
    for (const { kind, container } of containersOf(spec)) {
      if (kind === "ephemeral container") continue; // Kubernetes forbids resources on ephemeral containers.
      const limits = container.resources?.limits ?? {};
      const missing = ["cpu", "memory"].filter((k) => limits[k] === undefined);
      if (missing.length > 0) report(`${kind} ${container.name} has no ${missing.join(" or ")} limit. Set resources.limits.`);
    }
  },
});

export const kubernetesWorkloadDisallowLatestTag = resourcePolicy({
  name: "kubernetes-workload-disallow-latest-tag",
  description: "Kubernetes containers use a pinned image tag or digest, never `latest` or no tag.",
  pack: "security",
  service: "kubernetes",
  severity: "medium",
  frameworks: ["soc2", "iso27001"],
  remediationSteps: "Reference images by digest (`repo@sha256:...`, as `awsx.ecr.Image` outputs) or by an immutable version tag.",
  types: TYPES,
  validate: ({ args, props, report }) => {
    const spec = podSpecOf(args.type, props);
    if (!spec) return;
    for (const { kind, container } of containersOf(spec)) {
      const image = String(container.image ?? "");
      // `name[:tag][@digest]`: a digest pins the image whatever the tag says.
      const [name, digest] = image.split("@");
      if (digest) continue;
      // The tag follows the last path segment's colon; a colon before the last slash is a registry port.
      // `split` returns at least one element, so the last one is always there.
      const lastSegment = name.split("/").pop() as string;
      const tag = lastSegment.includes(":") ? lastSegment.split(":").pop() : undefined;
      if (!tag || tag === "latest") report(`${kind} ${container.name} uses ${image || "no image"} without a pinned tag. Pin a version tag or a digest.`);
    }
  },
});

export const kubernetesWorkloadDisallowHostNamespaces = resourcePolicy({
  name: "kubernetes-workload-disallow-host-namespaces",
  description: "Kubernetes pods do not share the node's network, PID or IPC namespace.",
  pack: "security",
  service: "kubernetes",
  severity: "high",
  frameworks: ["cis", "pci", "soc2", "iso27001"],
  remediationSteps: "Remove `hostNetwork`, `hostPID` and `hostIPC` from the pod spec (or set them false).",
  types: TYPES,
  validate: ({ args, props, report }) => {
    const spec = podSpecOf(args.type, props);
    if (!spec) return;
    for (const field of ["hostNetwork", "hostPID", "hostIPC"]) {
      if (spec[field] === true) report(`the pod sets ${field}: true and shares the node's namespace. Remove ${field}.`);
    }
  },
});
