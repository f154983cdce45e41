import { RunResult } from "../harness";
import { K8S, runEksTier } from "./tier";

const RELEASE = K8S.release;
const NODE_CLASS = "kubernetes:karpenter.k8s.aws/v1:EC2NodeClass";
const AUTO_NODE_CLASS = "kubernetes:eks.amazonaws.com/v1:NodeClass";
const NODE_POOL = "kubernetes:karpenter.sh/v1:NodePool";
const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
const ATTACHMENT = "aws:iam/rolePolicyAttachment:RolePolicyAttachment";
const AUTO_MODE = { "platform:compute": { eks: { capacity: { mode: "autoMode" } } } };

const requirement = (run: RunResult, name: string, key: string) =>
  run.one(NODE_POOL, name).inputs.spec.template.spec.requirements.find((r: { key: string }) => r.key === key)?.values;

let prod: RunResult;
let dev: RunResult;
let devAuto: RunResult;
beforeAll(async () => {
  prod = await runEksTier("prod");
  dev = await runEksTier("dev");
  devAuto = await runEksTier("dev", AUTO_MODE);
}, 120_000);

describe("Karpenter (the default capacity mode)", () => {
  test("the controller chart is pinned, its CRDs come from their own chart first, and it knows its region and interruption queue", () => {
    const crds = prod.one(RELEASE, "eks-karpenter-crd").inputs;
    const release = prod.one(RELEASE, "eks-karpenter");
    expect(crds).toMatchObject({ chart: "oci://public.ecr.aws/karpenter/karpenter-crd", version: "1.14.1", namespace: "kube-system" });
    expect(release.inputs).toMatchObject({ chart: "oci://public.ecr.aws/karpenter/karpenter", version: "1.14.1", namespace: "kube-system", skipCrds: true });
    expect(release.options.dependsOn).toContain(prod.one(RELEASE, "eks-karpenter-crd").urn);
    const queue = prod.one("aws:sqs/queue:Queue", "eks-karpenter-interruptions");
    expect(release.inputs.values.settings).toEqual({ clusterName: "platform-prod", clusterEndpoint: expect.stringMatching(/^https:\/\//), interruptionQueue: queue.inputs.name });
    expect(release.inputs.values.controller.env).toEqual([{ name: "AWS_REGION", value: "eu-west-1" }]);
  });

  test("the controller's role comes through Pod Identity for kube-system/karpenter", () => {
    const association = prod.one("aws:eks/podIdentityAssociation:PodIdentityAssociation", "eks-karpenter-controller").inputs;
    expect(association).toMatchObject({ namespace: "kube-system", serviceAccount: "karpenter", roleArn: expect.stringContaining(":role/eks-karpenter-controller") });
    const trust = JSON.parse(prod.one("aws:iam/role:Role", "eks-karpenter-controller").inputs.assumeRolePolicy).Statement[0];
    expect(trust.Principal).toEqual({ Service: "pods.eks.amazonaws.com" });
  });

  test("with identity irsa the controller's role trusts only its service account through the cluster's OIDC issuer", async () => {
    const run = await runEksTier("dev", { "platform:compute": { eks: { capacity: { karpenter: { identity: "irsa" } } } } });
    expect(run.find("aws:eks/podIdentityAssociation:PodIdentityAssociation", "eks-karpenter-controller")).toBeUndefined();
    const trust = JSON.parse(run.one("aws:iam/role:Role", "eks-karpenter-controller").inputs.assumeRolePolicy).Statement[0];
    expect(trust.Principal.Federated).toBe(run.one("aws:iam/openIdConnectProvider:OpenIdConnectProvider", "eks-oidc").state.arn);
    expect(Object.values(trust.Condition.StringEquals)).toEqual(["system:serviceaccount:kube-system:karpenter", "sts.amazonaws.com"]);
    const role = run.one("aws:iam/role:Role", "eks-karpenter-controller");
    expect(run.one(RELEASE, "eks-karpenter").inputs.values.serviceAccount.annotations).toEqual({ "eks.amazonaws.com/role-arn": role.state.arn });
  });

  test("the controller may launch and end only instances tagged as this cluster's, pass only its node role and read only its queue", () => {
    const nodes = JSON.parse(prod.one(ROLE_POLICY, "eks-karpenter-controller-nodes").inputs.policy).Statement;
    const integration = JSON.parse(prod.one(ROLE_POLICY, "eks-karpenter-controller-integration").inputs.policy).Statement;
    const bySid: Record<string, any> = Object.fromEntries([...nodes, ...integration].map((s: { Sid: string }) => [s.Sid, s]));
    expect(bySid.AllowScopedDeletion.Condition.StringEquals).toEqual({ "aws:ResourceTag/kubernetes.io/cluster/platform-prod": "owned" });
    expect(bySid.AllowScopedEC2InstanceActionsWithTags.Condition.StringEquals).toMatchObject({ "aws:RequestTag/eks:eks-cluster-name": "platform-prod" });
    expect(bySid.AllowPassingInstanceRole.Resource).toBe(prod.one("aws:iam/role:Role", "eks-karpenter-node").state.arn);
    expect(bySid.AllowInterruptionQueueActions.Resource).toBe(prod.one("aws:sqs/queue:Queue", "eks-karpenter-interruptions").state.arn);
    expect(bySid.AllowNodeVolumeKeyThroughEc2).toMatchObject({
      Resource: prod.one("aws:kms/key:Key", "eks-node-volumes").state.arn,
      Condition: { StringEquals: { "kms:ViaService": "ec2.eu-west-1.amazonaws.com" } },
    });
    const unscopedWrites = [...nodes, ...integration].filter((s) => s.Resource === "*" && [s.Action].flat().some((a: string) => !/:(Describe|Get|List)/.test(a)));
    expect(unscopedWrites).toEqual([]);
  });

  test("an encrypted queue, reachable only over TLS, receives spot interruption, rebalance, health, state-change and capacity-reservation events", () => {
    const queue = prod.one("aws:sqs/queue:Queue", "eks-karpenter-interruptions");
    expect(queue.inputs).toMatchObject({ name: "platform-prod", sqsManagedSseEnabled: true, messageRetentionSeconds: 300 });
    const policy = JSON.parse(prod.one("aws:sqs/queuePolicy:QueuePolicy", "eks-karpenter-interruptions").inputs.policy).Statement;
    expect(policy.find((s: { Effect: string }) => s.Effect === "Deny")).toMatchObject({ Condition: { Bool: { "aws:SecureTransport": "false" } } });
    const patterns = prod.ofType("aws:cloudwatch/eventRule:EventRule").map((r) => JSON.parse(r.inputs.eventPattern)["detail-type"][0]).sort();
    expect(patterns).toEqual([
      "AWS Health Event",
      "EC2 Capacity Reservation Instance Interruption Warning",
      "EC2 Instance Rebalance Recommendation",
      "EC2 Instance State-change Notification",
      "EC2 Spot Instance Interruption Warning",
    ]);
    const targets = prod.ofType("aws:cloudwatch/eventTarget:EventTarget");
    expect(targets.map((t) => t.inputs.arn)).toEqual(Array(5).fill(queue.state.arn));
  });

  test("only EventBridge sends to the queue, and only for this cluster's named rules in this account (confused-deputy guard; no sqs.amazonaws.com)", () => {
    const policy = JSON.parse(prod.one("aws:sqs/queuePolicy:QueuePolicy", "eks-karpenter-interruptions").inputs.policy).Statement;
    const sends = policy.filter((s: { Effect: string }) => s.Effect === "Allow");
    const rules = prod.ofType("aws:cloudwatch/eventRule:EventRule");
    expect(rules.map((r) => r.inputs.name).sort()).toEqual(["health", "rebalance", "reservation", "spot", "state-change"].map((suffix) => `platform-prod-${suffix}`));
    expect(sends).toEqual([
      {
        Sid: "EventBridgeRulesSend",
        Effect: "Allow",
        Principal: { Service: "events.amazonaws.com" },
        Action: "sqs:SendMessage",
        Resource: prod.one("aws:sqs/queue:Queue", "eks-karpenter-interruptions").state.arn,
        Condition: { StringEquals: { "aws:SourceAccount": "123456789012" }, ArnEquals: { "aws:SourceArn": rules.map((r) => r.state.arn) } },
      },
    ]);
    // A target delivers only once the queue admits its rule.
    const queuePolicy = prod.one("aws:sqs/queuePolicy:QueuePolicy", "eks-karpenter-interruptions").urn;
    for (const target of prod.ofType("aws:cloudwatch/eventTarget:EventTarget")) expect(target.options.dependsOn).toContain(queuePolicy);
  });

  test("Karpenter's nodes carry no CNI policy: aws-node gets its ENI permissions through the vpc-cni add-on's own Pod Identity role", () => {
    const node = prod.one("aws:iam/role:Role", "eks-karpenter-node");
    const attached = prod.ofType(ATTACHMENT).filter((a) => a.inputs.role === node.state.name).map((a) => a.inputs.policyArn.split("/").pop());
    expect(attached).toEqual(["AmazonEKSWorkerNodePolicy", "AmazonEC2ContainerRegistryPullOnly"]);
    expect(prod.one("aws:eks/addon:Addon", "eks-vpc-cni").inputs.podIdentityAssociations).toEqual([{ roleArn: prod.one("aws:iam/role:Role", "eks-vpc-cni").state.arn, serviceAccount: "aws-node" }]);
  });

  test("the EC2NodeClass requires IMDSv2 within one hop, encrypts root volumes with the node volume key and gives no public IP", () => {
    const spec = prod.one(NODE_CLASS, "eks-karpenter-app-node-class").inputs.spec;
    expect(spec.metadataOptions).toEqual({ httpEndpoint: "enabled", httpProtocolIPv6: "disabled", httpPutResponseHopLimit: 1, httpTokens: "required" });
    expect(spec.blockDeviceMappings).toEqual([
      { deviceName: "/dev/xvda", ebs: { volumeSize: "100Gi", volumeType: "gp3", encrypted: true, kmsKeyID: prod.one("aws:kms/key:Key", "eks-node-volumes").state.arn, deleteOnTermination: true } },
    ]);
    expect(spec.associatePublicIPAddress).toBe(false);
    expect(spec.role).toBe(prod.one("aws:iam/role:Role", "eks-karpenter-node").state.name);
  });

  test("the node class finds the private subnets, and only those, and the cluster security group by tag", () => {
    const spec = prod.one(NODE_CLASS, "eks-karpenter-app-node-class").inputs.spec;
    const [subnetTags] = spec.subnetSelectorTerms.map((t: { tags: Record<string, string> }) => t.tags);
    const matching = prod.ofType("aws:ec2/subnet:Subnet").filter((s) => Object.entries(subnetTags).every(([k, v]) => s.inputs.tags[k] === v));
    expect(matching.map((s) => s.inputs.tags["platform:tier"])).toEqual(["private", "private", "private"]);
    expect(spec.securityGroupSelectorTerms).toEqual([{ tags: { "kubernetes.io/cluster/platform-prod": "owned" } }]);
  });

  test("the nodes Karpenter launches join through their own EC2_LINUX access entry", () => {
    const entry = prod.one("aws:eks/accessEntry:AccessEntry", "eks-karpenter-node").inputs;
    expect(entry).toMatchObject({ type: "EC2_LINUX", clusterName: "platform-prod", principalArn: prod.one("aws:iam/role:Role", "eks-karpenter-node").state.arn });
  });

  test("prod's pool is on-demand x86 within its limits; dev's allows Spot and Graviton", () => {
    expect(requirement(prod, "eks-karpenter-app-node-pool", "karpenter.sh/capacity-type")).toEqual(["on-demand"]);
    expect(requirement(prod, "eks-karpenter-app-node-pool", "kubernetes.io/arch")).toEqual(["amd64"]);
    expect(prod.one(NODE_POOL, "eks-karpenter-app-node-pool").inputs.spec.limits).toEqual({ cpu: "96", memory: "384Gi" });
    expect(requirement(dev, "eks-karpenter-app-node-pool", "karpenter.sh/capacity-type")).toEqual(["on-demand", "spot"]);
    expect(requirement(dev, "eks-karpenter-app-node-pool", "kubernetes.io/arch")).toEqual(["amd64", "arm64"]);
    expect(requirement(dev, "eks-karpenter-app-node-pool", "karpenter.k8s.aws/instance-category")).toEqual(["c", "m", "r"]);
  });

  test("the pool consolidates empty or underused nodes, a few at a time", () => {
    expect(dev.one(NODE_POOL, "eks-karpenter-app-node-pool").inputs.spec.disruption).toEqual({
      consolidationPolicy: "WhenEmptyOrUnderutilized",
      consolidateAfter: "30s",
      budgets: [{ nodes: "10%" }],
    });
  });

  test("the app's pods run in the app pool, and everything in the cluster waits for the pool", () => {
    const pool = prod.one(NODE_POOL, "eks-karpenter-app-node-pool");
    expect(prod.one(K8S.deployment, "eks-app-blue").inputs.spec.template.spec.nodeSelector).toEqual({ "karpenter.sh/nodepool": "app" });
    expect(prod.one("kubernetes:core/v1:Namespace", "eks-app-namespace").options.dependsOn).toContain(pool.urn);
    expect(prod.one("platform:eks:LoadBalancerController", "eks-lb-controller").options.dependsOn).toContain(pool.urn);
  });
});

describe("EKS Auto Mode", () => {
  const cluster = () => devAuto.one("aws:eks/cluster:Cluster", "eks").inputs;

  test("compute, block storage and load balancing are on together, with no self-managed add-ons and the built-in pools on the node role", () => {
    expect(cluster()).toMatchObject({
      bootstrapSelfManagedAddons: false,
      computeConfig: { enabled: true, nodePools: ["general-purpose", "system"], nodeRoleArn: devAuto.one("aws:iam/role:Role", "eks-node").state.arn },
      kubernetesNetworkConfig: { elasticLoadBalancing: { enabled: true } },
      storageConfig: { blockStorage: { enabled: true } },
    });
  });

  test("the cluster role gets Auto Mode's four capability policies and the node role the minimal node policies", () => {
    const attached = (prefix: string) => devAuto.ofType(ATTACHMENT).filter((a) => a.name.startsWith(prefix)).map((a) => a.inputs.policyArn.split("/").pop()).sort();
    expect(attached("eks-cluster-")).toEqual(["AmazonEKSBlockStoragePolicy", "AmazonEKSClusterPolicy", "AmazonEKSComputePolicy", "AmazonEKSLoadBalancingPolicy", "AmazonEKSNetworkingPolicy"]);
    expect(attached("eks-node-")).toEqual(["AmazonEC2ContainerRegistryPullOnly", "AmazonEKSWorkerNodeMinimalPolicy"]);
  });

  test("the cluster role may use the node volume key, and create grants only for AWS resources", () => {
    const key = devAuto.one("aws:kms/key:Key", "eks-node-volumes").state.arn;
    const statements = JSON.parse(devAuto.one(ROLE_POLICY, "eks-cluster-node-volume-key").inputs.policy).Statement;
    expect(statements.map((s: { Resource: string }) => s.Resource)).toEqual([key, key]);
    expect(statements[1].Condition).toEqual({ Bool: { "kms:GrantIsForAWSResource": "true" } });
  });

  test("Auto Mode creates no node group, no Karpenter and none of the add-ons it runs itself", () => {
    expect(devAuto.ofType("aws:eks/nodeGroup:NodeGroup")).toEqual([]);
    expect(devAuto.find(RELEASE, "eks-karpenter")).toBeUndefined();
    expect(devAuto.ofType("aws:eks/addon:Addon").map((a) => a.inputs.addonName)).toEqual(["amazon-cloudwatch-observability"]);
  });

  test("the app's security group sits on nodes only the app tolerates, instead of on its pods", () => {
    expect(devAuto.ofType(K8S.securityGroupPolicy)).toEqual([]);
    const sg = devAuto.one("aws:ec2/securityGroup:SecurityGroup", "eks-app-pods");
    const terms = devAuto.one(AUTO_NODE_CLASS, "eks-auto-app-node-class").inputs.spec.securityGroupSelectorTerms;
    expect(terms).toEqual([{ tags: { "kubernetes.io/cluster/platform-dev": "owned" } }, { tags: { "platform/app-nodes": "platform-dev" } }]);
    expect(sg.inputs.tags["platform/app-nodes"]).toBe("platform-dev");
    const taints = devAuto.one(NODE_POOL, "eks-auto-app-node-pool").inputs.spec.template.spec.taints;
    expect(taints).toEqual([{ key: "platform/workload", value: "app", effect: "NoSchedule" }]);
    const pod = devAuto.one(K8S.deployment, "eks-app-green").inputs.spec.template.spec;
    expect(pod.tolerations).toEqual([{ operator: "Equal", key: "platform/workload", value: "app", effect: "NoSchedule" }]);
    expect(pod.nodeSelector).toEqual({ "karpenter.sh/nodepool": "app" });
  });

  test("the node class encrypts ephemeral storage with the node volume key, gives no public IP and enforces NetworkPolicies", () => {
    const spec = devAuto.one(AUTO_NODE_CLASS, "eks-auto-app-node-class").inputs.spec;
    expect(spec.ephemeralStorage).toEqual({ size: "30Gi", kmsKeyID: devAuto.one("aws:kms/key:Key", "eks-node-volumes").state.arn });
    expect(spec.advancedNetworking).toEqual({ associatePublicIPAddress: false });
    expect(spec.role).toBe(devAuto.one("aws:iam/role:Role", "eks-node").state.name);
    expect(spec.networkPolicy).toBe("DefaultAllow");
    expect(devAuto.one("kubernetes:core/v1:ConfigMap", "eks-auto-network-policy").inputs).toMatchObject({
      metadata: { name: "amazon-vpc-cni", namespace: "kube-system" },
      data: { "enable-network-policy-controller": "true" },
    });
  });

  test("the Auto Mode pool uses Auto Mode's instance labels with the stack's capacity types and limits", () => {
    expect(requirement(devAuto, "eks-auto-app-node-pool", "eks.amazonaws.com/instance-category")).toEqual(["c", "m", "r"]);
    expect(requirement(devAuto, "eks-auto-app-node-pool", "karpenter.sh/capacity-type")).toEqual(["on-demand", "spot"]);
    expect(devAuto.one(NODE_POOL, "eks-auto-app-node-pool").inputs.spec.template.spec.nodeClassRef).toEqual({ group: "eks.amazonaws.com", kind: "NodeClass", name: "app" });
  });

  test("Prometheus' volumes come from Auto Mode's own EBS driver", () => {
    expect(devAuto.one("kubernetes:storage.k8s.io/v1:StorageClass", "eks-monitoring-storage").inputs.provisioner).toBe("ebs.csi.eks.amazonaws.com");
    expect(dev.one("kubernetes:storage.k8s.io/v1:StorageClass", "eks-monitoring-storage").inputs.provisioner).toBe("ebs.csi.aws.com");
  });
});
