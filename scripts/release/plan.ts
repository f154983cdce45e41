/**
 * From the stack's outputs to a plan. No release state is stored anywhere:
 * the weights and images in the outputs, and the message of the stack's
 * latest update, say where a release stands.
 *
 * - One colour has all the weight: it is live, the other is idle. A release
 *   deploys to the idle colour; `--rollback` flips to it.
 * - Both colours have weight: a release was shifting traffic and stopped (it
 *   crashed, or it is still baking). The latest update's message
 *   (`release <image> → <colour>: 30%`) names the new colour when that colour
 *   still runs the image. Without it (someone ran `pulumi up` since), the
 *   colour with less weight is taken as new, which holds for every strategy
 *   whose steps stay at or below 50% (the defaults); at exactly 50/50, the
 *   colour that runs the `--image` being released is. Running the same release
 *   again resumes at the next step; `--rollback` returns to the other colour
 *   in one update.
 */
import { formatDuration, ShiftStep, Strategy } from "./strategy";
import { Colour, COLOURS, formatWeights, healthAlarmOf, otherColour, ReleaseMark, StackSnapshot, Weights, weightsFor } from "./types";

export type Situation =
  | { readonly kind: "steady"; readonly live: Colour }
  | { readonly kind: "shifting"; readonly from: Colour; readonly to: Colour; readonly percent: number }
  | { readonly kind: "even" };

/** Where traffic stands, from the weights and, when they are split, the latest release step. */
export function situationOf(snapshot: Pick<StackSnapshot, "weights" | "images">, mark?: ReleaseMark): Situation {
  const { weights } = snapshot;
  if (weights.blue > 0 && weights.green === 0) return { kind: "steady", live: "blue" };
  if (weights.green > 0 && weights.blue === 0) return { kind: "steady", live: "green" };
  if (mark && snapshot.images[mark.to] === mark.image) {
    return { kind: "shifting", from: otherColour(mark.to), to: mark.to, percent: sharePercent(weights, mark.to) };
  }
  if (weights.blue === weights.green) return { kind: "even" };
  const to: Colour = weights.blue < weights.green ? "blue" : "green";
  return { kind: "shifting", from: otherColour(to), to, percent: sharePercent(weights, to) };
}

/** `colour`'s share of traffic in percent, whatever scale the weights use. */
export function sharePercent(weights: Weights, colour: Colour): number {
  const total = weights.blue + weights.green;
  return total === 0 ? 0 : Math.round((weights[colour] * 100) / total);
}

/** What a run will do, or why it will not start. */
export type Plan = ReleasePlan | RollbackPlan | NothingToDo | Refusal;

export interface ReleasePlan {
  readonly kind: "release";
  readonly image: string;
  readonly strategy: Strategy;
  /** The live colour before the release: where a rollback returns. */
  readonly from: Colour;
  readonly to: Colour;
  /** The weights a rollback restores. */
  readonly rollbackWeights: Weights;
  /** `to`'s image before the release, which a rollback restores (the image itself when this run deploys nothing). */
  readonly previousImage: string;
  /** False when `to` already runs the image (a resumed release). */
  readonly deploy: boolean;
  /** The new colour's share when the release (re)starts: 0, or where an interrupted release stopped. */
  readonly startPercent: number;
  /** The shifts still to do. */
  readonly steps: readonly ShiftStep[];
}

export interface RollbackPlan {
  readonly kind: "rollback";
  readonly to: Colour;
  readonly weights: Weights;
}

export interface NothingToDo {
  readonly kind: "nothing";
  readonly message: string;
}

export interface Refusal {
  readonly kind: "refuse";
  readonly message: string;
}

/** Plans a release of `image` with `strategy` from the stack's current outputs. */
export function planRelease(snapshot: StackSnapshot, image: string, strategy: Strategy, mark?: ReleaseMark): Plan {
  const situation = situationOf(snapshot, mark);
  const now = `weights ${formatWeights(snapshot.weights)}; blue runs ${snapshot.images.blue}, green runs ${snapshot.images.green}`;
  if (situation.kind === "steady") {
    const { live } = situation;
    if (snapshot.images[live] === image) return { kind: "nothing", message: `${image} is already live on ${live} (${now}); nothing to do` };
    const to = otherColour(live);
    return {
      kind: "release",
      image,
      strategy,
      from: live,
      to,
      rollbackWeights: weightsFor(live, 100),
      previousImage: snapshot.images[to],
      deploy: snapshot.images[to] !== image,
      startPercent: 0,
      steps: strategy.steps,
    };
  }
  const shifting = situation.kind === "shifting" ? situation : evenSplit(snapshot, image);
  if (!shifting) {
    return {
      kind: "refuse",
      message: `a release stopped at 50/50 (${now}) and neither colour alone runs ${image}; finish it with --image <the new colour's image>, or roll back with --rollback --to <colour>`,
    };
  }
  const { from, to, percent } = shifting;
  if (snapshot.images[to] !== image) {
    return {
      kind: "refuse",
      message:
        `a release of ${snapshot.images[to]} to ${to} is in progress or was interrupted at ${percent}% (${now}); ` +
        `finish it with --image ${snapshot.images[to]}, or roll it back to ${from} with --rollback`,
    };
  }
  return {
    kind: "release",
    image,
    strategy,
    from,
    to,
    rollbackWeights: weightsFor(from, 100),
    previousImage: snapshot.images[to],
    deploy: false,
    startPercent: percent,
    steps: strategy.steps.filter((step) => step.percent > percent),
  };
}

