import * as pulumi from "@pulumi/pulumi";
import { EngineMode, RunResult, runComponents } from "../harness";
import type { TestResource } from "./resources";

/** A custom resource of any type token, registered with exactly the inputs given. */
class FixtureResource extends pulumi.CustomResource {
  constructor(type: string, name: string, inputs: Record<string, unknown>, opts: pulumi.CustomResourceOptions) {
    super(type, name, inputs, opts);
  }
}

/**
 * Registers a policy test stack for real under the mock runtime, in an engine
 * mode: each resource as a custom resource of its type, with its inputs and
 * `dependsOn` on the resources it names. Unlike `stackOf` (which hands the
 * analyzer the inputs as outputs), the mocks then decide what a provider
 * computes: unknown in a preview, AWS's defaults after an update.
 */
export function runFixture(resources: readonly TestResource[], mode: EngineMode): Promise<RunResult> {
  return runComponents(
    () => {
      const registered = new Map<string, FixtureResource>();
      for (const r of resources) {
        const dependsOn = (r.dependsOn ?? []).map((name) => {
          const target = registered.get(name);
          if (!target) throw new Error(`${r.name} depends on ${name}, which is not registered before it`);
          return target;
        });
        const resource = new FixtureResource(r.type, r.name, r.inputs, { dependsOn });
        if (!registered.has(r.name)) registered.set(r.name, resource);
      }
    },
    { mode },
  );
}
