import * as pulumi from "@pulumi/pulumi";
import { AppSecretRef, AppSetting } from "../internal/connections";
import { Colour } from "../internal/metrics";
import { isPinnedImage } from "../internal/image-reference";
import { Problems } from "../internal/validation";

export { isPinnedImage } from "../internal/image-reference";

/** CPU units as ECS counts them (1024 = 1 vCPU) to Kubernetes millicores. */
export function cpuUnitsToMillicores(units: number): number {
  return Math.round((units * 1000) / 1024);
}

export interface PodSizing {
  /** CPU request, millicores. */
  readonly cpuMillicores: number;
  /** CPU limit, millicores. */
  readonly cpuLimitMillicores: number;
  /** Memory request and limit, MiB. */
  readonly memoryMiB: number;
}

export interface AppScaling {
  readonly minReplicas: number;
  readonly maxReplicas: number;
  readonly cpuTargetPercent: number;
}

export interface PodTemplateInputs {
  readonly appName: string;
  readonly colour: Colour;
  readonly image: string;
  readonly containerPort: number;
  readonly healthCheckPath: string;
  /** Seconds a starting pod may fail its probe before it is restarted. */
  readonly startupGraceSeconds: number;
  readonly sizing: PodSizing;
  readonly runAsUser: number;
  readonly serviceAccountName: string;
  readonly appSecrets: readonly AppSecretRef[];
  readonly appSettings: readonly AppSetting[];
  /** Nodes the pods must run on. @default anywhere */
  readonly placement?: PodPlacement;
}

/** A taint the app's pods tolerate: key, value and effect must all match. */
export interface PodToleration {
  readonly key: string;
  readonly value: string;
  /** `NoSchedule`, `PreferNoSchedule` or `NoExecute`. */
  readonly effect: string;
}

/** Where the app's pods run: a node selector, and the taints of those nodes the pods tolerate. */
export interface PodPlacement {
  /** Node labels the pods require. @default none */
  readonly nodeSelector?: Readonly<Record<string, string>>;
  /** Taints the pods tolerate. @default none */
  readonly tolerations?: readonly PodToleration[];
}

export const CONTAINER_NAME = "app";
export const PORT_NAME = "http";
const STARTUP_PROBE_PERIOD_SECONDS = 5;
/** Extra pods a colour starts during a rolling update, percent of its count; the node pool check plans for it. */
export const ROLLOUT_MAX_SURGE_PERCENT = 25;

export function selectorLabels(appName: string, colour: Colour): Record<string, string> {
  return { "app.kubernetes.io/name": appName, "platform/colour": colour };
}

/**
 * Secrets reach the app as references, never values: for each secret the
 * container gets `<NAME>_SECRET_ARN` (and `<NAME>_SECRET_KEY` for a JSON key)
 * and reads the value from Secrets Manager with its IRSA role at start-up.
 */
export function containerEnvironment(secrets: readonly AppSecretRef[], settings: readonly AppSetting[]) {
  return [
    ...settings.map((s) => ({ name: s.environmentName, value: s.value })),
    ...secrets.flatMap((s) => [
      { name: `${s.environmentName}_SECRET_ARN`, value: s.secretArn as pulumi.Input<string> },
      ...(s.jsonKey ? [{ name: `${s.environmentName}_SECRET_KEY`, value: s.jsonKey as pulumi.Input<string> }] : []),
    ]),
  ];
}

/**
 * The pod template of one colour: non-root, read-only root filesystem, every
 * capability dropped, no privilege escalation, RuntimeDefault seccomp,
 * requests and limits, HTTP liveness and readiness probes, spread across zones,
 * and no Kubernetes API token mounted.
 */
