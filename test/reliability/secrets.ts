import { CapturedResource, RunResult } from "../harness";

/** Alertmanager's receivers on EKS with every secret they take, as a user sets them with `pulumi config set --secret --path`. */
export const EKS_ALERTING_SECRETS = {
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

/** Shortest value treated as a secret to look for; shorter ones would match by accident. */
const MIN_SECRET_LENGTH = 8;

export interface SecretLeak {
  /** `<type> <name> inputs.<path>`, `stack output <path>` or `log line <n>`. */
  readonly where: string;
  /** The first characters of the leaked secret, enough to recognise it and no more. */
  readonly secretPrefix: string;
}

/**
 * Every secret value a run knows of: values of secret config keys, values the
 * program marked secret in any input, and provider outputs declared secret
 * (`additionalSecretOutputs`, such as a generated password's `result`).
 */
export function knownSecrets(run: RunResult, secretConfigValues: readonly string[] = []): string[] {
  const found = new Set<string>(secretConfigValues);
  for (const r of run.resources) {
    for (const p of r.secretInputPaths) collectStrings(valueAt(r.inputs, p), found);
    for (const p of r.secretStatePaths) collectStrings(valueAt(r.state, p), found);
    for (const key of r.options.additionalSecretOutputs) collectStrings(r.state?.[key], found);
  }
  return [...found].filter((s) => s.length >= MIN_SECRET_LENGTH);
}

/** Places where a known secret appears as a plain (unmarked) value. */
export function findLeaks(run: RunResult, secrets: readonly string[], logLines: readonly string[] = []): SecretLeak[] {
  const leaks: SecretLeak[] = [];
  const check = (value: unknown, where: string, secretPaths: readonly string[], at = "") => {
    walkStrings(value, at, (text, p) => {
      if (secretPaths.some((s) => p === s || p.startsWith(`${s}.`) || p.startsWith(`${s}[`))) return;
      const secret = secrets.find((s) => text.includes(s));
      if (secret) leaks.push({ where: `${where}${p ? `.${p}` : ""}`, secretPrefix: `${secret.slice(0, 4)}…` });
    });
  };
  for (const r of run.resources) {
    check(r.inputs, `${label(r)} inputs`, r.secretInputPaths);
    if (r.outputs) check(r.outputs, `${label(r)} outputs`, r.secretOutputPaths ?? []);
  }
  logLines.forEach((line, i) => check(line, `log line ${i + 1}`, []));
  return leaks;
}

function label(r: CapturedResource): string {
  return `${r.type} ${r.name}`;
}

function collectStrings(value: unknown, into: Set<string>): void {
  walkStrings(value, "", (text) => into.add(text));
}

function walkStrings(value: unknown, at: string, visit: (text: string, path: string) => void): void {
  if (typeof value === "string") visit(value, at);
  else if (Array.isArray(value)) value.forEach((v, i) => walkStrings(v, `${at}[${i}]`, visit));
  else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) walkStrings(v, at ? `${at}.${k}` : k, visit);
  }
}

/** Reads `a.b[0].c` from an object. */
export function valueAt(root: unknown, path: string): unknown {
  if (!path) return root;
  return path
    .split(/\.|(?=\[)/)
    .reduce<unknown>((node, part) => {
      if (node === undefined || node === null) return undefined;
      const index = /^\[(\d+)\]$/.exec(part);
      return index ? (node as unknown[])[Number(index[1])] : (node as Record<string, unknown>)[part];
    }, root);
}
