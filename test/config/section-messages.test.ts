import { ALARM_GROUPS } from "../../components/monitoring/settings";
import { DEFAULT_RUNTIME_VERSION } from "../../components/monitoring/synthetic-canary";
import { configProblems, MINIMAL_CONFIG } from "../harness";

/** The problems of the minimal valid configuration with one section set to `section`. */
const problemsWith = (key: string, section: unknown) => configProblems({ ...MINIMAL_CONFIG, [key]: JSON.stringify(section) });

// What a stack file's author reads for each malformed value of the cache, WAF and network sections: the key, the value and what is allowed.
describe("the cache, WAF and network sections name what each value may be", () => {
  test.each([
    ["platform:cache", { identifier: "" }, 'platform:cache.identifier: "" is not allowed (expected a replication group id such as platform-prod)'],
    ["platform:cache", { engineVersion: "" }, 'platform:cache.engineVersion: "" is not allowed (expected a major.minor engine version such as "7.1")'],
    ["platform:cache", { nodeType: "" }, 'platform:cache.nodeType: "" is not allowed (expected a node type such as cache.r7g.large)'],
    ["platform:cache", { snapshotWindow: "" }, 'platform:cache.snapshotWindow: "" is not allowed (expected hh:mm-hh:mm in UTC)'],
    ["platform:cache", { maintenanceWindow: "" }, 'platform:cache.maintenanceWindow: "" is not allowed (expected ddd:hh:mm-ddd:hh:mm in UTC)'],
    ["platform:waf", { geo: { allow: "DE" } }, 'platform:waf.geo.allow: "DE" is not allowed (expected a list of ISO 3166 alpha-2 country codes)'],
    ["platform:waf", { geo: { deny: "DE" } }, 'platform:waf.geo.deny: "DE" is not allowed (expected a list of ISO 3166 alpha-2 country codes)'],
    ["platform:waf", { geo: { deny: ["de"] } }, 'platform:waf.geo.deny[0]: "de" is not allowed (expected an ISO 3166 alpha-2 country code such as DE)'],
    ["platform:waf", { redactedHeaders: "x-api-key" }, 'platform:waf.redactedHeaders: "x-api-key" is not allowed (expected a list of lower-case header names)'],
    ["platform:waf", { redactedHeaders: ["X-Api-Key"] }, 'platform:waf.redactedHeaders[0]: "X-Api-Key" is not allowed (expected a lower-case header name)'],
    ["platform:network", { cidr: "" }, 'platform:network.cidr: "" is not allowed (expected an IPv4 CIDR such as 10.0.0.0/16)'],
    ["platform:network", { cidr: "10.0.0.0/8" }, 'platform:network.cidr: "10.0.0.0/8" is not a valid IPv4 CIDR (expected a.b.c.d/16 to /24, with no host bits set)'],
    ["platform:network", { cidr: "10.0.0.0/25" }, 'platform:network.cidr: "10.0.0.0/25" is not a valid IPv4 CIDR (expected a.b.c.d/16 to /24, with no host bits set)'],
    ["platform:network", { subnetPrefixLengths: { public: 29 } }, "platform:network.subnetPrefixLengths.public: 29 is not allowed (expected an integer from 16 to 28)"],
    ["platform:network", { subnetPrefixLengths: { isolated: 24 } }, "platform:network.subnetPrefixLengths.isolated: unknown key (allowed keys: public, private, database)"],
    ["platform:network", { flowLogs: { trafficType: "DENY" } }, 'platform:network.flowLogs.trafficType: "DENY" is not allowed (expected "ALL" | "ACCEPT" | "REJECT")'],
    ["platform:network", { interfaceEndpoints: "logs" }, 'platform:network.interfaceEndpoints: "logs" is not allowed (expected a list of ecr.api, ecr.dkr, logs, secretsmanager, sts)'],
    ["platform:network", { peeredCidrs: "10.1.0.0/16" }, 'platform:network.peeredCidrs: "10.1.0.0/16" is not allowed (expected a list of IPv4 CIDRs)'],
    ["platform:network", { peeredCidrs: [""] }, 'platform:network.peeredCidrs[0]: "" is not allowed (expected an IPv4 network CIDR such as 192.168.0.0/16)'],
    ["platform:network", { peeredCidrs: ["10.1.0.5/16"] }, 'platform:network.peeredCidrs[0]: "10.1.0.5/16" is not a valid IPv4 network CIDR (expected a.b.c.d/n with no host bits set)'],
  ])("%s %j", (key, value, problem) => {
    expect(problemsWith(key, value)).toEqual([problem]);
  });
});

