/**
 * An independent model of how CloudWatch evaluates the catalogue's alarms, to
 * test what an alarm decides from traffic rather than what its inputs say.
 * What it follows, from the CloudWatch user guide:
 *
 * - Metric math ("Metric math syntax and functions"): arithmetic and
 *   comparisons per timestamp; a series without a datapoint at a timestamp
 *   gives none there, unless `FILL(series, value)` fills it; `IF(condition,
 *   trueValue, falseValue)` takes the true branch where the condition is not 0;
 *   `MAX([a, b])` is the largest datapoint of the series that have one.
 * - Alarm evaluation ("Evaluating an alarm"): ALARM when at least
 *   `datapointsToAlarm` of the last `evaluationPeriods` datapoints breach;
 *   `treatMissingData` decides for periods without one.
 * - Percentiles ("Percentile-based alarms and low data samples"): with
 *   `ignore`, a period of fewer than 10/(1-p) samples does not change the
 *   state. Percentiles are taken by nearest rank.
 *
 * Traffic is given per minute and per colour; a metric with a `TargetGroup`
 * dimension (an alarm with a `colour`) reads its colour, one without reads
 * the whole load balancer.
 */
import { AlarmSpec, MetricRef } from "../../components/monitoring";

export type Colour = "blue" | "green";

/** One minute of one colour's traffic: requests, 5xx answers, and every response time in seconds. */
export interface ColourMinute {
  readonly requests: number;
  readonly errors: number;
  readonly latencies: readonly number[];
}

export type Minute = Readonly<Record<Colour, ColourMinute>>;
export type AlarmState = "OK" | "ALARM";

const COLOURS: readonly Colour[] = ["blue", "green"];

/** A colour's traffic: `requestsPerMinute` requests, a share of them failing, a share of them slow. */
export function colourTraffic(requestsPerMinute: number, options: { failing?: number; slowShare?: number; slowSeconds?: number; fastSeconds?: number } = {}): ColourMinute {
  const slow = Math.round(requestsPerMinute * (options.slowShare ?? 0));
  const latencies = [...Array(requestsPerMinute - slow).fill(options.fastSeconds ?? 0.08), ...Array(slow).fill(options.slowSeconds ?? 2.5)];
  return { requests: requestsPerMinute, errors: Math.round(requestsPerMinute * (options.failing ?? 0)), latencies };
}

/** `minutes` identical minutes. */
export const steady = (minutes: number, minute: Minute): Minute[] => Array.from({ length: minutes }, () => minute);

/** Nearest-rank percentile of a non-empty list. */
function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
}

interface Datapoint {
  readonly value?: number;
  /** Fewer samples than a percentile alarm trusts. */
  readonly lowSample?: boolean;
}

/** One metric's datapoints, one per period of `ref.periodSeconds`, over the colour's (or the whole load balancer's) minutes. */
function series(ref: MetricRef, colour: Colour | undefined, minutes: readonly Minute[]): Datapoint[] {
  const perPeriod = ref.periodSeconds / 60;
  const out: Datapoint[] = [];
  for (let start = 0; start + perPeriod <= minutes.length; start += perPeriod) {
    const window = minutes.slice(start, start + perPeriod).flatMap((m) => (colour ? [m[colour]] : COLOURS.map((c) => m[c])));
    const requests = window.reduce((sum, m) => sum + m.requests, 0);
    if (ref.metricName === "RequestCount") out.push(requests > 0 ? { value: requests } : {});
    else if (ref.metricName === "HTTPCode_Target_5XX_Count") {
      const errors = window.reduce((sum, m) => sum + m.errors, 0);
      // ELB publishes a count only when it is not zero ("Reporting criteria: There is a nonzero value").
      out.push(errors > 0 ? { value: errors } : {});
    } else if (ref.metricName === "TargetResponseTime" && /^p\d+(\.\d+)?$/.test(ref.stat)) {
      const p = Number(ref.stat.slice(1));
      const samples = window.flatMap((m) => m.latencies);
      if (samples.length === 0) out.push({});
      else out.push({ value: percentile(samples, p), lowSample: samples.length < 10 / (1 - p / 100) });
    } else throw new Error(`the evaluator does not model ${ref.metricName} (${ref.stat})`);
  }
  return out;
}

type Value = number | undefined;

