/**
 * Who each severity reaches, on the shipped stacks (ECS) and on EKS, against a
 * routing table written out here rather than read from the code: SEV1
 * critical to PagerDuty, Slack and email; SEV2 warning to Slack and email;
 * SEV3 info to Slack. The channels are read off the resources: email and
 * HTTPS subscriptions of each severity's topic, and the topics each Chatbot
 * Slack configuration posts.
 */
import { parsePlatformConfig } from "../../stacks/config";
import { runProgram, RunResult } from "../harness";
import { readStackConfig } from "../harness/stack-config";
import { EKS_ALERTING_SECRETS } from "../reliability/secrets";
import { SUBSCRIPTION } from "./fixtures";

const PROMISED: Record<string, string[]> = {
  critical: ["email", "pagerDuty", "slack"],
  warning: ["email", "slack"],
  info: ["slack"],
};
const PAGERDUTY_URL = "https://events.pagerduty.com/integration/0123456789abcdef0123456789abcdef/enqueue";
const PAGERDUTY = { "platform:monitoring": { channels: { pagerDuty: { integrationUrl: PAGERDUTY_URL } } } };
const SLACK_CONFIG = "aws:chatbot/slackChannelConfiguration:SlackChannelConfiguration";

/** The kinds of channel that hear `severity`, read off the resources. */
function channelsReached(run: RunResult, severity: string, emails: readonly string[]): string[] {
  const topic = run.outputs.alarmTopicArns[severity];
  const subscriptions = run.ofType(SUBSCRIPTION).filter((s) => s.inputs.topic === topic);
  const reached: string[] = [];
  if (emails.length > 0 && emails.every((email) => subscriptions.some((s) => s.inputs.protocol === "email" && s.inputs.endpoint === email))) reached.push("email");
  if (subscriptions.some((s) => s.inputs.protocol === "https" && s.inputs.endpoint === PAGERDUTY_URL)) reached.push("pagerDuty");
  const slack = run.ofType(SLACK_CONFIG);
  if (slack.length > 0 && slack.every((c) => c.inputs.snsTopicArns.includes(topic))) reached.push("slack");
  return reached.sort();
}

describe.each([
  ["dev", "ecs"],
  ["staging", "ecs"],
  ["prod", "ecs"],
  ["prod", "eks"],
] as const)("the %s stack on %s", (stack, platform) => {
  let run: RunResult;
  const emails = parsePlatformConfig(readStackConfig(stack).values, stack).monitoring.channels.emails;
  beforeAll(async () => {
    run = await runProgram({ stack, secrets: PAGERDUTY, ...(platform === "eks" ? { overrides: { "platform:compute": { platform: "eks" } } } : {}) });
  }, 180_000);

  test.each(Object.keys(PROMISED))("%s reaches exactly the channels the routing table promises", (severity) => {
    expect(channelsReached(run, severity, emails)).toEqual(PROMISED[severity]);
  });

  test("the stack file configures every kind of channel but PagerDuty, whose URL only a secret may hold", () => {
    expect(emails.length).toBeGreaterThan(0);
    expect(run.ofType(SLACK_CONFIG).length).toBeGreaterThan(0);
    expect(JSON.stringify(readStackConfig(stack).values)).not.toContain("pagerduty.com");
  });

  test("the PagerDuty subscription's endpoint is a secret and auto-confirms, and no output carries it", () => {
    const pagerDuty = run.ofType(SUBSCRIPTION).filter((s) => s.inputs.endpoint === PAGERDUTY_URL);
    expect(pagerDuty.map((s) => [s.name, s.secretInputPaths.includes("endpoint"), s.inputs.endpointAutoConfirms])).toEqual([[`monitoring-critical-https-pagerduty`, true, true]]);
    expect(JSON.stringify(run.outputs)).not.toContain("0123456789abcdef0123456789abcdef");
  });

  test("every Slack channel posts through Chatbot with a read-only guardrail and a role that may only read CloudWatch", () => {
    for (const channel of run.ofType(SLACK_CONFIG)) {
      expect(channel.inputs.guardrailPolicyArns).toEqual(["arn:aws:iam::aws:policy/CloudWatchReadOnlyAccess"]);
      expect(channel.inputs.slackTeamId).toMatch(/^T[0-9A-Z]+$/);
      expect(channel.inputs.configurationName).toMatch(new RegExp(`^${stack}-`));
    }
    const role = run.one("aws:iam/role:Role", "monitoring-chatbot");
    expect(JSON.parse(role.inputs.assumeRolePolicy).Statement[0].Principal).toEqual({ Service: "chatbot.amazonaws.com" });
    const actions = JSON.parse(run.one("aws:iam/rolePolicy:RolePolicy", "monitoring-chatbot").inputs.policy).Statement.flatMap((s: any) => s.Action);
    expect(actions.every((a: string) => /^cloudwatch:(Describe|Get|List)\*$/.test(a))).toBe(true);
  });
});

