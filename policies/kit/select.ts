import type { PackName, PlatformPolicy } from "./policy";

/**
 * The policies of one pack, picked by their `pack` metadata from every
 * exported value of the rule modules. Non-policy exports are ignored; a
 * duplicate name is an error, because the engine keys config and findings by
 * name.
 */
export function selectPolicies(pack: PackName, modules: readonly Record<string, unknown>[]): PlatformPolicy[] {
  const all = modules.flatMap((m) => Object.values(m)).filter(isPlatformPolicy);
  const seen = new Set<string>();
  for (const policy of all) {
    if (seen.has(policy.name)) throw new Error(`policy name ${policy.name} is used twice (expected unique names)`);
    seen.add(policy.name);
  }
  return all.filter((p) => p.pack === pack).sort((a, b) => a.name.localeCompare(b.name));
}

function isPlatformPolicy(value: unknown): value is PlatformPolicy {
  return !!value && typeof value === "object" && "kind" in value && "pack" in value && "name" in value && ((value as PlatformPolicy).kind === "resource" || (value as PlatformPolicy).kind === "stack");
}
