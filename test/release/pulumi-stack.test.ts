/**
 * The Automation API side of a release (`pulumi-stack.ts`): a stack's outputs
 * read into a snapshot, the config an update writes, and every command over a
 * recording stack with the Automation API's config semantics; `select` over a
 * stand-in `pulumi` executable on the PATH (none, or one answering as the CLI
 * does), as the workflow tests stand in for `gh` and `aws`.
 */
import { CommandError, StackNotFoundError } from "@pulumi/pulumi/automation";
import type { ConfigMap, ConfigValue, OutputMap, UpOptions, UpResult, UpdateSummary } from "@pulumi/pulumi/automation";
import * as fs from "fs";
import * as path from "path";
import { ConfigError } from "../../stacks/config";
import { PACK_DEFAULTS } from "../../scripts/release/policy-packs";
import { AwsDatabaseBackups } from "../../scripts/release/aws-backups";
import { AwsHealthSignal } from "../../scripts/release/aws-health";
import { productionEnvironment } from "../../scripts/release/cli";
import { configFor, isMissingCli, PulumiStackOperations, snapshotFromOutputs, StackLike, trafficConfigFrom, updateFailureMessage } from "../../scripts/release/pulumi-stack";
import { parseReleaseMessage, StackBusyError } from "../../scripts/release/types";
import { PROJECT_ROOT } from "../harness/stack-config";
import { temporaryDirectory } from "../harness/temporary-directory";
import { snapshot } from "./fakes";
import { installPolicySdk, writePack } from "./pack-folders";

// Pulumi's own classifier of failed CLI commands (internal, not in the type declarations).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { createCommandError } = require("@pulumi/pulumi/automation/errors") as { createCommandError(result: unknown): Error };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { CommandResult } = require("@pulumi/pulumi/automation/cmd") as { CommandResult: new (stdout: string, stderr: string, code: number) => unknown };

const commandError = (stdout: string, stderr: string) => createCommandError(new CommandResult(stdout, stderr, 255));

const OUTPUTS: OutputMap = {
  trafficWeights: { value: { blue: 100, green: 0 }, secret: false },
  images: { value: snapshot().images, secret: false },
  targetGroupArns: { value: snapshot().targetGroupArns, secret: false },
  deploymentHealthAlarmName: { value: snapshot().alarmName, secret: false },
  vpcId: { value: "vpc-0123456789abcdef0", secret: false },
};

describe("stack outputs", () => {
  test("become a snapshot of weights, images, target groups and the alarm", () => {
    expect(snapshotFromOutputs("staging", OUTPUTS)).toEqual(snapshot());
  });

  test("a stack without the load balancer's or monitoring's outputs names each missing one and where it comes from", () => {
    const rest = Object.fromEntries(Object.entries(OUTPUTS).filter(([key]) => key !== "trafficWeights" && key !== "deploymentHealthAlarmName"));
    expect(() => snapshotFromOutputs("dev", rest)).toThrow(
      "stack dev has no outputs to release from:\n" +
        "  - trafficWeights: missing (it comes from the load balancer; run pulumi up once with it in the program)\n" +
        "  - deploymentHealthAlarmName: missing (it comes from the monitoring tier; run pulumi up once with it in the program)",
    );
  });

  test("a malformed output is named with its value and every problem zod found in it", () => {
    expect(() => snapshotFromOutputs("dev", { ...OUTPUTS, trafficWeights: { value: { blue: "100", green: -1 }, secret: false } })).toThrow(
      new Error(
        "stack dev has no outputs to release from:\n" +
          '  - trafficWeights: {"blue":"100","green":-1} is not what a release expects (Invalid input: expected number, received string; Too small: expected number to be >=0)',
      ),
    );
  });
});

