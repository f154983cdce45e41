/**
 * `npm run release` end to end, one test per exit code, with the stack and the
 * health signal in memory (the Automation API and AWS sides are tested in
 * pulumi-stack.test.ts, aws-health-stubbed.test.ts and aws-emulator.test.ts;
 * `--dry-run --offline`, which runs the program, in listener-weights.test.ts).
 */
import * as fs from "fs";
import * as path from "path";
import { USAGE } from "../../scripts/release/args";
import { EXIT, indentedLines, main, productionEnvironment, ReleaseEnvironment } from "../../scripts/release/cli";
import { HealthReadError } from "../../scripts/release/types";
import { PROJECT_ROOT } from "../harness/stack-config";
import { trafficSchema } from "../../stacks/config/traffic";
import { harness, Harness, InMemoryStack, NEW, snapshot } from "./fakes";

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs the command over the in-memory stack and health signal of `h`; `open` fails with `openError` when given.
 * `--offline` runs the program under the mock runtime, unless `offlineInMemory` opens `h` for it too.
 */
async function release(
  argv: string[],
  h: Harness = harness(),
  options: { openError?: Error; onInterrupt?: (handler: () => void) => void; offlineInMemory?: boolean } = {},
): Promise<Run> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const env: ReleaseEnvironment = {
    open: async () => {
      if (options.openError) throw options.openError;
      return { stack: h.stack, health: h.health, backups: h.backups };
    },
    openOffline: options.offlineInMemory ? async () => ({ stack: h.stack, health: h.health, backups: h.backups }) : productionEnvironment().openOffline,
    clock: h.clock,
    stdout: (text) => void stdout.push(text),
    stderr: (text) => void stderr.push(text),
    onInterrupt: options.onInterrupt ?? (() => undefined),
    exit: () => undefined,
  };
  const code = await main(argv, env);
  return { code, stdout: stdout.join(""), stderr: stderr.join("") };
}

const releaseArgs = ["--stack", "staging", "--image", NEW];

