import { z } from "zod";
import { ArgProblem } from "../../components/internal/validation";

/**
 * Schema builders whose error message is the "expected" half of a config
 * error: `<key path>: <value given> is not allowed (expected <message>)`.
 * A message that starts with "is " replaces the whole predicate instead, as in
 * `"10.0.0.0/33" is not a valid IPv4 CIDR (expected a.b.c.d/16 to /24)`.
 *
 * A schema's `error` is also the message of its checks (`int`, `min`, `max`,
 * `regex`) that have none of their own: zod gives an issue the raising check's
 * message, else the owning schema's (`finalizeIssue` in zod/v4/core/util.js,
 * zod 4.6.7, pinned), so the builders set it once.
 */

export function integer(min: number, max: number) {
  return z.number({ error: `an integer from ${min} to ${max}` }).int().min(min).max(max);
}

export function number(min: number, max: number) {
  return z.number({ error: `a number from ${min} to ${max}` }).min(min).max(max);
}

export function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { error: values.map((v) => JSON.stringify(v)).join(" | ") });
}

/** One of a fixed list of numbers, such as CloudWatch's log retention periods. */
export function oneOfNumbers<const T extends readonly [number, ...number[]]>(values: T) {
  return z.literal(values, { error: `one of ${values.join(", ")}` });
}

export function boolean() {
  return z.boolean({ error: "true or false" });
}

export function text(description: string, pattern?: RegExp) {
  // An empty string stops here, so the pattern and any refinement after it do not report it a second time.
  const base = z.string({ error: description }).min(1, { abort: true });
  return pattern ? base.regex(pattern) : base;
}

export function list<T extends z.ZodType>(item: T, description: string) {
  return z.array(item, { error: description });
}

/**
 * Turns a component's argument problems into issues on the config keys of
 * the same names, so that `platform:database.backupWindow` is named rather
 * than the component argument. A field that already failed its own schema is
 * not reported twice. Used by `platform:database` and `platform:cache`.
 */
export function reportArgProblems(problems: readonly ArgProblem[], ctx: z.core.$RefinementCtx<unknown>): void {
  const failed = new Set(ctx.issues.map((issue) => String(issue.path?.[0])));
  for (const problem of problems) {
    if (failed.has(problem.argument)) continue;
    ctx.addIssue({ code: "custom", path: [problem.argument], input: problem.value, message: problem.allowed });
  }
}
