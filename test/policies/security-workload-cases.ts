import { PolicyCases } from "./cases";
import { KEY, one, withChange } from "./resources";

// The security pack's cases for what runs workloads: ECS tasks and services, EKS clusters and node classes, Kubernetes workloads.

const eksCluster = {
  vpcConfig: { endpointPublicAccess: false, endpointPrivateAccess: true },
  encryptionConfig: { resources: ["secrets"], provider: { keyArn: KEY } },
  enabledClusterLogTypes: ["api", "audit", "authenticator"],
};
const ec2NodeClass = {
  apiVersion: "karpenter.k8s.aws/v1",
  kind: "EC2NodeClass",
  metadata: { name: "app" },
  spec: {
    role: "eks-karpenter-node",
    amiSelectorTerms: [{ alias: "al2023@latest" }],
    subnetSelectorTerms: [{ tags: { "karpenter.sh/discovery": "platform-test" } }],
    securityGroupSelectorTerms: [{ tags: { "kubernetes.io/cluster/platform-test": "owned" } }],
    metadataOptions: { httpEndpoint: "enabled", httpPutResponseHopLimit: 1, httpTokens: "required" },
    blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { volumeSize: "50Gi", volumeType: "gp3", encrypted: true, kmsKeyID: KEY } }],
    associatePublicIPAddress: false,
  },
};
const EC2_NODE_CLASS = "kubernetes:karpenter.k8s.aws/v1:EC2NodeClass";
const autoNodeClass = {
  apiVersion: "eks.amazonaws.com/v1",
  kind: "NodeClass",
  metadata: { name: "app" },
  spec: {
    role: "eks-node",
    subnetSelectorTerms: [{ tags: { "karpenter.sh/discovery": "platform-test" } }],
    securityGroupSelectorTerms: [{ tags: { "kubernetes.io/cluster/platform-test": "owned" } }],
    ephemeralStorage: { size: "50Gi", kmsKeyID: KEY },
    advancedNetworking: { associatePublicIPAddress: false },
  },
};
const AUTO_NODE_CLASS = "kubernetes:eks.amazonaws.com/v1:NodeClass";
/** A node class without a spec: each rule reads it as every field unset, rather than failing the pack. */
const withoutSpec = (type: string, nodeClass: Record<string, unknown>) => one(type, "app", withChange(nodeClass, "spec", undefined));
const container = {
  name: "app",
  image: "123456789012.dkr.ecr.eu-west-1.amazonaws.com/app@sha256:" + "a".repeat(64),
  user: "10001",
  readonlyRootFilesystem: true,
  privileged: false,
  environment: [{ name: "LOG_LEVEL", value: "info" }],
  secrets: [{ name: "DATABASE_PASSWORD", valueFrom: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db" }],
};
const taskDefinition = (c: Record<string, any> = container, extra: Record<string, any> = {}) => ({
  family: "app",
  containerDefinitions: JSON.stringify([c]),
  executionRoleArn: "arn:aws:iam::123456789012:role/app-execution",
  taskRoleArn: "arn:aws:iam::123456789012:role/app-task",
  ...extra,
});
/** Container definitions that are not a JSON list: the provider refuses them, and each container rule passes them rather than failing the pack. */
const notAList = { "a task whose container definitions are not a JSON list, which the provider refuses": one("aws:ecs/taskDefinition:TaskDefinition", "app", taskDefinition(container, { containerDefinitions: JSON.stringify(container) })) };

const podTemplate = {
  securityContext: { runAsNonRoot: true, runAsUser: 10001 },
  containers: [
    {
      name: "app",
      image: "registry.example.com/app:1.4.2",
      securityContext: { allowPrivilegeEscalation: false, privileged: false, readOnlyRootFilesystem: true },
      resources: { limits: { cpu: "500m", memory: "512Mi" }, requests: { cpu: "250m", memory: "256Mi" } },
    },
  ],
};
const deployment = (spec: Record<string, any> = podTemplate) => ({ metadata: { name: "app" }, spec: { replicas: 2, selector: { matchLabels: { app: "app" } }, template: { metadata: { labels: { app: "app" } }, spec } } });
const DEPLOYMENT = "kubernetes:apps/v1:Deployment";
/** A workload without a pod template: the API server refuses it, and each workload rule passes it rather than failing the pack. */
const noPodTemplate = { "a deployment without a pod template, which the API server refuses": one(DEPLOYMENT, "app", { metadata: { name: "app" } }) };

export const SECURITY_WORKLOAD_CASES: PolicyCases[] = [
  {
    policy: "aws-eks-cluster-disallow-public-endpoint",
    compliant: {
      "a cluster with a private endpoint": one("aws:eks/cluster:Cluster", "eks", eksCluster),
      "a cluster whose public endpoint admits listed CIDRs only": one("aws:eks/cluster:Cluster", "eks", withChange(eksCluster, "vpcConfig", { endpointPublicAccess: true, publicAccessCidrs: ["203.0.113.0/24"] })),
    },
    violating: {
      "a cluster that leaves the public endpoint at its open default": one("aws:eks/cluster:Cluster", "eks", withChange(eksCluster, "vpcConfig", {})),
      "a cluster whose public endpoint admits 0.0.0.0/0": one("aws:eks/cluster:Cluster", "eks", withChange(eksCluster, "vpcConfig", { endpointPublicAccess: true, publicAccessCidrs: ["0.0.0.0/0"] })),
      "a cluster whose public endpoint admits 0.0.0.0/0 among listed CIDRs": one("aws:eks/cluster:Cluster", "eks", withChange(eksCluster, "vpcConfig", { endpointPublicAccess: true, publicAccessCidrs: ["203.0.113.0/24", "0.0.0.0/0"] })),
    },
  },
  {
    policy: "aws-eks-cluster-require-secrets-encryption",
    compliant: { "a cluster that encrypts secrets with KMS": one("aws:eks/cluster:Cluster", "eks", eksCluster) },
    violating: {
      "a cluster without secrets encryption": one("aws:eks/cluster:Cluster", "eks", withChange(eksCluster, "encryptionConfig", undefined)),
      "a cluster whose KMS key encrypts no resource type": one("aws:eks/cluster:Cluster", "eks", withChange(eksCluster, "encryptionConfig.resources", [])),
      "a cluster that names secrets but no KMS key": one("aws:eks/cluster:Cluster", "eks", withChange(eksCluster, "encryptionConfig.provider", {})),
    },
  },
  {
    policy: "aws-eks-cluster-require-control-plane-logs",
    compliant: { "a cluster with api, audit and authenticator logs": one("aws:eks/cluster:Cluster", "eks", eksCluster) },
    violating: {
      "a cluster without audit logs": one("aws:eks/cluster:Cluster", "eks", withChange(eksCluster, "enabledClusterLogTypes", ["api", "authenticator"])),
      "a cluster that leaves control-plane logs off": one("aws:eks/cluster:Cluster", "eks", withChange(eksCluster, "enabledClusterLogTypes", undefined)),
    },
  },
  {
    policy: "aws-eks-node-group-disallow-ssh",
    compliant: { "a node group without remote access": one("aws:eks/nodeGroup:NodeGroup", "nodes", { clusterName: "eks", scalingConfig: { desiredSize: 2, minSize: 2, maxSize: 4 } }) },
    violating: { "a node group that accepts SSH": one("aws:eks/nodeGroup:NodeGroup", "nodes", { clusterName: "eks", remoteAccess: { ec2SshKey: "ops" } }) },
  },
  {
    policy: "aws-eks-karpenter-node-class-require-imdsv2",
    compliant: {
      "a node class requiring IMDSv2 within one hop": one(EC2_NODE_CLASS, "app", ec2NodeClass),
      "a node class that leaves metadataOptions at Karpenter's defaults": one(EC2_NODE_CLASS, "app", withChange(ec2NodeClass, "spec.metadataOptions", undefined)),
      "a node class with instance metadata switched off": one(EC2_NODE_CLASS, "app", withChange(ec2NodeClass, "spec.metadataOptions", { httpEndpoint: "disabled", httpTokens: "optional" })),
      "a node class without a spec": withoutSpec(EC2_NODE_CLASS, ec2NodeClass),
    },
    violating: {
      "a node class that allows IMDSv1": one(EC2_NODE_CLASS, "app", withChange(ec2NodeClass, "spec.metadataOptions.httpTokens", "optional")),
      "a node class whose hop limit lets containers reach IMDS": one(EC2_NODE_CLASS, "app", withChange(ec2NodeClass, "spec.metadataOptions.httpPutResponseHopLimit", 2)),
    },
  },
  {
    policy: "aws-eks-karpenter-node-class-require-encrypted-volumes",
    compliant: {
      "a node class whose root volume is encrypted with a KMS key": one(EC2_NODE_CLASS, "app", ec2NodeClass),
      "a node class that keeps the AL2023 default (encrypted) mappings": one(EC2_NODE_CLASS, "app", withChange(ec2NodeClass, "spec.blockDeviceMappings", undefined)),
      "a node class without a spec": withoutSpec(EC2_NODE_CLASS, ec2NodeClass),
    },
    violating: {
      "a node class with an unencrypted root volume": one(EC2_NODE_CLASS, "app", withChange(ec2NodeClass, "spec.blockDeviceMappings.0.ebs.encrypted", false)),
      "a node class with a second volume that leaves encryption unset": one(
        EC2_NODE_CLASS,
        "app",
        withChange(ec2NodeClass, "spec.blockDeviceMappings", [...ec2NodeClass.spec.blockDeviceMappings, { deviceName: "/dev/xvdb", ebs: { volumeSize: "100Gi" } }]),
      ),
      "a node class with a block device mapping that has no ebs settings": one(EC2_NODE_CLASS, "app", withChange(ec2NodeClass, "spec.blockDeviceMappings", [{ deviceName: "/dev/xvda" }])),
      "a Custom AMI family node class without block device mappings": one(EC2_NODE_CLASS, "app", withChange(withChange(ec2NodeClass, "spec.blockDeviceMappings", undefined), "spec.amiFamily", "Custom")),
    },
  },
  {
    policy: "aws-eks-karpenter-node-class-disallow-public-ip",
    compliant: { "a node class that never assigns a public IP": one(EC2_NODE_CLASS, "app", ec2NodeClass) },
    violating: {
      "a node class that assigns public IPs": one(EC2_NODE_CLASS, "app", withChange(ec2NodeClass, "spec.associatePublicIPAddress", true)),
      "a node class that leaves public IPs to the subnet": one(EC2_NODE_CLASS, "app", withChange(ec2NodeClass, "spec.associatePublicIPAddress", undefined)),
      "a node class without a spec": withoutSpec(EC2_NODE_CLASS, ec2NodeClass),
    },
  },
  {
    policy: "aws-eks-auto-mode-node-class-require-customer-key",
    compliant: { "an Auto Mode node class encrypting storage with a customer key": one(AUTO_NODE_CLASS, "app", autoNodeClass) },
    violating: {
      "an Auto Mode node class on the AWS managed key": one(AUTO_NODE_CLASS, "app", withChange(autoNodeClass, "spec.ephemeralStorage", { size: "50Gi" })),
      "an Auto Mode node class that leaves ephemeral storage to its defaults": one(AUTO_NODE_CLASS, "app", withChange(autoNodeClass, "spec.ephemeralStorage", undefined)),
      "an Auto Mode node class without a spec": withoutSpec(AUTO_NODE_CLASS, autoNodeClass),
    },
  },
  {
    policy: "aws-eks-auto-mode-node-class-disallow-public-ip",
    compliant: { "an Auto Mode node class that never assigns a public IP": one(AUTO_NODE_CLASS, "app", autoNodeClass) },
    violating: {
      "an Auto Mode node class that assigns public IPs": one(AUTO_NODE_CLASS, "app", withChange(autoNodeClass, "spec.advancedNetworking.associatePublicIPAddress", true)),
      "an Auto Mode node class that leaves public IPs to the subnet": one(AUTO_NODE_CLASS, "app", withChange(autoNodeClass, "spec.advancedNetworking", undefined)),
      "an Auto Mode node class without a spec": withoutSpec(AUTO_NODE_CLASS, autoNodeClass),
    },
  },
  {
    policy: "aws-ecs-task-definition-disallow-privileged",
    compliant: { "a task whose container is unprivileged": one("aws:ecs/taskDefinition:TaskDefinition", "app", taskDefinition()), ...notAList },
    violating: { "a task with a privileged container": one("aws:ecs/taskDefinition:TaskDefinition", "app", taskDefinition(withChange(container, "privileged", true))) },
  },
  {
    policy: "aws-ecs-task-definition-require-read-only-root-filesystem",
    compliant: { "a task whose root filesystem is read-only": one("aws:ecs/taskDefinition:TaskDefinition", "app", taskDefinition()), ...notAList },
    violating: { "a task with a writable root filesystem": one("aws:ecs/taskDefinition:TaskDefinition", "app", taskDefinition(withChange(container, "readonlyRootFilesystem", undefined))) },
  },
  {
    policy: "aws-ecs-task-definition-require-non-root-user",
    compliant: { "a task that runs as UID 10001": one("aws:ecs/taskDefinition:TaskDefinition", "app", taskDefinition()), ...notAList },
    violating: {
      "a task that runs as root by UID": one("aws:ecs/taskDefinition:TaskDefinition", "app", taskDefinition(withChange(container, "user", "0:0"))),
      "a task that leaves the user to the image": one("aws:ecs/taskDefinition:TaskDefinition", "app", taskDefinition(withChange(container, "user", undefined))),
      "a task that runs as the root user by name": one("aws:ecs/taskDefinition:TaskDefinition", "app", taskDefinition(withChange(container, "user", "root"))),
    },
  },
  {
    policy: "aws-ecs-task-definition-disallow-secrets-in-environment",
    compliant: {
      "a task that takes its password from Secrets Manager": one("aws:ecs/taskDefinition:TaskDefinition", "app", taskDefinition()),
      "a task whose container has no environment": one("aws:ecs/taskDefinition:TaskDefinition", "app", taskDefinition(withChange(container, "environment", undefined))),
      ...notAList,
    },
    violating: {
      "a task with a password in its environment": one("aws:ecs/taskDefinition:TaskDefinition", "app", taskDefinition(withChange(container, "environment", [{ name: "DB_PASSWORD", value: "hunter2" }]))),
      "a task with an AWS access key as an innocuous-looking value": one("aws:ecs/taskDefinition:TaskDefinition", "app", taskDefinition(withChange(container, "environment", [{ name: "UPLOADER", value: "AKIAIOSFODNN7EXAMPLE" }]))),
    },
  },
  {
    policy: "aws-ecs-task-definition-require-separate-task-role",
    compliant: {
      "a task with its own task role": one("aws:ecs/taskDefinition:TaskDefinition", "app", taskDefinition()),
      "a task with neither role, which calls no AWS API and pulls a public image": one("aws:ecs/taskDefinition:TaskDefinition", "app", { family: "app", containerDefinitions: JSON.stringify([container]) }),
    },
    violating: { "a task whose task role is its execution role": one("aws:ecs/taskDefinition:TaskDefinition", "app", taskDefinition(container, { taskRoleArn: "arn:aws:iam::123456789012:role/app-execution" })) },
  },
  {
    policy: "aws-ecs-service-disallow-public-ip",
    compliant: {
      "a service in private subnets": one("aws:ecs/service:Service", "app", { networkConfiguration: { subnets: ["subnet-1"], assignPublicIp: false } }),
      "a service on EC2 in bridge mode, without a network configuration": one("aws:ecs/service:Service", "app", { launchType: "EC2" }),
    },
    violating: { "a service that assigns public IPs": one("aws:ecs/service:Service", "app", { networkConfiguration: { subnets: ["subnet-1"], assignPublicIp: true } }) },
  },
  {
    policy: "kubernetes-workload-disallow-privileged",
    compliant: { "a deployment whose container cannot escalate": one(DEPLOYMENT, "app", deployment()), ...noPodTemplate },
    violating: {
      "a deployment with a privileged container": one(DEPLOYMENT, "app", deployment(withChange(podTemplate, "containers.0.securityContext.privileged", true))),
      "a deployment that allows privilege escalation": one(DEPLOYMENT, "app", deployment(withChange(podTemplate, "containers.0.securityContext.allowPrivilegeEscalation", undefined))),
      "a cron job with a privileged container": one("kubernetes:batch/v1:CronJob", "nightly", { spec: { schedule: "0 3 * * *", jobTemplate: { spec: { template: { spec: withChange(podTemplate, "containers.0.securityContext.privileged", true) } } } } }),
    },
  },
  {
    policy: "kubernetes-workload-require-non-root",
    compliant: {
      "a deployment that runs as non-root": one(DEPLOYMENT, "app", deployment()),
      "a deployment whose container alone sets runAsNonRoot": one(DEPLOYMENT, "app", deployment(withChange(withChange(podTemplate, "securityContext", undefined), "containers.0.securityContext.runAsNonRoot", true))),
      "a deployment whose container alone sets a non-zero runAsUser": one(DEPLOYMENT, "app", deployment(withChange(withChange(podTemplate, "securityContext", undefined), "containers.0.securityContext.runAsUser", 10001))),
      ...noPodTemplate,
    },
    violating: {
      "a deployment without a non-root security context": one(DEPLOYMENT, "app", deployment(withChange(podTemplate, "securityContext", undefined))),
      "a deployment whose runAsUser is null, as a YAML key left empty": one(DEPLOYMENT, "app", deployment(withChange(podTemplate, "securityContext", { runAsUser: null }))),
      "a pod whose container sets UID 0": one("kubernetes:core/v1:Pod", "debug", { spec: withChange(podTemplate, "containers.0.securityContext.runAsUser", 0) }),
    },
  },
  {
    policy: "kubernetes-workload-require-resource-limits",
    compliant: {
      "a deployment with CPU and memory limits": one(DEPLOYMENT, "app", deployment()),
      // Kubernetes forbids resources on ephemeral containers.
      "a pod with a debugging ephemeral container, which cannot have limits": one("kubernetes:core/v1:Pod", "app", { spec: { ...podTemplate, ephemeralContainers: [{ name: "debug", image: "busybox:1.36" }] } }),
      ...noPodTemplate,
    },
    violating: {
      "a deployment without a memory limit": one(DEPLOYMENT, "app", deployment(withChange(podTemplate, "containers.0.resources.limits.memory", undefined))),
      "a deployment whose container sets no resources": one(DEPLOYMENT, "app", deployment(withChange(podTemplate, "containers.0.resources", undefined))),
    },
  },
  {
    policy: "kubernetes-workload-disallow-latest-tag",
    compliant: {
      "a deployment with a version tag": one(DEPLOYMENT, "app", deployment()),
      "a deployment with a digest": one(DEPLOYMENT, "app", deployment(withChange(podTemplate, "containers.0.image", "registry.example.com:5000/app@sha256:" + "b".repeat(64)))),
      "a deployment with a digest behind the latest tag": one(DEPLOYMENT, "app", deployment(withChange(podTemplate, "containers.0.image", "app:latest@sha256:" + "b".repeat(64)))),
      ...noPodTemplate,
    },
    violating: {
      "a deployment on the latest tag": one(DEPLOYMENT, "app", deployment(withChange(podTemplate, "containers.0.image", "registry.example.com/app:latest"))),
      "a deployment without a tag behind a registry port": one(DEPLOYMENT, "app", deployment(withChange(podTemplate, "containers.0.image", "registry.example.com:5000/app"))),
    },
  },
  {
    policy: "kubernetes-workload-disallow-host-namespaces",
    compliant: { "a deployment in its own namespaces": one(DEPLOYMENT, "app", deployment()), ...noPodTemplate },
    violating: {
      "a daemon set on the host network": one("kubernetes:apps/v1:DaemonSet", "agent", { spec: { template: { spec: withChange(podTemplate, "hostNetwork", true) } } }),
      "a deployment that shares the host PID namespace": one(DEPLOYMENT, "app", deployment(withChange(podTemplate, "hostPID", true))),
      "a stateful set that shares the host IPC namespace": one("kubernetes:apps/v1:StatefulSet", "db", { spec: { serviceName: "db", template: { spec: withChange(podTemplate, "hostIPC", true) } } }),
    },
  },
];
