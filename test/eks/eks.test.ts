import * as pulumi from "@pulumi/pulumi";
import { EksApp, EksAppArgs, validateClusterSettings } from "../../components/eks";
import { nonEmpty, runComponents, RunResult } from "../harness";
import { ALB_SECURITY_GROUP, CACHE_SECRET_ARN, DATA_KEY_ARN, DB_SECRET_ARN, eksConfig, K8S, runEksTier, TARGET_GROUP_ARNS } from "./tier";

const COLOURS = ["blue", "green"] as const;
const CLUSTER = "aws:eks/cluster:Cluster";

/** The trust of a Pod Identity role usable only by one service account of the prod cluster (EKS session tags). */
function podIdentityTrust(serviceAccount: string, namespace = "kube-system") {
  return {
    Effect: "Allow",
    Principal: { Service: "pods.eks.amazonaws.com" },
    Action: ["sts:AssumeRole", "sts:TagSession"],
    Condition: {
      StringEquals: {
        "aws:RequestTag/eks-cluster-name": "platform-prod",
        "aws:RequestTag/kubernetes-namespace": namespace,
        "aws:RequestTag/kubernetes-service-account": serviceAccount,
      },
    },
  };
}

let prod: RunResult & { tier?: import("../../stacks/compute").ComputeTier };
beforeAll(async () => {
  prod = await runEksTier("prod");
});

