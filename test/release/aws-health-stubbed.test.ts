/**
 * `AwsHealthSignal` over stubbed SDK clients: the answers moto 5.2.1 cannot
 * give (composite alarms, every target state and reason, failures of each
 * kind). aws-emulator.test.ts runs the same adapter against moto.
 */
import { CloudWatchClient, DescribeAlarmsCommand } from "@aws-sdk/client-cloudwatch";
import { DescribeTargetGroupsCommand, DescribeTargetHealthCommand, ElasticLoadBalancingV2Client } from "@aws-sdk/client-elastic-load-balancing-v2";
import { AwsHealthSignal } from "../../scripts/release/aws-health";
import { nodeError, sdkError } from "./aws-errors";
import { snapshot } from "./fakes";

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
