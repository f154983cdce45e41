import { z } from "zod";
import {
  DEFAULT_SSL_POLICY,
  DEREGISTRATION_DELAY_SECONDS,
  DESYNC_MITIGATION_MODES,
  HEALTH_CHECK_LIMITS,
  HEALTH_CHECK_PATH_PATTERN,
  IDLE_TIMEOUT_SECONDS,
  isDomainName,
  MATCHER_PATTERN,
  SSL_POLICIES,
  STICKINESS_SECONDS,
  TRAFFIC_MODES,
  WEIGHT_RANGE,
} from "../../components/loadbalancer/weighted-load-balancer";
import { DEFAULT_HSTS, RESPONSE_HEADER_NAMES, responseHeaderProblems } from "../../components/loadbalancer/response-headers";
import { boolean, integer, oneOf, text } from "./schema";
import { releaseSchema } from "./traffic-release";

export { TRAFFIC_MODES };
const weight = integer(WEIGHT_RANGE.min, WEIGHT_RANGE.max);
const limit = (range: { readonly min: number; readonly max: number }) => integer(range.min, range.max);

const ACM_CERTIFICATE_ARN = /^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[0-9a-f-]{36}$/;
const HOSTED_ZONE_ID = /^Z[A-Z0-9]{1,31}$/;

const healthCheckSchema = z
  .strictObject({
    path: text("an absolute path such as /healthz", HEALTH_CHECK_PATH_PATTERN).default("/").describe("Path the health check requests on each target."),
    matcher: text("HTTP codes such as 200, 200,204 or 200-299", MATCHER_PATTERN).default("200").describe("HTTP codes that mean healthy."),
    intervalSeconds: limit(HEALTH_CHECK_LIMITS.intervalSeconds).default(15).describe("Seconds between health checks of a target."),
    timeoutSeconds: limit(HEALTH_CHECK_LIMITS.timeoutSeconds).default(5).describe("Seconds without a response that fail a check; less than the interval."),
    healthyThreshold: limit(HEALTH_CHECK_LIMITS.healthyThreshold).default(3).describe("Consecutive successes before a target receives traffic."),
    unhealthyThreshold: limit(HEALTH_CHECK_LIMITS.unhealthyThreshold).default(3).describe("Consecutive failures before a target stops receiving traffic."),
  })
  .superRefine((check, ctx) => {
    if (check.timeoutSeconds >= check.intervalSeconds) {
      ctx.addIssue({ code: "custom", path: ["timeoutSeconds"], input: check.timeoutSeconds, message: `less than intervalSeconds (${check.intervalSeconds})` });
    }
  })
  .prefault({})
  .describe("Health check of both target groups.");

/**
 * `platform:traffic`: the load balancer's blue/green split. A release changes
 * `platform:traffic.weights`.
 */
export const trafficSchema = z
  .strictObject({
    weights: z
      .strictObject({
        blue: weight.default(100).describe("Listener weight of the blue target group, 0-999."),
        green: weight.default(0).describe("Listener weight of the green target group, 0-999."),
      })
      .prefault({})
      .refine((w) => w.blue + w.green > 0, "is not allowed (expected at least one weight above zero)")
      .describe("Forward weights of the listener's default action."),
    mode: oneOf(TRAFFIC_MODES)
      .default("weighted")
      .describe("weighted: this program sets the listener weights (ECS and EKS). ecs-native: ECS moves them during its own blue/green deployment."),
    release: releaseSchema,
    healthCheck: healthCheckSchema,
    deregistrationDelaySeconds: limit(DEREGISTRATION_DELAY_SECONDS)
      .default(30)
      .describe("Seconds a deregistering target keeps serving its in-flight requests."),
    stickiness: z
      .strictObject({
        enabled: boolean().default(false).describe("Keep a client on the colour it first reached."),
        durationSeconds: limit(STICKINESS_SECONDS).default(3600).describe("How long a client stays on its colour, 1-604800 seconds (7 days)."),
      })
      .prefault({})
      .describe("Group-level stickiness of the listener's forward action."),
    certificateArn: text("an ACM certificate ARN", ACM_CERTIFICATE_ARN)
      .optional()
      .describe("An existing ACM certificate for the HTTPS listener. Without it and without domain, the stack serves HTTP only."),
    domain: text("a fully qualified domain name such as app.example.com")
      .refine(isDomainName, "is not a fully qualified lower-case domain name (expected a name such as app.example.com)")
      .optional()
      .describe("DNS name of the service: an alias record to the load balancer and, without certificateArn, an ACM certificate validated by DNS."),
    hostedZoneId: text("a Route 53 hosted zone id such as Z0123456789ABCDEFGHIJ", HOSTED_ZONE_ID)
      .optional()
      .describe("Route 53 public hosted zone that holds domain; required with domain."),
    sslPolicy: oneOf(SSL_POLICIES).default(DEFAULT_SSL_POLICY).describe("TLS security policy of the HTTPS listener (TLS 1.3 policies only)."),
    deletionProtection: boolean()
      .default(true)
      .describe("ALB deletion protection, and Pulumi protect on the access log bucket."),
    accessLogRetentionDays: integer(1, 3650).default(90).describe("Days before ALB access log objects expire."),
    idleTimeoutSeconds: limit(IDLE_TIMEOUT_SECONDS).default(60).describe("Seconds an idle client connection stays open."),
    desyncMitigationMode: oneOf(DESYNC_MITIGATION_MODES).default("defensive").describe("How the ALB treats requests that could desynchronise proxies."),
    responseHeaders: z
      .record(z.string(), z.union([z.string(), z.literal(false)], { error: "a header value, or false to leave a default header out" }), { error: "a map of header name to value" })
      .default({})
      .describe(
        `Headers the listener adds to every response, on top of the defaults (\`Strict-Transport-Security: ${DEFAULT_HSTS}\` on HTTPS, \`X-Content-Type-Options: nosniff\`, \`X-Frame-Options: DENY\`, a same-origin \`Content-Security-Policy\`); false leaves a default out. ALB sets only ${RESPONSE_HEADER_NAMES.join(", ")}.`,
      ),
    serverHeader: boolean().default(false).describe("Keep ALB's own Server response header (removed by default)."),
  })
  .superRefine((traffic, ctx) => {
    if (traffic.domain !== undefined && traffic.hostedZoneId === undefined) {
      ctx.addIssue({ code: "custom", path: ["hostedZoneId"], input: undefined, message: "the Route 53 hosted zone id of domain" });
    }
    if (traffic.hostedZoneId !== undefined && traffic.domain === undefined) {
      ctx.addIssue({ code: "custom", path: ["domain"], input: undefined, message: "a domain in hostedZoneId, or no hostedZoneId" });
    }
    const https = traffic.certificateArn !== undefined || traffic.domain !== undefined;
    for (const problem of responseHeaderProblems(traffic.responseHeaders, https)) {
      ctx.addIssue({ code: "custom", path: ["responseHeaders", problem.argument], input: problem.value, message: problem.allowed });
    }
  })
  .prefault({})
  .describe("Blue/green traffic split, health checks, TLS and release settings.");

export type TrafficConfig = z.infer<typeof trafficSchema>;
