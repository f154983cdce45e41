import { z } from "zod";

/**
 * What every service that tags accepts: letters, digits, spaces and `_.:/=+-@`, keys of 1-128 characters,
 * values of up to 256, neither starting with `aws:` "or any upper or lowercase combination of such" (the
 * ECS `Tag` reference, docs.aws.amazon.com/AmazonECS/latest/APIReference/API_Tag.html: reserved for AWS).
 */
const TAG_KEY = /^(?![aA][wW][sS]:)[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u;
const TAG_VALUE = /^(?![aA][wW][sS]:)[\p{L}\p{Z}\p{N}_.:/=+\-@]{0,256}$/u;

/**
 * `platform:tags`: tags on every taggable resource. `Environment` is added
 * from `platform:environment`; the compliance pack requires `Owner`,
 * `CostCenter` and `DataClassification` by default.
 */
export const tagsSchema = z
  .record(
    z.string().regex(TAG_KEY, { error: "is not a valid tag key (expected 1-128 letters, digits, spaces or _.:/=+-@, not starting with aws: in any case)" }),
    z.string({ error: "a string of up to 256 characters" }).regex(TAG_VALUE, { error: "is not a valid tag value (expected up to 256 letters, digits, spaces or _.:/=+-@, not starting with aws: in any case)" }),
    { error: "a map of tag keys to string values" },
  )
  .default({})
  .describe("Tags merged onto every taggable resource after Name; Environment is added automatically.");

export type TagsConfig = z.infer<typeof tagsSchema>;
