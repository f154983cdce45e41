import * as aws from "../internal/aws";
import * as pulumi from "@pulumi/pulumi";
import { isDomainName } from "../loadbalancer/weighted-load-balancer";
import { mergeTags, Tags } from "../internal/tags";
import { isIntegerBetween, Problems } from "../internal/validation";
import { DNS_FAILOVER_LIMITS, FAILOVER_DEFAULTS, MAX_SWITCH_SECONDS, worstCaseSwitchSeconds } from "./switch-time";

/** Where a failover record sends queries: a load balancer's DNS name and its canonical hosted zone. */
export interface FailoverTarget {
  readonly dnsName: pulumi.Input<string>;
  readonly zoneId: pulumi.Input<string>;
}

export interface FailoverHealthCheckArgs {
  /** Host the checkers request, such as the primary load balancer's DNS name. */
  readonly fqdn: pulumi.Input<string>;
  /** HTTPS on 443 or HTTP on 80, as the load balancer serves. Route 53 does not validate the certificate. */
  readonly protocol: "HTTP" | "HTTPS";
  /** The app's health endpoint, such as `/healthz`. */
  readonly path: string;
  /** 10 or 30 seconds between checks. @default 10 */
  readonly intervalSeconds?: number;
  /** Consecutive results that flip the status, 1-10. @default 3 */
  readonly failureThreshold?: number;
}

export interface DnsFailoverArgs {
  /** Public hosted zone that holds `domain`. */
  readonly hostedZoneId: pulumi.Input<string>;
  /** The name both records answer for, such as `app.example.com`. */
  readonly domain: string;
  /** Answered while the health check passes. */
  readonly primary: FailoverTarget;
  /** Answered while the health check fails (and its own load balancer has healthy targets). */
  readonly secondary: FailoverTarget;
  /** The Route 53 health check of the primary's health endpoint. */
  readonly healthCheck: FailoverHealthCheckArgs;
  readonly tags?: Tags;
}

const PORTS = { HTTP: 80, HTTPS: 443 } as const;

/** Pure validation of {@link DnsFailoverArgs}; the switch must fit {@link MAX_SWITCH_SECONDS}. */
export function validateDnsFailoverArgs(args: DnsFailoverArgs): Problems {
  const problems = new Problems();
  problems.check(isDomainName(args.domain), "domain", args.domain, "a fully qualified domain name such as app.example.com");
  const interval = args.healthCheck.intervalSeconds ?? FAILOVER_DEFAULTS.intervalSeconds;
  const threshold = args.healthCheck.failureThreshold ?? FAILOVER_DEFAULTS.failureThreshold;
  problems.check((DNS_FAILOVER_LIMITS.intervalSeconds as readonly number[]).includes(interval), "healthCheck.intervalSeconds", interval, "10 or 30");
  const { min, max } = DNS_FAILOVER_LIMITS.failureThreshold;
  problems.check(isIntegerBetween(threshold, min, max), "healthCheck.failureThreshold", threshold, `an integer from ${min} to ${max}`);
  const seconds = worstCaseSwitchSeconds({ intervalSeconds: interval, failureThreshold: threshold });
  problems.check(seconds <= MAX_SWITCH_SECONDS, "healthCheck.failureThreshold", threshold, `a threshold whose worst-case switch (${seconds} s now) stays within ${MAX_SWITCH_SECONDS} s`);
  problems.check(/^\/\S*$/.test(args.healthCheck.path), "healthCheck.path", args.healthCheck.path, "an absolute path such as /healthz");
  problems.check(args.healthCheck.protocol in PORTS, "healthCheck.protocol", args.healthCheck.protocol, "HTTP | HTTPS");
  return problems;
}

/**
 * Route 53 failover routing for one name: a PRIMARY alias record guarded by a
 * health check of the primary's health endpoint, and a SECONDARY alias record
 * that Route 53 answers with while that check fails. Both evaluate their load
 * balancer's target health too, so a target group without healthy targets
 * counts as down. The records are alias records, so their TTL is the load
 * balancer's 60 seconds ({@link ALIAS_TTL_SECONDS}).
 */
export class DnsFailover extends pulumi.ComponentResource {
  readonly healthCheckId: pulumi.Output<string>;
  /** The record names, `<domain>` twice, set identifiers `primary` and `secondary`. */
  readonly recordFqdns: Readonly<Record<"primary" | "secondary", pulumi.Output<string>>>;
  /** {@link worstCaseSwitchSeconds} for the health check as configured. */
  readonly worstCaseSwitchSeconds: number;

  constructor(name: string, args: DnsFailoverArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:dns:DnsFailover", name, {}, opts);
    validateDnsFailoverArgs(args).throwIfAny(this, `DnsFailover "${name}"`);
    const intervalSeconds = args.healthCheck.intervalSeconds ?? FAILOVER_DEFAULTS.intervalSeconds;
    const failureThreshold = args.healthCheck.failureThreshold ?? FAILOVER_DEFAULTS.failureThreshold;

    const healthCheck = new aws.route53.HealthCheck(
      `${name}-primary`,
      {
        type: args.healthCheck.protocol,
        fqdn: args.healthCheck.fqdn,
        port: PORTS[args.healthCheck.protocol],
        resourcePath: args.healthCheck.path,
        requestInterval: intervalSeconds,
        failureThreshold,
        enableSni: args.healthCheck.protocol === "HTTPS",
        tags: mergeTags(`${name}-primary`, args.tags),
      },
      { parent: this },
    );

    const record = (role: "primary" | "secondary", target: FailoverTarget) =>
      new aws.route53.Record(
        `${name}-${role}`,
        {
          zoneId: args.hostedZoneId,
          name: args.domain,
          type: "A",
          setIdentifier: role,
          failoverRoutingPolicies: [{ type: role.toUpperCase() }],
          healthCheckId: role === "primary" ? healthCheck.id : undefined,
          aliases: [{ name: target.dnsName, zoneId: target.zoneId, evaluateTargetHealth: true }],
        },
        { parent: this },
      );
    const primary = record("primary", args.primary);
    const secondary = record("secondary", args.secondary);

    this.healthCheckId = healthCheck.id;
    this.recordFqdns = { primary: primary.fqdn, secondary: secondary.fqdn };
    this.worstCaseSwitchSeconds = worstCaseSwitchSeconds({ intervalSeconds, failureThreshold });
    this.registerOutputs({ healthCheckId: this.healthCheckId, recordFqdns: this.recordFqdns, worstCaseSwitchSeconds: this.worstCaseSwitchSeconds });
  }
}
