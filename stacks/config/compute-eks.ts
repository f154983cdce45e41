import { z } from "zod";

/** `platform:compute.eks`: settings only EKS uses. */
export const eksComputeSchema = z.strictObject({}).prefault({}).describe("EKS cluster and workload settings.");
