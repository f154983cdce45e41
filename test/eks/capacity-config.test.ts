import * as pulumi from "@pulumi/pulumi";
import { Karpenter, nodePoolArgProblems, nodePoolSpec, requiredNodePoolLimits, resolveNodePool } from "../../components/eks";
import { monitoringPlacementProblems, nodePoolProblems } from "../../stacks/config/capacity";
import { runComponents } from "../harness";
import { eksConfig } from "./tier";

const compute = (eks: Record<string, unknown>, rest: Record<string, unknown> = {}) => ({ "platform:compute": { ...rest, eks } });

describe("the node pool limits cover both colours at their maximum", () => {
  test("the limits planned for prod's 20 pods of 0.5 vCPU and 1 GiB per colour, one colour mid-rollout", () => {
    // 2 x 20 pods, plus 25% of 20 surging; 45 x 0.5 vCPU = 22.5 and 45 GiB, of which the app may plan on 70%.
    expect(requiredNodePoolLimits({ podCpuMillicores: 500, podMemoryMiB: 1024, maxPodsPerColour: 20, surgePercent: 25 })).toEqual({ pods: 45, cpu: 33, memoryGiB: 65 });
    // A percentage surge rounds up to whole pods: 25% of 3 pods is one more pod.
    expect(requiredNodePoolLimits({ podCpuMillicores: 1000, podMemoryMiB: 2048, maxPodsPerColour: 3, surgePercent: 25 }).pods).toBe(7);
  });

  test("a CPU limit below what both colours need is refused, naming the key and the least it must be", () => {
    expect(() => eksConfig("prod", compute({ capacity: { nodePool: { cpuLimit: 32 } } }))).toThrow(
      /platform:compute\.eks\.capacity\.nodePool\.cpuLimit: 32 is not allowed \(expected at least 33 vCPUs: both colours at platform:compute\.scaling\.maxCount 20/,
    );
    expect(() => eksConfig("prod", compute({ capacity: { nodePool: { cpuLimit: 33 } } }))).not.toThrow();
  });

  test("a memory limit below what both colours need is refused and the least it must be is accepted, on Auto Mode as on Karpenter", () => {
    expect(() => eksConfig("prod", compute({ capacity: { mode: "autoMode", nodePool: { memoryLimitGiB: 64 } } }))).toThrow(
      /platform:compute\.eks\.capacity\.nodePool\.memoryLimitGiB: 64 is not allowed \(expected at least 65 GiB/,
    );
    expect(() => eksConfig("prod", compute({ capacity: { mode: "autoMode", nodePool: { memoryLimitGiB: 65 } } }))).not.toThrow();
  });

  test("raising scaling.maxCount past the pool's limits is caught too", () => {
    expect(() => eksConfig("dev", compute({ capacity: { nodePool: { cpuLimit: 4, memoryLimitGiB: 64 } } }, { scaling: { minCount: 1, maxCount: 10 } }))).toThrow(
      /nodePool\.cpuLimit: 4 is not allowed \(expected at least 9 vCPUs/,
    );
  });

  test("the check applies only on EKS: an ECS stack ignores the EKS node pool", () => {
    const config = eksConfig("prod");
    const tiny = { ...config.compute.eks, capacity: { ...config.compute.eks.capacity, nodePool: { ...config.compute.eks.capacity.nodePool, cpuLimit: 2 } } };
    expect(nodePoolProblems({ ...config, compute: { ...config.compute, eks: tiny } })).toHaveLength(1);
    expect(nodePoolProblems({ ...config, compute: { ...config.compute, platform: "ecs", eks: tiny } })).toEqual([]);
  });
});

describe("capacity settings AWS or Karpenter would reject", () => {
  test("Auto Mode keeps a node at most 21 days, so a longer expireAfterHours is refused with autoMode only", () => {
    expect(() => eksConfig("dev", compute({ capacity: { mode: "autoMode", nodePool: { expireAfterHours: 720 } } }))).toThrow(
      /platform:compute\.eks\.capacity\.nodePool\.expireAfterHours: 720 is not allowed \(expected an integer from 1 to 504 with autoMode\)/,
    );
    expect(() => eksConfig("dev", compute({ capacity: { mode: "karpenter", nodePool: { expireAfterHours: 720 } } }))).not.toThrow();
  });

  test("a capacity type, architecture or instance category listed twice is refused", () => {
    expect(() => eksConfig("dev", compute({ capacity: { nodePool: { capacityTypes: ["spot", "spot"] } } }))).toThrow(
      /capacity\.nodePool\.capacityTypes: \["spot","spot"\] is not allowed \(expected one or more distinct values of on-demand, spot\)/,
    );
    expect(() => eksConfig("dev", compute({ capacity: { nodePool: { instanceCategories: ["t"] } } }))).toThrow(/capacity\.nodePool\.instanceCategories\[0\]: "t" is not allowed/);
  });

  test("an unknown capacity mode is refused with the allowed ones", () => {
    expect(() => eksConfig("dev", compute({ capacity: { mode: "fargate" } }))).toThrow(/platform:compute\.eks\.capacity\.mode: "fargate" is not allowed \(expected "karpenter" \| "autoMode"\)/);
  });

  test("a CloudWatch observability add-on too old for Pod Identity is refused before EKS would", () => {
    expect(() => eksConfig("dev", compute({ addons: { cloudwatchObservability: "v2.6.0-eksbuild.1" } }))).toThrow(
      /platform:compute\.eks\.addons\.cloudwatchObservability: "v2\.6\.0-eksbuild\.1" is not allowed \(expected v3\.1\.0-eksbuild\.1 or later/,
    );
  });

  test("more Prometheus or Alertmanager replicas than zones are refused: each replica needs a zone of its own", () => {
    expect(() => eksConfig("dev", compute({ monitoring: { alertmanagerReplicas: 3 } }))).toThrow(
      /platform:compute\.eks\.monitoring\.alertmanagerReplicas: 3 is not allowed \(expected at most 2, platform:network\.availabilityZoneCount/,
    );
    expect(() => eksConfig("prod", compute({ monitoring: { prometheusReplicas: 3 } }))).not.toThrow();
  });

  test("the replicas are not checked against the zones while the in-cluster monitoring is off, or on ECS: none run", () => {
    expect(() => eksConfig("dev", compute({ monitoring: { enabled: false, alertmanagerReplicas: 3 } }))).not.toThrow();
    const config = eksConfig("dev");
    const eks = { ...config.compute.eks, monitoring: { ...config.compute.eks.monitoring, alertmanagerReplicas: 3 } };
    expect(monitoringPlacementProblems({ ...config, compute: { ...config.compute, eks } })).toHaveLength(1);
    expect(monitoringPlacementProblems({ ...config, compute: { ...config.compute, platform: "ecs", eks } })).toEqual([]);
  });

  test("a single Prometheus replica is refused: it would not survive a node", () => {
    expect(() => eksConfig("dev", compute({ monitoring: { prometheusReplicas: 1 } }))).toThrow(/monitoring\.prometheusReplicas: 1 is not allowed \(expected an integer from 2 to 5\)/);
  });
});

describe("node pool spec and validation", () => {
  const pool = resolveNodePool({ cpuLimit: 8, memoryLimitGiB: 32, capacityTypes: ["spot", "on-demand"] });

  test("Karpenter's pool uses Karpenter's labels and EC2NodeClass; Auto Mode's uses eks.amazonaws.com labels and NodeClass", () => {
    const karpenter = nodePoolSpec("karpenter", pool, "app");
    const auto = nodePoolSpec("autoMode", pool, "app", [{ key: "k", value: "v", effect: "NoSchedule" }]);
    const keys = (spec: typeof karpenter) => spec.template.spec.requirements.map((r) => r.key);
    expect(keys(karpenter).filter((k) => k.includes("/instance-"))).toEqual(
      ["instance-category", "instance-generation", "instance-hypervisor", "instance-cpu"].map((l) => `karpenter.k8s.aws/${l}`),
    );
    expect(keys(auto).filter((k) => k.includes("/instance-"))).toEqual(["instance-category", "instance-generation", "instance-hypervisor", "instance-cpu"].map((l) => `eks.amazonaws.com/${l}`));
    expect(karpenter.template.spec.nodeClassRef).toEqual({ group: "karpenter.k8s.aws", kind: "EC2NodeClass", name: "app" });
    expect("taints" in karpenter.template.spec).toBe(false);
    expect(auto.template.spec.taints).toEqual([{ key: "k", value: "v", effect: "NoSchedule" }]);
    expect(karpenter.template.spec.requirements.find((r) => r.key === "karpenter.k8s.aws/instance-generation")).toEqual({ key: "karpenter.k8s.aws/instance-generation", operator: "Gt", values: ["5"] });
  });

  test("the validator names every bad field", () => {
    const bad = { ...pool, cpuLimit: 1, diskSizeGiB: 10, minInstanceGeneration: 4, architectures: [] };
    expect(nodePoolArgProblems("karpenter", bad).map((p) => p.argument)).toEqual(["architectures", "minInstanceGeneration", "cpuLimit", "diskSizeGiB"]);
  });

  test("the Karpenter component refuses IRSA without the cluster's OIDC provider, and an unpinned chart, before creating anything", async () => {
    let failure: unknown;
    const run = await runComponents(() => {
      try {
        new Karpenter("bad", {
          clusterName: "c",
          clusterEndpoint: pulumi.output("https://x"),
          provider: undefined as never,
          chartVersion: "latest",
          identity: "irsa",
          nodePool: { cpuLimit: 8, memoryLimitGiB: 32 },
          nodeVolumeKmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/k",
          subnetSelectorTags: {},
          securityGroupSelectorTags: {},
        });
      } catch (error) {
        failure = error;
      }
    });
    expect(String(failure)).toMatch(/chartVersion: "latest" is not allowed[\s\S]*oidcProviderArn: \(not set\) is not allowed/);
    expect(run.resources.filter((r) => r.custom)).toEqual([]);
  });
});

describe("the interruption rules' names", () => {
  test("a cluster name that would make an interruption rule name longer than EventBridge's 64 characters is refused before anything exists", async () => {
    const attempt = (clusterName: string) => {
      let failure: unknown;
      const run = runComponents(() => {
        try {
          new Karpenter("long", {
            clusterName,
            clusterEndpoint: pulumi.output("https://x"),
            provider: undefined as never,
            chartVersion: "1.14.1",
            nodePool: { cpuLimit: 8, memoryLimitGiB: 32 },
            nodeVolumeKmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/k",
            subnetSelectorTags: {},
            securityGroupSelectorTags: {},
          });
        } catch (error) {
          failure = error;
        }
      });
      return run.then((r) => ({ failure, custom: r.resources.filter((x) => x.custom) }));
    };
    // <cluster>-state-change is the longest rule name: 52 + 1 + 12 = 65 characters.
    const tooLong = await attempt("c".repeat(52));
    expect(String(tooLong.failure)).toMatch(/clusterName: "c{52}" is not allowed \(expected at most 51 characters \(it names the interruption rules/);
    expect(tooLong.custom).toEqual([]);
  });
});

describe("renaming a node group", () => {
  test("the renamed group and its launch template keep their identity through aliases", async () => {
    const { runEksTier } = await import("./tier");
    const run = await runEksTier("dev");
    for (const type of ["aws:eks/nodeGroup:NodeGroup", "aws:ec2/launchTemplate:LaunchTemplate"]) {
      expect(run.one(type, "eks-system").options.aliases).toEqual([expect.objectContaining({ spec: expect.objectContaining({ name: "eks-general" }) })]);
    }
  });

  test("a group cannot take the identity of a group that still exists", () => {
    expect(() => eksConfig("dev", compute({ nodeGroups: { general: { minSize: 1, desiredSize: 1, maxSize: 1 } } }))).toThrow(
      /platform:compute\.eks\.nodeGroups\.system\.renamedFrom: "general" is not allowed \(expected the key of a group that no longer exists/,
    );
  });
});
