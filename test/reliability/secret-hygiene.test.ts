import { nonEmpty, runProgram } from "../harness";
import { findLeaks, knownSecrets, valueAt } from "./secrets";

/** Secret config values as a user sets them with `pulumi config set --secret --path`. */
const CONFIG_SECRETS = {
  "platform:monitoring": { subscriptions: { critical: { https: { pagerduty: "https://events.pagerduty.com/integration/0123456789abcdef/enqueue" } } } },
};
const EKS_CONFIG_SECRETS = {
  "platform:compute": {
    platform: "eks",
    eks: {
      monitoring: {
        alerting: {
          slack: { webhookUrl: "https://hooks.slack.com/services/T000/B000/slack-webhook-secret", channel: "#alerts" },
          pagerDuty: { routingKey: "pagerduty-routing-key-0123456789" },
          email: { to: "oncall@example.com", from: "alerts@example.com", smarthost: "smtp.example.com:587", username: "alerts", password: "smtp-password-0123456789" },
        },
      },
    },
  },
};

function leaves(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (value && typeof value === "object") return Object.values(value).flatMap(leaves);
  return [];
}
const SECRET_VALUES = [
  "https://events.pagerduty.com/integration/0123456789abcdef/enqueue",
  "https://hooks.slack.com/services/T000/B000/slack-webhook-secret",
  "pagerduty-routing-key-0123456789",
  "smtp-password-0123456789",
];

describe("secret hygiene", () => {
  test.each([
    ["dev", "ecs"],
    ["staging", "ecs"],
    ["prod", "ecs"],
    ["prod-dr", "ecs"],
    ["dev", "eks"],
    ["prod", "eks"],
  ])("%s on %s: no secret appears unwrapped in any input, output or log line", async (stack, platform) => {
    const secrets = platform === "eks" ? { ...CONFIG_SECRETS, ...EKS_CONFIG_SECRETS } : CONFIG_SECRETS;
    const run = await runProgram({ stack, secrets });
    const known = knownSecrets(run, SECRET_VALUES.filter((s) => leaves(secrets).includes(s)));
    // Generated credentials are among the secrets looked for: the cache AUTH token (and Grafana's password on EKS).
    const generated = run.ofType("random:index/randomPassword:RandomPassword").map((r) => r.state.result);
    expect(generated.length).toBeGreaterThan(0);
    for (const value of generated) expect(known).toContain(value);
    // Each configured secret reaches AWS or the cluster, and only ever through a secret input.
    for (const value of nonEmpty(SECRET_VALUES.filter((s) => leaves(secrets).includes(s)), "configured secret")) {
      const carriers = run.resources.filter((r) => r.secretInputPaths.some((p) => JSON.stringify(valueAt(r.inputs, p) ?? "").includes(value)));
      expect({ value, carried: carriers.length > 0 }).toEqual({ value, carried: true });
    }
    expect(findLeaks(run, known, run.logs)).toEqual([]);
  });

  test("the stack outputs name secrets by ARN and never carry a credential", async () => {
    const run = await runProgram({ stack: "prod", secrets: CONFIG_SECRETS });
    const outputs = JSON.stringify(run.outputs);
    expect(outputs).toContain("arn:aws:secretsmanager:");
    for (const value of [...knownSecrets(run), ...SECRET_VALUES]) expect(outputs).not.toContain(value);
  });
});
