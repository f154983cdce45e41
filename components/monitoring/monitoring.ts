import * as aws from "../internal/aws";
import * as pulumi from "@pulumi/pulumi";
import { awsContext } from "../internal/aws-context";
import { createEncryptionKey } from "../internal/kms";
import { CacheMetrics, DatabaseMetrics, LoadBalancerMetrics, ServiceMetrics, WafMetrics } from "../internal/metrics";
import { mergeTags, Tags } from "../internal/tags";
import { Problems } from "../internal/validation";
import { AlarmSpec, cacheAlarms, certificateAlarm, databaseAlarms, loadBalancerAlarms, MetricSources, serviceAlarms, wafAlarms } from "./catalogue";
import { dashboardBody, overviewPanels } from "./dashboard";
import {
  ALARM_GROUPS,
  AlarmGroup,
  AlarmThresholds,
  BurnRateWindow,
  DEFAULT_BURN_RATE_WINDOWS,
  DEFAULT_SLO_TARGET_PERCENT,
  resolveThresholds,
  Severity,
  SEVERITIES,
  SloSettings,
} from "./settings";
import { BudgetArgs, createBudget, validateBudget } from "./budget";
import { burnRateAlarms, BurnRateComposite } from "./slo";
import { createAlarmTopics, SeveritySubscriptions } from "./topics";
import { ALARM_NAME_PREFIX_PATTERN, checkCatalogue, validateGroups, validateSlo, validateSubscriptions, validateThresholds } from "./validation";

export interface MonitoringArgs {
  /**
   * Prefix of every alarm name (`<prefix>-<key>`) and of the dashboard name.
   * Deterministic, so others can refer to alarms by name: the stack passes its
   * stack name, giving `<stack>-deployment-health`.
   */
  readonly alarmNamePrefix: string;
  /** Metric descriptors of the ECS or EKS service. @default none: no service alarms */
  readonly service?: ServiceMetrics;
  /** @default none: no load balancer, certificate or SLO alarms */
  readonly loadBalancer?: LoadBalancerMetrics;
  /** @default none */
  readonly database?: DatabaseMetrics;
  /** @default none */
  readonly cache?: CacheMetrics;
  /** @default none */
  readonly waf?: WafMetrics;
  /** Alarm groups to create, where their source is given. @default every group; dev sets service, loadBalancer, database, cache */
  readonly groups?: readonly AlarmGroup[];
  /** @default see `DEFAULT_THRESHOLDS`; prod sets p95 latency 500 ms */
  readonly thresholds?: AlarmThresholds;
  /** @default 99.9% with 14.4x (1 h and 5 min) and 6x (6 h and 30 min) burn-rate pairs */
  readonly slo?: SloSettings;
  /** Subscribers per severity topic. @default none */
  readonly subscriptions?: Partial<Record<Severity, SeveritySubscriptions>>;
  /**
   * Bring your own KMS key for the topics; its policy must let `cloudwatch.amazonaws.com` use it (and
   * `budgets.amazonaws.com` with a budget). @default a new key with rotation
   */
  readonly kmsKeyArn?: pulumi.Input<string>;
  /** @default true */
  readonly dashboard?: boolean;
  /**
   * A monthly AWS cost budget over the stack's tagged costs, notifying the warning topic on the
   * forecast and the critical topic on the actual cost. @default none
   */
  readonly budget?: BudgetArgs;
  /** Tags for every taggable resource, after `Name`. */
  readonly tags?: Tags;
}

/** The alarms the arguments ask for, before any resource exists; pure, so tests and docs can use it. */
export interface AlarmPlan {
  readonly alarms: AlarmSpec[];
  readonly burnRates: BurnRateComposite[];
}

export function planAlarms(args: MonitoringArgs): AlarmPlan {
  const on = new Set<AlarmGroup>(args.groups ?? ALARM_GROUPS);
  const t = resolveThresholds(args.thresholds);
  const alarms: AlarmSpec[] = [];
  if (args.service && on.has("service")) alarms.push(...serviceAlarms(args.service, t.service));
  if (args.loadBalancer && on.has("loadBalancer")) alarms.push(...loadBalancerAlarms(args.loadBalancer, t.loadBalancer));
  if (args.loadBalancer?.certificateArn && on.has("certificate")) alarms.push(certificateAlarm(args.loadBalancer.certificateArn, t.certificate.daysToExpiry));
  if (args.database && on.has("database")) alarms.push(...databaseAlarms(args.database, t.database));
  if (args.cache && on.has("cache")) alarms.push(...cacheAlarms(args.cache, t.cache));
  if (args.waf && on.has("waf")) alarms.push(...wafAlarms(args.waf, t.waf));
  let burnRates: BurnRateComposite[] = [];
  if (args.loadBalancer && on.has("slo")) {
    const slo = burnRateAlarms(args.loadBalancer, sloTarget(args), sloWindows(args));
    alarms.push(...slo.windows);
    burnRates = slo.composites;
  }
  return { alarms, burnRates };
}

