import type { PolicyResource } from "@pulumi/policy";

/** A JSON document given as a string (IAM policies, container definitions) or already parsed; undefined when unreadable. */
export function parseJson(value: unknown): Json {
  if (typeof value !== "string") return value ?? undefined;
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
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

/** The resources of `types`, in registration order. */
export function ofTypes(resources: readonly PolicyResource[], ...types: string[]): PolicyResource[] {
  return resources.filter((r) => types.includes(r.type));
}

/** True when `resource` depends on `target` (directly, through an input or `dependsOn`). */
export function dependsOn(resource: PolicyResource, target: PolicyResource): boolean {
  return resource.dependencies.some((d) => d.urn === target.urn) || Object.values(resource.propertyDependencies).some((deps) => deps.some((d) => d.urn === target.urn));
}

/** The type names of an ALB: `aws.lb` and its `aws.alb` alias. */
export const LOAD_BALANCER_TYPES = ["aws:lb/loadBalancer:LoadBalancer", "aws:alb/loadBalancer:LoadBalancer"];
export const LISTENER_TYPES = ["aws:lb/listener:Listener", "aws:alb/listener:Listener"];
export const TARGET_GROUP_TYPES = ["aws:lb/targetGroup:TargetGroup", "aws:alb/targetGroup:TargetGroup"];

/** An application load balancer that is reachable from the internet. */
export function isInternetFacingAlb(props: Props): boolean {
  const type = props.loadBalancerType ?? "application";
  return type === "application" && props.internal !== true;
}

/** Ranges that mean "anyone". */
export const ANYWHERE = ["0.0.0.0/0", "::/0"];

/** A value inside resource properties: untyped JSON as the engine sends it, so policies read it defensively. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;
/** Resource properties (inputs for resource policies, outputs for stack policies). */
export type Props = Record<string, Json>;
