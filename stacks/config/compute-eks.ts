import { z } from "zod";
import {
  EKS_CAPACITY_TYPES,
  EKS_KUBERNETES_VERSIONS,
  NODE_GROUP_AMI_TYPES,
  NODE_GROUP_INSTANCE_TYPE_ALLOWED,
  nodeGroupAllowsInstanceType,
  validatePublicAccessCidrs,
} from "../../components/eks/cluster-validation";
import { podIdentityAddonVersionProblems } from "../../components/eks/addon-identity";
import { addonSupportsPodIdentity } from "../../components/eks/container-insights";
import { WORKLOAD_IDENTITIES } from "../../components/eks/iam";
import {
  NODE_ARCHITECTURES,
  NODE_CAPACITY_TYPES,
  NODE_INSTANCE_CATEGORIES,
  NODE_POOL_DEFAULTS as POOL,
  nodePoolArgProblems,
} from "../../components/eks/node-pool";
import { LOG_RETENTION_DAYS } from "../../components/internal/log-group";
import { boolean, integer, list, number, oneOf, oneOfNumbers, text } from "./schema";

/** Who adds and removes nodes as pods come and go. */
export const EKS_CAPACITY_MODES = ["karpenter", "autoMode"] as const;

const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;
const INSTANCE_TYPE = /^[a-z][a-z0-9-]*\.[a-z0-9]+$/;
const ADDON_VERSION = /^v\d+\.\d+\.\d+-eksbuild\.\d+$/;
const CHART_VERSION = /^\d+\.\d+\.\d+$/;
const DNS_LABEL = /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/;
const NODE_GROUP_KEY = /^[a-z][a-z0-9-]{0,30}$/;

const addonVersion = text("an add-on version such as v1.19.5-eksbuild.1", ADDON_VERSION);
const chartVersion = text("a chart version such as 1.13.0", CHART_VERSION);
const secretText = (what: string) => text(what).describe(`${what}; keep it a \`secure:\` value in the stack file.`);

const nodeGroupSchema = z
  .strictObject({
    instanceTypes: list(text("an EC2 instance type such as m6i.large", INSTANCE_TYPE), "a list of EC2 instance types")
      .min(1, { error: "at least one instance type" })
      .default(["m6i.large"])
      .describe(
        "Instance types, cheapest first for Spot. Must support security groups for pods (Nitro, not the t family), except in a criticalAddonsOnly group, which never runs the app's pods (a burstable t4g.medium holds the controllers).",
      ),
    amiType: oneOf(NODE_GROUP_AMI_TYPES).default("AL2023_x86_64_STANDARD").describe("EKS-optimized AMI family; match the instance types' architecture."),
    capacityType: oneOf(EKS_CAPACITY_TYPES).default("ON_DEMAND").describe("ON_DEMAND or SPOT."),
    minSize: integer(0, 100).default(2).describe("Fewest nodes."),
    maxSize: integer(1, 100).default(6).describe("Most nodes."),
    desiredSize: integer(0, 100).default(2).describe("Nodes at creation; later changes by the autoscaler are kept."),
    diskSizeGiB: integer(20, 16384).default(50).describe("Encrypted gp3 root volume size in GiB."),
    renamedFrom: text("a node group key (lowercase letters, digits and -)", NODE_GROUP_KEY)
      .optional()
      .describe("The key this group had before a rename, so the group keeps its identity (and is updated or replaced in place) instead of being created anew beside the old one."),
    criticalAddonsOnly: boolean()
      .default(false)
      .describe("Taint the nodes CriticalAddonsOnly: only Karpenter, CoreDNS and the add-ons run there; everything else goes to the nodes Karpenter launches."),
  })
  .superRefine((group, ctx) => {
    if (group.minSize > group.maxSize) {
      ctx.addIssue({ code: "custom", path: ["minSize"], input: group.minSize, message: `at most maxSize (${group.maxSize})` });
    }
    if (group.desiredSize < group.minSize || group.desiredSize > group.maxSize) {
      ctx.addIssue({ code: "custom", path: ["desiredSize"], input: group.desiredSize, message: `between minSize (${group.minSize}) and maxSize (${group.maxSize})` });
    }
    group.instanceTypes.forEach((type, i) => {
      if (!nodeGroupAllowsInstanceType(type, group.criticalAddonsOnly)) {
        ctx.addIssue({ code: "custom", path: ["instanceTypes", i], input: type, message: NODE_GROUP_INSTANCE_TYPE_ALLOWED });
      }
    });
  });

