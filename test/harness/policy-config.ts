/**
 * The CLI's check of a policy pack's config before it configures the pack
 * (`ReconcilePolicyPackConfig` in pulumi/pulumi's
 * sdk/go/common/resource/analyzer/config.go): each policy's schema defaults,
 * the configured properties over them, validated with gojsonschema against
 * `{ type: "object", properties, required }` (`convertSchema`: nothing else of
 * the policy's schema is sent), and the run refused with every error, each
 * prefixed by the policy's name. Here ajv validates, as JSON Schema draft-07
 * (one of the drafts gojsonschema reads), ignoring keywords it does not know
 * as gojsonschema does.
 */
import Ajv, { ValidateFunction } from "ajv";
import type { PlatformPolicy } from "../../policies/kit";

const ajv = new Ajv({ allErrors: true, strict: false });
const validators = new WeakMap<PlatformPolicy, ValidateFunction>();

/** The object schema the CLI validates a policy's config against. */
export function cliConfigSchema(policy: PlatformPolicy): Record<string, unknown> {
  const { properties = {}, required = [] } = policy.configSchema ?? {};
  return { type: "object", ...(Object.keys(properties).length > 0 && { properties }), ...(required.length > 0 && { required }) };
}

/** A policy's schema defaults, which the CLI fills in before the configured properties. */
export function schemaDefaults(policy: PlatformPolicy): Record<string, unknown> {
  return Object.fromEntries(Object.entries(policy.configSchema?.properties ?? {}).flatMap(([key, schema]) => ("default" in schema ? [[key, schema.default]] : [])));
}

/** What the CLI would say is wrong with `properties` as `policy`'s config, one line per error ("<policy>: <where> <what>"). */
export function configErrors(policy: PlatformPolicy, properties: Record<string, unknown>): string[] {
  if (!policy.configSchema) return [];
  let validate = validators.get(policy);
  if (!validate) {
    validate = ajv.compile(cliConfigSchema(policy));
    validators.set(policy, validate);
  }
  if (validate({ ...schemaDefaults(policy), ...properties })) return [];
  return (validate.errors ?? []).map((e) => `${policy.name}: ${e.instancePath.slice(1) || "(config)"} ${e.message}${e.params && "allowedValues" in e.params ? ` (${(e.params.allowedValues as unknown[]).join(", ")})` : ""}`);
}
