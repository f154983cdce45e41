import * as pulumi from "@pulumi/pulumi";
import { createHash } from "crypto";
import { AWS_FILLED_DEFAULTS, INVOKE_RESULTS, MockResourceContext, RESOURCE_OUTPUTS } from "./computed";
import { EngineMode, knownAtPreview, UNKNOWN } from "./engine-mode";

export const MOCK_ACCOUNT_ID = "123456789012";
/** The organization of every mocked stack: what a self-managed backend calls its only one. */
export const MOCK_ORGANIZATION = "organization";
export const STACK_REFERENCE_TYPE = "pulumi:pulumi:StackReference";

/** Another stack's outputs, as a `pulumi.StackReference` to it reads them. */
export interface StackReferenceOutputs {
  readonly outputs: Readonly<Record<string, unknown>>;
  /** Top-level outputs that are secret (`getOutputDetails` hands them over as `secretValue`). @default none */
  readonly secretOutputNames?: readonly string[];
}

/**
 * Mocks with realistic computed outputs (ids in AWS's shapes, ARNs, endpoints)
 * for the types in `computed/`. Invokes are strict: a data source without a
 * result in `computed/` fails the run instead of returning an empty object that
 * would hide a missing mock. The engine mode (`engine-mode.ts`) decides which
 * outputs are unknown (`preview`) and whether AWS's defaults for omitted
 * arguments are filled in (`update`).
 */
export class PlatformMocks implements pulumi.runtime.Mocks {
  /** Fully qualified names of stacks the program referenced that `stackReferences` did not hold. */
  readonly missingReferences = new Set<string>();

  constructor(
    private readonly region: string,
    private readonly mode: EngineMode = "offline",
    /** Outputs of the stacks the program may reference, by `<organization>/<project>/<stack>`. */
    private readonly stackReferences: Readonly<Record<string, StackReferenceOutputs>> = {},
  ) {}

  newResource(args: pulumi.runtime.MockResourceArgs): { id: string | undefined; state: Record<string, any> } {
    if (args.type === STACK_REFERENCE_TYPE) return this.readStackReference(String(args.inputs.name ?? args.id));
    // Components have no provider state, except remote components (awsx) whose outputs are mocked in computed/.
    if (!args.custom && !RESOURCE_OUTPUTS[args.type]) return { id: undefined, state: {} };
    const hex = (length: number) => stableHex(`${args.type}::${args.name}`, length);
    const physicalName = typeof args.inputs.name === "string" ? args.inputs.name : `${args.name}-${hex(7)}`;
    const ctx: MockResourceContext = { type: args.type, name: args.name, inputs: args.inputs, region: this.region, accountId: MOCK_ACCOUNT_ID, hex, physicalName };
    const computed = RESOURCE_OUTPUTS[args.type]?.(ctx) ?? { outputs: {} };
    const providerOutputs: Record<string, unknown> = {
      arn: genericArn(args.type, this.region, physicalName),
      name: physicalName,
      tags: args.inputs.tags,
      tagsAll: args.inputs.tags,
      ...computed.outputs,
    };
    if (this.mode === "preview") return { id: args.id || undefined, state: plannedState(args.type, args.inputs, providerOutputs) };
    const id = args.id || computed.id || `${physicalName}`;
    const state = { ...providerOutputs, ...args.inputs, ...computed.outputs, id };
    if (this.mode === "update") fillAwsDefaults(args.type, ctx, state);
    return { id, state };
  }

  /**
   * A stack reference is a read, and the engine runs reads in previews too
   * ("Unlike most steps, Read steps run during previews", pulumi/pulumi
   * pkg/resource/deploy/step.go), so its outputs are known in every engine
   * mode. A stack the mocks were given nothing for reads as a stack without
   * outputs and is recorded, so the harness can run it and try again (the
   * engine would fail the read; a failed read here would also reach jest as
   * an unhandled rejection of the SDK's own).
   */
  private readStackReference(name: string): { id: string; state: Record<string, unknown> } {
    const referenced = this.stackReferences[name];
    if (!referenced) this.missingReferences.add(name);
    return { id: name, state: { name, outputs: referenced?.outputs ?? {}, secretOutputNames: [...(referenced?.secretOutputNames ?? [])] } };
  }

