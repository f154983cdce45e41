/**
 * The failover controller: a state machine over {@link StandbyStack} and
 * {@link RecoverySignals}. Before the first update it only reads (the
 * standby's outputs and history, the replica, the live target group); a
 * failure there refuses the run and changes nothing. Then each step does one
 * thing (one update, or one wait) and is timed; the sum is the measured
 * recovery time. A failed step stops the run: nothing is undone, since a
 * promoted database cannot become a replica again, and the same command
 * resumes from the stage the outputs show.
 */
import { pointsAt } from "../recovery/dns";
import { pollUntil, StepTimer } from "../recovery/steps";
import { BEFORE_START, withRetries } from "../release/retry";
import { formatDuration } from "../release/strategy";
import { describeTargets } from "../release/targets";
import { Clock, isPermanent, messageOf, StackBusyError } from "../release/types";
import { describeFailoverPlan, describeStep, FailoverStep, FailoverTiming, planFailover } from "./plan";
import { RecoverySignals, StandbySnapshot, StandbyStack } from "./standby";

export interface FailoverRequest {
  readonly dryRun?: boolean;
  /** `--force`: a standby that fails its checks is failed over all the same (the checks are printed as warnings). */
  readonly force?: boolean;
}

export type FailoverOutcome =
  | { readonly status: "failed-over"; readonly elapsedMs: number }
  | { readonly status: "planned" }
  | { readonly status: "refused"; readonly reason: string }
  | { readonly status: "failed"; readonly step: string; readonly reason: string };

/** Exit codes as for releases: 0 done or planned, 3 refused before any change, 4 stopped part-way (needs a person). */
export const FAILOVER_EXIT_CODES: Readonly<Record<FailoverOutcome["status"], number>> = { "failed-over": 0, planned: 0, refused: 3, failed: 4 };

export interface FailoverDependencies {
  readonly stack: StandbyStack;
  readonly signals: RecoverySignals;
  readonly clock: Clock;
  readonly timing: FailoverTiming;
  /** Receives each printed line. */
  readonly print: (line: string) => void;
  /** Receives `pulumi up`'s own output. @default dropped */
  readonly updateOutput?: (line: string) => void;
}

/** Database states in which RDS accepts `PromoteReadReplica` (it refuses one that is backing up, API_PromoteReadReplica). */
const PROMOTABLE = new Set(["available"]);

export class FailoverController {
  constructor(private readonly deps: FailoverDependencies) {}

  async run(request: FailoverRequest): Promise<FailoverOutcome> {
    let snapshot: StandbySnapshot;
    try {
      snapshot = await this.deps.stack.read();
    } catch (error) {
      return this.refuse(`${messageOf(error)}; nothing was changed`);
    }
    const steps = planFailover(snapshot.stage);
    for (const line of describeFailoverPlan(snapshot, steps, this.deps.timing)) this.print(line);
    if (request.dryRun) {
      this.print("Dry run: nothing was changed.");
      return { status: "planned" };
    }
    const holder = await this.deps.stack.activeUpdate().catch((error: unknown) => `(the history is unreadable: ${messageOf(error)})`);
    if (holder) return this.refuse(`another update holds stack ${snapshot.stackName} (${holder}); wait for it to finish, then run the failover again`);

    const timer = new StepTimer(this.deps.clock, (line) => this.print(line));
    for (const [i, step] of steps.entries()) {
      try {
        await timer.run(i + 1, steps.length, step.name, describeStep(step, snapshot, this.deps.timing), () => this.execute(step, snapshot, request));
      } catch (error) {
        const reason = messageOf(error);
        if (i === 0 && step.name === "check-standby") return this.refuse(`${reason}; nothing was changed (--force fails over all the same)`);
        this.print(`FAILED at ${step.name}: ${reason}.`);
        if (error instanceof StackBusyError) this.print("Another update holds the stack: wait for it, then run the same command to resume.");
        else this.print("Run the same command to resume: it picks up at the stage the stack's outputs show.");
        this.printSummary(timer, false);
        return { status: "failed", step: step.name, reason };
      }
    }
    const elapsedMs = this.printSummary(timer, true);
    return { status: "failed-over", elapsedMs };
  }

