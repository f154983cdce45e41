/**
 * `npm run release -- --stack <stack> --image <image> [--strategy ...] [--bake <duration>] [--dry-run] [--rollback]`
 *
 * Progressive delivery between the blue and green target groups; see
 * README.md, "Releases". Needs the Pulumi CLI, a logged-in backend and AWS
 * credentials for the stack's account.
 */
import { parseReleaseArgs, USAGE, UsageError } from "./release/args";
import { AwsHealthSignal } from "./release/aws-health";
import { EXIT_CODES, ReleaseController } from "./release/controller";
import { PulumiStackOperations } from "./release/pulumi-stack";
import { systemClock } from "./release/types";

/** Exit code after Ctrl-C, as shells report a SIGINT. */
const INTERRUPTED = 130;

async function main(argv: readonly string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseReleaseArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${error.message}\n\n${USAGE}\n`);
    return 2;
  }
  if (parsed.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const { stack: stackName, request } = parsed;
  process.once("SIGINT", () => {
    const resume = request.kind === "release" ? `run the same command to resume, or roll back with --rollback` : "run it again";
    process.stdout.write(`\n${new Date().toISOString()} Interrupted: stack ${stackName} stays where the last finished update left it; ${resume}.\n`);
    process.exit(INTERRUPTED);
  });

  const stack = await PulumiStackOperations.select(stackName);
  const controller = new ReleaseController({
    stack,
    health: AwsHealthSignal.forRegion(await stack.region()),
    clock: systemClock,
    print: (line) => process.stdout.write(`${line}\n`),
    updateOutput: indentedLines((line) => process.stdout.write(`    | ${line}\n`)),
  });
  const outcome = await controller.run(request);
  return EXIT_CODES[outcome.status];
}

/** `pulumi up` output arrives in chunks that can split lines; this hands on whole lines. */
function indentedLines(write: (line: string) => void): (chunk: string) => void {
  let pending = "";
  return (chunk) => {
    const lines = (pending + chunk).split("\n");
    pending = lines.pop() ?? "";
    for (const line of lines) write(line.replace(/\r$/, ""));
  };
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${new Date().toISOString()} FAILED: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = EXIT_CODES.failed;
  },
);
