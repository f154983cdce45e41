import { EcsCluster, EcsClusterArgs, validateEcsClusterArgs } from "../../components/ecs";
import { runComponents } from "../harness";
import { TYPES } from "./fixtures";

const runCluster = (args: EcsClusterArgs = {}) => runComponents(() => void new EcsCluster("cluster", { tags: { Owner: "team" }, ...args }));

describe("EcsCluster", () => {
  test("Container Insights is enhanced by default and can be set to enabled", async () => {
    expect((await runCluster()).one(TYPES.cluster, "cluster").inputs.settings).toEqual([{ name: "containerInsights", value: "enhanced" }]);
    expect((await runCluster({ containerInsights: "enabled" })).one(TYPES.cluster, "cluster").inputs.settings).toEqual([{ name: "containerInsights", value: "enabled" }]);
  });

  test("ECS Exec sessions are encrypted with the cluster key and logged to an encrypted log group", async () => {
    const run = await runCluster({ execLogRetentionDays: 365 });
    const key = run.one("aws:kms/key:Key", "cluster-key");
    const logs = run.one(TYPES.logGroup, "cluster-exec");
    expect(key.inputs.enableKeyRotation).toBe(true);
    expect(logs.inputs).toMatchObject({ kmsKeyId: key.state.arn, retentionInDays: 365 });
    expect(run.one(TYPES.cluster, "cluster").inputs.configuration.executeCommandConfiguration).toEqual({
      kmsKeyId: key.state.arn,
      logging: "OVERRIDE",
      logConfiguration: { cloudWatchLogGroupName: logs.state.name, cloudWatchEncryptionEnabled: true },
    });
  });

  test("a key brought by the caller replaces the cluster's own", async () => {
    const byo = "arn:aws:kms:eu-west-1:123456789012:key/99999999-9999-4999-8999-999999999999";
    const run = await runCluster({ kmsKeyArn: byo });
    expect(run.ofType("aws:kms/key:Key")).toEqual([]);
    expect(run.one(TYPES.logGroup, "cluster-exec").inputs.kmsKeyId).toBe(byo);
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
