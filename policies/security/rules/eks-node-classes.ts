import { asList, isSet, isTrue, Props, resourcePolicy } from "../kit";

// Node classes of the nodes that follow the pods: Karpenter's EC2NodeClass and EKS Auto Mode's NodeClass,
// both Kubernetes custom resources the EKS tier creates with @pulumi/kubernetes.

const KARPENTER_NODE_CLASS = "kubernetes:karpenter.k8s.aws/v1:EC2NodeClass";
const AUTO_MODE_NODE_CLASS = "kubernetes:eks.amazonaws.com/v1:NodeClass";

export const eksKarpenterNodeClassRequireImdsv2 = resourcePolicy<{ maxHopLimit: number }>({
  name: "aws-eks-karpenter-node-class-require-imdsv2",
  description: "Karpenter EC2NodeClasses require IMDSv2 tokens and keep instance metadata within the node's hop limit, out of reach of containers.",
  pack: "security",
  service: "eks",
  severity: "high",
  frameworks: ["cis", "pci", "soc2", "iso27001"],
  remediationSteps: "Set `metadataOptions: { httpTokens: \"required\", httpPutResponseHopLimit: 1 }` on the EC2NodeClass (or leave metadataOptions out: Karpenter's defaults are exactly that).",
  settings: {
    maxHopLimit: { type: "integer", minimum: 1, maximum: 64, description: "Highest httpPutResponseHopLimit allowed; 1 keeps IMDS from pods on their own network namespace.", default: 1 },
  },
  types: [KARPENTER_NODE_CLASS],
  validate: ({ props, settings, report }) => {
    // Karpenter's defaults when metadataOptions is omitted: httpTokens required, hop limit 1 (website/content/en/v1.14/concepts/nodeclasses.md, spec.metadataOptions).
    const options = props.spec?.metadataOptions ?? {};
    if (options.httpEndpoint === "disabled") return;
    if ((options.httpTokens ?? "required") !== "required") report(`metadataOptions.httpTokens is ${options.httpTokens}: IMDSv1 stays open. Set httpTokens: "required".`);
    const hops = options.httpPutResponseHopLimit ?? 1;
    if (hops > settings.maxHopLimit) report(`metadataOptions.httpPutResponseHopLimit is ${hops}: containers can reach the node's credentials. Set it to ${settings.maxHopLimit}.`);
  },
});

export const eksKarpenterNodeClassRequireEncryptedVolumes = resourcePolicy({
  name: "aws-eks-karpenter-node-class-require-encrypted-volumes",
  description: "Every EBS volume a Karpenter EC2NodeClass attaches to its nodes is encrypted.",
  pack: "security",
  service: "eks",
  severity: "high",
  frameworks: ["pci", "hipaa", "soc2", "iso27001"],
  remediationSteps: "Set `ebs.encrypted: true` (and `kmsKeyID` to the cluster's node volume key) on every entry of the EC2NodeClass's `blockDeviceMappings`.",
  types: [KARPENTER_NODE_CLASS],
  validate: ({ props, report }) => {
    const mappings = asList<Props>(props.spec?.blockDeviceMappings);
    if (mappings.length === 0) {
      // Every AMI family's default mappings are encrypted, except Custom, which has none (nodeclasses.md, spec.blockDeviceMappings).
      if (props.spec?.amiFamily === "Custom") report("amiFamily Custom has no default block device mappings, so volume encryption is left to the AMI. Declare blockDeviceMappings with ebs.encrypted: true.");
      return;
    }
    for (const mapping of mappings) {
      if (!isTrue(mapping.ebs?.encrypted)) report(`block device ${mapping.deviceName ?? "(unnamed)"} is not encrypted. Set ebs.encrypted: true and ebs.kmsKeyID.`);
    }
  },
});

export const eksKarpenterNodeClassDisallowPublicIp = resourcePolicy({
  name: "aws-eks-karpenter-node-class-disallow-public-ip",
  description: "Karpenter EC2NodeClasses launch nodes without a public IP address, whatever the subnet's auto-assign setting.",
  pack: "security",
  service: "eks",
  severity: "high",
  frameworks: ["cis", "pci", "soc2", "iso27001"],
  remediationSteps: "Set `associatePublicIPAddress: false` on the EC2NodeClass and select only private subnets.",
  types: [KARPENTER_NODE_CLASS],
  validate: ({ props, report }) => {
    // Unset, the subnet's public IP auto-assign setting decides (nodeclasses.md, spec.associatePublicIPAddress).
    if (props.spec?.associatePublicIPAddress !== false) {
      report(`associatePublicIPAddress is ${props.spec?.associatePublicIPAddress ?? "unset (the subnet decides)"}. Set associatePublicIPAddress: false.`);
    }
  },
});

export const eksAutoModeNodeClassRequireCustomerKey = resourcePolicy({
  name: "aws-eks-auto-mode-node-class-require-customer-key",
  description: "EKS Auto Mode NodeClasses encrypt their nodes' storage with a customer-managed KMS key.",
  pack: "security",
  service: "eks",
  severity: "medium",
  frameworks: ["pci", "hipaa", "soc2", "iso27001"],
  remediationSteps: "Set `ephemeralStorage.kmsKeyID` on the NodeClass to the cluster's node volume key, and let the cluster role use it (EKS user guide, auto-kms).",
  types: [AUTO_MODE_NODE_CLASS],
  validate: ({ props, report }) => {
    // Without kmsKeyID Auto Mode encrypts with the AWS managed aws/ebs key, which no key policy of ours controls.
    // Decided from presence (isSet reads past the unknown-value proxy): a key created in the same update is still unknown at preview, but it is set.
    const storage: Props = props.spec?.ephemeralStorage ?? {};
    if (!isSet(storage, "kmsKeyID")) {
      report("ephemeralStorage.kmsKeyID is not set: node volumes use the AWS managed key. Set it to a customer-managed key.");
    }
  },
});

export const eksAutoModeNodeClassDisallowPublicIp = resourcePolicy({
  name: "aws-eks-auto-mode-node-class-disallow-public-ip",
  description: "EKS Auto Mode NodeClasses launch nodes without a public IP address, whatever the subnet's auto-assign setting.",
  pack: "security",
  service: "eks",
  severity: "high",
  frameworks: ["cis", "pci", "soc2", "iso27001"],
  remediationSteps: "Set `advancedNetworking.associatePublicIPAddress: false` on the NodeClass and select only private subnets.",
  types: [AUTO_MODE_NODE_CLASS],
  validate: ({ props, report }) => {
    // The NodeClass field exists since August 2025 (EKS user guide, auto-change.adoc); unset, the subnet decides.
    const value = props.spec?.advancedNetworking?.associatePublicIPAddress;
    if (value !== false) report(`advancedNetworking.associatePublicIPAddress is ${value ?? "unset (the subnet decides)"}. Set it to false.`);
  },
});
