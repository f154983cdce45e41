/**
 * The release controller: a state machine over {@link StackOperations} and
 * {@link HealthSignal}. Everything before the first update only reads (the
 * stack's config, outputs and history, the alarm, both target groups); a
 * failure there refuses the run and changes nothing. After the first update,
 * each phase does one thing (one update, one wait, one bake) and names the
 * next phase (see `release-run.ts`); every failure leads to the `rollback`
 * phase, which returns all traffic to the previous colour in a single update.
 */
import { describePlan, planRelease, planRollback, ReleasePlan, RollbackPlan } from "./plan";
import { ReleaseRun, RunHost } from "./release-run";
import { BEFORE_START, withRetries } from "./retry";
import { describeSnapshot, takePreReleaseSnapshot } from "./snapshot";
import { formatDuration, resolveStrategy } from "./strategy";
import { targetProblem } from "./targets";
import {
  Clock,
  Colour,
  COLOURS,
  DatabaseBackups,
  formatWeights,
  HealthSignal,
  healthAlarmOf,
  isPermanent,
  messageOf,
  Outcome,
  parseReleaseMessage,
  StackBusyError,
  StackChange,
  StackOperations,
  StackSnapshot,
  Timing,
} from "./types";
import type { TrafficConfig } from "../../stacks/config/traffic";

export type ReleaseRequest =
  | {
      readonly kind: "release";
      readonly image: string;
      /** `--strategy`; the configured default when undefined. */
      readonly strategy?: string;
      /** `--bake`; replaces every bake of the run. */
      readonly bakeMs?: number;
      readonly dryRun?: boolean;
    }
  | { readonly kind: "rollback"; readonly to?: Colour; readonly dryRun?: boolean };

/** 0: done as asked; 1: the release failed and was rolled back; 3: refused to start, nothing changed; 4: needs a human. 2 is a usage error. */
export const EXIT_CODES: Readonly<Record<Outcome["status"], number>> = {
  released: 0,
  flipped: 0,
  planned: 0,
  nothing: 0,
  "rolled-back": 1,
  refused: 3,
  failed: 4,
};

export interface ControllerDependencies {
  readonly stack: StackOperations;
  readonly health: HealthSignal;
  /** Manual RDS snapshots, for `platform:traffic.release.databaseSnapshot`. */
  readonly backups: DatabaseBackups;
  readonly clock: Clock;
  /** Receives each printed line, already timestamped. */
  readonly print: (line: string) => void;
  /** Receives `pulumi up`'s own output. @default dropped */
  readonly updateOutput?: (line: string) => void;
}

export class ReleaseController implements RunHost {
  /** Set once the run has asked the stack for its first update: from then on a failure is no longer a refusal. */
  private updating = false;

  constructor(private readonly deps: ControllerDependencies) {}

  async run(request: ReleaseRequest): Promise<Outcome> {
    this.updating = false;
    try {
      return await this.start(request);
    } catch (error) {
      if (this.updating) throw error;
      return this.refuse(`${errorText(error)}; nothing was changed`);
    }
  }

  private async start(request: ReleaseRequest): Promise<Outcome> {
    const { stack } = this.deps;
    const traffic = await stack.trafficConfig();
    if (traffic.mode === "ecs-native") return this.releaseNatively(request);
    const timing: Timing = { healthTimeoutMs: traffic.release.healthTimeoutSeconds * 1000, pollMs: traffic.release.pollIntervalSeconds * 1000 };
    const snapshot = await stack.read();
    const mark = parseReleaseMessage(await stack.lastUpdateMessage());

    const plan =
      request.kind === "rollback"
        ? planRollback(snapshot, request.to, mark)
        : planRelease(snapshot, request.image, resolveStrategy(request.strategy, traffic.release, request.bakeMs), mark);
    for (const line of describePlan(stack.stackName, snapshot, plan, timing)) this.print(line);

    if (plan.kind === "refuse") return { status: "refused", reason: plan.message };
    if (plan.kind === "nothing") return { status: "nothing", message: plan.message };
    if (plan.kind === "release") this.describeSnapshot(traffic, snapshot, plan.image);
    if (request.dryRun) {
      this.print("Dry run: nothing was changed.");
      return { status: "planned" };
    }
    const holder = await stack.activeUpdate();
    if (holder) return this.refuse(`another update holds stack ${stack.stackName} (${holder}); wait for it to finish, then run the release again`);

    return plan.kind === "rollback" ? this.rollBackOnRequest(snapshot, plan) : this.release(snapshot, plan, timing, traffic);
  }

