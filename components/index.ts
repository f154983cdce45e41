/**
 * The package root (`pulumi-aws-platform`): every component with its args and
 * outputs types, and the pure validators. Each folder is also a subpath of its
 * own (`pulumi-aws-platform/network`).
 */
// Both folders export a validateMonitoringArgs; the root's is the Monitoring component's (eks's is in pulumi-aws-platform/eks).
export { validateMonitoringArgs } from "./monitoring";
export * from "./cache";
export * from "./database";
export * from "./dns";
export * from "./ecs";
export * from "./eks";
export * from "./loadbalancer";
export * from "./monitoring";
export * from "./network";
export * from "./registry";
export * from "./waf";
