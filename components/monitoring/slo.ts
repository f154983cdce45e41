import { LoadBalancerMetrics } from "../internal/metrics";
import { AlarmSpec, MetricRef } from "./catalogue";
import { BurnRateWindow, Severity } from "./settings";

/**
 * Multi-window, multi-burn-rate availability alerts (the SRE workbook's
 * recipe). A window pair fires when the error budget burns `burnRate` times
 * faster than the target allows over BOTH the long window (it matters) and
 * the short one (it is still happening, so the alert resets quickly).
 *
 * Each window is one metric math alarm whose period is the window itself, with
 * CloudWatch's default sliding evaluation window (it advances at every
 * evaluation rather than snapping to the top of the hour); periods of an hour
 * or more may total up to 7 days of evaluation, shorter ones 1 day. The pair is joined
 * by a composite alarm, which carries the paging action; the window alarms
 * notify `info` only, as context.
 */

/** A composite alarm of two window alarms. */
export interface BurnRateComposite {
  readonly key: string;
  readonly severity: Severity;
  readonly title: string;
  readonly runbook: string;
  /** Keys of the window alarms it joins with AND. */
  readonly windowKeys: readonly [string, string];
}

export interface BurnRateAlarms {
  readonly windows: AlarmSpec[];
  readonly composites: BurnRateComposite[];
}

/** The error budget as a fraction, rounded so 99.9 gives 0.001 and not 0.0010000000000000009. */
export function errorBudget(targetPercent: number): number {
  return Number(((100 - targetPercent) / 100).toPrecision(6));
}

/** Errors (target and load balancer 5xx) over requests, divided by the budget: 1 means burning exactly on target. */
export function burnRateQuery(lb: LoadBalancerMetrics, targetPercent: number, periodSeconds: number) {
  const dims = { LoadBalancer: lb.loadBalancerArnSuffix };
  const metric = (metricName: string): MetricRef => ({ namespace: "AWS/ApplicationELB", metricName, dimensions: dims, stat: "Sum", periodSeconds });
  return {
    expression: `(FILL(targetErrors, 0) + FILL(lbErrors, 0)) / requests / ${errorBudget(targetPercent)}`,
    metrics: { targetErrors: metric("HTTPCode_Target_5XX_Count"), lbErrors: metric("HTTPCode_ELB_5XX_Count"), requests: metric("RequestCount") },
  };
}

export function burnRateAlarms(lb: LoadBalancerMetrics, targetPercent: number, windows: readonly BurnRateWindow[]): BurnRateAlarms {
  const out: BurnRateAlarms = { windows: [], composites: [] };
  for (const w of windows) {
    const windowKey = (minutes: number) => `slo-burn-${w.name}-${minutes}m`;
    for (const minutes of [w.longWindowMinutes, w.shortWindowMinutes]) {
      const query = burnRateQuery(lb, targetPercent, minutes * 60);
      out.windows.push({
        key: windowKey(minutes),
        group: "slo",
        severity: "info",
        title: `Burn rate > ${w.burnRate}x over ${minutes} min`,
        runbook: `Errors over the last ${minutes} minutes burn the ${targetPercent}% error budget more than ${w.burnRate} times too fast. Check the dashboard's error-rate graph for when and on which colour the 5xx started; on its own this is context, the ${w.name} burn composite pages when both of its windows agree.`,
        math: { ...query, label: `Burn rate over ${minutes} min (x)` },
        comparison: "GreaterThanThreshold",
        threshold: w.burnRate,
        evaluationPeriods: 1,
        datapointsToAlarm: 1,
        // No requests, no budget spent.
        treatMissingData: "notBreaching",
        deploymentHealth: false,
      });
    }
    const budgetShare = Number(((w.burnRate * w.longWindowMinutes) / (30 * 24 * 60)) * 100).toPrecision(3);
    out.composites.push({
      key: `slo-burn-${w.name}`,
      severity: w.severity,
      title: `SLO ${w.name} burn: ${w.burnRate}x over ${w.longWindowMinutes} and ${w.shortWindowMinutes} min`,
      runbook: `At this rate ${budgetShare}% of the 30-day error budget (${targetPercent}% availability) is gone in ${w.longWindowMinutes} minutes, and it is still happening. Check the 5xx ratio by target group first (is one colour failing? roll back), then the load balancer's own 5xx (no healthy targets?).`,
      windowKeys: [windowKey(w.longWindowMinutes), windowKey(w.shortWindowMinutes)],
    });
  }
  return out;
}
