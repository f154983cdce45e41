import { alertmanagerConfig, buildKubeconfig, cpuUnitsToMillicores, disruptionBudget, isPinnedImage, podIdentityAddonVersionProblems, supportsPodSecurityGroups, validatePublicAccessCidrs } from "../../components/eks";
import { appDashboard } from "../../components/eks/dashboard";

describe("EKS pure helpers", () => {
  test.each([
    ["m6i.large", true],
    ["c7g.xlarge", true],
    ["t3.large", false],
    ["t4g.medium", false],
  ])("%s supports security groups for pods: %s", (type, expected) => {
    expect(supportsPodSecurityGroups(type)).toBe(expected);
  });

  test("add-on versions older than the first with Pod Identity are refused; that version, later ones and EKS's default pass", () => {
    expect(podIdentityAddonVersionProblems({ vpcCni: "v1.15.4-eksbuild.9", ebsCsiDriver: "v1.9.0-eksbuild.1" }).map((p) => p.key)).toEqual(["vpcCni", "ebsCsiDriver"]);
    expect(podIdentityAddonVersionProblems({ vpcCni: "v1.15.5-eksbuild.1", ebsCsiDriver: "v1.26.0-eksbuild.1" })).toEqual([]);
    expect(podIdentityAddonVersionProblems({ vpcCni: "v1.19.5-eksbuild.1", ebsCsiDriver: "v1.100.0-eksbuild.1" })).toEqual([]);
    expect(podIdentityAddonVersionProblems({})).toEqual([]);
  });

  test("a public endpoint without CIDRs, or open to the internet, is refused; private with CIDRs too", () => {
    expect(validatePublicAccessCidrs(true, [])).toEqual([{ value: [], allowed: "at least one CIDR when publicAccess is true" }]);
    expect(validatePublicAccessCidrs(true, ["0.0.0.0/0"]).map((p) => p.value)).toEqual(["0.0.0.0/0"]);
    expect(validatePublicAccessCidrs(false, ["203.0.113.0/24"]).map((p) => p.allowed)).toEqual(["no CIDRs when publicAccess is false"]);
    expect(validatePublicAccessCidrs(true, ["203.0.113.0/24"])).toEqual([]);
  });

  test("Slack alone receives every severity, and PagerDuty and email nothing when they are not configured", () => {
    const config = alertmanagerConfig({ slackChannel: "#ops" });
    const byName = Object.fromEntries(config.receivers.map((r: any) => [r.name, Object.keys(r).filter((k) => k !== "name")]));
    expect(byName).toEqual({ null: [], critical: ["slack_configs"], warning: ["slack_configs"], info: ["slack_configs"] });
  });

  test("images must be pinned to a tag or digest, never latest", () => {
    expect(isPinnedImage("repo/app:1.2.3")).toBe(true);
    expect(isPinnedImage(`repo/app@sha256:${"a".repeat(64)}`)).toBe(true);
    expect(isPinnedImage("repo/app:latest")).toBe(false);
    expect(isPinnedImage("repo/app")).toBe(false);
  });

  test("CPU units convert to millicores as ECS counts them", () => {
    expect([256, 512, 1024, 4096].map(cpuUnitsToMillicores)).toEqual([250, 500, 1000, 4000]);
  });

  test("the disruption budget keeps all but one pod, and never blocks a drain of a single pod", () => {
    expect(disruptionBudget(3)).toEqual({ minAvailable: 2 });
    expect(disruptionBudget(1)).toEqual({ maxUnavailable: 1 });
  });

  test("the kubeconfig has no static credentials", () => {
    const config = JSON.parse(buildKubeconfig({ clusterName: "c", endpoint: "https://x", certificateAuthorityData: "Q0E=", region: "eu-west-1" }));
    expect(Object.keys(config.users[0].user)).toEqual(["exec"]);
  });

  test("the provisioned dashboard charts the app's traffic, errors, latency and resources per colour", () => {
    const dashboard = appDashboard({ namespace: "app", appName: "app" });
    expect(dashboard.panels.map((p) => p.title)).toEqual(["Requests per second", "5xx ratio", "p95 latency", "CPU (cores)", "Memory working set", "Ready pods"]);
    expect(dashboard.panels.every((p) => p.targets[0].expr.includes('namespace="app"'))).toBe(true);
  });
});
