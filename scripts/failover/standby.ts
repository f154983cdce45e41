/**
 * The standby stack as the failover sees it: what its outputs say (the
 * deployed stage, the replica, the live target group, the load balancer and
 * the name), and the one way it changes it: write the next stage and run
 * `pulumi up`. The signals it reads in the standby's region.
 */
import type { OutputMap } from "@pulumi/pulumi/automation";
import { z } from "zod";
import { FAILOVER_STAGES, FailoverStage } from "../../stacks/config/disaster-recovery";
import { DatabaseSignal } from "../recovery/aws-rds";
import { DnsResolver } from "../recovery/dns";
import { Colour, HealthSignal } from "../release/types";

/** The config key a failover step writes. */
export const STAGE_KEY = "platform:disasterRecovery.standby.stage";

export interface StandbySnapshot {
  readonly stackName: string;
  /** `aws:region` of the standby. */
  readonly region: string;
  /** The stage its last update deployed. */
  readonly stage: FailoverStage;
  readonly primaryStack: string;
  readonly databaseIdentifier: string;
  readonly liveColour: Colour;
  readonly liveTargetGroupArn: string;
  readonly loadBalancerDnsName: string;
  /** The name the failover records answer for. */
  readonly domain: string;
  /** Tasks per colour the app runs once scaled: the primary's minimum (or the standby's own scaling). */
  readonly activeMinCount: number;
  readonly worstCaseSwitchSeconds: number;
}

export interface StandbyStack {
  readonly stackName: string;
  read(): Promise<StandbySnapshot>;
  /** Describes the update that holds the stack's lock, or undefined when none does. */
  activeUpdate(): Promise<string | undefined>;
  /** Writes {@link STAGE_KEY} and runs one `pulumi up` with the policy packs. */
  advance(stage: FailoverStage, message: string, onOutput?: (line: string) => void): Promise<void>;
}

/** What the failover reads in the standby's region, and the DNS answer. */
export interface RecoverySignals {
  readonly health: Pick<HealthSignal, "targetHealth">;
  readonly database: DatabaseSignal;
  readonly dns: DnsResolver;
}

const OUTPUTS = z.object({
  standby: z.object({
    stage: z.enum(FAILOVER_STAGES),
    primaryStack: z.string().min(1),
    databaseIdentifier: z.string().min(1),
    domain: z.string().min(1),
    scaling: z.object({ minCount: z.number().int(), maxCount: z.number().int() }),
    activeMinCount: z.number().int(),
    worstCaseSwitchSeconds: z.number(),
  }),
  liveColour: z.enum(["blue", "green"]),
  targetGroupArns: z.object({ blue: z.string().startsWith("arn:"), green: z.string().startsWith("arn:") }),
  loadBalancerDnsName: z.string().min(1),
});

/** Reads a standby's outputs into a snapshot, naming every missing or malformed output. */
export function standbySnapshotFromOutputs(stackName: string, region: string, outputs: OutputMap): StandbySnapshot {
  const values = Object.fromEntries(Object.entries(outputs).map(([key, output]) => [key, output.value]));
  const parsed = OUTPUTS.safeParse(values);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    throw new Error(
      `stack ${stackName} has no standby outputs to fail over with (is it a standby, platform:disasterRecovery.standby, deployed with this program?):\n  - ${problems.join("\n  - ")}`,
    );
  }
  const { standby, liveColour, targetGroupArns, loadBalancerDnsName } = parsed.data;
  return {
    stackName,
    region,
    stage: standby.stage,
    primaryStack: standby.primaryStack,
    databaseIdentifier: standby.databaseIdentifier,
    liveColour,
    liveTargetGroupArn: targetGroupArns[liveColour],
    loadBalancerDnsName,
    domain: standby.domain,
    activeMinCount: standby.activeMinCount,
    worstCaseSwitchSeconds: standby.worstCaseSwitchSeconds,
  };
}