describe("each output a release reads is checked", () => {
  const arn = snapshot().targetGroupArns.blue;
  test.each([
    ["trafficWeights", { blue: 1000, green: 0 }],
    ["trafficWeights", { blue: -1, green: 0 }],
    ["trafficWeights", { blue: 1.5, green: 0 }],
    ["images", { blue: "", green: "registry/app:1.0.0" }],
    ["targetGroupArns", { blue: arn, green: "targetgroup/staging-green/fedcba9876543210" }],
    ["deploymentHealthAlarmName", ""],
  ])("%s = %j is refused", (key, value) => {
    expect(() => snapshotFromOutputs("dev", { ...OUTPUTS, [key]: { value, secret: false } })).toThrow(
      `stack dev has no outputs to release from:\n  - ${key}: ${JSON.stringify(value)} is not what a release expects (`,
    );
  });

  test("weights from 0 to 999 on each side are taken as they are", () => {
    expect(snapshotFromOutputs("dev", { ...OUTPUTS, trafficWeights: { value: { blue: 999, green: 0 }, secret: false } }).weights).toEqual({ blue: 999, green: 0 });
  });

  test("the per-colour alarms and the database are read when the program has them; malformed ones are left out", () => {
    const alarmNames = { blue: "staging-deployment-health-blue", green: "staging-deployment-health-green" };
    const full = { ...OUTPUTS, deploymentHealthAlarmNames: { value: alarmNames, secret: false }, database: { value: { identifier: "platform-staging", port: 5432 }, secret: false } };
    expect(snapshotFromOutputs("staging", full)).toStrictEqual({ ...snapshot(), alarmNames, databaseIdentifier: "platform-staging" });
    const malformed = { ...OUTPUTS, deploymentHealthAlarmNames: { value: { blue: "a", green: "" }, secret: false }, database: { value: { identifier: "" }, secret: false } };
    expect(snapshotFromOutputs("staging", malformed)).toStrictEqual(snapshot());
  });
});

describe("platform:traffic as pulumi config --json gives it", () => {
  test("a stack without it gets the defaults", () => {
    expect(trafficConfigFrom(undefined).release.strategy).toBe("canary");
  });

  test("the parsed objectValue is used when there is one, the JSON string otherwise", () => {
    expect(trafficConfigFrom({ value: "ignored", objectValue: { release: { strategy: "linear" } } }).release.strategy).toBe("linear");
    expect(trafficConfigFrom({ value: JSON.stringify({ release: { strategy: "all-at-once" } }) }).release.strategy).toBe("all-at-once");
  });

  test("a value that is not JSON is a config error naming the key", () => {
    expect(() => trafficConfigFrom({ value: "{oops" })).toThrow(expect.objectContaining({ problems: ['platform:traffic: "{oops" is not allowed (expected a structured object)'] }));
    expect(() => trafficConfigFrom({ value: "{oops" })).toThrow(ConfigError);
  });
});

describe("config written by an update", () => {
  test("sets both weights by path, and the colour's image when the update deploys one", () => {
    expect(configFor({ weights: { blue: 90, green: 10 }, image: { colour: "green", image: "registry/app:1.1.0" } })).toEqual({
      "platform:traffic.weights.blue": { value: "90" },
      "platform:traffic.weights.green": { value: "10" },
      "platform:compute.green.image": { value: "registry/app:1.1.0" },
    });
  });

  test("a shift writes only the weights", () => {
    expect(Object.keys(configFor({ weights: { blue: 0, green: 100 } }))).toEqual(["platform:traffic.weights.blue", "platform:traffic.weights.green"]);
  });

  test("a failed update's message is its error lines, not the command's exit code", () => {
    const stdout = [
      "Updating (staging):",
      "    aws:ecs:Service app-green  **updating failed**",
      "Diagnostics:",
      "  aws:ecs:Service (app-green):",
      "    error: updating ECS Service (app-green): InvalidParameterException: The container app does not exist",
    ].join("\n");
    expect(updateFailureMessage(commandError(stdout, ""))).toBe("error: updating ECS Service (app-green): InvalidParameterException: The container app does not exist");
  });
});

