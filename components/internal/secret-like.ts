/**
 * Heuristics that catch a secret pasted into a plain setting: a name that says
 * it holds one, or a value in a well-known credential shape. Used to refuse
 * such settings in the app's plain `environment`, which is stored in the task
 * definition or pod spec in clear text; secrets go through Secrets Manager.
 */

/** Words that mark an environment variable as a secret, matched as whole `_`-separated parts. */
const SECRET_NAME = /(^|_)(PASSWORD|PASSWD|PASS|PWD|SECRET|SECRETS|TOKEN|APIKEY|API_KEY|ACCESS_KEY|PRIVATE_KEY|CREDENTIALS?|AUTH_TOKEN|SESSION_KEY|SIGNING_KEY|CLIENT_SECRET)(_|$)/i;

const SECRET_VALUES: readonly { readonly what: string; readonly pattern: RegExp }[] = [
  { what: "an AWS access key id", pattern: /\b(AKIA|ASIA)[0-9A-Z]{16}\b/ },
  { what: "a PEM private key", pattern: /-----BEGIN [A-Z ]*PRIVATE KEY-----/ },
  { what: "a URL with a password", pattern: /[a-z][a-z0-9+.-]*:\/\/[^/\s:@]*:[^/\s@]+@/i },
  { what: "a GitHub token", pattern: /\bgh[pousr]_[A-Za-z0-9]{30,}\b/ },
  { what: "a Slack token", pattern: /\bxox[abprs]-[A-Za-z0-9-]{10,}/ },
  { what: "a Stripe live key", pattern: /\b[sr]k_live_[A-Za-z0-9]{10,}/ },
  { what: "a JSON web token", pattern: /\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]+/ },
];

/** Whether an environment variable's name says it carries a secret, such as `DB_PASSWORD` or `STRIPE_API_KEY`. */
export function isSecretLikeName(name: string): boolean {
  return SECRET_NAME.test(name);
}

/** What kind of credential `value` looks like, or undefined when it looks like a plain setting. */
export function secretLikeValue(value: string): string | undefined {
  return SECRET_VALUES.find((s) => s.pattern.test(value))?.what;
}
