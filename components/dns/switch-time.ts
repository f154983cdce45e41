/**
 * How long a DNS failover switch can take, and Route 53's bounds on the
 * health check that drives it. Kept free of the SDK so that the failover
 * command and the stack config schema can read it without loading a
 * provider.
 */

/**
 * Route 53's health check bounds: a checker requests every 10 or 30 seconds
 * (`RequestInterval`, fixed once created) and the status flips after 1-10
 * consecutive results (`FailureThreshold`). API_HealthCheckConfig,
 * https://docs.aws.amazon.com/Route53/latest/APIReference/API_HealthCheckConfig.html
 */
export const DNS_FAILOVER_LIMITS = {
  intervalSeconds: [10, 30],
  failureThreshold: { min: 1, max: 10 },
} as const;

export const FAILOVER_DEFAULTS = { intervalSeconds: 10, failureThreshold: 3 } as const;

/**
 * Alias records to an Elastic Load Balancing load balancer carry the load
 * balancer's fixed TTL of 60 seconds; an alias record cannot set its own
 * (Route 53 FAQ, "Do I need to adjust the TTL for my records in order to use
 * DNS Failover?": ELB and S3 website endpoints use alias records with a fixed
 * TTL of 60 seconds; API_ResourceRecordSet, TTL: "If you're creating an alias
 * resource record set, omit TTL").
 */
export const ALIAS_TTL_SECONDS = 60;

/**
 * Time we allow Route 53 to aggregate its checkers' results (the endpoint is
 * unhealthy once 18% or fewer of them see it healthy, "How Amazon Route 53
 * determines whether a health check is healthy") and to answer with the
 * secondary. Route 53 publishes no bound for this; a minute is our allowance.
 */
export const STATUS_PROPAGATION_ALLOWANCE_SECONDS = 60;

/** The and the README's promise: a traffic switch completes within five minutes. */
export const MAX_SWITCH_SECONDS = 300;

/**
 * The longest a switch to the secondary can take after the primary stops
 * answering: the failing checks (the threshold, plus up to one interval
 * before the first check after the failure; an HTTPS check fails within the
 * interval, as Route 53 waits 4 s to connect and 2 s for the answer), the
 * status propagation allowance, and resolvers' cached answers expiring.
 */
export function worstCaseSwitchSeconds(check: { readonly intervalSeconds: number; readonly failureThreshold: number }): number {
  return check.intervalSeconds * (check.failureThreshold + 1) + STATUS_PROPAGATION_ALLOWANCE_SECONDS + ALIAS_TTL_SECONDS;
}
