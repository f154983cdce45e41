import { z } from "zod";

/** `platform:waf`. */
export const wafSchema = z.strictObject({}).prefault({}).describe("Settings of the waf tier.");

export type WafConfig = z.infer<typeof wafSchema>;
