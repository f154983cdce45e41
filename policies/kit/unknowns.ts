import type { PolicyResource } from "@pulumi/policy";
import type { Json, Props } from "./types";

/**
 * Reading values that the engine may not know yet.
 *
 * During `pulumi preview`, whatever a provider computes on create (ids, ARNs,
 * defaults for omitted arguments) is unknown, and so is every input built
 * from one. `@pulumi/policy` hands properties to policies behind a proxy whose
 * `get` trap throws on an unknown value, and turns the throw into an advisory
 * "can't run policy ... during preview": a mandatory policy that reads one
 * unknown value enforces nothing in that preview. The helpers here let a
 * policy decide from what is known: presence (`in` and
 * `Object.getOwnPropertyDescriptor` are not trapped by that proxy), and, for
 * stack policies, which inputs the program declared.
 */

/** The engine's unknown values on the wire (pulumi/pulumi `sdk/go/common/resource/plugin/rpc.go`; `@pulumi/policy` `proxy.ts`). */
const UNKNOWN_VALUES: ReadonlySet<unknown> = new Set([
  "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7",
  "3eeb2bf0-c639-47a8-9e75-3b44932eb421",
  "04da6b54-80e4-46f7-96ec-b56ff0331ba9",
  "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2",
  "030794c1-ac77-496b-92df-f27374a8bd58",
  "e48ece36-62e2-4504-bad9-02848725956a",
  "dd056dcd-154b-4c76-9bd3-c8f88648b5ff",
]);

/** What `peek` returns for a value the engine does not know yet. */
export const UNKNOWN: unique symbol = Symbol("unknown until the update");

/**
 * `props[key]`, or `UNKNOWN` when the engine does not know it yet, without
 * tripping the unknown-checking proxy. Objects come back still behind the
 * proxy, so an unguarded read further down behaves as before.
 */
export function peek(props: Json, key: string): Json {
  if (props === null || typeof props !== "object") return undefined;
  const raw = Object.getOwnPropertyDescriptor(props, key)?.value;
  if (UNKNOWN_VALUES.has(raw)) return UNKNOWN;
  return raw === undefined ? undefined : props[key];
}

/** `peek` along a path; `UNKNOWN` as soon as a step is unknown. */
export function peekPath(props: Json, path: readonly string[]): Json {
  let node = props;
  for (const key of path) {
    node = peek(node, key);
    if (node === UNKNOWN || node === undefined) return node;
  }
  return node;
}

/**
 * True when the program set `key` to something: a known non-empty value, or
 * an unknown one (during a preview, an id or ARN another resource computes).
 * For "is a key configured" rules (`kmsKeyId`, `monitoringRoleArn`), which
 * then decide in a preview too.
 */
export function isSet(props: Json, key: string): boolean {
  const value = peek(props, key);
  return value === UNKNOWN || (value !== undefined && value !== null && value !== "");
}

/**
 * For stack policies, which see outputs: true when the program gave `key` as
 * an input. The engine sends a `propertyDependencies` entry for every input
 * the program set (pulumi/pulumi `step_generator.go` `AnalyzeResources`;
 * the Node SDK records one per serialized input), so an output AWS filled in
 * for an omitted argument (SSE-S3 on every bucket since 2023, an EKS endpoint
 * open to 0.0.0.0/0) is never taken for the program's choice.
 */
export function declared(resource: PolicyResource, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(resource.propertyDependencies, key);
}

/** The output at `path` when the program declared its first key; `undefined` when AWS filled it in, `UNKNOWN` when not known yet. */
export function declaredValue(resource: PolicyResource, path: readonly string[]): Json {
  return declared(resource, path[0]) ? peekPath(resource.props, path) : undefined;
}

/** Reads `path` through the proxy, which throws `@pulumi/policy`'s own unknown-value error where a step is unknown. */
export function readThrough(props: Props, path: readonly string[]): void {
  let node: Json = props;
  for (const key of path) node = node?.[key];
}