test("on EKS, Alertmanager routes each severity to the receivers the same table promises", async () => {
  const run = await runProgram({ stack: "prod", secrets: EKS_ALERTING_SECRETS });
  const config = run.one("kubernetes:helm.sh/v3:Release", "eks-monitoring").inputs.values.alertmanager.config;
  const kinds: Record<string, string> = { email_configs: "email", pagerduty_configs: "pagerDuty", slack_configs: "slack" };
  for (const [severity, promised] of Object.entries(PROMISED)) {
    const receiver = config.receivers.find((r: any) => r.name === severity);
    expect(Object.keys(receiver).filter((k) => k !== "name").map((k) => kinds[k]).sort()).toEqual(promised);
    expect(config.route.routes).toContainEqual({ matchers: [`severity="${severity}"`], receiver: severity });
  }
}, 180_000);

describe("bad channel config fails before anything is created, naming the key", () => {
  const prodWith = (monitoring: object) => ({ ...readStackConfig("prod").values, "platform:monitoring": JSON.stringify(monitoring) });
  const parse = (monitoring: object, secret = false) => parsePlatformConfig(prodWith(monitoring), "prod", (key) => secret && key === "platform:monitoring");

  test("a Slack channel without its workspace id", () => {
    expect(() => parse({ channels: { slack: { ops: { channelId: "C0123456789" } } } })).toThrow(
      /platform:monitoring\.channels\.slack\.ops\.workspaceId: is required \(expected the Slack workspace id authorised in AWS Chatbot, such as T07EA123LEP\)/,
    );
  });

  test("a PagerDuty integration URL in plain config, without printing it", () => {
    const attempt = () => parse({ channels: { pagerDuty: { integrationUrl: PAGERDUTY_URL } } });
    expect(attempt).toThrow(/platform:monitoring\.channels\.pagerDuty\.integrationUrl: "\(secret, not shown\)" is not allowed in plain config \(expected a secret: pulumi config set --secret --path 'monitoring\.channels\.pagerDuty\.integrationUrl'/);
    expect(attempt).not.toThrow(/0123456789abcdef/);
    expect(() => parse({ channels: { pagerDuty: { integrationUrl: PAGERDUTY_URL } } }, true)).not.toThrow();
  });

  test("told nothing about secrets, the parser takes every key as plain and refuses the URL", () => {
    expect(() => parsePlatformConfig(prodWith({ channels: { pagerDuty: { integrationUrl: PAGERDUTY_URL } } }), "prod")).toThrow(/platform:monitoring\.channels\.pagerDuty\.integrationUrl: "\(secret, not shown\)" is not allowed in plain config/);
  });

  test("a PagerDuty URL that is not https, without printing it", () => {
    expect(() => parse({ channels: { pagerDuty: { integrationUrl: "http://events.pagerduty.com/x" } } }, true)).toThrow(
      /platform:monitoring\.channels\.pagerDuty\.integrationUrl: "\(secret, not shown\)" is not allowed \(expected an https:\/\/ URL\)/,
    );
  });

  test("an address both in channels.emails and in a routed severity's subscriptions", async () => {
    const run = runProgram({ stack: "prod", overrides: { "platform:monitoring": { subscriptions: { warning: { emails: ["oncall@example.com"] } } } } });
    await expect(run).rejects.toThrow(/subscriptions\.warning\.emails: "oncall@example\.com" is not allowed \(expected an address not already in channels\.emails/);
  });
});
