import { z } from "zod";

/** `platform:cache`. */
export const cacheSchema = z.strictObject({}).prefault({}).describe("Settings of the cache tier.");

export type CacheConfig = z.infer<typeof cacheSchema>;
