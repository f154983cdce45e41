import * as pulumi from "@pulumi/pulumi";
import { Colour, COLOURS, LoadBalancerMetrics } from "../internal/metrics";
import { AlarmSpec, m, MathQuery, MetricRef, MINUTE, sustained } from "./catalogue";
import { ResolvedThresholds } from "./settings";

/**
 * The load balancer's alarms: the whole load balancer's error ratio and
 * latency tiers (what users see), and each colour's canary gates, which read
 * the colour's own target group (`TargetGroup` dimension) so that a new colour
 * at 10% is judged on its own requests instead of being diluted by the old
 * colour's 90%.
 *
 * `TargetResponseTime` is published per load balancer and per target group,
 * and its useful statistics are Average and percentiles (ELB user guide,
 * "CloudWatch metrics for your Application Load Balancer"). A percentile alarm
 * holds its state while a period has fewer than 10/(1-p) samples (200 for p95,
 * 1000 for p99; CloudWatch user guide, "Percentile-based alarms and low data
 * samples"), which is why the p99 gate uses 5-minute periods.
 */

const ALB = "AWS/ApplicationELB";
const FIVE_MINUTES = 5 * MINUTE;

/** `IF(requests >= min, 100 * errors / requests, 0)`: minutes with too few requests count as 0% rather than as a noisy ratio. */
function errorRatio(dimensions: MetricRef["dimensions"], minimumRequests: number, label: string): MathQuery {
  return {
    expression: `IF(requests >= ${minimumRequests}, 100 * FILL(errors, 0) / requests, 0)`,
    label,
    metrics: { errors: m(ALB, "HTTPCode_Target_5XX_Count", dimensions, "Sum"), requests: m(ALB, "RequestCount", dimensions, "Sum") },
  };
}

const latency = (dimensions: MetricRef["dimensions"], stat: "p95" | "p99", periodSeconds = MINUTE) => m(ALB, "TargetResponseTime", dimensions, stat, periodSeconds);

export function loadBalancerAlarms(lb: LoadBalancerMetrics, t: ResolvedThresholds["loadBalancer"]): AlarmSpec[] {
  const alb = { LoadBalancer: lb.loadBalancerArnSuffix };
  const specs: AlarmSpec[] = [
    {
      key: "lb-target-5xx-ratio",
      group: "loadBalancer",
      severity: "critical",
      title: `Target 5xx > ${t.target5xxPercent}% of requests`,
      runbook: `More than ${t.target5xxPercent}% of requests got a 5xx from the app for 5 minutes (minutes under ${t.minimumRequestsPerMinute} requests are skipped). Check the app's logs for the failing route and whether a release is in progress (roll back first, investigate after).`,
      math: errorRatio(alb, t.minimumRequestsPerMinute, "Target 5xx (% of requests)"),
      comparison: "GreaterThanThreshold",
      threshold: t.target5xxPercent,
      ...sustained(5),
      // No requests, no errors.
      treatMissingData: "notBreaching",
      // Each colour's gate judges a release; this one pages for what every user sees.
      deploymentHealth: false,
    },
    p95Tier(alb, "lb-latency-p95", "warning", t.p95LatencyMs, "Check database read/write latency and service CPU first; then the slow routes in the app's traces."),
    p95Tier(
      alb,
      "lb-latency-p95-critical",
      "critical",
      t.p95LatencyCriticalMs,
      "Users are waiting: check whether one colour is slow (its gate alarm, roll back), then database latency, connection counts and service CPU.",
    ),
    {
      key: "lb-rejected-connections",
      group: "loadBalancer",
      severity: "warning",
      title: `Rejected connections > ${t.rejectedConnectionsPerMinute}/min`,
      runbook: "The load balancer refused connections because it hit its connection limit. Check for a traffic surge or a client retry storm (WAF request counts) first.",
      metric: m(ALB, "RejectedConnectionCount", alb, "Sum"),
      comparison: "GreaterThanThreshold",
      threshold: t.rejectedConnectionsPerMinute,
      evaluationPeriods: 5,
      datapointsToAlarm: 3,
      treatMissingData: "notBreaching",
      deploymentHealth: false,
    },
  ];
  for (const colour of COLOURS) {
    specs.push({
      key: `lb-unhealthy-hosts-${colour}`,
      group: "loadBalancer",
      severity: "critical",
      title: `Unhealthy ${colour} targets > 0`,
      runbook: `At least one ${colour} target fails the load balancer's health check for 3 minutes. Check the target group's health reasons and the app's health endpoint logs first.`,
      metric: m(ALB, "UnHealthyHostCount", targetGroupDimensions(lb, colour), "Maximum"),
      comparison: "GreaterThanThreshold",
      threshold: 0,
      ...sustained(3),
      // An idle colour has no targets and may report nothing.
      treatMissingData: "notBreaching",
      deploymentHealth: true,
      colour,
    });
  }
  return specs;
}

/** One tier of the whole load balancer's p95 latency: above `ms` for 5 minutes. */
function p95Tier(alb: MetricRef["dimensions"], key: string, severity: "warning" | "critical", ms: number, check: string): AlarmSpec {
  return {
    key,
    group: "loadBalancer",
    severity,
    title: `p95 latency > ${ms} ms`,
    runbook: `The slowest 5% of requests take longer than ${ms} ms for 5 minutes. ${check}`,
    metric: latency(alb, "p95"),
    comparison: "GreaterThanThreshold",
    threshold: ms / 1000,
    ...sustained(5),
    treatMissingData: "notBreaching",
    deploymentHealth: false,
  };
}

