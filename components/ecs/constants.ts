/** Choices shared by the ECS components and the `platform:compute.ecs` config schema. */

/** ECS's own deployment strategies that shift traffic between two target groups (2025). */
export const ECS_NATIVE_STRATEGIES = ["BLUE_GREEN", "CANARY", "LINEAR"] as const;
export type EcsNativeStrategy = (typeof ECS_NATIVE_STRATEGIES)[number];

export const CPU_ARCHITECTURES = ["X86_64", "ARM64"] as const;
export type CpuArchitecture = (typeof CPU_ARCHITECTURES)[number];

/** `enhanced` adds task- and container-level metrics; `disabled` is not offered. */
export const CONTAINER_INSIGHTS = ["enhanced", "enabled"] as const;
export type ContainerInsightsLevel = (typeof CONTAINER_INSIGHTS)[number];

/** The only container in the task; target groups and health checks name it. */
export const APP_CONTAINER_NAME = "app";