  call(args: pulumi.runtime.MockCallArgs): Record<string, any> {
    const result = INVOKE_RESULTS[args.token];
    if (!result) throw new Error(`no mock result for invoke ${args.token}; add one under test/harness/computed/`);
    return result(args.inputs, { region: this.region, accountId: MOCK_ACCOUNT_ID });
  }
}

/**
 * What a provider's preview of a create returns: the checked inputs as given
 * (unknowns included), the auto-name and tags, and every other output it
 * computes, AWS's defaults included, as unknown. An input block the provider
 * adds computed fields to (an EKS cluster's `vpcConfig`) keeps its given
 * fields and gets the rest as unknown. The id is left out, which the SDK
 * reads as unknown during a dry run.
 */
function plannedState(type: string, inputs: Record<string, unknown>, providerOutputs: Record<string, unknown>): Record<string, unknown> {
  const known = knownAtPreview(type);
  const state: Record<string, unknown> = { ...inputs };
  for (const [key, value] of Object.entries(providerOutputs)) {
    if (value === undefined) continue;
    if (known.has(key)) state[key] ??= value;
    else state[key] = key in inputs ? withUnknownExtras(inputs[key], value) : UNKNOWN;
  }
  for (const { property } of AWS_FILLED_DEFAULTS[type] ?? []) setWhereAbsent(state, property.split("."), UNKNOWN);
  return state;
}

function withUnknownExtras(given: unknown, computed: unknown): unknown {
  if (!isPlainObject(given) || !isPlainObject(computed)) return given;
  const out: Record<string, unknown> = { ...given };
  for (const [key, value] of Object.entries(computed)) out[key] = key in given ? withUnknownExtras(given[key], value) : UNKNOWN;
  return out;
}

/** Adds AWS's value for each default whose argument the program left out (nested ones inside a given block). */
function fillAwsDefaults(type: string, ctx: MockResourceContext, state: Record<string, any>): void {
  for (const fact of AWS_FILLED_DEFAULTS[type] ?? []) {
    const value = fact.value(ctx);
    if (value !== undefined) setWhereAbsent(state, fact.property.split("."), value);
  }
}

/**
 * Sets `path` to `value` unless the program gave it; blocks on the way are
 * copied, not changed, and a block that is itself unknown stays unknown.
 */
function setWhereAbsent(state: Record<string, unknown>, path: string[], value: unknown): void {
  const [key, ...rest] = path;
  if (rest.length === 0) {
    if (state[key] === undefined) state[key] = value;
    return;
  }
  if (state[key] === undefined) state[key] = {};
  if (!isPlainObject(state[key])) return;
  const block = { ...state[key] };
  setWhereAbsent(block, rest, value);
  state[key] = block;
}

/** A plain object; the SDK's unknown value (a class instance during a dry run) is not one. */
function isPlainObject(value: unknown): value is Record<string, any> {
  return !!value && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype;
}

export function stableHex(seed: string, length: number): string {
  let out = "";
  for (let i = 0; out.length < length; i++) out += createHash("sha256").update(`${seed}#${i}`).digest("hex");
  return out.slice(0, length);
}

/** `aws:rds/instance:Instance` → `arn:aws:rds:<region>:<account>:instance/<name>`. */
function genericArn(type: string, region: string, physicalName: string): string {
  const [, module = "resource", member = "resource"] = type.split(/[:/]/);
  return `arn:aws:${module}:${region}:${MOCK_ACCOUNT_ID}:${member.toLowerCase()}/${physicalName}`;
}
