import { StackIam } from "./collect";
import { accountAdmin, allows, asRole, BoundaryRow, denies, OTHER_ACCOUNT, PAGES, service, source } from "./probes";
import { clusterName, eni } from "./rows-eks";
import { stackSecrets } from "./rows-services";

/**
 * Boundary rows for what EKS capacity and Container Insights add: Karpenter's
 * controller, its node role and its interruption queue; the CloudWatch
 * agent's role; and the cluster role of EKS Auto Mode, which launches the
 * nodes itself. The Pod Identity trusts of the controller and the agent are
 * rows of rows-eks.ts.
 */

/** Whether the stack's cluster runs EKS Auto Mode. */
export const isAutoMode = (s: StackIam) => s.run.find("aws:eks/cluster:Cluster", "eks")?.inputs.computeConfig?.enabled === true;

/** The tags Karpenter puts on what it launches for a NodePool of this cluster (its controller policy's conditions). */
function karpenterLaunchTags(cluster: string, owner = cluster): Record<string, string> {
  return {
    [`aws:RequestTag/kubernetes.io/cluster/${owner}`]: "owned",
    "aws:RequestTag/eks:eks-cluster-name": owner,
    "aws:RequestTag/karpenter.sh/nodepool": "app",
  };
}

/** What an instance Karpenter launched for this cluster carries. */
const karpenterResourceTags = (cluster: string) => ({ [`aws:ResourceTag/kubernetes.io/cluster/${cluster}`]: "owned", "aws:ResourceTag/karpenter.sh/nodepool": "app" });

/** What an instance profile Karpenter created for this cluster carries, as resource tags and as the tags of the request. */
function instanceProfileTags(s: StackIam, cluster: string, kind: "Resource" | "Request"): Record<string, string> {
  return {
    [`aws:${kind}Tag/kubernetes.io/cluster/${cluster}`]: "owned",
    [`aws:${kind}Tag/topology.kubernetes.io/region`]: s.region,
    [`aws:${kind}Tag/karpenter.k8s.aws/ec2nodeclass`]: "app",
    ...(kind === "Request" ? { "aws:RequestTag/eks:eks-cluster-name": cluster } : {}),
  };
}

