import { z } from "zod";
import { BUDGET_DEFAULTS } from "../../components/monitoring/budget";
import { ALARM_GROUPS, DEFAULT_BURN_RATE_WINDOWS, DEFAULT_SLO_TARGET_PERCENT, DEFAULT_THRESHOLDS, SEVERITIES } from "../../components/monitoring/settings";
import { boolean, integer, list, number, oneOf, text } from "./schema";

const T = DEFAULT_THRESHOLDS;
const percent = (value: number, description: string) => number(1, 99).default(value).describe(description);
const amount = (max: number, value: number, description: string) => number(0, max).default(value).describe(description);

const httpsUrl = z.string({ error: "an https:// URL" }).min(1, { error: "an https:// URL" });

const severitySubscriptions = z
  .strictObject({
    emails: list(text("an email address", /^[^\s@]+@[^\s@]+\.[^\s@]+$/), "a list of email addresses").default([]).describe("Email addresses; each confirms the subscription from SNS's message."),
    https: z
      .record(text("a name of lowercase letters, digits and dashes, such as pagerduty", /^[a-z][a-z0-9-]{0,31}$/), httpsUrl, { error: "a map of name to https:// URL" })
      .default({})
      .superRefine((endpoints, ctx) => {
        for (const [name, url] of Object.entries(endpoints)) {
          // The URL carries a token: report the key, never the value.
          if (!url.startsWith("https://")) ctx.addIssue({ code: "custom", path: [name], input: "(secret, not shown)", message: "an https:// URL" });
        }
      })
      .describe("HTTPS endpoints (PagerDuty, chat relay) by name. Secrets: set with `pulumi config set --secret --path 'monitoring.subscriptions.<severity>.https.<name>' <url>`."),
  })
  .prefault({});

const burnRateWindow = z.strictObject({
  name: text("a name of lowercase letters, digits and dashes", /^[a-z][a-z0-9-]{0,15}$/).describe("Stable key used in alarm names, such as fast."),
  burnRate: number(0.1, 1000).describe("Multiple of the sustainable error rate that fires."),
  longWindowMinutes: integer(1, 10080).describe("Long window (the alarm's period), at most 7 days."),
  shortWindowMinutes: integer(1, 10080).describe("Short window; must be shorter than the long one."),
  severity: oneOf(SEVERITIES).default("critical").describe("Topic the pair notifies."),
});

