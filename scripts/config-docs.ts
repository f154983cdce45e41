import { z } from "zod";
import { CONFIG_NAMESPACE, SECTIONS } from "../stacks/config";

/** The slice of JSON Schema that zod emits for our config schemas. */
interface JsonSchema {
  type?: string | string[];
  description?: string;
  default?: unknown;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  additionalProperties?: boolean | JsonSchema;
  anyOf?: JsonSchema[];
}

const HEADER = `# Configuration reference

Generated from the schemas in \`stacks/config/\` by \`npm run docs\`; a test fails when this file is
stale. Every key is in the \`${CONFIG_NAMESPACE}:\` namespace (bare keys in a stack file belong to it),
plus \`aws:region\`. Defaults are the secure, production-grade ones; each stack file sets what differs
for its environment. Unknown keys are errors.

Set a nested value with \`pulumi config set --path ${CONFIG_NAMESPACE}:network.nat single\`; a secret with
\`pulumi config set --secret --path ...\`.

| key | required | what |
| --- | --- | --- |
| \`aws:region\` | yes | AWS region of the stack, such as \`eu-west-1\`. |
`;

/** Renders docs/configuration.md from the config schemas. */
export function renderConfigReference(): string {
  const sections = Object.entries(SECTIONS).map(([section, schema]) => {
    const json = z.toJSONSchema(schema as z.ZodType, { io: "input", unrepresentable: "any" }) as JsonSchema;
    const key = `${CONFIG_NAMESPACE}:${section}`;
    const rows = json.properties ? flatten(json.properties, "") : [row(key, json)];
    return [
      `## \`${key}\``,
      "",
      json.description ?? "",
      "",
      "| key | type | default | allowed | description |",
      "| --- | --- | --- | --- | --- |",
      ...rows,
      "",
    ].join("\n");
  });
  const index = Object.keys(SECTIONS)
    .map((s) => `| \`${CONFIG_NAMESPACE}:${s}\` | ${s === "environment" ? "yes" : "no"} | see [below](#${`${CONFIG_NAMESPACE}${s}`.toLowerCase()}) |`)
    .join("\n");
  return `${HEADER}${index}\n\n${sections.join("\n")}`;
}

function flatten(properties: Record<string, JsonSchema>, prefix: string): string[] {
  return Object.entries(properties).flatMap(([name, schema]) => {
    const path = `${prefix}${name}`;
    const nested = schema.type === "object" && schema.properties && Object.keys(schema.properties).length > 0;
    return nested ? [row(path, schema), ...flatten(schema.properties!, `${path}.`)] : [row(path, schema)];
  });
}

function row(path: string, schema: JsonSchema): string {
  const cells = [`\`${path}\``, typeOf(schema), defaultOf(schema), allowedOf(schema), schema.description ?? ""];
  return `| ${cells.map((c) => c.replace(/\|/g, "\\|").replace(/\n/g, " ")).join(" | ")} |`;
}

function typeOf(schema: JsonSchema): string {
  if (schema.anyOf) return schema.anyOf.map(typeOf).join(" or ");
  if (schema.type === "array") return `list of ${schema.items ? typeOf(schema.items) : "values"}`;
  if (schema.type === "object" && !schema.properties && typeof schema.additionalProperties === "object") {
    return `map of ${typeOf(schema.additionalProperties)}`;
  }
  return Array.isArray(schema.type) ? schema.type.join(" or ") : (schema.type ?? "any");
}

function defaultOf(schema: JsonSchema): string {
  if (schema.default === undefined) return "";
  if (schema.type === "object" && schema.properties) return "";
  return `\`${JSON.stringify(schema.default)}\``;
}

function allowedOf(schema: JsonSchema): string {
  const target = schema.type === "array" && schema.items ? schema.items : schema;
  if (target.enum) return target.enum.map((v) => `\`${JSON.stringify(v)}\``).join(", ");
  if (target.minimum !== undefined && target.maximum !== undefined && target.maximum < Number.MAX_SAFE_INTEGER) {
    return `${target.minimum} to ${target.maximum}`;
  }
  if (target.minimum !== undefined) return `at least ${target.minimum}`;
  return "";
}
