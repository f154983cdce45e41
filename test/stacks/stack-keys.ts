import { z } from "zod";
import { CONFIG_NAMESPACE, SECTIONS, STRING_SECTIONS } from "../../stacks/config";
import { readStackConfig, toStructuredConfig } from "../harness";

/** One value a stack file sets, at its full key path (`platform:waf.rateLimit`); lists are one value. */
export interface StackKey {
  readonly path: string;
  readonly value: unknown;
  /** What the schema gives the key when the stack file leaves it out; undefined when it is required or has no default. */
  readonly schemaDefault: unknown;
}

/**
 * Every leaf key of `Pulumi.<stack>.yaml` under the project namespace, with
 * the schema's default for it: the section parsed once with the key removed,
 * so defaults that depend on other keys are the ones this stack would get.
 */
export function stackKeys(stack: string): StackKey[] {
  const config = toStructuredConfig(readStackConfig(stack).values);
  const keys: StackKey[] = [];
  for (const [section, schema] of Object.entries(SECTIONS)) {
    const value = config[`${CONFIG_NAMESPACE}:${section}`];
    if (value === undefined || STRING_SECTIONS.has(section)) continue;
    for (const [segments, leaf] of leaves(value)) {
      const parsed = (schema as z.ZodType).safeParse(without(value, segments));
      const schemaDefault = parsed.success ? at(parsed.data, segments) : undefined;
      keys.push({ path: `${CONFIG_NAMESPACE}:${section}.${segments.join(".")}`, value: leaf, schemaDefault });
    }
  }
  return keys;
}

function leaves(node: unknown, prefix: string[] = []): [string[], unknown][] {
  if (node && typeof node === "object" && !Array.isArray(node)) {
    return Object.entries(node as Record<string, unknown>).flatMap(([k, v]) => leaves(v, [...prefix, k]));
  }
  return [[prefix, node]];
}

function without(node: unknown, segments: string[]): unknown {
  const [head, ...rest] = segments;
  const copy = { ...(node as Record<string, unknown>) };
  if (rest.length === 0) delete copy[head];
  else copy[head] = without(copy[head], rest);
  return copy;
}

function at(node: unknown, segments: string[]): unknown {
  return segments.reduce<unknown>((n, k) => (n && typeof n === "object" ? (n as Record<string, unknown>)[k] : undefined), node);
}
