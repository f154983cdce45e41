/**
 * The restore drill: a state machine over {@link DrillWorkspace}. It reads the
 * source (its config, its database's latest restorable time), creates a
 * temporary stack from the source's configuration with the database restored
 * and the app at one task per colour, deploys it, waits for a healthy target,
 * measures the recovery time and point, destroys the stack and writes a
 * report. Progress is kept in the drill stack's config, so a drill that was
 * interrupted is resumed, and finished, by the same command. The source's
 * resources are only read (its config, outputs and backups).
 */
import { LATEST } from "../../components/database/source";
import { pollUntil, StepRecord, StepTimer } from "../recovery/steps";
import { formatDuration } from "../release/strategy";
import { describeTargets } from "../release/targets";
import { Clock, messageOf } from "../release/types";
import { drillConfig, drillStackName, RestorePoint } from "./drill-config";
import { DRILL_PHASES, DrillOutputs, DrillPhase, DrillSignals, DrillStack, DrillState, DrillWorkspace, SourceStack } from "./workspace";

export interface DrillRequest {
  readonly source: string;
  readonly restore: RestorePoint;
  readonly dryRun?: boolean;
}

/** What a drill measured, written to the report file. */
export interface DrillReport {
  readonly source: string;
  readonly drillStack: string;
  readonly region: string;
  readonly restore: RestorePoint;
  readonly outcome: "passed" | "failed";
  readonly failure?: { readonly step: string; readonly reason: string };
  /** A drill an earlier run had started: its recovery time counts from that run's start. */
  readonly resumed: boolean;
  readonly startedAt: string;
  readonly recoveryPoint: string;
  readonly healthyAt?: string;
  /** Recovery time achieved: from the start to the first healthy target, in seconds. */
  readonly rtoSeconds?: number;
  /** Recovery point achieved: how much older than the start the restored data is, in seconds. */
  readonly rpoSeconds: number;
  readonly restoredLatestRestorableTime?: string;
  /** Whether the drill stack was destroyed and removed. */
  readonly destroyed: boolean;
  readonly steps: readonly StepRecord[];
}

export type DrillOutcome =
  | { readonly status: "passed"; readonly report: DrillReport }
  | { readonly status: "planned" }
  | { readonly status: "refused"; readonly reason: string }
  | { readonly status: "failed"; readonly report: DrillReport };

/** 0 passed or planned; 1 the drill failed and its stack was destroyed; 3 refused, nothing created; 4 its stack is left behind. */
export function drillExitCode(outcome: DrillOutcome): number {
  if (outcome.status === "refused") return 3;
  if (outcome.status === "failed") return outcome.report.destroyed ? 1 : 4;
  return 0;
}

export interface DrillTiming {
  readonly healthTimeoutMs: number;
  readonly pollMs: number;
}

export const DEFAULT_DRILL_TIMING: DrillTiming = { healthTimeoutMs: 3_600_000, pollMs: 30_000 };

export interface DrillDependencies {
  readonly workspace: DrillWorkspace;
  /** The AWS reads in the source's region. */
  readonly signalsFor: (region: string) => DrillSignals;
  readonly clock: Clock;
  readonly timing: DrillTiming;
  readonly print: (line: string) => void;
  readonly updateOutput?: (line: string) => void;
  /** Writes the report; resolves to where it went. */
  readonly writeReport: (report: DrillReport) => Promise<string>;
}

type DrillStepName = "create" | "deploy" | "await-healthy" | "destroy";

/** The steps left after `phase` (before anything exists when undefined). */
export function drillSteps(phase: DrillPhase | undefined): DrillStepName[] {
  const done = phase === undefined ? -1 : DRILL_PHASES.indexOf(phase);
  const steps: DrillStepName[] = [];
  if (done < 0) steps.push("create");
  if (done < 1) steps.push("deploy");
  if (done < 2) steps.push("await-healthy");
  steps.push("destroy");
  return steps;
}

class StepFailure extends Error {
  constructor(
    readonly step: DrillStepName,
    readonly reason: string,
  ) {
    super(reason);
  }
}

export class DrillController {
  constructor(private readonly deps: DrillDependencies) {}

