/** `npm run drill -- --stack <stack> [--point-in-time <UTC time>|latest | --snapshot <id>] [--report <file>] [--dry-run [--offline]]` */
import { LATEST } from "../../components/database/source";
import { offlineProblem, parseFlags, UsageError } from "../release/args";
import { parseDuration } from "../release/strategy";
import { DEFAULT_DRILL_TIMING, DrillTiming } from "./controller";
import { LATEST_POINT, RestorePoint } from "./drill-config";

export const USAGE = `Usage:
  npm run drill -- --stack <stack> [--point-in-time <UTC time>|latest | --snapshot <id>]
                   [--report <file>] [--health-timeout <duration>] [--dry-run [--offline]]

  --stack           the stack whose backups are restored (such as prod); it is only read
  --point-in-time   restore the stack's database to this UTC time (2026-11-23T14:05:00Z) or
                    "latest" (default), within its backupRetentionDays
  --snapshot        restore this DB snapshot instead (an identifier or a shared snapshot's ARN)
  --report          where the JSON report goes (default: drill-reports/<drill stack>.json)
  --health-timeout  how long the drill's app may take to become healthy, such as 45m (default: 1h)
  --dry-run         print the plan and create nothing
  --offline         with --dry-run: plan from Pulumi.<stack>.yaml alone and preview the drill
                    stack's configuration under Pulumi's mock runtime (no CLI, backend or AWS)

A drill stack left by an interrupted drill is resumed and finished (destroyed) by the same command.
Exit codes: 0 passed (or planned), 1 the drill failed and its stack was destroyed, 2 usage,
3 refused (nothing created), 4 the drill stack is left behind (run the same command again), 130 interrupted.`;

export type DrillArgs =
  | { readonly help: true }
  | {
      readonly help?: false;
      readonly stack: string;
      readonly restore: RestorePoint;
      readonly report?: string;
      readonly dryRun: boolean;
      readonly offline: boolean;
      readonly timing: DrillTiming;
    };

const UTC_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/** Parses the command line after `--`; throws {@link UsageError} listing every problem. */
export function parseDrillArgs(argv: readonly string[]): DrillArgs {
  const { values, switches, problems } = parseFlags(argv, ["stack", "point-in-time", "snapshot", "report", "health-timeout"] as const, ["dry-run", "offline", "help"] as const);
  if (switches.has("help")) return { help: true };
  const stack = values.get("stack");
  if (stack === undefined && !problems.some((p) => p.startsWith("--stack"))) problems.push("--stack: is required (expected the stack whose backups are restored, such as prod)");
  const offlineMisuse = offlineProblem(switches);
  if (offlineMisuse) problems.push(offlineMisuse);
  const time = values.get("point-in-time");
  const snapshot = values.get("snapshot");
  if (time !== undefined && snapshot !== undefined) problems.push("--point-in-time and --snapshot: give one (a drill restores one or the other)");
  if (time !== undefined && time !== LATEST && !UTC_TIME.test(time)) {
    problems.push(`--point-in-time: ${JSON.stringify(time)} is not allowed (expected a UTC time such as 2026-11-23T14:05:00Z, or "latest")`);
  }
  let timing = DEFAULT_DRILL_TIMING;
  const timeout = values.get("health-timeout");
  if (timeout !== undefined) {
    const ms = parseDuration(timeout);
    if (ms === undefined || ms <= 0) problems.push(`--health-timeout: ${JSON.stringify(timeout)} is not allowed (expected a duration such as 30m or 1h)`);
    else timing = { ...timing, healthTimeoutMs: ms };
  }
  if (problems.length > 0) throw new UsageError(problems.join("\n"));
  const restore: RestorePoint = snapshot !== undefined ? { kind: "snapshot", identifier: snapshot } : time !== undefined ? { kind: "pointInTime", time } : LATEST_POINT;
  return { stack: stack!, restore, report: values.get("report"), dryRun: switches.has("dry-run"), offline: switches.has("offline"), timing };
}
