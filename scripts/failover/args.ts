/** `npm run failover -- --to <standby stack> [--dry-run [--offline]] [--force] [--targets-timeout <duration>]` */
import { offlineProblem, parseFlags, UsageError } from "../release/args";
import { parseDuration } from "../release/strategy";
import { DEFAULT_FAILOVER_TIMING, FailoverTiming } from "./plan";

export const USAGE = `Usage:
  npm run failover -- --to <standby stack> [--dry-run [--offline]] [--force] [--targets-timeout <duration>]

  --to               the standby stack to fail over to (such as prod-dr: a stack with
                     platform:disasterRecovery.standby); its primary comes from its config
  --dry-run          print the plan and change nothing
  --offline          with --dry-run: plan from Pulumi.<stack>.yaml alone (no Pulumi CLI, backend or
                     AWS credentials), assuming the stack is deployed as configured
  --force            fail over even when the standby fails its checks (replica not available,
                     no healthy target); the problems are printed as warnings
  --targets-timeout  how long to wait for the scaled app's targets, such as 10m (default: 10m)

Exit codes: 0 failed over (or planned), 2 usage, 3 refused before any change, 4 a step failed
part-way (run the same command to resume), 130 interrupted.`;

export type FailoverArgs =
  | { readonly help: true }
  | { readonly help?: false; readonly stack: string; readonly dryRun: boolean; readonly offline: boolean; readonly force: boolean; readonly timing: FailoverTiming };

/** Parses the command line after `--`; throws {@link UsageError} listing every problem. */
export function parseFailoverArgs(argv: readonly string[]): FailoverArgs {
  const { values, switches, problems } = parseFlags(argv, ["to", "targets-timeout"] as const, ["dry-run", "offline", "force", "help"] as const);
  if (switches.has("help")) return { help: true };
  const stack = values.get("to");
  if (stack === undefined && !problems.some((p) => p.startsWith("--to"))) problems.push("--to: is required (expected the standby stack, such as prod-dr)");
  const offlineMisuse = offlineProblem(switches);
  if (offlineMisuse) problems.push(offlineMisuse);
  let timing = DEFAULT_FAILOVER_TIMING;
  const timeout = values.get("targets-timeout");
  if (timeout !== undefined) {
    const ms = parseDuration(timeout);
    if (ms === undefined || ms <= 0) problems.push(`--targets-timeout: ${JSON.stringify(timeout)} is not allowed (expected a duration such as 90s, 10m or 1h)`);
    else timing = { ...timing, targetsTimeoutMs: ms };
  }
  if (problems.length > 0) throw new UsageError(problems.join("\n"));
  return { stack: stack!, dryRun: switches.has("dry-run"), offline: switches.has("offline"), force: switches.has("force"), timing };
}
