import { PackageSpec } from "@pulumi/pulumi/provider/experimental/schema";

/**
 * Checks a Pulumi YAML program's use of a package against the package's
 * schema, as the YAML language host would when it binds the program: resource
 * types that exist, properties the component takes (none unknown, none
 * required missing), values of the right type (enum values, object keys, list
 * items), references to outputs the referenced component has, and no output
 * where the schema wants a plain value (outputs are never plain).
 *
 * Other packages' resources (aws:...) are not typed here; references to them
 * must name a resource of the program.
 */
export function checkYamlProgram(program: YamlProgram, schema: PackageSpec): string[] {
  const problems: string[] = [];
  const resources = program.resources ?? {};
  const tokenOf = (type: string) => (type.split(":").length === 2 ? type.replace(":", ":index:") : type);
  const ours = (type: string) => type.startsWith(`${schema.name}:`);

  /** The schema type of `${resource.output[0].key}`, or undefined for another package's resource. */
  const referenced = (expression: string, at: string): { type?: TypeSpec; known: boolean } | undefined => {
    const [root, ...accessors] = expression.split(/\.|(?=\[)/);
    if (program.config?.[root] !== undefined || program.variables?.[root] !== undefined || root === "pulumi") return { known: false };
    const resource = resources[root];
    if (!resource) {
      problems.push(`${at}: \${${expression}} names no resource, variable or config value of the program`);
      return undefined;
    }
    if (!ours(resource.type) || accessors.length === 0) return { known: false };
    const component = schema.resources[tokenOf(resource.type)];
    if (!component) return undefined;
    let type = component.properties?.[accessors[0]] as TypeSpec | undefined;
    if (!type) {
      problems.push(`${at}: ${resource.type} has no output ${accessors[0]} (it has ${Object.keys(component.properties ?? {}).join(", ")})`);
      return undefined;
    }
    for (const accessor of accessors.slice(1)) {
      const object = type && resolve(type);
      if (accessor.startsWith("[") && type?.type === "array") type = type.items;
      else if (object?.properties?.[accessor]) type = object.properties[accessor] as TypeSpec;
      else {
        problems.push(`${at}: ${expression} cannot be read (${accessor} is not part of the output)`);
        return undefined;
      }
    }
    return { type, known: true };
  };

  const resolve = (type: TypeSpec) => (type.$ref?.startsWith("#/types/") ? schema.types[decodeURIComponent(type.$ref.slice("#/types/".length))] : undefined);

  const check = (value: unknown, expected: TypeSpec, at: string): void => {
    const whole = typeof value === "string" ? value.match(/^\$\{([^}]+)\}$/) : null;
    if (whole) {
      const ref = referenced(whole[1], at);
      if (!ref) return;
      if (expected.plain) problems.push(`${at}: takes a plain value, and \${${whole[1]}} is an output`);
      if (ref.type && !sameType(ref.type, expected)) problems.push(`${at}: \${${whole[1]}} is ${describe(ref.type)}, expected ${describe(expected)}`);
      return;
    }
    if (typeof value === "string" && value.includes("${")) {
      for (const [, expression] of value.matchAll(/\$\{([^}]+)\}/g)) referenced(expression, at);
      if (expected.type !== "string") problems.push(`${at}: an interpolated string, expected ${describe(expected)}`);
      return;
    }
    if (expected.oneOf) {
      const discriminator = expected.discriminator;
      const kind = discriminator && isObject(value) ? value[discriminator.propertyName] : undefined;
      const chosen = discriminator ? discriminator.mapping[String(kind)] : undefined;
      if (discriminator && !chosen) problems.push(`${at}.${discriminator.propertyName}: ${JSON.stringify(kind)} is not one of ${Object.keys(discriminator.mapping).join(", ")}`);
      else if (chosen) check(value, { $ref: chosen, plain: expected.plain }, at);
      return;
    }
    if (expected.$ref === "pulumi.json#/Any") {
      // Untyped, but references inside it must still name something.
      const nested = Array.isArray(value) ? value : isObject(value) ? Object.values(value) : [];
      nested.forEach((item) => check(item, expected, at));
      return;
    }
    const named = resolve(expected);
    if (named?.enum) {
      if (!named.enum.some((e) => e.value === value)) problems.push(`${at}: ${JSON.stringify(value)} is not one of ${named.enum.map((e) => JSON.stringify(e.value)).join(", ")}`);
      return;
    }
    if (named) return checkObject(value, (named.properties ?? {}) as Record<string, TypeSpec>, named.required ?? [], at);
    if (expected.$ref) return; // another package's resource: not typed here
    switch (expected.type) {
      case "array":
        if (!Array.isArray(value)) problems.push(`${at}: ${JSON.stringify(value)} is not a list`);
        else value.forEach((item, i) => check(item, expected.items!, `${at}[${i}]`));
        return;
      case "object":
        if (!isObject(value)) problems.push(`${at}: ${JSON.stringify(value)} is not a map`);
        else for (const [key, item] of Object.entries(value)) check(item, expected.additionalProperties!, `${at}.${key}`);
        return;
      case "number":
      case "integer":
        if (typeof value !== "number") problems.push(`${at}: ${JSON.stringify(value)} is not a number`);
        return;
      default:
        if (typeof value !== expected.type) problems.push(`${at}: ${JSON.stringify(value)} is not a ${expected.type}`);
    }
  };

  const checkObject = (value: unknown, properties: Record<string, TypeSpec>, required: string[], at: string): void => {
    if (!isObject(value)) {
      problems.push(`${at}: ${JSON.stringify(value)} is not an object`);
      return;
    }
    for (const key of Object.keys(value)) {
      if (!properties[key]) problems.push(`${at}.${key}: unknown property (allowed: ${Object.keys(properties).join(", ")})`);
    }
    for (const key of required) if (!(key in value)) problems.push(`${at}.${key}: required`);
    for (const [key, item] of Object.entries(value)) if (properties[key]) check(item, properties[key], `${at}.${key}`);
  };

  for (const [name, resource] of Object.entries(resources)) {
    if (!ours(resource.type)) {
      for (const [key, value] of Object.entries(resource.properties ?? {})) check(value, { $ref: "pulumi.json#/Any" }, `resources.${name}.properties.${key}`);
      continue;
    }
    const component = schema.resources[tokenOf(resource.type)];
    if (!component) {
      problems.push(`resources.${name}.type: ${resource.type} is not in the package (it has ${Object.keys(schema.resources).join(", ")})`);
      continue;
    }
    checkObject(resource.properties ?? {}, (component.inputProperties ?? {}) as Record<string, TypeSpec>, component.requiredInputs ?? [], `resources.${name}.properties`);
  }
  for (const [name, value] of Object.entries(program.outputs ?? {})) check(value, { $ref: "pulumi.json#/Any" }, `outputs.${name}`);
  return problems;
}

/** The parts of a Pulumi YAML program this check reads. */
export interface YamlProgram {
  readonly config?: Record<string, unknown>;
  readonly variables?: Record<string, unknown>;
  readonly resources?: Record<string, { readonly type: string; readonly properties?: Record<string, unknown> }>;
  readonly outputs?: Record<string, unknown>;
}

/** A property's type in the schema, as the check reads it. */
interface TypeSpec {
  readonly type?: string;
  readonly $ref?: string;
  readonly items?: TypeSpec;
  readonly additionalProperties?: TypeSpec;
  readonly plain?: boolean;
  readonly oneOf?: TypeSpec[];
  readonly discriminator?: { propertyName: string; mapping: Record<string, string> };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function sameType(actual: TypeSpec, expected: TypeSpec): boolean {
  if (expected.$ref === "pulumi.json#/Any") return true;
  if (actual.$ref || expected.$ref) return actual.$ref === expected.$ref;
  if (actual.type === "array" && expected.type === "array") return sameType(actual.items!, expected.items!);
  return actual.type === expected.type;
}

function describe(type: TypeSpec): string {
  if (type.$ref) return type.$ref;
  return type.type === "array" ? `a list of ${describe(type.items!)}` : `a ${type.type}`;
}
