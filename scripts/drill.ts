/**
 * `npm run drill -- --stack <stack> [--point-in-time <time>|latest | --snapshot <id>] [--dry-run [--offline]]`
 *
 * A restore drill: a temporary stack from the stack's configuration with its
 * database restored from the stack's backups, measured and destroyed; see
 * README.md, "Disaster recovery", and scripts/drill/cli.ts.
 */
import { main } from "./drill/cli";
import { EXIT } from "./release/cli";

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${new Date().toISOString()} FAILED: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = EXIT.needsPerson;
  },
);