// The database section: each text value's message, and each way a restore can be malformed.
describe("the database section names what each value may be", () => {
  test.each([
    [{ identifier: "" }, 'platform:database.identifier: "" is not allowed (expected an RDS identifier such as platform-prod)'],
    [{ instanceClass: "" }, 'platform:database.instanceClass: "" is not allowed (expected an RDS instance class such as db.r7g.large)'],
    [{ databaseName: "" }, 'platform:database.databaseName: "" is not allowed (expected a database name)'],
    [{ masterUsername: "" }, 'platform:database.masterUsername: "" is not allowed (expected a user name)'],
    [{ backupWindow: "" }, 'platform:database.backupWindow: "" is not allowed (expected hh:mm-hh:mm in UTC)'],
    [{ maintenanceWindow: "" }, 'platform:database.maintenanceWindow: "" is not allowed (expected ddd:hh:mm-ddd:hh:mm in UTC)'],
    [{ caCertificateIdentifier: "" }, 'platform:database.caCertificateIdentifier: "" is not allowed (expected an RDS CA identifier such as rds-ca-rsa2048-g1)'],
    [{ drRegion: "" }, 'platform:database.drRegion: "" is not allowed (expected an AWS region such as eu-central-1)'],
    [{ slowStatementThresholdMs: -1 }, "platform:database.slowStatementThresholdMs: -1 is not allowed (expected an integer from 0 to 3600000)"],
    [{ restore: {} }, "platform:database.restore: {} is not allowed (expected exactly one of snapshot or pointInTime)"],
    [{ restore: { snapshot: "" } }, 'platform:database.restore.snapshot: "" is not allowed (expected a DB snapshot identifier or ARN)'],
    [{ restore: { pointInTime: "", sourceIdentifier: "platform-prod" } }, 'platform:database.restore.pointInTime: "" is not allowed (expected a UTC time such as 2026-11-23T14:05:00Z, or "latest")'],
    [{ restore: { pointInTime: "latest", sourceIdentifier: "" } }, 'platform:database.restore.sourceIdentifier: "" is not allowed (expected a DB instance identifier such as platform-prod)'],
    [{ restore: { pointInTime: "latest" } }, "platform:database.restore.sourceIdentifier: is required (expected the identifier of the instance to restore, with pointInTime)"],
    [{ restore: { snapshot: "platform-prod-final", sourceIdentifier: "platform-prod" } }, 'platform:database.restore.sourceIdentifier: "platform-prod" is not allowed (expected no value with snapshot (the snapshot names its source))'],
    [{ restore: { snapshot: "platform-prod-final", pointInTime: "latest", sourceIdentifier: "platform-prod" } }, 'platform:database.restore: {"snapshot":"platform-prod-final","pointInTime":"latest","sourceIdentifier":"platform-prod"} is not allowed (expected exactly one of snapshot or pointInTime)'],
    // A restore refused for its shape is not judged again: a malformed snapshot beside it gets no second message.
    [{ restore: { snapshot: "bad snapshot", sourceIdentifier: "platform-prod" } }, 'platform:database.restore.sourceIdentifier: "platform-prod" is not allowed (expected no value with snapshot (the snapshot names its source))'],
    [{ restore: { snapshot: "bad snapshot", pointInTime: "latest" } }, 'platform:database.restore: {"snapshot":"bad snapshot","pointInTime":"latest"} is not allowed (expected exactly one of snapshot or pointInTime)'],
    [{ restore: { snapshot: "bad snapshot" } }, `platform:database.restore.snapshot: "bad snapshot" is not allowed (expected a DB snapshot identifier such as platform-prod-final or rds:platform-prod-2026-11-23-02-05, or a shared snapshot's ARN)`],
    [{ restore: { snapshotId: "platform-prod-final" } }, "platform:database.restore.snapshotId: unknown key (allowed keys: snapshot, pointInTime, sourceIdentifier)"],
  ])("%j", (database, problem) => {
    expect(problemsWith("platform:database", database)).toEqual([problem]);
  });
});

