import { SyntheticsMetrics } from "../internal/metrics";
import { AlarmSpec, m, maxOver } from "./catalogue";
import { ResolvedThresholds } from "./settings";

/** The namespace Synthetics publishes `SuccessPercent` in, and the canary's script its `TimeToFirstByte`. */
export const SYNTHETICS_NAMESPACE = "CloudWatchSynthetics";

/**
 * Alarms on the outside-in probe: whether the public URL and the health path
 * answer at all (what no in-VPC metric can tell: a broken listener rule,
 * certificate, WAF rule or DNS record leaves every task running), and how long
 * the first byte takes.
 */
export function probeAlarms(probe: SyntheticsMetrics, t: ResolvedThresholds["synthetics"]): AlarmSpec[] {
  const canary = { CanaryName: probe.canaryName };
  const minutes = probe.intervalSeconds / 60;
  const window = t.failedRuns * minutes;
  return [
    {
      key: "probe-availability",
      group: "synthetics",
      severity: "critical",
      title: `Probe: public URL failing ${t.failedRuns} runs in a row`,
      runbook: `The synthetic probe could not get a good answer from the public URL or the health path in ${t.failedRuns} runs in a row (${window} minutes), from outside the VPC's load balancer path. Check the failed run's log in the Synthetics console first (DNS, TLS, a WAF block, a 5xx), then the listener rules and the certificate.`,
      metric: m(SYNTHETICS_NAMESPACE, "SuccessPercent", canary, "Average", probe.intervalSeconds),
      comparison: "LessThanThreshold",
      threshold: 100,
      evaluationPeriods: t.failedRuns,
      datapointsToAlarm: t.failedRuns,
      // No run reported means the probe itself is broken or stopped: nobody is watching from outside.
      treatMissingData: "breaching",
      deploymentHealth: false,
    },
    {
      key: "probe-ttfb",
      group: "synthetics",
      severity: "warning",
      title: `Probe: time to first byte > ${t.timeToFirstByteMs} ms`,
      runbook: `The probe waited more than ${t.timeToFirstByteMs} ms for the first byte of the slowest of its paths in 3 runs in a row. Check the load balancer's TargetResponseTime first: if it is fast, the time goes to DNS, TLS or the WAF; if slow, to the app.`,
      math: maxOver(
        "path",
        probe.paths.map((path) => m(SYNTHETICS_NAMESPACE, "TimeToFirstByte", { ...canary, Path: path }, "Maximum", probe.intervalSeconds)),
        "Time to first byte, slowest path (ms)",
      ),
      comparison: "GreaterThanThreshold",
      threshold: t.timeToFirstByteMs,
      evaluationPeriods: 3,
      datapointsToAlarm: 3,
      // A failed run publishes no timing; the availability alarm speaks for it.
      treatMissingData: "notBreaching",
      deploymentHealth: false,
    },
  ];
}
