import { z } from "zod";

/** `platform:compute.ecs`: settings only ECS Fargate uses. */
export const ecsComputeSchema = z.strictObject({}).prefault({}).describe("ECS Fargate settings.");
