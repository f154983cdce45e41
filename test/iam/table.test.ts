import { SNAPSHOT_CASES, readSnapshot } from "../reliability/urns";
import { stackOf, TestResource } from "../policies/resources";
import { BOUNDARY_ROWS, managedPolicyDrift, uncoveredSubjects } from "./boundaries";
import { RESOURCE_POLICY_TYPES, StackIam } from "./collect";
import { evaluateWithFullContext, simulate, SimulatedRequest } from "./engine";

const ACCOUNT = "123456789012";
const role = (name: string, trust: object, extra: Partial<TestResource> = {}): TestResource => ({
  type: "aws:iam/role:Role",
  name,
  inputs: { assumeRolePolicy: JSON.stringify(trust) },
  ...extra,
});
const trustOf = (service: string) => ({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole" }] });
/** A captured run of `resources` as the harness records it, with the states the mocks would give. */
function stackIam(resources: TestResource[]): StackIam {
  const run = stackOf(resources);
  for (const r of run.resources) Object.assign(r.state, { arn: `arn:aws:iam::${ACCOUNT}:role/${r.name}`, name: r.name, id: r.name });
  return new StackIam(run, "eu-west-1");
}

describe("the simulator adapter", () => {
  const trust = { id: "trust:x", document: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "vpc-flow-logs.amazonaws.com" }, Action: "sts:AssumeRole", Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } } }] } };
  const request = (context: Record<string, string>, action = "sts:AssumeRole"): SimulatedRequest => ({
    principal: "vpc-flow-logs.amazonaws.com",
    action,
    resource: `arn:aws:iam::${ACCOUNT}:role/x`,
    resourceAccount: ACCOUNT,
    context,
    identityPolicies: [],
    resourcePolicy: trust,
  });

  it("falls back on an evaluator that decides as the library's validating entry point does", async () => {
    for (const context of [{ "aws:SourceAccount": ACCOUNT }, { "aws:SourceAccount": "210987654321" }, {}] as Record<string, string>[]) {
      expect((await evaluateWithFullContext(request(context))).result).toBe((await simulate(request(context))).decision);
    }
  });

  it("names the statement that allowed a request", async () => {
    expect(await simulate(request({ "aws:SourceAccount": ACCOUNT }))).toEqual({ decision: "Allowed", allowedBy: ["trust:x#0"], deniedBy: [] });
  });

  it("refuses a probe with an action that does not exist, instead of counting it as denied", async () => {
    await expect(simulate(request({}, "sts:AssumeRoll"))).rejects.toThrow(/refused it/);
  });

  it("decides a request on an AWS-owned public parameter (an ARN without an account) through the evaluator", async () => {
    const reader = { id: "reader", document: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "ssm:GetParameter", Resource: "arn:aws:ssm:eu-west-1::parameter/aws/service/*" }] } };
    const read = (resource: string) => simulate({ ...request({}, "ssm:GetParameter"), principal: `arn:aws:iam::${ACCOUNT}:role/reader`, resource, identityPolicies: [reader], resourcePolicy: undefined });
    expect(await read("arn:aws:ssm:eu-west-1::parameter/aws/service/eks/optimized-ami/1.33/amazon-linux-2023/x86_64/standard/recommended/image_id")).toEqual({
      decision: "Allowed",
      allowedBy: ["reader#0"],
      deniedBy: [],
    });
    expect((await read("arn:aws:ssm:us-east-1::parameter/aws/service/eks/optimized-ami/1.33/amazon-linux-2023/x86_64/standard/recommended/image_id")).decision).toBe("ImplicitlyDenied");
  });

  it("refuses a probe whose context key the action never carries", async () => {
    await expect(simulate(request({ "s3:x-amz-acl": "private" }))).rejects.toThrow(/do not apply to sts:AssumeRole/);
  });
});

