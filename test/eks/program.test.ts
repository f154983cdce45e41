import { runProgram, RunResult } from "../harness";

const INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";

describe("every environment on EKS through the whole program", () => {
  const runs: Record<string, RunResult> = {};
  const run = async (stack: string) => (runs[stack] ??= await runProgram({ stack, overrides: { "platform:compute": { platform: "eks" } } }));

  test.each(["dev", "staging", "prod"])("%s runs clean on eks, with the images and the cluster name in its outputs", async (stack) => {
    const result = await run(stack);
    expect(result.outputs).toMatchObject({ platform: "eks", eksClusterName: `platform-${stack}`, images: { blue: expect.any(String), green: expect.any(String) } });
    expect(result.ofType("aws:ecs/service:Service")).toEqual([]);
  });

  test.each(["dev", "prod"])("on %s the database, the cache and the load balancer admit the pods' own security group, not the nodes'", async (stack) => {
    const result = await run(stack);
    const podSg = result.outputs.appSecurityGroupId;
    const nodeSg = result.one(INGRESS, "eks-app-pods-from-nodes").inputs.referencedSecurityGroupId;
    expect(nodeSg).toMatch(/^sg-/);
    const fromPods = result.ofType(INGRESS).filter((r) => r.inputs.referencedSecurityGroupId === podSg && !r.name.startsWith("eks-"));
    expect(fromPods.length).toBeGreaterThanOrEqual(2);
    expect(result.ofType(INGRESS).filter((r) => r.inputs.referencedSecurityGroupId === nodeSg && !r.name.startsWith("eks-"))).toEqual([]);
    const lbEgress = result.ofType("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule").filter((r) => r.inputs.referencedSecurityGroupId === podSg);
    expect(lbEgress.length).toBeGreaterThanOrEqual(1);
  });

  test("the TargetGroupBindings point at the edge tier's target groups", async () => {
    const result = await run("prod");
    const groups = result.ofType("aws:lb/targetGroup:TargetGroup");
    const bindings = result.ofType("kubernetes:elbv2.k8s.aws/v1beta1:TargetGroupBinding").map((b) => b.inputs.spec.targetGroupARN).sort();
    expect(bindings).toHaveLength(2);
    for (const arn of bindings) expect(arn).toMatch(/^arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup\//);
    expect(groups.length).toBeGreaterThanOrEqual(2);
  });
});

describe("policy packs on EKS", () => {
  test("the security and compliance packs report nothing on the prod stack run on eks", async () => {
    const { runPolicyPacks } = await import("../harness/policy-runner");
    const result = await runProgram({ stack: "prod", overrides: { "platform:compute": { platform: "eks" } } });
    const violations = await runPolicyPacks(result);
    expect(violations.map((v) => `${v.policy} ${v.name ?? ""}: ${v.message}`)).toEqual([]);
  });
});
