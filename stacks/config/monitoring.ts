import { z } from "zod";

/** `platform:monitoring`. */
export const monitoringSchema = z.strictObject({}).prefault({}).describe("Settings of the monitoring tier.");

export type MonitoringConfig = z.infer<typeof monitoringSchema>;
