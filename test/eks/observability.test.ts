import { addonSupportsPodIdentity } from "../../components/eks";
import { RunResult } from "../harness";
import { K8S, runEksTier } from "./tier";

const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";

let prod: RunResult;
beforeAll(async () => {
  prod = await runEksTier("prod");
}, 60_000);

describe("Container Insights and pod logs", () => {
  test("the CloudWatch observability add-on gets a Pod Identity role with CloudWatchAgentServerPolicy for amazon-cloudwatch/cloudwatch-agent of this cluster only", () => {
    const addon = prod.one("aws:eks/addon:Addon", "eks-insights").inputs;
    const role = prod.one("aws:iam/role:Role", "eks-insights");
    expect(addon).toMatchObject({ addonName: "amazon-cloudwatch-observability", clusterName: "platform-prod" });
    expect(addon.podIdentityAssociations).toEqual([{ roleArn: role.state.arn, serviceAccount: "cloudwatch-agent" }]);
    expect(JSON.parse(role.inputs.assumeRolePolicy).Statement[0]).toMatchObject({
      Principal: { Service: "pods.eks.amazonaws.com" },
      Condition: {
        StringEquals: {
          "aws:RequestTag/eks-cluster-name": "platform-prod",
          "aws:RequestTag/kubernetes-namespace": "amazon-cloudwatch",
          "aws:RequestTag/kubernetes-service-account": "cloudwatch-agent",
        },
      },
    });
    const attached = prod.ofType("aws:iam/rolePolicyAttachment:RolePolicyAttachment").filter((a) => a.inputs.role === role.state.name);
    expect(attached.map((a) => a.inputs.policyArn)).toEqual(["arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy"]);
  });

  test("pods' logs and performance events go to log groups kept for the configured days, encrypted with a key that serves only them, created before the add-on", async () => {
    const key = prod.one("aws:kms/key:Key", "eks-insights-logs");
    const groups = prod.ofType(LOG_GROUP).filter((g) => g.name.startsWith("eks-insights-"));
    expect(groups.map((g) => g.inputs.name).sort()).toEqual(
      ["application", "dataplane", "host", "performance"].map((kind) => `/aws/containerinsights/platform-prod/${kind}`),
    );
    for (const group of groups) expect(group.inputs).toMatchObject({ retentionInDays: 365, kmsKeyId: key.state.arn });
    const logs = JSON.parse(key.inputs.policy).Statement.find((s: { Sid: string }) => s.Sid === "CloudWatchLogsForTheseLogGroups");
    expect(logs.Condition.ArnLike["kms:EncryptionContext:aws:logs:arn"]).toEqual(groups.map((g) => `arn:aws:logs:eu-west-1:123456789012:log-group:${g.inputs.name}`));
    const addon = prod.one("aws:eks/addon:Addon", "eks-insights");
    for (const group of groups) expect(addon.options.dependsOn).toContain(group.urn);
    const dev = await runEksTier("dev");
    expect(dev.one(LOG_GROUP, "eks-insights-application").inputs.retentionInDays).toBe(14);
  });

  test("the add-on waits for the nodes its agent and operator run on", () => {
    const insights = prod.one("platform:eks:ContainerInsights", "eks-insights");
    expect(insights.options.dependsOn).toContain(prod.one("kubernetes:karpenter.sh/v1:NodePool", "eks-karpenter-app-node-pool").urn);
  });

  test.each([
    ["v3.1.0-eksbuild.1", true],
    ["v4.0.1-eksbuild.2", true],
    ["v3.0.9-eksbuild.1", false],
    ["v2.6.0-eksbuild.1", false],
    ["3.1.0", false],
  ])("add-on version %s takes a Pod Identity association: %s", (version, expected) => {
    expect(addonSupportsPodIdentity(version)).toBe(expected);
  });
});

describe("highly available Prometheus and Alertmanager", () => {
  const values = () => prod.one(K8S.release, "eks-monitoring").inputs.values;

  test("two Prometheus replicas, never in the same zone, with a disruption budget that keeps one", () => {
    expect(values().prometheus.prometheusSpec).toMatchObject({ replicas: 2, podAntiAffinity: "hard", podAntiAffinityTopologyKey: "topology.kubernetes.io/zone" });
    expect(values().prometheus.podDisruptionBudget).toEqual({ enabled: true, minAvailable: 1 });
  });

  test("Alertmanager runs clustered, its replicas in different zones, each with its own volume", async () => {
    const run = await runEksTier("prod", { "platform:compute": { eks: { monitoring: { alertmanagerReplicas: 3 } } } });
    const alertmanager = run.one(K8S.release, "eks-monitoring").inputs.values.alertmanager;
    expect(alertmanager.alertmanagerSpec).toMatchObject({ replicas: 3, podAntiAffinity: "hard", podAntiAffinityTopologyKey: "topology.kubernetes.io/zone" });
    expect(alertmanager.alertmanagerSpec.storage.volumeClaimTemplate.spec.storageClassName).toBe("gp3-encrypted");
    expect(alertmanager.podDisruptionBudget).toEqual({ enabled: true, minAvailable: 2 });
  });

  test("retention and volume size follow each environment", async () => {
    expect(values().prometheus.prometheusSpec).toMatchObject({ retention: "30d", storageSpec: { volumeClaimTemplate: { spec: { resources: { requests: { storage: "100Gi" } } } } } });
    const dev = await runEksTier("dev");
    const spec = dev.one(K8S.release, "eks-monitoring").inputs.values.prometheus.prometheusSpec;
    expect(spec).toMatchObject({ retention: "7d", storageSpec: { volumeClaimTemplate: { spec: { resources: { requests: { storage: "20Gi" } } } } } });
  });
});
