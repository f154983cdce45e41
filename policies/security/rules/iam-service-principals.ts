import { asList, Json, principalsOf, Props, resourcePolicy, statementName, statementsOf } from "../kit";

/**
 * Confused-deputy protection wherever an AWS service is let in. A statement
 * that allows a service principal (`*.amazonaws.com`) in a trust, key,
 * bucket, topic, queue or log-delivery policy lets that service act for *any*
 * customer's resource unless it names whose: `aws:SourceAccount` and
 * `aws:SourceArn` (https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html),
 * or the service's documented equivalent.
 */

/** Where each resource type keeps the document that can admit a service. */
const DOCUMENTS: Readonly<Record<string, string>> = {
  "aws:iam/role:Role": "assumeRolePolicy",
  "aws:kms/key:Key": "policy",
  "aws:kms/keyPolicy:KeyPolicy": "policy",
  "aws:s3/bucketPolicy:BucketPolicy": "policy",
  "aws:s3/bucket:Bucket": "policy",
  "aws:sns/topicPolicy:TopicPolicy": "policy",
  "aws:sns/topic:Topic": "policy",
  "aws:sqs/queuePolicy:QueuePolicy": "policy",
  "aws:sqs/queue:Queue": "policy",
  "aws:cloudwatch/logResourcePolicy:LogResourcePolicy": "policyDocument",
};

/**
 * Services whose documented scoping is another condition than the two
 * global keys, each with the page that documents it.
 */
