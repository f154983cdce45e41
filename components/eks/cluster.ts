import * as aws from "../internal/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { awsContext } from "../internal/aws-context";
import { createEncryptionKey } from "../internal/kms";
import { createEncryptedLogGroup } from "../internal/log-group";
import { mergeTags, Tags } from "../internal/tags";
import { EKS_CLUSTER_LOG_TYPES, roleNameOf, validateClusterSettings } from "./cluster-validation";
import { Problems } from "../internal/validation";
import { podIdentityAddonVersionProblems } from "./addon-identity";
import { AUTO_MODE_CLUSTER_POLICIES, AUTO_MODE_NODE_POLICIES, autoModeClusterSettings } from "./auto-mode";
import { attachManagedPolicies, createRole, serviceTrustPolicy } from "./iam";
import { kubeconfigOutput } from "./kubeconfig";
import { EksAddonVersions, EksNodeGroupArgs, createManagedNodes } from "./node-groups";

export interface EksClusterEndpointArgs {
  /** Also expose the API server publicly. @default false: private endpoint only */
  readonly publicAccess?: boolean;
  /** Networks allowed on the public endpoint; required with `publicAccess`, never 0.0.0.0/0. @default [] */
  readonly publicAccessCidrs?: readonly string[];
}

export interface EksClusterArgs {
  /** Exact cluster name; also names the control-plane log group `/aws/eks/<name>/cluster`. @default the component name */
  readonly clusterName?: string;
  /** Kubernetes version, one of `EKS_KUBERNETES_VERSIONS`. */
  readonly kubernetesVersion: string;
  /** Private subnets, in at least two AZs, for the control-plane ENIs and the nodes. */
  readonly subnetIds: readonly pulumi.Input<string>[];
  /** API server endpoint access. @default private only */
  readonly endpoint?: EksClusterEndpointArgs;
  /** IAM roles given `AmazonEKSClusterAdminPolicy` through access entries. @default none (the creator gets no implicit admin either) */
  readonly adminRoleArns?: readonly string[];
  /** Refuse deletion of the cluster. @default true */
  readonly deletionProtection?: boolean;
  /** Days of control-plane logs; one of CloudWatch's retention values. @default 90 */
  readonly logRetentionInDays?: number;
  /** Bring your own KMS key for envelope encryption of Kubernetes Secrets. @default a new key with rotation */
  readonly secretsKmsKeyArn?: pulumi.Input<string>;
  /** Bring your own KMS key for the control-plane log group (its policy must admit `logs`). @default a new key with rotation */
  readonly logKmsKeyArn?: pulumi.Input<string>;
  /**
   * EKS Auto Mode: AWS runs the nodes (built-in `general-purpose` and `system`
   * pools), block storage, load balancing, the VPC CNI, kube-proxy, CoreDNS and
   * the Pod Identity agent; no node group and none of those add-ons is created.
   * @default false: managed node groups and managed add-ons
   */
  readonly autoMode?: boolean;
  /** Managed node groups by stable key; at least one without `autoMode`, none with it. */
  readonly nodeGroups: Readonly<Record<string, EksNodeGroupArgs>>;
  /** Bring your own KMS key for the volumes of the nodes Karpenter or Auto Mode launch. @default a new key with rotation */
  readonly nodeVolumeKmsKeyArn?: pulumi.Input<string>;
  /** Managed add-on versions. @default the version EKS picks for the Kubernetes version */
  readonly addonVersions?: EksAddonVersions;
  /** Tags for every taggable resource, after `Name`. @default none */
  readonly tags?: Tags;
}

const DEFAULT_LOG_RETENTION_DAYS = 90;
const CLUSTER_ADMIN_POLICY = "AmazonEKSClusterAdminPolicy";