  private async execute(step: FailoverStep, s: StandbySnapshot, request: FailoverRequest): Promise<void> {
    if (step.stage) {
      await this.deps.stack.advance(step.stage, `failover of ${s.primaryStack} → ${s.stackName}: ${step.stage}`, this.deps.updateOutput);
      return;
    }
    switch (step.name) {
      case "check-standby":
        return this.checkStandby(s, request.force ?? false);
      case "confirm-targets":
        return this.confirmTargets(s);
      case "confirm-dns":
        return this.confirmDns(s);
    }
  }

  /** The replica can be promoted and the app answers; with `--force`, problems are warnings. */
  private async checkStandby(s: StandbySnapshot, force: boolean): Promise<void> {
    const { database, health } = this.deps.signals;
    const [db, targets] = await Promise.all([
      this.readBeforeStart(`DB instance ${s.databaseIdentifier}`, () => database.database(s.databaseIdentifier)),
      this.readBeforeStart(`${s.liveColour}'s target health`, () => health.targetHealth(s.liveTargetGroupArn)),
    ]);
    const replication = db.replication ? `replication ${db.replication.status}${db.replication.message ? ` (${db.replication.message})` : ""}` : "not a replica";
    this.print(`${s.databaseIdentifier}: ${db.status}, ${replication}; ${s.liveColour}: ${describeTargets(targets)}.`);
    const problems: string[] = [];
    if (!PROMOTABLE.has(db.status)) problems.push(`${s.databaseIdentifier} is ${db.status}, and RDS promotes only an available replica`);
    if (!db.replicaOf) problems.push(`${s.databaseIdentifier} is not a read replica (was it promoted outside this command?)`);
    if (targets.healthy === 0) problems.push(`${s.liveColour} has no healthy target (${describeTargets(targets)})`);
    if (problems.length === 0) return;
    if (!force) throw new Error(problems.join("; "));
    for (const problem of problems) this.print(`warning (--force): ${problem}.`);
  }

  private async confirmTargets(s: StandbySnapshot): Promise<void> {
    const { timing, clock } = this.deps;
    await pollUntil(`${s.activeMinCount} healthy targets in ${s.liveColour}'s target group`, {
      clock,
      timeoutMs: timing.targetsTimeoutMs,
      pollMs: timing.pollMs,
      read: () => this.deps.signals.health.targetHealth(s.liveTargetGroupArn),
      done: (targets) => targets.healthy >= s.activeMinCount,
      describe: describeTargets,
      print: (line) => this.print(line),
    });
  }

  private async confirmDns(s: StandbySnapshot): Promise<void> {
    const { timing, clock } = this.deps;
    const answer = await pollUntil(`${s.domain} to answer with ${s.loadBalancerDnsName}`, {
      clock,
      timeoutMs: timing.dnsTimeoutMs,
      pollMs: timing.pollMs,
      read: () => pointsAt(this.deps.signals.dns, s.domain, s.loadBalancerDnsName),
      done: (result) => result.answers,
      describe: (result) => (result.addresses.length > 0 ? `it answers ${result.addresses.join(", ")}` : "no answer"),
      print: (line) => this.print(line),
    });
    this.print(`${s.domain} answers ${answer.addresses.join(", ")}: ${s.stackName}'s load balancer.`);
  }

  private readBeforeStart<T>(what: string, read: () => Promise<T>): Promise<T> {
    return withRetries(read, {
      clock: this.deps.clock,
      policy: BEFORE_START,
      retryable: (error) => !isPermanent(error),
      onRetry: (error, attempt, delayMs) => this.print(`cannot read ${what} (attempt ${attempt} of ${BEFORE_START.attempts}): ${messageOf(error)}; retrying in ${formatDuration(delayMs)}`),
    });
  }

  /** Prints the per-step table; returns the measured time. */
  private printSummary(timer: StepTimer, complete: boolean): number {
    const records = timer.records;
    const elapsedMs = records.length === 0 ? 0 : records[records.length - 1].finishedAt.getTime() - records[0].startedAt.getTime();
    this.print(complete ? `Failover complete. Measured recovery time (RTO) of this run: ${formatDuration(elapsedMs)}.` : "Steps of this run:");
    for (const line of timer.summary()) this.deps.print(line);
    return elapsedMs;
  }

  private print(line: string): void {
    this.deps.print(`${this.deps.clock.now().toISOString()} ${line}`);
  }

  private refuse(reason: string): FailoverOutcome {
    this.print(`Refused: ${reason}.`);
    return { status: "refused", reason };
  }
}
