import { Problems } from "../internal/validation";
import { AlarmSpec, MathQuery, MAX_METRICS_PER_MATH_ALARM } from "./catalogue";
import { slug } from "./topics";
import { ALARM_GROUPS, AlarmThresholds, BurnRateWindow, DEFAULT_THRESHOLDS, SEVERITIES } from "./settings";

/** Alarm names are `<prefix>-<key>`; dashboard names allow only these characters. */
export const ALARM_NAME_PREFIX_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
const WINDOW_NAME_PATTERN = /^[a-z][a-z0-9-]{0,15}$/;
const SUBSCRIPTION_KEY_PATTERN = /^[a-z][a-z0-9-]{0,31}$/;
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const MAX_RUNBOOK_LENGTH = 1000;
/** An alarm's period times its evaluation periods may not exceed 7 days. */
const MAX_WINDOW_MINUTES = 7 * 24 * 60;

/** Percent-valued thresholds; every other threshold is a non-negative number. */
const PERCENT_FIELDS = new Set(["cpuWarningPercent", "cpuCriticalPercent", "memoryPercent", "target5xxPercent", "cpuPercent", "freeStoragePercent", "connectionsPercent", "engineCpuPercent", "hitRatePercent"]);

export function validateThresholds(problems: Problems, thresholds: AlarmThresholds | undefined): void {
  for (const [group, fields] of Object.entries(thresholds ?? {})) {
    if (!(group in DEFAULT_THRESHOLDS)) {
      problems.add(`thresholds.${group}`, fields, `one of ${Object.keys(DEFAULT_THRESHOLDS).join(", ")}`);
      continue;
    }
    for (const [field, value] of Object.entries((fields ?? {}) as Record<string, unknown>)) {
      if (value === undefined) continue;
      const argument = `thresholds.${group}.${field}`;
      if (!(field in (DEFAULT_THRESHOLDS as Record<string, object>)[group])) problems.add(argument, value, "a known threshold");
      else if (PERCENT_FIELDS.has(field)) problems.check(typeof value === "number" && value > 0 && value < 100, argument, value, "a percentage above 0 and below 100");
      else problems.check(typeof value === "number" && value >= 0 && Number.isFinite(value), argument, value, "a number of 0 or more");
    }
  }
  const service = thresholds?.service;
  const warning = service?.cpuWarningPercent ?? DEFAULT_THRESHOLDS.service.cpuWarningPercent;
  const critical = service?.cpuCriticalPercent ?? DEFAULT_THRESHOLDS.service.cpuCriticalPercent;
  problems.check(critical > warning, "thresholds.service.cpuCriticalPercent", critical, `more than cpuWarningPercent (${warning})`);
  const failedRuns = thresholds?.synthetics?.failedRuns;
  if (failedRuns !== undefined) problems.check(Number.isInteger(failedRuns) && failedRuns >= 1 && failedRuns <= 10, "thresholds.synthetics.failedRuns", failedRuns, "a whole number of runs from 1 to 10");
  const lb = thresholds?.loadBalancer;
  const p95 = lb?.p95LatencyMs ?? DEFAULT_THRESHOLDS.loadBalancer.p95LatencyMs;
  const p95Critical = lb?.p95LatencyCriticalMs ?? DEFAULT_THRESHOLDS.loadBalancer.p95LatencyCriticalMs;
  problems.check(p95Critical > p95, "thresholds.loadBalancer.p95LatencyCriticalMs", p95Critical, `more than p95LatencyMs (${p95})`);
}

export function validateSlo(problems: Problems, targetPercent: number, windows: readonly BurnRateWindow[], latencyP99Ms: number): void {
  problems.check(targetPercent >= 90 && targetPercent < 100, "slo.targetPercent", targetPercent, "a percentage from 90 to below 100, such as 99.9");
  problems.check(Number.isInteger(latencyP99Ms) && latencyP99Ms >= 10 && latencyP99Ms <= 60000, "slo.latencyP99Ms", latencyP99Ms, "whole milliseconds from 10 to 60000");
  const names = new Set<string>();
  windows.forEach((w, i) => {
    const at = `slo.windows[${i}]`;
    problems.check(WINDOW_NAME_PATTERN.test(w.name), `${at}.name`, w.name, "lowercase letters, digits and dashes, starting with a letter, at most 16");
    problems.check(!names.has(w.name), `${at}.name`, w.name, "a name no other window uses");
    names.add(w.name);
    problems.check(w.burnRate > 0, `${at}.burnRate`, w.burnRate, "a number above 0");
    for (const field of ["longWindowMinutes", "shortWindowMinutes"] as const) {
      problems.check(Number.isInteger(w[field]) && w[field] >= 1 && w[field] <= MAX_WINDOW_MINUTES, `${at}.${field}`, w[field], `whole minutes from 1 to ${MAX_WINDOW_MINUTES} (CloudWatch evaluates at most 7 days)`);
    }
    problems.check(w.shortWindowMinutes < w.longWindowMinutes, `${at}.shortWindowMinutes`, w.shortWindowMinutes, `fewer minutes than longWindowMinutes (${w.longWindowMinutes})`);
    problems.check(SEVERITIES.includes(w.severity), `${at}.severity`, w.severity, SEVERITIES.join(" | "));
  });
}

