import { EngineMode, RunResult, runComponents } from "../harness";
import { allPolicies, PolicyViolation, runPolicyPacks } from "../harness/policy-runner";
import { insecureStack } from "./fixtures/insecure-stack";
import { isUndecided } from "./stacks";

// The fixture runs in beforeAll and the packs inside each test, so that a mutation run of the pack rules
// knows which tests ran each rule (test/policies/stacks.ts, describeShippedStacks).
const runs = new Map<EngineMode, RunResult>();

beforeAll(async () => {
  for (const mode of ["offline", "preview", "update"] as const) runs.set(mode, await runComponents(insecureStack, { mode }));
}, 90_000);

const violationsIn = (mode: EngineMode): Promise<PolicyViolation[]> => runPolicyPacks(runs.get(mode)!);

const found = async (level: string, mode: EngineMode = "offline") =>
  [...new Set((await violationsIn(mode)).filter((v) => v.level === level && !isUndecided(v)).map((v) => `${v.policy} ${v.name ?? "(stack)"}`))].sort();

const EXPECTED_MANDATORY = [
  "aws-alb-listener-http-redirect-only public-http",
  "aws-alb-listener-https-require-hsts public-https",
  "aws-alb-listener-require-modern-tls-policy public-https",
  "aws-alb-load-balancer-drop-invalid-headers public",
  "aws-cloudwatch-log-group-require-kms-encryption app-logs",
  "aws-ec2-security-group-disallow-public-ingress app-ssh",
  "aws-ec2-security-group-disallow-public-ingress db-open",
  "aws-ecs-service-disallow-public-ip app",
  "aws-ecs-task-definition-disallow-privileged app",
  "aws-ecs-task-definition-disallow-secrets-in-environment app",
  "aws-ecs-task-definition-require-non-root-user app",
  "aws-ecs-task-definition-require-read-only-root-filesystem app",
  "aws-ecs-task-definition-require-separate-task-role app",
  "aws-eks-cluster-disallow-public-endpoint k8s",
  "aws-eks-cluster-require-control-plane-logs k8s",
  "aws-eks-cluster-require-secrets-encryption k8s",
  "aws-eks-node-group-disallow-ssh k8s-nodes",
  "aws-elasticache-replication-group-require-encryption-at-rest sessions",
  "aws-elasticache-replication-group-require-transit-encryption sessions",
  "aws-iam-policy-disallow-wildcard-admin app-admin",
  "aws-iam-role-disallow-wildcard-trust app",
  "aws-kms-key-require-rotation data",
  "aws-rds-instance-disallow-public-access orders",
  "aws-rds-instance-require-storage-encryption orders",
  "aws-rds-subnet-group-disallow-public-subnets orders",
  "aws-s3-bucket-require-encryption-configuration exports",
  "aws-s3-bucket-require-public-access-block exports",
  "aws-s3-bucket-require-public-access-block partner-exports",
  "aws-sns-topic-require-kms-encryption alerts",
  "aws-wafv2-web-acl-require-alb-association public",
  "kubernetes-workload-disallow-host-namespaces web",
  "kubernetes-workload-disallow-latest-tag web",
  "kubernetes-workload-disallow-privileged web",
  "kubernetes-workload-require-non-root web",
  "kubernetes-workload-require-resource-limits web",
].sort();

describe("the deliberately insecure fixture", () => {
  it("breaks exactly the expected security rules, all mandatory", async () => {
    expect(await found("mandatory")).toEqual(EXPECTED_MANDATORY);
  });

  // After an update the outputs hold AWS's defaults (SSE-S3 on the bucket, a public EKS endpoint,
  // an internet-facing load balancer); none of them may hide a finding.
  it("breaks the same rules in an update without a preview", async () => {
    expect(await found("mandatory", "update")).toEqual(EXPECTED_MANDATORY);
  });

  // In a first preview, only policies that need values AWS assigns on create (`decides: "update"`) may
  // fail to decide; every other finding is already there.
  it("breaks the same rules in a first preview, except where a policy needs a value that exists only after create", async () => {
    const late = new Set(allPolicies().filter((p) => p.decides === "update").map((p) => p.name));
    const undecided = (await violationsIn("preview")).filter(isUndecided);
    expect(undecided.length).toBeGreaterThan(0);
    expect(undecided.filter((v) => !late.has(v.policy))).toEqual([]);
    const undecidedFindings = new Set(undecided.map((v) => `${v.policy} ${v.name}`));
    expect(await found("mandatory", "preview")).toEqual(EXPECTED_MANDATORY.filter((f) => !undecidedFindings.has(f)));
  });

  it("breaks the compliance rules too, as advisory findings by default", async () => {
    expect(await found("advisory")).toEqual(
      expect.arrayContaining([
        "aws-alb-load-balancer-require-access-logs public",
        "aws-alb-target-group-require-health-check web",
        "aws-cloudwatch-alarm-require-actions cpu",
        "aws-cloudwatch-log-group-require-retention app-logs",
        "aws-rds-database-require-backup-retention orders",
        "aws-rds-database-require-deletion-protection orders",
        "aws-rds-database-require-final-snapshot orders",
        "aws-resource-require-tags legacy",
        "aws-vpc-require-flow-logs legacy",
      ]),
    );
  });

  it("leaves no policy failing with an error, or unable to decide, once values are known", async () => {
    for (const mode of ["offline", "update"] as const) expect((await violationsIn(mode)).filter((v) => v.message.includes("can't run"))).toEqual([]);
  });
});
