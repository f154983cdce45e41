/**
 * The release controller: a state machine over {@link StackOperations} and
 * {@link HealthSignal}. Each phase does one thing (one update, one wait, one
 * bake) and names the next phase; every failure after the first write leads
 * to the `rollback` phase, which returns all traffic to the previous colour in
 * a single update.
 */
import { describePlan, planRelease, planRollback, ReleasePlan, RollbackPlan, sharePercent } from "./plan";
import { formatDuration, resolveStrategy, StrategyError } from "./strategy";
import {
  Clock,
  Colour,
  formatWeights,
  HealthSignal,
  parseReleaseMessage,
  releaseMessage,
  StackBusyError,
  StackChange,
  StackOperations,
  StackSnapshot,
  TargetHealth,
  Weights,
  weightsFor,
} from "./types";

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

export type Outcome =
  | { readonly status: "released"; readonly colour: Colour }
  | { readonly status: "flipped"; readonly colour: Colour }
  | { readonly status: "planned" }
  | { readonly status: "nothing"; readonly message: string }
  | { readonly status: "rolled-back"; readonly reason: string }
  | { readonly status: "refused"; readonly reason: string }
  | { readonly status: "failed"; readonly reason: string };

/** 0: done as asked; 1: the release failed and was rolled back; 3: refused to start; 4: needs a human. 2 is a usage error. */
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
  readonly clock: Clock;
  /** Receives each printed line, already timestamped. */
  readonly print: (line: string) => void;
  /** Receives `pulumi up`'s own output. @default dropped */
  readonly updateOutput?: (line: string) => void;
}

/** Consecutive failed reads of the health signal tolerated before a bake counts as failed. */
export const MAX_SIGNAL_ERRORS = 3;

type Phase =
  | { readonly name: "deploy" }
  | { readonly name: "await-healthy" }
  | { readonly name: "shift"; readonly step: number }
  | { readonly name: "bake"; readonly step: number }
  | { readonly name: "rollback"; readonly reason: string }
  | { readonly name: "done"; readonly outcome: Outcome };

interface Timing {
  readonly healthTimeoutMs: number;
  readonly pollMs: number;
}

export class ReleaseController {
  constructor(private readonly deps: ControllerDependencies) {}

  async run(request: ReleaseRequest): Promise<Outcome> {
    const { stack } = this.deps;
    const traffic = await stack.trafficConfig();
    if (traffic.mode === "ecs-native") return this.releaseNatively(request);
    const timing: Timing = { healthTimeoutMs: traffic.release.healthTimeoutSeconds * 1000, pollMs: traffic.release.pollIntervalSeconds * 1000 };
    const snapshot = await stack.read();
    const mark = parseReleaseMessage(await stack.lastUpdateMessage());

    let plan;
    try {
      plan =
        request.kind === "rollback"
          ? planRollback(snapshot, request.to, mark)
          : planRelease(snapshot, request.image, resolveStrategy(request.strategy, traffic.release, request.bakeMs), mark);
    } catch (error) {
      if (error instanceof StrategyError) return this.refuse(error.message);
      throw error;
    }
    for (const line of describePlan(stack.stackName, snapshot, plan, timing)) this.print(line);

    if (plan.kind === "refuse") return { status: "refused", reason: plan.message };
    if (plan.kind === "nothing") return { status: "nothing", message: plan.message };
    if (request.dryRun) {
      this.print("Dry run: nothing was changed.");
      return { status: "planned" };
    }
    const holder = await stack.activeUpdate();
    if (holder) return this.refuse(`another update holds stack ${stack.stackName} (${holder}); wait for it to finish, then run the release again`);

    return plan.kind === "rollback" ? this.rollBackOnRequest(snapshot, plan) : this.release(snapshot, plan, timing);
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
    if (request.dryRun) {
      this.print("Dry run: nothing was changed.");
      return { status: "planned" };
    }
    const holder = await stack.activeUpdate();
    if (holder) return this.refuse(`another update holds stack ${stack.stackName} (${holder}); wait for it to finish, then run the release again`);
    try {
      await stack.update({ image: { colour: "blue", image: request.image } }, `release ${request.image} (ECS native deployment)`, this.deps.updateOutput);
    } catch (error) {
      if (error instanceof StackBusyError) return this.refuse(error.message);
      return this.fail(`the update failed: ${messageOf(error)}; a deployment ECS had started rolls back on its own alarms, see the service's deployments in the ECS console`);
    }
    this.print(`Done: the update finished, and pulumi up waits for the service's steady state, so ECS has completed its deployment of ${request.image}.`);
    return { status: "released", colour: "blue" };
  }

