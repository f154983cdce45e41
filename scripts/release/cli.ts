/**
 * The `npm run release` command: its arguments, opening the stack (through the
 * Automation API, or from its configuration with `--offline`), the AWS
 * clients for the stack's region, and the exit code. What it talks to comes
 * from a {@link ReleaseEnvironment}, so tests run the command end to end.
 */
import { parseReleaseArgs, USAGE, UsageError } from "./args";
import { EXIT_CODES, ReleaseController } from "./controller";
import { Clock, DatabaseBackups, HealthSignal, messageOf, StackOperations, systemClock } from "./types";

/** Every exit code of the command; README.md, "Releases", has the same table. */
export const EXIT = {
  /** Done as asked: released, rolled back on request, nothing to do, or a dry run. */
  done: 0,
  /** The release failed and one update put traffic back where it was. */
  rolledBack: EXIT_CODES["rolled-back"],
  usage: 2,
  /** Refused to start; nothing was changed. */
  refused: EXIT_CODES.refused,
  /** Needs a person: the rollback update failed, or someone else changed the stack mid-release. */
  needsPerson: EXIT_CODES.failed,
  /** Ctrl-C, as shells report a SIGINT. */
  interrupted: 130,
} as const;

/** The stack to release, and the health signal and database backups of its region. */
export interface OpenedStack {
  readonly stack: StackOperations;
  readonly health: HealthSignal;
  readonly backups: DatabaseBackups;
}

/** What a command talks to besides the stack: time, the terminal, Ctrl-C. Tests pass their own. */
export interface CommandIo {
  readonly clock: Clock;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Registers what Ctrl-C does. */
  readonly onInterrupt: (handler: () => void) => void;
  readonly exit: (code: number) => void;
}

/** The real clock, the process's streams and SIGINT. */
export function processIo(): CommandIo {
  return {
    clock: systemClock,
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    onInterrupt: (handler) => void process.once("SIGINT", handler),
    exit: (code) => process.exit(code),
  };
}

export interface ReleaseEnvironment extends CommandIo {
  /** The deployed stack (Automation API) and AWS clients for its `aws:region`. */
  open(stackName: string): Promise<OpenedStack>;
  /** `--offline`: the stack as configured, which reads no AWS API. */
  openOffline(stackName: string): Promise<OpenedStack>;
}

/** @param workDir the Pulumi project, with its packs under `policies/` @default this repository */
export function productionEnvironment(workDir?: string): ReleaseEnvironment {
  return {
    async open(stackName) {
      // Loaded only here: the Automation API and the AWS SDK's clients take seconds to load, which
      // --help and a usage error do not need (test/release/entry-points.test.ts checks what the command loads).
      const [{ PulumiStackOperations }, { AwsHealthSignal }, { AwsDatabaseBackups }] = await Promise.all([import("./pulumi-stack"), import("./aws-health"), import("./aws-backups")]);
      const stack = await PulumiStackOperations.select(stackName, workDir);
      const region = await stack.region();
      return { stack, health: AwsHealthSignal.forRegion(region), backups: AwsDatabaseBackups.forRegion(region) };
    },
    async openOffline(stackName) {
      // Loaded only here: it brings the program and Pulumi's mock runtime with it.
      const { ConfiguredStack, NO_AWS, NO_BACKUPS } = await import("./offline-stack");
      return { stack: await ConfiguredStack.load(stackName), health: NO_AWS, backups: NO_BACKUPS };
    },
    ...processIo(),
  };
}

/**
 * Parses a command line. A usage error prints the problems and the usage
 * (exit 2), `--help` prints the usage (exit 0): both end the run, with the
 * exit code returned; otherwise the parsed arguments are.
 */
export function parseCommandLine<T extends { readonly help?: boolean }>(
  argv: readonly string[],
  parse: (argv: readonly string[]) => T,
  usage: string,
  io: Pick<CommandIo, "stdout" | "stderr">,
): Exclude<T, { readonly help: true }> | number {
  let parsed: T;
  try {
    parsed = parse(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`${error.message}\n\n${usage}\n`);
    return EXIT.usage;
  }
  if (parsed.help) {
    io.stdout(`${usage}\n`);
    return EXIT.done;
  }
  return parsed as Exclude<T, { readonly help: true }>;
}

/** Runs a command's `main` as this process: its exit code, or 4 with the error when it throws. */
export function runAsProcess(main: (argv: readonly string[]) => Promise<number>): void {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`${new Date().toISOString()} FAILED: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = EXIT.needsPerson;
    },
  );
}

/** Runs the command; resolves to its exit code. */
export async function main(argv: readonly string[], env: ReleaseEnvironment = productionEnvironment()): Promise<number> {
  const parsed = parseCommandLine(argv, parseReleaseArgs, USAGE, env);
  if (typeof parsed === "number") return parsed;
  const { stack: stackName, request, offline } = parsed;
  const print = (line: string) => env.stdout(`${env.clock.now().toISOString()} ${line}\n`);
  env.onInterrupt(() => {
    const resume = request.kind === "release" ? "run the same command to resume, or roll back with --rollback" : "run it again";
    env.stdout(`\n${env.clock.now().toISOString()} Interrupted: stack ${stackName} stays where the last finished update left it; ${resume}.\n`);
    env.exit(EXIT.interrupted);
  });

  let opened: OpenedStack;
  try {
    opened = offline ? await env.openOffline(stackName) : await env.open(stackName);
  } catch (error) {
    print(`Refused: ${(error instanceof Error ? error.message : String(error)).trim()}; nothing was changed.`);
    return EXIT.refused;
  }
  if (offline) {
    print(
      `Offline plan from Pulumi.${stackName}.yaml under Pulumi's mock runtime (no Pulumi CLI, backend or AWS credentials): ` +
        "it assumes the stack is deployed exactly as configured, with no release in progress; run without --offline to plan from the stack's real outputs.",
    );
  }
  const controller = new ReleaseController({
    ...opened,
    clock: env.clock,
    print: (line) => env.stdout(`${line}\n`),
    updateOutput: indentedLines((line) => env.stdout(`    | ${line}\n`)),
  });
  try {
    return EXIT_CODES[(await controller.run(request)).status];
  } catch (error) {
    env.stderr(`${env.clock.now().toISOString()} FAILED: ${messageOf(error)}\n`);
    return EXIT.needsPerson;
  }
}

/** `pulumi up` output arrives in chunks that can split lines; this hands on whole lines. */
export function indentedLines(write: (line: string) => void): (chunk: string) => void {
  let pending = "";
  return (chunk) => {
    const lines = (pending + chunk).split("\n");
    pending = lines.pop() ?? "";
    for (const line of lines) write(line.replace(/\r$/, ""));
  };
}
