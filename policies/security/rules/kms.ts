import { resourcePolicy } from "../kit";

export const kmsKeyRequireRotation = resourcePolicy({
  name: "aws-kms-key-require-rotation",
  description: "Symmetric customer-managed KMS keys rotate automatically.",
  pack: "security",
  service: "kms",
  severity: "medium",
  frameworks: ["cis", "pci", "hipaa", "soc2", "iso27001"],
  remediationSteps: "Create keys with `createEncryptionKey` (components/internal/kms.ts), which sets `enableKeyRotation: true`.",
  types: ["aws:kms/key:Key"],
  validate: ({ args, props, report }) => {
    const spec = props.customerMasterKeySpec ?? "SYMMETRIC_DEFAULT";
    if (spec !== "SYMMETRIC_DEFAULT") args.notApplicable(`AWS rotates only symmetric keys; this one is ${spec}`);
    if (props.enableKeyRotation !== true) report("enableKeyRotation is not true: the key material never changes. Set enableKeyRotation: true.");
  },
});
