/**
 * One weighted release in flight, after the controller's checks: the phases
 * (deploy, wait for healthy targets, shift, bake, roll back) and what they
 * remember between them.
 */
import { ReleasePlan, sharePercent } from "./plan";
import { ReadFailures } from "./retry";
import { formatDuration } from "./strategy";
import { describeTargets, notInUse, targetProblem } from "./targets";
import {
  Clock,
  Colour,
  formatWeights,
  HealthSignal,
  healthAlarmOf,
  messageOf,
  Outcome,
  releaseMessage,
  StackBusyError,
  StackChange,
  StackOperations,
  StackSnapshot,
  TargetHealth,
  Timing,
  Weights,
  weightsFor,
} from "./types";

export type Phase =
  | { readonly name: "deploy" }
  | { readonly name: "await-healthy" }
  | { readonly name: "shift"; readonly step: number }
  | { readonly name: "bake"; readonly step: number }
  | { readonly name: "rollback"; readonly reason: string }
  | { readonly name: "done"; readonly outcome: Outcome };

/** What a run needs from the controller: its printer, and the one way to update the stack. */
export interface RunHost {
  print(line: string): void;
  progress(colour: Colour, percent: number, what: string): void;
  fail(reason: string): Outcome;
  update(change: StackChange, message: string): Promise<void>;
}

export interface RunDependencies {
  readonly stack: StackOperations;
  readonly health: HealthSignal;
  readonly clock: Clock;
}

export class ReleaseRun {
  /** What the outputs should show before the next write; anything else means someone else changed the stack. */
  private expected: { weights: Weights; images: Record<Colour, string> };
  private readonly totalSteps: number;

  constructor(
    private readonly controller: RunHost,
    private readonly deps: RunDependencies,
    private readonly start: StackSnapshot,
    private readonly plan: ReleasePlan,
    private readonly timing: Timing,
  ) {
    this.expected = { weights: start.weights, images: { ...start.images } };
    this.totalSteps = 2 + plan.steps.length;
  }

  /** Runs the phases from `first` until one names the outcome. */
  async execute(first: Exclude<Phase, { name: "done" }>): Promise<Outcome> {
    let phase: Phase = first;
    while (phase.name !== "done") phase = await this.next(phase);
    return phase.outcome;
  }

  private async next(phase: Exclude<Phase, { name: "done" }>): Promise<Phase> {
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
    const arn = this.start.targetGroupArns[plan.to];
    this.step(2, `waiting up to ${formatDuration(timing.healthTimeoutMs)} for ${plan.to}'s targets to be healthy`);
    const deadline = clock.now().getTime() + timing.healthTimeoutMs;
    const failures = new ReadFailures();
    for (;;) {
      let state: string;
      try {
        const targets: TargetHealth = await health.targetHealth(arn);
        failures.reset();
        if (notInUse(targets)) return this.rollbackPhase((await targetProblem(health, plan.to, arn, targets))!);
        if (targets.healthy > 0 && targets.unhealthy.length === 0 && targets.transitioning === 0) {
          this.controller.print(`${plan.to}: ${describeTargets(targets)}.`);
          return { name: "shift", step: 0 };
        }
        state = describeTargets(targets);
      } catch (error) {
        if (failures.endsWait(error)) return this.rollbackPhase(`cannot read ${plan.to}'s target health: ${messageOf(error)}`);
        state = `target health unreadable (${messageOf(error)})`;
      }
      const remaining = deadline - clock.now().getTime();
      if (remaining <= 0) return this.rollbackPhase(`${plan.to}'s targets were not healthy within ${formatDuration(timing.healthTimeoutMs)} (${state})`);
      this.controller.print(`waiting for ${plan.to}: ${state}; ${formatDuration(remaining)} left`);
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
    const failures = new ReadFailures();
    for (;;) {
      let problem: string | undefined;
      let status: string;
      try {
        [problem, status] = await this.checkHealth();
        failures.reset();
      } catch (error) {
        if (failures.endsWait(error)) problem = `cannot read the health signal: ${messageOf(error)}`;
        status = `health signal unreadable (${messageOf(error)})`;
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
    const { health } = this.deps;
    const arn = start.targetGroupArns[plan.to];
    const alarmName = healthAlarmOf(start, plan.to);
    const [alarm, targets] = await Promise.all([health.alarmState(alarmName), health.targetHealth(arn)]);
    if (alarm === "ALARM") return [`${alarmName} went into ALARM`, ""];
    const problem = await targetProblem(health, plan.to, arn, targets);
    return [problem, `${alarmName} ${alarm}, ${plan.to} ${describeTargets(targets)}`];
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
      await this.controller.update(change, releaseMessage(plan.image, plan.to, `rolled back to ${plan.from} (${reason})`));
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
    try {
      await this.assertUnchanged();
      await this.controller.update(change, message);
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
