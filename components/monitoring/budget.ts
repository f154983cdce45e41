import * as aws from "../internal/aws";
import * as pulumi from "@pulumi/pulumi";
import { mergeTags, Tags } from "../internal/tags";
import { Problems } from "../internal/validation";
import type { AlarmTopics } from "./topics";

/**
 * A monthly AWS cost budget over the stack's tagged resources, so that
 * overspend the estimate cannot see (usage beyond its assumptions) still
 * reaches people: the warning topic when the month's forecast passes a share
 * of the limit, the critical topic when the actual cost does.
 */
export interface BudgetArgs {
  /** Monthly limit in USD; the same figure as the budget policy's `budgetUsd`. */
  readonly monthlyUsd: number;
  /**
   * Tags whose values select the stack's costs; every one must match. They
   * must be activated as cost allocation tags in the billing console of the
   * payer account, or the budget sees nothing.
   */
  readonly costAllocationTags: Readonly<Record<string, string>>;
  /** Notify the warning topic when the forecast for the month passes this percent of the limit. @default 80 */
  readonly warningForecastPercent?: number;
  /** Notify the critical topic when the month's actual cost passes this percent of the limit. @default 100 */
  readonly criticalActualPercent?: number;
}

export const BUDGET_DEFAULTS = { warningForecastPercent: 80, criticalActualPercent: 100 } as const;
/** AWS Budgets accepts notification thresholds up to 1,000% (40,000,000,000 as an absolute value); a percent this high is a typo. */
const MAX_THRESHOLD_PERCENT = 1000;

export function validateBudget(problems: Problems, budget: BudgetArgs | undefined): void {
  if (!budget) return;
  problems.check(Number.isFinite(budget.monthlyUsd) && budget.monthlyUsd > 0, "budget.monthlyUsd", budget.monthlyUsd, "an amount in USD above 0");
  for (const key of ["warningForecastPercent", "criticalActualPercent"] as const) {
    const value = budget[key] ?? BUDGET_DEFAULTS[key];
    problems.check(Number.isInteger(value) && value >= 1 && value <= MAX_THRESHOLD_PERCENT, `budget.${key}`, value, `a whole percent from 1 to ${MAX_THRESHOLD_PERCENT}`);
  }
  const tags = Object.entries(budget.costAllocationTags);
  problems.check(tags.length > 0, "budget.costAllocationTags", budget.costAllocationTags, "at least one tag (without one the budget would watch the whole account)");
  for (const [key, value] of tags) problems.check(key.trim() !== "" && value.trim() !== "", `budget.costAllocationTags.${key}`, value, "a non-empty tag key and value");
}

/** The budget name: `<prefix>-monthly-cost`, unique per account like the alarm names. */
export function budgetName(prefix: string): string {
  return `${prefix}-monthly-cost`;
}

/**
 * The Cost Explorer filter of the budget: one tag, or all of them (`And`).
 * Tag keys here are the plain keys; Budgets adds the `user:` prefix itself.
 */
function tagFilter(tags: Readonly<Record<string, string>>): aws.types.input.budgets.BudgetFilterExpression {
  const expressions = Object.entries(tags)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, value]) => ({ tags: { key, values: [value], matchOptions: ["EQUALS"] } }));
  return expressions.length === 1 ? expressions[0] : { ands: expressions };
}

export function createBudget(name: string, prefix: string, budget: BudgetArgs, alarmTopics: AlarmTopics, tags: Tags | undefined, parent: pulumi.Resource): aws.budgets.Budget {
  const topics = alarmTopics.topics;
  return new aws.budgets.Budget(
    `${name}-budget`,
    {
      name: budgetName(prefix),
      budgetType: "COST",
      timeUnit: "MONTHLY",
      limitAmount: String(budget.monthlyUsd),
      limitUnit: "USD",
      filterExpression: tagFilter(budget.costAllocationTags),
      notifications: [
        {
          notificationType: "FORECASTED",
          comparisonOperator: "GREATER_THAN",
          threshold: budget.warningForecastPercent ?? BUDGET_DEFAULTS.warningForecastPercent,
          thresholdType: "PERCENTAGE",
          subscriberSnsTopicArns: [topics.warning.arn],
        },
        {
          notificationType: "ACTUAL",
          comparisonOperator: "GREATER_THAN",
          threshold: budget.criticalActualPercent ?? BUDGET_DEFAULTS.criticalActualPercent,
          thresholdType: "PERCENTAGE",
          subscriberSnsTopicArns: [topics.critical.arn],
        },
      ],
      tags: mergeTags(budgetName(prefix), tags),
    },
    // AWS Budgets checks that it may publish to a subscriber topic when the budget is saved.
    { parent, dependsOn: alarmTopics.policies },
  );
}