function evenSplit(snapshot: StackSnapshot, image: string): { from: Colour; to: Colour; percent: number } | undefined {
  const running = COLOURS.filter((colour) => snapshot.images[colour] === image);
  if (running.length !== 1) return undefined;
  return { from: otherColour(running[0]), to: running[0], percent: 50 };
}

/** Plans `--rollback`: all traffic back to the previous colour, in one update. */
export function planRollback(snapshot: StackSnapshot, requested?: Colour, mark?: ReleaseMark): Plan {
  const situation = situationOf(snapshot, mark);
  const now = `weights ${formatWeights(snapshot.weights)}`;
  let to: Colour;
  if (requested) to = requested;
  else if (situation.kind === "steady") to = otherColour(situation.live);
  else if (situation.kind === "shifting") to = situation.from;
  else {
    return {
      kind: "refuse",
      message: `traffic is split 50/50 (${now}; blue runs ${snapshot.images.blue}, green runs ${snapshot.images.green}), so the previous colour cannot be told from the outputs; choose it with --to blue or --to green`,
    };
  }
  // Whatever scale the weights use (blue 60 / green 0 is all traffic on blue).
  if (sharePercent(snapshot.weights, to) === 100) {
    return { kind: "nothing", message: `${to} already has all traffic (${now}); nothing to roll back` };
  }
  return { kind: "rollback", to, weights: weightsFor(to, 100) };
}

/** The plan as printed by `--dry-run` and at the start of every run. */
export function describePlan(stackName: string, snapshot: StackSnapshot, plan: Plan, options: { healthTimeoutMs: number; pollMs: number }): string[] {
  const lines = [`Stack ${stackName}: weights ${formatWeights(snapshot.weights)}; blue runs ${snapshot.images.blue}, green runs ${snapshot.images.green}.`];
  if (plan.kind === "nothing") return [...lines, `Nothing to do: ${plan.message}.`];
  if (plan.kind === "refuse") return [...lines, `Refused: ${plan.message}.`];
  if (plan.kind === "rollback") {
    return [
      ...lines,
      `Rollback plan: one update to ${formatWeights(plan.weights)}, so ${plan.to} (${snapshot.images[plan.to]}) takes all traffic.`,
      `  1. check that ${plan.to}'s targets are healthy`,
      `  2. update platform:traffic.weights to ${formatWeights(plan.weights)} and run pulumi up`,
    ];
  }
  const steps: string[] = [];
  if (plan.deploy) steps.push(`deploy ${plan.image} to ${plan.to} at weight 0: set platform:compute.${plan.to}.image and run pulumi up`);
  else if (plan.startPercent > 0) steps.push(`resume the release of ${plan.image} on ${plan.to}, which has ${plan.startPercent}% of traffic`);
  else steps.push(`${plan.to} already runs ${plan.image}: no deployment`);
  steps.push(`wait up to ${formatDuration(options.healthTimeoutMs)} for ${plan.to}'s targets to be healthy`);
  for (const step of plan.steps) {
    const bake = step.bakeMs > 0 ? `, bake ${formatDuration(step.bakeMs)} watching ${healthAlarmOf(snapshot, plan.to)} and ${plan.to}'s targets every ${formatDuration(options.pollMs)}` : ", no bake";
    steps.push(`shift to ${formatWeights(weightsFor(plan.to, step.percent))} (${step.percent}% on ${plan.to})${bake}`);
  }
  return [
    ...lines,
    `Release plan: ${plan.image} to ${plan.to}, strategy ${plan.strategy.label}${plan.strategy.label === plan.strategy.kind ? "" : ` (${plan.strategy.kind})`}: ${plan.strategy.steps.map((s) => `${s.percent}%`).join(" → ")}.`,
    ...steps.map((step, i) => `  ${i + 1}. ${step}`),
    `  On ALARM, unhealthy targets or a failed update: one update back to ${formatWeights(plan.rollbackWeights)} (${plan.from}, ${snapshot.images[plan.from]})` +
      `${plan.previousImage === plan.image ? "" : ` with ${plan.to} back on ${plan.previousImage}`}, exit code 1.`,
    `  On success ${plan.from} stays deployed at weight 0: \`npm run release -- --stack ${stackName} --rollback\` flips back in one update.`,
  ];
}
