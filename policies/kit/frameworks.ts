/** The compliance frameworks policies are mapped to, as Pulumi Cloud's `framework` field wants them. */
export const FRAMEWORKS = {
  cis: {
    name: "CIS AWS Foundations Benchmark",
    version: "3.0.0",
    reference: "https://www.cisecurity.org/benchmark/amazon_web_services",
    specification: "Configuration baseline for securing an AWS account and its core services.",
    tag: "framework:cis-aws-foundations",
    label: "CIS AWS Foundations",
  },
  soc2: {
    name: "SOC 2",
    version: "2017 TSC (revised 2022)",
    reference: "https://www.aicpa-cima.com/topic/audit-assurance/audit-and-assurance-greater-than-soc-2",
    specification: "AICPA Trust Services Criteria for security, availability and confidentiality.",
    tag: "framework:soc-2",
    label: "SOC 2",
  },
  iso27001: {
    name: "ISO/IEC 27001",
    version: "2022",
    reference: "https://www.iso.org/standard/27001",
    specification: "Information security management systems; Annex A controls.",
    tag: "framework:iso-27001",
    label: "ISO 27001",
  },
  pci: {
    name: "PCI DSS",
    version: "4.0.1",
    reference: "https://www.pcisecuritystandards.org/document_library/",
    specification: "Payment Card Industry Data Security Standard.",
    tag: "framework:pci-dss",
    label: "PCI DSS",
  },
  hipaa: {
    name: "HIPAA Security Rule",
    version: "45 CFR Part 164 Subpart C",
    reference: "https://www.hhs.gov/hipaa/for-professionals/security/index.html",
    specification: "Administrative, physical and technical safeguards for electronic protected health information.",
    tag: "framework:hipaa",
    label: "HIPAA",
  },
  wellArchitected: {
    name: "AWS Well-Architected Framework",
    version: "Cost Optimization pillar",
    reference: "https://docs.aws.amazon.com/wellarchitected/latest/cost-optimization-pillar/welcome.html",
    specification: "Practice cloud financial management: govern usage with budgets and forecasts (COST02), monitor cost against them (COST03).",
    tag: "framework:aws-well-architected",
    label: "AWS Well-Architected (cost)",
  },
} as const;

export type FrameworkId = keyof typeof FRAMEWORKS;
