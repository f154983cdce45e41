/**
 * `npm run failover -- --to <standby stack> [--dry-run [--offline]] [--force]`
 *
 * Fails a warm standby over (promote the replica, scale the app, point DNS at
 * it), timing each step; see README.md, "Disaster recovery", and
 * scripts/failover/cli.ts. Needs the Pulumi CLI, a logged-in backend and AWS
 * credentials, except for `--dry-run --offline`.
 */
import { runAsProcess } from "./release/cli";
import { main } from "./failover/cli";

runAsProcess(main);