const EQUIVALENTS: readonly { principal: RegExp; what: string; holds: (statement: Props) => boolean }[] = [
  {
    // https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html
    principal: /^logs(\.[a-z0-9-]+)?\.amazonaws\.com(\.cn)?$/,
    what: "kms:EncryptionContext:aws:logs:arn naming this stack's log groups",
    holds: (s) => {
      const groups = conditionValues(s, "kms:EncryptionContext:aws:logs:arn");
      return groups.length > 0 && groups.every((arn) => /:log-group:[^*]/.test(arn));
    },
  },
  {
    // https://docs.aws.amazon.com/eks/latest/userguide/pod-id-role.html
    principal: /^pods\.eks\.amazonaws\.com$/,
    what: "the EKS Pod Identity session tags aws:RequestTag/eks-cluster-name (or eks-cluster-arn), kubernetes-namespace and kubernetes-service-account",
    holds: (s) =>
      (pinned(s, "aws:RequestTag/eks-cluster-name") || pinned(s, "aws:RequestTag/eks-cluster-arn")) &&
      pinned(s, "aws:RequestTag/kubernetes-namespace") &&
      pinned(s, "aws:RequestTag/kubernetes-service-account"),
  },
  {
    // https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html: ELB writes an
    // account's logs under AWSLogs/<account-id>/ only, and documents no condition key for this principal.
    principal: /^logdelivery\.elasticloadbalancing\.amazonaws\.com$/,
    what: "a Resource under <bucket>/<prefix>/AWSLogs/<account-id>/",
    holds: (s) => asList<string>(s.Resource).length > 0 && asList<string>(s.Resource).every((r) => /\/AWSLogs\/\d{12}\//.test(r)),
  },
];

interface AllowedPrincipal {
  readonly principal: string;
  readonly reason: string;
}

/** Trusts AWS documents without any scoping condition, so none can be required. */
const DOCUMENTED_WITHOUT_SOURCE: AllowedPrincipal[] = [
  {
    principal: "ec2.amazonaws.com",
    reason:
      "EC2 assumes an instance profile's role for its instance and documents no aws:SourceArn or aws:SourceAccount for it; the EKS node role trust is given without conditions (https://docs.aws.amazon.com/eks/latest/userguide/create-node-role.html).",
  },
  {
    principal: "eks.amazonaws.com",
    reason:
      "EKS documents the cluster role trust without conditions and no aws:SourceArn value for it (https://docs.aws.amazon.com/eks/latest/userguide/cluster-iam-role.html).",
  },
  {
    principal: "chatbot.amazonaws.com",
    reason:
      "AWS Chatbot (Amazon Q Developer in chat applications) documents its channel role without trust conditions and no aws:SourceArn value for it (https://docs.aws.amazon.com/chatbot/latest/adminguide/understanding-permissions.html#role-settings); what the role may do is bounded by its own policy and the channel guardrail.",
  },
];

/** Single-valued operators that hold the key to the given values when it is present, and fail when it is absent. */
const BINDING_OPERATOR = /^(String(Equals|Like)|Arn(Equals|Like))$/;

/** The values a statement binds `key` to, under operators that fail when the key is missing. */
function conditionValues(statement: Props, key: string): string[] {
  const condition: Record<string, Record<string, Json>> = statement.Condition ?? {};
  return Object.entries(condition)
    .filter(([operator]) => BINDING_OPERATOR.test(operator))
    .flatMap(([, keys]) => Object.entries(keys ?? {}).filter(([k]) => k.toLowerCase() === key.toLowerCase()))
    .flatMap(([, values]) => asList<string>(values).map(String));
}

/** True when the statement binds `key` to values that are not just `*`. */
function pinned(statement: Props, key: string): boolean {
  const values = conditionValues(statement, key);
  return values.length > 0 && values.every((v) => v !== "*" && v !== "");
}

export const iamServicePrincipalRequireSourceConditions = resourcePolicy<{ allowedWithoutSource: readonly AllowedPrincipal[] }>({
  name: "aws-iam-service-principal-require-source-conditions",
  description:
    "A service principal (`*.amazonaws.com`) allowed in a trust, KMS key, bucket, topic, queue or log-delivery policy is held to this account's resources: `aws:SourceAccount` and `aws:SourceArn`, or the service's documented equivalent (the log group in `kms:EncryptionContext:aws:logs:arn` for CloudWatch Logs, the Pod Identity session tags for EKS, the `AWSLogs/<account-id>/` key for ELB log delivery). Principals AWS documents without either are allowed by the `allowedWithoutSource` setting.",
  pack: "security",
  service: "iam",
  severity: "high",
  frameworks: ["cis", "soc2", "iso27001"],
  remediationSteps:
    "Add `StringEquals aws:SourceAccount` (this account) and `ArnLike aws:SourceArn` (the resources the service acts for, built from the account context as `components/internal/trust.ts` does), or the documented equivalent; for a service AWS documents without them, add it to `allowedWithoutSource` with the page.",
  settings: {
    allowedWithoutSource: {
      type: "array",
      description: "Service principals AWS documents without aws:SourceAccount/aws:SourceArn or an equivalent, each with the reason and AWS's page. Configuring it replaces the list, so keep the documented entries your stacks need.",
      items: {
        type: "object",
        properties: { principal: { type: "string" }, reason: { type: "string", minLength: 1 } },
        required: ["principal", "reason"],
        additionalProperties: false,
      },
      default: DOCUMENTED_WITHOUT_SOURCE,
    },
  },
  types: Object.keys(DOCUMENTS),
  // Documents may name this stack's resources by ARN (an OIDC provider, a bucket), unknown until they exist.
  decides: "update",
  validate: ({ args, props, settings, report }) => {
    const allowed = new Set(settings.allowedWithoutSource.map((a) => a.principal));
    for (const statement of statementsOf(props[DOCUMENTS[args.type]])) {
      if (statement.Effect !== "Allow") continue;
      for (const principal of principalsOf(statement, "Service")) {
        if (allowed.has(principal)) continue;
        const equivalent = EQUIVALENTS.find((e) => e.principal.test(principal));
        if (equivalent ? equivalent.holds(statement) : pinned(statement, "aws:SourceAccount") && pinned(statement, "aws:SourceArn")) continue;
        const needs = equivalent ? equivalent.what : "aws:SourceAccount and aws:SourceArn";
        report(
          `statement ${statementName(statement)} lets ${principal} in without ${needs}: the service could act for another customer's resource (confused deputy). Bind ${needs} to this account's resources.`,
        );
      }
    }
  },
});
