import type {
  PolicyResource,
  EnforcementLevel,
  PolicyComplianceFramework,
  PolicyConfigSchema,
  ReportViolation,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationArgs,
  StackValidationPolicy,
} from "@pulumi/policy";
import type { PolicyConfigJSONSchema } from "@pulumi/policy/schema";
import type { Props } from "./helpers";
import { readThrough } from "./unknowns";
import { EXEMPTIONS_SCHEMA, isExempt, readExemptions } from "./exemptions";
import { FRAMEWORKS, FrameworkId } from "./frameworks";

/** How bad a violation is; Pulumi Cloud shows it next to each finding. */
export type Severity = "low" | "medium" | "high" | "critical";

/** When the engine can first decide a policy for a new stack (`PolicyMetadata.decides`). */
export type Decides = "preview" | "update";

/** The packs this repository ships; a policy names the one it belongs to and the pack selects on it. */
export type PackName = "security" | "compliance";

/**
 * Everything a policy says about itself, written once. Pulumi Cloud displays
 * `severity`, `framework` (the first entry of `frameworks`), `tags` (every
 * framework, the service and the severity) and `remediationSteps`;
 * `docs/policies.md` is generated from the same fields.
 */
export interface PolicyMetadata<TSettings extends object> {
  /** `aws-<service>-<resource>-<rule>` (or `kubernetes-<resource>-<rule>`), unique across both packs. */
  readonly name: string;
  /** One sentence: what a compliant resource looks like. */
  readonly description: string;
  readonly pack: PackName;
  /** @default "mandatory" in the security pack, "advisory" in the compliance pack */
  readonly enforcementLevel?: EnforcementLevel;
  readonly severity: Severity;
  /** Frameworks whose controls this policy supports, most specific first. */
  readonly frameworks: readonly FrameworkId[];
  /** What to change, in the words of the component or stack file where it is changed. */
  readonly remediationSteps: string;
  /** AWS service (or `kubernetes`), used as a tag and in the docs. */
  readonly service: string;
  /**
   * When the engine can first decide the policy for a new stack. `preview`:
   * it reads only what the program declares (inputs, relations, presence),
   * so `pulumi preview` enforces it. `update`: it needs a value AWS assigns
   * on create (an ARN inside an IAM document or a container definition), so
   * a first `pulumi preview` reports "can't run" and, before anything
   * changes, only the offline preview (`npm run preview`, a required CI
   * check) decides it. `test/policies/stacks-*.test.ts` checks this against
   * every shipped stack in the preview engine mode.
   * @default "preview"
   */
  readonly decides?: Decides;
  /**
   * Settings with their JSON schema and the defaults the code applies. Only
   * the CLI fills in schema defaults, so the code must not rely on them.
   */
  readonly settings?: { readonly [K in keyof TSettings]-?: PolicyConfigJSONSchema & { readonly default: TSettings[K] } };
}

/** Settings every policy accepts, beyond its own. */
export interface CommonSettings {
  readonly exemptions: readonly { readonly urn?: string; readonly name?: string; readonly reason: string }[];
}

/** A resource policy with the metadata the packs, the docs and the tests read. */
export interface PlatformResourcePolicy extends ResourceValidationPolicy {
  readonly pack: PackName;
  readonly frameworks: readonly FrameworkId[];
  readonly service: string;
  readonly severity: Severity;
  readonly enforcementLevel: EnforcementLevel;
  readonly remediationSteps: string;
  readonly decides: Decides;
  readonly kind: "resource";
}

/** A stack policy with the metadata the packs, the docs and the tests read. */
export interface PlatformStackPolicy extends StackValidationPolicy {
  readonly pack: PackName;
  readonly frameworks: readonly FrameworkId[];
  readonly service: string;
  readonly severity: Severity;
  readonly enforcementLevel: EnforcementLevel;
  readonly remediationSteps: string;
  readonly decides: Decides;
  readonly kind: "stack";
}

export type PlatformPolicy = PlatformResourcePolicy | PlatformStackPolicy;

/** What a resource check receives: the resource, its settings with defaults applied, and how to report. */
export interface ResourceCheck<TSettings> {
  readonly args: ResourceValidationArgs;
  readonly props: Props;
  readonly settings: TSettings & CommonSettings;
  readonly report: (message: string) => void;
}

/** What a stack check receives; resources matching an exemption are already removed. */
export interface StackCheck<TSettings> {
  readonly args: StackValidationArgs;
  readonly resources: StackValidationArgs["resources"];
  readonly settings: TSettings & CommonSettings;
  readonly report: (message: string, urn?: string) => void;
  /**
   * Marks a resource the check could not judge because the value at `path`
   * is not known yet (a preview). The check goes on with the other
   * resources, so what it can decide is still reported; afterwards the
   * policy is reported as unable to run during the preview, naming that value.
   */
  readonly undecided: (resource: PolicyResource, path: readonly string[]) => void;
}

const POLICY_NAME = /^(aws|kubernetes)(-[a-z0-9]+){2,}$/;

/**
 * A policy over individual resources of `types`. The types are checked first,
 * so a resource of another type is reported as not applicable, the way the
 * CLI reports `validateResourceOfType` policies; exempted resources likewise.
 */