// The traffic section: each text value's message, the health check's timeout against its interval, and the domain and zone pair.
describe("the traffic section names what each value may be", () => {
  const ARN = "arn:aws:acm:eu-west-1:123456789012:certificate/0123abcd-0123-4567-89ab-0123456789ab";

  test.each([
    [{ healthCheck: { path: "" } }, 'platform:traffic.healthCheck.path: "" is not allowed (expected an absolute path such as /healthz)'],
    [{ healthCheck: { path: "healthz" } }, 'platform:traffic.healthCheck.path: "healthz" is not allowed (expected an absolute path such as /healthz)'],
    [{ healthCheck: { matcher: "ok" } }, 'platform:traffic.healthCheck.matcher: "ok" is not allowed (expected HTTP codes such as 200, 200,204 or 200-299)'],
    [{ healthCheck: { intervalSeconds: 15, timeoutSeconds: 15 } }, "platform:traffic.healthCheck.timeoutSeconds: 15 is not allowed (expected less than intervalSeconds (15))"],
    [{ certificateArn: "arn:aws:acm:eu-west-1:123456789012:certificate/abc" }, 'platform:traffic.certificateArn: "arn:aws:acm:eu-west-1:123456789012:certificate/abc" is not allowed (expected an ACM certificate ARN)'],
    [{ domain: "", hostedZoneId: "Z0123456789ABCDEFGHIJ" }, 'platform:traffic.domain: "" is not allowed (expected a fully qualified domain name such as app.example.com)'],
    [{ domain: "App.example.com", hostedZoneId: "Z0123456789ABCDEFGHIJ" }, 'platform:traffic.domain: "App.example.com" is not a fully qualified lower-case domain name (expected a name such as app.example.com)'],
    [{ domain: "app.example.com", hostedZoneId: "z0123" }, 'platform:traffic.hostedZoneId: "z0123" is not allowed (expected a Route 53 hosted zone id such as Z0123456789ABCDEFGHIJ)'],
    [{ domain: "app.example.com" }, "platform:traffic.hostedZoneId: is required (expected the Route 53 hosted zone id of domain)"],
    [{ hostedZoneId: "Z0123456789ABCDEFGHIJ" }, "platform:traffic.domain: is required (expected a domain in hostedZoneId, or no hostedZoneId)"],
    [{ responseHeaders: "X-Frame-Options: DENY" }, 'platform:traffic.responseHeaders: "X-Frame-Options: DENY" is not allowed (expected a map of header name to value)'],
    [{ responseHeaders: { "X-Frame-Options": 1 } }, 'platform:traffic.responseHeaders.X-Frame-Options: 1 is not allowed (expected a header value, or false to leave a default header out)'],
  ])("%j", (traffic, problem) => {
    expect(problemsWith("platform:traffic", traffic)).toEqual([problem]);
  });

  test("accepts a timeout a second under the interval, a certificate ARN, and a domain with its zone", () => {
    const traffic = { healthCheck: { intervalSeconds: 15, timeoutSeconds: 14 }, certificateArn: ARN, domain: "app.example.com", hostedZoneId: "Z0123456789ABCDEFGHIJ" };
    expect(problemsWith("platform:traffic", traffic)).toEqual([]);
  });
});

