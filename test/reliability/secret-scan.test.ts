import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { runComponents, secretPlaceholder } from "../harness";
import { findLeaks, knownSecrets } from "./secrets";

const CONFIG = { "aws:region": "eu-west-1", "platform:token": { secure: "v1:ciphertext" } };
const TOKEN = secretPlaceholder("platform:token");

async function runWithToken(use: (token: pulumi.Output<string>) => void) {
  return runComponents(() => {
    const token = new pulumi.Config("platform").requireSecret("token");
    use(token);
    return {};
  }, { config: CONFIG });
}

describe("secret scanning", () => {
  test("finds a config secret that reached a plain input through an unwrapped value", async () => {
    const run = await runWithToken((token) => {
      new aws.ssm.Parameter("leaky", { type: "String", value: "x", description: pulumi.unsecret(token) });
    });
    expect(findLeaks(run, knownSecrets(run, [TOKEN]))).toEqual([{ where: "aws:ssm/parameter:Parameter leaky inputs.description", secretPrefix: "mock…" }]);
  });

  test("accepts the secret where it stays marked secret", async () => {
    const run = await runWithToken((token) => void new aws.ssm.Parameter("sealed", { type: "SecureString", value: token }));
    expect(run.one("aws:ssm/parameter:Parameter", "sealed").secretInputPaths).toEqual(["value"]);
    expect(findLeaks(run, knownSecrets(run, [TOKEN]))).toEqual([]);
  });

  test("learns secrets from inputs the program marked secret and finds their copies elsewhere", async () => {
    const run = await runComponents(() => {
      const password = pulumi.secret("correct-horse-battery");
      new aws.ssm.Parameter("sealed", { type: "SecureString", value: password });
      new aws.ssm.Parameter("copy", { type: "String", value: "x", description: "correct-horse-battery" });
    });
    expect(findLeaks(run, knownSecrets(run)).map((l) => l.where)).toEqual(["aws:ssm/parameter:Parameter copy inputs.description"]);
  });

  test("finds a secret in a log line", async () => {
    const run = await runComponents(() => undefined);
    expect(findLeaks(run, ["correct-horse-battery"], ["connecting with correct-horse-battery"])).toEqual([{ where: "log line 1", secretPrefix: "corr…" }]);
  });
});

describe("harness log capture", () => {
  test("records what the program logs during a run", async () => {
    const run = await runComponents(() => void pulumi.log.info("creating the platform"));
    expect(run.logs.some((line) => line.includes("creating the platform"))).toBe(true);
  });
});
