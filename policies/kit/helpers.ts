import type { PolicyResource } from "@pulumi/policy";
import type { Json } from "./types";
import { declaredValue, UNKNOWN } from "./unknowns";

export type { Json, Props } from "./types";

/**
 * Documents parsed so far, by their text: several policies read the same IAM
 * document or container definitions, so each is parsed once per pack
 * process. Bounded, because a pack serves every preview of a long session.
 */
const parsedDocuments = new Map<string, Json>();
const PARSED_DOCUMENTS_KEPT = 2_000;

/**
 * A JSON document given as a string (IAM policies, container definitions) or
 * already parsed; undefined when unreadable. Shared between callers: never
 * change what it returns.
 */
export function parseJson(value: unknown): Json {
  if (typeof value !== "string") return value ?? undefined;
  if (parsedDocuments.has(value)) return parsedDocuments.get(value);
  let parsed: Json;
  try {
    parsed = JSON.parse(value);
  } catch {
    parsed = undefined;
  }
  if (parsedDocuments.size >= PARSED_DOCUMENTS_KEPT) parsedDocuments.clear();
  parsedDocuments.set(value, parsed);
  return parsed;
}

/** A value the provider takes as one item or a list, as a list. */
export function asList<T>(value: T | readonly T[] | undefined | null): T[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? [...value] : [value as T];
}

/** True for `true` and `"true"` (launch templates and some nested blocks take strings). */
export function isTrue(value: unknown): boolean {
  return value === true || value === "true";
}

/**
 * Per list of stack resources, its resources by type, built on first use:
 * stack policies look resources up by type many times over the same list,
 * which can hold tens of thousands of resources.
 */
const byTypeIndex = new WeakMap<readonly { readonly type: string }[], Map<string, { readonly type: string }[]>>();

/** The resources of `types`, in registration order (stack resources, or the cost estimate's). */
export function ofTypes<T extends { readonly type: string }>(resources: readonly T[], ...types: string[]): T[] {
  let index = byTypeIndex.get(resources) as Map<string, T[]> | undefined;
  if (!index) {
    index = new Map();
    for (const r of resources) {
      const list = index.get(r.type);
      if (list) list.push(r);
      else index.set(r.type, [r]);
    }
    byTypeIndex.set(resources, index);
  }
  if (types.length === 1) return [...(index.get(types[0]) ?? [])];
  return resources.filter((r) => types.includes(r.type));
}

/** Per resource, the URNs it depends on directly, built on first use (relations are checked pairwise, often). */
const dependencyUrns = new WeakMap<PolicyResource, Set<string>>();

/** True when `resource` depends on `target` (directly, through an input or `dependsOn`). */
export function dependsOn(resource: PolicyResource, target: PolicyResource): boolean {
  let urns = dependencyUrns.get(resource);
  if (!urns) {
    urns = new Set(resource.dependencies.map((d) => d.urn));
    for (const deps of Object.values(resource.propertyDependencies)) for (const d of deps) urns.add(d.urn);
    dependencyUrns.set(resource, urns);
  }
  return urns.has(target.urn);
}

/** The type names of an ALB: `aws.lb` and its `aws.alb` alias. */
export const LOAD_BALANCER_TYPES = ["aws:lb/loadBalancer:LoadBalancer", "aws:alb/loadBalancer:LoadBalancer"];
export const LISTENER_TYPES = ["aws:lb/listener:Listener", "aws:alb/listener:Listener"];
export const TARGET_GROUP_TYPES = ["aws:lb/targetGroup:TargetGroup", "aws:alb/targetGroup:TargetGroup"];

/**
 * The application load balancers reachable from the internet, judged on what
 * the program declared with AWS's defaults for what it left out (a load
 * balancer is `application` and internet-facing unless told otherwise), so
 * the answer is the same in a preview, where those outputs are still unknown,
 * and after the update. One whose declared scheme or type is not known yet is
 * passed to `undecided`.
 */
export function internetFacingAlbs(resources: readonly PolicyResource[], undecided: (resource: PolicyResource, path: readonly string[]) => void): PolicyResource[] {
  return ofTypes(resources, ...LOAD_BALANCER_TYPES).filter((lb) => {
    const type = declaredValue(lb, ["loadBalancerType"]) ?? "application";
    const internal = declaredValue(lb, ["internal"]) ?? false;
    for (const [key, value] of [["loadBalancerType", type], ["internal", internal]] as const) if (value === UNKNOWN) undecided(lb, [key]);
    return type === "application" && internal === false;
  });
}

/** Ranges that mean "anyone". */
export const ANYWHERE = ["0.0.0.0/0", "::/0"];