describe("a failed command in one line", () => {
  test("its error lines, trimmed, each once, whatever their case", () => {
    // CommandError's message puts "stderr: " before the CLI's first stderr line, usually the error itself.
    expect(updateFailureMessage(commandError("", "error: [403] Forbidden"))).toBe("error: [403] Forbidden");
    expect(updateFailureMessage(new Error("Updating:\n    error: x failed\n  error: x failed\nError: y failed"))).toBe("error: x failed Error: y failed");
  });

  test("only a line that starts with error: counts, and only a leading stream name is taken off", () => {
    const text = "code: 255\n stdout: Updating (staging):\n    ~ retrying after error: throttled\n stderr: warning: slow\nerror: reading stdout: broken pipe\n";
    expect(updateFailureMessage(new Error(text))).toBe("error: reading stdout: broken pipe");
  });

  test("without error lines, its first line that is not blank; a thrown string as it is", () => {
    expect(updateFailureMessage(new Error("\n   \n  exit status 255  \nmore"))).toBe("exit status 255");
    expect(updateFailureMessage(new Error("  "))).toBe("");
    expect(updateFailureMessage("signal: killed")).toBe("signal: killed");
  });

  test("a missing CLI is an Error naming both ENOENT and the pulumi command", () => {
    expect(isMissingCli("spawn pulumi ENOENT")).toBe(false);
    expect(isMissingCli(new Error("spawn node ENOENT"))).toBe(false);
    expect(isMissingCli(new Error("spawn pulumictl ENOENT"))).toBe(false);
    expect(isMissingCli(new Error("pulumi: EACCES"))).toBe(false);
  });

  test("an update's other config values are written by their path keys", () => {
    expect(configFor({ values: { "platform:disasterRecovery.standby.stage": "warm" } })).toEqual({ "platform:disasterRecovery.standby.stage": { value: "warm" } });
  });
});

/**
 * Without `path: true` the CLI takes `platform:traffic.weights.blue` as one key named
 * `traffic.weights.blue` (`pulumi config set --path`), so a write or read of a nested key without it is a bug.
 */
function requirePath(key: string, path: boolean | undefined): void {
  if (key.includes(".") && path !== true) throw new Error(`${key} read or written without path: true`);
}

/** An in-memory stack with the Automation API's config semantics for `path: true` keys, and a scripted `up`. */
class RecordingStack implements StackLike {
  readonly name = "staging";
  readonly config = new Map<string, string>([["platform:traffic.weights.blue", "100"], ["platform:traffic.weights.green", "0"], ["aws:region", "eu-west-1"]]);
  readonly ups: UpOptions[] = [];
  readonly setCalls: ConfigMap[] = [];
  /** Keys stored encrypted: `getConfig` flags them `secret`, and `setAllConfig` encrypts a value given with `secret: true`. */
  readonly secrets = new Set<string>();
  upError?: Error;
  /** What every read (config, outputs, history) throws, when set. */
  readError?: Error;
  latest?: Partial<UpdateSummary>;

  async getConfig(key: string, path?: boolean): Promise<ConfigValue> {
    if (this.readError) throw this.readError;
    requirePath(key, path);
    const value = this.config.get(key);
    if (value === undefined) throw new Error(`configuration key '${key}' not found for stack 'staging'`);
    return { value, secret: this.secrets.has(key) };
  }
  async getAllConfig(): Promise<ConfigMap> {
    if (this.readError) throw this.readError;
    return { "platform:traffic": { value: JSON.stringify({ mode: "weighted", release: { strategy: "linear" } }), secret: false } };
  }
  async setAllConfig(config: ConfigMap, path?: boolean): Promise<void> {
    for (const key of Object.keys(config)) requirePath(key, path);
    this.setCalls.push(config);
    for (const [key, { value, secret }] of Object.entries(config)) {
      this.config.set(key, value);
      if (secret) this.secrets.add(key);
      else this.secrets.delete(key);
    }
  }
  async removeConfig(key: string, path?: boolean): Promise<void> {
    requirePath(key, path);
    this.config.delete(key);
  }
  async outputs(): Promise<OutputMap> {
    if (this.readError) throw this.readError;
    return OUTPUTS;
  }
  async history(): Promise<UpdateSummary[]> {
    if (this.readError) throw this.readError;
    return this.latest ? [this.latest as UpdateSummary] : [];
  }
  async up(options?: UpOptions): Promise<UpResult> {
    this.ups.push(options ?? {});
    if (this.upError) throw this.upError;
    return {} as UpResult;
  }
}

