import { PlatformPolicy, selectPolicies } from "./kit";
import * as rules from "./rules";

/** The security pack's policies: every rule exported from `rules/` whose `pack` is "security". Constructs no PolicyPack. */
export const securityPolicies: PlatformPolicy[] = selectPolicies("security", Object.values(rules));

export const SECURITY_PACK = {
  name: "platform-security",
  displayName: "Platform security",
  description: "Encryption at rest and in transit, network exposure, least privilege and workload hardening for the AWS web-service platform (ECS or EKS).",
  enforcementLevel: "mandatory",
} as const;