/** Evaluates a metric math expression at one timestamp, given each id's value there. */
export function evaluateExpression(expression: string, values: Readonly<Record<string, Value>>): Value {
  const tokens = expression.match(/\d+(\.\d+)?|[A-Za-z_][A-Za-z0-9_]*|>=|<=|==|!=|[-+*/(),<>[\]]/g) ?? [];
  let at = 0;
  const peek = () => tokens[at];
  const take = (expected?: string) => {
    const token = tokens[at++];
    if (expected !== undefined && token !== expected) throw new Error(`expected ${expected} at ${at} in ${expression}, found ${token}`);
    return token;
  };
  /** Binary operators by precedence, loosest first: comparisons (1 or 0), then + -, then * /. */
  const levels: readonly Readonly<Record<string, (x: number, y: number) => number>>[] = [
    { ">=": (x, y) => Number(x >= y), "<=": (x, y) => Number(x <= y), ">": (x, y) => Number(x > y), "<": (x, y) => Number(x < y), "==": (x, y) => Number(x === y), "!=": (x, y) => Number(x !== y) },
    { "+": (x, y) => x + y, "-": (x, y) => x - y },
    { "*": (x, y) => x * y, "/": (x, y) => x / y },
  ];
  /** An expression at precedence `level` and tighter; a missing operand makes the result missing. */
  const binary = (level = 0): Value => {
    if (level === levels.length) return factor();
    let left = binary(level + 1);
    while (Object.hasOwn(levels[level], peek() ?? "")) {
      const apply = levels[level][take()];
      const right = binary(level + 1);
      left = left === undefined || right === undefined ? undefined : apply(left, right);
    }
    return left;
  };
  /** `open expression, ... close` */
  const list = (open: string, close: string): Value[] => {
    take(open);
    const values = [binary()];
    while (peek() === ",") {
      take(",");
      values.push(binary());
    }
    take(close);
    return values;
  };
  const factor = (): Value => {
    const token = take();
    if (token === "(") {
      const value = binary();
      take(")");
      return value;
    }
    if (/^\d/.test(token)) return Number(token);
    if (token === "FILL") {
      const [value, fill] = list("(", ")");
      return value ?? fill;
    }
    if (token === "IF") {
      const [condition, whenTrue, whenFalse] = list("(", ")");
      return condition === undefined ? undefined : condition !== 0 ? whenTrue : whenFalse;
    }
    if (token === "MAX") {
      take("(");
      const members = list("[", "]");
      take(")");
      const present = members.filter((v): v is number => v !== undefined);
      return present.length === 0 ? undefined : Math.max(...present);
    }
    if (/^[a-z]/.test(token)) {
      if (!(token in values)) throw new Error(`${expression} refers to ${token}, which is not one of its metrics`);
      return values[token];
    }
    throw new Error(`the evaluator does not model ${token} in ${expression}`);
  };
  const result = binary();
  if (at !== tokens.length) throw new Error(`unparsed input in ${expression} at ${tokens[at]}`);
  return result;
}

/** The alarm's datapoints over the minutes: its metric's, or its expression evaluated at each period. */
export function alarmDatapoints(spec: AlarmSpec, minutes: readonly Minute[]): Datapoint[] {
  if (spec.metric) return series(spec.metric, spec.colour, minutes);
  const bySeries = Object.fromEntries(Object.entries(spec.math!.metrics).map(([id, ref]) => [id, series(ref, spec.colour, minutes)]));
  const periods = Math.min(...Object.values(bySeries).map((s) => s.length));
  return Array.from({ length: periods }, (_, i) => ({ value: evaluateExpression(spec.math!.expression, Object.fromEntries(Object.entries(bySeries).map(([id, s]) => [id, s[i].value]))) }));
}

const breaches = (spec: AlarmSpec, value: number) =>
  spec.comparison === "GreaterThanThreshold"
    ? value > spec.threshold
    : spec.comparison === "GreaterThanOrEqualToThreshold"
      ? value >= spec.threshold
      : spec.comparison === "LessThanThreshold"
        ? value < spec.threshold
        : value <= spec.threshold;

/** The alarm's state after the last minute, starting from OK. */
export function alarmState(spec: AlarmSpec, minutes: readonly Minute[]): AlarmState {
  const points = alarmDatapoints(spec, minutes);
  let state: AlarmState = "OK";
  for (let end = spec.evaluationPeriods; end <= points.length; end++) {
    const window = points.slice(end - spec.evaluationPeriods, end);
    // A percentile alarm set to ignore low sample counts holds its state (evaluateLowSampleCountPercentiles: ignore).
    if (window.some((p) => p.lowSample)) continue;
    const breaching = window.filter((p) => (p.value === undefined ? spec.treatMissingData === "breaching" : breaches(spec, p.value))).length;
    state = breaching >= spec.datapointsToAlarm ? "ALARM" : "OK";
  }
  return state;
}