describe("the collector", () => {
  it("reports a role the table has no row for", () => {
    expect(uncoveredSubjects(stackIam([role("rogue", trustOf("lambda.amazonaws.com"))]))).toEqual(["role:rogue"]);
  });

  it("reports an IAM document on a resource it does not model, such as a repository policy", () => {
    const repository: TestResource = { type: "aws:ecr/repositoryPolicy:RepositoryPolicy", name: "app", inputs: { repository: "app", policy: JSON.stringify(trustOf("codebuild.amazonaws.com")) } };
    expect(stackIam([repository]).unmodelledDocuments()).toEqual(["aws:ecr/repositoryPolicy:RepositoryPolicy policy"]);
  });

  it("finds a queue's policy by the URL it names", () => {
    const url = `https://sqs.eu-west-1.amazonaws.com/${ACCOUNT}/jobs`;
    const queue: TestResource = { type: "aws:sqs/queue:Queue", name: "jobs", inputs: { name: "jobs" } };
    const policy: TestResource = { type: "aws:sqs/queuePolicy:QueuePolicy", name: "jobs", inputs: { queueUrl: url, policy: JSON.stringify(trustOf("events.amazonaws.com")) } };
    const run = stackOf([queue, policy]);
    Object.assign(run.one("aws:sqs/queue:Queue", "jobs").state, { arn: `arn:aws:sqs:eu-west-1:${ACCOUNT}:jobs`, url, id: url });
    const s = new StackIam(run, "eu-west-1");
    expect(s.unmodelledDocuments()).toEqual([]);
    expect(s.resourcePolicyFor(`arn:aws:sqs:eu-west-1:${ACCOUNT}:jobs`)?.id).toBe("queue-policy:jobs");
  });

  it("refuses an attached AWS managed policy whose document is not pinned", () => {
    const attachment: TestResource = { type: "aws:iam/rolePolicyAttachment:RolePolicyAttachment", name: "admin", inputs: { role: "ops", policyArn: "arn:aws:iam::aws:policy/AdministratorAccess" } };
    expect(() => stackIam([role("ops", trustOf("ec2.amazonaws.com")), attachment])).toThrow(/pin its document in test\/iam\/managed-policies.ts/);
  });

  it("reports a managed policy attached beyond the table's list", () => {
    const attachment: TestResource = { type: "aws:iam/rolePolicyAttachment:RolePolicyAttachment", name: "cni", inputs: { role: "eks-node", policyArn: "arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy" } };
    expect(managedPolicyDrift(stackIam([role("eks-node", trustOf("ec2.amazonaws.com")), attachment]))).toEqual([
      'eks-node: attached ["AmazonEKS_CNI_Policy"], the table allows ["AmazonEKSWorkerNodePolicy","AmazonEC2ContainerRegistryPullOnly"]',
    ]);
  });
});

describe("the boundary table", () => {
  const shipped = SNAPSHOT_CASES.flatMap(({ file }) => readSnapshot(file));
  const exists = (type: string, name: string) => shipped.some((urn) => urn.endsWith(`${type}::${name}`));
  const typeOf = (policyId: string) => Object.entries(RESOURCE_POLICY_TYPES).find(([, { idPrefix }]) => policyId.startsWith(`${idPrefix}:`))![0];

  it.each(BOUNDARY_ROWS.map((row) => [row.boundary, row] as const))("has a subject in a shipped stack: %s", (_boundary, row) => {
    for (const subject of row.subjects) {
      if ("role" in subject) expect({ subject, exists: exists("aws:iam/role:Role", subject.role) }).toEqual({ subject, exists: true });
      else expect({ subject, exists: exists(typeOf(subject.policy), subject.policy.split(":")[1]) }).toEqual({ subject, exists: true });
    }
  });

  it("cites an AWS page (or the reference of Karpenter, an AWS project) for every row", () => {
    expect(BOUNDARY_ROWS.filter((row) => row.sources.length === 0 || !row.sources.every((url) => /^https:\/\/(docs\.aws\.amazon\.com|repost\.aws|karpenter\.sh)\//.test(url))).map((r) => r.boundary)).toEqual([]);
  });
});
