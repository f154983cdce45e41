import type { PolicyConfigJSONSchema } from "@pulumi/policy/schema";

/**
 * One exemption: the resources it covers (by URN or by logical name, `*`
 * matching any run of characters) and why. An entry without a reason is not
 * honoured: an exemption nobody can explain is a finding, not a decision.
 */
export interface Exemption {
  readonly urn?: string;
  readonly name?: string;
  readonly reason: string;
}

export const EXEMPTIONS_SCHEMA: PolicyConfigJSONSchema = {
  type: "array",
  description:
    "Resources this policy skips. Each entry names a URN or a logical-name pattern (`*` matches any characters) and the reason for the exemption.",
  default: [],
  items: {
    type: "object",
    properties: {
      urn: { type: "string", description: "Exact URN, or a pattern with `*`." },
      name: { type: "string", description: "Logical resource name, or a pattern with `*` (`legacy-*`)." },
      reason: { type: "string", minLength: 1, description: "Why this resource is exempt; shown in the preview as the not-applicable reason." },
    },
    required: ["reason"],
    additionalProperties: false,
  },
};

/** The well-formed entries of a configured exemption list; anything else is dropped. */
export function readExemptions(value: unknown): Exemption[] {
  if (!Array.isArray(value)) return [];
  return value.filter(
    (entry): entry is Exemption =>
      !!entry &&
      typeof entry === "object" &&
      typeof entry.reason === "string" &&
      entry.reason.trim() !== "" &&
      (typeof entry.urn === "string" || typeof entry.name === "string"),
  );
}

/** The first exemption that covers the resource, if any. */
export function isExempt(exemptions: readonly Exemption[], urn: string, name: string): Exemption | undefined {
  return exemptions.find((e) => (e.urn !== undefined && globMatches(e.urn, urn)) || (e.name !== undefined && globMatches(e.name, name)));
}

function globMatches(pattern: string, value: string): boolean {
  const regex = new RegExp(`^${pattern.split("*").map(escapeRegex).join(".*")}$`);
  return regex.test(value);
}

function escapeRegex(text: string): string {
  return text.replace(/[.+?^${}()|[\]\\]/g, "\\$&");
}
