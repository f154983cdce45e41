import { core } from "./core";
import { data } from "./data";
import { ecs } from "./ecs";
import { edge } from "./edge";
import { eks } from "./eks";
import { monitoring } from "./monitoring";
import { ComputedOutputs, InvokeResult, ResourceOutputs } from "./types";

/**
 * Each file here describes the computed outputs of one area's resource types
 * and the results of the data sources it calls. Add an area by importing it
 * into this list.
 */
const AREAS: ComputedOutputs[] = [core, ecs, edge, monitoring, data, eks];

export const RESOURCE_OUTPUTS: Record<string, ResourceOutputs> = Object.assign({}, ...AREAS.map((a) => a.resources));
export const INVOKE_RESULTS: Record<string, InvokeResult> = Object.assign({}, ...AREAS.map((a) => a.invokes));
export * from "./types";
export * from "./aws-defaults";
