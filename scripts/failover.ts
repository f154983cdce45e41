/**
 * `npm run failover -- --to <standby stack> [--dry-run [--offline]] [--force]`
 *
 * Fails a warm standby over (promote the replica, scale the app, point DNS at
 * it), timing each step; see README.md, "Disaster recovery", and
 * scripts/failover/cli.ts. Needs the Pulumi CLI, a logged-in backend and AWS
 * credentials, except for `--dry-run --offline`.
 */
import { main } from "./failover/cli";
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