  /** Prints the pre-release snapshot step of a plan, when the stack asks for one. */
  private describeSnapshot(traffic: TrafficConfig, snapshot: StackSnapshot, image: string): void {
    const settings = traffic.release.databaseSnapshot;
    if (settings.enabled && snapshot.databaseIdentifier) this.print(describeSnapshot(snapshot.databaseIdentifier, image, settings));
  }

  /** The manual snapshot before the first update; throws (a refusal) when it cannot be taken. */
  private async snapshotBeforeRelease(traffic: TrafficConfig, snapshot: StackSnapshot, image: string): Promise<void> {
    const settings = traffic.release.databaseSnapshot;
    if (!settings.enabled) return;
    if (!snapshot.databaseIdentifier) {
      throw new Error(
        `platform:traffic.release.databaseSnapshot.enabled is true, but stack ${this.deps.stack.stackName} has no database.identifier output to snapshot (run pulumi up once with this version of the program)`,
      );
    }
    const { backups, clock } = this.deps;
    await takePreReleaseSnapshot({ backups, clock, print: (line) => this.print(line), pollMs: traffic.release.pollIntervalSeconds * 1000 }, snapshot.databaseIdentifier, image, settings);
  }

  /**
   * `platform:traffic.mode: ecs-native`: the one ECS service runs the blue
   * image; one update changes it and ECS shifts traffic by its own strategy
   * (`platform:compute.ecs.native`), rolling back on the deployment-health
   * alarm itself. The weights are ECS's, so this command never writes them.
   */
  private async releaseNatively(request: ReleaseRequest): Promise<Outcome> {
    const { stack } = this.deps;
    const mode = `platform:traffic.mode is "ecs-native" on stack ${stack.stackName}`;
    if (request.kind === "rollback") {
      return this.refuse(`${mode}: ECS rolls a failing deployment back on the deployment-health alarm itself; to return to an earlier image, release it with --image`);
    }
    if (request.strategy !== undefined || request.bakeMs !== undefined) {
      return this.refuse(`${mode}: ECS takes its strategy and bake times from platform:compute.ecs.native, so --strategy and --bake do not apply`);
    }
    const traffic = await stack.trafficConfig();
    const snapshot = await stack.read();
    this.print(`Stack ${stack.stackName} (ecs-native): the service runs ${snapshot.images.blue}.`);
    if (snapshot.images.blue === request.image) {
      const message = `${request.image} is already deployed; nothing to do`;
      this.print(`Nothing to do: ${message}.`);
      return { status: "nothing", message };
    }
    this.print(
      `Release plan: one update sets platform:compute.blue.image to ${request.image}; ECS then shifts traffic by its deployment strategy and rolls back on ${snapshot.alarmName}.`,
    );
    this.describeSnapshot(traffic, snapshot, request.image);
    if (request.dryRun) {
      this.print("Dry run: nothing was changed.");
      return { status: "planned" };
    }
    const holder = await stack.activeUpdate();
    if (holder) return this.refuse(`another update holds stack ${stack.stackName} (${holder}); wait for it to finish, then run the release again`);
    await this.snapshotBeforeRelease(traffic, snapshot, request.image);
    try {
      await this.update({ image: { colour: "blue", image: request.image } }, `release ${request.image} (ECS native deployment)`);
    } catch (error) {
      if (error instanceof StackBusyError) return this.refuse(error.message);
      return this.fail(`the update failed: ${messageOf(error)}; a deployment ECS had started rolls back on its own alarms, see the service's deployments in the ECS console`);
    }
    this.print(`Done: the update finished, and pulumi up waits for the service's steady state, so ECS has completed its deployment of ${request.image}.`);
    return { status: "released", colour: "blue" };
  }

