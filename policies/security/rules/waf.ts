import { asList, dependsOn, internetFacingAlbs, ofTypes, parseJson, Props, resourcePolicy, stackPolicy } from "../kit";

const WEB_ACL = "aws:wafv2/webAcl:WebAcl";
const ASSOCIATION = "aws:wafv2/webAclAssociation:WebAclAssociation";

/** Managed rule groups named in an ACL's rules (inline `rules`, or the `ruleJson` escape hatch). */
function managedRuleGroups(props: Props): string[] {
  const rules: Props[] = [...asList(props.rules), ...asList(parseJson(props.ruleJson))];
  return rules.flatMap((r) => {
    const statement = r.statement ?? r.Statement ?? {};
    const managed = statement.managedRuleGroupStatement ?? statement.ManagedRuleGroupStatement;
    return managed ? [String(managed.name ?? managed.Name)] : [];
  });
}

export const wafv2WebAclRequireManagedRules = resourcePolicy<{ requiredRuleGroups: string[] }>({
  name: "aws-wafv2-web-acl-require-managed-rules",
  description: "WAF web ACLs have rules, including the AWS known-bad-inputs managed rule group.",
  pack: "security",
  service: "wafv2",
  severity: "high",
  frameworks: ["pci", "soc2", "iso27001"],
  remediationSteps: "Add a rule with `managedRuleGroupStatement: { vendorName: \"AWS\", name: \"AWSManagedRulesKnownBadInputsRuleSet\" }` (the waf component adds it unless disabled).",
  settings: {
    requiredRuleGroups: {
      type: "array",
      items: { type: "string" },
      description: "AWS managed rule groups every web ACL must include.",
      default: ["AWSManagedRulesKnownBadInputsRuleSet"],
    },
  },
  types: [WEB_ACL],
  validate: ({ props, settings, report }) => {
    const groups = managedRuleGroups(props);
    if (asList(props.rules).length === 0 && !props.ruleJson) {
      report("the web ACL has no rules: it only applies its default action. Add managed rule groups.");
      return;
    }
    const missing = settings.requiredRuleGroups.filter((g) => !groups.includes(g));
    if (missing.length > 0) report(`the web ACL lacks the managed rule groups ${missing.join(", ")} (it has ${groups.join(", ") || "none"}). Add them as managedRuleGroupStatement rules.`);
  },
});

export const wafv2WebAclRequireAlbAssociation = stackPolicy({
  name: "aws-wafv2-web-acl-require-alb-association",
  description: "Every internet-facing application load balancer is associated with a WAF web ACL.",
  pack: "security",
  service: "wafv2",
  severity: "high",
  frameworks: ["pci", "soc2", "iso27001"],
  remediationSteps: "Create an `aws.wafv2.WebAclAssociation` from the load balancer's ARN to the web ACL (the waf component does this when given the ALB).",
  // The web ACL may be another stack's (a shared ACL, or one Firewall Manager deploys), named by its ARN:
  // the association is what puts the load balancer behind it.
  validate: ({ resources, report, undecided }) => {
    const associations = ofTypes(resources, ASSOCIATION);
    for (const lb of internetFacingAlbs(resources, undecided)) {
      if (!associations.some((a) => dependsOn(a, lb))) report(`internet-facing load balancer ${lb.name} has no WAF web ACL. Associate one with aws.wafv2.WebAclAssociation.`, lb.urn);
    }
  },
});