  async run(request: DrillRequest): Promise<DrillOutcome> {
    const { workspace } = this.deps;
    let leftovers: string[];
    let source: SourceStack;
    try {
      [leftovers, source] = await Promise.all([workspace.leftovers(request.source), workspace.source(request.source)]);
    } catch (error) {
      return this.refuse(`${messageOf(error)}; nothing was created`);
    }
    if (leftovers.length > 1) {
      return this.refuse(`several interrupted drills of ${request.source} are left (${leftovers.join(", ")}); destroy all but one with pulumi destroy and pulumi stack rm`);
    }
    const signals = this.deps.signalsFor(source.region);
    if (leftovers.length === 1) return this.resume(request, source, signals, leftovers[0]);

    const stackName = drillStackName(request.source, this.deps.clock.now());
    let recoveryPoint: string;
    try {
      recoveryPoint = await this.recoveryPoint(request.restore, source, signals);
    } catch (error) {
      if (!request.dryRun) return this.refuse(`${messageOf(error)}; nothing was created`);
      recoveryPoint = `unknown (${messageOf(error)})`;
    }
    for (const line of this.describePlan(request, source, stackName, drillSteps(undefined))) this.print(line);
    if (request.dryRun) {
      this.print(`Recovery point: ${recoveryPoint}.`);
      if (workspace.preview) {
        try {
          this.print(await workspace.preview(stackName, this.config(request, source)));
        } catch (error) {
          // Every problem, not only the first line: a configuration error lists one per line.
          return this.refuse(`the drill stack's configuration does not preview: ${(error instanceof Error ? error.message : String(error)).trim()}`);
        }
      }
      this.print("Dry run: nothing was created.");
      return { status: "planned" };
    }
    const state: DrillState = { phase: "created", startedAt: this.deps.clock.now().toISOString(), recoveryPoint };
    return this.execute(request, source, signals, stackName, state, undefined, false);
  }

  /** What each step does, in this drill's words. */
  private describeSteps(request: DrillRequest, source: SourceStack, stackName: string): Record<DrillStepName, string> {
    const restore =
      request.restore.kind === "snapshot"
        ? `snapshot ${request.restore.identifier}`
        : `${source.databaseIdentifier} at ${request.restore.time === LATEST ? "its latest restorable time" : request.restore.time}`;
    return {
      create: `create stack ${stackName} from ${source.stackName}'s configuration: platform:database.restore from ${restore}, one task per colour, no DNS name, no protection, no subscriptions`,
      deploy: `pulumi up ${stackName} with both policy packs (the restore happens here)`,
      "await-healthy": `wait up to ${formatDuration(this.deps.timing.healthTimeoutMs)} for a healthy target: the recovery time`,
      destroy: `pulumi destroy ${stackName} and remove the stack`,
    };
  }

  /** The plan as printed by `--dry-run` and at the start of every run. */
  describePlan(request: DrillRequest, source: SourceStack, stackName: string, steps: readonly DrillStepName[]): string[] {
    const what = this.describeSteps(request, source, stackName);
    return [
      `Restore drill of ${source.stackName} (${source.region}), reading only its config, outputs and backups:`,
      ...steps.map((step, i) => `  ${i + 1}. ${step}: ${what[step]}`),
      "  Then a report file: recovery time (start to first healthy target) and recovery point (how old the restored data is).",
    ];
  }

  private async resume(request: DrillRequest, source: SourceStack, signals: DrillSignals, stackName: string): Promise<DrillOutcome> {
    let stack: DrillStack;
    let state: DrillState;
    try {
      stack = await this.deps.workspace.select(stackName);
      state = await stack.state();
    } catch (error) {
      return this.refuse(`an interrupted drill left stack ${stackName}, which cannot be read (${messageOf(error)}); destroy it with pulumi destroy and pulumi stack rm`);
    }
    const steps = drillSteps(state.phase);
    this.print(`Resuming the drill in ${stackName}, started ${state.startedAt}, at phase ${state.phase}.`);
    for (const line of this.describePlan(request, source, stackName, steps)) this.print(line);
    if (request.dryRun) {
      this.print("Dry run: nothing was changed.");
      return { status: "planned" };
    }
    return this.execute(request, source, signals, stackName, state, stack, true);
  }

