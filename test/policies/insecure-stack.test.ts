import { RunResult, runComponents } from "../harness";
import { PolicyViolation, runPolicyPacks } from "../harness/policy-runner";
import { insecureStack } from "./fixtures/insecure-stack";

let run: RunResult;
let violations: PolicyViolation[];

beforeAll(async () => {
  run = await runComponents(insecureStack);
  violations = await runPolicyPacks(run);
}, 60_000);

const found = (level: string) => [...new Set(violations.filter((v) => v.level === level).map((v) => `${v.policy} ${v.name ?? "(stack)"}`))].sort();

describe("the deliberately insecure fixture", () => {
  it("breaks exactly the expected security rules, all mandatory", () => {
    expect(found("mandatory")).toEqual(
      [
        "aws-alb-listener-http-redirect-only public-http",
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
        "aws-sns-topic-require-kms-encryption alerts",
        "aws-wafv2-web-acl-require-alb-association public",
        "kubernetes-workload-disallow-host-namespaces web",
        "kubernetes-workload-disallow-latest-tag web",
        "kubernetes-workload-disallow-privileged web",
        "kubernetes-workload-require-non-root web",
        "kubernetes-workload-require-resource-limits web",
      ].sort(),
    );
  });

  it("breaks the compliance rules too, as advisory findings by default", () => {
    expect(found("advisory")).toEqual(
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

  it("leaves no policy failing with an error", () => {
    expect(violations.filter((v) => v.message.includes("can't run"))).toEqual([]);
  });
});
