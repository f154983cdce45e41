/**
 * Release strategies: which shares of traffic the new colour gets, in order,
 * and how long each step bakes. Names follow CodeDeploy's ECS deployment
 * configurations, which are accepted as aliases.
 */
import { RELEASE_STRATEGIES, ReleaseConfig, ReleaseStrategyName } from "../../stacks/config/traffic-release";

export interface ShiftStep {
  /** Share of traffic, in percent, the new colour gets at this step. */
  readonly percent: number;
  /** How long to watch the alarm and target health after the shift. */
  readonly bakeMs: number;
}

export interface Strategy {
  /** What the user asked for (`canary`, `ECSCanary10Percent5Minutes`). */
  readonly label: string;
  readonly kind: ReleaseStrategyName;
  /** Every shift of a full release, the last one at 100%. */
  readonly steps: readonly ShiftStep[];
}

export class StrategyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StrategyError";
  }
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const CODEDEPLOY_PREFIX = "(?:CodeDeployDefault\\.)?";
const ALL_AT_ONCE_ALIAS = new RegExp(`^${CODEDEPLOY_PREFIX}ECSAllAtOnce$`);
const CANARY_ALIAS = new RegExp(`^${CODEDEPLOY_PREFIX}ECSCanary(\\d+)Percent(\\d+)Minutes?$`);
const LINEAR_ALIAS = new RegExp(`^${CODEDEPLOY_PREFIX}ECSLinear(\\d+)PercentEvery(\\d+)Minutes?$`);

export const STRATEGY_HELP =
  `${RELEASE_STRATEGIES.join(" | ")}, or a CodeDeploy ECS configuration name: ` +
  "ECSAllAtOnce, ECSCanary<percent>Percent<minutes>Minutes, ECSLinear<percent>PercentEvery<minutes>Minutes";

/**
 * Resolves `--strategy` (or the configured default) and `--bake` into the
 * steps of a full release. An alias fixes the strategy, its percentages and
 * its step bake, as CodeDeploy's configuration of that name does:
 * `ECSLinear10PercentEvery1Minutes` is 10%, 20%, ... 90%, then 100%.
 * `bakeOverrideMs` replaces every bake of the run, the one after 100% included.
 */
export function resolveStrategy(requested: string | undefined, config: ReleaseConfig, bakeOverrideMs?: number): Strategy {
  const name = requested ?? config.strategy;
  const finalBake = bakeOverrideMs ?? config.finalBakeSeconds * SECOND;
  const build = (kind: ReleaseStrategyName, percents: readonly number[], stepBakeMs: number): Strategy => ({
    label: name,
    kind,
    steps: [...percents.map((percent) => ({ percent, bakeMs: bakeOverrideMs ?? stepBakeMs })), { percent: 100, bakeMs: finalBake }],
  });

  if (name === "all-at-once" || ALL_AT_ONCE_ALIAS.test(name)) return build("all-at-once", [], 0);
  if (name === "canary") return build("canary", [config.canary.percent], config.canary.bakeSeconds * SECOND);
  if (name === "linear") return build("linear", config.linear.steps, config.linear.bakeSeconds * SECOND);

  const canary = CANARY_ALIAS.exec(name);
  if (canary) {
    const percent = aliasPercent(name, canary[1]);
    return build("canary", [percent], Number(canary[2]) * MINUTE);
  }
  const linear = LINEAR_ALIAS.exec(name);
  if (linear) {
    const increment = aliasPercent(name, linear[1]);
    const percents: number[] = [];
    for (let p = increment; p < 100; p += increment) percents.push(p);
    return build("linear", percents, Number(linear[2]) * MINUTE);
  }
  throw new StrategyError(`--strategy: ${JSON.stringify(name)} is not allowed (expected ${STRATEGY_HELP})`);
}

/** The percentage in an alias's name; its digits come from `\d+`, so it is a whole number (or Infinity, refused here). */
function aliasPercent(name: string, digits: string): number {
  const percent = Number(digits);
  if (percent < 1 || percent > 99) {
    throw new StrategyError(`--strategy: ${JSON.stringify(name)} is not allowed (expected a percentage from 1 to 99 in the name)`);
  }
  return percent;
}

const DURATION = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/;

/**
 * Parses a duration as `90s`, `5m`, `1h`, `1m30s` or `0`. Bare numbers other
 * than 0 are refused: `5` could mean seconds or minutes.
 */
export function parseDuration(text: string): number | undefined {
  if (text === "0") return 0;
  const match = DURATION.exec(text);
  if (!match || text === "") return undefined;
  const [, h, m, s] = match;
  return (Number(h ?? 0) * 3600 + Number(m ?? 0) * 60 + Number(s ?? 0)) * SECOND;
}

/** `5m`, `1m30s`, `0s`: the inverse of {@link parseDuration}, for plans and progress lines. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.round(ms / SECOND));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const parts = [h ? `${h}h` : "", m ? `${m}m` : "", s ? `${s}s` : ""].join("");
  return parts === "" ? "0s" : parts;
}
