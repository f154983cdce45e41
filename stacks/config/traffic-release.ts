import { z } from "zod";

/** `platform:traffic.release`: how the release command shifts traffic. */
export const releaseSchema = z.strictObject({}).prefault({}).describe("Progressive delivery settings for `npm run release`.");
