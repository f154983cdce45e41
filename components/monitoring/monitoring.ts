import * as aws from "../internal/aws";
import * as pulumi from "@pulumi/pulumi";
import { awsContext } from "../internal/aws-context";
import { createEncryptionKey } from "../internal/kms";
import { CacheMetrics, Colour, COLOURS, DatabaseMetrics, LoadBalancerMetrics, ServiceMetrics, SyntheticsMetrics, WafMetrics } from "../internal/metrics";
import { mergeTags, Tags } from "../internal/tags";
import { Problems } from "../internal/validation";
import { AlarmSpec, cacheAlarms, databaseAlarms, MetricSources, serviceAlarms, wafAlarms } from "./catalogue";
import { AlertChannels, createSlackChannels, routedSubscriptions, validateChannels } from "./channels";
import { dashboardBody, overviewPanels } from "./dashboard";
import {
  ALARM_GROUPS,
  AlarmGroup,
  AlarmThresholds,
  BurnRateWindow,
  DEFAULT_BURN_RATE_WINDOWS,
  DEFAULT_LATENCY_P99_MS,
  DEFAULT_SLO_TARGET_PERCENT,
  resolveThresholds,
  Severity,
  SEVERITIES,
  SloSettings,
} from "./settings";
import { BudgetArgs, createBudget, validateBudget } from "./budget";
import { canaryGates, certificateAlarm, latencySloAlarm, loadBalancerAlarms } from "./load-balancer-alarms";
import { probeAlarms } from "./probe-alarms";
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
  /** The outside-in probe (`SyntheticCanary.metrics`). @default none: no probe alarms */
  readonly synthetics?: SyntheticsMetrics;
  /** Alarm groups to create, where their source is given. @default every group; dev sets service, loadBalancer, database, cache */
  readonly groups?: readonly AlarmGroup[];
  /** @default see `DEFAULT_THRESHOLDS`; prod sets p95 latency 500 ms */
  readonly thresholds?: AlarmThresholds;
  /** @default 99.9% with 14.4x (1 h and 5 min) and 6x (6 h and 30 min) burn-rate pairs */
  readonly slo?: SloSettings;
  /**
   * Slack (through AWS Chatbot), PagerDuty and email, each reached by the
   * severities the routing table sends it. @default none
   */
  readonly channels?: AlertChannels;
  /** Further subscribers of one severity topic, outside the routing table. @default none */
  readonly subscriptions?: Partial<Record<Severity, SeveritySubscriptions>>;
  /**
   * RDS events of `database`'s instances (`RDS_EVENT_CATEGORIES`: failover,
   * failure, maintenance, low storage, backup) to the info topic.
   * @default true where `database` is given
   */
  readonly databaseEvents?: boolean;
  /**
   * Bring your own KMS key for the topics; its policy must let `cloudwatch.amazonaws.com` use it (and
   * `budgets.amazonaws.com` with a budget, `events.rds.amazonaws.com` with database events). @default a new key with rotation
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
  if (args.loadBalancer && on.has("loadBalancer")) {
    alarms.push(...loadBalancerAlarms(args.loadBalancer, t.loadBalancer), ...canaryGates(args.loadBalancer, t.loadBalancer, latencyP99Ms(args)));
  }
  if (args.loadBalancer?.certificateArn && on.has("certificate")) alarms.push(certificateAlarm(args.loadBalancer.certificateArn, t.certificate.daysToExpiry));
  if (args.database && on.has("database")) alarms.push(...databaseAlarms(args.database, t.database));
  if (args.cache && on.has("cache")) alarms.push(...cacheAlarms(args.cache, t.cache));
  if (args.waf && on.has("waf")) alarms.push(...wafAlarms(args.waf, t.waf));
  if (args.synthetics && on.has("synthetics")) alarms.push(...probeAlarms(args.synthetics, t.synthetics));
  let burnRates: BurnRateComposite[] = [];
  if (args.loadBalancer && on.has("slo")) {
    const slo = burnRateAlarms(args.loadBalancer, sloTarget(args), sloWindows(args));
    alarms.push(...slo.windows, latencySloAlarm(args.loadBalancer, latencyP99Ms(args)));
    burnRates = slo.composites;
  }
  return { alarms, burnRates };
}

const sloTarget = (args: MonitoringArgs) => args.slo?.targetPercent ?? DEFAULT_SLO_TARGET_PERCENT;
const sloWindows = (args: MonitoringArgs): readonly BurnRateWindow[] => args.slo?.windows ?? DEFAULT_BURN_RATE_WINDOWS;
const latencyP99Ms = (args: MonitoringArgs) => args.slo?.latencyP99Ms ?? DEFAULT_LATENCY_P99_MS;

/** RDS event categories of a DB instance that reach the info topic (RDS user guide, "Amazon RDS event categories and event messages"). */
export const RDS_EVENT_CATEGORIES = ["failover", "failure", "maintenance", "low storage", "backup"] as const;