const nodePoolSchema = z
  .strictObject({
    capacityTypes: list(oneOf(NODE_CAPACITY_TYPES), "a list of capacity types")
      .min(1, { error: "at least one capacity type" })
      .default([...POOL.capacityTypes])
      .describe("Purchase options, cheapest first: spot for interruptible dev capacity, on-demand for production."),
    architectures: list(oneOf(NODE_ARCHITECTURES), "a list of CPU architectures")
      .min(1, { error: "at least one architecture" })
      .default([...POOL.architectures])
      .describe("CPU architectures; arm64 (Graviton) needs multi-arch images in platform:compute.blue.image and green.image."),
    instanceCategories: list(oneOf(NODE_INSTANCE_CATEGORIES), "a list of instance categories")
      .min(1, { error: "at least one instance category" })
      .default([...POOL.instanceCategories])
      .describe("EC2 instance categories (c compute, m general purpose, r memory); all support security groups for pods."),
    minInstanceGeneration: integer(5, 8).default(POOL.minInstanceGeneration).describe("Oldest instance generation allowed (6 = m6i, c6g, r6a ...)."),
    cpuLimit: integer(2, 100000).default(64).describe("Most vCPUs of all the pool's nodes together: the cost ceiling of autoscaling. Both colours at scaling.maxCount must fit."),
    memoryLimitGiB: integer(4, 1000000).default(256).describe("Most memory of all the pool's nodes together, GiB. Both colours at scaling.maxCount must fit."),
    consolidateAfterSeconds: integer(0, 3600).default(POOL.consolidateAfterSeconds).describe("Seconds a node stays empty or underused before its pods are packed onto fewer nodes."),
    expireAfterHours: integer(1, 2160).default(POOL.expireAfterHours).describe("Hours after which a node is replaced (new AMI); at most 504 with autoMode."),
    diskSizeGiB: integer(20, 16384).default(POOL.diskSizeGiB).describe("Each node's volume, GiB, encrypted with the cluster's node volume key."),
    disruptionBudgetPercent: integer(1, 100).default(POOL.disruptionBudgetPercent).describe("Share of the pool's nodes consolidation and expiry may replace at once."),
  })
  .prefault({})
  .describe("The app's node pool: what nodes may be launched for pending pods, and at most how many.");

const capacitySchema = z
  .strictObject({
    mode: oneOf(EKS_CAPACITY_MODES)
      .default("karpenter")
      .describe("karpenter: self-managed Karpenter, its controller on eks.nodeGroups; autoMode: EKS Auto Mode runs the nodes (no node groups, no VPC CNI add-on, no security groups for pods)."),
    nodePool: nodePoolSchema,
    karpenter: z
      .strictObject({
        chartVersion: chartVersion.default("1.14.1").describe("karpenter and karpenter-crd chart version (oci://public.ecr.aws/karpenter)."),
        identity: oneOf(WORKLOAD_IDENTITIES).default("podIdentity").describe("How the controller gets its IAM role: EKS Pod Identity or IRSA."),
        amiVersion: text("latest or an AL2023 release such as v20250920", /^(latest|v\d{8})$/)
          .default("latest")
          .describe("EKS-optimized AL2023 AMI release of the nodes; pin one in production so AMI updates roll out when you choose."),
      })
      .prefault({})
      .describe("Karpenter settings; used only with mode karpenter."),
  })
  .prefault({})
  .superRefine((capacity, ctx) => {
    const failed = new Set(ctx.issues.map((issue) => (issue.path ?? []).join(".")));
    for (const p of nodePoolArgProblems(capacity.mode, capacity.nodePool)) {
      if (!failed.has(`nodePool.${p.argument}`)) ctx.addIssue({ code: "custom", path: ["nodePool", p.argument], input: p.value, message: p.allowed });
    }
  })
  .describe("Capacity that follows the pods: Karpenter or EKS Auto Mode adds nodes for pending pods and removes idle ones.");

