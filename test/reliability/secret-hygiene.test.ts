import { nonEmpty, runProgram } from "../harness";
import { EKS_ALERTING_SECRETS, findLeaks, knownSecrets, valueAt } from "./secrets";

/** Secret config values as a user sets them with `pulumi config set --secret --path`. */
const CONFIG_SECRETS = {
  "platform:monitoring": {
    channels: { pagerDuty: { integrationUrl: "https://events.pagerduty.com/integration/0123456789abcdef/enqueue" } },
    subscriptions: { warning: { https: { relay: "https://relay.example.com/hooks/relay-token-0123456789" } } },
  },
};
function leaves(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (value && typeof value === "object") return Object.values(value).flatMap(leaves);
  return [];
}
const SECRET_VALUES = [
  "https://events.pagerduty.com/integration/0123456789abcdef/enqueue",
  "https://relay.example.com/hooks/relay-token-0123456789",
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
    const secrets = platform === "eks" ? { ...CONFIG_SECRETS, ...EKS_ALERTING_SECRETS } : CONFIG_SECRETS;
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