/** The alarms in `colour`'s deployment health: its own, and those that judge the whole service. */
export function deploymentHealthMembers(alarms: readonly AlarmSpec[], colour: Colour): AlarmSpec[] {
  return alarms.filter((a) => a.deploymentHealth && (a.colour === undefined || a.colour === colour));
}

/** Pure validation of {@link MonitoringArgs}, including the metric math of every planned alarm. */
export function validateMonitoringArgs(args: MonitoringArgs): Problems {
  const problems = new Problems();
  problems.check(ALARM_NAME_PREFIX_PATTERN.test(args.alarmNamePrefix), "alarmNamePrefix", args.alarmNamePrefix, "1-64 letters, digits, - and _, starting with a letter or digit");
  validateGroups(problems, args.groups);
  validateThresholds(problems, args.thresholds);
  validateSlo(problems, sloTarget(args), sloWindows(args), latencyP99Ms(args));
  validateSubscriptions(problems, args.subscriptions);
  validateChannels(problems, args.channels, args.subscriptions);
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
 * severity with its channels (Slack through AWS Chatbot, PagerDuty, email)
 * subscribed by the routing table, the alarm catalogue built from the other
 * components' metric descriptors, multi-window burn-rate alarms for the
 * availability SLO, per-colour canary gates in `deployment-health-<colour>`
 * (rolled up in `deployment-health`, which ECS deployments and the release
 * controller watch), RDS events on the info topic, and a dashboard generated
 * from the same catalogue.
 */
export class Monitoring extends pulumi.ComponentResource {
  /** SNS topic ARN per severity. */
  readonly topicArns: Record<Severity, pulumi.Output<string>>;
  /** Names of the alarms that notify each severity topic (composites included). */
  readonly alarmNames: Record<Severity, string[]>;
  /** `<prefix>-deployment-health`: ALARM while either colour's deployment health is; absent when no such alarm is planned. */
  readonly deploymentHealthAlarmName?: string;
  readonly deploymentHealthAlarmArn?: pulumi.Output<string>;
  /** `<prefix>-deployment-health-<colour>`: the colour's gates and the service-wide critical alarms; what a release to that colour watches. */
  readonly colourHealthAlarmNames?: Readonly<Record<Colour, string>>;
  /** ARNs of the Chatbot Slack channel configurations, by channel name. */
  readonly slackChannelConfigurationArns: Record<string, pulumi.Output<string>>;
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
    const databaseEvents = args.database !== undefined && (args.databaseEvents ?? true);
    const kmsKeyArn =
      args.kmsKeyArn ??
      createEncryptionKey(
        `${name}-alarms`,
        {
          description: `Alarm topics of ${prefix}`,
          alarmNamePrefix: prefix,
          budgets: args.budget !== undefined,
          rdsEvents: databaseEvents,
          tags: mergeTags(`${name}-alarms`, args.tags),
        },
        ctx,
        parent,
      ).arn;
    const alarmTopics = createAlarmTopics(
      name,
      {
        kmsKeyArn,
        alarmNamePrefix: prefix,
        budgets: args.budget !== undefined,
        subscriptions: routedSubscriptions(args.channels, args.subscriptions),
        rdsEventsSeverity: databaseEvents ? RDS_EVENTS_SEVERITY : undefined,
        tags: args.tags,
      },
      ctx,
      this,
    );
    const topics = alarmTopics.topics;
    this.topicArns = Object.fromEntries(SEVERITIES.map((s) => [s, topics[s].arn])) as Record<Severity, pulumi.Output<string>>;
    const slack = args.channels?.slack ?? {};
    const slackChannels = Object.keys(slack).length > 0 ? createSlackChannels(name, { slack, topics, alarmNamePrefix: prefix, chatbotRegion: args.channels?.chatbotRegion, tags: args.tags }, ctx, this) : [];
    this.slackChannelConfigurationArns = Object.fromEntries(Object.keys(slack).map((key, i) => [key, slackChannels[i].chatConfigurationArn]));
    const actions = (severity: Severity) => ({ alarmActions: [topics[severity].arn], okActions: [topics[severity].arn] });

    this.plan = planAlarms(args);
    this.alarmNames = { critical: [], warning: [], info: [] };
    const alarms = new Map<string, aws.cloudwatch.MetricAlarm>();
    for (const spec of this.plan.alarms) {
      const alarmName = `${prefix}-${spec.key}`;
      alarms.set(
        spec.key,
        new aws.cloudwatch.MetricAlarm(
          `${name}-${spec.key}`,
          {
            name: alarmName,
            alarmDescription: `[${spec.severity}] ${spec.runbook}`,
            ...alarmQuery(spec),
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

    const composite = (key: string, severity: Severity, description: string, members: pulumi.Output<string>[], operator: "AND" | "OR") => {
      const alarmName = `${prefix}-${key}`;
      const alarm = new aws.cloudwatch.CompositeAlarm(
        `${name}-${key}`,
        {
          alarmName,
          alarmDescription: `[${severity}] ${description}`,
          alarmRule: pulumi.all(members).apply((names) => names.map((n) => `ALARM("${n}")`).join(` ${operator} `)),
          ...actions(severity),
          tags: mergeTags(alarmName, args.tags, { "platform:severity": severity }),
        },
        parent,
      );
      this.alarmNames[severity].push(alarmName);
      return alarm;
    };
    for (const burn of this.plan.burnRates) {
      composite(burn.key, burn.severity, burn.runbook, burn.windowKeys.map((k) => alarms.get(k)!.name), "AND");
    }
    // The members page or warn on their own topics already; these roll-ups are for machines (ECS
    // deployment alarms, the release command), so they notify `info` and never page twice.
    const colourHealth = COLOURS.flatMap((colour) => {
      const members = deploymentHealthMembers(this.plan.alarms, colour).map((a) => alarms.get(a.key)!.name);
      if (members.length === 0) return [];
      const alarm = composite(
        `deployment-health-${colour}`,
        "info",
        `ALARM while ${colour}'s canary gates (its 5xx ratio, p95 and p99 latency), its CPU saturation or unhealthy targets, or ServiceDown are. A release to ${colour} rolls back on it; check which member alarm fired first.`,
        members,
        "OR",
      );
      return [[colour, alarm] as const];
    });
    if (colourHealth.length > 0) {
      const health = composite(
        "deployment-health",
        "info",
        "ALARM while either colour's deployment health is (its gates, CPU, unhealthy targets, ServiceDown). ECS deployments roll back on it; check which colour's alarm fired.",
        colourHealth.map(([, alarm]) => alarm.alarmName),
        "OR",
      );
      this.deploymentHealthAlarmName = `${prefix}-deployment-health`;
      this.deploymentHealthAlarmArn = health.arn;
      this.colourHealthAlarmNames = Object.fromEntries(COLOURS.map((colour) => [colour, `${prefix}-deployment-health-${colour}`])) as Record<Colour, string>;
    }

    if (databaseEvents && args.database) {
      // Named by Pulumi: RDS subscription names must start with a letter, and the prefix may not.
      new aws.rds.EventSubscription(
        `${name}-database-events`,
        {
          snsTopic: topics[RDS_EVENTS_SEVERITY].arn,
          sourceType: "db-instance",
          sourceIds: [args.database.instanceIdentifier, ...args.database.replicaIdentifiers],
          eventCategories: [...RDS_EVENT_CATEGORIES],
          enabled: true,
          tags: mergeTags(`${prefix}-database-events`, args.tags),
        },
        { parent: this, dependsOn: [topics[RDS_EVENTS_SEVERITY]] },
      );
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
      colourHealthAlarmNames: this.colourHealthAlarmNames,
      slackChannelConfigurationArns: this.slackChannelConfigurationArns,
      dashboardName: this.dashboardName,
      budgetName: this.budgetName,
    });
  }
}

/** RDS events are operational notices: the info topic (Slack), not a page. */
export const RDS_EVENTS_SEVERITY: Severity = "info";

/** A metric alarm's query: one metric (a percentile holds its state on too few samples), or metric math returning `e1`. */
function alarmQuery(spec: AlarmSpec) {
  if (spec.math) {
    return {
      metricQueries: [
        ...Object.entries(spec.math.metrics).map(([id, ref]) => ({
          id,
          returnData: false,
          metric: { namespace: ref.namespace, metricName: ref.metricName, dimensions: ref.dimensions, stat: ref.stat, period: ref.periodSeconds },
        })),
        { id: "e1", expression: spec.math.expression, label: spec.math.label, returnData: true },
      ],
    };
  }
  const metric = spec.metric!;
  return {
    namespace: metric.namespace,
    metricName: metric.metricName,
    dimensions: metric.dimensions,
    period: metric.periodSeconds,
    // A percentile over a handful of requests is noise: hold the state until there are enough samples.
    ...(/^p\d/.test(metric.stat) ? { extendedStatistic: metric.stat, evaluateLowSampleCountPercentiles: "ignore" } : { statistic: metric.stat }),
  };
}

export type { MetricSources };
