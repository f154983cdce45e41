import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { AWS_REGION_PATTERN } from "../../components/internal/aws-patterns";
import { describe } from "../../components/internal/validation";
import { cacheSchema } from "./cache";
import { capacityProblems } from "./capacity";
import { computeSchema } from "./compute";
import { databaseSchema } from "./database";
import { disasterRecoverySchema, disasterRecoveryProblems } from "./disaster-recovery";
import { ConfigError, formatIssues } from "./errors";
import { monitoringProblems, monitoringSchema } from "./monitoring";
import { networkSchema } from "./network";
import { oneOf } from "./schema";
import { tagsSchema } from "./tags";
import { trafficSchema } from "./traffic";
import { wafSchema } from "./waf";

export { ConfigError } from "./errors";

/** The project's config namespace: bare keys in the stack files belong to it. */
export const CONFIG_NAMESPACE = "platform";
export const ENVIRONMENTS = ["dev", "staging", "prod"] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

/**
 * Every `platform:` key, its schema, and its defaults. This map is the one
 * place defaults live; `docs/configuration.md` is generated from it.
 */
export const SECTIONS = {
  environment: oneOf(ENVIRONMENTS).describe("Which environment this stack is: dev, staging or prod. Required."),
  network: networkSchema,
  database: databaseSchema,
  cache: cacheSchema,
  compute: computeSchema,
  traffic: trafficSchema,
  waf: wafSchema,
  monitoring: monitoringSchema,
  disasterRecovery: disasterRecoverySchema,
  tags: tagsSchema,
} as const;

type Sections = typeof SECTIONS;
export type PlatformConfig = { [K in keyof Sections]: z.infer<Sections[K]> } & {
  /** `aws:region`, the provider's region. */
  readonly region: string;
  /** The Pulumi stack name. */
  readonly stack: string;
  /** Each section as the stack file gave it, before defaults: which keys the file sets. */
  readonly given: Readonly<Record<string, unknown>>;
};

/** Keys that hold strings; every other section is a structured object. */
export const STRING_SECTIONS: ReadonlySet<string> = new Set(["environment"]);

/**
 * Validates raw stack configuration as the Pulumi CLI hands it to a program:
 * full keys (`platform:network`) to strings, structured values as JSON.
 * Throws one {@link ConfigError} listing every problem. `isSecret` says which
 * keys the CLI handed over as secrets; none, unless given.
 */
export function parsePlatformConfig(raw: Readonly<Record<string, string>>, stack: string, isSecret: (key: string) => boolean = () => false): PlatformConfig {
  const problems: string[] = [];
  const parsed: Record<string, unknown> = {};
  const inputs: Record<string, unknown> = {};
  const known = Object.keys(SECTIONS).map((k) => `${CONFIG_NAMESPACE}:${k}`);
  for (const key of Object.keys(raw)) {
    if (key.startsWith(`${CONFIG_NAMESPACE}:`) && !known.includes(key)) {
      problems.push(`${key}: unknown config key (allowed keys: ${known.join(", ")})`);
    }
  }
  for (const [section, schema] of Object.entries(SECTIONS)) {
    const key = `${CONFIG_NAMESPACE}:${section}`;
    const value = raw[key];
    let input: unknown = value;
    if (value !== undefined && !STRING_SECTIONS.has(section)) {
      try {
        input = JSON.parse(value);
      } catch {
        problems.push(`${key}: ${describe(value)} is not allowed (expected a structured object)`);
        continue;
      }
    }
    inputs[section] = input;
    const result = (schema as z.ZodType).safeParse(input, { reportInput: true });
    if (result.success) parsed[section] = result.data;
    else problems.push(...formatIssues(key, schema as z.ZodType, result.error.issues));
  }
  const region = raw["aws:region"];
  if (region === undefined) problems.push("aws:region: is required (expected an AWS region such as eu-west-1)");
  else if (!AWS_REGION_PATTERN.test(region)) problems.push(`aws:region: ${describe(region)} is not allowed (expected an AWS region such as eu-west-1)`);
  if (problems.length > 0) throw new ConfigError(problems);
  const config: PlatformConfig = { ...(parsed as { [K in keyof Sections]: z.infer<Sections[K]> }), region: region!, stack, given: inputs };
  const crossSection = [...capacityProblems(config), ...monitoringProblems(config, isSecret), ...disasterRecoveryProblems(config)];
  if (crossSection.length > 0) throw new ConfigError(crossSection);
  return config;
}

/**
 * Reads and validates the running stack's configuration. Which keys are
 * secret the SDK knows from the language host (`PULUMI_CONFIG_SECRET_KEYS`);
 * its `isConfigSecret` is exported from `@pulumi/pulumi/runtime/config` but
 * marked internal, so it is absent from the type declarations.
 */
export function loadPlatformConfig(): PlatformConfig {
  const runtime = pulumi.runtime as unknown as { isConfigSecret(key: string): boolean };
  return parsePlatformConfig(pulumi.runtime.allConfig(), pulumi.getStack(), (key) => runtime.isConfigSecret(key));
}