// The disaster-recovery section: each list and name, and the two rules between its keys.
describe("the disaster-recovery section names what each value may be", () => {
  const standby = (primary: unknown, rest: Record<string, unknown> = {}) => ({ standby: { primary, ...rest } });

  test.each([
    [{ standbyRegions: "eu-central-1" }, 'platform:disasterRecovery.standbyRegions: "eu-central-1" is not allowed (expected a list of AWS regions such as [eu-central-1])'],
    [{ standbyRegions: ["Frankfurt"] }, 'platform:disasterRecovery.standbyRegions[0]: "Frankfurt" is not allowed (expected an AWS region such as eu-central-1)'],
    [{ standbyRegions: ["eu-central-1", "eu-central-1"] }, 'platform:disasterRecovery.standbyRegions: ["eu-central-1","eu-central-1"] is not allowed (expected distinct regions)'],
    [{ imageRepositoryPrefixes: "app" }, 'platform:disasterRecovery.imageRepositoryPrefixes: "app" is not allowed (expected a list of repository name prefixes)'],
    [{ standbyRegions: ["eu-central-1"], imageRepositoryPrefixes: ["App"] }, 'platform:disasterRecovery.imageRepositoryPrefixes[0]: "App" is not allowed (expected a repository name prefix such as app)'],
    [{ imageRepositoryPrefixes: ["app"] }, 'platform:disasterRecovery.imageRepositoryPrefixes: ["app"] is not allowed (expected no value without standbyRegions (nothing is replicated))'],
    [{ standbyRegions: ["eu-central-1"], ...standby({ stack: "prod" }) }, 'platform:disasterRecovery.standbyRegions: ["eu-central-1"] is not allowed (expected an empty list on a standby (a standby of a standby is not supported))'],
    [standby({}), "platform:disasterRecovery.standby.primary.stack: is required (expected a Pulumi stack name such as prod)"],
    [standby({ stack: "prod stack" }), 'platform:disasterRecovery.standby.primary.stack: "prod stack" is not allowed (expected a Pulumi stack name such as prod)'],
    [standby({ stack: "prod", project: "" }), 'platform:disasterRecovery.standby.primary.project: "" is not allowed (expected a Pulumi project name)'],
    [standby({ stack: "prod", organization: "acme/platform" }), 'platform:disasterRecovery.standby.primary.organization: "acme/platform" is not allowed (expected a Pulumi organization name)'],
    [standby({ stack: "prod" }, { stage: "promoted" }), 'platform:disasterRecovery.standby.stage: "promoted" is not allowed (expected "standby" | "database-promoted" | "app-scaled" | "serving")'],
    [standby({ stack: "prod" }, { healthCheck: { intervalSeconds: 20 } }), "platform:disasterRecovery.standby.healthCheck.intervalSeconds: 20 is not allowed (expected one of 10, 30)"],
  ])("%j", (disasterRecovery, problem) => {
    expect(problemsWith("platform:disasterRecovery", disasterRecovery)).toEqual([problem]);
  });
});

