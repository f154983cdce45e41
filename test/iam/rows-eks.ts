import { StackIam } from "./collect";
import { allows, asRole, BoundaryRow, Caller, denies, PAGES, podIdentityTags, Probe, service } from "./probes";
import { foreignSecret, stackSecrets } from "./rows-services";

/**
 * Boundary rows for the EKS tier: the cluster and node roles, the Pod
 * Identity roles of the add-ons, the load balancer controller, Karpenter's
 * controller and the CloudWatch agent, and the app's IRSA role.
 */

export const clusterName = (s: StackIam) => s.run.one("aws:eks/cluster:Cluster", "eks").inputs.name;
export const eni = (s: StackIam) => s.other("ec2", "network-interface/eni-0123456789abcdef0");

/** The Pod Identity roles and the one service account each is for. */
const POD_IDENTITY_ROLES = [
  { role: "eks-vpc-cni", namespace: "kube-system", serviceAccount: "aws-node" },
  { role: "eks-ebs-csi", namespace: "kube-system", serviceAccount: "ebs-csi-controller-sa" },
  { role: "eks-lb-controller", namespace: "kube-system", serviceAccount: "aws-load-balancer-controller" },
  { role: "eks-karpenter-controller", namespace: "kube-system", serviceAccount: "karpenter" },
  { role: "eks-insights", namespace: "amazon-cloudwatch", serviceAccount: "cloudwatch-agent" },
] as const;

function podIdentityProbes(s: StackIam, roleName: string, namespace: string, serviceAccount: string): Probe[] {
  const role = s.role(roleName);
  const pods = service("pods.eks.amazonaws.com");
  const cluster = clusterName(s);
  const tags = (c: string, ns: string, sa: string) => podIdentityTags(c, ns, sa);
  return [
    allows(`assumes ${roleName} for ${namespace}/${serviceAccount} on this cluster`, pods, "sts:AssumeRole", role.arn, tags(cluster, namespace, serviceAccount)),
    allows(`tags the ${roleName} session for ${namespace}/${serviceAccount}`, pods, "sts:TagSession", role.arn, tags(cluster, namespace, serviceAccount)),
    denies(`assumes ${roleName} for another service account in ${namespace}`, pods, "sts:AssumeRole", role.arn, tags(cluster, namespace, "default")),
    denies(`assumes ${roleName} for ${serviceAccount} in another namespace`, pods, "sts:AssumeRole", role.arn, tags(cluster, "app", serviceAccount)),
    denies(`assumes ${roleName} for ${namespace}/${serviceAccount} on another cluster`, pods, "sts:AssumeRole", role.arn, tags("someone-elses-cluster", namespace, serviceAccount)),
    denies(`assumes ${roleName} without the session tags (an association with tags disabled)`, pods, "sts:AssumeRole", role.arn),
  ];
}