describe("PulumiStackOperations", () => {
  test("recognises a machine without the Pulumi CLI, and only that", () => {
    expect(isMissingCli(new Error("code: -2\n stderr: Command failed with ENOENT: pulumi version\nspawn pulumi ENOENT"))).toBe(true);
    expect(isMissingCli(commandError("", "error: no Pulumi.yaml project file found"))).toBe(false);
  });


  test("writes the change to config and runs one up with the step as its message", async () => {
    const stack = new RecordingStack();
    await new PulumiStackOperations(stack).update({ weights: { blue: 90, green: 10 } }, "release app:1.1.0: 10% to green");
    expect(stack.config.get("platform:traffic.weights.green")).toBe("10");
    expect(stack.ups.map((u) => u.message)).toEqual(["release app:1.1.0: 10% to green"]);
  });

  test("every up runs both policy packs, each with the stack's pack config or, where it has none, the pack's defaults", async () => {
    const stack = new RecordingStack();
    const operations = new PulumiStackOperations(stack);
    await operations.update({ weights: { blue: 100, green: 0 }, image: { colour: "green", image: "registry/app:1.1.0" } }, "release: deploy");
    await operations.update({ weights: { blue: 90, green: 10 } }, "release: 10%");
    const policies = path.join(PROJECT_ROOT, "policies");
    for (const up of stack.ups) {
      expect(up.policyPacks).toEqual([path.join(policies, "compliance"), path.join(policies, "security")]);
      // staging ships compliance config only; the CLI needs one --policy-pack-config per --policy-pack, in order.
      expect(up.policyPackConfigs).toEqual([path.join(policies, "compliance", "config", "staging.json"), PACK_DEFAULTS]);
    }
    expect(JSON.parse(fs.readFileSync(PACK_DEFAULTS, "utf8"))).toEqual({});
  });

  test("a mandatory policy violation fails the update with the policy, the resource and the policy's message", async () => {
    const stack = new RecordingStack();
    // The CLI's Policies block, as pkg/backend/display/progress.go prints it (printPolicies).
    const stdout = [
      "Updating (staging):",
      "    pulumi:pulumi:Stack platform-staging running",
      "    aws:ecs:TaskDefinition app-green  **updating failed**",
      "Policies:",
      "    ❌ platform-security@v0.1.0 (local: policies/security)",
      "        - [mandatory] [severity: critical]  aws-ecs-task-definition-no-privileged-containers  (aws:ecs/taskDefinition:TaskDefinition: app-green)",
      "          Container \"app\" runs privileged: it gets every capability of the host.",
      "          Set privileged: false.",
      "    ✅ platform-compliance@v0.1.0 (local: policies/compliance)",
      "",
      "Resources:",
      "    1 unchanged",
    ].join("\n");
    stack.upError = commandError(stdout, "error: update failed");
    const update = new PulumiStackOperations(stack).update({ weights: { blue: 100, green: 0 }, image: { colour: "green", image: "registry/app:1.1.0" } }, "release");
    await expect(update).rejects.toThrow(
      'mandatory policy violation: aws-ecs-task-definition-no-privileged-containers (platform-security) on app-green (aws:ecs/taskDefinition:TaskDefinition): Container "app" runs privileged: it gets every capability of the host.',
    );
  });

  test("Pulumi's concurrent-update error becomes a StackBusyError and the config written for it is put back", async () => {
    const stack = new RecordingStack();
    stack.upError = commandError("", "error: [409] Conflict: Another update is currently in progress.");
    const operations = new PulumiStackOperations(stack);
    const update = operations.update({ weights: { blue: 100, green: 0 }, image: { colour: "green", image: "registry/app:1.1.0" } }, "release");
    await expect(update).rejects.toBeInstanceOf(StackBusyError);
    await expect(update).rejects.toThrow("another update holds stack staging (Pulumi's stack lock)");
    await expect(update).rejects.toMatchObject({ cause: stack.upError });
    expect(stack.config.has("platform:compute.green.image")).toBe(false);
    expect(stack.config.get("platform:traffic.weights.blue")).toBe("100");
  });

  test("a self-managed backend's lock is recognised the same way", async () => {
    const stack = new RecordingStack();
    stack.upError = commandError("", "error: the stack is currently locked by 1 lock(s). Either wait for the other process(es) to end or delete the lock file");
    await expect(new PulumiStackOperations(stack).update({ weights: { blue: 0, green: 100 } }, "release")).rejects.toBeInstanceOf(StackBusyError);
  });

  test("an update in progress in the stack's history is described for the refusal", async () => {
    const stack = new RecordingStack();
    stack.latest = { kind: "update", result: "in-progress", startTime: new Date("2026-11-23T14:58:00Z"), message: "release app:1.0.9: 10% to green" };
    expect(await new PulumiStackOperations(stack).activeUpdate()).toBe("an update started at 2026-11-23T14:58:00.000Z: release app:1.0.9: 10% to green");
    stack.latest = { kind: "refresh", result: "in-progress", startTime: new Date("2026-11-23T14:58:00Z") };
    expect(await new PulumiStackOperations(stack).activeUpdate()).toBe("a refresh started at 2026-11-23T14:58:00.000Z");
    stack.latest = { ...stack.latest, result: "succeeded" };
    expect(await new PulumiStackOperations(stack).activeUpdate()).toBeUndefined();
  });

  test("a stack that was never updated has no update in progress and no last message", async () => {
    const operations = new PulumiStackOperations(new RecordingStack());
    expect(await operations.activeUpdate()).toBeUndefined();
    expect(await operations.lastUpdateMessage()).toBeUndefined();
  });

  test("hands on the latest update's message", async () => {
    const stack = new RecordingStack();
    stack.latest = { kind: "update", result: "failed", startTime: new Date(), message: "release registry/app:1.1.0 → green: 70%" };
    expect(parseReleaseMessage(await new PulumiStackOperations(stack).lastUpdateMessage())).toEqual({ image: "registry/app:1.1.0", to: "green" });
  });

  test("reads platform:traffic with its defaults filled in", async () => {
    const traffic = await new PulumiStackOperations(new RecordingStack()).trafficConfig();
    expect(traffic.release).toMatchObject({ strategy: "linear", canary: { percent: 10, bakeSeconds: 300 }, pollIntervalSeconds: 15 });
  });

  test("invalid platform:traffic config is reported with its key path before anything runs", async () => {
    const stack = new RecordingStack();
    stack.getAllConfig = async () => ({ "platform:traffic": { value: JSON.stringify({ release: { strategy: "fast" } }), secret: false } });
    await expect(new PulumiStackOperations(stack).trafficConfig()).rejects.toThrow(
      'platform:traffic.release.strategy: "fast" is not allowed (expected "all-at-once" | "canary" | "linear")',
    );
  });
});

