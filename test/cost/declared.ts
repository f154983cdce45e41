import type { CostResource } from "../../policies/kit/cost";
import { UNKNOWN } from "../../policies/kit/unknowns";

/** The stack resource every estimate test's resources sit under. */
export const STACK: CostResource = { urn: "urn:pulumi:test::platform::pulumi:pulumi:Stack::platform-test", type: "pulumi:pulumi:Stack", name: "platform-test", parent: "", custom: false, read: () => undefined, inputsFrom: {} };

let seq = 0;
/** A declared resource for the estimator: its inputs, parent and where input values came from. */
export function declared(type: string, name: string, inputs: Record<string, unknown>, extra: Partial<CostResource> = {}): CostResource {
  const urn = `urn:pulumi:test::platform::${type}::${name}-${seq++}`;
  const read = (path: readonly string[]) => path.reduce((node: any, key) => (node === undefined || node === UNKNOWN || node === null ? node : node[key]), inputs);
  return { urn, type, name, parent: STACK.urn, custom: true, read, inputsFrom: {}, ...extra };
}

/** Cents, for comparing amounts worked out by hand. */
export function round(n: number): number {
  return Math.round(n * 100) / 100;
}