  private async execute(
    request: DrillRequest,
    source: SourceStack,
    signals: DrillSignals,
    stackName: string,
    initial: DrillState,
    existing: DrillStack | undefined,
    resumed: boolean,
  ): Promise<DrillOutcome> {
    const timer = new StepTimer(this.deps.clock, (line) => this.print(line));
    const steps = drillSteps(existing ? initial.phase : undefined);
    let stack = existing;
    let state = initial;
    let outputs: DrillOutputs | undefined;
    let failure: StepFailure | undefined;
    let destroyed = false;
    const what = this.describeSteps(request, source, stackName);
    const step = async (name: DrillStepName, body: () => Promise<void>) => {
      try {
        await timer.run(steps.indexOf(name) + 1, steps.length, name, what[name], body);
      } catch (error) {
        throw new StepFailure(name, messageOf(error));
      }
    };
    try {
      if (steps.includes("create")) {
        await step("create", async () => {
          stack = await this.deps.workspace.create(stackName, this.config(request, source), source.secretKeys, state);
        });
      }
      if (steps.includes("deploy")) {
        await step("deploy", async () => {
          outputs = await stack!.deploy(`restore drill of ${source.stackName}`, this.deps.updateOutput);
          state = { ...state, phase: "deployed" };
          await stack!.record(state);
        });
      }
      if (steps.includes("await-healthy")) {
        await step("await-healthy", async () => {
          const live = outputs ?? (await stack!.outputs());
          await pollUntil("a healthy target in the drill's live target group", {
            clock: this.deps.clock,
            timeoutMs: this.deps.timing.healthTimeoutMs,
            pollMs: this.deps.timing.pollMs,
            read: () => signals.health.targetHealth(live.liveTargetGroupArn),
            done: (targets) => targets.healthy > 0,
            describe: describeTargets,
            print: (line) => this.print(line),
          });
          const healthyAt = this.deps.clock.now().toISOString();
          const restored = await signals.database.database(live.databaseIdentifier).then(
            (db) => db.latestRestorableTime?.toISOString(),
            () => undefined,
          );
          state = { ...state, phase: "measured", healthyAt, restoredLatestRestorableTime: restored };
          await stack!.record(state);
        });
      }
    } catch (error) {
      failure = error instanceof StepFailure ? error : new StepFailure("create", messageOf(error));
      this.print(`FAILED at ${failure.step}: ${failure.reason}. Destroying the drill stack anyway.`);
    }
    if (stack) {
      try {
        await step("destroy", () => stack!.destroy(this.deps.updateOutput));
        destroyed = true;
      } catch (error) {
        this.print(`FAILED to destroy ${stackName}: ${messageOf(error)}. Run the same command to resume: it destroys the stack.`);
        failure ??= error instanceof StepFailure ? error : new StepFailure("destroy", messageOf(error));
      }
    } else {
      destroyed = true;
    }
    const report = this.report(request, source, stackName, state, resumed, destroyed, timer.records, failure);
    const file = await this.deps.writeReport(report);
    this.printResult(report, file, timer);
    return failure ? { status: "failed", report } : { status: "passed", report };
  }

  private config(request: DrillRequest, source: SourceStack) {
    return drillConfig(source.config, { sourceStack: source.stackName, restore: request.restore, sourceIdentifier: source.databaseIdentifier, certificateArn: source.certificateArn });
  }

  /** The time the restored data will be from, read before anything is created. */
  private async recoveryPoint(restore: RestorePoint, source: SourceStack, signals: DrillSignals): Promise<string> {
    if (restore.kind === "snapshot") {
      const snapshot = await signals.database.snapshot(restore.identifier);
      if (snapshot.status !== "available") throw new Error(`snapshot ${restore.identifier} is ${snapshot.status} (expected available)`);
      if (!snapshot.dataAsOf) throw new Error(`snapshot ${restore.identifier} does not say when its data is from`);
      return snapshot.dataAsOf.toISOString();
    }
    if (restore.time !== LATEST) return new Date(restore.time).toISOString();
    const db = await signals.database.database(source.databaseIdentifier);
    if (!db.latestRestorableTime) throw new Error(`${source.databaseIdentifier} has no latest restorable time (are its automated backups on?)`);
    return db.latestRestorableTime.toISOString();
  }

  private report(
    request: DrillRequest,
    source: SourceStack,
    drillStack: string,
    state: DrillState,
    resumed: boolean,
    destroyed: boolean,
    steps: readonly StepRecord[],
    failure: StepFailure | undefined,
  ): DrillReport {
    const started = Date.parse(state.startedAt);
    return {
      source: source.stackName,
      drillStack,
      region: source.region,
      restore: request.restore,
      outcome: failure ? "failed" : "passed",
      ...(failure ? { failure: { step: failure.step, reason: failure.reason } } : {}),
      resumed,
      startedAt: state.startedAt,
      recoveryPoint: state.recoveryPoint,
      healthyAt: state.healthyAt,
      rtoSeconds: state.healthyAt ? Math.round((Date.parse(state.healthyAt) - started) / 1000) : undefined,
      rpoSeconds: Math.max(0, Math.round((started - Date.parse(state.recoveryPoint)) / 1000)),
      restoredLatestRestorableTime: state.restoredLatestRestorableTime,
      destroyed,
      steps,
    };
  }

  private printResult(report: DrillReport, file: string, timer: StepTimer): void {
    const rto = report.rtoSeconds === undefined ? "not reached" : formatDuration(report.rtoSeconds * 1000);
    this.print(
      `${report.outcome === "passed" ? "Drill passed" : `Drill FAILED at ${report.failure!.step}`}: recovery time ${rto}${report.resumed ? " (from the interrupted run's start)" : ""}, ` +
        `recovery point ${report.recoveryPoint} (${formatDuration(report.rpoSeconds * 1000)} before the start); stack ${report.drillStack} ${report.destroyed ? "destroyed" : "LEFT BEHIND"}. Report: ${file}`,
    );
    for (const line of timer.summary()) this.deps.print(line);
  }

  private print(line: string): void {
    this.deps.print(`${this.deps.clock.now().toISOString()} ${line}`);
  }

  private refuse(reason: string): DrillOutcome {
    this.print(`Refused: ${reason}.`);
    return { status: "refused", reason };
  }
}
