/**
 * The release's AWS side against a real AWS API: moto 5.2.1 on a loopback
 * port, one server for the whole file. Resources are created through the API
 * (VPC, subnets, ALB, listeners, target groups, registered targets, an EC2
 * instance, the alarm) and the real adapter, `AwsHealthSignal`, drives the
 * controller; the Pulumi side is the in-memory stack.
 *
 * moto 5.2.1 does not implement PutCompositeAlarm and ignores DescribeAlarms'
 * AlarmTypes, so the deployment-health alarm here is a metric alarm of the
 * same name (the adapter reads either kind). The composite response shape is
 * covered with a stubbed client in aws-health-stubbed.test.ts, the composite's rule in
 * test/monitoring. moto never reports `Target.NotInUse`; that diagnosis is
 * covered with the in-memory health signal in controller.test.ts.
 */
import { CloudWatchClient, PutMetricAlarmCommand, SetAlarmStateCommand, StateValue } from "@aws-sdk/client-cloudwatch";
import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateTargetGroupCommand,
  DeleteTargetGroupCommand,
  ElasticLoadBalancingV2Client,
  RegisterTargetsCommand,
} from "@aws-sdk/client-elastic-load-balancing-v2";
import { AwsClientSettings, AwsHealthSignal } from "../../scripts/release/aws-health";
import { EXIT_CODES } from "../../scripts/release/controller";
import { Colour, StackSnapshot } from "../../scripts/release/types";
import { describeWithMoto, ec2, freePort, useMoto, xmlValue } from "./aws-emulator";
import { harness, InMemoryStack, NEW, OLD, PREVIOUS_IDLE } from "./fakes";