// The monitoring section: each list, map and name, the pairs of thresholds that must be ordered, and URLs that carry tokens (never echoed).
describe("the monitoring section names what each value may be", () => {
  const SLACK = { workspaceId: "T07EA123LEP", channelId: "C07EZ1ABC23" };
  const fast = { name: "fast", burnRate: 14.4, longWindowMinutes: 60, shortWindowMinutes: 5 };
  const p = "platform:monitoring";

  test.each([
    [{ groups: "database" }, `${p}.groups: "database" is not allowed (expected a list of ${ALARM_GROUPS.join(", ")})`],
    [{ service: { cpuWarningPercent: 80, cpuCriticalPercent: 80 } }, `${p}.service.cpuCriticalPercent: 80 is not allowed (expected more than cpuWarningPercent (80))`],
    [{ loadBalancer: { p95LatencyMs: 500, p95LatencyCriticalMs: 500 } }, `${p}.loadBalancer.p95LatencyCriticalMs: 500 is not allowed (expected more than p95LatencyMs (500))`],
    [{ slo: { windows: "fast" } }, `${p}.slo.windows: "fast" is not allowed (expected a list of burn-rate windows)`],
    [{ slo: { windows: [{ ...fast, name: "Fast" }] } }, `${p}.slo.windows[0].name: "Fast" is not allowed (expected a name of lowercase letters, digits and dashes)`],
    [{ slo: { windows: [{ ...fast, shortWindowMinutes: 60 }] } }, `${p}.slo.windows[0].shortWindowMinutes: 60 is not allowed (expected fewer minutes than longWindowMinutes (60))`],
    [{ slo: { windows: [fast, { ...fast, burnRate: 6 }] } }, `${p}.slo.windows[1].name: "fast" is not allowed (expected a name no other window uses)`],
    [{ synthetics: { url: "https://app.example.com/healthz" } }, `${p}.synthetics.url: "https://app.example.com/healthz" is not allowed (expected a URL such as https://app.example.com, without a path)`],
    [{ synthetics: { runtimeVersion: "nodejs18" } }, `${p}.synthetics.runtimeVersion: "nodejs18" is not allowed (expected a Synthetics Node.js runtime such as ${DEFAULT_RUNTIME_VERSION})`],
    [{ channels: { slack: "ops" } }, `${p}.channels.slack: "ops" is not allowed (expected a map of channel name to { workspaceId, channelId })`],
    [{ channels: { slack: { Ops: SLACK } } }, `${p}.channels.slack.Ops: "Ops" is not allowed (expected a name of lowercase letters, digits and dashes, such as ops)`],
    [{ channels: { slack: { ops: { ...SLACK, channelId: "#general" } } } }, `${p}.channels.slack.ops.channelId: "#general" is not allowed (expected a Slack channel id such as C07EZ1ABC23)`],
    [{ channels: { pagerDuty: { integrationUrl: "http://events.pagerduty.com/x" } } }, `${p}.channels.pagerDuty.integrationUrl: "(secret, not shown)" is not allowed (expected an https:// URL)`],
    [{ channels: { emails: "ops@example.com" } }, `${p}.channels.emails: "ops@example.com" is not allowed (expected a list of email addresses)`],
    [{ channels: { emails: ["ops"] } }, `${p}.channels.emails[0]: "ops" is not allowed (expected an email address)`],
    [{ channels: { chatbotRegion: "Ohio" } }, `${p}.channels.chatbotRegion: "Ohio" is not allowed (expected an AWS region such as us-east-2)`],
    [{ subscriptions: { critical: { emails: ["oncall at example.com"] } } }, `${p}.subscriptions.critical.emails[0]: "oncall at example.com" is not allowed (expected an email address)`],
    [{ subscriptions: { warning: { https: "https://relay.example.com" } } }, `${p}.subscriptions.warning.https: "https://relay.example.com" is not allowed (expected a map of name to https:// URL)`],
    [{ subscriptions: { warning: { https: { PagerDuty: "https://x" } } } }, `${p}.subscriptions.warning.https.PagerDuty: "PagerDuty" is not allowed (expected a name of lowercase letters, digits and dashes, such as pagerduty)`],
    [{ subscriptions: { info: { https: { relay: "http://relay.example.com/t0ken" } } } }, `${p}.subscriptions.info.https.relay: "(secret, not shown)" is not allowed (expected an https:// URL)`],
    [{ budget: { monthlyUsd: "1500" } }, `${p}.budget.monthlyUsd: "1500" is not allowed (expected a number from 1 to 1000000)`],
    [{ budget: { monthlyUsd: 1_000_001 } }, `${p}.budget.monthlyUsd: 1000001 is not allowed (expected a number from 1 to 1000000)`],
    [{ budget: { costAllocationTags: "Team=platform" } }, `${p}.budget.costAllocationTags: "Team=platform" is not allowed (expected a map of tag keys to values)`],
    [{ budget: { costAllocationTags: { Team: "" } } }, `${p}.budget.costAllocationTags.Team: "" is not allowed (expected a tag value)`],
  ])("%j", (monitoring, problem) => {
    expect(problemsWith(p, monitoring)).toEqual([problem]);
  });
});