describe("PulumiStackOperations over a failing CLI", () => {
  const cliError = commandError("", "error: [403] Forbidden: you do not have access to stack staging");

  test.each([
    ["reading aws:region", (o: PulumiStackOperations) => o.region()],
    ["reading the config", (o: PulumiStackOperations) => o.trafficConfig()],
    ["reading the outputs", (o: PulumiStackOperations) => o.read()],
    ["reading the history", (o: PulumiStackOperations) => o.activeUpdate()],
    ["reading the history", (o: PulumiStackOperations) => o.lastUpdateMessage()],
  ])("%s names what failed, the stack and the CLI's error line", async (what, call) => {
    const stack = new RecordingStack();
    stack.readError = cliError;
    const read = call(new PulumiStackOperations(stack));
    await expect(read).rejects.toHaveProperty("message", `${what} of stack staging failed: error: [403] Forbidden: you do not have access to stack staging`);
    await expect(read).rejects.toMatchObject({ cause: cliError });
  });

  test("reads aws:region and the outputs, and passes on an error that is not the CLI's as it is", async () => {
    const stack = new RecordingStack();
    expect(await new PulumiStackOperations(stack).region()).toBe("eu-west-1");
    expect(await new PulumiStackOperations(stack).read()).toEqual(snapshot());
    const crash = new TypeError("cannot read properties of undefined");
    stack.readError = crash;
    await expect(new PulumiStackOperations(stack).outputs()).rejects.toBe(crash);
  });

  test("a failed up without a policy violation gives the CLI's error lines; any other error is passed on as it is", async () => {
    const stack = new RecordingStack();
    stack.upError = commandError("    error: creating ECS Service (app-green): ServiceNotActiveException", "error: update failed");
    const failed = new PulumiStackOperations(stack).update({ weights: { blue: 90, green: 10 } }, "release");
    await expect(failed).rejects.toHaveProperty("message", "error: creating ECS Service (app-green): ServiceNotActiveException error: update failed");
    await expect(failed).rejects.toMatchObject({ cause: stack.upError });
    stack.upError = new RangeError("out of memory");
    await expect(new PulumiStackOperations(stack).update({ weights: { blue: 90, green: 10 } }, "release")).rejects.toBe(stack.upError);
  });

  test("when another update holds the stack, each key is put back as it was: values set again, keys that were absent removed", async () => {
    const stack = new RecordingStack();
    stack.config.set("platform:compute.blue.image", "registry/app:1.0.0");
    stack.upError = commandError("", "error: [409] Conflict: Another update is currently in progress.");
    const operations = new PulumiStackOperations(stack);
    await expect(operations.update({ image: { colour: "blue", image: "registry/app:1.1.0" }, values: { "platform:traffic.release.note": "x" } }, "release")).rejects.toBeInstanceOf(StackBusyError);
    expect(stack.config.get("platform:compute.blue.image")).toBe("registry/app:1.0.0");
    expect(stack.config.has("platform:traffic.release.note")).toBe(false);
    // Only keys that were absent: nothing to set again, so no second write.
    stack.setCalls.length = 0;
    await expect(operations.update({ values: { "platform:traffic.release.note": "x" } }, "release")).rejects.toBeInstanceOf(StackBusyError);
    expect(stack.setCalls).toEqual([{ "platform:traffic.release.note": { value: "x" } }]);
    expect(stack.config.has("platform:traffic.release.note")).toBe(false);
  });

  test("a secret key put back after a busy stack is encrypted again, never written in plain text", async () => {
    const stack = new RecordingStack();
    stack.config.set("platform:app.token", "old-token");
    stack.secrets.add("platform:app.token");
    stack.upError = commandError("", "error: [409] Conflict: Another update is currently in progress.");
    await expect(new PulumiStackOperations(stack).update({ values: { "platform:app.token": "new-token", "platform:traffic.weights.blue": "90" } }, "release")).rejects.toBeInstanceOf(StackBusyError);
    expect(stack.setCalls.at(-1)).toEqual({ "platform:app.token": { value: "old-token", secret: true }, "platform:traffic.weights.blue": { value: "100", secret: false } });
    expect(stack.secrets.has("platform:app.token")).toBe(true);
  });
});

