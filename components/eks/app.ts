import * as aws from "../internal/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { AppSecretRef, AppSetting, allowFromPeer, SecurityGroupPeer } from "../internal/connections";
import { decryptThroughSecretsManager } from "../internal/decrypt-policy";
import { Colour, COLOURS } from "../internal/metrics";
import { mergeTags, Tags } from "../internal/tags";
import { networkPolicySpecs } from "./app-network";
import { AppScaling, disruptionBudget, PodPlacement, PodSizing, PORT_NAME, podTemplate, ROLLOUT_MAX_SURGE_PERCENT, selectorLabels, validateAppSpec } from "./app-spec";
import { irsaTrustPolicy } from "./iam";

export interface EksAppArgs {
  /** Name of the Deployments, Services and ServiceAccount; prefix of the pods. @default the component name */
  readonly appName?: string;
  /** Namespace created for the app. @default "app" */
  readonly namespace?: string;
  /** The cluster the app runs in. */
  readonly clusterName: pulumi.Input<string>;
  /** Provider of the cluster. */
  readonly provider: k8s.Provider;
  /** VPC of the cluster: the pods' security group and the TargetGroupBindings live there. */
  readonly vpcId: pulumi.Input<string>;
  /** VPC CIDR, for the load balancer's NetworkPolicy allow. */
  readonly vpcCidr: string;
  /** The cluster security group (nodes): admitted on the container port for kubelet probes and Prometheus. */
  readonly clusterSecurityGroupId: pulumi.Input<string>;
  /** The cluster's IAM OIDC provider, which the app's IRSA role trusts. */
  readonly oidcProviderArn: pulumi.Input<string>;
  /** The OIDC issuer URL with `https://`. */
  readonly oidcIssuer: pulumi.Input<string>;
  /** Unprivileged port the app listens on (1024-65535). */
  readonly containerPort: number;
  /** Pinned image per colour. */
  readonly images: Readonly<Record<Colour, string>>;
  /** Requests and limits of each pod. */
  readonly sizing: PodSizing;
  /** Autoscaler bounds and CPU target, per colour. */
  readonly scaling: AppScaling;
  /** HTTP path of the liveness, readiness and startup probes. @default "/" */
  readonly healthCheckPath?: string;
  /** Seconds a starting pod may fail its startup probe. @default 60 */
  readonly startupGraceSeconds?: number;
  /** Non-root UID. @default 101 */
  readonly runAsUser?: number;
  /** The load balancer: its security group is the only outside source admitted; each colour's Service is bound to its target group. */
  readonly loadBalancer: SecurityGroupPeer & { readonly targetGroupArns: Readonly<Record<Colour, pulumi.Input<string>>> };
  /** Secrets the app reads from Secrets Manager with its own role. */
  readonly appSecrets: readonly AppSecretRef[];
  /** Plain settings the app receives as environment variables. */
  readonly appSettings: readonly AppSetting[];
  /** Database subnet CIDRs and the TCP ports the app reaches there. @default none */
  readonly dataCidrs?: readonly string[];
  /** TCP ports the app may reach in `dataCidrs`. @default [5432, 6379] */
  readonly dataPorts?: readonly number[];
  /**
   * Attach the app's security group to its pods (security groups for pods).
   * False on EKS Auto Mode, which has no security groups for pods: the caller
   * attaches the group to the app's own nodes instead, selecting it by
   * `securityGroupTags`, and `placement` keeps the app on those nodes.
   * @default true
   */
  readonly podSecurityGroups?: boolean;
  /** Extra tags on the app's security group, such as the tag a node class selects it by. @default none */
  readonly securityGroupTags?: Tags;
  /** Nodes the app's pods run on. @default anywhere */
  readonly placement?: PodPlacement;
  /** Namespace of the in-cluster Prometheus allowed to scrape the app. @default none */
  readonly monitoringNamespace?: string;
  /**
   * What the in-cluster objects wait for: the cluster's nodes, the load
   * balancer controller (whose CRDs define TargetGroupBinding) and the load
   * balancer. Given here rather than in `opts.dependsOn`, so the pods'
   * security group is created without waiting and the load balancer can
   * reference it.
   * @default none
   */
  readonly inClusterDependsOn?: readonly pulumi.Resource[];
  /** Tags for every taggable resource, after `Name`. @default none */
  readonly tags?: Tags;
}

