import { z } from "zod";
import { AWS_REGION_PATTERN } from "../../components/internal/aws-patterns";
import { BUDGET_DEFAULTS } from "../../components/monitoring/budget";
import { DEFAULT_CHATBOT_REGION, SLACK_CHANNEL_ID_PATTERN, SLACK_WORKSPACE_ID_PATTERN } from "../../components/monitoring/channels";
import { ALARM_GROUPS, DEFAULT_BURN_RATE_WINDOWS, DEFAULT_LATENCY_P99_MS, DEFAULT_SLO_TARGET_PERCENT, DEFAULT_THRESHOLDS, SEVERITIES } from "../../components/monitoring/settings";
import { DEFAULT_RUNTIME_VERSION, RETENTION_DAYS, RUNTIME_VERSION_PATTERN } from "../../components/monitoring/synthetic-canary";
import { boolean, integer, list, number, oneOf, text } from "./schema";

const T = DEFAULT_THRESHOLDS;
const percent = (value: number, description: string) => number(1, 99).default(value).describe(description);
const amount = (max: number, value: number, description: string) => number(0, max).default(value).describe(description);

const httpsUrl = z.string({ error: "an https:// URL" }).min(1, { error: "an https:// URL" });
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const CHANNEL_NAME = /^[a-z][a-z0-9-]{0,31}$/;

/** The URL carries a token: report the key, never the value. */
function refuseNonHttps(url: string, path: PropertyKey[], ctx: z.core.$RefinementCtx<unknown>): void {
  if (!url.startsWith("https://")) ctx.addIssue({ code: "custom", path, input: "(secret, not shown)", message: "an https:// URL" });
}

const severitySubscriptions = z
  .strictObject({
    emails: list(text("an email address", EMAIL), "a list of email addresses").default([]).describe("Email addresses; each confirms the subscription from SNS's message."),
    https: z
      .record(text("a name of lowercase letters, digits and dashes, such as pagerduty", CHANNEL_NAME), httpsUrl, { error: "a map of name to https:// URL" })
      .default({})
      .superRefine((endpoints, ctx) => {
        for (const [name, url] of Object.entries(endpoints)) refuseNonHttps(url, [name], ctx);
      })
      .describe("HTTPS endpoints (PagerDuty, chat relay) by name. Secrets: set with `pulumi config set --secret --path 'monitoring.subscriptions.<severity>.https.<name>' <url>`."),
  })
  .prefault({});

const slackChannel = z.strictObject({
  workspaceId: text("the Slack workspace id authorised in AWS Chatbot, such as T07EA123LEP", SLACK_WORKSPACE_ID_PATTERN).describe(
    "Slack workspace (team) id, as the Chatbot console shows it after the one-time workspace authorisation.",
  ),
  channelId: text("a Slack channel id such as C07EZ1ABC23", SLACK_CHANNEL_ID_PATTERN).describe("Channel id (the end of the channel's link); invite @Amazon Q to private channels."),
});

/** `platform:monitoring.channels`: who hears each severity, by the platform's routing table. */
const channelsSchema = z
  .strictObject({
    slack: z
      .record(text("a name of lowercase letters, digits and dashes, such as ops", CHANNEL_NAME), slackChannel, { error: "a map of channel name to { workspaceId, channelId }" })
      .default({})
      .describe("Slack channels by name, through AWS Chatbot: critical, warning and info."),
    pagerDuty: z
      .strictObject({
        integrationUrl: httpsUrl.describe(
          "PagerDuty's Amazon CloudWatch integration URL. A secret: `pulumi config set --secret --path 'monitoring.channels.pagerDuty.integrationUrl' <url>`.",
        ),
      })
      .superRefine((pagerDuty, ctx) => refuseNonHttps(pagerDuty.integrationUrl, ["integrationUrl"], ctx))
      .optional()
      .describe("PagerDuty through an HTTPS subscription: critical only."),
    emails: list(text("an email address", EMAIL), "a list of email addresses").default([]).describe("Email addresses: critical and warning."),
    chatbotRegion: text("an AWS region such as us-east-2", AWS_REGION_PATTERN)
      .default(DEFAULT_CHATBOT_REGION)
      .describe("Region whose Chatbot API manages the Slack channel configurations (Chatbot is global; its API is not in every region)."),
  })
  .prefault({})
  .describe("Alert channels, routed by severity: critical to PagerDuty, Slack and email; warning to Slack and email; info to Slack.");

