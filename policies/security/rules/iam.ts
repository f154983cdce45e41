import { asList, principalsOf, Props, resourcePolicy, statementName, statementsOf } from "../kit";

const POLICY_TYPES = ["aws:iam/policy:Policy", "aws:iam/rolePolicy:RolePolicy", "aws:iam/userPolicy:UserPolicy", "aws:iam/groupPolicy:GroupPolicy"];
const ROLE = "aws:iam/role:Role";

/** Allow statements granting every action on every resource. */
function adminStatements(document: unknown): Props[] {
  return statementsOf(document).filter(
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
    const documents = args.type === ROLE ? asList<Props>(props.inlinePolicies).map((p) => p.policy) : [props.policy];
    for (const statement of documents.flatMap(adminStatements)) {
      report(`statement ${statementName(statement)} allows * on *: full administrator access. Grant specific actions on specific resources.`);
    }
  },
});

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
    for (const statement of statementsOf(props.assumeRolePolicy)) {
      if (statement.Effect === "Allow" && principalsOf(statement, "AWS").includes("*")) {
        report(`trust statement ${statementName(statement)} lets any AWS principal assume the role. Name the principal that may assume it.`);
      }
    }
  },
});
