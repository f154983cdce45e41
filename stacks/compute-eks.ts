import { ComputeTier, ComputeTierInputs } from "./compute";

/** Composes the Eks tier. Being built: see issue "EKS platform". */
export function createEksTier(_inputs: ComputeTierInputs): ComputeTier {
  throw new Error("platform:compute.platform: \"eks\" is not available yet");
}
