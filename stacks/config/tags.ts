import { z } from "zod";

const TAG_KEY = /^(?!aws:)[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u;
const TAG_VALUE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{0,256}$/u;

/**
 * `platform:tags`: tags on every taggable resource. `Environment` is added
 * from `platform:environment`; the compliance pack requires `Owner`,
 * `CostCenter` and `DataClassification` by default.
 */
export const tagsSchema = z
  .record(
    z.string().regex(TAG_KEY, { error: "is not a valid tag key (expected 1-128 letters, digits, spaces or _.:/=+-@, not starting with aws:)" }),
    z.string({ error: "a string of up to 256 characters" }).regex(TAG_VALUE, { error: "is not a valid tag value (expected up to 256 letters, digits, spaces or _.:/=+-@)" }),
    { error: "a map of tag keys to string values" },
  )
  .default({})
  .describe("Tags merged onto every taggable resource after Name; Environment is added automatically.");

export type TagsConfig = z.infer<typeof tagsSchema>;
