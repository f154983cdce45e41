import { BudgetArgs, Monitoring } from "../../components/monitoring";
import { readStackConfig, runComponents, runProgram, RunResult, toStructuredConfig } from "../harness";
import { shippedPackConfig } from "../policies/stacks";
import { TOPIC } from "./fixtures";

const BUDGET = "aws:budgets/budget:Budget";
const TOPIC_POLICY = "aws:sns/topicPolicy:TopicPolicy";
const KEY = "aws:kms/key:Key";

const run = (budget?: BudgetArgs) =>
  runComponents(() => {
    const monitoring = new Monitoring("mon", { alarmNamePrefix: "prod", budget, tags: { Environment: "prod" } });
    return { topics: monitoring.topicArns, budgetName: monitoring.budgetName };
  });

const statements = (r: RunResult, type: string, name: string) => JSON.parse(r.one(type, name).inputs.policy).Statement as any[];

describe("Monitoring with a budget", () => {
  let result: RunResult;
  beforeAll(async () => {
    result = await run({ monthlyUsd: 1500, costAllocationTags: { Environment: "prod" } });
  });

  test("creates one monthly cost budget named <prefix>-monthly-cost with the limit in USD, over the stack's tagged costs", () => {
    expect(result.ofType(BUDGET)).toHaveLength(1);
    expect(result.one(BUDGET, "mon-budget").inputs).toMatchObject({
      name: "prod-monthly-cost",
      budgetType: "COST",
      timeUnit: "MONTHLY",
      limitAmount: "1500",
      limitUnit: "USD",
      filterExpression: { tags: { key: "Environment", values: ["prod"], matchOptions: ["EQUALS"] } },
    });
    expect(result.outputs.budgetName).toBe("prod-monthly-cost");
  });

  test("tells the warning topic when the forecast passes 80% and the critical topic when the actual cost passes 100%", () => {
    expect(result.one(BUDGET, "mon-budget").inputs.notifications).toEqual([
      { notificationType: "FORECASTED", comparisonOperator: "GREATER_THAN", threshold: 80, thresholdType: "PERCENTAGE", subscriberSnsTopicArns: [result.outputs.topics.warning] },
      { notificationType: "ACTUAL", comparisonOperator: "GREATER_THAN", threshold: 100, thresholdType: "PERCENTAGE", subscriberSnsTopicArns: [result.outputs.topics.critical] },
    ]);
  });

  test("lets AWS Budgets publish to every topic, for this account's budgets only, and waits for those topic policies", () => {
    for (const severity of ["critical", "warning", "info"]) {
      const budgets = statements(result, TOPIC_POLICY, `mon-${severity}`).find((s) => s.Sid === "BudgetsPublish");
      expect(budgets).toMatchObject({
        Effect: "Allow",
        Principal: { Service: "budgets.amazonaws.com" },
        Action: "sns:Publish",
        Condition: { StringEquals: { "aws:SourceAccount": "123456789012" }, ArnLike: { "aws:SourceArn": "arn:aws:budgets::123456789012:*" } },
      });
    }
    const policies = result.ofType(TOPIC_POLICY).map((p) => p.urn);
    expect(result.one(BUDGET, "mon-budget").options.dependsOn).toEqual(expect.arrayContaining(policies));
  });

  test("lets AWS Budgets use the topics' KMS key, so it can publish to the encrypted topics", () => {
    const budgets = statements(result, KEY, "mon-alarms").find((s) => s.Principal?.Service === "budgets.amazonaws.com");
    expect(budgets).toMatchObject({ Effect: "Allow", Action: ["kms:Decrypt", "kms:GenerateDataKey*"], Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } } });
  });

  test("requires every cost allocation tag when given several", async () => {
    const several = await run({ monthlyUsd: 200, costAllocationTags: { Environment: "dev", CostCenter: "engineering" } });
    expect(several.one(BUDGET, "mon-budget").inputs.filterExpression).toEqual({
      ands: [{ tags: { key: "CostCenter", values: ["engineering"], matchOptions: ["EQUALS"] } }, { tags: { key: "Environment", values: ["dev"], matchOptions: ["EQUALS"] } }],
    });
  });
});

describe("Monitoring without a budget", () => {
  test("creates none, and grants AWS Budgets nothing", async () => {
    const result = await run();
    expect(result.ofType(BUDGET)).toEqual([]);
    expect(result.ofType(TOPIC)).toHaveLength(3);
    for (const policy of result.ofType(TOPIC_POLICY)) expect(policy.inputs.policy).not.toContain("budgets");
    expect(result.one(KEY, "mon-alarms").inputs.policy).not.toContain("budgets");
  });
});

describe("Monitoring budget validation", () => {
  test.each([
    [{ monthlyUsd: 0, costAllocationTags: { Environment: "dev" } }, "budget.monthlyUsd: 0 is not allowed (expected an amount in USD above 0)"],
    [{ monthlyUsd: 200, costAllocationTags: {} }, "budget.costAllocationTags: {} is not allowed (expected at least one tag (without one the budget would watch the whole account))"],
    [{ monthlyUsd: 200, costAllocationTags: { Environment: "dev" }, warningForecastPercent: 0 }, "budget.warningForecastPercent: 0 is not allowed (expected a whole percent from 1 to 1000)"],
  ])("rejects %j before any resource exists", async (budget, message) => {
    await expect(run(budget as BudgetArgs)).rejects.toThrow(message);
  });
});

/** The cost filter of each shipped stack's budget: its environment; prod and prod-dr share Environment=prod, so a DisasterRecovery tag tells them apart. */
const tag = (key: string, value: string) => ({ tags: { key, values: [value], matchOptions: ["EQUALS"] } });
const SHIPPED_FILTERS: Record<string, unknown> = {
  dev: tag("Environment", "dev"),
  staging: tag("Environment", "staging"),
  prod: { ands: [tag("DisasterRecovery", "primary"), tag("Environment", "prod")] },
  "prod-dr": { ands: [tag("DisasterRecovery", "standby"), tag("Environment", "prod")] },
};

describe("the shipped stacks' budgets", () => {
  test.each(Object.keys(SHIPPED_FILTERS))("%s budgets the same amount as its budget policy, over its own stack's costs", async (stack) => {
    const result = await runProgram({ stack });
    const budget = result.one(BUDGET, "monitoring-budget");
    const policyBudget = shippedPackConfig(stack)["platform-compliance"]["aws-cost-monthly-budget"] as { budgetUsd: number };
    const monitoring = toStructuredConfig(readStackConfig(stack).values)["platform:monitoring"] as { budget: { monthlyUsd: number } };
    expect(Number(budget.inputs.limitAmount)).toBe(policyBudget.budgetUsd);
    expect(Number(budget.inputs.limitAmount)).toBe(monitoring.budget.monthlyUsd);
    expect(budget.inputs.filterExpression).toEqual(SHIPPED_FILTERS[stack]);
    expect(budget.inputs.name).toBe(`${stack}-monthly-cost`);
  });
});
