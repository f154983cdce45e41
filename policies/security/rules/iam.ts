import { asList, parseJson, Props, resourcePolicy } from "../kit";

const POLICY_TYPES = ["aws:iam/policy:Policy", "aws:iam/rolePolicy:RolePolicy", "aws:iam/userPolicy:UserPolicy", "aws:iam/groupPolicy:GroupPolicy"];
const ROLE = "aws:iam/role:Role";

/** Allow statements granting every action on every resource. */
function adminStatements(document: unknown): Props[] {
  const parsed = parseJson(document);
  return asList<Props>(parsed?.Statement).filter(
    (s) => s.Effect === "Allow" && asList(s.Action).some((a) => a === "*" || a === "*:*") && asList(s.Resource).includes("*"),
  );
}

export const iamPolicyDisallowWildcardAdmin = resourcePolicy({
  name: "aws-iam-policy-disallow-wildcard-admin",
  description: "No IAM policy (managed, inline or a role's inline policies) allows `*` actions on `*` resources.",
  pack: "security",
  service: "iam",
  severity: "critical",
  frameworks: ["cis", "pci", "hipaa", "soc2", "iso27001"],
  remediationSteps: "List the actions the principal needs and scope `Resource` to the ARNs it uses.",
  types: [...POLICY_TYPES, ROLE],
  // Policy documents name this stack's resources by ARN, unknown until they exist.
  decides: "update",
  validate: ({ args, props, report }) => {
    const documents = args.type === ROLE ? (props.inlinePolicies ?? []).map((p: Props) => p.policy) : [props.policy];
    for (const statement of documents.flatMap(adminStatements)) {
      report(`statement ${statement.Sid ?? "(no Sid)"} allows * on *: full administrator access. Grant specific actions on specific resources.`);
    }
  },
});

/** True when a principal block lets anyone in: `"*"` or `{ AWS: "*" }`. */
function isWildcardPrincipal(principal: unknown): boolean {
  if (principal === "*") return true;
  if (principal && typeof principal === "object") return asList((principal as Record<string, unknown>).AWS).includes("*");
  return false;
}

export const iamRoleDisallowWildcardTrust = resourcePolicy({
  name: "aws-iam-role-disallow-wildcard-trust",
  description: "No IAM role trusts a wildcard principal (`*` or `{ AWS: \"*\" }`).",
  pack: "security",
  service: "iam",
  severity: "critical",
  frameworks: ["cis", "pci", "soc2", "iso27001"],
  remediationSteps: "Name the service (`ecs-tasks.amazonaws.com`), account or OIDC provider that may assume the role in `assumeRolePolicy`.",
  types: [ROLE],
  // Trust documents can name an OIDC provider or service resource by ARN, unknown until it exists.
  decides: "update",
  validate: ({ props, report }) => {
    const trust = parseJson(props.assumeRolePolicy);
    for (const statement of asList<Props>(trust?.Statement)) {
      if (statement.Effect === "Allow" && isWildcardPrincipal(statement.Principal)) {
        report(`trust statement ${statement.Sid ?? "(no Sid)"} lets any AWS principal assume the role. Name the principal that may assume it.`);
      }
    }
  },
});
