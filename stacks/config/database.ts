import { z } from "zod";

/** `platform:database`. */
export const databaseSchema = z.strictObject({}).prefault({}).describe("Settings of the database tier.");

export type DatabaseConfig = z.infer<typeof databaseSchema>;