/** `{ LoadBalancer, TargetGroup }`: a colour's own share of the load balancer's metrics. */
function targetGroupDimensions(lb: LoadBalancerMetrics, colour: Colour): MetricRef["dimensions"] {
  return { LoadBalancer: lb.loadBalancerArnSuffix, TargetGroup: lb.targetGroupArnSuffixes[colour] };
}

/**
 * Each colour's canary gates, in its deployment health: its 5xx ratio and its
 * p95 (critical tier) and p99 (SLO) latency, from its own target group. They
 * notify `warning` (a failed canary rolls back by itself; someone looks at why
 * in working hours); a colour without traffic reports nothing and is not judged.
 */
export function canaryGates(lb: LoadBalancerMetrics, t: ResolvedThresholds["loadBalancer"], p99Ms: number): AlarmSpec[] {
  return COLOURS.flatMap((colour): AlarmSpec[] => {
    const dims = targetGroupDimensions(lb, colour);
    const gate = { group: "loadBalancer" as const, severity: "warning" as const, treatMissingData: "notBreaching" as const, deploymentHealth: true, colour };
    return [
      {
        key: `lb-gate-5xx-${colour}`,
        ...gate,
        title: `Gate: ${colour} target 5xx > ${t.target5xxPercent}% of its requests`,
        runbook: `More than ${t.target5xxPercent}% of the requests ${colour} served got a 5xx for 3 minutes (minutes where ${colour} served under ${t.minimumRequestsPerMinute} requests are not judged). A release to ${colour} rolls back on it; check ${colour}'s logs for the failing route before releasing again.`,
        math: errorRatio(dims, t.minimumRequestsPerMinute, `${colour} target 5xx (% of its requests)`),
        comparison: "GreaterThanThreshold",
        threshold: t.target5xxPercent,
        ...sustained(3),
      },
      {
        key: `lb-gate-latency-p95-${colour}`,
        ...gate,
        title: `Gate: ${colour} p95 latency > ${t.p95LatencyCriticalMs} ms`,
        runbook: `The slowest 5% of ${colour}'s requests take longer than ${t.p95LatencyCriticalMs} ms for 3 minutes (judged only in minutes with at least 200 of its requests). A release to ${colour} rolls back on it; check what the release changed in slow routes and database queries.`,
        metric: latency(dims, "p95"),
        comparison: "GreaterThanThreshold",
        threshold: t.p95LatencyCriticalMs / 1000,
        ...sustained(3),
      },
      {
        key: `lb-gate-latency-p99-${colour}`,
        ...gate,
        title: `Gate: ${colour} p99 latency > ${p99Ms} ms`,
        runbook: `The slowest 1% of ${colour}'s requests take longer than the SLO's ${p99Ms} ms over 5 minutes (judged only with at least 1000 of its requests in them). A release to ${colour} rolls back on it; check the release's slow routes first.`,
        metric: latency(dims, "p99", FIVE_MINUTES),
        comparison: "GreaterThanThreshold",
        threshold: p99Ms / 1000,
        evaluationPeriods: 1,
        datapointsToAlarm: 1,
      },
    ];
  });
}

/** The whole load balancer's p99 against the SLO's latency target. */
export function latencySloAlarm(lb: LoadBalancerMetrics, p99Ms: number): AlarmSpec {
  return {
    key: "slo-latency-p99",
    group: "slo",
    severity: "warning",
    title: `p99 latency > ${p99Ms} ms (SLO)`,
    runbook: `The slowest 1% of all requests took longer than the SLO's ${p99Ms} ms over 15 minutes. Check the dashboard's latency graph for which colour and when, then database latency and the slow routes in traces.`,
    metric: latency({ LoadBalancer: lb.loadBalancerArnSuffix }, "p99", FIVE_MINUTES),
    comparison: "GreaterThanThreshold",
    threshold: p99Ms / 1000,
    evaluationPeriods: 3,
    datapointsToAlarm: 3,
    treatMissingData: "notBreaching",
    deploymentHealth: false,
  };
}

export function certificateAlarm(certificateArn: pulumi.Input<string>, daysToExpiry: number): AlarmSpec {
  return {
    key: "certificate-expiring",
    group: "certificate",
    severity: "warning",
    title: `SSLCertificateExpiringSoon: < ${daysToExpiry} days`,
    runbook: `The listener's ACM certificate expires in under ${daysToExpiry} days and has not renewed. Check the certificate's renewal status in ACM first (DNS validation records still in place?).`,
    metric: m("AWS/CertificateManager", "DaysToExpiry", { CertificateArn: certificateArn }, "Minimum", 24 * 60 * MINUTE),
    comparison: "LessThanThreshold",
    threshold: daysToExpiry,
    evaluationPeriods: 1,
    datapointsToAlarm: 1,
    // ACM publishes once a day and late; keep the last state rather than flap to INSUFFICIENT_DATA.
    treatMissingData: "ignore",
    deploymentHealth: false,
  };
}