describe("EKS cluster", () => {
  test("the API endpoint is private only, with no public CIDR, by default", () => {
    const vpc = prod.one(CLUSTER, "eks").inputs.vpcConfig;
    expect(vpc).toMatchObject({ endpointPrivateAccess: true, endpointPublicAccess: false });
    expect(vpc.publicAccessCidrs ?? []).toEqual([]);
  });

  test("a public endpoint is opened only to the configured CIDRs", async () => {
    const run = await runEksTier("dev", { "platform:compute": { eks: { endpoint: { publicAccess: true, publicAccessCidrs: ["203.0.113.0/24"] } } } });
    expect(run.one(CLUSTER, "eks").inputs.vpcConfig).toMatchObject({ endpointPublicAccess: true, publicAccessCidrs: ["203.0.113.0/24"] });
  });

  test("Kubernetes Secrets are envelope-encrypted with a rotated KMS key the cluster role may use", () => {
    const cluster = prod.one(CLUSTER, "eks");
    const key = prod.one("aws:kms/key:Key", "eks-secrets");
    expect(key.inputs.enableKeyRotation).toBe(true);
    expect(cluster.inputs.encryptionConfig).toEqual({ resources: ["secrets"], provider: { keyArn: expect.stringMatching(/^arn:aws:kms:eu-west-1:123456789012:key\//) } });
    const policy = JSON.parse(prod.one("aws:iam/rolePolicy:RolePolicy", "eks-cluster-secrets-key").inputs.policy);
    expect(nonEmpty(policy.Statement, "key policy statement").every((s: any) => s.Resource === cluster.inputs.encryptionConfig.provider.keyArn)).toBe(true);
  });

  test("every control-plane log type goes to an encrypted log group kept for the configured days", () => {
    expect(prod.one(CLUSTER, "eks").inputs.enabledClusterLogTypes).toEqual(["api", "audit", "authenticator", "controllerManager", "scheduler"]);
    const group = prod.one("aws:cloudwatch/logGroup:LogGroup", "eks-control-plane");
    expect(group.inputs).toMatchObject({ name: "/aws/eks/platform-prod/cluster", retentionInDays: 365, kmsKeyId: expect.stringContaining(":key/") });
  });

  test("access is by access entries only, with no implicit admin for the creator", () => {
    expect(prod.one(CLUSTER, "eks").inputs.accessConfig).toEqual({ authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: false });
  });

  test("each configured admin role gets an access entry with the cluster-admin policy, named by role", async () => {
    const arn = "arn:aws:iam::123456789012:role/platform-admin";
    const run = await runEksTier("dev", { "platform:compute": { eks: { adminRoleArns: [arn] } } });
    expect(run.one("aws:eks/accessEntry:AccessEntry", "eks-admin-platform-admin").inputs).toMatchObject({ principalArn: arn, type: "STANDARD" });
    expect(run.one("aws:eks/accessPolicyAssociation:AccessPolicyAssociation", "eks-admin-platform-admin").inputs).toMatchObject({
      principalArn: arn,
      policyArn: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy",
      accessScope: { type: "cluster" },
    });
  });

  test("the cluster runs the configured Kubernetes version with deletion protection from config", async () => {
    expect(prod.one(CLUSTER, "eks").inputs).toMatchObject({ version: "1.33", deletionProtection: true, bootstrapSelfManagedAddons: false });
    const dev = await runEksTier("dev");
    expect(dev.one(CLUSTER, "eks").inputs.deletionProtection).toBe(false);
  });

  test("the cluster role carries the VPC resource controller policy that security groups for pods need", () => {
    const attached = prod.ofType("aws:iam/rolePolicyAttachment:RolePolicyAttachment").filter((a) => a.name.startsWith("eks-cluster-")).map((a) => a.inputs.policyArn);
    expect(attached).toEqual(["arn:aws:iam::aws:policy/AmazonEKSClusterPolicy", "arn:aws:iam::aws:policy/AmazonEKSVPCResourceController"]);
  });
});

describe("EKS node groups", () => {
  test("nodes run in the private subnets with no remote access and the configured scaling", () => {
    const group = prod.one("aws:eks/nodeGroup:NodeGroup", "eks-system");
    const privateIds = prod.ofType("aws:ec2/subnet:Subnet").filter((s) => s.inputs.tags["platform:tier"] === "private");
    expect(group.inputs.subnetIds).toHaveLength(privateIds.length);
    expect(nonEmpty<string>(group.inputs.subnetIds, "node group subnet").every((id: string) => id.startsWith("subnet-"))).toBe(true);
    expect(group.inputs.remoteAccess).toBeUndefined();
    expect(group.inputs).toMatchObject({ instanceTypes: ["m6i.large"], capacityType: "ON_DEMAND", scalingConfig: { minSize: 3, desiredSize: 3, maxSize: 4 } });
    expect(group.options.ignoreChanges).toContain("scalingConfig.desiredSize");
  });

  test("the launch template requires IMDSv2 within one hop and encrypts the gp3 volume", () => {
    const template = prod.one("aws:ec2/launchTemplate:LaunchTemplate", "eks-system");
    expect(template.inputs.metadataOptions).toEqual({ httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1 });
    expect(template.inputs.blockDeviceMappings).toEqual([
      { deviceName: "/dev/xvda", ebs: { volumeSize: 50, volumeType: "gp3", encrypted: "true", deleteOnTermination: "true" } },
    ]);
    expect(prod.one("aws:eks/nodeGroup:NodeGroup", "eks-system").inputs.launchTemplate).toEqual({ id: expect.stringMatching(/^lt-/), version: "1" });
  });

  test("dev runs its controller nodes on Spot at its own node group sizes", async () => {
    const dev = await runEksTier("dev");
    expect(dev.one("aws:eks/nodeGroup:NodeGroup", "eks-system").inputs).toMatchObject({ capacityType: "SPOT", scalingConfig: { minSize: 2, desiredSize: 2, maxSize: 2 } });
  });

  test("the controller node group admits only critical add-ons, so everything else goes to the nodes Karpenter launches", () => {
    expect(prod.one("aws:eks/nodeGroup:NodeGroup", "eks-system").inputs.taints).toEqual([{ key: "CriticalAddonsOnly", value: "true", effect: "NO_SCHEDULE" }]);
  });
});

describe("EKS add-ons and provider", () => {
  test("the six managed add-ons are installed, with configured versions", async () => {
    const run = await runEksTier("dev", { "platform:compute": { eks: { addons: { coreDns: "v1.11.4-eksbuild.2" } } } });
    const addons = Object.fromEntries(run.ofType("aws:eks/addon:Addon").map((a) => [a.inputs.addonName, a.inputs]));
    expect(Object.keys(addons).sort()).toEqual(["amazon-cloudwatch-observability", "aws-ebs-csi-driver", "coredns", "eks-pod-identity-agent", "kube-proxy", "vpc-cni"]);
    expect(addons.coredns.addonVersion).toBe("v1.11.4-eksbuild.2");
    expect(addons["kube-proxy"].addonVersion).toBeUndefined();
  });

  test("the VPC CNI enables security groups for pods and network policy enforcement", () => {
    const cni = prod.one("aws:eks/addon:Addon", "eks-vpc-cni");
    expect(JSON.parse(cni.inputs.configurationValues)).toMatchObject({ env: { ENABLE_POD_ENI: "true" }, enableNetworkPolicy: "true" });
  });

  test("the EBS CSI driver gets its role through Pod Identity and waits for the nodes", () => {
    const ebs = prod.one("aws:eks/addon:Addon", "eks-ebs-csi-driver");
    const role = prod.one("aws:iam/role:Role", "eks-ebs-csi");
    expect(ebs.inputs.podIdentityAssociations).toEqual([{ roleArn: expect.stringContaining(":role/eks-ebs-csi"), serviceAccount: "ebs-csi-controller-sa" }]);
    expect(JSON.parse(role.inputs.assumeRolePolicy).Statement[0]).toEqual(podIdentityTrust("ebs-csi-controller-sa"));
    expect(ebs.options.dependsOn).toContain(prod.one("aws:eks/nodeGroup:NodeGroup", "eks-system").urn);
  });

  test("the VPC CNI gets its ENI permissions through its own Pod Identity role, not the node role", () => {
    const cni = prod.one("aws:eks/addon:Addon", "eks-vpc-cni");
    const role = prod.one("aws:iam/role:Role", "eks-vpc-cni");
    expect(cni.inputs.podIdentityAssociations).toEqual([{ roleArn: role.state.arn, serviceAccount: "aws-node" }]);
    expect(JSON.parse(role.inputs.assumeRolePolicy).Statement[0]).toEqual(podIdentityTrust("aws-node"));
    const attached = (roleName: string) =>
      prod.ofType("aws:iam/rolePolicyAttachment:RolePolicyAttachment").filter((a) => a.inputs.role === prod.one("aws:iam/role:Role", roleName).state.name).map((a) => a.inputs.policyArn.split("/").pop());
    expect(attached("eks-vpc-cni")).toEqual(["AmazonEKS_CNI_Policy"]);
    expect(attached("eks-node")).toEqual(["AmazonEKSWorkerNodePolicy", "AmazonEC2ContainerRegistryPullOnly"]);
    // aws-node starts only once its role can act.
    const attachment = prod.one("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "eks-vpc-cni-AmazonEKS_CNI_Policy");
    expect(cni.options.dependsOn).toContain(attachment.urn);
  });

  test("the Kubernetes provider authenticates with aws eks get-token and holds no token", () => {
    const provider = prod.one("pulumi:providers:kubernetes", "eks-k8s");
    const kubeconfig = JSON.parse(provider.inputs.kubeconfig);
    const user = kubeconfig.users[0].user;
    expect(user.token).toBeUndefined();
    expect(user.exec).toMatchObject({ command: "aws", args: ["eks", "get-token", "--cluster-name", "platform-prod", "--region", "eu-west-1", "--output", "json"] });
    expect(kubeconfig.clusters[0].cluster.server).toMatch(/^https:\/\/[A-F0-9]+\.gr7\.eu-west-1\.eks\.amazonaws\.com$/);
  });

  test("every Kubernetes resource is created through the cluster's provider", () => {
    const provider = prod.one("pulumi:providers:kubernetes", "eks-k8s");
    const inCluster = prod.resources.filter((r) => r.custom && r.type.startsWith("kubernetes:"));
    expect(inCluster.length).toBeGreaterThan(20);
    expect(inCluster.filter((r) => !r.options.provider.startsWith(provider.urn)).map((r) => r.name)).toEqual([]);
  });
});

describe("EKS app workload", () => {
  test.each(COLOURS)("the %s Deployment runs non-root, read-only, with no capabilities, limits, probes and its pinned image", (colour) => {
    const spec = prod.one(K8S.deployment, `eks-app-${colour}`).inputs.spec.template.spec;
    expect(spec.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } });
    expect(spec.automountServiceAccountToken).toBe(false);
    const [container] = spec.containers;
    expect(container.securityContext).toEqual({ runAsNonRoot: true, privileged: false, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } });
    expect(container.resources).toEqual({ requests: { cpu: "500m", memory: "1024Mi" }, limits: { cpu: "500m", memory: "1024Mi" } });
    for (const probe of ["livenessProbe", "readinessProbe", "startupProbe"]) expect(container[probe].httpGet).toEqual({ path: "/", port: "http" });
    expect(container.image).toBe("public.ecr.aws/nginx/nginx-unprivileged:1.27-alpine");
  });

  test("each colour runs the image configured for it", async () => {
    const run = await runEksTier("dev", { "platform:compute": { green: { image: "public.ecr.aws/nginx/nginx-unprivileged:1.28-alpine" } } });
    expect(run.one(K8S.deployment, "eks-app-green").inputs.spec.template.spec.containers[0].image).toBe("public.ecr.aws/nginx/nginx-unprivileged:1.28-alpine");
    expect(run.one(K8S.deployment, "eks-app-blue").inputs.spec.template.spec.containers[0].image).toBe("public.ecr.aws/nginx/nginx-unprivileged:1.27-alpine");
    expect(run.outputs.images).toEqual({ blue: "public.ecr.aws/nginx/nginx-unprivileged:1.27-alpine", green: "public.ecr.aws/nginx/nginx-unprivileged:1.28-alpine" });
  });

  test("secrets reach the container as Secrets Manager references, never as values", () => {
    const env = prod.one(K8S.deployment, "eks-app-blue").inputs.spec.template.spec.containers[0].env;
    expect(env).toEqual(
      expect.arrayContaining([
        { name: "DB_HOST", value: "db.internal" },
        { name: "DB_PASSWORD_SECRET_ARN", value: DB_SECRET_ARN },
        { name: "DB_PASSWORD_SECRET_KEY", value: "password" },
        { name: "CACHE_AUTH_TOKEN_SECRET_ARN", value: CACHE_SECRET_ARN },
      ]),
    );
    expect(env.map((e: any) => e.name)).not.toContain("DB_PASSWORD");
  });

  test("the namespace enforces the restricted pod security standard, with a quota and a limit range", () => {
    const ns = prod.one("kubernetes:core/v1:Namespace", "eks-app-namespace");
    expect(ns.inputs.metadata.labels["pod-security.kubernetes.io/enforce"]).toBe("restricted");
    const quota = prod.one("kubernetes:core/v1:ResourceQuota", "eks-app-quota").inputs.spec.hard;
    expect(quota).toMatchObject({ "services.loadbalancers": "0", "services.nodeports": "0" });
    expect(prod.one("kubernetes:core/v1:LimitRange", "eks-app-limits").inputs.spec.limits[0].type).toBe("Container");
  });

  test("NetworkPolicies deny everything, then allow the load balancer, DNS, AWS APIs, the data stores and Prometheus", () => {
    const policies = Object.fromEntries(prod.ofType(K8S.networkPolicy).map((p) => [p.inputs.metadata.name, p.inputs.spec]));
    expect(Object.keys(policies).sort()).toEqual(["allow-aws-apis", "allow-data-stores", "allow-dns", "allow-from-load-balancer", "allow-prometheus-scrape", "default-deny"]);
    expect(policies["default-deny"]).toEqual({ podSelector: {}, policyTypes: ["Ingress", "Egress"] });
    expect(policies["allow-from-load-balancer"].ingress).toEqual([{ from: [{ ipBlock: { cidr: "10.30.0.0/16" } }], ports: [{ protocol: "TCP", port: 8080 }] }]);
    expect(policies["allow-aws-apis"].egress[0].to[0].ipBlock).toEqual({ cidr: "0.0.0.0/0", except: ["169.254.169.254/32"] });
    expect(policies["allow-data-stores"].egress[0].ports).toEqual([{ protocol: "TCP", port: 5432 }, { protocol: "TCP", port: 6379 }]);
  });

  test("HorizontalPodAutoscalers and disruption budgets follow the configured scaling bounds", async () => {
    const run = await runEksTier("dev", { "platform:compute": { scaling: { minCount: 3, desiredCount: 3, maxCount: 7, cpuTargetPercent: 55 } } });
    for (const colour of COLOURS) {
      const hpa = run.one(K8S.hpa, `eks-app-${colour}`).inputs.spec;
      expect(hpa).toMatchObject({ minReplicas: 3, maxReplicas: 7, scaleTargetRef: { kind: "Deployment", name: `app-${colour}` } });
      expect(hpa.metrics[0].resource.target).toEqual({ type: "Utilization", averageUtilization: 55 });
      expect(run.one(K8S.pdb, `eks-app-${colour}`).inputs.spec.minAvailable).toBe(2);
    }
  });

  test("a single-pod minimum gets a budget that never blocks a node drain", async () => {
    const run = await runEksTier("dev", { "platform:compute": { scaling: { minCount: 1, desiredCount: 1, maxCount: 2 } } });
    expect(run.one(K8S.pdb, "eks-app-blue").inputs.spec).toMatchObject({ maxUnavailable: 1 });
  });

  test.each(COLOURS)("the %s Service is bound to the %s target group by IP", (colour) => {
    const binding = prod.one(K8S.targetGroupBinding, `eks-app-${colour}`).inputs;
    expect(binding.spec).toMatchObject({ serviceRef: { name: `app-${colour}`, port: 8080 }, targetGroupARN: TARGET_GROUP_ARNS[colour], targetType: "ip" });
  });

  test("TargetGroupBindings wait for the load balancer controller that defines them", () => {
    const ns = prod.one("kubernetes:core/v1:Namespace", "eks-app-namespace");
    const controller = prod.one(K8S.release, "eks-lb-controller");
    expect(ns.options.dependsOn).toContain(controller.urn);
  });

  test("the pods' own security group admits only the load balancer and the nodes on the container port", () => {
    const rules = prod.ofType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").filter((r) => r.name.startsWith("eks-app-pods-"));
    expect(rules.map((r) => [r.name, r.inputs.fromPort, r.inputs.toPort])).toEqual([
      ["eks-app-pods-from-load-balancer", 8080, 8080],
      ["eks-app-pods-from-nodes", 8080, 8080],
    ]);
    expect(rules[0].inputs.referencedSecurityGroupId).toBe(ALB_SECURITY_GROUP);
    expect(rules.every((r) => r.inputs.cidrIpv4 === undefined)).toBe(true);
  });

  test("the nodes' security group admits DNS from the pods, which have their own security group", () => {
    const podRule = prod.one("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "eks-app-pods-from-load-balancer");
    for (const protocol of ["udp", "tcp"]) {
      const rule = prod.one("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", `eks-app-nodes-dns-${protocol}-from-pods`).inputs;
      expect(rule).toMatchObject({ ipProtocol: protocol, fromPort: 53, toPort: 53, referencedSecurityGroupId: podRule.inputs.securityGroupId });
      expect(rule.securityGroupId).toBe(prod.one("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "eks-app-pods-from-nodes").inputs.referencedSecurityGroupId);
    }
  });

  test("the tier hands out the pods' security group, which the SecurityGroupPolicy attaches to the app pods", async () => {
    const sgId = await new Promise<string>((resolve) => (prod.tier!.securityGroup.securityGroupId as pulumi.Output<string>).apply(resolve));
    expect(prod.one(K8S.securityGroupPolicy, "eks-app-security-group-policy").inputs.spec).toEqual({
      podSelector: { matchLabels: { "app.kubernetes.io/name": "app" } },
      securityGroups: { groupIds: [sgId] },
    });
    expect(sgId).toBe(prod.outputs.appSecurityGroupId);
  });

  test("the app's IRSA role trusts only its service account and reads only the app's secrets", () => {
    const trust = JSON.parse(prod.one("aws:iam/role:Role", "eks-app-app").inputs.assumeRolePolicy).Statement[0];
    expect(trust.Action).toBe("sts:AssumeRoleWithWebIdentity");
    expect(Object.values(trust.Condition.StringEquals)).toEqual(["system:serviceaccount:app:app", "sts.amazonaws.com"]);
    const policy = JSON.parse(prod.one("aws:iam/rolePolicy:RolePolicy", "eks-app-app-secrets").inputs.policy);
    expect(policy.Statement[0].Resource).toEqual([CACHE_SECRET_ARN, DB_SECRET_ARN]);
    expect(policy.Statement[1]).toMatchObject({ Action: "kms:Decrypt", Resource: [DATA_KEY_ARN], Condition: { StringEquals: { "kms:ViaService": "secretsmanager.eu-west-1.amazonaws.com" } } });
  });

  test("the load balancer controller may register targets only in the two target groups", () => {
    const policy = JSON.parse(prod.one("aws:iam/rolePolicy:RolePolicy", "eks-lb-controller").inputs.policy);
    const writes = policy.Statement.filter((s: any) => s.Resource !== "*");
    expect(writes).toEqual([expect.objectContaining({ Action: ["elasticloadbalancing:RegisterTargets", "elasticloadbalancing:DeregisterTargets"], Resource: [TARGET_GROUP_ARNS.blue, TARGET_GROUP_ARNS.green] })]);
    expect(policy.Statement.flatMap((s: any) => s.Action).some((a: string) => /Create|Delete|Authorize/.test(a))).toBe(false);
    const release = prod.one(K8S.release, "eks-lb-controller").inputs;
    expect(release).toMatchObject({ chart: "aws-load-balancer-controller", version: "1.13.0", namespace: "kube-system", values: { vpcId: expect.stringMatching(/^vpc-/), region: "eu-west-1" } });
    // Its role is usable only by its service account on this cluster, not by any Pod Identity association in the account.
    const trust = JSON.parse(prod.one("aws:iam/role:Role", "eks-lb-controller").inputs.assumeRolePolicy).Statement;
    expect(trust).toEqual([podIdentityTrust("aws-load-balancer-controller")]);
  });

  test("the tier's metrics name the EKS namespace and deployments, with prod's minimum of three pods", () => {
    expect(prod.tier!.metrics).toMatchObject({ kind: "eks", namespace: "app", deploymentNames: { blue: "app-blue", green: "app-green" }, minimumPods: 3 });
  });
});

describe("in-cluster monitoring", () => {
  const values = (run: RunResult) => run.one(K8S.release, "eks-monitoring").inputs.values;

  test("Prometheus scrapes every 15 s and keeps 30 days on an encrypted volume", () => {
    const spec = values(prod).prometheus.prometheusSpec;
    expect(spec).toMatchObject({ scrapeInterval: "15s", evaluationInterval: "15s", retention: "30d" });
    expect(spec.storageSpec.volumeClaimTemplate.spec).toMatchObject({ storageClassName: "gp3-encrypted", resources: { requests: { storage: "100Gi" } } });
    const storageClass = prod.one("kubernetes:storage.k8s.io/v1:StorageClass", "eks-monitoring-storage").inputs;
    expect(storageClass).toMatchObject({ provisioner: "ebs.csi.aws.com", parameters: { type: "gp3", encrypted: "true" }, reclaimPolicy: "Retain" });
  });

  test("Grafana's admin password is generated, kept secret, and never in the Helm values", () => {
    const secret = prod.one(K8S.secret, "eks-monitoring-grafana-admin");
    // The Kubernetes SDK marks a Secret's whole stringData secret.
    expect(secret.secretInputPaths).toContain("stringData");
    expect(values(prod).grafana.admin).toEqual({ existingSecret: "grafana-admin", userKey: "admin-user", passwordKey: "admin-password" });
    expect(JSON.stringify(prod.one(K8S.release, "eks-monitoring").inputs)).not.toContain(secret.inputs.stringData["admin-password"]);
    expect(prod.secretOutputPaths).toContain("grafanaAdminPassword");
  });

  test("Alertmanager routes critical to PagerDuty, Slack and email, warning to Slack and email, info to Slack", async () => {
    const run = await runEksTier("staging", {
      "platform:compute": {
        eks: {
          monitoring: {
            alerting: {
              slack: { webhookUrl: { secure: "v1:slack" }, channel: "#alerts" },
              pagerDuty: { routingKey: { secure: "v1:pd" } },
              email: { to: "oncall@example.com", from: "alerts@example.com", smarthost: "smtp.example.com:587", username: "alerts", password: { secure: "v1:smtp" } },
            },
          },
        },
      },
    });
    const config = values(run).alertmanager.config;
    const receivers = Object.fromEntries(config.receivers.map((r: any) => [r.name, Object.keys(r).filter((k) => k !== "name").sort()]));
    expect(receivers).toEqual({ null: [], critical: ["email_configs", "pagerduty_configs", "slack_configs"], warning: ["email_configs", "slack_configs"], info: ["slack_configs"] });
    expect(config.route.routes.map((r: any) => r.receiver)).toEqual(["null", "critical", "warning", "info"]);
    expect(config.route.group_by).toEqual(["alertname", "namespace", "severity"]);
    expect(config.inhibit_rules[0]).toEqual({ source_matchers: ['severity="critical"'], target_matchers: ['severity="warning"'], equal: ["alertname", "namespace"] });
    const secret = run.one(K8S.secret, "eks-monitoring-receivers");
    expect(secret.secretInputPaths).toContain("stringData");
    expect(Object.keys(secret.inputs.stringData).sort()).toEqual(["pagerduty-routing-key", "slack-webhook-url", "smtp-password"]);
    const releaseText = JSON.stringify(run.one(K8S.release, "eks-monitoring").inputs);
    for (const value of Object.values(secret.inputs.stringData)) expect(releaseText).not.toContain(value as string);
    for (const resource of run.resources) {
      const text = JSON.stringify(resource.inputs);
      if (/mock-secret-for-/.test(text)) expect([resource.name, resource.secretInputPaths.length > 0]).toEqual([resource.name, true]);
    }
    expect(config.receivers.find((r: any) => r.name === "critical").pagerduty_configs[0].routing_key_file).toBe("/etc/alertmanager/secrets/alertmanager-receivers/pagerduty-routing-key");
  });

  test.each([
    ["dev", 2, 0.99],
    ["staging", 1, 0.995],
    ["prod", 0.5, 0.999],
  ] as const)("the %s PrometheusRule alerts above a p95 of %ss and protects its availability SLO", async (stack, latency, slo) => {
    const run = stack === "prod" ? prod : await runEksTier(stack);
    const groups = run.one(K8S.prometheusRule, "eks-monitoring-app-rules").inputs.spec.groups;
    const rules = Object.fromEntries(groups.flatMap((g: any) => g.rules).map((r: any) => [r.alert, r]));
    expect(rules.HighLatency.expr).toMatch(new RegExp(`> ${latency}$`));
    const budget = Number((1 - slo).toFixed(6));
    expect(rules.SLOErrorBudgetBurnFast.expr).toContain(`> ${Number((14.4 * budget).toFixed(6))}`);
    expect(rules.SLOErrorBudgetBurnFast.labels.severity).toBe("critical");
  });

  test("the alert catalogue carries the required thresholds, windows and severities", () => {
    const groups = prod.one(K8S.prometheusRule, "eks-monitoring-app-rules").inputs.spec.groups;
    const rules = Object.fromEntries(groups.flatMap((g: any) => g.rules).map((r: any) => [r.alert, r]));
    expect(Object.keys(rules).sort()).toEqual(
      ["CriticalCPUUsage", "DiskSpaceLow", "HighCPUUsage", "HighErrorRate", "HighLatency", "HighMemoryUsage", "PodCrashLooping", "SLOErrorBudgetBurnFast", "SLOErrorBudgetBurnMedium", "SLOErrorBudgetBurnSlow", "ServiceDown"].sort(),
    );
    expect(rules.HighCPUUsage).toMatchObject({ for: "10m", labels: { severity: "warning" }, expr: expect.stringMatching(/> 0\.8$/) });
    expect(rules.CriticalCPUUsage).toMatchObject({ for: "5m", labels: { severity: "critical" }, expr: expect.stringMatching(/> 0\.95$/) });
    expect(rules.HighMemoryUsage).toMatchObject({ for: "5m", expr: expect.stringMatching(/> 0\.85$/) });
    expect(rules.HighErrorRate).toMatchObject({ for: "5m", labels: { severity: "critical" }, expr: expect.stringMatching(/code=~"5\.\."[\s\S]*> 0\.05$/) });
    expect(rules.ServiceDown).toMatchObject({ for: "2m", labels: { severity: "critical" } });
    expect(rules.DiskSpaceLow.expr).toMatch(/> 0\.9$/);
  });

  test("monitoring off installs no chart and no rule", async () => {
    const run = await runEksTier("dev", { "platform:compute": { eks: { monitoring: { enabled: false } } } });
    expect(run.find(K8S.release, "eks-monitoring")).toBeUndefined();
    expect(run.ofType(K8S.prometheusRule)).toEqual([]);
    expect(run.ofType(K8S.networkPolicy).map((p) => p.inputs.metadata.name)).not.toContain("allow-prometheus-scrape");
  });
});

describe("validation", () => {
  test.each([
    [{ kubernetesVersion: "1.20" }, /platform:compute\.eks\.kubernetesVersion: "1\.20" is not allowed/],
    [{ nodeGroups: { general: { instanceTypes: ["t3.large"] } } }, /platform:compute\.eks\.nodeGroups\.general\.instanceTypes\[0\]: "t3\.large" is not allowed \(expected a Nitro instance type/],
    [{ endpoint: { publicAccess: true } }, /platform:compute\.eks\.endpoint\.publicAccessCidrs: \[\] is not allowed \(expected at least one CIDR/],
    [{ endpoint: { publicAccess: true, publicAccessCidrs: ["0.0.0.0/0"] } }, /publicAccessCidrs: "0\.0\.0\.0\/0" is not allowed \(expected a specific network/],
    [{ nodeGroups: { general: { minSize: 4, maxSize: 3, desiredSize: 3 } } }, /nodeGroups\.general\.minSize: 4 is not allowed \(expected at most maxSize \(3\)\)/],
    [{ monitoring: { thresholds: { cpuWarningPercent: 90, cpuCriticalPercent: 80 } } }, /thresholds\.cpuCriticalPercent: 80 is not allowed \(expected above cpuWarningPercent \(90\)\)/],
    // EKS takes a Pod Identity association only from these versions: https://docs.aws.amazon.com/eks/latest/userguide/retreive-iam-info.html
    [{ addons: { vpcCni: "v1.15.4-eksbuild.3" } }, /platform:compute\.eks\.addons\.vpcCni: "v1\.15\.4-eksbuild\.3" is not allowed \(expected v1\.15\.5-eksbuild\.1 or later/],
    [{ addons: { ebsCsiDriver: "v1.25.0-eksbuild.1" } }, /platform:compute\.eks\.addons\.ebsCsiDriver: "v1\.25\.0-eksbuild\.1" is not allowed \(expected v1\.26\.0-eksbuild\.1 or later/],
  ])("config %j is refused with its key named", (eks, message) => {
    expect(() => eksConfig("dev", { "platform:compute": { eks } })).toThrow(message);
  });

  test("an image build is refused on EKS before any resource exists", async () => {
    await expect(runEksTier("dev", { "platform:compute": { build: { context: "app", imageTag: "abc123", colour: "blue" } } })).rejects.toThrow(
      /platform:compute\.build: an image build is not allowed with platform:compute\.platform "eks"/,
    );
  });

  test("the cluster validator lists every problem with its argument", () => {
    const problems = validateClusterSettings({
      autoMode: false,
      kubernetesVersion: "1.29",
      subnetIds: ["subnet-a"],
      publicAccess: false,
      publicAccessCidrs: ["10.0.0.0/8"],
      adminRoleArns: ["arn:aws:iam::123456789012:user/bob"],
      logRetentionInDays: 10,
      nodeGroups: { general: { instanceTypes: ["t3.medium"], minSize: 1, maxSize: 2, desiredSize: 3, diskSizeGiB: 10 } },
    }).list;
    expect(problems.map((p) => p.split(":")[0])).toEqual([
      "kubernetesVersion",
      "subnetIds",
      "endpoint.publicAccessCidrs",
      "logRetentionInDays",
      "adminRoleArns",
      "nodeGroups.general.instanceTypes",
      "nodeGroups.general.desiredSize",
      "nodeGroups.general.diskSizeGiB",
    ]);
  });

  test("the app component refuses an unpinned image before creating any child", async () => {
    const args = (): EksAppArgs => ({
      clusterName: "c",
      provider: undefined as never,
      vpcId: "vpc-1",
      vpcCidr: "10.0.0.0/16",
      clusterSecurityGroupId: "sg-1",
      oidcProviderArn: "arn:aws:iam::123456789012:oidc-provider/x",
      oidcIssuer: "https://x",
      containerPort: 8080,
      images: { blue: "nginx:latest", green: "nginx" },
      sizing: { cpuMillicores: 250, cpuLimitMillicores: 250, memoryMiB: 512 },
      scaling: { minReplicas: 2, maxReplicas: 1, cpuTargetPercent: 60 },
      loadBalancer: { securityGroupId: "sg-2", targetGroupArns: { blue: "a", green: "b" } },
      appSecrets: [],
      appSettings: [],
    });
    let failure: unknown;
    const run = runComponents(() => {
      try {
        new EksApp("bad", args());
      } catch (error) {
        failure = error;
      }
    });
    const result = await run;
    expect(String(failure)).toMatch(/images\.blue: "nginx:latest" is not allowed[\s\S]*images\.green: "nginx"[\s\S]*scaling\.maxReplicas: 1/);
    expect(result.resources.filter((r) => r.custom)).toEqual([]);
  });
});

describe("every environment on EKS", () => {
  test.each(["dev", "staging", "prod"])("%s runs the EKS tier clean, with images and the cluster name in its outputs", async (stack) => {
    const run = stack === "prod" ? prod : await runEksTier(stack);
    expect(run.outputs).toMatchObject({ platform: "eks", eksClusterName: `platform-${stack}`, images: { blue: expect.any(String), green: expect.any(String) } });
    expect(run.ofType(K8S.targetGroupBinding)).toHaveLength(2);
    expect(run.ofType(K8S.deployment).map((d) => d.inputs.metadata.name).sort()).toEqual(["app-blue", "app-green"]);
  });
});