/**
 * An EKS control plane with a private API endpoint, KMS envelope encryption of
 * Secrets, every control-plane log type in an encrypted log group, access
 * entries (authentication mode API) for admin roles, an IAM OIDC provider for
 * IRSA, a KMS key for the volumes of the nodes that follow the pods, and
 * either managed add-ons and managed node groups or EKS Auto Mode; plus a
 * Kubernetes provider that authenticates with `aws eks get-token`.
 *
 * VPC CNI runs with security groups for pods (`ENABLE_POD_ENI`) and network
 * policy enforcement, so a workload can carry its own security group that the
 * database and cache admit, instead of the node group's.
 */
export class EksCluster extends pulumi.ComponentResource {
  readonly clusterName: pulumi.Output<string>;
  readonly clusterArn: pulumi.Output<string>;
  readonly endpoint: pulumi.Output<string>;
  readonly certificateAuthorityData: pulumi.Output<string>;
  /** The security group EKS creates and attaches to the control plane and managed nodes. */
  readonly clusterSecurityGroupId: pulumi.Output<string>;
  readonly oidcProviderArn: pulumi.Output<string>;
  /** Issuer URL with `https://`. */
  readonly oidcIssuer: pulumi.Output<string>;
  /** Role of the managed node groups, or of the Auto Mode nodes. */
  readonly nodeRoleArn: pulumi.Output<string>;
  readonly nodeRoleName: pulumi.Output<string>;
  /** Key of the volumes of the nodes Karpenter or Auto Mode launch. */
  readonly nodeVolumeKmsKeyArn: pulumi.Output<string>;
  readonly autoMode: boolean;
  readonly secretsKmsKeyArn: pulumi.Output<string>;
  readonly logGroupName: pulumi.Output<string>;
  readonly kubeconfig: pulumi.Output<string>;
  /** The provider every in-cluster resource must use. */
  readonly provider: k8s.Provider;
  /** Node groups and the add-ons that need nodes (none with Auto Mode): in-cluster workloads depend on these. */
  readonly ready: pulumi.Resource[];