// The EKS settings: each list, name and version, node group sizes out of order, and the Alertmanager receivers.
describe("the EKS settings name what each value may be", () => {
  const c = "platform:compute.eks";
  const group = (settings: Record<string, unknown>) => ({ nodeGroups: { system: { criticalAddonsOnly: true, ...settings } } });
  const pool = (settings: Record<string, unknown>) => ({ capacity: { nodePool: settings } });
  const EMAIL = { to: "ops@example.com", from: "alerts@example.com", smarthost: "smtp.example.com:587", username: "alerts", password: "s3cret-smtp" };
  const alerting = (receivers: Record<string, unknown>) => ({ monitoring: { alerting: receivers } });

  test.each([
    [{ nodeGroups: "system" }, `${c}.nodeGroups: "system" is not allowed (expected a map of node group keys to node group settings)`],
    [{ nodeGroups: {} }, `${c}.nodeGroups: {} is not allowed (expected at least one node group)`],
    [{ nodeGroups: { System: {} } }, `${c}.nodeGroups.System: "System" is not a valid node group key (expected lowercase letters, digits and -)`],
    [group({ instanceTypes: "t4g.medium" }), `${c}.nodeGroups.system.instanceTypes: "t4g.medium" is not allowed (expected a list of EC2 instance types)`],
    [group({ instanceTypes: [] }), `${c}.nodeGroups.system.instanceTypes: [] is not allowed (expected at least one instance type)`],
    [group({ instanceTypes: ["M6i.large"] }), `${c}.nodeGroups.system.instanceTypes[0]: "M6i.large" is not allowed (expected an EC2 instance type such as m6i.large)`],
    [group({ minSize: 2, maxSize: 4, desiredSize: 1 }), `${c}.nodeGroups.system.desiredSize: 1 is not allowed (expected between minSize (2) and maxSize (4))`],
    [group({ minSize: 2, maxSize: 4, desiredSize: 5 }), `${c}.nodeGroups.system.desiredSize: 5 is not allowed (expected between minSize (2) and maxSize (4))`],
    [group({ renamedFrom: "System" }), `${c}.nodeGroups.system.renamedFrom: "System" is not allowed (expected a node group key (lowercase letters, digits and -))`],
    [pool({ capacityTypes: "spot" }), `${c}.capacity.nodePool.capacityTypes: "spot" is not allowed (expected a list of capacity types)`],
    [pool({ capacityTypes: [] }), `${c}.capacity.nodePool.capacityTypes: [] is not allowed (expected at least one capacity type)`],
    [pool({ architectures: "arm64" }), `${c}.capacity.nodePool.architectures: "arm64" is not allowed (expected a list of CPU architectures)`],
    [pool({ architectures: [] }), `${c}.capacity.nodePool.architectures: [] is not allowed (expected at least one architecture)`],
    [pool({ instanceCategories: "m" }), `${c}.capacity.nodePool.instanceCategories: "m" is not allowed (expected a list of instance categories)`],
    [pool({ instanceCategories: [] }), `${c}.capacity.nodePool.instanceCategories: [] is not allowed (expected at least one instance category)`],
    [{ capacity: { karpenter: { amiVersion: "2025-09-20" } } }, `${c}.capacity.karpenter.amiVersion: "2025-09-20" is not allowed (expected latest or an AL2023 release such as v20250920)`],
    [{ capacity: { karpenter: { chartVersion: "v1.14.1" } } }, `${c}.capacity.karpenter.chartVersion: "v1.14.1" is not allowed (expected a chart version such as 1.13.0)`],
    [{ addons: { coreDns: "1.11.4" } }, `${c}.addons.coreDns: "1.11.4" is not allowed (expected an add-on version such as v1.19.5-eksbuild.1)`],
    [{ monitoring: { thresholds: { cpuWarningPercent: 90, cpuCriticalPercent: 90 } } }, `${c}.monitoring.thresholds.cpuCriticalPercent: 90 is not allowed (expected above cpuWarningPercent (90))`],
    [alerting({ slack: { webhookUrl: "", channel: "#alerts" } }), `${c}.monitoring.alerting.slack.webhookUrl: "" is not allowed (expected Slack incoming webhook URL)`],
    [alerting({ slack: { webhookUrl: "https://hooks.slack.com/services/T0/B0/x", channel: "alerts" } }), `${c}.monitoring.alerting.slack.channel: "alerts" is not allowed (expected a Slack channel such as #alerts)`],
    [alerting({ pagerDuty: { routingKey: "" } }), `${c}.monitoring.alerting.pagerDuty.routingKey: "" is not allowed (expected PagerDuty Events v2 routing key)`],
    [alerting({ email: { ...EMAIL, to: "ops" } }), `${c}.monitoring.alerting.email.to: "ops" is not allowed (expected an email address)`],
    [alerting({ email: { ...EMAIL, from: "alerts at example.com" } }), `${c}.monitoring.alerting.email.from: "alerts at example.com" is not allowed (expected an email address)`],
    [alerting({ email: { ...EMAIL, smarthost: "smtp.example.com" } }), `${c}.monitoring.alerting.email.smarthost: "smtp.example.com" is not allowed (expected host:port of the SMTP server)`],
    [alerting({ email: { ...EMAIL, username: "" } }), `${c}.monitoring.alerting.email.username: "" is not allowed (expected an SMTP user name)`],
    [alerting({ email: { ...EMAIL, password: "" } }), `${c}.monitoring.alerting.email.password: "" is not allowed (expected SMTP password)`],
    [{ workload: { namespace: "App" } }, `${c}.workload.namespace: "App" is not allowed (expected a DNS label such as app)`],
    [{ workload: { healthCheckPath: "healthz" } }, `${c}.workload.healthCheckPath: "healthz" is not allowed (expected an absolute path such as /healthz)`],
    [{ workload: { metricsPath: "metrics" } }, `${c}.workload.metricsPath: "metrics" is not allowed (expected an absolute path such as /metrics)`],
    [{ workload: { dataPorts: 5432 } }, `${c}.workload.dataPorts: 5432 is not allowed (expected a list of TCP ports)`],
    [{ endpoint: { publicAccess: true, publicAccessCidrs: "203.0.113.0/24" } }, `${c}.endpoint.publicAccessCidrs: "203.0.113.0/24" is not allowed (expected a list of IPv4 CIDRs)`],
    [{ endpoint: { publicAccess: true, publicAccessCidrs: [""] } }, `${c}.endpoint.publicAccessCidrs[0]: "" is not allowed (expected an IPv4 CIDR such as 203.0.113.0/24)`],
    [{ adminRoleArns: "arn:aws:iam::123456789012:role/admin" }, `${c}.adminRoleArns: "arn:aws:iam::123456789012:role/admin" is not allowed (expected a list of IAM role ARNs)`],
    [{ adminRoleArns: ["admin"] }, `${c}.adminRoleArns[0]: "admin" is not allowed (expected an IAM role ARN such as arn:aws:iam::123456789012:role/admin)`],
    [{ loadBalancerController: { chartVersion: "latest" } }, `${c}.loadBalancerController.chartVersion: "latest" is not allowed (expected a chart version such as 1.13.0)`],
  ])("%j", (eks, problem) => {
    expect(problemsWith("platform:compute", { platform: "eks", eks })).toEqual([problem]);
  });
});