const sloTarget = (args: MonitoringArgs) => args.slo?.targetPercent ?? DEFAULT_SLO_TARGET_PERCENT;
const sloWindows = (args: MonitoringArgs): readonly BurnRateWindow[] => args.slo?.windows ?? DEFAULT_BURN_RATE_WINDOWS;

/** Pure validation of {@link MonitoringArgs}, including the metric math of every planned alarm. */
export function validateMonitoringArgs(args: MonitoringArgs): Problems {
  const problems = new Problems();
  problems.check(ALARM_NAME_PREFIX_PATTERN.test(args.alarmNamePrefix), "alarmNamePrefix", args.alarmNamePrefix, "1-64 letters, digits, - and _, starting with a letter or digit");
  validateGroups(problems, args.groups);
  validateThresholds(problems, args.thresholds);
  validateSlo(problems, sloTarget(args), sloWindows(args));
  validateSubscriptions(problems, args.subscriptions);
  validateBudget(problems, args.budget);
  if (args.service) {
    const minimum = args.service.kind === "ecs" ? args.service.minimumTasks : args.service.minimumPods;
    problems.check(Number.isInteger(minimum) && minimum >= 1, `service.${args.service.kind === "ecs" ? "minimumTasks" : "minimumPods"}`, minimum, "a whole number of 1 or more (ServiceDown fires below it)");
  }
  if (args.database) {
    problems.check(args.database.allocatedStorageGiB > 0, "database.allocatedStorageGiB", args.database.allocatedStorageGiB, "a size above 0");
    problems.check(args.database.maxConnections > 0, "database.maxConnections", args.database.maxConnections, "a count above 0");
  }
  if (problems.list.length === 0) checkCatalogue(problems, planAlarms(args).alarms);
  return problems;
}

/**
 * CloudWatch monitoring of the platform: one KMS-encrypted SNS topic per
 * severity, the alarm catalogue built from the other components' metric
 * descriptors, multi-window burn-rate alarms for the availability SLO, the
 * `deployment-health` composite alarm the release controller watches, and a
 * dashboard generated from the same catalogue.
 */
export class Monitoring extends pulumi.ComponentResource {
  /** SNS topic ARN per severity. */
  readonly topicArns: Record<Severity, pulumi.Output<string>>;
  /** Names of the alarms that notify each severity topic (composites included). */
  readonly alarmNames: Record<Severity, string[]>;
  /** `<prefix>-deployment-health`: ALARM when any critical service alarm is; absent when no service alarm is planned. */
  readonly deploymentHealthAlarmName?: string;
  readonly deploymentHealthAlarmArn?: pulumi.Output<string>;
  /** Absent when `dashboard` is false. */
  readonly dashboardName?: pulumi.Output<string>;
  /** `<prefix>-monthly-cost`; absent without a `budget`. */
  readonly budgetName?: pulumi.Output<string>;
  /** The catalogue that was applied, for docs and checks. */
  readonly plan: AlarmPlan;

