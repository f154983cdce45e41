import { ChannelKind, SEVERITY_ROUTING } from "../internal/alert-routing";

/**
 * Alertmanager's routing tree, by the platform's one routing table (the same
 * the CloudWatch alarm topics follow). Receiver secrets are never in it: each one is
 * read from a file of the Kubernetes Secret mounted into Alertmanager
 * (`*_file` settings), so the Helm values hold no secret.
 */

export interface AlertReceivers {
  readonly slackChannel?: string;
  readonly pagerDuty?: boolean;
  readonly email?: { readonly to: string; readonly from: string; readonly smarthost: string; readonly username: string };
}

export const RECEIVER_SECRET_NAME = "alertmanager-receivers";
export const RECEIVER_SECRET_KEYS = { slack: "slack-webhook-url", pagerDuty: "pagerduty-routing-key", email: "smtp-password" } as const;
const SECRET_DIR = `/etc/alertmanager/secrets/${RECEIVER_SECRET_NAME}`;

function channelConfig(channel: ChannelKind, r: AlertReceivers, severity: string): [string, object] | undefined {
  if (channel === "slack" && r.slackChannel) {
    return [
      "slack_configs",
      { api_url_file: `${SECRET_DIR}/${RECEIVER_SECRET_KEYS.slack}`, channel: r.slackChannel, send_resolved: true, title: `[${severity}] {{ .CommonLabels.alertname }}` },
    ];
  }
  if (channel === "pagerDuty" && r.pagerDuty) {
    return ["pagerduty_configs", { routing_key_file: `${SECRET_DIR}/${RECEIVER_SECRET_KEYS.pagerDuty}`, send_resolved: true }];
  }
  if (channel === "email" && r.email) {
    return [
      "email_configs",
      {
        to: r.email.to,
        from: r.email.from,
        smarthost: r.email.smarthost,
        auth_username: r.email.username,
        auth_password_file: `${SECRET_DIR}/${RECEIVER_SECRET_KEYS.email}`,
        require_tls: true,
        send_resolved: true,
      },
    ];
  }
  return undefined;
}

/** The `alertmanager.config` Helm value: severity routing, grouping, and critical inhibiting warning. */
export function alertmanagerConfig(r: AlertReceivers) {
  const receivers: Record<string, unknown>[] = [{ name: "null" }];
  for (const [severity, channels] of Object.entries(SEVERITY_ROUTING)) {
    const receiver: Record<string, unknown> = { name: severity };
    for (const channel of channels) {
      const config = channelConfig(channel, r, severity);
      if (config) receiver[config[0]] = [config[1]];
    }
    receivers.push(receiver);
  }
  return {
    global: { resolve_timeout: "5m" },
    route: {
      receiver: "null",
      group_by: ["alertname", "namespace", "severity"],
      group_wait: "30s",
      group_interval: "5m",
      repeat_interval: "4h",
      routes: [
        // The chart's always-firing heartbeat goes nowhere.
        { matchers: ['alertname="Watchdog"'], receiver: "null" },
        ...Object.keys(SEVERITY_ROUTING).map((severity) => ({ matchers: [`severity="${severity}"`], receiver: severity })),
      ],
    },
    inhibit_rules: [
      // A critical alert silences the warning of the same alert...
      { source_matchers: ['severity="critical"'], target_matchers: ['severity="warning"'], equal: ["alertname", "namespace"] },
      // ...and CriticalCPUUsage silences HighCPUUsage for the same pod.
      { source_matchers: ['alertname="CriticalCPUUsage"'], target_matchers: ['alertname="HighCPUUsage"'], equal: ["namespace", "pod"] },
    ],
    receivers,
  };
}