describe("exit codes", () => {
  test("0: a release that finishes", async () => {
    const run = await release([...releaseArgs, "--strategy", "canary"]);
    expect(run.code).toBe(EXIT.done);
    expect(run.stdout).toMatch(/Done: .*app:1\.1\.0 is live on green at 100%/);
    expect(run.stdout).not.toContain("Offline plan");
  });

  test("1: a release that fails is rolled back in one update", async () => {
    const h = harness();
    h.health.alarm = () => (h.stack.updates.length > 1 ? "ALARM" : "OK");
    const run = await release(releaseArgs, h);
    expect(run.code).toBe(EXIT.rolledBack);
    expect(run.stdout).toContain("Rolled back: blue");
  });

  test("1: a release step stopped by a mandatory policy is rolled back, the violation named", async () => {
    const h = harness();
    h.stack.beforeUpdate = (_change, index) => {
      if (index === 1) throw new Error("mandatory policy violation: aws-alb-listener-http-redirect-only (platform-security) on edge-http (aws:lb/listener:Listener): plain HTTP");
    };
    const run = await release(releaseArgs, h);
    expect(run.code).toBe(EXIT.rolledBack);
    expect(run.stdout).toContain("Reason: the update failed: mandatory policy violation: aws-alb-listener-http-redirect-only (platform-security) on edge-http");
  });

  test("0: --offline says first that its plan assumes the stack is deployed as configured", async () => {
    const run = await release([...releaseArgs, "--dry-run", "--offline"], harness(), { offlineInMemory: true });
    expect(run.code).toBe(EXIT.done);
    expect(run.stdout.split("\n")[0]).toMatch(
      /Z Offline plan from Pulumi\.staging\.yaml under Pulumi's mock runtime \(no Pulumi CLI, backend or AWS credentials\): it assumes the stack is deployed exactly as configured, with no release in progress; run without --offline to plan from the stack's real outputs\.$/,
    );
  });

  test("2: bad arguments, with the usage", async () => {
    const run = await release(["--stack", "staging", "--image", NEW, "--offline"]);
    expect(run.code).toBe(EXIT.usage);
    expect(run.stderr).toMatch(/^--offline: only with --dry-run .*\n\nUsage:/);
  });

  test("3: a stack that cannot be opened is refused, not reported as a failure", async () => {
    // The CLI's messages end with a newline, which the refusal's line does not keep.
    const run = await release(releaseArgs, harness(), { openError: new Error("no stack named staging; create it with pulumi stack init staging\n") });
    expect(run.code).toBe(EXIT.refused);
    expect(run.stdout).toMatch(/Z Refused: no stack named staging; create it with pulumi stack init staging; nothing was changed\.\n$/);
    expect(run.stderr).toBe("");
  });

  test("3: a pre-release database snapshot that fails is refused, and nothing is updated", async () => {
    const h = harness(new InMemoryStack({ ...snapshot(), databaseIdentifier: "platform-prod" }));
    h.stack.traffic = trafficSchema.parse({ release: { databaseSnapshot: { enabled: true } } });
    h.backups.createError = new HealthReadError("snapshot platform-prod-pre-app-1-1-0 of DB instance platform-prod in eu-west-1: SnapshotQuotaExceeded: quota exceeded", false);
    const run = await release(releaseArgs, h);
    expect(run.code).toBe(EXIT.refused);
    expect(run.stdout).toContain("Refused: the pre-release snapshot platform-prod-pre-app-1-1-0 of database platform-prod failed: snapshot platform-prod-pre-app-1-1-0 of DB instance platform-prod in eu-west-1: SnapshotQuotaExceeded");
    expect(h.stack.updates).toEqual([]);
  });

  test("3: a read that fails before the first change (a target group missing in the region) is refused", async () => {
    const h = harness();
    h.health.loadBalancersOf = async () => {
      throw new HealthReadError("target group arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/staging-blue/0123456789abcdef in eu-west-1: TargetGroupNotFoundException: One or more target groups not found", false);
    };
    const run = await release(releaseArgs, h);
    expect(run.code).toBe(EXIT.refused);
    expect(run.stdout).toContain("Refused: cannot read blue's target group: target group arn:aws:elasticloadbalancing:eu-west-1:");
    expect(h.stack.updates).toEqual([]);
  });

  test("4: a rollback update that fails needs a person", async () => {
    const h = harness();
    h.health.alarm = () => (h.stack.updates.length > 1 ? "ALARM" : "OK");
    h.stack.beforeUpdate = (_change, index) => {
      if (index === 2) throw new Error("error: network unreachable");
    };
    const run = await release(releaseArgs, h);
    expect(run.code).toBe(EXIT.needsPerson);
    expect(run.stdout).toContain("FAILED: the release failed");
  });

  test("4: an error thrown after the first change is reported as a failure, not a refusal", async () => {
    const h = harness();
    h.clock.onSleep = () => {
      if (h.stack.updates.length > 0) throw new Error("EPIPE: stdout closed");
    };
    const run = await release(releaseArgs, h);
    expect(run.code).toBe(EXIT.needsPerson);
    expect(run.stderr).toMatch(/Z FAILED: EPIPE: stdout closed\n$/);
  });

  /** Runs the command, then presses Ctrl-C: the last thing it printed, when, and the exit codes it asked for. */
  async function pressCtrlC(argv: string[]): Promise<{ last: string | undefined; at: string; exits: number[] }> {
    let interrupt: (() => void) | undefined;
    const exits: number[] = [];
    const stdout: string[] = [];
    const h = harness();
    await main(argv, {
      ...productionEnvironment(),
      open: async () => ({ stack: h.stack, health: h.health, backups: h.backups }),
      clock: h.clock,
      stdout: (text) => void stdout.push(text),
      onInterrupt: (handler) => (interrupt = handler),
      exit: (code) => void exits.push(code),
    });
    interrupt!();
    return { last: stdout.at(-1), at: h.clock.now().toISOString(), exits };
  }

  test("130: Ctrl-C says where the stack stands and exits as shells report a SIGINT", async () => {
    const { last, exits } = await pressCtrlC(releaseArgs);
    expect(exits).toEqual([EXIT.interrupted]);
    expect(last).toMatch(/Interrupted: stack staging stays where the last finished update left it; run the same command to resume, or roll back with --rollback\.\n$/);
  });

  test("0: --help prints the usage alone", async () => {
    expect(await release(["--help"])).toEqual({ code: EXIT.done, stdout: `${USAGE}\n`, stderr: "" });
  });

  test("130: Ctrl-C during a rollback says to run it again", async () => {
    const { last, at } = await pressCtrlC(["--stack", "staging", "--rollback", "--dry-run"]);
    expect(last).toBe(`\n${at} Interrupted: stack staging stays where the last finished update left it; run it again.\n`);
  });

  test("README.md's exit-code table for releases lists exactly these codes", () => {
    const readme = fs.readFileSync(path.join(PROJECT_ROOT, "README.md"), "utf8");
    const section = readme.slice(readme.indexOf("\n## Releases"), readme.indexOf("\n## ", readme.indexOf("\n## Releases") + 1));
    const codes = [...section.matchAll(/^\| `(\d+)` \|/gm)].map((m) => Number(m[1]));
    expect(codes).toEqual([...new Set(Object.values(EXIT))].sort((a, b) => a - b));
  });
});

describe("pulumi up's output during a release", () => {
  test("is printed a whole line at a time, indented, without the carriage returns of CRLF", () => {
    const lines: string[] = [];
    const write = indentedLines((line) => lines.push(line));
    write("Updating (sta");
    expect(lines).toEqual([]);
    write("ging):\r\n    + aws:ecs:Service app-green creating\n\n");
    write("Resources:");
    expect(lines).toEqual(["Updating (staging):", "    + aws:ecs:Service app-green creating", ""]);
    write("\n");
    expect(lines.at(-1)).toBe("Resources:");
    // Only the carriage return of a CRLF line ending goes; one inside a line is the CLI's own.
    write("50%\r75%\r\n");
    expect(lines.at(-1)).toBe("50%\r75%");
  });

  test("each line of an update's output reaches stdout after the bar that marks it as the CLI's", async () => {
    const h = harness();
    h.stack.beforeUpdate = (_change, _index, onOutput) => onOutput?.("    ~ aws:lb:Listener https updating\n");
    const run = await release(releaseArgs, h);
    expect(run.stdout).toContain("\n    |     ~ aws:lb:Listener https updating\n");
  });
});
