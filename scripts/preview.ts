/**
 * `npm run preview -- --stack <dev|staging|prod|prod-dr> [--json] [--diagram FILE] [--markdown FILE] [--policy-pack-config FILE]`
 *
 * The offline preview: see scripts/preview/cli.ts and `--help`.
 */
import { main } from "./preview/cli";

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`error: the preview itself failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 70;
  },
);