const thresholdsSchema = z
  .strictObject({
    cpuWarningPercent: integer(1, 100).default(80).describe("HighCPUUsage: pod CPU above this share of its limit for 10 minutes (warning)."),
    cpuCriticalPercent: integer(1, 100).default(95).describe("CriticalCPUUsage: pod CPU above this share of its limit for 5 minutes (critical)."),
    memoryPercent: integer(1, 100).default(85).describe("HighMemoryUsage: working set above this share of the memory limit for 5 minutes."),
    errorRatePercent: number(0.1, 100).default(5).describe("HighErrorRate: 5xx responses above this share of requests for 5 minutes (critical)."),
    latencyP95Seconds: number(0.01, 60).default(1).describe("HighLatency: p95 request duration above this many seconds for 10 minutes."),
    diskPercent: integer(1, 100).default(90).describe("DiskSpaceLow: a persistent volume fuller than this."),
    availabilityTargetPercent: number(90, 99.999).default(99.9).describe("Availability SLO the burn-rate alerts protect."),
  })
  .prefault({})
  .superRefine((t, ctx) => {
    if (t.cpuCriticalPercent <= t.cpuWarningPercent) {
      ctx.addIssue({ code: "custom", path: ["cpuCriticalPercent"], input: t.cpuCriticalPercent, message: `above cpuWarningPercent (${t.cpuWarningPercent})` });
    }
  })
  .describe("Alert thresholds of the in-cluster PrometheusRule.");

