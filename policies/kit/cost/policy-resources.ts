import type { PolicyResource } from "@pulumi/policy";
import { declaredValue } from "../unknowns";
import type { CostResource } from "./types";

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
    // A provider's resource token is `pkg:module/resource:Type` (`aws:rds/instance:Instance`); a component's
    // (`platform:database:Postgres`), the stack's and a provider's own have no slash in the module.
    custom: (r.type.split(":")[1] ?? "").includes("/"),
    read: (path) => declaredValue(r, path),
    inputsFrom: Object.fromEntries(Object.entries(r.propertyDependencies).map(([property, deps]) => [property, deps.map((d) => d.urn)])),
  }));
}