/**
 * `select` drives the real Automation API, which runs `pulumi version` and
 * then `pulumi stack select --stack <name>` (@pulumi/pulumi automation/cmd.js
 * and localWorkspace.js); the test puts its own `pulumi` first on the PATH,
 * or none at all, and the project is an empty folder with the packs the test gives it.
 */
describe("PulumiStackOperations.select", () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { version } = require("@pulumi/pulumi/version") as { version: string };
  const originalPath = process.env.PATH;
  let root: string;
  let bin: string;
  let workDir: string;

  beforeEach(() => {
    root = temporaryDirectory("select");
    bin = path.join(root, "bin");
    workDir = path.join(root, "project");
    fs.mkdirSync(bin);
    fs.mkdirSync(workDir);
    // Node's own folder only: no pulumi unless the test writes one.
    process.env.PATH = `${bin}:${path.dirname(process.execPath)}`;
  });
  afterEach(() => {
    process.env.PATH = originalPath;
  });

  /** A `pulumi` that reports the SDK's own version and answers `stack select` as given. */
  function pulumi(stackSelect: string): void {
    fs.writeFileSync(path.join(bin, "pulumi"), `#!/bin/sh\nif [ "$1" = version ]; then echo "v${version}"; exit 0; fi\n${stackSelect}\n`, { mode: 0o755 });
  }

  test("without the Pulumi CLI on the PATH, says so and where to get it", async () => {
    const selected = PulumiStackOperations.select("staging", workDir);
    await expect(selected).rejects.toHaveProperty("message", "the Pulumi CLI is not on PATH: the release command drives it through the Automation API (install it: https://www.pulumi.com/docs/install/)");
    await expect(selected).rejects.toHaveProperty("cause.message", expect.stringMatching(/ENOENT/));
  });

  test("a stack that does not exist is named with the command that creates it", async () => {
    pulumi(`echo "error: no stack named 'qa' found" >&2; exit 255`);
    const selected = PulumiStackOperations.select("qa", workDir);
    await expect(selected).rejects.toHaveProperty("message", "no stack named qa; create it with pulumi stack init qa");
    await expect(selected).rejects.toMatchObject({ cause: expect.any(StackNotFoundError) });
  });

  test("any other failure is the CLI's own error", async () => {
    pulumi(`echo "error: getting user info: 401 Unauthorized: No credentials provided" >&2; exit 255`);
    const selected = PulumiStackOperations.select("staging", workDir);
    await expect(selected).rejects.toBeInstanceOf(CommandError);
    await expect(selected).rejects.toThrow(/401 Unauthorized: No credentials provided/);
  });

  test("selects the stack, with every pack under the project's policies/", async () => {
    pulumi(`[ "$1 $2 $3 $4" = "stack select --stack staging" ] || exit 3`);
    installPolicySdk(writePack(path.join(workDir, "policies"), "security"));
    const operations = await PulumiStackOperations.select("staging", workDir);
    expect(operations.stackName).toBe("staging");
  });

  test("npm run release opens the stack this way, with the AWS clients of the stack's aws:region", async () => {
    pulumi(
      [
        `[ "$1 $2 $3 $4" = "stack select --stack staging" ] && exit 0`,
        // The Automation API appends --non-interactive to every command (automation/cmd.js).
        `case "$*" in "config get aws:region --json --stack staging"*) echo '{"value":"ap-southeast-2","secret":false}'; exit 0;; esac`,
        "exit 3",
      ].join("\n"),
    );
    installPolicySdk(writePack(path.join(workDir, "policies"), "security"));
    const opened = await productionEnvironment(workDir).open("staging");
    expect(opened.stack.stackName).toBe("staging");
    expect(opened.health).toBeInstanceOf(AwsHealthSignal);
    expect(opened.backups).toBeInstanceOf(AwsDatabaseBackups);
    // The clients' region is private; toMatchObject reads it as the object holds it.
    expect(opened.health).toMatchObject({ region: "ap-southeast-2" });
    expect(opened.backups).toMatchObject({ region: "ap-southeast-2" });
  });

  test("packs without their dependencies are named, each with the command that installs them, before the CLI is run", async () => {
    const packs = ["compliance", "security"].map((pack) => writePack(path.join(workDir, "policies"), pack));
    const [compliance, security] = packs.map((pack) => path.relative(process.cwd(), pack));
    await expect(PulumiStackOperations.select("staging", workDir)).rejects.toHaveProperty(
      "message",
      `every release update runs the policy packs, and ${compliance} and ${security} have no dependencies installed; ` +
        `run: npm install --prefix ${compliance} && npm install --prefix ${security}`,
    );
    installPolicySdk(packs[0]);
    await expect(PulumiStackOperations.select("staging", workDir)).rejects.toHaveProperty(
      "message",
      `every release update runs the policy packs, and ${security} has no dependencies installed; run: npm install --prefix ${security}`,
    );
  });
});
