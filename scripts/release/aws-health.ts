/**
 * {@link HealthSignal} over the AWS SDK for JavaScript v3: the
 * `deployment-health` alarm from CloudWatch, target groups and target health
 * from ELBv2. Every failed call becomes a {@link HealthReadError} that names
 * the resource, the region and AWS's error.
 */
import { CloudWatchClient, DescribeAlarmsCommand } from "@aws-sdk/client-cloudwatch";
import { DescribeTargetGroupsCommand, DescribeTargetHealthCommand, ElasticLoadBalancingV2Client } from "@aws-sdk/client-elastic-load-balancing-v2";
import { AwsClientSettings, callAws } from "./aws-call";
import { AlarmState, HealthReadError, HealthSignal, TargetHealth } from "./types";

export type { AwsClientSettings };

const TRANSITIONING = new Set(["initial", "draining", "unhealthy.draining"]);

export class AwsHealthSignal implements HealthSignal {
  constructor(
    private readonly cloudwatch: CloudWatchClient,
    private readonly elb: ElasticLoadBalancingV2Client,
    /** The clients' region, for messages and to catch ARNs from another region. */
    private readonly region: string,
  ) {}

  /** Clients for `region` with the default credential chain (environment, profile, SSO, instance role). */
  static forRegion(region: string, settings: AwsClientSettings = {}): AwsHealthSignal {
    return new AwsHealthSignal(new CloudWatchClient({ region, ...settings }), new ElasticLoadBalancingV2Client({ region, ...settings }), region);
  }

  async alarmState(alarmName: string): Promise<AlarmState> {
    // DescribeAlarms returns only metric alarms unless asked for composites by type. The
    // program's deployment-health alarm is a composite; a metric alarm of that name is read the same way.
    const output = await this.call(`alarm ${alarmName}`, () =>
      this.cloudwatch.send(new DescribeAlarmsCommand({ AlarmNames: [alarmName], AlarmTypes: ["CompositeAlarm", "MetricAlarm"] })),
    );
    const alarm = [...(output.CompositeAlarms ?? []), ...(output.MetricAlarms ?? [])].find((a) => a.AlarmName === alarmName);
    if (!alarm?.StateValue) {
      throw new HealthReadError(`alarm ${alarmName} not found in ${this.region} (is the monitoring tier deployed there, and are these the stack account's credentials?)`, false);
    }
    return alarm.StateValue;
  }

  async targetHealth(targetGroupArn: string): Promise<TargetHealth> {
    this.assertRegion(targetGroupArn);
    const output = await this.call(`target group ${targetGroupArn}`, () => this.elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: targetGroupArn })));
    let healthy = 0;
    let transitioning = 0;
    const unhealthy: string[] = [];
    const unused: string[] = [];
    for (const description of output.TargetHealthDescriptions ?? []) {
      const state = description.TargetHealth?.State ?? "unknown";
      const reason = description.TargetHealth?.Reason ?? state;
      if (state === "healthy") healthy += 1;
      else if (TRANSITIONING.has(state)) transitioning += 1;
      else if (state === "unused") unused.push(reason);
      else unhealthy.push(reason);
    }
    return { healthy, unhealthy, transitioning, unused };
  }

  async loadBalancersOf(targetGroupArn: string): Promise<readonly string[]> {
    this.assertRegion(targetGroupArn);
    const output = await this.call(`target group ${targetGroupArn}`, () => this.elb.send(new DescribeTargetGroupsCommand({ TargetGroupArns: [targetGroupArn] })));
    const group = output.TargetGroups?.find((g) => g.TargetGroupArn === targetGroupArn);
    if (!group) throw new HealthReadError(`target group ${targetGroupArn} not found in ${this.region}`, false);
    return group.LoadBalancerArns ?? [];
  }

  /** ELBv2 looks an ARN up in the client's region only; one from another region would read as "not found". */
  private assertRegion(arn: string): void {
    const region = arn.split(":")[3];
    if (region && region !== this.region) {
      throw new HealthReadError(`target group ${arn} is in ${region}, but the AWS clients are for ${this.region} (the stack's aws:region)`, false);
    }
  }

  private call<T>(resource: string, send: () => Promise<T>): Promise<T> {
    return callAws(resource, this.region, send);
  }
}
