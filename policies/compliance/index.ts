// The compliance policy pack's entry point. Constructing a PolicyPack starts the
// analyzer's gRPC server, so this file does nothing else; the policies live in
// ./rules and tests import them from ./policies.
import { PolicyPack } from "@pulumi/policy";
import { COMPLIANCE_PACK, compliancePolicies } from "./policies";

new PolicyPack(COMPLIANCE_PACK.name, {
  displayName: COMPLIANCE_PACK.displayName,
  description: COMPLIANCE_PACK.description,
  enforcementLevel: COMPLIANCE_PACK.enforcementLevel,
  provider: "aws",
  tags: ["aws", "eks", "ecs", "compliance"],
  policies: compliancePolicies,
});
