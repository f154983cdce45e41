/**
 * From the stage the standby's last update deployed to the steps still to
 * do. No failover state is kept anywhere else: the stage in the outputs says
 * where a failover stands, so running the command again resumes after the
 * last step that completed.
 */
import { FAILOVER_STAGES, FailoverStage, stageAtLeast } from "../../stacks/config/disaster-recovery";
import { MAX_SWITCH_SECONDS } from "../../components/dns/switch-time";
import { formatDuration } from "../release/strategy";
import { StandbySnapshot, STAGE_KEY } from "./standby";

export type FailoverStepName = "check-standby" | "promote-database" | "scale-app" | "confirm-targets" | "switch-dns" | "confirm-dns";

export interface FailoverStep {
  readonly name: FailoverStepName;
  /** The stage the step writes before its `pulumi up`; undefined for a step that only reads. */
  readonly stage?: FailoverStage;
}

/** How long the waits may take; from the command line or their defaults. */
export interface FailoverTiming {
  readonly targetsTimeoutMs: number;
  readonly dnsTimeoutMs: number;
  readonly pollMs: number;
}

export const DEFAULT_FAILOVER_TIMING: FailoverTiming = { targetsTimeoutMs: 600_000, dnsTimeoutMs: MAX_SWITCH_SECONDS * 1000, pollMs: 15_000 };

/** The steps after `stage`, in order; the check of the standby only before anything changed. */
export function planFailover(stage: FailoverStage): FailoverStep[] {
  const steps: FailoverStep[] = [];
  if (stage === "standby") steps.push({ name: "check-standby" });
  if (!stageAtLeast(stage, "database-promoted")) steps.push({ name: "promote-database", stage: "database-promoted" });
  if (!stageAtLeast(stage, "app-scaled")) steps.push({ name: "scale-app", stage: "app-scaled" });
  steps.push({ name: "confirm-targets" });
  if (!stageAtLeast(stage, "serving")) steps.push({ name: "switch-dns", stage: "serving" });
  steps.push({ name: "confirm-dns" });
  return steps;
}

/** What a step does, in the standby's words. */
export function describeStep(step: FailoverStep, s: StandbySnapshot, timing: FailoverTiming): string {
  switch (step.name) {
    case "check-standby":
      return `check that ${s.databaseIdentifier} is available to promote and ${s.liveColour}'s targets are healthy`;
    case "promote-database":
      return `set ${STAGE_KEY} to ${step.stage} and run pulumi up: the provider promotes ${s.databaseIdentifier} (PromoteReadReplica), which gets a master secret in ${s.region}`;
    case "scale-app":
      return `set ${STAGE_KEY} to ${step.stage} and run pulumi up: ${s.activeMinCount} tasks per colour (the primary's minimum), the app on the promoted database's secret`;
    case "confirm-targets":
      return `wait up to ${formatDuration(timing.targetsTimeoutMs)} for ${s.activeMinCount} healthy targets in ${s.liveColour}'s target group`;
    case "switch-dns":
      return `set ${STAGE_KEY} to ${step.stage} and run pulumi up: both failover records of ${s.domain} answer with ${s.stackName}'s load balancer, so ${s.primaryStack} gets no traffic when it recovers`;
    case "confirm-dns":
      return `wait up to ${formatDuration(timing.dnsTimeoutMs)} for ${s.domain} to resolve to ${s.loadBalancerDnsName}`;
  }
}

/** The plan as printed by `--dry-run` and at the start of every run. */
export function describeFailoverPlan(s: StandbySnapshot, steps: readonly FailoverStep[], timing: FailoverTiming): string[] {
  const resumed = s.stage !== FAILOVER_STAGES[0];
  return [
    `Standby ${s.stackName} (${s.region}) of ${s.primaryStack}: stage ${s.stage}${resumed ? ", a failover already under way: resuming" : ""}.`,
    `Failover plan (Route 53 already answers with the standby within ${s.worstCaseSwitchSeconds} s of the primary failing its health check; these steps make it the primary, each update with both policy packs):`,
    ...steps.map((step, i) => `  ${i + 1}. ${step.name}: ${describeStep(step, s, timing)}`),
    "  A failed step stops the run (exit 4); run the same command again to resume from it. No step goes back: failing back re-seeds the old region (README).",
  ];
}