export const EKS_ROWS: BoundaryRow[] = [
  {
    boundary: "EKS assumes the cluster role, which envelope-encrypts Secrets only with the cluster's own key and reads no secret",
    sources: [PAGES.eksClusterRole, PAGES.eksSecretsEncryption],
    subjects: [{ role: "eks-cluster" }],
    probes: (s) => {
      const role = s.role("eks-cluster");
      const key = s.key("eks-secrets");
      return [
        allows("lets EKS assume it", service("eks.amazonaws.com"), "sts:AssumeRole", role.arn),
        allows("lets EKS tag the session", service("eks.amazonaws.com"), "sts:TagSession", role.arn),
        denies("lets EC2 assume it", service("ec2.amazonaws.com"), "sts:AssumeRole", role.arn),
        allows("encrypts a Kubernetes Secret's data key", asRole(role), "kms:Encrypt", key),
        allows("decrypts one", asRole(role), "kms:Decrypt", key),
        allows("creates a grant for EKS on the key", asRole(role), "kms:CreateGrant", key, { "kms:GrantIsForAWSResource": "true" }),
        denies("creates a grant for anyone else", asRole(role), "kms:CreateGrant", key, { "kms:GrantIsForAWSResource": "false" }),
        denies("decrypts with the database key", asRole(role), "kms:Decrypt", s.key("database")),
        denies("reads the database secret", asRole(role), "secretsmanager:GetSecretValue", stackSecrets(s).database),
      ];
    },
  },
  {
    boundary: "Node credentials cannot touch network interfaces (the CNI's ENI permissions are off the node role); nodes pull images and fetch Pod Identity credentials",
    sources: [PAGES.eksNodeRole, PAGES.eksCniRole],
    subjects: [{ role: "eks-node" }],
    probes: (s) => {
      const node = asRole(s.role("eks-node"));
      return [
        allows("lets EC2 assume it", service("ec2.amazonaws.com"), "sts:AssumeRole", s.role("eks-node").arn),
        denies("lets EKS Pod Identity assume it", service("pods.eks.amazonaws.com"), "sts:AssumeRole", s.role("eks-node").arn),
        denies("deletes a network interface", node, "ec2:DeleteNetworkInterface", eni(s)),
        denies("attaches a network interface", node, "ec2:AttachNetworkInterface", eni(s)),
        denies("assigns private IPs to an interface", node, "ec2:AssignPrivateIpAddresses", eni(s)),
        allows("gets Pod Identity credentials for the pods on it", node, "eks-auth:AssumeRoleForPodIdentity", s.other("eks", `cluster/${clusterName(s)}`)),
        allows("pulls an image", node, "ecr:BatchGetImage", s.other("ecr", "repository/app")),
        denies("reads the database secret", node, "secretsmanager:GetSecretValue", stackSecrets(s).database),
      ];
    },
  },
  ...POD_IDENTITY_ROLES.map(
    ({ role, namespace, serviceAccount }): BoundaryRow => ({
      boundary: `Only ${namespace}/${serviceAccount} on this cluster assumes ${role} (EKS Pod Identity session tags)`,
      sources: [PAGES.podIdentityRole, PAGES.podIdentityTags],
      subjects: [{ role }],
      probes: (s) => podIdentityProbes(s, role, namespace, serviceAccount),
    }),
  ),
  {
    boundary: "The VPC CNI's Pod Identity role manages network interfaces (AmazonEKS_CNI_Policy) and reads nothing else",
    sources: [PAGES.eksCniRole, PAGES.eksAddonPodIdentity],
    subjects: [{ role: "eks-vpc-cni" }],
    probes: (s) => {
      const cni = asRole(s.role("eks-vpc-cni"));
      return [
        allows("assigns private IPs", cni, "ec2:AssignPrivateIpAddresses", eni(s)),
        allows("tags the interfaces it creates", cni, "ec2:CreateTags", eni(s)),
        denies("reads the database secret", cni, "secretsmanager:GetSecretValue", stackSecrets(s).database),
        denies("decrypts with the cluster's Secrets key", cni, "kms:Decrypt", s.key("eks-secrets")),
      ];
    },
  },
  {
    boundary: "The EBS CSI controller's role manages volumes it tags and reads no secret",
    sources: [PAGES.eksAddonPodIdentity],
    subjects: [{ role: "eks-ebs-csi" }],
    probes: (s) => {
      const csi = asRole(s.role("eks-ebs-csi"));
      const volume = s.other("ec2", "volume/vol-0123456789abcdef0");
      return [
        allows("attaches a volume", csi, "ec2:AttachVolume", volume),
        allows("deletes a volume it created", csi, "ec2:DeleteVolume", volume, { "ec2:ResourceTag/ebs.csi.aws.com/cluster": "true" }),
        denies("deletes a volume it did not create", csi, "ec2:DeleteVolume", volume),
        denies("reads the database secret", csi, "secretsmanager:GetSecretValue", stackSecrets(s).database),
      ];
    },
  },
  {
    boundary: "The load balancer controller registers targets only in the app's two target groups and creates nothing",
    sources: [PAGES.podIdentityRole],
    subjects: [{ role: "eks-lb-controller" }],
    probes: (s) => {
      const controller = asRole(s.role("eks-lb-controller"));
      const groups = s.run.ofType("aws:lb/targetGroup:TargetGroup").map((g) => g.state.arn);
      return [
        ...groups.map((group) => allows(`registers a pod in ${group.split("/")[1]}`, controller, "elasticloadbalancing:RegisterTargets", group)),
        allows("reads the target groups", controller, "elasticloadbalancing:DescribeTargetGroups", "*"),
        denies("registers a pod in another target group", controller, "elasticloadbalancing:RegisterTargets", s.other("elasticloadbalancing", "targetgroup/someone-else/0123456789abcdef")),
        denies("creates a load balancer", controller, "elasticloadbalancing:CreateLoadBalancer", s.other("elasticloadbalancing", "loadbalancer/app/new/0123456789abcdef")),
        denies("opens a security group", controller, "ec2:AuthorizeSecurityGroupIngress", s.other("ec2", "security-group/sg-0123456789abcdef0")),
      ];
    },
  },
  {
    boundary: "Only the app's service account, for the STS audience, assumes the app's IRSA role, which reads only the app's secrets through Secrets Manager",
    sources: [PAGES.irsaTrust, PAGES.kmsViaService],
    subjects: [{ role: "eks-app-app" }],
    probes: (s) => {
      const role = s.role("eks-app-app");
      const provider = s.run.one("aws:iam/openIdConnectProvider:OpenIdConnectProvider", "eks-oidc");
      const host = provider.inputs.url.replace(/^https:\/\//, "");
      const oidc: Caller = { principal: provider.state.arn };
      const token = (sub: string, aud = "sts.amazonaws.com") => ({ [`${host}:sub`]: sub, [`${host}:aud`]: aud });
      const namespace = s.run.one("kubernetes:core/v1:Namespace", "eks-app-namespace").inputs.metadata.name;
      const app = asRole(role);
      const { database, cache } = stackSecrets(s);
      const viaSecretsManager = { "kms:ViaService": `secretsmanager.${s.region}.amazonaws.com` };
      return [
        allows("is assumed by the app's service account", oidc, "sts:AssumeRoleWithWebIdentity", role.arn, token(`system:serviceaccount:${namespace}:app`)),
        denies("is assumed by another service account of the namespace", oidc, "sts:AssumeRoleWithWebIdentity", role.arn, token(`system:serviceaccount:${namespace}:default`)),
        denies("is assumed for another audience", oidc, "sts:AssumeRoleWithWebIdentity", role.arn, token(`system:serviceaccount:${namespace}:app`, "other")),
        denies("is assumed through another cluster's OIDC provider", { principal: provider.state.arn.replace(/id\/[A-Z0-9]+$/, "id/0000OTHERCLUSTER0000") }, "sts:AssumeRoleWithWebIdentity", role.arn, token(`system:serviceaccount:${namespace}:app`)),
        allows("reads the database secret", app, "secretsmanager:GetSecretValue", database),
        allows("reads the cache secret", app, "secretsmanager:GetSecretValue", cache),
        denies("reads a secret the stack does not own", app, "secretsmanager:GetSecretValue", foreignSecret(s)),
        allows("decrypts the database secret through Secrets Manager", app, "kms:Decrypt", s.key("database"), viaSecretsManager),
        denies("decrypts with the database key directly", app, "kms:Decrypt", s.key("database")),
        denies("passes a role", app, "iam:PassRole", s.role("eks-node").arn),
      ];
    },
  },
];
