import * as fc from "fast-check";
import { z } from "zod";
import { CONFIG_NAMESPACE, SECTIONS } from "../../stacks/config";
import { readStackConfig, toStructuredConfig } from "../harness";

/** The slice of JSON Schema zod emits for our config schemas. */
export interface JsonSchema {
  type?: string;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  default?: unknown;
}

export function sectionSchema(section: keyof typeof SECTIONS): JsonSchema {
  return z.toJSONSchema(SECTIONS[section] as z.ZodType, { io: "input", unrepresentable: "any" }) as JsonSchema;
}

/** Sections that are structured objects (everything but `environment`). */
export const OBJECT_SECTIONS = (Object.keys(SECTIONS) as (keyof typeof SECTIONS)[]).filter((s) => sectionSchema(s).properties);

/** A field whose documented bounds can be sampled: an enum, a bounded integer, a boolean or a list of enum values. */
export interface BoundedLeaf {
  readonly key: string;
  readonly path: readonly string[];
  readonly values: fc.Arbitrary<unknown>;
}

/**
 * Every field of every section with documented bounds. Free-form strings
 * (ARNs, images, CIDRs) are left to the stack file: their bounds are a format,
 * not a range.
 */
export function boundedLeaves(): BoundedLeaf[] {
  return OBJECT_SECTIONS.flatMap((section) => leavesOf(`${CONFIG_NAMESPACE}:${section}`, sectionSchema(section), []));
}

function leavesOf(key: string, schema: JsonSchema, path: string[]): BoundedLeaf[] {
  if (schema.type === "object" && schema.properties) {
    return Object.entries(schema.properties).flatMap(([name, child]) => leavesOf(key, child, [...path, name]));
  }
  const values = boundedValues(schema);
  return values ? [{ key, path, values }] : [];
}

function boundedValues(schema: JsonSchema): fc.Arbitrary<unknown> | undefined {
  if (schema.enum && schema.enum.length > 0) return fc.constantFrom(...schema.enum);
  if (schema.type === "boolean") return fc.boolean();
  if (schema.type === "integer" && schema.minimum !== undefined && schema.maximum !== undefined && schema.maximum < 2 ** 31) {
    return fc.integer({ min: schema.minimum, max: schema.maximum });
  }
  if (schema.type === "array" && schema.items?.enum) return fc.uniqueArray(fc.constantFrom(...schema.items.enum));
  return undefined;
}

/**
 * A stack file's structured config with up to `maxChanges` fields set to
 * random values within their documented bounds. Changing a few fields at a
 * time keeps most samples valid, so both the valid and the rejected
 * combinations get exercised.
 */
export function configArbitrary(stack: string, maxChanges = 3): fc.Arbitrary<{ config: Record<string, unknown>; changes: string[] }> {
  const base = structuredStackConfig(stack);
  const leaves = boundedLeaves();
  return fc
    .subarray(leaves, { minLength: 1, maxLength: maxChanges })
    .chain((chosen) => fc.tuple(...chosen.map((leaf) => leaf.values.map((value) => ({ leaf, value })))))
    .map((changes) => {
      const config = structuredClone(base);
      for (const { leaf, value } of changes) {
        const section = (config[leaf.key] ??= {}) as Record<string, unknown>;
        let node = section;
        for (const part of leaf.path.slice(0, -1)) node = (node[part] ??= {}) as Record<string, unknown>;
        node[leaf.path[leaf.path.length - 1]] = value;
      }
      return { config, changes: changes.map(({ leaf, value }) => `${[leaf.key, ...leaf.path].join(".")}=${JSON.stringify(value)}`) };
    });
}

/** A stack file as structured values, the way a user writes it. */
export function structuredStackConfig(stack: string): Record<string, unknown> {
  return toStructuredConfig(readStackConfig(stack).values);
}

/**
 * Paths of free-form maps (`platform:tags`, `platform:compute.environment`):
 * any key is valid there, so they are no place to plant an unknown key.
 */
export function mapPaths(): string[] {
  const out: string[] = [];
  const walk = (schema: JsonSchema & { additionalProperties?: unknown }, at: string) => {
    if (schema.type === "object" && !schema.properties && typeof schema.additionalProperties === "object") out.push(at);
    for (const [name, child] of Object.entries(schema.properties ?? {})) walk(child, `${at}.${name}`);
  };
  for (const section of Object.keys(SECTIONS) as (keyof typeof SECTIONS)[]) walk(sectionSchema(section), `${CONFIG_NAMESPACE}:${section}`);
  return out;
}

/** Every leaf path of a structured config (`platform:network`, `cidr`), for mutation. */
export function leafPaths(config: Record<string, unknown>): { key: string; path: (string | number)[] }[] {
  const out: { key: string; path: (string | number)[] }[] = [];
  const walk = (key: string, node: unknown, path: (string | number)[]) => {
    if (Array.isArray(node)) node.forEach((v, i) => walk(key, v, [...path, i]));
    else if (node && typeof node === "object") for (const [k, v] of Object.entries(node)) walk(key, v, [...path, k]);
    else out.push({ key, path });
  };
  for (const [key, value] of Object.entries(config)) if (key.startsWith(`${CONFIG_NAMESPACE}:`)) walk(key, value, []);
  return out;
}
