import { ComputeTier, ComputeTierInputs } from "./compute";

/** Composes the Ecs tier. Being built: see issue "Compute and edge". */
export function createEcsTier(_inputs: ComputeTierInputs): ComputeTier {
  throw new Error("platform:compute.platform: \"ecs\" is not available yet");
}
