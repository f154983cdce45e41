import { PlatformPolicy, selectPolicies } from "./kit";
import * as rules from "./rules";

/** The compliance pack's policies: every rule exported from `rules/` whose `pack` is "compliance". Constructs no PolicyPack. */
export const compliancePolicies: PlatformPolicy[] = selectPolicies("compliance", Object.values(rules));

export const COMPLIANCE_PACK = {
  name: "platform-compliance",
  displayName: "Platform compliance",
  description: "Tagging, backups, availability, retention, observability and cost controls for the AWS web-service platform; levels, thresholds and budgets set per environment through pack config.",
  enforcementLevel: "advisory",
} as const;
