/**
 * Who hears about which severity: one table for every platform. The
 * CloudWatch alarm topics (ECS and EKS stacks alike) subscribe their channels
 * by it, and Alertmanager on EKS routes Prometheus alerts by it, so a page
 * means the same thing wherever it comes from.
 */

export const SEVERITIES = ["critical", "warning", "info"] as const;
/** critical (SEV1) pages someone now; warning (SEV2) is looked at in working hours; info (SEV3) is context. */
export type Severity = (typeof SEVERITIES)[number];

export const CHANNEL_KINDS = ["pagerDuty", "slack", "email"] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

/** SEV1 critical → PagerDuty, Slack and email; SEV2 warning → Slack and email; SEV3 info → Slack. */
export const SEVERITY_ROUTING: Readonly<Record<Severity, readonly ChannelKind[]>> = {
  critical: ["pagerDuty", "slack", "email"],
  warning: ["slack", "email"],
  info: ["slack"],
};

/** The severities a kind of channel hears, in severity order. */
export function severitiesFor(kind: ChannelKind): Severity[] {
  return SEVERITIES.filter((severity) => SEVERITY_ROUTING[severity].includes(kind));
}