export const CAPACITY_ROWS: BoundaryRow[] = [
  {
    boundary:
      "Karpenter's controller launches, tags and ends only instances tagged for this cluster, in its region, passes only its node role and only to EC2, reads only its queue and uses the node volume key only through EC2",
    sources: [PAGES.karpenterPolicy, PAGES.passRole, PAGES.kmsViaService],
    subjects: [{ role: "eks-karpenter-controller" }],
    probes: (s) => {
      const controller = asRole(s.role("eks-karpenter-controller"));
      const cluster = clusterName(s);
      const ec2 = (resource: string, region = s.region) => `arn:aws:ec2:${region}:${s.account}:${resource}`;
      const instance = ec2("instance/i-0123456789abcdef0");
      const profile = `arn:aws:iam::${s.account}:instance-profile/${cluster}_0123456789`;
      const queue = s.arnOf("aws:sqs/queue:Queue", "eks-karpenter-interruptions");
      const key = s.key("eks-node-volumes");
      const viaEc2 = { "kms:ViaService": `ec2.${s.region}.amazonaws.com`, "kms:CallerAccount": s.account };
      return [
        allows("launches into a subnet of its region", controller, "ec2:RunInstances", ec2("subnet/subnet-0123456789abcdef0")),
        denies("launches into a subnet of another region", controller, "ec2:RunInstances", ec2("subnet/subnet-0123456789abcdef0", "us-east-1")),
        allows("launches from a launch template it created for this cluster", controller, "ec2:RunInstances", ec2("launch-template/lt-0123456789abcdef0"), {
          [`aws:ResourceTag/kubernetes.io/cluster/${cluster}`]: "owned",
          "aws:ResourceTag/karpenter.sh/nodepool": "app",
        }),
        denies("launches from a launch template that is not this cluster's", controller, "ec2:RunInstances", ec2("launch-template/lt-0123456789abcdef0")),
        allows("launches an instance tagged for this cluster's node pool", controller, "ec2:RunInstances", instance, karpenterLaunchTags(cluster)),
        denies("launches an instance tagged for another cluster", controller, "ec2:RunInstances", instance, karpenterLaunchTags(cluster, "someone-elses-cluster")),
        denies("launches an untagged instance", controller, "ec2:RunInstances", instance),
        allows("tags what it launches, as it launches it", controller, "ec2:CreateTags", instance, { ...karpenterLaunchTags(cluster), "ec2:CreateAction": "RunInstances" }),
        allows("names a node claim on an instance of this cluster", controller, "ec2:CreateTags", instance, { ...karpenterResourceTags(cluster), "aws:TagKeys": ["karpenter.sh/nodeclaim"] }),
        denies("retags an instance of this cluster with other keys", controller, "ec2:CreateTags", instance, { ...karpenterResourceTags(cluster), "aws:TagKeys": ["kubernetes.io/cluster/other"] }),
        allows("ends an instance it launched for this cluster", controller, "ec2:TerminateInstances", instance, karpenterResourceTags(cluster)),
        denies("ends an instance that is not this cluster's", controller, "ec2:TerminateInstances", instance),
        allows("passes its node role to EC2", controller, "iam:PassRole", s.role("eks-karpenter-node").arn, { "iam:PassedToService": "ec2.amazonaws.com" }),
        denies("passes its node role to another service", controller, "iam:PassRole", s.role("eks-karpenter-node").arn, { "iam:PassedToService": "lambda.amazonaws.com" }),
        denies("passes the cluster role", controller, "iam:PassRole", s.role("eks-cluster").arn, { "iam:PassedToService": "ec2.amazonaws.com" }),
        allows("creates an instance profile tagged for this cluster and region", controller, "iam:CreateInstanceProfile", profile, instanceProfileTags(s, cluster, "Request")),
        denies("creates an untagged instance profile", controller, "iam:CreateInstanceProfile", profile),
        allows("tags an instance profile of this cluster", controller, "iam:TagInstanceProfile", profile, { ...instanceProfileTags(s, cluster, "Resource"), ...instanceProfileTags(s, cluster, "Request") }),
        allows("adds its node role to an instance profile of this cluster", controller, "iam:AddRoleToInstanceProfile", profile, instanceProfileTags(s, cluster, "Resource")),
        denies("adds a role to an instance profile that is not this cluster's", controller, "iam:AddRoleToInstanceProfile", profile),
        allows("reads an instance profile", controller, "iam:GetInstanceProfile", profile),
        allows("lists instance profiles", controller, "iam:ListInstanceProfiles", "*"),
        allows("finds this cluster's API endpoint", controller, "eks:DescribeCluster", s.other("eks", `cluster/${cluster}`)),
        denies("describes another cluster", controller, "eks:DescribeCluster", s.other("eks", "cluster/someone-elses-cluster")),
        allows("reads its interruption queue", controller, "sqs:ReceiveMessage", queue),
        denies("reads another queue", controller, "sqs:ReceiveMessage", s.other("sqs", "someone-elses-queue")),
        denies("sends to its interruption queue", controller, "sqs:SendMessage", queue),
        allows("describes instances in its region", controller, "ec2:DescribeInstances", "*", { "aws:RequestedRegion": s.region }),
        denies("describes instances in another region", controller, "ec2:DescribeInstances", "*", { "aws:RequestedRegion": "us-east-1" }),
        allows("reads the EKS-optimized AMI parameters", controller, "ssm:GetParameter", `arn:aws:ssm:${s.region}::parameter/aws/service/eks/optimized-ami/1.33/amazon-linux-2023/x86_64/standard/recommended/image_id`),
        denies("reads the account's own parameters", controller, "ssm:GetParameter", s.other("ssm", "parameter/app/database-url")),
        allows("reads prices", controller, "pricing:GetProducts", "*"),
        allows("lets EC2 create a grant on the node volume key for a volume", controller, "kms:CreateGrant", key, viaEc2),
        denies("decrypts with the node volume key directly", controller, "kms:Decrypt", key),
        denies("reads the database secret", controller, "secretsmanager:GetSecretValue", stackSecrets(s).database),
      ];
    },
  },
  {
    boundary: "Only this account's interruption rules send to Karpenter's queue, only over TLS; no other account and no other service sends",
    sources: [PAGES.eventBridgeSqs, PAGES.karpenterQueue, PAGES.confusedDeputy],
    subjects: [{ policy: "queue-policy:eks-karpenter-interruptions" }],
    probes: (s) => {
      const queue = s.arnOf("aws:sqs/queue:Queue", "eks-karpenter-interruptions");
      const events = service("events.amazonaws.com");
      const rules = s.run.ofType("aws:cloudwatch/eventRule:EventRule").map((r) => r.state.arn);
      if (rules.length === 0) throw new Error("the stack has no interruption rule; the row has nothing to prove");
      return [
        ...rules.map((rule) => allows(`sends an event of ${rule.split("/").pop()}`, events, "sqs:SendMessage", queue, source(s.account, rule))),
        denies("sends an event of another rule of the account", events, "sqs:SendMessage", queue, source(s.account, s.other("events", "rule/someone-elses-rule"))),
        denies("sends an event of a rule of the same name in another account", events, "sqs:SendMessage", queue, source(OTHER_ACCOUNT, rules[0].replace(`:${s.account}:`, `:${OTHER_ACCOUNT}:`))),
        denies("sends an event with no source", events, "sqs:SendMessage", queue),
        denies("lets SQS itself send (Karpenter's template admits it; nothing here needs it)", service("sqs.amazonaws.com"), "sqs:SendMessage", queue, source(s.account, queue)),
        denies("sends an event of this stack's rule over plain HTTP", events, "sqs:SendMessage", queue, { ...source(s.account, rules[0]), "aws:SecureTransport": "false" }),
        denies("lets another account send", accountAdmin(OTHER_ACCOUNT), "sqs:SendMessage", queue),
      ];
    },
  },
  {
    boundary: "Karpenter's nodes cannot touch network interfaces (no CNI policy: aws-node has its own role); they pull images and fetch Pod Identity credentials",
    sources: [PAGES.eksNodeRole, PAGES.karpenterPolicy],
    subjects: [{ role: "eks-karpenter-node" }],
    probes: (s) => {
      const role = s.role("eks-karpenter-node");
      const node = asRole(role);
      return [
        allows("lets EC2 assume it", service("ec2.amazonaws.com"), "sts:AssumeRole", role.arn),
        denies("lets EKS Pod Identity assume it", service("pods.eks.amazonaws.com"), "sts:AssumeRole", role.arn),
        denies("deletes a network interface", node, "ec2:DeleteNetworkInterface", eni(s)),
        denies("assigns private IPs to an interface", node, "ec2:AssignPrivateIpAddresses", eni(s)),
        allows("gets Pod Identity credentials for the pods on it", node, "eks-auth:AssumeRoleForPodIdentity", s.other("eks", `cluster/${clusterName(s)}`)),
        allows("pulls an image", node, "ecr:BatchGetImage", s.other("ecr", "repository/app")),
        denies("reads the database secret", node, "secretsmanager:GetSecretValue", stackSecrets(s).database),
      ];
    },
  },
  {
    boundary: "The CloudWatch agent's role puts metrics and log events (CloudWatchAgentServerPolicy, any log group) and reads no secret, key or bucket",
    sources: [PAGES.cloudWatchAgentPolicy, PAGES.podIdentityRole],
    subjects: [{ role: "eks-insights" }],
    probes: (s) => {
      const agent = asRole(s.role("eks-insights"));
      const application = s.logGroup("eks-insights-application");
      return [
        allows("ships pod logs to the application log group", agent, "logs:PutLogEvents", `${application.arn}:log-stream:app-0`),
        allows("reads its AmazonCloudWatch-* configuration parameter", agent, "ssm:GetParameter", s.other("ssm", "parameter/AmazonCloudWatch-cluster")),
        denies("deletes a log group", agent, "logs:DeleteLogGroup", application.arn),
        denies("decrypts with the cluster's Secrets key", agent, "kms:Decrypt", s.key("eks-secrets")),
        denies("reads the database secret", agent, "secretsmanager:GetSecretValue", stackSecrets(s).database),
        denies("reads a parameter outside AmazonCloudWatch-*", agent, "ssm:GetParameter", s.other("ssm", "parameter/app/database-url")),
      ];
    },
  },
  {
    boundary:
      "With Auto Mode the cluster role launches and wires only nodes and interfaces tagged for this cluster (its session tag), and uses the node volume key only for AWS resources' grants",
    sources: [PAGES.autoModeClusterRole, PAGES.eksClusterRole],
    subjects: [{ role: "eks-cluster" }],
    when: isAutoMode,
    probes: (s) => {
      const cluster = clusterName(s);
      const role = asRole(s.role("eks-cluster"));
      const session = { "aws:PrincipalTag/eks:eks-cluster-name": cluster };
      const instance = s.other("ec2", "instance/i-0123456789abcdef0");
      const key = s.key("eks-node-volumes");
      const launch = (owner: string) => ({
        ...session,
        "aws:RequestTag/eks:eks-cluster-name": owner,
        "aws:RequestTag/eks:kubernetes-node-class-name": "app",
        "aws:RequestTag/eks:kubernetes-node-pool-name": "app",
        "aws:TagKeys": ["eks:eks-cluster-name", "eks:kubernetes-node-class-name", "eks:kubernetes-node-pool-name"],
      });
      return [
        allows("launches a node tagged for this cluster", role, "ec2:RunInstances", instance, launch(cluster)),
        denies("launches a node tagged for another cluster", role, "ec2:RunInstances", instance, launch("someone-elses-cluster")),
        allows("attaches an interface of this cluster", role, "ec2:AttachNetworkInterface", eni(s), { ...session, "aws:ResourceTag/eks:eks-cluster-name": cluster }),
        denies("attaches an interface of another cluster", role, "ec2:AttachNetworkInterface", eni(s), { ...session, "aws:ResourceTag/eks:eks-cluster-name": "someone-elses-cluster" }),
        allows("encrypts a node volume's data key", role, "kms:GenerateDataKey", key),
        allows("creates a grant on the node volume key for EBS", role, "kms:CreateGrant", key, { "kms:GrantIsForAWSResource": "true" }),
        denies("creates a grant on it for anyone else", role, "kms:CreateGrant", key, { "kms:GrantIsForAWSResource": "false" }),
        denies("decrypts with the database key", role, "kms:Decrypt", s.key("database")),
        denies("reads the database secret", role, "secretsmanager:GetSecretValue", stackSecrets(s).database),
      ];
    },
  },
];
