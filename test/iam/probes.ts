import { Role, StackIam } from "./collect";
import { SimulatedPolicy } from "./engine";

/**
 * The vocabulary of the access-boundary table: a row names the roles and
 * resource policies it is about, the AWS pages its expectations rest on, and
 * the requests (probes) that prove it, each expected to be allowed or denied.
 */

/** One request and what IAM must decide. */
export interface Probe {
  /** What the request is, read after "it": "assumes the role for a flow log of another account". */
  readonly does: string;
  /** Service principal, role ARN or OIDC provider ARN. */
  readonly principal: string;
  /** The caller's identity policies: a stack role's, or an account administrator's. */
  readonly identityPolicies: readonly SimulatedPolicy[];
  readonly action: string;
  readonly resource: string;
  readonly context: Readonly<Record<string, string | string[]>>;
  readonly expect: "allow" | "deny";
}

/** A role (by logical name) or a resource policy (by document id, `key:<name>`) a row is about. */
export type Subject = { readonly role: string } | { readonly policy: string };

export interface BoundaryRow {
  /** The boundary, as a sentence. */
  readonly boundary: string;
  /** The AWS pages the expectations rest on. */
  readonly sources: readonly string[];
  /** The row applies to a stack that has every subject. */
  readonly subjects: readonly Subject[];
  /** Only for stacks this holds for, when the subjects alone do not tell (the cluster role with Auto Mode). @default every stack with the subjects */
  readonly when?: (s: StackIam) => boolean;
  readonly probes: (s: StackIam) => Probe[];
}

/** Who makes a request. */
export interface Caller {
  readonly principal: string;
  readonly identityPolicies?: readonly SimulatedPolicy[];
}

/** An account that is not the stack's. */
export const OTHER_ACCOUNT = "210987654321";

export const service = (name: string): Caller => ({ principal: name });
export const asRole = (role: Role): Caller => ({ principal: role.arn, identityPolicies: role.identityPolicies });
/**
 * An administrator of `account` (a role there allowed everything by its own
 * policies): what a resource policy that names the account lets in, since
 * naming an account delegates to that account's IAM policies.
 */
export const accountAdmin = (account: string): Caller => ({
  principal: `arn:aws:iam::${account}:role/administrator`,
  identityPolicies: [{ id: `admin:${account}`, document: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] } }],
});

type ProbeArgs = [does: string, who: Caller, action: string, resource: string, context?: Record<string, string | string[]>];

const probe = (expect: Probe["expect"], [does, who, action, resource, context = {}]: ProbeArgs): Probe => ({
  does,
  principal: who.principal,
  identityPolicies: who.identityPolicies ?? [],
  action,
  resource,
  context,
  expect,
});
export const allows = (...args: ProbeArgs): Probe => probe("allow", args);
export const denies = (...args: ProbeArgs): Probe => probe("deny", args);

/** The confused-deputy context a service sends when it acts for `sourceArn` of `account`. */
export function source(account: string, sourceArn: string): Record<string, string> {
  return { "aws:SourceAccount": account, "aws:SourceArn": sourceArn };
}

/** The session tags EKS Pod Identity sets when it assumes a role (https://docs.aws.amazon.com/eks/latest/userguide/pod-id-abac.html). */
export function podIdentityTags(cluster: string, namespace: string, serviceAccount: string): Record<string, string> {
  return {
    "aws:RequestTag/eks-cluster-name": cluster,
    "aws:RequestTag/kubernetes-namespace": namespace,
    "aws:RequestTag/kubernetes-service-account": serviceAccount,
  };
}

/** The encryption context CloudWatch Logs passes to KMS for a log group. */
export function logsContext(logGroupArn: string): Record<string, string> {
  return { "kms:EncryptionContext:aws:logs:arn": logGroupArn };
}

/** AWS pages the rows cite. */
export const PAGES = {
  confusedDeputy: "https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html",
  flowLogsRole: "https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-iam-role.html",
  rdsMonitoring: "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_Monitoring.OS.Enabling.html#USER_Monitoring.OS.confused-deputy",
  rdsConfusedDeputy: "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/cross-service-confused-deputy-prevention.html",
  rdsArns: "https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonrds.html#amazonrds-resources-for-iam-policies",
  rdsProxySecrets: "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-proxy-iam-setup.html",
  ecsTaskRole: "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-iam-roles.html",
  ecsExecutionRole: "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_execution_IAM_role.html",
  ecsExec: "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-exec.html",
  ecsExecKey: "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ExecuteCommandConfiguration.html",
  kmsViaService: "https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-via-service",
  kmsKeyPolicyDefault: "https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html",
  eksClusterRole: "https://docs.aws.amazon.com/eks/latest/userguide/cluster-iam-role.html",
  eksNodeRole: "https://docs.aws.amazon.com/eks/latest/userguide/create-node-role.html",
  eksCniRole: "https://docs.aws.amazon.com/eks/latest/userguide/cni-iam-role.html",
  eksAddonPodIdentity: "https://docs.aws.amazon.com/eks/latest/userguide/retreive-iam-info.html",
  podIdentityRole: "https://docs.aws.amazon.com/eks/latest/userguide/pod-id-role.html",
  podIdentityTags: "https://docs.aws.amazon.com/eks/latest/userguide/pod-id-abac.html",
  irsaTrust: "https://docs.aws.amazon.com/eks/latest/userguide/associate-service-account-role.html",
  eksSecretsEncryption: "https://docs.aws.amazon.com/eks/latest/userguide/enable-kms.html",
  logsKms: "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html",
  logsVendedDelivery: "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/AWS-logs-infrastructure-CWL.html",
  snsKeyManagement: "https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services",
  snsAlarmPublish: "https://repost.aws/knowledge-center/cloudwatch-receive-sns-for-alarm-trigger",
  cloudwatchArns: "https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoncloudwatch.html#amazoncloudwatch-resources-for-iam-policies",
  elbAccessLogs: "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html",
  s3SecureTransport: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/security-best-practices.html",
  passRole: "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html",
  budgetsTopic: "https://docs.aws.amazon.com/cost-management/latest/userguide/budgets-sns-policy.html",
  rdsEventsTopic: "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_Events.GrantingPermissions.html",
  chatbotPermissions: "https://docs.aws.amazon.com/chatbot/latest/adminguide/understanding-permissions.html",
  syntheticsRole: "https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Synthetics_Canaries_CanaryPermissions.html",
  lambdaTrust: "https://docs.aws.amazon.com/lambda/latest/dg/permissions-managed-policies.html",
  autoModeClusterRole: "https://docs.aws.amazon.com/eks/latest/userguide/auto-cluster-iam-role.html",
  autoModeNodeRole: "https://docs.aws.amazon.com/eks/latest/userguide/auto-create-node-role.html",
  cloudWatchAgentPolicy: "https://docs.aws.amazon.com/aws-managed-policy/latest/reference/CloudWatchAgentServerPolicy.html",
  eventBridgeSqs: "https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html#eb-sqs-permissions",
  /** Karpenter (an AWS project) documents its controller and node roles and its queue in its CloudFormation reference. */
  karpenterPolicy: "https://karpenter.sh/docs/reference/cloudformation/#controller-authorization",
  karpenterQueue: "https://karpenter.sh/docs/reference/cloudformation/#interruption-handling",
} as const;
