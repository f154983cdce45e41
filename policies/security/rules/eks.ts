import { ANYWHERE, resourcePolicy } from "../kit";

const CLUSTER = "aws:eks/cluster:Cluster";

export const eksClusterDisallowPublicEndpoint = resourcePolicy({
  name: "aws-eks-cluster-disallow-public-endpoint",
  description: "The EKS API endpoint is private, or public only to listed CIDRs (never 0.0.0.0/0).",
  pack: "security",
  service: "eks",
  severity: "high",
  frameworks: ["cis", "pci", "soc2", "iso27001"],
  remediationSteps: "Set `vpcConfig.endpointPublicAccess: false` (reach the API from the VPC or a VPN), or list the operators' CIDRs in `vpcConfig.publicAccessCidrs`.",
  types: [CLUSTER],
  validate: ({ props, report }) => {
    const vpc = props.vpcConfig ?? {};
    // AWS turns the public endpoint on, open to 0.0.0.0/0, when these are left unset.
    if (vpc.endpointPublicAccess === false) return;
    const cidrs: string[] = vpc.publicAccessCidrs ?? [];
    if (cidrs.length === 0 || cidrs.some((c) => ANYWHERE.includes(c))) {
      report(`the API endpoint is public to ${cidrs.length === 0 ? "0.0.0.0/0 (the default)" : cidrs.join(", ")}. Set vpcConfig.endpointPublicAccess: false or restrict vpcConfig.publicAccessCidrs.`);
    }
  },
});

export const eksClusterRequireSecretsEncryption = resourcePolicy({
  name: "aws-eks-cluster-require-secrets-encryption",
  description: "EKS envelope-encrypts Kubernetes secrets with a customer-managed KMS key.",
  pack: "security",
  service: "eks",
  severity: "high",
  frameworks: ["cis", "pci", "hipaa", "soc2", "iso27001"],
  remediationSteps: "Set `encryptionConfig: { resources: [\"secrets\"], provider: { keyArn } }` with a key from `createEncryptionKey`.",
  types: [CLUSTER],
  validate: ({ props, report }) => {
    const config = props.encryptionConfig;
    if (!config?.provider?.keyArn || !(config.resources ?? []).includes("secrets")) {
      report("encryptionConfig does not encrypt secrets with a KMS key. Set encryptionConfig.resources to [\"secrets\"] and provider.keyArn.");
    }
  },
});

export const eksClusterRequireControlPlaneLogs = resourcePolicy<{ requiredLogTypes: string[] }>({
  name: "aws-eks-cluster-require-control-plane-logs",
  description: "EKS sends the API, audit and authenticator control-plane logs to CloudWatch.",
  pack: "security",
  service: "eks",
  severity: "medium",
  frameworks: ["cis", "pci", "hipaa", "soc2", "iso27001"],
  remediationSteps: "Add the missing types to `enabledClusterLogTypes` (api, audit, authenticator; controllerManager and scheduler are optional).",
  settings: {
    requiredLogTypes: {
      type: "array",
      items: { type: "string", enum: ["api", "audit", "authenticator", "controllerManager", "scheduler"] },
      description: "Control-plane log types that must be enabled.",
      default: ["api", "audit", "authenticator"],
    },
  },
  types: [CLUSTER],
  validate: ({ props, settings, report }) => {
    const enabled: string[] = props.enabledClusterLogTypes ?? [];
    const missing = settings.requiredLogTypes.filter((t) => !enabled.includes(t));
    if (missing.length > 0) report(`control-plane logs ${missing.join(", ")} are off. Add them to enabledClusterLogTypes.`);
  },
});

export const eksNodeGroupDisallowSsh = resourcePolicy({
  name: "aws-eks-node-group-disallow-ssh",
  description: "EKS managed node groups have no SSH remote access; use SSM Session Manager.",
  pack: "security",
  service: "eks",
  severity: "high",
  frameworks: ["cis", "pci", "soc2", "iso27001"],
  remediationSteps: "Remove `remoteAccess` from the node group; attach AmazonSSMManagedInstanceCore to the node role for break-glass access.",
  types: ["aws:eks/nodeGroup:NodeGroup"],
  validate: ({ props, report }) => {
    if (props.remoteAccess) report("remoteAccess is set: nodes accept SSH. Remove remoteAccess and use SSM Session Manager.");
  },
});
