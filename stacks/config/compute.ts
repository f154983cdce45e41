import { z } from "zod";
import { ecsComputeSchema } from "./compute-ecs";
import { eksComputeSchema } from "./compute-eks";
import { integer, oneOf, text } from "./schema";

export const COMPUTE_PLATFORMS = ["ecs", "eks"] as const;

/** An image reference pinned to a tag or digest; `latest` and untagged images are refused. */
const pinnedImage = text("is not a pinned image (expected registry/repository:tag or @sha256:digest, not :latest)").refine(
  (image) => /(@sha256:[a-f0-9]{64}$)|(:[\w][\w.-]{0,127}$)/.test(image) && !/:latest$/.test(image),
  "is not a pinned image (expected registry/repository:tag or @sha256:digest, not :latest)",
);

const colour = z.strictObject({
  image: pinnedImage.describe("Container image of this colour, pinned to a tag or digest."),
});

/** A non-root nginx that listens on 8080: runs anywhere until a real app image is configured. */
export const DEFAULT_IMAGE = "public.ecr.aws/nginx/nginx-unprivileged:1.27-alpine";

/**
 * `platform:compute`: where and how the app runs. The colour images are what a
 * release changes (`platform:compute.blue.image`, `platform:compute.green.image`).
 */
export const computeSchema = z
  .strictObject({
    platform: oneOf(COMPUTE_PLATFORMS).default("ecs").describe("Run the app on ECS Fargate or on EKS."),
    containerPort: integer(1024, 65535).default(8080).describe("Port the app listens on inside the container (unprivileged)."),
    blue: colour.prefault({ image: DEFAULT_IMAGE }).describe("The blue colour's release."),
    green: colour.prefault({ image: DEFAULT_IMAGE }).describe("The green colour's release."),
    ecs: ecsComputeSchema,
    eks: eksComputeSchema,
  })
  .prefault({})
  .describe("The app's compute platform and its settings.");

export type ComputeConfig = z.infer<typeof computeSchema>;
