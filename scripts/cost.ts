/**
 * `npm run cost -- --stack <dev|staging|prod> [--json] [--usage FILE] [--platform ecs|eks]`
 * `npm run cost -- --compare <base-dir> <head-dir>`
 *
 * The monthly estimate of a stack: see scripts/cost/cli.ts and `--help`.
 */
import { main } from "./cost/cli";

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`error: the estimate itself failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 70;
  },
);
