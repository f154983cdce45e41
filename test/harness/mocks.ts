import * as pulumi from "@pulumi/pulumi";
import { createHash } from "crypto";
import { INVOKE_RESULTS, MockResourceContext, RESOURCE_OUTPUTS } from "./computed";

export const MOCK_ACCOUNT_ID = "123456789012";

/**
 * Mocks with realistic computed outputs (ids in AWS's shapes, ARNs, endpoints)
 * for the types in `computed/`. Invokes are strict: a data source without a
 * result in `computed/` fails the run instead of returning an empty object that
 * would hide a missing mock.
 */
export class PlatformMocks implements pulumi.runtime.Mocks {
  constructor(private readonly region: string) {}

  newResource(args: pulumi.runtime.MockResourceArgs): { id: string | undefined; state: Record<string, any> } {
    // Components have no provider state, except remote components (awsx) whose outputs are mocked in computed/.
    if (!args.custom && !RESOURCE_OUTPUTS[args.type]) return { id: undefined, state: {} };
    const hex = (length: number) => stableHex(`${args.type}::${args.name}`, length);
    const physicalName = typeof args.inputs.name === "string" ? args.inputs.name : `${args.name}-${hex(7)}`;
    const ctx: MockResourceContext = { type: args.type, name: args.name, inputs: args.inputs, region: this.region, accountId: MOCK_ACCOUNT_ID, hex, physicalName };
    const computed = RESOURCE_OUTPUTS[args.type]?.(ctx) ?? { outputs: {} };
    const id = args.id || computed.id || `${physicalName}`;
    const state = {
      arn: genericArn(args.type, this.region, physicalName),
      name: physicalName,
      tags: args.inputs.tags,
      tagsAll: args.inputs.tags,
      ...args.inputs,
      ...computed.outputs,
      id,
    };
    return { id, state };
  }

  call(args: pulumi.runtime.MockCallArgs): Record<string, any> {
    const result = INVOKE_RESULTS[args.token];
    if (!result) throw new Error(`no mock result for invoke ${args.token}; add one under test/harness/computed/`);
    return result(args.inputs, { region: this.region, accountId: MOCK_ACCOUNT_ID });
  }
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
