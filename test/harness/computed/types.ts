import * as pulumi from "@pulumi/pulumi";

/** What a resource mock gets: the resource's name, type and inputs, plus helpers for realistic values. */
export interface MockResourceContext {
  readonly type: string;
  readonly name: string;
  readonly inputs: Record<string, any>;
  readonly region: string;
  readonly accountId: string;
  /** A stable hex string derived from the type and name, `length` characters long. */
  hex(length: number): string;
  /** The physical name Pulumi would auto-generate: `<name>-<7 hex>`, or the given `name` input. */
  readonly physicalName: string;
}

/**
 * Extra outputs a type gets on top of its inputs, `id`, `arn` and `name`.
 * Returns the outputs and, where AWS assigns the id in a known shape, the id.
 */
export type ResourceOutputs = (ctx: MockResourceContext) => { id?: string; outputs: Record<string, unknown> };

/** Result of a data-source invoke, given its inputs. */
export type InvokeResult = (inputs: Record<string, any>, ctx: { region: string; accountId: string }) => Record<string, unknown>;

export interface ComputedOutputs {
  readonly resources: Record<string, ResourceOutputs>;
  readonly invokes: Record<string, InvokeResult>;
}

export type { pulumi };
