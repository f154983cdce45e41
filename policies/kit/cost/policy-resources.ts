import type { PolicyResource } from "@pulumi/policy";
import { declaredValue } from "../unknowns";
import type { CostResource } from "./types";

/**
 * Component resources whose tokens look like a provider's (a slash in the module): the Kubernetes
 * provider's multi-language components. Their children are the billed resources.
 */
const COMPONENT_TOKENS: ReadonlySet<string> = new Set([
  "kubernetes:helm.sh/v3:Chart",
  "kubernetes:helm.sh/v4:Chart",
  "kubernetes:yaml/v2:ConfigFile",
  "kubernetes:yaml/v2:ConfigGroup",
  "kubernetes:kustomize/v2:Directory",
]);

/**
 * A stack policy's resources as the estimator reads them: only the inputs
 * the program declared (`declaredValue`), never an output AWS filled in, so
 * the budget policy decides the same in `pulumi preview` and after the update.
 */
export function costResourcesOf(resources: readonly PolicyResource[]): CostResource[] {
  return resources.map((r) => ({
    urn: r.urn,
    type: r.type,
    name: r.name,
    parent: r.parent?.urn ?? "",
    // A stack policy is not told which resources are components. A provider's resource token is
    // `pkg:module/resource:Type` (`aws:rds/instance:Instance`); a component's (`platform:database:Postgres`),
    // the stack's and a provider's own have no slash in the module, but for the few listed above.
    custom: (r.type.split(":")[1] ?? "").includes("/") && !COMPONENT_TOKENS.has(r.type),
    read: (path) => declaredValue(r, path),
    inputsFrom: Object.fromEntries(Object.entries(r.propertyDependencies).map(([property, deps]) => [property, deps.map((d) => d.urn)])),
  }));
}