const REGION = "eu-west-1";
const ALARM = "staging-deployment-health";
describeWithMoto("test/release/aws-emulator.test.ts", "the release's AWS side against moto", () => {
  const moto = useMoto();
  let cloudwatch: CloudWatchClient;
  /** Target groups by role, all in the VPC of one ALB. */
  const groups: Record<"blue" | "green" | "orphan" | "stopped", string> = { blue: "", green: "", orphan: "", stopped: "" };
  let deleted = "";

  const signal = (region = REGION, extra: AwsClientSettings = {}) => AwsHealthSignal.forRegion(region, { ...moto.settings, ...extra });
  const setAlarm = (state: StateValue) => cloudwatch.send(new SetAlarmStateCommand({ AlarmName: ALARM, StateValue: state, StateReason: "test" }));
  const outputs = (arns: Partial<Record<Colour, string>> = {}, alarmName = ALARM, weights = { blue: 100, green: 0 }): StackSnapshot => ({
    weights,
    images: { blue: OLD, green: PREVIOUS_IDLE },
    targetGroupArns: { blue: groups.blue, green: groups.green, ...arns },
    alarmName,
  });
  const run = (snapshot: StackSnapshot, health = signal()) => harness(new InMemoryStack(snapshot), health);

  beforeAll(async () => {
    cloudwatch = new CloudWatchClient({ region: REGION, ...moto.settings });
    const elb = new ElasticLoadBalancingV2Client({ region: REGION, ...moto.settings });

    const vpc = xmlValue(await ec2(moto.endpoint, REGION, "CreateVpc", { CidrBlock: "10.0.0.0/16" }), "vpcId");
    const subnets: string[] = [];
    for (const [i, zone] of ["a", "b"].entries()) {
      const xml = await ec2(moto.endpoint, REGION, "CreateSubnet", { VpcId: vpc, CidrBlock: `10.0.${i}.0/24`, AvailabilityZone: `${REGION}${zone}` });
      subnets.push(xmlValue(xml, "subnetId"));
    }
    const { LoadBalancers } = await elb.send(new CreateLoadBalancerCommand({ Name: "staging", Subnets: subnets, Scheme: "internet-facing", Type: "application" }));
    const loadBalancer = LoadBalancers![0].LoadBalancerArn!;
    const group = async (name: string, targetType: "ip" | "instance") => {
      const { TargetGroups } = await elb.send(new CreateTargetGroupCommand({ Name: name, Protocol: "HTTP", Port: 8080, VpcId: vpc, TargetType: targetType }));
      return TargetGroups![0].TargetGroupArn!;
    };
    for (const colour of ["blue", "green", "orphan"] as const) {
      groups[colour] = await group(`staging-${colour}`, "ip");
      await elb.send(new RegisterTargetsCommand({ TargetGroupArn: groups[colour], Targets: [{ Id: "10.0.0.10" }, { Id: "10.0.1.10" }] }));
    }
    // The weighted listener the program builds: both colours in one forward action.
    await elb.send(
      new CreateListenerCommand({
        LoadBalancerArn: loadBalancer,
        Protocol: "HTTP",
        Port: 80,
        DefaultActions: [{ Type: "forward", ForwardConfig: { TargetGroups: [{ TargetGroupArn: groups.blue, Weight: 100 }, { TargetGroupArn: groups.green, Weight: 0 }] } }],
      }),
    );
    // Stopped targets need instances: two run, are registered, then stop.
    const reservation = await ec2(moto.endpoint, REGION, "RunInstances", { ImageId: "ami-12c6146b", MinCount: "2", MaxCount: "2", InstanceType: "t3.micro", SubnetId: subnets[0] });
    const instances = [...reservation.matchAll(/<instanceId>([^<]+)<\/instanceId>/g)].map((m) => m[1]);
    groups.stopped = await group("staging-stopped", "instance");
    await elb.send(new RegisterTargetsCommand({ TargetGroupArn: groups.stopped, Targets: instances.map((Id) => ({ Id })) }));
    await ec2(moto.endpoint, REGION, "StopInstances", Object.fromEntries(instances.map((id, i) => [`InstanceId.${i + 1}`, id])));
    await elb.send(new CreateListenerCommand({ LoadBalancerArn: loadBalancer, Protocol: "HTTP", Port: 8081, DefaultActions: [{ Type: "forward", TargetGroupArn: groups.stopped }] }));
    deleted = await group("staging-deleted", "ip");
    await elb.send(new DeleteTargetGroupCommand({ TargetGroupArn: deleted }));

    await cloudwatch.send(
      new PutMetricAlarmCommand({
        AlarmName: ALARM,
        Namespace: "AWS/ApplicationELB",
        MetricName: "HTTPCode_Target_5XX_Count",
        Statistic: "Sum",
        Period: 60,
        EvaluationPeriods: 1,
        Threshold: 1,
        ComparisonOperator: "GreaterThanOrEqualToThreshold",
      }),
    );
  });

  beforeEach(() => setAlarm("OK"));

  test("a canary release reads the alarm and green's targets through the real API and finishes", async () => {
    const { stack, lines, controller } = run(outputs());
    const outcome = await controller.run({ kind: "release", image: NEW, strategy: "canary", bakeMs: 30_000 });
    expect(outcome).toEqual({ status: "released", colour: "green" });
    expect(stack.weightHistory).toEqual([
      { blue: 100, green: 0 },
      { blue: 90, green: 10 },
      { blue: 0, green: 100 },
    ]);
    expect(lines.some((line) => line.endsWith(`green 10% · baking 0s of 30s: ${ALARM} OK, green 2 healthy`))).toBe(true);
  });

  test("--rollback checks the other colour's targets through the API and flips in one update", async () => {
    const { stack, controller } = run(outputs({}, ALARM, { blue: 0, green: 100 }));
    expect(await controller.run({ kind: "rollback" })).toEqual({ status: "flipped", colour: "blue" });
    expect(stack.updates.map((u) => u.change)).toEqual([{ weights: { blue: 100, green: 0 } }]);
  });

  test("the alarm set to ALARM during a bake rolls the release back in one update", async () => {
    const { stack, controller } = run(outputs());
    const update = stack.update.bind(stack);
    stack.update = async (change, message) => {
      await update(change, message);
      if (stack.updates.length === 2) await setAlarm("ALARM");
    };
    const outcome = await controller.run({ kind: "release", image: NEW, strategy: "canary", bakeMs: 30_000 });
    expect(outcome).toEqual({ status: "rolled-back", reason: `${ALARM} went into ALARM` });
    expect(stack.updates.at(-1)!.change).toEqual({ weights: { blue: 100, green: 0 }, image: { colour: "green", image: PREVIOUS_IDLE } });
  });

  test("an alarm already in ALARM refuses the release before anything is deployed", async () => {
    await setAlarm("ALARM");
    const { stack, controller } = run(outputs());
    const outcome = await controller.run({ kind: "release", image: NEW });
    expect(outcome).toMatchObject({ status: "refused", reason: expect.stringContaining(`${ALARM} is already in ALARM`) });
    expect(stack.updates).toEqual([]);
  });

  test("a missing alarm is refused (exit 3) with its name and region", async () => {
    const { stack, controller } = run(outputs({}, "staging-no-such-alarm"));
    const outcome = await controller.run({ kind: "release", image: NEW });
    expect(outcome).toMatchObject({ status: "refused", reason: expect.stringContaining("alarm staging-no-such-alarm not found in eu-west-1") });
    expect(EXIT_CODES[outcome.status]).toBe(3);
    expect(stack.updates).toEqual([]);
  });

  test("a missing target group is refused at once with its ARN, the region and AWS's error", async () => {
    const { stack, clock, controller } = run(outputs({ green: deleted }));
    const outcome = await controller.run({ kind: "release", image: NEW });
    expect(outcome).toMatchObject({
      status: "refused",
      reason: expect.stringContaining(`cannot read green's target group: target group ${deleted} in eu-west-1: TargetGroupNotFoundException: One or more target groups not found`),
    });
    expect(clock.sleeps).toEqual([]);
    expect(stack.updates).toEqual([]);
  });

  test("--rollback to a colour whose target group is gone is refused, not thrown", async () => {
    const { stack, controller } = run(outputs({ blue: deleted }, ALARM, { blue: 0, green: 100 }));
    const outcome = await controller.run({ kind: "rollback" });
    expect(outcome).toMatchObject({ status: "refused", reason: expect.stringContaining(`target group ${deleted} in eu-west-1: TargetGroupNotFoundException`) });
    expect(stack.updates).toEqual([]);
  });

  test("a target group no listener forwards to is refused before the image is deployed", async () => {
    const { stack, controller } = run(outputs({ green: groups.orphan }));
    const outcome = await controller.run({ kind: "release", image: NEW });
    expect(outcome).toMatchObject({ status: "refused", reason: expect.stringContaining(`no listener forwards to green's target group ${groups.orphan}`) });
    expect(stack.updates).toEqual([]);
  });

  test("stopped targets are named as stopped with ELB's reason, not as a group no listener uses", async () => {
    expect(await signal().targetHealth(groups.stopped)).toEqual({ healthy: 0, unhealthy: [], transitioning: 0, unused: ["Target.InvalidState", "Target.InvalidState"] });
    const { stack, controller } = run(outputs({ blue: groups.stopped }, ALARM, { blue: 0, green: 100 }));
    const outcome = await controller.run({ kind: "rollback" });
    expect(outcome).toEqual({
      status: "refused",
      reason: "blue has no healthy target (0 healthy, 2 targets stopped (Target.InvalidState)); refusing to send all traffic to it",
    });
    expect(stack.updates).toEqual([]);
  });

  test("clients for another region than the stack's are refused, naming both regions", async () => {
    const { stack, controller } = run(outputs(), signal("us-east-1"));
    const outcome = await controller.run({ kind: "release", image: NEW });
    expect(outcome).toMatchObject({ status: "refused", reason: expect.stringContaining(`is in eu-west-1, but the AWS clients are for us-east-1`) });
    expect(stack.updates).toEqual([]);
    await expect(signal("us-east-1").alarmState(ALARM)).rejects.toThrow(`alarm ${ALARM} not found in us-east-1`);
  });

  test("an endpoint that refuses connections is retried with backoff, then refused (exit 3) with the network error", async () => {
    const down = signal(REGION, { endpoint: `http://127.0.0.1:${await freePort()}` });
    const { stack, clock, controller } = run(outputs(), down);
    const outcome = await controller.run({ kind: "release", image: NEW });
    expect(outcome).toMatchObject({ status: "refused", reason: expect.stringMatching(/cannot read blue's target group: .*ECONNREFUSED.* \(4 attempts\); nothing was changed$/) });
    expect(clock.sleeps).toEqual([1000, 2000, 4000]);
    expect(stack.updates).toEqual([]);
  });
});
