/**
 * `npm run release -- --stack <stack> --image <image> [--strategy ...] [--bake <duration>] [--dry-run] [--rollback]`
 *
 * Progressive delivery between the blue and green target groups; see
 * README.md, "Releases". Needs the Pulumi CLI, a logged-in backend and AWS
 * credentials for the stack's account.
 */
import { AwsHealthSignal } from "./release/aws-health";
import { EXIT_CODES, ReleaseController } from "./release/controller";
import { parseReleaseArgs, USAGE, UsageError } from "./release/args";
import { PulumiStackOperations } from "./release/pulumi-stack";
import { systemClock } from "./release/types";

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
  const stack = await PulumiStackOperations.select(parsed.stack);
  const controller = new ReleaseController({
    stack,
    health: AwsHealthSignal.forRegion(await stack.region()),
    clock: systemClock,
    print: (line) => process.stdout.write(`${line}\n`),
    updateOutput: (out) => process.stdout.write(out.replace(/^(?=.)/gm, "    | ")),
  });
  const outcome = await controller.run(parsed.request);
  return EXIT_CODES[outcome.status];
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${new Date().toISOString()} FAILED: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 4;
  },
);
