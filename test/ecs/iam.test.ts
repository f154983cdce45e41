import { ecrRepositoryArn } from "../../components/ecs";
import { ACCOUNT, CACHE_KEY, CACHE_SECRET, DB_KEY, DB_SECRET, policyOf, runService, TYPES } from "./fixtures";
import { nonEmpty } from "../harness/assertions";

const statement = (policy: { Statement: Record<string, any>[] }, sid: string) => {
  const found = policy.Statement.find((s) => s.Sid === sid);
  if (!found) throw new Error(`no statement ${sid}; there are ${policy.Statement.map((s) => s.Sid).join(", ")}`);
  return found;
};

describe("ecrRepositoryArn", () => {
  test.each([
    [`${ACCOUNT}.dkr.ecr.eu-west-1.amazonaws.com/shop/web:1.4.2`, `arn:aws:ecr:eu-west-1:${ACCOUNT}:repository/shop/web`],
    [`${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/app@sha256:${"a".repeat(64)}`, `arn:aws:ecr:us-east-1:${ACCOUNT}:repository/app`],
    [`${ACCOUNT}.dkr.ecr.eu-west-1.amazonaws.com/app:v1@sha256:${"b".repeat(64)}`, `arn:aws:ecr:eu-west-1:${ACCOUNT}:repository/app`],
  ])("names the repository of %s", (image, arn) => {
    expect(ecrRepositoryArn(image, "aws")).toBe(arn);
  });

  test.each(["public.ecr.aws/nginx/nginx-unprivileged:1.27-alpine", "ghcr.io/acme/web:1.0.0", "docker.io/library/nginx:1.27"])(
    "names no ECR repository for %s",
    (image) => expect(ecrRepositoryArn(image, "aws")).toBeUndefined(),
  );
});

describe("BlueGreenFargateService IAM", () => {
  test("both roles trust only ECS tasks of this account", async () => {
    const run = await runService();
    for (const name of ["app-execution", "app-task"]) {
      const trust = JSON.parse(run.one(TYPES.role, name).inputs.assumeRolePolicy);
      expect(trust.Statement).toEqual([
        {
          Effect: "Allow",
          Principal: { Service: "ecs-tasks.amazonaws.com" },
          Action: "sts:AssumeRole",
          Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT }, ArnLike: { "aws:SourceArn": `arn:aws:ecs:eu-west-1:${ACCOUNT}:*` } },
        },
      ]);
    }
  });

  test("the execution role reads exactly the app's secrets and decrypts only through Secrets Manager with their keys", async () => {
    const run = await runService();
    const policy = policyOf(run.one(TYPES.rolePolicy, "app-execution"));
    expect(statement(policy, "ReadAppSecrets")).toMatchObject({ Action: "secretsmanager:GetSecretValue", Resource: [CACHE_SECRET, DB_SECRET].sort() });
    expect(statement(policy, "DecryptAppSecrets")).toMatchObject({
      Action: "kms:Decrypt",
      Resource: [CACHE_KEY, DB_KEY].sort(),
      Condition: { StringEquals: { "kms:ViaService": "secretsmanager.eu-west-1.amazonaws.com" } },
    });
  });

  test("the execution role pulls only from the private ECR repositories the images name", async () => {
    const run = await runService();
    const policy = policyOf(run.one(TYPES.rolePolicy, "app-execution"));
    expect(statement(policy, "PullAppImages").Resource).toEqual([`arn:aws:ecr:eu-west-1:${ACCOUNT}:repository/shop/web`]);
    expect(statement(policy, "EcrLogin")).toMatchObject({ Action: "ecr:GetAuthorizationToken", Resource: "*" });
  });

  test("public images need no ECR permission at all", async () => {
    const image = "public.ecr.aws/nginx/nginx-unprivileged:1.27-alpine";
    const run = await runService({ images: { blue: image, green: image } });
    const actions = policyOf(run.one(TYPES.rolePolicy, "app-execution")).Statement.flatMap((s) => [s.Action].flat());
    expect(actions.filter((a: string) => a.startsWith("ecr:"))).toEqual([]);
  });

  test("the execution role writes only to the service's own log group", async () => {
    const run = await runService();
    const group = run.one(TYPES.logGroup, "app");
    const policy = policyOf(run.one(TYPES.rolePolicy, "app-execution"));
    expect(statement(policy, "WriteAppLogs")).toMatchObject({ Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: `${group.state.arn}:log-stream:*` });
  });

  test("without secrets the execution role has no Secrets Manager or KMS statement", async () => {
    const run = await runService({ secrets: [] });
    const sids = policyOf(run.one(TYPES.rolePolicy, "app-execution")).Statement.map((s) => s.Sid);
    expect(sids).not.toContain("ReadAppSecrets");
    expect(sids).not.toContain("DecryptAppSecrets");
  });

  test("with ECS Exec off the task role has no permissions at all", async () => {
    const run = await runService();
    expect(run.find(TYPES.rolePolicy, "app-task")).toBeUndefined();
    expect(run.one(TYPES.role, "app-task").inputs.managedPolicyArns ?? []).toEqual([]);
  });

  test("with ECS Exec on the task role gets the SSM channels, the cluster's Exec log group and session key, and nothing else", async () => {
    const run = await runService({ executeCommand: true });
    const policy = policyOf(run.one(TYPES.rolePolicy, "app-task"));
    const execLogs = run.one(TYPES.logGroup, "cluster-exec");
    // The Exec session key, not the key of the app's logs.
    const key = run.one("aws:kms/key:Key", "cluster-exec-sessions");
    expect(policy.Statement.map((s) => s.Sid)).toEqual(["ExecSessionChannels", "FindExecLogGroup", "WriteExecLogs", "DecryptExecSession"]);
    expect(nonEmpty<string>(statement(policy, "ExecSessionChannels").Action, "ExecSessionChannels action").every((a: string) => a.startsWith("ssmmessages:"))).toBe(true);
    expect(statement(policy, "WriteExecLogs").Resource).toEqual([execLogs.state.arn, `${execLogs.state.arn}:log-stream:*`]);
    expect(statement(policy, "DecryptExecSession").Resource).toBe(key.state.arn);
    const actions = policy.Statement.flatMap((s) => [s.Action].flat());
    expect(actions.some((a: string) => a.startsWith("secretsmanager:") || a.startsWith("ecr:"))).toBe(false);
  });

  test("no policy grants an action on every resource except the ones without resource types", async () => {
    const run = await runService({ executeCommand: true });
    const allowedOnStar = new Set(["ecr:GetAuthorizationToken", "logs:DescribeLogGroups", "ssmmessages:CreateControlChannel", "ssmmessages:CreateDataChannel", "ssmmessages:OpenControlChannel", "ssmmessages:OpenDataChannel"]);
    for (const policy of nonEmpty(run.ofType(TYPES.rolePolicy).map(policyOf), "role policy")) {
      for (const s of policy.Statement.filter((st) => st.Resource === "*")) {
        for (const action of [s.Action].flat()) expect(allowedOnStar).toContain(action);
      }
    }
  });
});