/** `platform:monitoring`: alarm groups and thresholds, SLO burn rates, subscriptions and the dashboard. */
export const monitoringSchema = z
  .strictObject({
    groups: list(oneOf(ALARM_GROUPS), `a list of ${ALARM_GROUPS.join(", ")}`)
      .default([...ALARM_GROUPS])
      .describe("Alarm groups to create (each only where its component exists)."),
    service: z
      .strictObject({
        cpuWarningPercent: percent(T.service.cpuWarningPercent, "CPU of one colour above this for 10 min: warning."),
        cpuCriticalPercent: percent(T.service.cpuCriticalPercent, "CPU of one colour above this for 5 min: critical."),
        memoryPercent: percent(T.service.memoryPercent, "Memory of one colour above this for 5 min: warning."),
      })
      .superRefine((s, ctx) => {
        if (s.cpuCriticalPercent <= s.cpuWarningPercent) {
          ctx.addIssue({ code: "custom", path: ["cpuCriticalPercent"], input: s.cpuCriticalPercent, message: `more than cpuWarningPercent (${s.cpuWarningPercent})` });
        }
      })
      .prefault({})
      .describe("Service (ECS or EKS) alarm thresholds."),
    loadBalancer: z
      .strictObject({
        target5xxPercent: percent(T.loadBalancer.target5xxPercent, "Target 5xx as % of requests over 5 min: critical."),
        p95LatencyMs: integer(10, 60000).default(T.loadBalancer.p95LatencyMs).describe("p95 target response time (ms) above which a warning fires after 5 min."),
        minimumRequestsPerMinute: amount(1e6, T.loadBalancer.minimumRequestsPerMinute, "Minutes with fewer requests count as 0% in the 5xx ratio alarm (no paging on 1 failure in 3 requests)."),
        rejectedConnectionsPerMinute: amount(1e6, T.loadBalancer.rejectedConnectionsPerMinute, "Rejected connections per minute tolerated."),
      })
      .prefault({})
      .describe("Load balancer alarm thresholds."),
    database: z
      .strictObject({
        cpuPercent: percent(T.database.cpuPercent, "Database CPU for 10 min: warning."),
        freeStoragePercent: percent(T.database.freeStoragePercent, "DiskSpaceLow: free storage below this % of the allocated storage (critical)."),
        connectionsPercent: percent(T.database.connectionsPercent, "Connections above this % of the engine's max_connections: warning."),
        readLatencyMs: amount(10000, T.database.readLatencyMs, "Average read latency (ms)."),
        writeLatencyMs: amount(10000, T.database.writeLatencyMs, "Average write latency (ms)."),
        replicaLagSeconds: amount(86400, T.database.replicaLagSeconds, "Replica lag (s) on any read replica."),
        freeableMemoryMiB: amount(1048576, T.database.freeableMemoryMiB, "Freeable memory (MiB) below which a warning fires."),
      })
      .prefault({})
      .describe("Database alarm thresholds."),
    cache: z
      .strictObject({
        engineCpuPercent: percent(T.cache.engineCpuPercent, "Engine CPU of any node for 10 min."),
        memoryPercent: percent(T.cache.memoryPercent, "Memory used on any node for 5 min."),
        evictionsPer5Minutes: amount(1e9, T.cache.evictionsPer5Minutes, "Evictions per 5 min on any node."),
        hitRatePercent: percent(T.cache.hitRatePercent, "Hit rate below this for 15 min."),
        replicationLagSeconds: amount(86400, T.cache.replicationLagSeconds, "Replication lag (s) on any replica."),
      })
      .prefault({})
      .describe("Cache alarm thresholds."),
    waf: z
      .strictObject({ blockedRequestsPer5Minutes: amount(1e9, T.waf.blockedRequestsPer5Minutes, "Blocked requests per 5 min that count as a spike.") })
      .prefault({})
      .describe("WAF alarm thresholds."),
    certificate: z
      .strictObject({ daysToExpiry: integer(1, 365).default(T.certificate.daysToExpiry).describe("SSLCertificateExpiringSoon fires below this many days.") })
      .prefault({})
      .describe("Certificate alarm thresholds."),
    slo: z
      .strictObject({
        targetPercent: number(90, 99.999).default(DEFAULT_SLO_TARGET_PERCENT).describe("Availability target: % of requests answered without a 5xx."),
        windows: list(burnRateWindow, "a list of burn-rate windows")
          .default(DEFAULT_BURN_RATE_WINDOWS.map((w) => ({ ...w })))
          .superRefine((windows, ctx) => {
            windows.forEach((w, i) => {
              if (w.shortWindowMinutes >= w.longWindowMinutes) {
                ctx.addIssue({ code: "custom", path: [i, "shortWindowMinutes"], input: w.shortWindowMinutes, message: `fewer minutes than longWindowMinutes (${w.longWindowMinutes})` });
              }
              if (windows.findIndex((o) => o.name === w.name) !== i) ctx.addIssue({ code: "custom", path: [i, "name"], input: w.name, message: "a name no other window uses" });
            });
          })
          .describe("Multi-window burn-rate pairs; each pages when both windows burn faster than burnRate."),
      })
      .prefault({})
      .describe("Availability SLO on the load balancer's 5xx and request counts."),
    subscriptions: z
      .strictObject({
        critical: severitySubscriptions.describe("Who is paged."),
        warning: severitySubscriptions.describe("Who looks in working hours."),
        info: severitySubscriptions.describe("Context: burn-rate windows, deployment health."),
      })
      .prefault({})
      .describe("Subscribers of each severity's SNS topic."),
    dashboard: boolean().default(true).describe("Create the CloudWatch dashboard generated from the alarm catalogue."),
    budget: z
      .strictObject({
        monthlyUsd: number(1, 1_000_000)
          .optional()
          .describe("Monthly AWS budget in USD over the stack's tagged costs; keep it equal to budgetUsd of aws-cost-monthly-budget in the stack's compliance pack config. Default: no budget."),
        warningForecastPercent: integer(1, 1000).default(BUDGET_DEFAULTS.warningForecastPercent).describe("The warning topic hears when the month's forecast passes this percent of the budget."),
        criticalActualPercent: integer(1, 1000).default(BUDGET_DEFAULTS.criticalActualPercent).describe("The critical topic hears when the month's actual cost passes this percent of the budget."),
        costAllocationTags: z
          .record(text("a tag key"), text("a tag value"), { error: "a map of tag keys to values" })
          .optional()
          .describe("Tags selecting the stack's costs, all of which must match; activate them as cost allocation tags in the billing console. Default: Environment = platform:environment."),
      })
      .prefault({})
      .describe("AWS Budgets budget of the stack, so overspend the estimate cannot see still reaches people."),
  })
  .prefault({})
  .describe("Monitoring tier: alarm groups and thresholds, SLO burn rates, SNS subscriptions, dashboard, cost budget.");

export type MonitoringConfig = z.infer<typeof monitoringSchema>;