  /** `--rollback`: check the colour taking traffic, then one update. */
  private async rollBackOnRequest(snapshot: StackSnapshot, plan: RollbackPlan): Promise<Outcome> {
    const { health } = this.deps;
    const arn = snapshot.targetGroupArns[plan.to];
    await this.checkTargetGroup(plan.to, arn);
    const targets = await this.readBeforeStart(`${plan.to}'s target health`, () => health.targetHealth(arn));
    const problem = await targetProblem(health, plan.to, arn, targets);
    if (problem) return this.refuse(`${problem}; refusing to send all traffic to it`);
    this.print(`Rolling back: one update to ${formatWeights(plan.weights)}.`);
    try {
      await this.update({ weights: plan.weights }, `release: roll back to ${plan.to}`);
    } catch (error) {
      if (error instanceof StackBusyError) return this.refuse(error.message);
      return this.fail(`the rollback update failed: ${messageOf(error)}; traffic is as before (${formatWeights(snapshot.weights)}); run --rollback again`);
    }
    this.progress(plan.to, 100, "rolled back");
    this.print(`Done: ${plan.to} (${snapshot.images[plan.to]}) has all traffic.`);
    return { status: "flipped", colour: plan.to };
  }

  /**
   * Checks both target groups and the new colour's health alarm before the
   * first update, takes the pre-release snapshot, then runs the phases.
   */
  private async release(start: StackSnapshot, plan: ReleasePlan, timing: Timing, traffic: TrafficConfig): Promise<Outcome> {
    for (const colour of COLOURS) await this.checkTargetGroup(colour, start.targetGroupArns[colour]);
    const alarmName = healthAlarmOf(start, plan.to);
    const alarm = await this.readBeforeStart(`alarm ${alarmName}`, () => this.deps.health.alarmState(alarmName));
    const resuming = plan.startPercent > 0;
    if (alarm === "ALARM" && !resuming) {
      return this.refuse(`${alarmName} is already in ALARM before the release; a release now would roll back at once`);
    }

    const run = new ReleaseRun(this, this.deps, start, plan, timing);
    if (alarm === "ALARM") return run.execute({ name: "rollback", reason: `${alarmName} is in ALARM` });
    await this.snapshotBeforeRelease(traffic, start, plan.image);
    return run.execute({ name: plan.deploy ? "deploy" : "await-healthy" });
  }

  /** The group exists, in the clients' region, and a listener forwards to it: otherwise nothing would health-check the colour. */
  private async checkTargetGroup(colour: Colour, arn: string): Promise<void> {
    const balancers = await this.readBeforeStart(`${colour}'s target group`, () => this.deps.health.loadBalancersOf(arn));
    if (balancers.length === 0) {
      throw new Error(`no listener forwards to ${colour}'s target group ${arn}, so nothing would health-check its targets or send them traffic`);
    }
  }

  /** A read before the first change, retried with backoff while it fails transiently; its final error names what was read. */
  private async readBeforeStart<T>(what: string, read: () => Promise<T>): Promise<T> {
    let attempts = 0;
    try {
      return await withRetries(
        () => {
          attempts += 1;
          return read();
        },
        {
          clock: this.deps.clock,
          policy: BEFORE_START,
          retryable: (error) => !isPermanent(error),
          onRetry: (error, attempt, delayMs) =>
            this.print(`cannot read ${what} (attempt ${attempt} of ${BEFORE_START.attempts}): ${messageOf(error)}; retrying in ${formatDuration(delayMs)}`),
        },
      );
    } catch (error) {
      throw new Error(`cannot read ${what}: ${messageOf(error)}${attempts > 1 ? ` (${attempts} attempts)` : ""}`, { cause: error });
    }
  }

  /** Writes the change and runs one `up`; from the first call on, a failure of the run is no longer a refusal. */
  async update(change: StackChange, message: string): Promise<void> {
    this.updating = true;
    await this.deps.stack.update(change, message, this.deps.updateOutput);
  }

  /** Prints a line with an ISO timestamp. */
  print(line: string): void {
    this.deps.print(`${this.deps.clock.now().toISOString()} ${line}`);
  }

  /** `progress [###-------] green 30% · <what>` */
  progress(colour: Colour, percent: number, what: string): void {
    const filled = Math.round(percent / 10);
    this.print(`progress [${"#".repeat(filled)}${"-".repeat(10 - filled)}] ${colour} ${percent}% · ${what}`);
  }

  refuse(reason: string): Outcome {
    this.print(`Refused: ${reason}.`);
    return { status: "refused", reason };
  }

  fail(reason: string): Outcome {
    this.print(`FAILED: ${reason}.`);
    return { status: "failed", reason };
  }
}

/** An error's whole message, for a refusal: a list of missing outputs is worth every line. */
function errorText(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).trim();
}