const alertingSchema = z
  .strictObject({
    slack: z
      .strictObject({
        webhookUrl: secretText("Slack incoming webhook URL"),
        channel: text("a Slack channel such as #alerts", /^#[\w-]{1,80}$/).describe("Channel for every severity."),
      })
      .optional()
      .describe("Slack receiver: critical, warning and info."),
    pagerDuty: z
      .strictObject({ routingKey: secretText("PagerDuty Events v2 routing key") })
      .optional()
      .describe("PagerDuty receiver: critical only."),
    email: z
      .strictObject({
        to: text("an email address", /^[^@\s]+@[^@\s]+$/).describe("Recipient."),
        from: text("an email address", /^[^@\s]+@[^@\s]+$/).describe("Sender."),
        smarthost: text("host:port of the SMTP server", /^[\w.-]+:\d{1,5}$/).describe("SMTP server, host:port (STARTTLS required)."),
        username: text("an SMTP user name").describe("SMTP user."),
        password: secretText("SMTP password"),
      })
      .optional()
      .describe("Email receiver: critical and warning."),
  })
  .prefault({})
  .describe("Alertmanager receivers; a severity routes to the receivers configured for it. Secrets come from `secure:` values.");

const monitoringSchema = z
  .strictObject({
    enabled: boolean().default(true).describe("Install kube-prometheus-stack (Prometheus, Grafana, Alertmanager) in the cluster."),
    chartVersion: chartVersion.default("79.7.1").describe("kube-prometheus-stack chart version."),
    scrapeIntervalSeconds: integer(5, 300).default(15).describe("Prometheus scrape and rule evaluation interval."),
    retentionDays: integer(1, 365).default(30).describe("Days Prometheus keeps samples."),
    storageGiB: integer(10, 16384).default(50).describe("Size of each Prometheus replica's encrypted gp3 volume."),
    prometheusReplicas: integer(2, 5)
      .default(2)
      .describe("Prometheus replicas, each in its own availability zone (at most platform:network.availabilityZoneCount)."),
    alertmanagerReplicas: integer(2, 5)
      .default(2)
      .describe("Alertmanager replicas, clustered, each in its own availability zone (at most platform:network.availabilityZoneCount)."),
    thresholds: thresholdsSchema,
    alerting: alertingSchema,
  })
  .prefault({})
  .describe("In-cluster monitoring.");

const workloadSchema = z
  .strictObject({
    namespace: text("a DNS label such as app", DNS_LABEL).default("app").describe("Namespace of the app's Deployments."),
    healthCheckPath: text("an absolute path such as /healthz", /^\/\S*$/).default("/").describe("HTTP path of the liveness and readiness probes."),
    metricsPath: text("an absolute path such as /metrics", /^\/\S*$/).default("/metrics").describe("Path Prometheus scrapes on the container port."),
    runAsUser: integer(1, 2147483647).default(101).describe("Non-root UID the containers run as (101 for nginx-unprivileged)."),
    dataPorts: list(integer(1, 65535), "a list of TCP ports").default([5432, 6379]).describe("TCP ports the app may reach in the database subnets."),
  })
  .prefault({})
  .describe("The app's pods on EKS; size and scaling come from platform:compute.cpu, memoryMiB and scaling.");

/** `platform:compute.eks`: settings only EKS uses. Defaults are prod-grade; dev turns cost down in its stack file. */
export const eksComputeSchema = z
  .strictObject({
    kubernetesVersion: oneOf(EKS_KUBERNETES_VERSIONS).default("1.33").describe("Kubernetes version of the control plane and node groups."),
    endpoint: z
      .strictObject({
        publicAccess: boolean().default(false).describe("Expose the API server endpoint publicly as well as privately."),
        publicAccessCidrs: list(text("an IPv4 CIDR such as 203.0.113.0/24"), "a list of IPv4 CIDRs")
          .default([])
          .describe("Networks allowed to reach the public endpoint; required when publicAccess is true, never 0.0.0.0/0."),
      })
      .prefault({})
      .superRefine((e, ctx) => {
        for (const problem of validatePublicAccessCidrs(e.publicAccess, e.publicAccessCidrs)) {
          ctx.addIssue({ code: "custom", path: ["publicAccessCidrs"], input: problem.value, message: problem.allowed });
        }
      })
      .describe("API server endpoint access."),
    adminRoleArns: list(text("an IAM role ARN such as arn:aws:iam::123456789012:role/admin", ROLE_ARN), "a list of IAM role ARNs")
      .default([])
      .describe("IAM roles given cluster-admin through access entries (authentication mode API)."),
    deletionProtection: boolean().default(true).describe("Refuse to delete the cluster until this is turned off."),
    logRetentionInDays: oneOfNumbers(LOG_RETENTION_DAYS).default(90).describe("Days to keep control-plane logs (all five log types)."),
    podLogRetentionInDays: oneOfNumbers(LOG_RETENTION_DAYS)
      .default(30)
      .describe("Days to keep the pods' logs and Container Insights' performance events (encrypted log groups /aws/containerinsights/<cluster>/...)."),
    capacity: capacitySchema,
    nodeGroups: z
      .record(z.string().regex(NODE_GROUP_KEY, { error: "is not a valid node group key (expected lowercase letters, digits and -)" }), nodeGroupSchema, {
        error: "a map of node group keys to node group settings",
      })
      .refine((groups) => Object.keys(groups).length > 0, "is not allowed (expected at least one node group)")
      .superRefine((groups, ctx) => {
        for (const [key, group] of Object.entries(groups)) {
          if (group.renamedFrom !== undefined && group.renamedFrom in groups) {
            ctx.addIssue({ code: "custom", path: [key, "renamedFrom"], input: group.renamedFrom, message: "the key of a group that no longer exists (two groups cannot share one identity)" });
          }
        }
      })
      .prefault({ system: { criticalAddonsOnly: true } })
      .describe("Managed node groups in the private subnets, by stable key, for the controllers that must not run on nodes Karpenter launches. None are created with capacity.mode autoMode."),
    addons: z
      .strictObject({
        vpcCni: addonVersion.optional().describe("vpc-cni version, v1.15.5-eksbuild.1 or later (Pod Identity). Default: the version EKS picks for the Kubernetes version."),
        coreDns: addonVersion.optional().describe("coredns version. Default: EKS's default."),
        kubeProxy: addonVersion.optional().describe("kube-proxy version. Default: EKS's default."),
        ebsCsiDriver: addonVersion.optional().describe("aws-ebs-csi-driver version, v1.26.0-eksbuild.1 or later (Pod Identity). Default: EKS's default."),
        podIdentityAgent: addonVersion.optional().describe("eks-pod-identity-agent version. Default: EKS's default."),
        cloudwatchObservability: addonVersion
          .refine(addonSupportsPodIdentity, "is not allowed (expected v3.1.0-eksbuild.1 or later: earlier versions take no Pod Identity association)")
          .optional()
          .describe("amazon-cloudwatch-observability version (Container Insights and pod logs), 3.1.0 or later. Default: EKS's default."),
      })
      .superRefine((versions, ctx) => {
        for (const p of podIdentityAddonVersionProblems(versions)) ctx.addIssue({ code: "custom", path: [p.key], input: p.value, message: p.allowed });
      })
      .prefault({})
      .describe("Managed add-on versions."),
    loadBalancerController: z
      .strictObject({ chartVersion: chartVersion.default("1.13.0").describe("aws-load-balancer-controller chart version.") })
      .prefault({})
      .describe("AWS Load Balancer Controller, which binds the app's Services to the ALB's target groups."),
    workload: workloadSchema,
    monitoring: monitoringSchema,
  })
  .prefault({})
  .describe("EKS cluster and workload settings.");

export type EksComputeConfig = z.infer<typeof eksComputeSchema>;
