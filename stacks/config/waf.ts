import { z } from "zod";
import { LOG_RETENTION_DAYS } from "../../components/internal/log-group";
import { COUNTRY_CODE_PATTERN, HEADER_NAME_PATTERN, RATE_LIMIT_RANGE, WAF_MODES } from "../../components/waf";
import { boolean, integer, list, oneOf, oneOfNumbers, text } from "./schema";

const countryCode = text("an ISO 3166 alpha-2 country code such as DE", COUNTRY_CODE_PATTERN);

/** `platform:waf`: the WAFv2 web ACL in front of the load balancer. */
export const wafSchema = z
  .strictObject({
    mode: oneOf(WAF_MODES)
      .default("block")
      .describe("block enforces every rule; count only counts matches (managed groups and the rate rule), for rolling rules out safely."),
    rateLimit: integer(RATE_LIMIT_RANGE.min, RATE_LIMIT_RANGE.max)
      .default(2000)
      .describe("Requests one client IP may send in 5 minutes before the rate rule acts."),
    anonymousIpList: boolean().default(false).describe("Add AWS's anonymous IP list (VPNs, Tor exit nodes, hosting providers)."),
    geo: z
      .strictObject({
        allow: list(countryCode, "a list of ISO 3166 alpha-2 country codes").default([]).describe("Countries allowed; every other country is blocked."),
        deny: list(countryCode, "a list of ISO 3166 alpha-2 country codes").default([]).describe("Countries blocked."),
      })
      .superRefine((geo, ctx) => {
        if (geo.allow.length > 0 && geo.deny.length > 0) {
          ctx.addIssue({ code: "custom", path: ["deny"], input: geo.deny, message: "an empty list when allow is set (an allow list already blocks every other country)" });
        }
      })
      .prefault({})
      .describe("Optional geo allow or deny list (one of them)."),
    logRetentionInDays: oneOfNumbers(LOG_RETENTION_DAYS).default(365).describe("Days to keep WAF logs (KMS-encrypted log group aws-waf-logs-...)."),
    redactedHeaders: list(text("a lower-case header name", HEADER_NAME_PATTERN), "a list of lower-case header names")
      .default([])
      .describe("Headers redacted from WAF logs on top of authorization and cookie, which always are."),
  })
  .prefault({})
  .describe("WAFv2 web ACL: managed rules, per-IP rate limit, geo lists, count mode, logging.");

export type WafConfig = z.infer<typeof wafSchema>;