export function podTemplate(p: PodTemplateInputs) {
  const labels = selectorLabels(p.appName, p.colour);
  const probe = (periodSeconds: number, failureThreshold: number) => ({
    httpGet: { path: p.healthCheckPath, port: PORT_NAME },
    periodSeconds,
    timeoutSeconds: 3,
    failureThreshold,
  });
  return {
    metadata: { labels },
    spec: {
      serviceAccountName: p.serviceAccountName,
      automountServiceAccountToken: false,
      enableServiceLinks: false,
      terminationGracePeriodSeconds: 30,
      securityContext: {
        runAsNonRoot: true,
        runAsUser: p.runAsUser,
        runAsGroup: p.runAsUser,
        fsGroup: p.runAsUser,
        seccompProfile: { type: "RuntimeDefault" },
      },
      ...(p.placement?.nodeSelector ? { nodeSelector: { ...p.placement.nodeSelector } } : {}),
      ...(p.placement?.tolerations ? { tolerations: p.placement.tolerations.map((t) => ({ operator: "Equal", ...t })) } : {}),
      topologySpreadConstraints: [
        { maxSkew: 1, topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: "ScheduleAnyway", labelSelector: { matchLabels: labels } },
      ],
      containers: [
        {
          name: CONTAINER_NAME,
          image: p.image,
          imagePullPolicy: "IfNotPresent",
          ports: [{ name: PORT_NAME, containerPort: p.containerPort, protocol: "TCP" }],
          env: containerEnvironment(p.appSecrets, p.appSettings),
          resources: {
            requests: { cpu: `${p.sizing.cpuMillicores}m`, memory: `${p.sizing.memoryMiB}Mi` },
            limits: { cpu: `${p.sizing.cpuLimitMillicores}m`, memory: `${p.sizing.memoryMiB}Mi` },
          },
          securityContext: {
            runAsNonRoot: true,
            privileged: false,
            allowPrivilegeEscalation: false,
            readOnlyRootFilesystem: true,
            capabilities: { drop: ["ALL"] },
          },
          startupProbe: probe(STARTUP_PROBE_PERIOD_SECONDS, Math.max(1, Math.ceil(p.startupGraceSeconds / STARTUP_PROBE_PERIOD_SECONDS))),
          readinessProbe: probe(10, 3),
          livenessProbe: probe(20, 3),
          volumeMounts: [{ name: "tmp", mountPath: "/tmp" }],
        },
      ],
      volumes: [{ name: "tmp", emptyDir: { sizeLimit: "256Mi" } }],
    },
  };
}

/**
 * A PodDisruptionBudget that keeps all but one pod through voluntary
 * disruptions, and never blocks a node drain when there is only one.
 */
export function disruptionBudget(minReplicas: number): { minAvailable: number } | { maxUnavailable: number } {
  return minReplicas >= 2 ? { minAvailable: minReplicas - 1 } : { maxUnavailable: 1 };
}

export interface AppSpecSettings {
  readonly namespace: string;
  readonly containerPort: number;
  readonly images: Readonly<Record<Colour, string>>;
  readonly sizing: PodSizing;
  readonly scaling: AppScaling;
  readonly healthCheckPath: string;
  readonly runAsUser: number;
  readonly dataPorts: readonly number[];
}

/** Pure validation of the workload's plain settings. */
export function validateAppSpec(s: AppSpecSettings): Problems {
  const problems = new Problems();
  problems.check(/^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/.test(s.namespace), "namespace", s.namespace, "a DNS label");
  problems.check(Number.isInteger(s.containerPort) && s.containerPort >= 1024 && s.containerPort <= 65535, "containerPort", s.containerPort, "an unprivileged port from 1024 to 65535");
  for (const [colour, image] of Object.entries(s.images)) {
    problems.check(isPinnedImage(image), `images.${colour}`, image, "an image pinned to a tag or digest, not :latest");
  }
  const { cpuMillicores, cpuLimitMillicores, memoryMiB } = s.sizing;
  problems.check(Number.isInteger(cpuMillicores) && cpuMillicores >= 50, "sizing.cpuMillicores", cpuMillicores, "an integer of at least 50");
  problems.check(cpuLimitMillicores >= cpuMillicores, "sizing.cpuLimitMillicores", cpuLimitMillicores, `at least cpuMillicores (${cpuMillicores})`);
  problems.check(Number.isInteger(memoryMiB) && memoryMiB >= 64, "sizing.memoryMiB", memoryMiB, "an integer of at least 64");
  const { minReplicas, maxReplicas, cpuTargetPercent } = s.scaling;
  problems.check(Number.isInteger(minReplicas) && minReplicas >= 1, "scaling.minReplicas", minReplicas, "an integer of at least 1");
  problems.check(maxReplicas >= minReplicas, "scaling.maxReplicas", maxReplicas, `at least minReplicas (${minReplicas})`);
  problems.check(cpuTargetPercent >= 10 && cpuTargetPercent <= 95, "scaling.cpuTargetPercent", cpuTargetPercent, "10 to 95");
  problems.check(s.healthCheckPath.startsWith("/"), "healthCheckPath", s.healthCheckPath, "an absolute path");
  problems.check(Number.isInteger(s.runAsUser) && s.runAsUser > 0, "runAsUser", s.runAsUser, "a non-root UID (above 0)");
  for (const port of s.dataPorts) problems.check(Number.isInteger(port) && port >= 1 && port <= 65535, "dataPorts", port, "TCP ports from 1 to 65535");
  return problems;
}
