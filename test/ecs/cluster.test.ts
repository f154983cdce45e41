import { EcsCluster, EcsClusterArgs, validateEcsClusterArgs } from "../../components/ecs";
import { runComponents } from "../harness";
import { TYPES } from "./fixtures";

const runCluster = (args: EcsClusterArgs = {}) => runComponents(() => void new EcsCluster("cluster", { tags: { Owner: "team" }, ...args }));

describe("EcsCluster", () => {
  test("Container Insights is enhanced by default and can be set to enabled", async () => {
    expect((await runCluster()).one(TYPES.cluster, "cluster").inputs.settings).toEqual([{ name: "containerInsights", value: "enhanced" }]);
    expect((await runCluster({ containerInsights: "enabled" })).one(TYPES.cluster, "cluster").inputs.settings).toEqual([{ name: "containerInsights", value: "enabled" }]);
  });

  test("ECS Exec sessions are encrypted with a key of their own and logged to a group the cluster's log key admits", async () => {
    const run = await runCluster({ execLogRetentionDays: 365 });
    const key = run.one("aws:kms/key:Key", "cluster-key");
    const sessionKey = run.one("aws:kms/key:Key", "cluster-exec-sessions");
    const logs = run.one(TYPES.logGroup, "cluster-exec");
    expect([key.inputs.enableKeyRotation, sessionKey.inputs.enableKeyRotation]).toEqual([true, true]);
    expect(logs.inputs).toMatchObject({ name: "/platform/dev/cluster/exec", kmsKeyId: key.state.arn, retentionInDays: 365 });
    const logsGrant = JSON.parse(key.inputs.policy).Statement.find((s: any) => s.Principal.Service);
    expect(logsGrant.Condition).toEqual({ ArnLike: { "kms:EncryptionContext:aws:logs:arn": ["arn:aws:logs:eu-west-1:123456789012:log-group:/platform/dev/cluster/*"] } });
    // The session key admits no AWS service: only IAM policies of the account grant its use.
    expect(JSON.parse(sessionKey.inputs.policy).Statement.map((s: any) => s.Sid)).toEqual(["AccountAdministers"]);
    expect(run.one(TYPES.cluster, "cluster").inputs.configuration.executeCommandConfiguration).toEqual({
      kmsKeyId: sessionKey.state.arn,
      logging: "OVERRIDE",
      logConfiguration: { cloudWatchLogGroupName: logs.state.name, cloudWatchEncryptionEnabled: true },
    });
  });

  test("keys brought by the caller replace the cluster's own", async () => {
    const byo = "arn:aws:kms:eu-west-1:123456789012:key/99999999-9999-4999-8999-999999999999";
    const byoExec = "arn:aws:kms:eu-west-1:123456789012:key/88888888-8888-4888-8888-888888888888";
    const run = await runCluster({ kmsKeyArn: byo, execKmsKeyArn: byoExec });
    expect(run.ofType("aws:kms/key:Key")).toEqual([]);
    expect(run.one(TYPES.logGroup, "cluster-exec").inputs.kmsKeyId).toBe(byo);
    expect(run.one(TYPES.cluster, "cluster").inputs.configuration.executeCommandConfiguration.kmsKeyId).toBe(byoExec);
  });

  test("offers FARGATE and FARGATE_SPOT with on-demand Fargate as the default strategy", async () => {
    const run = await runCluster();
    expect(run.one(TYPES.capacity, "cluster-capacity").inputs).toMatchObject({
      capacityProviders: ["FARGATE", "FARGATE_SPOT"],
      defaultCapacityProviderStrategies: [{ capacityProvider: "FARGATE", base: 0, weight: 1 }],
    });
  });

  test("refuses a retention CloudWatch does not offer and a disabled Container Insights, naming the argument", () => {
    const problems = validateEcsClusterArgs({ execLogRetentionDays: 10, containerInsights: "disabled" as never }).list;
    expect(problems).toEqual([
      expect.stringMatching(/^containerInsights: "disabled" is not allowed \(expected enhanced \| enabled\)/),
      expect.stringMatching(/^execLogRetentionDays: 10 is not allowed \(expected one of 1, 3, 5/),
    ]);
  });
});
