import { describePolicyCases } from "./cases";
import { COMPLIANCE_CASES } from "./compliance-cases";

// For every compliance policy: the compliant baselines pass and each one-property change is flagged.
describePolicyCases(COMPLIANCE_CASES);