const DEFAULT_NAMESPACE = "app";
const SERVICE_ACCOUNT = "app";
const ANYWHERE_IPV4 = "0.0.0.0/0";

/** The app's IAM policy: read exactly the given secrets, and decrypt them only through Secrets Manager. */
export function appSecretsPolicy(secrets: readonly { secretArn: string; kmsKeyArn: string }[], region: string): object {
  const unique = (values: string[]) => [...new Set(values)].sort();
  return {
    Version: "2012-10-17",
    Statement: [
      { Sid: "ReadAppSecrets", Effect: "Allow", Action: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"], Resource: unique(secrets.map((s) => s.secretArn)) },
      ...decryptThroughSecretsManager("DecryptThroughSecretsManager", secrets.map((s) => s.kmsKeyArn), region, "amazonaws.com"),
    ],
  };
}

/**
 * The app on EKS: a restricted namespace with quota, limit range and
 * NetworkPolicies; blue and green Deployments with Services, autoscalers and
 * disruption budgets; a security group attached to the pods through a
 * SecurityGroupPolicy (security groups for pods) that admits only the load
 * balancer and the nodes' kubelet; an IRSA role that reads only the app's
 * secrets; and a TargetGroupBinding per colour into the ALB's target groups.
 *
 * Every in-cluster resource uses `provider` and waits for `inClusterDependsOn`.
 */
export class EksApp extends pulumi.ComponentResource {
  /** Attached to the app's pods only: the database and cache admit this one. */
  readonly securityGroupId: pulumi.Output<string>;
  readonly roleArn: pulumi.Output<string>;
  readonly namespace: string;
  readonly deploymentNames: Readonly<Record<Colour, string>>;
  readonly serviceNames: Readonly<Record<Colour, string>>;

  constructor(name: string, args: EksAppArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:eks:EksApp", name, {}, opts);
    const namespace = args.namespace ?? DEFAULT_NAMESPACE;
    const appName = args.appName ?? name;
    const healthCheckPath = args.healthCheckPath ?? "/";
    const runAsUser = args.runAsUser ?? 101;
    const dataPorts = args.dataPorts ?? [5432, 6379];
    const dataCidrs = args.dataCidrs ?? [];
    const podSecurityGroups = args.podSecurityGroups ?? true;
    validateAppSpec({
      namespace,
      containerPort: args.containerPort,
      images: args.images,
      sizing: args.sizing,
      scaling: args.scaling,
      healthCheckPath,
      runAsUser,
      dataPorts,
    }).throwIfAny(this, `EksApp "${name}"`);

    const parent = { parent: this };
    const k8sOpts = { parent: this, provider: args.provider };
    const tags = (resourceName: string) => mergeTags(resourceName, args.tags);
    const region = aws.getRegionOutput({}, parent).region;

    // The pods' own security group. Outside traffic: only the load balancer. Inside: the nodes, for kubelet probes and scraping.
    const sg = new aws.ec2.SecurityGroup(
      `${name}-pods`,
      {
        vpcId: args.vpcId,
        description: podSecurityGroups ? `Pods of ${appName} (security groups for pods)` : `Nodes that run only ${appName}'s pods`,
        tags: mergeTags(`${name}-pods`, args.tags, args.securityGroupTags),
      },
      // The description of a security group cannot change in place; keep the one it was created with.
      { parent: this, ignoreChanges: ["description"] },
    );
    allowFromPeer(this, `${name}-pods`, "load-balancer", sg.id, args.loadBalancer, args.containerPort, "App port from the load balancer only");
    allowFromPeer(this, `${name}-pods`, "nodes", sg.id, { securityGroupId: args.clusterSecurityGroupId }, args.containerPort, "Kubelet probes and Prometheus from the nodes");
    const egress = (key: string, rule: Omit<aws.vpc.SecurityGroupEgressRuleArgs, "securityGroupId" | "tags">) =>
      new aws.vpc.SecurityGroupEgressRule(`${name}-pods-to-${key}`, { securityGroupId: sg.id, ...rule, tags: tags(`${name}-pods-to-${key}`) }, parent);
    egress("https", { ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: ANYWHERE_IPV4, description: "AWS APIs (STS, Secrets Manager) over HTTPS" });
    egress("dns-udp", { ipProtocol: "udp", fromPort: 53, toPort: 53, referencedSecurityGroupId: args.clusterSecurityGroupId, description: "CoreDNS" });
    egress("dns-tcp", { ipProtocol: "tcp", fromPort: 53, toPort: 53, referencedSecurityGroupId: args.clusterSecurityGroupId, description: "CoreDNS" });
    // CoreDNS runs on the nodes, behind the cluster security group, which admits only itself by default.
    for (const protocol of ["udp", "tcp"]) {
      new aws.vpc.SecurityGroupIngressRule(
        `${name}-nodes-dns-${protocol}-from-pods`,
        {
          securityGroupId: args.clusterSecurityGroupId,
          referencedSecurityGroupId: sg.id,
          ipProtocol: protocol,
          fromPort: 53,
          toPort: 53,
          description: `DNS (${protocol}) from the ${appName} pods to CoreDNS`,
          tags: tags(`${name}-nodes-dns-${protocol}-from-pods`),
        },
        parent,
      );
    }
    for (const cidr of dataCidrs) {
      for (const port of dataPorts) {
        egress(`${cidr.replace(/[./]/g, "-")}-${port}`, { ipProtocol: "tcp", fromPort: port, toPort: port, cidrIpv4: cidr, description: `Data stores on ${port}` });
      }
    }

    // IRSA, not Pod Identity: pods with their own security group cannot reach the Pod Identity agent's link-local address.
    const role = new aws.iam.Role(
      `${name}-app`,
      {
        assumeRolePolicy: irsaTrustPolicy(args.oidcProviderArn, args.oidcIssuer, namespace, SERVICE_ACCOUNT),
        description: `${appName} pods: read the app's secrets`,
        tags: tags(`${name}-app`),
      },
      parent,
    );
    if (args.appSecrets.length > 0) {
      new aws.iam.RolePolicy(
        `${name}-app-secrets`,
        {
          role: role.name,
          policy: pulumi
            .all([pulumi.all(args.appSecrets.map((s) => pulumi.all([s.secretArn, s.kmsKeyArn]))), region])
            .apply(([pairs, r]) => JSON.stringify(appSecretsPolicy(pairs.map(([secretArn, kmsKeyArn]) => ({ secretArn, kmsKeyArn })), r))),
        },
        parent,
      );
    }

    const ns = new k8s.core.v1.Namespace(
      `${name}-namespace`,
      {
        metadata: {
          name: namespace,
          labels: {
            "pod-security.kubernetes.io/enforce": "restricted",
            "pod-security.kubernetes.io/warn": "restricted",
            // The load balancer controller gates pod readiness on target health, so a rollout never outruns the ALB.
            "elbv2.k8s.aws/pod-readiness-gate-inject": "enabled",
          },
        },
      },
      // Every in-cluster child depends on the namespace, so the namespace carries the outer dependencies (nodes, controller CRDs)
      // and the security group, which the pods or their nodes carry.
      { ...k8sOpts, dependsOn: [...(args.inClusterDependsOn ?? []), sg] },
    );
    const inNs = { ...k8sOpts, dependsOn: [ns] };
    const meta = (resourceName: string) => ({ name: resourceName, namespace, labels: { "app.kubernetes.io/name": appName, "app.kubernetes.io/managed-by": "pulumi" } });

    const podsAtMost = args.scaling.maxReplicas * COLOURS.length;
    new k8s.core.v1.ResourceQuota(
      `${name}-quota`,
      {
        metadata: meta("app-quota"),
        spec: {
          hard: {
            pods: String(podsAtMost + COLOURS.length),
            "requests.cpu": `${(podsAtMost + COLOURS.length) * args.sizing.cpuMillicores}m`,
            "requests.memory": `${(podsAtMost + COLOURS.length) * args.sizing.memoryMiB}Mi`,
            "limits.cpu": `${(podsAtMost + COLOURS.length) * args.sizing.cpuLimitMillicores}m`,
            "limits.memory": `${(podsAtMost + COLOURS.length) * args.sizing.memoryMiB}Mi`,
            "services.loadbalancers": "0",
            "services.nodeports": "0",
          },
        },
      },
      inNs,
    );
    new k8s.core.v1.LimitRange(
      `${name}-limits`,
      {
        metadata: meta("app-limits"),
        spec: {
          limits: [
            {
              type: "Container",
              default: { cpu: `${args.sizing.cpuLimitMillicores}m`, memory: `${args.sizing.memoryMiB}Mi` },
              defaultRequest: { cpu: `${args.sizing.cpuMillicores}m`, memory: `${args.sizing.memoryMiB}Mi` },
              max: { cpu: `${args.sizing.cpuLimitMillicores}m`, memory: `${args.sizing.memoryMiB}Mi` },
            },
          ],
        },
      },
      inNs,
    );
    for (const [key, spec] of Object.entries(
      networkPolicySpecs({ appName, containerPort: args.containerPort, vpcCidr: args.vpcCidr, dataCidrs, dataPorts, monitoringNamespace: args.monitoringNamespace }),
    )) {
      new k8s.networking.v1.NetworkPolicy(`${name}-${key}`, { metadata: meta(key), spec }, inNs);
    }

    const serviceAccount = new k8s.core.v1.ServiceAccount(
      `${name}-service-account`,
      { metadata: { ...meta(SERVICE_ACCOUNT), annotations: { "eks.amazonaws.com/role-arn": role.arn } }, automountServiceAccountToken: false },
      inNs,
    );
    if (podSecurityGroups) {
      new k8s.apiextensions.CustomResource(
        `${name}-security-group-policy`,
        {
          apiVersion: "vpcresources.k8s.aws/v1beta1",
          kind: "SecurityGroupPolicy",
          metadata: meta(appName),
          spec: { podSelector: { matchLabels: { "app.kubernetes.io/name": appName } }, securityGroups: { groupIds: [sg.id] } },
        },
        inNs,
      );
    }

    const deploymentNames = {} as Record<Colour, string>;
    for (const colour of COLOURS) {
      const resourceName = `${appName}-${colour}`;
      deploymentNames[colour] = resourceName;
      const labels = selectorLabels(appName, colour);
      const deployment = new k8s.apps.v1.Deployment(
        `${name}-${colour}`,
        {
          metadata: meta(resourceName),
          spec: {
            // The autoscaler owns the replica count; this is only the size at creation.
            replicas: args.scaling.minReplicas,
            selector: { matchLabels: labels },
            strategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 0, maxSurge: `${ROLLOUT_MAX_SURGE_PERCENT}%` } },
            template: podTemplate({
              appName,
              colour,
              image: args.images[colour],
              containerPort: args.containerPort,
              healthCheckPath,
              startupGraceSeconds: args.startupGraceSeconds ?? 60,
              sizing: args.sizing,
              runAsUser,
              serviceAccountName: SERVICE_ACCOUNT,
              appSecrets: args.appSecrets,
              appSettings: args.appSettings,
              placement: args.placement,
            }),
          },
        },
        { ...inNs, dependsOn: [ns, serviceAccount], ignoreChanges: ["spec.replicas"] },
      );
      const service = new k8s.core.v1.Service(
        `${name}-${colour}`,
        { metadata: meta(resourceName), spec: { type: "ClusterIP", selector: labels, ports: [{ name: PORT_NAME, port: args.containerPort, targetPort: PORT_NAME, protocol: "TCP" }] } },
        inNs,
      );
      new k8s.autoscaling.v2.HorizontalPodAutoscaler(
        `${name}-${colour}`,
        {
          metadata: meta(resourceName),
          spec: {
            scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: resourceName },
            minReplicas: args.scaling.minReplicas,
            maxReplicas: args.scaling.maxReplicas,
            metrics: [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: args.scaling.cpuTargetPercent } } }],
          },
        },
        { ...inNs, dependsOn: [deployment] },
      );
      new k8s.policy.v1.PodDisruptionBudget(
        `${name}-${colour}`,
        { metadata: meta(resourceName), spec: { selector: { matchLabels: labels }, ...disruptionBudget(args.scaling.minReplicas) } },
        inNs,
      );
      new k8s.apiextensions.CustomResource(
        `${name}-${colour}`,
        {
          apiVersion: "elbv2.k8s.aws/v1beta1",
          kind: "TargetGroupBinding",
          metadata: meta(resourceName),
          spec: {
            serviceRef: { name: resourceName, port: args.containerPort },
            targetGroupARN: args.loadBalancer.targetGroupArns[colour],
            targetType: "ip",
            vpcID: args.vpcId,
          },
        },
        { ...inNs, dependsOn: [service] },
      );
    }

    this.securityGroupId = sg.id;
    this.roleArn = role.arn;
    this.namespace = namespace;
    this.deploymentNames = deploymentNames;
    this.serviceNames = deploymentNames;
    this.registerOutputs({ securityGroupId: this.securityGroupId, roleArn: this.roleArn, namespace, deploymentNames });
  }
}
