// The security policy pack's entry point. Constructing a PolicyPack starts the
// analyzer's gRPC server, so this file does nothing else; the policies live in
// ./rules and tests import them from ./policies.
import { PolicyPack } from "@pulumi/policy";
import { SECURITY_PACK, securityPolicies } from "./policies";

new PolicyPack(SECURITY_PACK.name, {
  displayName: SECURITY_PACK.displayName,
  description: SECURITY_PACK.description,
  enforcementLevel: SECURITY_PACK.enforcementLevel,
  provider: "aws",
  tags: ["aws", "eks", "ecs", "security"],
  policies: securityPolicies,
});
