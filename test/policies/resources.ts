import { CapturedResource, RunResult } from "../harness";
import { PolicyRunOptions, PolicyViolation, analyzeWithPolicyPacks } from "../harness/policy-runner";

/**
 * Builds resources for policy unit tests in the shape the stack harness
 * captures them (URN, parent, inputs, options, state), so a case can start
 * from one compliant resource and change one property. The whole-program
 * tests capture real registrations instead.
 */
export interface TestResource {
  readonly type: string;
  readonly name: string;
  readonly inputs: Record<string, any>;
  /** Names of the resources this one depends on (through inputs or dependsOn). */
  readonly dependsOn?: readonly string[];
  /** The name of the test resource (a component) this one is a child of; the stack when unset. */
  readonly parent?: string;
}

const STACK_URN = "urn:pulumi:test::platform::pulumi:pulumi:Stack::platform-test";

export function urnOf(type: string, name: string): string {
  return `urn:pulumi:test::platform::${type}::${name}`;
}

export function stackOf(resources: readonly TestResource[]): RunResult {
  const captured: CapturedResource[] = [
    capture({ urn: STACK_URN, type: "pulumi:pulumi:Stack", name: "platform-test", custom: false, parent: "", inputs: {}, dependsOn: [] }),
    ...resources.map((r) =>
      capture({
        urn: urnOf(r.type, r.name),
        type: r.type,
        name: r.name,
        custom: true,
        parent: r.parent === undefined ? STACK_URN : urnIn(resources, r.parent, `${r.name}'s parent`),
        inputs: r.inputs,
        dependsOn: (r.dependsOn ?? []).map((name) => urnIn(resources, name, `${r.name} depends on it`)),
      }),
    ),
  ];
  return new RunResult(captured, "test");
}

/** The URN of the test resource called `name`, which `role` needs to be in the test stack. */
function urnIn(resources: readonly TestResource[], name: string, role: string): string {
  const target = resources.find((t) => t.name === name);
  if (!target) throw new Error(`${name} is not in the test stack (${role})`);
  return urnOf(target.type, target.name);
}

function capture(r: { urn: string; type: string; name: string; custom: boolean; parent: string; inputs: Record<string, any>; dependsOn: string[] }): CapturedResource {
  return {
    urn: r.urn,
    type: r.type,
    name: r.name,
    custom: r.custom,
    parent: r.parent,
    inputs: r.inputs,
    secretInputPaths: [],
    state: r.inputs,
    secretStatePaths: [],
    options: {
      protect: false,
      retainOnDelete: false,
      deleteBeforeReplace: false,
      ignoreChanges: [],
      replaceOnChanges: [],
      additionalSecretOutputs: [],
      aliases: [],
      dependsOn: r.dependsOn,
      // The SDK sends an entry for every input the program set; stack policies read declared inputs from it.
      propertyDependencies: Object.fromEntries(Object.keys(r.inputs).map((key) => [key, []])),
      provider: "",
      deletedWith: "",
    },
  } as CapturedResource;
}

/** The violations one policy reports for a test stack. */
export async function violationsOf(policy: string, resources: readonly TestResource[], options: PolicyRunOptions = {}): Promise<PolicyViolation[]> {
  const report = await analyzeWithPolicyPacks(stackOf(resources), options);
  return report.violations.filter((v) => v.policy === policy);
}

/** Pack config that gives one policy of `pack` its settings. */
export const settingsOf = (pack: { name: string }, policy: string, settings: Record<string, unknown>): PolicyRunOptions => ({ packConfig: { [pack.name]: { [policy]: settings } } });

/** A test stack of one resource. */
export const one = (type: string, name: string, inputs: Record<string, any>): TestResource[] => [{ type, name, inputs }];

/** A customer-managed KMS key's ARN, for inputs that name one. */
export const KEY = "arn:aws:kms:eu-west-1:123456789012:key/0d8a6b1e-1111-2222-3333-444455556666";

/** An IAM policy document's text, as the provider takes it (`policy`, `assumeRolePolicy`). */
export const iamPolicy = (...statements: Record<string, unknown>[]): string => JSON.stringify({ Version: "2012-10-17", Statement: statements });

/** Deep copy of `base` with `path` (dot-separated, numeric segments index arrays) set to `value`; `undefined` removes it. */
export function withChange<T extends Record<string, any>>(base: T, path: string, value: unknown): T {
  const copy = JSON.parse(JSON.stringify(base));
  const keys = path.split(".");
  let node = copy;
  for (const key of keys.slice(0, -1)) node = node[key] ??= {};
  const last = keys[keys.length - 1];
  if (value === undefined) delete node[last];
  else node[last] = value;
  return copy;
}