export function validateGroups(problems: Problems, groups: readonly string[] | undefined): void {
  for (const group of groups ?? []) problems.check((ALARM_GROUPS as readonly string[]).includes(group), "groups", group, ALARM_GROUPS.join(" | "));
}

export function validateSubscriptions(problems: Problems, subscriptions: Partial<Record<string, { emails?: readonly string[]; https?: Readonly<Record<string, unknown>> }>> | undefined): void {
  for (const [severity, targets] of Object.entries(subscriptions ?? {})) {
    if (!(SEVERITIES as readonly string[]).includes(severity)) {
      problems.add(`subscriptions.${severity}`, severity, SEVERITIES.join(" | "));
      continue;
    }
    const names = new Set<string>();
    for (const email of targets?.emails ?? []) {
      problems.check(EMAIL_PATTERN.test(email), `subscriptions.${severity}.emails`, email, "an email address");
      // The subscription is named after the address; two spellings of one name would collide.
      problems.check(!names.has(slug(email)), `subscriptions.${severity}.emails`, email, "each address once (case and punctuation aside)");
      names.add(slug(email));
    }
    for (const key of Object.keys(targets?.https ?? {})) {
      // The key names the resource; the URL is a secret and never appears in a message.
      problems.check(SUBSCRIPTION_KEY_PATTERN.test(key), `subscriptions.${severity}.https`, key, "a name of lowercase letters, digits and dashes, such as pagerduty");
    }
  }
}

/** The ids an expression refers to: identifiers that start lowercase (functions such as FILL and MAX are uppercase). */
export function referencedIds(expression: string): string[] {
  return [...new Set(expression.match(/\b[a-z][a-zA-Z0-9_]*\b/g) ?? [])];
}

/**
 * Checks a metric math query the way CloudWatch would at apply time: every id
 * in the expression names a metric of the same alarm, every metric is used,
 * and the alarm stays within the 10-metric limit.
 */
export function checkMathQuery(problems: Problems, key: string, math: MathQuery): void {
  const ids = Object.keys(math.metrics);
  const used = referencedIds(math.expression);
  for (const id of used) problems.check(ids.includes(id), `alarm ${key}`, math.expression, `an expression over its own metrics (${ids.join(", ")}); "${id}" is not one`);
  for (const id of ids) problems.check(used.includes(id), `alarm ${key}`, id, "a metric the expression uses");
  problems.check(ids.length <= MAX_METRICS_PER_MATH_ALARM, `alarm ${key}`, `${ids.length} metrics`, `at most ${MAX_METRICS_PER_MATH_ALARM} metrics in one metric math alarm (CloudWatch's hard limit; fewer cache nodes or read replicas)`);
  problems.check(!ids.includes("e1"), `alarm ${key}`, "e1", "metric ids other than e1, which names the expression");
}

export function checkCatalogue(problems: Problems, specs: readonly AlarmSpec[]): void {
  const keys = new Set<string>();
  for (const spec of specs) {
    problems.check(!keys.has(spec.key), "alarm catalogue", spec.key, "unique alarm keys");
    keys.add(spec.key);
    problems.check(!!spec.metric !== !!spec.math, `alarm ${spec.key}`, "metric and math", "exactly one of metric and math");
    if (spec.math) checkMathQuery(problems, spec.key, spec.math);
    // `[severity] ` plus the runbook must fit CloudWatch's 1024-character alarm description.
    problems.check(spec.runbook.length <= MAX_RUNBOOK_LENGTH, `alarm ${spec.key}`, `${spec.runbook.length} characters of runbook`, `at most ${MAX_RUNBOOK_LENGTH}`);
    problems.check(spec.datapointsToAlarm <= spec.evaluationPeriods, `alarm ${spec.key}`, spec.datapointsToAlarm, "datapointsToAlarm <= evaluationPeriods");
  }
}
