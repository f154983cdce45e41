import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { describe } from "../../components/internal/validation";

/**
 * Invalid stack configuration. A `RunError` so that `pulumi preview` prints
 * the message alone, one line per problem, without a stack trace.
 */
export class ConfigError extends pulumi.RunError {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid stack configuration (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n  - ${problems.join("\n  - ")}`);
    this.name = "ConfigError";
  }
}

/** `platform:network.flowLogs.retentionInDays`, `platform:waf.geo.allow[2]`. */
export function keyPath(configKey: string, path: readonly PropertyKey[]): string {
  return path.reduce<string>((acc, part) => (typeof part === "number" ? `${acc}[${part}]` : `${acc}.${String(part)}`), configKey);
}

/** One message per zod issue, each naming the full key path, the value given and what is allowed. */
export function formatIssues(configKey: string, schema: z.ZodType, issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.flatMap((issue) => {
    if (issue.code === "unrecognized_keys") {
      const allowed = allowedKeysAt(schema, issue.path);
      const hint = allowed ? `allowed keys: ${allowed.join(", ")}` : "check the spelling";
      return issue.keys.map((key) => `${keyPath(configKey, [...issue.path, key])}: unknown key (${hint})`);
    }
    if (issue.code === "invalid_key") {
      // zod raises it only with the key schema's own issues (the record parse in zod/v4/core/schemas.js), so there is a first.
      return [judgement(keyPath(configKey, issue.path), issue.path[issue.path.length - 1], issue.issues[0].message)];
    }
    const path = keyPath(configKey, issue.path);
    if (issue.input === undefined) return [`${path}: is required (expected ${issue.message})`];
    return [judgement(path, issue.input, issue.message)];
  });
}

/** `<path>: <value> is not allowed (expected <message>)`, or `<path>: <value> <message>` for a message that starts with "is ". */
function judgement(path: string, value: unknown, message: string): string {
  return message.startsWith("is ") ? `${path}: ${describe(value)} ${message}` : `${path}: ${describe(value)} is not allowed (expected ${message})`;
}

/** The keys an object schema at `path` allows, so a typo's message can list the right spellings. */
function allowedKeysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] | undefined {
  let current: z.ZodType | undefined = unwrap(schema);
  for (const part of path) {
    if (current instanceof z.ZodObject) current = unwrap(current.shape[String(part)] as z.ZodType | undefined);
    else if (current instanceof z.ZodArray) current = unwrap(current.element as z.ZodType);
    else if (current instanceof z.ZodRecord) current = unwrap(current.valueType as z.ZodType);
    else return undefined;
  }
  return current instanceof z.ZodObject ? Object.keys(current.shape) : undefined;
}

/** Strips optional, default, prefault and pipe wrappers down to the schema that holds the shape. */
function unwrap(schema: z.ZodType | undefined): z.ZodType | undefined {
  let current = schema;
  for (;;) {
    const def = (current?._zod.def ?? {}) as { innerType?: z.ZodType; in?: z.ZodType };
    const inner = def.innerType ?? def.in;
    if (!inner) return current;
    current = inner;
  }
}
