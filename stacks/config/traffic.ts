import { z } from "zod";
import { integer, oneOf } from "./schema";
import { releaseSchema } from "./traffic-release";

export const TRAFFIC_MODES = ["weighted", "ecs-native"] as const;
const weight = integer(0, 999);

/**
 * `platform:traffic`: the load balancer's blue/green split. A release changes
 * `platform:traffic.weights`.
 */
export const trafficSchema = z
  .strictObject({
    weights: z
      .strictObject({
        blue: weight.default(100).describe("Listener weight of the blue target group, 0-999."),
        green: weight.default(0).describe("Listener weight of the green target group, 0-999."),
      })
      .prefault({})
      .refine((w) => w.blue + w.green > 0, "is not allowed (expected at least one weight above zero)")
      .describe("Forward weights of the listener's default action."),
    mode: oneOf(TRAFFIC_MODES)
      .default("weighted")
      .describe("weighted: this program sets the listener weights (ECS and EKS). ecs-native: ECS moves them during its own blue/green deployment."),
    release: releaseSchema,
  })
  .prefault({})
  .describe("Blue/green traffic split, health checks, TLS and release settings.");

export type TrafficConfig = z.infer<typeof trafficSchema>;
