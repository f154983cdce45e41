import { CloudWatchClient, DescribeAlarmsCommand } from "@aws-sdk/client-cloudwatch";
import { DescribeTargetGroupsCommand, DescribeTargetHealthCommand, ElasticLoadBalancingV2Client } from "@aws-sdk/client-elastic-load-balancing-v2";
import type { ConfigMap, ConfigValue, OutputMap, UpOptions, UpResult, UpdateSummary } from "@pulumi/pulumi/automation";
import { AwsHealthSignal } from "../../scripts/release/aws-health";
import * as fs from "fs";
import * as path from "path";
import { PACK_DEFAULTS } from "../../scripts/release/policy-packs";
import { configFor, isMissingCli, PulumiStackOperations, snapshotFromOutputs, StackLike, updateFailureMessage } from "../../scripts/release/pulumi-stack";
import { parseReleaseMessage, releaseMessage, StackBusyError } from "../../scripts/release/types";
import { PROJECT_ROOT } from "../harness/stack-config";
import { nodeError, sdkError } from "./aws-errors";
import { snapshot } from "./fakes";

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

  test("a malformed output is named with its value", () => {
    expect(() => snapshotFromOutputs("dev", { ...OUTPUTS, trafficWeights: { value: { blue: "100", green: 0 }, secret: false } })).toThrow(
      /trafficWeights: \{"blue":"100","green":0\} is not what a release expects/,
    );
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

/** An in-memory stack with the Automation API's config semantics for `path: true` keys, and a scripted `up`. */
class RecordingStack implements StackLike {
  readonly name = "staging";
  readonly config = new Map<string, string>([["platform:traffic.weights.blue", "100"], ["platform:traffic.weights.green", "0"]]);
  readonly ups: UpOptions[] = [];
  upError?: Error;
  latest?: Partial<UpdateSummary>;

  async getConfig(key: string): Promise<ConfigValue> {
    const value = this.config.get(key);
    if (value === undefined) throw new Error(`configuration key '${key}' not found for stack 'staging'`);
    return { value, secret: false };
  }
  async getAllConfig(): Promise<ConfigMap> {
    return { "platform:traffic": { value: JSON.stringify({ mode: "weighted", release: { strategy: "linear" } }), secret: false } };
  }
  async setAllConfig(config: ConfigMap): Promise<void> {
    for (const [key, { value }] of Object.entries(config)) this.config.set(key, value);
  }
  async removeConfig(key: string): Promise<void> {
    this.config.delete(key);
  }
  async outputs(): Promise<OutputMap> {
    return OUTPUTS;
  }
  async history(): Promise<UpdateSummary[]> {
    return this.latest ? [this.latest as UpdateSummary] : [];
  }
  async up(options?: UpOptions): Promise<UpResult> {
    this.ups.push(options ?? {});
    if (this.upError) throw this.upError;
    return {} as UpResult;
  }
}

describe("release step messages in the stack history", () => {
  test("name the image and the colour it moves to", () => {
    const message = releaseMessage("registry/app:1.1.0", "green", "30%");
    expect(message).toBe("release registry/app:1.1.0 → green: 30%");
    expect(parseReleaseMessage(message)).toEqual({ image: "registry/app:1.1.0", to: "green" });
  });

  test.each([undefined, "", "pulumi up by hand", "release: roll back to blue"])("%j names no release", (message) => {
    expect(parseReleaseMessage(message)).toBeUndefined();
  });
});

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
      "        - [mandatory]  aws-ecs-task-definition-no-privileged-containers  (aws:ecs/taskDefinition:TaskDefinition: app-green)",
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
    expect(await new PulumiStackOperations(stack).activeUpdate()).toBe("a update started at 2026-11-23T14:58:00.000Z: release app:1.0.9: 10% to green");
    stack.latest = { ...stack.latest, result: "succeeded" };
    expect(await new PulumiStackOperations(stack).activeUpdate()).toBeUndefined();
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

describe("AwsHealthSignal", () => {
  const cloudwatch = new CloudWatchClient({ region: "eu-west-1" });
  const elb = new ElasticLoadBalancingV2Client({ region: "eu-west-1" });
  const signal = new AwsHealthSignal(cloudwatch, elb, "eu-west-1");
  afterEach(() => jest.restoreAllMocks());

  // moto 5.2.1 has no PutCompositeAlarm and ignores AlarmTypes, so the composite response shape is covered here.
  test("asks CloudWatch for the alarm as a composite, since DescribeAlarms omits composites otherwise, and reads its state", async () => {
    const send = jest.spyOn(cloudwatch, "send").mockImplementation(async () => ({
      CompositeAlarms: [{ AlarmName: "platform-staging-deployment-health", StateValue: "ALARM" }],
      MetricAlarms: [],
    }));
    expect(await signal.alarmState("platform-staging-deployment-health")).toBe("ALARM");
    const command = send.mock.calls[0][0] as DescribeAlarmsCommand;
    expect(command).toBeInstanceOf(DescribeAlarmsCommand);
    expect(command.input).toEqual({ AlarmNames: ["platform-staging-deployment-health"], AlarmTypes: ["CompositeAlarm", "MetricAlarm"] });
  });

  test("a missing alarm is an error naming the alarm and the region, not an OK, and retrying will not help", async () => {
    jest.spyOn(cloudwatch, "send").mockImplementation(async () => ({ CompositeAlarms: [], MetricAlarms: [] }));
    const read = signal.alarmState("platform-staging-deployment-health");
    await expect(read).rejects.toThrow(/^alarm platform-staging-deployment-health not found in eu-west-1 /);
    await expect(read).rejects.toMatchObject({ transient: false });
  });

  test("counts targets by state and keeps ELB's reason for each one that is not healthy", async () => {
    const send = jest.spyOn(elb, "send").mockImplementation(async () => ({
      TargetHealthDescriptions: [
        { TargetHealth: { State: "healthy" } },
        { TargetHealth: { State: "healthy" } },
        { TargetHealth: { State: "initial", Reason: "Elb.InitialHealthChecking" } },
        { TargetHealth: { State: "draining", Reason: "Target.DeregistrationInProgress" } },
        { TargetHealth: { State: "unhealthy", Reason: "Target.ResponseCodeMismatch" } },
        { TargetHealth: { State: "unavailable", Reason: "Target.HealthCheckDisabled" } },
        { TargetHealth: { State: "unused", Reason: "Target.InvalidState" } },
        { TargetHealth: { State: "unused", Reason: "Target.NotRegistered" } },
      ],
    }));
    const arn = snapshot().targetGroupArns.green;
    expect(await signal.targetHealth(arn)).toEqual({
      healthy: 2,
      transitioning: 2,
      unhealthy: ["Target.ResponseCodeMismatch", "Target.HealthCheckDisabled"],
      unused: ["Target.InvalidState", "Target.NotRegistered"],
    });
    expect((send.mock.calls[0][0] as DescribeTargetHealthCommand).input).toEqual({ TargetGroupArn: arn });
  });

  test("a target group that no load balancer uses is reported with ELB's reason, every target counted", async () => {
    jest.spyOn(elb, "send").mockImplementation(async () => ({
      TargetHealthDescriptions: [{ TargetHealth: { State: "unused", Reason: "Target.NotInUse" } }, { TargetHealth: { State: "unused", Reason: "Target.NotInUse" } }],
    }));
    expect(await signal.targetHealth(snapshot().targetGroupArns.blue)).toEqual({ healthy: 0, transitioning: 0, unhealthy: [], unused: ["Target.NotInUse", "Target.NotInUse"] });
  });

  test("a target leaving an unhealthy state is transitioning; a description without a state or reason is named by what it lacks", async () => {
    jest.spyOn(elb, "send").mockImplementation(async () => ({
      TargetHealthDescriptions: [{ TargetHealth: { State: "unhealthy.draining", Reason: "Target.DeregistrationInProgress" } }, { TargetHealth: { State: "unhealthy" } }, {}],
    }));
    expect(await signal.targetHealth(snapshot().targetGroupArns.green)).toEqual({ healthy: 0, transitioning: 1, unhealthy: ["unhealthy", "unknown"], unused: [] });
    jest.spyOn(elb, "send").mockImplementation(async () => ({}));
    expect(await signal.targetHealth(snapshot().targetGroupArns.green)).toEqual({ healthy: 0, transitioning: 0, unhealthy: [], unused: [] });
  });

  test("reads the alarm of that name among others, and one without a state as not found", async () => {
    jest.spyOn(cloudwatch, "send").mockImplementation(async () => ({
      CompositeAlarms: [{ AlarmName: "platform-staging-other", StateValue: "ALARM" }],
      MetricAlarms: [{ AlarmName: "platform-staging-deployment-health", StateValue: "OK" }],
    }));
    expect(await signal.alarmState("platform-staging-deployment-health")).toBe("OK");
    jest.spyOn(cloudwatch, "send").mockImplementation(async () => ({ MetricAlarms: [{ AlarmName: "platform-staging-deployment-health" }] }));
    await expect(signal.alarmState("platform-staging-deployment-health")).rejects.toThrow(/^alarm platform-staging-deployment-health not found in eu-west-1 /);
  });

  test("names the load balancers that use a target group, none when ELB lists none, and a group missing from the answer as not found", async () => {
    const arn = snapshot().targetGroupArns.green;
    const send = jest.spyOn(elb, "send").mockImplementation(async () => ({
      TargetGroups: [
        { TargetGroupArn: snapshot().targetGroupArns.blue, LoadBalancerArns: ["arn:other"] },
        { TargetGroupArn: arn, LoadBalancerArns: ["arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/staging/1"] },
      ],
    }));
    expect(await signal.loadBalancersOf(arn)).toEqual(["arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/staging/1"]);
    expect(send.mock.calls[0][0]).toBeInstanceOf(DescribeTargetGroupsCommand);
    expect((send.mock.calls[0][0] as DescribeTargetGroupsCommand).input).toEqual({ TargetGroupArns: [arn] });
    send.mockImplementation(async () => ({ TargetGroups: [{ TargetGroupArn: arn }] }));
    expect(await signal.loadBalancersOf(arn)).toEqual([]);
    send.mockImplementation(async () => ({ TargetGroups: [] }));
    await expect(signal.loadBalancersOf(arn)).rejects.toMatchObject({ message: `target group ${arn} not found in eu-west-1`, transient: false });
  });

  test("an ARN from another region is refused without a call: ELBv2 would only answer that it does not exist", async () => {
    const send = jest.spyOn(elb, "send");
    const other = new AwsHealthSignal(cloudwatch, elb, "us-east-1");
    await expect(other.targetHealth(snapshot().targetGroupArns.green)).rejects.toMatchObject({
      message: `target group ${snapshot().targetGroupArns.green} is in eu-west-1, but the AWS clients are for us-east-1 (the stack's aws:region)`,
      transient: false,
    });
    expect(send).not.toHaveBeenCalled();
  });

  test("a failed read of the alarm or of a group's targets names what was read", async () => {
    const throttled = () => sdkError("ThrottlingException", "Rate exceeded", 400);
    jest.spyOn(cloudwatch, "send").mockImplementation(async () => {
      throw throttled();
    });
    jest.spyOn(elb, "send").mockImplementation(async () => {
      throw throttled();
    });
    const arn = snapshot().targetGroupArns.green;
    await expect(signal.alarmState("platform-staging-deployment-health")).rejects.toThrow(
      "alarm platform-staging-deployment-health in eu-west-1: ThrottlingException: Rate exceeded",
    );
    await expect(signal.targetHealth(arn)).rejects.toThrow(`target group ${arn} in eu-west-1: ThrottlingException: Rate exceeded`);
  });

  test.each([
    ["throttling", true, sdkError("ThrottlingException", "Rate exceeded", 400)],
    ["a 503", true, sdkError("ServiceUnavailable", "Service Unavailable", 503)],
    ["a refused connection", true, nodeError("connect ECONNREFUSED 127.0.0.1:4566", "ECONNREFUSED")],
    ["access denied", false, sdkError("AccessDenied", "User is not authorized", 403)],
  ])("%s is transient (%p) as the SDK's own retry strategy judges it, and the error names the group and region", async (_label, transient, error) => {
    jest.spyOn(elb, "send").mockImplementation(async () => {
      throw error;
    });
    await expect(signal.loadBalancersOf(snapshot().targetGroupArns.green)).rejects.toMatchObject({
      name: "HealthReadError",
      transient,
      message: expect.stringMatching(new RegExp(`^target group ${snapshot().targetGroupArns.green.replace(/[/.]/g, "\\$&")} in eu-west-1: .*${error.message}`)),
    });
  });
});