  constructor(name: string, args: MonitoringArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:monitoring:Monitoring", name, {}, opts);
    validateMonitoringArgs(args).throwIfAny(this, `Monitoring "${name}"`);

    const prefix = args.alarmNamePrefix;
    const parent = { parent: this };
    const ctx = awsContext(this);
    const kmsKeyArn =
      args.kmsKeyArn ??
      createEncryptionKey(
        `${name}-alarms`,
        { description: `Alarm topics of ${prefix}`, alarmNamePrefix: prefix, budgets: args.budget !== undefined, tags: mergeTags(`${name}-alarms`, args.tags) },
        ctx,
        parent,
      ).arn;
    const alarmTopics = createAlarmTopics(name, { kmsKeyArn, alarmNamePrefix: prefix, budgets: args.budget !== undefined, subscriptions: args.subscriptions ?? {}, tags: args.tags }, ctx, this);
    const topics = alarmTopics.topics;
    this.topicArns = Object.fromEntries(SEVERITIES.map((s) => [s, topics[s].arn])) as Record<Severity, pulumi.Output<string>>;
    const actions = (severity: Severity) => ({ alarmActions: [topics[severity].arn], okActions: [topics[severity].arn] });

    this.plan = planAlarms(args);
    this.alarmNames = { critical: [], warning: [], info: [] };
    const alarms = new Map<string, aws.cloudwatch.MetricAlarm>();
    for (const spec of this.plan.alarms) {
      const alarmName = `${prefix}-${spec.key}`;
      const query = spec.math
        ? {
            metricQueries: [
              ...Object.entries(spec.math.metrics).map(([id, ref]) => ({
                id,
                returnData: false,
                metric: { namespace: ref.namespace, metricName: ref.metricName, dimensions: ref.dimensions, stat: ref.stat, period: ref.periodSeconds },
              })),
              { id: "e1", expression: spec.math.expression, label: spec.math.label, returnData: true },
            ],
          }
        : {
            namespace: spec.metric!.namespace,
            metricName: spec.metric!.metricName,
            dimensions: spec.metric!.dimensions,
            period: spec.metric!.periodSeconds,
            // A percentile over a handful of requests is noise: hold the state until there are enough samples.
            ...(/^p\d/.test(spec.metric!.stat) ? { extendedStatistic: spec.metric!.stat, evaluateLowSampleCountPercentiles: "ignore" } : { statistic: spec.metric!.stat }),
          };
      alarms.set(
        spec.key,
        new aws.cloudwatch.MetricAlarm(
          `${name}-${spec.key}`,
          {
            name: alarmName,
            alarmDescription: `[${spec.severity}] ${spec.runbook}`,
            ...query,
            comparisonOperator: spec.comparison,
            threshold: spec.threshold,
            evaluationPeriods: spec.evaluationPeriods,
            datapointsToAlarm: spec.datapointsToAlarm,
            treatMissingData: spec.treatMissingData,
            ...actions(spec.severity),
            tags: mergeTags(alarmName, args.tags, { "platform:severity": spec.severity, "platform:alarm-group": spec.group }),
          },
          parent,
        ),
      );
      this.alarmNames[spec.severity].push(alarmName);
    }

    const composite = (key: string, severity: Severity, description: string, members: aws.cloudwatch.MetricAlarm[], operator: "AND" | "OR") => {
      const alarmName = `${prefix}-${key}`;
      const alarm = new aws.cloudwatch.CompositeAlarm(
        `${name}-${key}`,
        {
          alarmName,
          alarmDescription: `[${severity}] ${description}`,
          alarmRule: pulumi.all(members.map((a) => a.name)).apply((names) => names.map((n) => `ALARM("${n}")`).join(` ${operator} `)),
          ...actions(severity),
          tags: mergeTags(alarmName, args.tags, { "platform:severity": severity }),
        },
        parent,
      );
      this.alarmNames[severity].push(alarmName);
      return alarm;
    };
    for (const burn of this.plan.burnRates) {
      composite(burn.key, burn.severity, burn.runbook, burn.windowKeys.map((k) => alarms.get(k)!), "AND");
    }
    const healthMembers = this.plan.alarms.filter((a) => a.deploymentHealth).map((a) => alarms.get(a.key)!);
    if (healthMembers.length > 0) {
      // The members page on the critical topic already; this roll-up is for machines (ECS deployment
      // alarms, the release command), so it notifies `info` and never pages twice.
      const health = composite(
        "deployment-health",
        "info",
        "ALARM while any critical service alarm is (CPU saturation, ServiceDown, target 5xx ratio, unhealthy targets). Release automation rolls back on it; check which member alarm fired first.",
        healthMembers,
        "OR",
      );
      this.deploymentHealthAlarmName = `${prefix}-deployment-health`;
      this.deploymentHealthAlarmArn = health.arn;
    }

    if (args.dashboard ?? true) {
      const dashboard = new aws.cloudwatch.Dashboard(
        `${name}-dashboard`,
        { dashboardName: `${prefix}-platform`, dashboardBody: dashboardBody(ctx.region, this.plan.alarms, overviewPanels(args, sloTarget(args))) },
        parent,
      );
      this.dashboardName = dashboard.dashboardName;
    }

    if (args.budget) this.budgetName = createBudget(name, prefix, args.budget, alarmTopics, args.tags, this).name;

    this.registerOutputs({
      topicArns: this.topicArns,
      alarmNames: this.alarmNames,
      deploymentHealthAlarmName: this.deploymentHealthAlarmName,
      deploymentHealthAlarmArn: this.deploymentHealthAlarmArn,
      dashboardName: this.dashboardName,
      budgetName: this.budgetName,
    });
  }
}

export type { MetricSources };