  /** `--rollback`: check the colour taking traffic, then one update. */
  private async rollBackOnRequest(snapshot: StackSnapshot, plan: RollbackPlan): Promise<Outcome> {
    const health = await this.deps.health.targetHealth(snapshot.targetGroupArns[plan.to]);
    const problem = targetProblem(plan.to, health);
    if (problem) return this.refuse(`${problem}; refusing to send all traffic to it`);
    this.print(`Rolling back: one update to ${formatWeights(plan.weights)}.`);
    try {
      await this.deps.stack.update({ weights: plan.weights }, `release: roll back to ${plan.to}`, this.deps.updateOutput);
    } catch (error) {
      if (error instanceof StackBusyError) return this.refuse(error.message);
      return this.fail(`the rollback update failed: ${messageOf(error)}; traffic is as before (${formatWeights(snapshot.weights)}); run --rollback again`);
    }
    this.progress(plan.to, 100, "rolled back");
    this.print(`Done: ${plan.to} (${snapshot.images[plan.to]}) has all traffic.`);
    return { status: "flipped", colour: plan.to };
  }

  private async release(start: StackSnapshot, plan: ReleasePlan, timing: Timing): Promise<Outcome> {
    const alarm = await this.deps.health.alarmState(start.alarmName);
    const resuming = plan.startPercent > 0;
    if (alarm === "ALARM" && !resuming) {
      return this.refuse(`${start.alarmName} is already in ALARM before the release; a release now would roll back at once`);
    }

    const run = new ReleaseRun(this, this.deps, start, plan, timing);
    let phase: Phase = alarm === "ALARM" ? { name: "rollback", reason: `${start.alarmName} is in ALARM` } : { name: plan.deploy ? "deploy" : "await-healthy" };
    while (phase.name !== "done") phase = await run.next(phase);
    return phase.outcome;
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

/** One release in flight: the phases and what they remember between them. */
class ReleaseRun {
  /** What the outputs should show before the next write; anything else means someone else changed the stack. */
  private expected: { weights: Weights; images: Record<Colour, string> };
  private readonly totalSteps: number;

  constructor(
    private readonly controller: ReleaseController,
    private readonly deps: ControllerDependencies,
    private readonly start: StackSnapshot,
    private readonly plan: ReleasePlan,
    private readonly timing: Timing,
  ) {
    this.expected = { weights: start.weights, images: { ...start.images } };
    this.totalSteps = 2 + plan.steps.length;
  }

  async next(phase: Exclude<Phase, { name: "done" }>): Promise<Phase> {
    switch (phase.name) {
      case "deploy":
        return this.deploy();
      case "await-healthy":
        return this.awaitHealthy();
      case "shift":
        return this.shift(phase.step);
      case "bake":
        return this.bake(phase.step);
      case "rollback":
        return this.rollback(phase.reason);
    }
  }

  private async deploy(): Promise<Phase> {
    const { plan } = this;
    this.step(1, `deploying ${plan.image} to ${plan.to} at weight 0`);
    const change = { weights: weightsFor(plan.from, 100), image: { colour: plan.to, image: plan.image } };
    return this.apply(change, releaseMessage(plan.image, plan.to, "deploy at weight 0"), { name: "await-healthy" }, 0, `${plan.image} deployed to ${plan.to}`);
  }

  private async awaitHealthy(): Promise<Phase> {
    const { plan, timing } = this;
    const { clock, health } = this.deps;
    this.step(2, `waiting up to ${formatDuration(timing.healthTimeoutMs)} for ${plan.to}'s targets to be healthy`);
    const deadline = clock.now().getTime() + timing.healthTimeoutMs;
    let errors = 0;
    for (;;) {
      let targets: TargetHealth | undefined;
      try {
        targets = await health.targetHealth(this.start.targetGroupArns[plan.to]);
        errors = 0;
      } catch (error) {
        errors += 1;
        if (errors >= MAX_SIGNAL_ERRORS) return this.rollbackPhase(`cannot read ${plan.to}'s target health: ${messageOf(error)}`);
      }
      if (targets?.unused) return this.rollbackPhase(`${plan.to}'s target group is attached to no listener, so nothing health-checks its targets`);
      if (targets && targets.healthy > 0 && targets.unhealthy.length === 0 && targets.transitioning === 0) {
        this.controller.print(`${plan.to}: ${targets.healthy} healthy target${targets.healthy === 1 ? "" : "s"}.`);
        return { name: "shift", step: 0 };
      }
      const remaining = deadline - clock.now().getTime();
      if (remaining <= 0) {
        return this.rollbackPhase(`${plan.to}'s targets were not healthy within ${formatDuration(timing.healthTimeoutMs)} (${describeTargets(targets)})`);
      }
      this.controller.print(`waiting for ${plan.to}: ${describeTargets(targets)}; ${formatDuration(remaining)} left`);
      await clock.sleep(Math.min(timing.pollMs, remaining));
    }
  }

  private async shift(index: number): Promise<Phase> {
    const { plan } = this;
    const step = plan.steps[index];
    const weights = weightsFor(plan.to, step.percent);
    this.step(3 + index, `shifting to ${formatWeights(weights)}`);
    return this.apply({ weights }, releaseMessage(plan.image, plan.to, `${step.percent}%`), { name: "bake", step: index }, step.percent, `${formatWeights(weights)} applied`);
  }

  private async bake(index: number): Promise<Phase> {
    const { plan, timing } = this;
    const { clock } = this.deps;
    const step = plan.steps[index];
    const last = index === plan.steps.length - 1;
    const startedAt = clock.now().getTime();
    let errors = 0;
    for (;;) {
      let problem: string | undefined;
      let status = "";
      try {
        [problem, status] = await this.checkHealth();
        errors = 0;
      } catch (error) {
        errors += 1;
        if (errors >= MAX_SIGNAL_ERRORS) problem = `cannot read the health signal: ${messageOf(error)}`;
        else status = `health signal unavailable (${messageOf(error)})`;
      }
      if (problem) return this.rollbackPhase(problem);
      const elapsed = clock.now().getTime() - startedAt;
      if (elapsed >= step.bakeMs) break;
      this.controller.progress(plan.to, step.percent, `baking ${formatDuration(elapsed)} of ${formatDuration(step.bakeMs)}: ${status}`);
      await clock.sleep(Math.min(timing.pollMs, step.bakeMs - elapsed));
    }
    if (!last) return { name: "shift", step: index + 1 };
    this.controller.progress(plan.to, 100, "released");
    this.controller.print(
      `Done: ${plan.image} is live on ${plan.to} at 100%; ${plan.from} (${this.start.images[plan.from]}) stays deployed at weight 0 as the instant rollback path.`,
    );
    return { name: "done", outcome: { status: "released", colour: plan.to } };
  }

  /** [problem, status]: a problem ends the bake. */
  private async checkHealth(): Promise<[string | undefined, string]> {
    const { plan, start } = this;
    const [alarm, targets] = await Promise.all([
      this.deps.health.alarmState(start.alarmName),
      this.deps.health.targetHealth(start.targetGroupArns[plan.to]),
    ]);
    if (alarm === "ALARM") return [`${start.alarmName} went into ALARM`, ""];
    const problem = targetProblem(plan.to, targets);
    return [problem, `${start.alarmName} ${alarm}, ${plan.to} ${describeTargets(targets)}`];
  }

  private async rollback(reason: string): Promise<Phase> {
    const { plan } = this;
    this.controller.print(`Rolling back (${reason}): one update to ${formatWeights(plan.rollbackWeights)}.`);
    // The new colour gets its previous image back in the same update, as CodeDeploy and ECS remove
    // a failed replacement: the idle colour keeps running the last good release, so a later
    // `--rollback` can never send traffic to the image that just failed.
    const restore = plan.previousImage !== plan.image;
    const change: StackChange = restore
      ? { weights: plan.rollbackWeights, image: { colour: plan.to, image: plan.previousImage } }
      : { weights: plan.rollbackWeights };
    try {
      await this.deps.stack.update(change, releaseMessage(plan.image, plan.to, `rolled back to ${plan.from} (${reason})`), this.deps.updateOutput);
    } catch (error) {
      return {
        name: "done",
        outcome: this.controller.fail(
          `the release failed (${reason}) and so did the rollback update (${messageOf(error)}); run \`npm run release -- --stack ${this.deps.stack.stackName} --rollback\``,
        ),
      };
    }
    this.controller.progress(plan.to, 0, `rolled back to ${plan.from}`);
    const idle = restore ? `; ${plan.to} runs ${plan.previousImage} again` : "";
    this.controller.print(`Rolled back: ${plan.from} (${this.start.images[plan.from]}) has all traffic again${idle}. Reason: ${reason}.`);
    return { name: "done", outcome: { status: "rolled-back", reason } };
  }

  /** One update, after checking that nobody else changed the stack since the last one. */
  private async apply(change: StackChange & { readonly weights: Weights }, message: string, next: Phase, percent: number, done: string): Promise<Phase> {
    const { stack } = this.deps;
    try {
      await this.assertUnchanged();
      await stack.update(change, message, this.deps.updateOutput);
    } catch (error) {
      if (error instanceof StackBusyError) {
        return { name: "done", outcome: this.controller.fail(`${error.message}; this release stopped without rolling back so as not to fight it`) };
      }
      return this.rollbackPhase(`the update failed: ${messageOf(error)}`);
    }
    this.expected = {
      weights: change.weights,
      images: change.image ? { ...this.expected.images, [change.image.colour]: change.image.image } : this.expected.images,
    };
    this.controller.progress(this.plan.to, percent, done);
    return next;
  }

  private async assertUnchanged(): Promise<void> {
    const now = await this.deps.stack.read();
    const { expected, plan } = this;
    const same =
      sharePercent(now.weights, plan.to) === sharePercent(expected.weights, plan.to) &&
      now.images.blue === expected.images.blue &&
      now.images.green === expected.images.green;
    if (!same) {
      throw new StackBusyError(
        `stack ${this.deps.stack.stackName} changed under this release: expected weights ${formatWeights(expected.weights)} with blue ${expected.images.blue} and green ${expected.images.green}, ` +
          `found ${formatWeights(now.weights)} with blue ${now.images.blue} and green ${now.images.green} (another release?)`,
      );
    }
  }

  private rollbackPhase(reason: string): Phase {
    return { name: "rollback", reason };
  }

  private step(index: number, what: string): void {
    this.controller.print(`step ${index}/${this.totalSteps}: ${what}`);
  }
}

/** Why `colour`'s targets cannot take traffic, or undefined when they can. */
export function targetProblem(colour: Colour, targets: TargetHealth): string | undefined {
  if (targets.unused) return `${colour}'s target group is attached to no listener`;
  if (targets.unhealthy.length > 0) return `${colour} has unhealthy targets (${describeTargets(targets)})`;
  if (targets.healthy === 0) return `${colour} has no healthy target (${describeTargets(targets)})`;
  return undefined;
}

function describeTargets(targets: TargetHealth | undefined): string {
  if (!targets) return "target health unknown";
  const parts = [`${targets.healthy} healthy`];
  if (targets.unhealthy.length > 0) parts.push(`${targets.unhealthy.length} unhealthy: ${[...new Set(targets.unhealthy)].join(", ")}`);
  if (targets.transitioning > 0) parts.push(`${targets.transitioning} registering or draining`);
  return parts.join(", ");
}

function messageOf(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split("\n").find((line) => line.trim() !== "")?.trim() ?? text;
}
