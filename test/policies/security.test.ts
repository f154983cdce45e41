import { describePolicyCases } from "./cases";
import { SECURITY_CASES } from "./security-cases";

// For every security policy: the compliant baselines pass and each one-property change is flagged.
describePolicyCases(SECURITY_CASES);