  constructor(name: string, args: EksClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:eks:EksCluster", name, {}, opts);
    const clusterName = args.clusterName ?? name;
    const endpoint = args.endpoint ?? {};
    const logRetentionInDays = args.logRetentionInDays ?? DEFAULT_LOG_RETENTION_DAYS;
    const adminRoleArns = args.adminRoleArns ?? [];
    const autoMode = args.autoMode ?? false;
    validateClusterSettings({
      autoMode,
      kubernetesVersion: args.kubernetesVersion,
      subnetIds: args.subnetIds,
      publicAccess: endpoint.publicAccess ?? false,
      publicAccessCidrs: endpoint.publicAccessCidrs ?? [],
      adminRoleArns,
      logRetentionInDays,
      nodeGroups: args.nodeGroups,
    }).throwIfAny(this, `EksCluster "${name}"`);
    const addonProblems = new Problems();
    for (const p of podIdentityAddonVersionProblems(args.addonVersions ?? {})) addonProblems.add(`addonVersions.${p.key}`, p.value, p.allowed);
    addonProblems.throwIfAny(this, `EksCluster "${name}"`);

    const parent = { parent: this };
    const tags = (resourceName: string) => mergeTags(resourceName, args.tags);
    const ctx = awsContext(this);

    const secretsKeyArn =
      args.secretsKmsKeyArn ??
      createEncryptionKey(`${name}-secrets`, { description: `Envelope encryption of Kubernetes Secrets in ${clusterName}`, tags: tags(`${name}-secrets`) }, ctx, parent).arn;
    const logGroupName = `/aws/eks/${clusterName}/cluster`;
    const logKeyArn =
      args.logKmsKeyArn ??
      createEncryptionKey(`${name}-logs`, { description: `Control-plane logs of ${clusterName}`, logGroupNames: [logGroupName], tags: tags(`${name}-logs`) }, ctx, parent).arn;
    const nodeVolumeKeyArn =
      args.nodeVolumeKmsKeyArn ??
      createEncryptionKey(`${name}-node-volumes`, { description: `Volumes of the nodes that follow the pods in ${clusterName}`, tags: tags(`${name}-node-volumes`) }, ctx, parent).arn;
    const logGroup = createEncryptedLogGroup(
      `${name}-control-plane`,
      { logGroupName, retentionInDays: logRetentionInDays, kmsKeyArn: logKeyArn, tags: tags(`${name}-control-plane`) },
      parent,
    );

    // The cluster role: EKS itself, plus the VPC resource controller that attaches branch ENIs for security groups for pods,
    // or with Auto Mode one managed policy per capability it runs (EKS user guide, "Amazon EKS Auto Mode cluster IAM role").
    const clusterRole = createRole(`${name}-cluster`, serviceTrustPolicy("eks.amazonaws.com", ["sts:TagSession"]), `EKS control plane of ${clusterName}`, tags(`${name}-cluster`), parent);
    const clusterPolicies = attachManagedPolicies(
      `${name}-cluster`,
      clusterRole,
      ctx.partition,
      ["AmazonEKSClusterPolicy", ...(autoMode ? AUTO_MODE_CLUSTER_POLICIES : ["AmazonEKSVPCResourceController"])],
      parent,
    );
    // Auto Mode launches nodes as the cluster role, so that role encrypts their volumes with the node volume key (auto-kms.adoc).
    const nodeVolumeKeyUse = autoMode
      ? [
          new aws.iam.RolePolicy(
            `${name}-cluster-node-volume-key`,
            {
              role: clusterRole.name,
              policy: pulumi.output(nodeVolumeKeyArn).apply((keyArn) =>
                JSON.stringify({
                  Version: "2012-10-17",
                  Statement: [
                    { Sid: "EncryptNodeVolumes", Effect: "Allow", Action: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"], Resource: keyArn },
                    { Sid: "GrantsForEbs", Effect: "Allow", Action: ["kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant"], Resource: keyArn, Condition: { Bool: { "kms:GrantIsForAWSResource": "true" } } },
                  ],
                }),
              ),
            },
            parent,
          ),
        ]
      : [];
    const keyUse = new aws.iam.RolePolicy(
      `${name}-cluster-secrets-key`,
      {
        role: clusterRole.name,
        policy: pulumi.output(secretsKeyArn).apply((keyArn) =>
          JSON.stringify({
            Version: "2012-10-17",
            Statement: [
              { Sid: "EnvelopeEncryption", Effect: "Allow", Action: ["kms:Encrypt", "kms:Decrypt", "kms:ListGrants", "kms:DescribeKey"], Resource: keyArn },
              { Sid: "GrantsForEks", Effect: "Allow", Action: "kms:CreateGrant", Resource: keyArn, Condition: { Bool: { "kms:GrantIsForAWSResource": "true" } } },
            ],
          }),
        ),
      },
      parent,
    );

    // The nodes' role. Auto Mode names it in computeConfig, so it exists before the cluster. No CNI policy on it in
    // either mode: anything holding node credentials could use it; managed nodes' aws-node gets it through the vpc-cni
    // add-on's Pod Identity association (createManagedNodes), Auto Mode's CNI runs with the cluster role.
    const nodeRole = createRole(`${name}-node`, serviceTrustPolicy("ec2.amazonaws.com"), `${autoMode ? "Auto Mode" : "Managed"} nodes of ${clusterName}`, tags(`${name}-node`), parent);
    const nodePolicies = attachManagedPolicies(
      `${name}-node`,
      nodeRole,
      ctx.partition,
      autoMode ? AUTO_MODE_NODE_POLICIES : ["AmazonEKSWorkerNodePolicy", "AmazonEC2ContainerRegistryPullOnly"],
      parent,
    );

    const cluster = new aws.eks.Cluster(
      name,
      {
        name: clusterName,
        version: args.kubernetesVersion,
        roleArn: clusterRole.arn,
        vpcConfig: {
          subnetIds: [...args.subnetIds],
          endpointPrivateAccess: true,
          endpointPublicAccess: endpoint.publicAccess ?? false,
          publicAccessCidrs: endpoint.publicAccess ? [...(endpoint.publicAccessCidrs ?? [])] : undefined,
        },
        accessConfig: { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: false },
        encryptionConfig: { resources: ["secrets"], provider: { keyArn: secretsKeyArn } },
        enabledClusterLogTypes: [...EKS_CLUSTER_LOG_TYPES],
        // Add-ons are installed below as managed add-ons with pinned configuration; Auto Mode requires false as well.
        bootstrapSelfManagedAddons: false,
        ...(autoMode ? autoModeClusterSettings(nodeRole.arn) : {}),
        deletionProtection: args.deletionProtection ?? true,
        upgradePolicy: { supportType: "STANDARD" },
        tags: tags(name),
      },
      { parent: this, dependsOn: [logGroup, keyUse, ...clusterPolicies, ...nodeVolumeKeyUse, ...(autoMode ? nodePolicies : [])] },
    );

    for (const arn of adminRoleArns) {
      const key = roleNameOf(arn);
      const entry = new aws.eks.AccessEntry(`${name}-admin-${key}`, { clusterName: cluster.name, principalArn: arn, type: "STANDARD", tags: tags(`${name}-admin-${key}`) }, parent);
      new aws.eks.AccessPolicyAssociation(
        `${name}-admin-${key}`,
        {
          clusterName: cluster.name,
          principalArn: arn,
          policyArn: pulumi.interpolate`arn:${ctx.partition}:eks::aws:cluster-access-policy/${CLUSTER_ADMIN_POLICY}`,
          accessScope: { type: "cluster" },
        },
        { parent: this, dependsOn: [entry] },
      );
    }

    const oidcIssuer = cluster.identities.apply((ids) => ids?.[0]?.oidcs?.[0]?.issuer ?? "");
    const oidc = new aws.iam.OpenIdConnectProvider(`${name}-oidc`, { url: oidcIssuer, clientIdLists: ["sts.amazonaws.com"], tags: tags(`${name}-oidc`) }, parent);

    const ready = autoMode
      ? []
      : createManagedNodes(name, {
          clusterName: cluster.name,
          kubernetesVersion: args.kubernetesVersion,
          nodeRoleArn: nodeRole.arn,
          subnetIds: args.subnetIds,
          nodeGroups: args.nodeGroups,
          versions: args.addonVersions ?? {},
          partition: ctx.partition,
          clusterLabel: clusterName,
          tags: args.tags,
          parent: this,
          dependsOn: nodePolicies,
        });

    this.kubeconfig = kubeconfigOutput({
      clusterName: cluster.name,
      endpoint: cluster.endpoint,
      certificateAuthorityData: cluster.certificateAuthority.apply((ca) => ca.data ?? ""),
      region: ctx.region,
    });
    this.provider = new k8s.Provider(`${name}-k8s`, { kubeconfig: this.kubeconfig }, parent);

    this.clusterName = cluster.name;
    this.clusterArn = cluster.arn;
    this.endpoint = cluster.endpoint;
    this.certificateAuthorityData = cluster.certificateAuthority.apply((ca) => ca.data ?? "");
    this.clusterSecurityGroupId = cluster.vpcConfig.apply((v) => v.clusterSecurityGroupId);
    this.oidcProviderArn = oidc.arn;
    this.oidcIssuer = oidcIssuer;
    this.nodeRoleArn = nodeRole.arn;
    this.nodeRoleName = nodeRole.name;
    this.nodeVolumeKmsKeyArn = pulumi.output(nodeVolumeKeyArn);
    this.autoMode = autoMode;
    this.secretsKmsKeyArn = pulumi.output(secretsKeyArn);
    this.logGroupName = logGroup.name;
    this.ready = ready;
    this.registerOutputs({
      clusterName: this.clusterName,
      endpoint: this.endpoint,
      clusterSecurityGroupId: this.clusterSecurityGroupId,
      oidcProviderArn: this.oidcProviderArn,
      kubeconfig: this.kubeconfig,
    });
  }
}