export function resourcePolicy<TSettings extends object = Record<string, never>>(
  meta: PolicyMetadata<TSettings> & {
    /** Resource types the policy checks; others are reported as not applicable. */
    readonly types: readonly string[];
    /** Also check resources of other types for which this returns true (e.g. any resource that sets `tags`). */
    readonly alsoAppliesTo?: (type: string, props: Props) => boolean;
    readonly validate: (check: ResourceCheck<TSettings>) => void;
  },
): PlatformResourcePolicy {
  const base = metadata(meta);
  const types = new Set(meta.types);
  const otherType = `applies to ${meta.types.join(", ")}`;
  const validateResource = (args: ResourceValidationArgs, reportViolation: ReportViolation) => {
    if (!types.has(args.type) && !meta.alsoAppliesTo?.(args.type, args.props)) notApplicable(args, otherType);
    const settings = readSettings(meta, args.getConfig<Record<string, unknown>>());
    const exemption = isExempt(settings.exemptions, args.urn, args.name);
    if (exemption) notApplicable(args, `exempted: ${exemption.reason}`);
    meta.validate({ args, props: args.props, settings, report: (message) => reportViolation(message) });
  };
  // A policy over one type says so the way @pulumi/policy's own validateResourceOfType does
  // (`__pulumiType` on the function): the analyzer then reports every other type as not applicable
  // without calling the policy, instead of catching a thrown not-applicable error per resource.
  if (types.size === 1 && !meta.alsoAppliesTo) Object.assign(validateResource, { __pulumiType: meta.types[0] });
  return { ...base, kind: "resource", validateResource };
}

/**
 * `args.notApplicable`, which throws an error the analyzer catches and
 * reports by its reason; the error's stack is never read, and capturing one
 * for every resource of another type was most of what a multi-type policy
 * cost (npm run bench).
 */
function notApplicable(args: ResourceValidationArgs, reason: string): never {
  const { stackTraceLimit } = Error;
  Error.stackTraceLimit = 0;
  try {
    return args.notApplicable(reason);
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
}

/** A policy over the whole stack (relations between resources: this ALB has a WAF, that VPC has flow logs). */
export function stackPolicy<TSettings extends object = Record<string, never>>(
  meta: PolicyMetadata<TSettings> & { readonly validate: (check: StackCheck<TSettings>) => void },
): PlatformStackPolicy {
  const base = metadata(meta);
  return {
    ...base,
    kind: "stack",
    validateStack: (args: StackValidationArgs, reportViolation: ReportViolation) => {
      const settings = readSettings(meta, args.getConfig<Record<string, unknown>>());
      const resources = args.resources.filter((r) => !isExempt(settings.exemptions, r.urn, r.name));
      const undecided: { resource: PolicyResource; path: readonly string[] }[] = [];
      meta.validate({ args, resources, settings, report: (message, urn) => reportViolation(message, urn), undecided: (resource, path) => void undecided.push({ resource, path }) });
      // Reading the value through @pulumi/policy's proxy throws its own unknown-value error, which
      // the analyzer reports as "can't run ... during preview" after the findings already made.
      for (const { resource, path } of undecided) readThrough(resource.props, path);
    },
  };
}

function metadata<TSettings extends object>(meta: PolicyMetadata<TSettings>): Omit<PlatformResourcePolicy, "kind" | "validateResource"> {
  if (!POLICY_NAME.test(meta.name)) throw new Error(`policy name ${meta.name} is not allowed (expected kebab-case aws-<service>-<resource>-<rule>)`);
  if (meta.frameworks.length === 0) throw new Error(`policy ${meta.name} names no framework (expected at least one of ${Object.keys(FRAMEWORKS).join(", ")})`);
  const primary = FRAMEWORKS[meta.frameworks[0]];
  const framework: PolicyComplianceFramework = { name: primary.name, version: primary.version, reference: primary.reference, specification: primary.specification };
  const configSchema: PolicyConfigSchema = {
    properties: {
      ...Object.fromEntries(Object.entries(meta.settings ?? {}).map(([key, schema]) => [key, schema as PolicyConfigJSONSchema])),
      exemptions: EXEMPTIONS_SCHEMA,
    },
  };
  return {
    name: meta.name,
    description: meta.description,
    pack: meta.pack,
    enforcementLevel: meta.enforcementLevel ?? (meta.pack === "security" ? "mandatory" : "advisory"),
    severity: meta.severity,
    frameworks: meta.frameworks,
    framework,
    service: meta.service,
    tags: [...meta.frameworks.map((id) => FRAMEWORKS[id].tag), `service:${meta.service}`, `severity:${meta.severity}`, `pack:${meta.pack}`],
    remediationSteps: meta.remediationSteps,
    decides: meta.decides ?? "preview",
    configSchema,
  };
}

/**
 * The configured settings over the code's defaults: the engine passes only what the user configured.
 * A key the policy does not take is refused: the CLI validates each setting against its schema but
 * never the keys themselves (it sends a policy's schema as `properties` and `required` alone:
 * `convertSchema` in pulumi/pulumi's sdk/go/common/resource/analyzer/config.go), so a misspelt
 * setting would otherwise be ignored. `enforcementLevel` is @pulumi/policy's own (its `configure`).
 */
function readSettings<TSettings extends object>(meta: PolicyMetadata<TSettings>, configured: Record<string, unknown>): TSettings & CommonSettings {
  const takes = [...Object.keys(meta.settings ?? {}), "exemptions"];
  const unknown = Object.keys(configured).filter((key) => key !== "enforcementLevel" && !takes.includes(key));
  if (unknown.length > 0) throw new Error(`policy ${meta.name} has no setting ${unknown.join(", ")} (it takes ${takes.join(", ")})`);
  const defaults = Object.fromEntries(Object.entries(meta.settings ?? {}).map(([key, schema]) => [key, (schema as { default: unknown }).default]));
  const given = Object.fromEntries(Object.entries(configured).filter(([, value]) => value !== undefined && value !== null));
  return { ...defaults, ...given, exemptions: readExemptions(configured.exemptions) } as TSettings & CommonSettings;
}
