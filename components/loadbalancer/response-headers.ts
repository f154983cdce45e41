import type * as aws from "../internal/aws";
import type { ArgProblem } from "../internal/validation";

/**
 * The response headers an Application Load Balancer can add to every response
 * of a listener (ELB API reference, `ListenerAttribute`:
 * `routing.http.response.<header>.header_value`; `@pulumi/aws` `lb.Listener`'s
 * `routingHttpResponse*HeaderValue` arguments), and the argument that sets
 * each. ALB sets no other header, and can only remove its own `Server`.
 */
export const RESPONSE_HEADER_ARGUMENTS = {
  "Strict-Transport-Security": "routingHttpResponseStrictTransportSecurityHeaderValue",
  "Content-Security-Policy": "routingHttpResponseContentSecurityPolicyHeaderValue",
  "X-Content-Type-Options": "routingHttpResponseXContentTypeOptionsHeaderValue",
  "X-Frame-Options": "routingHttpResponseXFrameOptionsHeaderValue",
  "Access-Control-Allow-Origin": "routingHttpResponseAccessControlAllowOriginHeaderValue",
  "Access-Control-Allow-Methods": "routingHttpResponseAccessControlAllowMethodsHeaderValue",
  "Access-Control-Allow-Headers": "routingHttpResponseAccessControlAllowHeadersHeaderValue",
  "Access-Control-Allow-Credentials": "routingHttpResponseAccessControlAllowCredentialsHeaderValue",
  "Access-Control-Expose-Headers": "routingHttpResponseAccessControlExposeHeadersHeaderValue",
  "Access-Control-Max-Age": "routingHttpResponseAccessControlMaxAgeHeaderValue",
} as const satisfies Record<string, keyof aws.lb.ListenerArgs>;

export type ResponseHeaderName = keyof typeof RESPONSE_HEADER_ARGUMENTS;
export const RESPONSE_HEADER_NAMES = Object.keys(RESPONSE_HEADER_ARGUMENTS) as ResponseHeaderName[];

/** A header's value, or `false` to leave out a header the defaults would send. */
export type ResponseHeaders = Readonly<Partial<Record<ResponseHeaderName, string | false>>>;

/** A year, and every subdomain: what the HSTS preload list asks for, short of `preload` itself (which is hard to undo). */
export const DEFAULT_HSTS = "max-age=31536000; includeSubDomains";

/**
 * Safe defaults: no MIME sniffing, no framing by other sites, content only
 * from the site's own origin, and HSTS where the listener serves HTTPS
 * (browsers ignore HSTS received over plain HTTP, RFC 6797 section 8.1).
 */
export function defaultResponseHeaders(https: boolean): Readonly<Record<string, string>> {
  return {
    ...(https ? { "Strict-Transport-Security": DEFAULT_HSTS } : {}),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": "default-src 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'",
  };
}

const HTTP_METHODS = ["GET", "HEAD", "POST", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH"];
const TOKEN_LIST = /^(\*|[A-Za-z0-9-]+(\s*,\s*[A-Za-z0-9-]+)*)$/;

/** What ALB accepts for each header (the values the listener attribute documents), as `[test, what is allowed]`. */
const VALUE_RULES: Readonly<Record<ResponseHeaderName, readonly [(value: string) => boolean, string]>> = {
  "Strict-Transport-Security": [(v) => /^max-age=\d{1,10}(\s*;\s*includeSubDomains)?(\s*;\s*preload)?$/i.test(v), "max-age=<seconds>, optionally with ; includeSubDomains and ; preload"],
  "Content-Security-Policy": [(v) => /^[\x20-\x7e]{1,4096}$/.test(v) && v.trim() !== "", "a content security policy of printable ASCII, such as default-src 'self'"],
  "X-Content-Type-Options": [(v) => v === "nosniff", "nosniff, its only value"],
  "X-Frame-Options": [(v) => /^(DENY|SAMEORIGIN|ALLOW-FROM https?:\/\/[^\s]+)$/.test(v), "DENY, SAMEORIGIN or ALLOW-FROM <origin>"],
  "Access-Control-Allow-Origin": [(v) => v === "*" || /^https?:\/\/[a-z0-9.-]+(:\d{1,5})?$/i.test(v), "* or one origin such as https://app.example.com"],
  "Access-Control-Allow-Methods": [(v) => v.split(",").every((m) => HTTP_METHODS.includes(m.trim())), `a comma-separated list of ${HTTP_METHODS.join(", ")}`],
  "Access-Control-Allow-Headers": [(v) => TOKEN_LIST.test(v), "* or a comma-separated list of header names"],
  "Access-Control-Allow-Credentials": [(v) => v === "true", "true, its only value"],
  "Access-Control-Expose-Headers": [(v) => TOKEN_LIST.test(v), "* or a comma-separated list of header names"],
  "Access-Control-Max-Age": [(v) => /^\d{1,5}$/.test(v) && Number(v) <= 86400, "seconds from 0 to 86400"],
};

/** The canonical spelling of a header name given in any case, or undefined when ALB cannot set it. */
export function responseHeaderName(given: string): ResponseHeaderName | undefined {
  return RESPONSE_HEADER_NAMES.find((name) => name.toLowerCase() === given.toLowerCase());
}

/** Each problem with the headers asked for, by the name given: unknown headers, values ALB refuses, HSTS without HTTPS. */
export function responseHeaderProblems(headers: Readonly<Record<string, string | false>>, https: boolean): ArgProblem[] {
  const problems: ArgProblem[] = [];
  for (const [given, value] of Object.entries(headers)) {
    const name = responseHeaderName(given);
    if (!name) {
      problems.push({ argument: given, value: given, allowed: `a header ALB can set on responses: ${RESPONSE_HEADER_NAMES.join(", ")}` });
      continue;
    }
    if (value === false) continue;
    const [valid, allowed] = VALUE_RULES[name];
    if (!valid(value)) problems.push({ argument: given, value, allowed });
    else if (name === "Strict-Transport-Security" && !https) {
      problems.push({ argument: given, value, allowed: "no HSTS on a load balancer that serves HTTP only (browsers ignore it over HTTP); set a certificate or domain first" });
    }
  }
  return problems;
}

/** The headers in force: the defaults, then the ones given (`false` removes one), by canonical name. */
export function resolveResponseHeaders(headers: ResponseHeaders | Readonly<Record<string, string | false>> | undefined, https: boolean): Record<ResponseHeaderName, string> {
  const resolved: Record<string, string | false> = { ...defaultResponseHeaders(https) };
  for (const [given, value] of Object.entries(headers ?? {})) resolved[responseHeaderName(given) ?? given] = value;
  return Object.fromEntries(Object.entries(resolved).filter((entry): entry is [string, string] => entry[1] !== false)) as Record<ResponseHeaderName, string>;
}

/** The listener arguments that set `headers`, and the `Server` header's switch. */
export function responseHeaderArgs(headers: Readonly<Partial<Record<ResponseHeaderName, string>>>, serverHeader: boolean): Partial<aws.lb.ListenerArgs> {
  const args: Record<string, string | boolean> = { routingHttpResponseServerEnabled: serverHeader };
  for (const [name, value] of Object.entries(headers)) args[RESPONSE_HEADER_ARGUMENTS[name as ResponseHeaderName]] = value;
  return args as Partial<aws.lb.ListenerArgs>;
}