const syntheticsSchema = z
  .strictObject({
    url: text("a URL such as https://app.example.com, without a path", /^https?:\/\/[a-z0-9.-]+(:\d{1,5})?$/)
      .optional()
      .describe("URL the probe requests. Default: https://<platform:traffic.domain>, else the load balancer's DNS name (HTTP-only stacks)."),
    intervalMinutes: integer(1, 60).default(5).describe("Minutes between two probe runs."),
    failedRuns: integer(1, 10).default(T.synthetics.failedRuns).describe("Failed runs in a row that page (critical)."),
    timeToFirstByteMs: integer(10, 60000).default(T.synthetics.timeToFirstByteMs).describe("Time to first byte (ms) of the slowest path, 3 runs in a row: warning."),
    runtimeVersion: text("a Synthetics Node.js runtime such as syn-nodejs-puppeteer-11.0", RUNTIME_VERSION_PATTERN).default(DEFAULT_RUNTIME_VERSION).describe("Synthetics runtime of the canary."),
    retentionDays: integer(RETENTION_DAYS.min, RETENTION_DAYS.max).default(30).describe("Days run artifacts and run data are kept."),
  })
  .prefault({})
  .describe("The synthetic probe (group synthetics): a canary requesting the public URL and the health path from the private subnets.");

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
        p95LatencyCriticalMs: integer(10, 60000)
          .default(T.loadBalancer.p95LatencyCriticalMs)
          .describe("p95 target response time (ms) that pages after 5 min, and each colour's canary gate; above p95LatencyMs."),
        minimumRequestsPerMinute: amount(1e6, T.loadBalancer.minimumRequestsPerMinute, "Minutes with fewer requests count as 0% in the 5xx ratio alarm (no paging on 1 failure in 3 requests)."),
        rejectedConnectionsPerMinute: amount(1e6, T.loadBalancer.rejectedConnectionsPerMinute, "Rejected connections per minute tolerated."),
      })
      .superRefine((lb, ctx) => {
        if (lb.p95LatencyCriticalMs <= lb.p95LatencyMs) {
          ctx.addIssue({ code: "custom", path: ["p95LatencyCriticalMs"], input: lb.p95LatencyCriticalMs, message: `more than p95LatencyMs (${lb.p95LatencyMs})` });
        }
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
        latencyP99Ms: integer(10, 60000).default(DEFAULT_LATENCY_P99_MS).describe("Latency target: p99 target response time (ms) of the load balancer (warning) and of each colour's canary gate."),
      })
      .prefault({})
      .describe("Availability SLO on the load balancer's 5xx and request counts."),
    synthetics: syntheticsSchema,
    channels: channelsSchema,
    subscriptions: z
      .strictObject({
        critical: severitySubscriptions.describe("Who is paged."),
        warning: severitySubscriptions.describe("Who looks in working hours."),
        info: severitySubscriptions.describe("Context: burn-rate windows, deployment health."),
      })
      .prefault({})
      .describe("Further subscribers of one severity's SNS topic, outside the routing table."),
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
  .describe("Monitoring tier: alarm groups and thresholds, SLO burn rates and latency, the synthetic probe, alert channels, dashboard, cost budget.");

export type MonitoringConfig = z.infer<typeof monitoringSchema>;

/** Config keys that hold a credential: each must be set with `pulumi config set --secret --path`. */
function secretPaths(monitoring: MonitoringConfig): string[] {
  const paths = monitoring.channels.pagerDuty ? ["channels.pagerDuty.integrationUrl"] : [];
  for (const [severity, targets] of Object.entries(monitoring.subscriptions)) {
    for (const name of Object.keys(targets.https)) paths.push(`subscriptions.${severity}.https.${name}`);
  }
  return paths;
}

/**
 * Rules of `platform:monitoring` that involve another section, or whether the
 * key is a secret. The engine marks a whole top-level key secret when any
 * value inside it is `secure:` (pulumi/pulumi sdk/go/common/resource/config:
 * a path set with a secure value makes the key a secure object value, and
 * `Map.SecureKeys` lists such keys), so a credential given in plain config
 * shows as `platform:monitoring` not being secret. When another value of the
 * key is secret the program cannot tell a plain credential from a secure one.
 */
export function monitoringProblems(
  config: { readonly monitoring: MonitoringConfig; readonly network: { readonly nat: string }; readonly traffic: { readonly certificateArn?: string; readonly domain?: string } },
  isSecret: (key: string) => boolean,
): string[] {
  const problems: string[] = [];
  if (!isSecret("platform:monitoring")) {
    for (const path of secretPaths(config.monitoring)) {
      problems.push(
        `platform:monitoring.${path}: "(secret, not shown)" is not allowed in plain config (expected a secret: pulumi config set --secret --path 'monitoring.${path}' <url>; the URL carries a credential)`,
      );
    }
  }
  const probing = config.monitoring.groups.includes("synthetics");
  if (probing && config.traffic.certificateArn !== undefined && config.traffic.domain === undefined && config.monitoring.synthetics.url === undefined) {
    problems.push(
      `platform:monitoring.synthetics.url: is required (expected the https:// URL of the certificate's domain: without platform:traffic.domain the probe would request the load balancer's DNS name, which the certificate does not cover)`,
    );
  }
  if (probing && config.network.nat === "none") {
    problems.push(
      `platform:monitoring.groups: "synthetics" is not allowed with platform:network.nat "none" (expected nat "single" or "perAz": the probe runs in the private subnets and reaches the public URL through NAT)`,
    );
  }
  return problems;
}
