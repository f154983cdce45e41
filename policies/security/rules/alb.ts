import { LISTENER_TYPES, LOAD_BALANCER_TYPES, Props, resourcePolicy } from "../kit";

/** TLS 1.2+ policies with forward-secret AEAD ciphers only (AWS's TLS13 family). */
export const MODERN_SSL_POLICIES = [
  "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09",
  "ELBSecurityPolicy-TLS13-1-2-PQ-2025-09",
  "ELBSecurityPolicy-TLS13-1-3-PQ-2025-09",
  "ELBSecurityPolicy-TLS13-1-2-Res-FIPS-PQ-2025-09",
  "ELBSecurityPolicy-TLS13-1-2-FIPS-PQ-2025-09",
  "ELBSecurityPolicy-TLS13-1-3-FIPS-PQ-2025-09",
  "ELBSecurityPolicy-TLS13-1-2-2021-06",
  "ELBSecurityPolicy-TLS13-1-2-Res-2021-06",
  "ELBSecurityPolicy-TLS13-1-2-Ext1-2021-06",
  "ELBSecurityPolicy-TLS13-1-2-Ext2-2021-06",
  "ELBSecurityPolicy-TLS13-1-3-2021-06",
  "ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04",
  "ELBSecurityPolicy-TLS13-1-2-Res-FIPS-2023-04",
  "ELBSecurityPolicy-TLS13-1-3-FIPS-2023-04",
];

export const albListenerRequireModernTlsPolicy = resourcePolicy<{ allowedSslPolicies: string[] }>({
  name: "aws-alb-listener-require-modern-tls-policy",
  description: "HTTPS and TLS listeners use a TLS 1.2+ security policy from the allowed list.",
  pack: "security",
  service: "elbv2",
  severity: "high",
  frameworks: ["pci", "hipaa", "soc2", "iso27001"],
  remediationSteps: "Set `sslPolicy` to one of the allowed policies (ELBSecurityPolicy-TLS13-1-2-2021-06 by default in the traffic component).",
  settings: {
    allowedSslPolicies: { type: "array", items: { type: "string" }, description: "Security policies HTTPS/TLS listeners may use.", default: MODERN_SSL_POLICIES },
  },
  types: LISTENER_TYPES,
  validate: ({ props, settings, report }) => {
    if (props.protocol !== "HTTPS" && props.protocol !== "TLS") return;
    if (!settings.allowedSslPolicies.includes(props.sslPolicy)) {
      report(`sslPolicy is ${props.sslPolicy ?? "unset (the provider's 2016 default)"}: it allows outdated protocols or ciphers. Use one of ${settings.allowedSslPolicies.join(", ")}.`);
    }
  },
});

export const albListenerHttpRedirectOnly = resourcePolicy({
  name: "aws-alb-listener-http-redirect-only",
  description: "Plain HTTP listeners only redirect to HTTPS; they never forward traffic to targets.",
  pack: "security",
  service: "elbv2",
  severity: "high",
  frameworks: ["pci", "hipaa", "soc2", "iso27001"],
  remediationSteps: "Give the HTTP listener a single default action `{ type: \"redirect\", redirect: { protocol: \"HTTPS\", port: \"443\", statusCode: \"HTTP_301\" } }` and serve traffic from the HTTPS listener.",
  types: LISTENER_TYPES,
  validate: ({ props, report }) => {
    if (props.protocol !== "HTTP") return;
    const actions: Props[] = props.defaultActions ?? [];
    const redirectsToHttps = actions.length > 0 && actions.every((a) => a.type === "redirect" && a.redirect?.protocol === "HTTPS");
    if (!redirectsToHttps) {
      report(`the HTTP listener on port ${props.port ?? "?"} does not only redirect to HTTPS (actions: ${actions.map((a) => a.type).join(", ") || "none"}). Make its only default action a redirect to HTTPS.`);
    }
  },
});

export const albLoadBalancerDropInvalidHeaders = resourcePolicy({
  name: "aws-alb-load-balancer-drop-invalid-headers",
  description: "Application load balancers drop HTTP headers with invalid names instead of passing them to targets (request smuggling).",
  pack: "security",
  service: "elbv2",
  severity: "medium",
  frameworks: ["pci", "soc2"],
  remediationSteps: "Set `dropInvalidHeaderFields: true` on the load balancer.",
  types: LOAD_BALANCER_TYPES,
  validate: ({ props, report }) => {
    if ((props.loadBalancerType ?? "application") !== "application") return;
    if (props.dropInvalidHeaderFields !== true) report("dropInvalidHeaderFields is not true: malformed headers reach the targets. Set dropInvalidHeaderFields: true.");
  },
});

/** Half a year, the common floor for HSTS (the HSTS preload list asks for a year). */
export const MINIMUM_HSTS_MAX_AGE_SECONDS = 15_768_000;

export const albListenerHttpsRequireHsts = resourcePolicy<{ minimumMaxAgeSeconds: number }>({
  name: "aws-alb-listener-https-require-hsts",
  description: "HTTPS listeners of application load balancers send Strict-Transport-Security with a max-age of at least the configured seconds, so browsers never fall back to HTTP.",
  pack: "security",
  service: "elbv2",
  severity: "medium",
  frameworks: ["pci", "soc2", "iso27001"],
  remediationSteps:
    "Set `routingHttpResponseStrictTransportSecurityHeaderValue: \"max-age=31536000; includeSubDomains\"` on the HTTPS listener (the traffic component sends it by default; `platform:traffic.responseHeaders` changes it).",
  settings: {
    minimumMaxAgeSeconds: { type: "integer", minimum: 0, default: MINIMUM_HSTS_MAX_AGE_SECONDS, description: "Smallest max-age, in seconds, an HTTPS listener's HSTS header may give." },
  },
  types: LISTENER_TYPES,
  validate: ({ props, settings, report }) => {
    if (props.protocol !== "HTTPS") return;
    const header: string | undefined = props.routingHttpResponseStrictTransportSecurityHeaderValue;
    const maxAge = /(?:^|;)\s*max-age=(\d+)/i.exec(header ?? "");
    if (!maxAge) {
      report(`the HTTPS listener on port ${props.port ?? "?"} sends no Strict-Transport-Security header${header ? ` with a max-age (${JSON.stringify(header)})` : ""}: browsers may still try plain HTTP first. Set routingHttpResponseStrictTransportSecurityHeaderValue to max-age=31536000; includeSubDomains.`);
    } else if (Number(maxAge[1]) < settings.minimumMaxAgeSeconds) {
      report(`the HTTPS listener's HSTS max-age is ${maxAge[1]} s, below ${settings.minimumMaxAgeSeconds} s. Raise it, for example to max-age=31536000.`);
    }
  },
});
