/**
 * {@link HealthSignal} over the AWS SDK for JavaScript v3: the composite
 * `deployment-health` alarm from CloudWatch, target health from ELBv2.
 */
import { CloudWatchClient, DescribeAlarmsCommand, DescribeAlarmsCommandOutput } from "@aws-sdk/client-cloudwatch";
import {
  DescribeTargetHealthCommand,
  DescribeTargetHealthCommandOutput,
  ElasticLoadBalancingV2Client,
} from "@aws-sdk/client-elastic-load-balancing-v2";
import { AlarmState, HealthSignal, TargetHealth } from "./types";

/** The one method of each client this adapter calls, so tests can hand in a client with a stubbed `send`. */
export interface CloudWatchLike {
  send(command: DescribeAlarmsCommand): Promise<DescribeAlarmsCommandOutput>;
}
export interface ElbLike {
  send(command: DescribeTargetHealthCommand): Promise<DescribeTargetHealthCommandOutput>;
}

export class AwsHealthSignal implements HealthSignal {
  constructor(
    private readonly cloudwatch: CloudWatchLike,
    private readonly elb: ElbLike,
  ) {}

  /** Clients for `region` with the default credential chain (environment, profile, SSO, instance role). */
  static forRegion(region: string): AwsHealthSignal {
    return new AwsHealthSignal(new CloudWatchClient({ region }), new ElasticLoadBalancingV2Client({ region }));
  }

  async alarmState(alarmName: string): Promise<AlarmState> {
    // DescribeAlarms returns only metric alarms unless composite alarms are asked for by type.
    const output = await this.cloudwatch.send(new DescribeAlarmsCommand({ AlarmNames: [alarmName], AlarmTypes: ["CompositeAlarm"] }));
    const alarm = output.CompositeAlarms?.find((a) => a.AlarmName === alarmName);
    if (!alarm?.StateValue) throw new Error(`composite alarm ${alarmName} not found (is the monitoring tier deployed in this region?)`);
    return alarm.StateValue;
  }

  async targetHealth(targetGroupArn: string): Promise<TargetHealth> {
    const output = await this.elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: targetGroupArn }));
    let healthy = 0;
    let transitioning = 0;
    let unused = false;
    const unhealthy: string[] = [];
    for (const description of output.TargetHealthDescriptions ?? []) {
      const state = description.TargetHealth?.State;
      const reason = description.TargetHealth?.Reason;
      if (state === "healthy") healthy += 1;
      else if (state === "initial" || state === "draining" || state === "unhealthy.draining") transitioning += 1;
      else if (state === "unused") unused = true;
      else unhealthy.push(reason ?? state ?? "unknown");
    }
    return { healthy, unhealthy, transitioning, unused: unused && healthy === 0 };
  }
}
