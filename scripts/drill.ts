/**
 * `npm run drill -- --stack <stack> [--point-in-time <time>|latest | --snapshot <id>] [--dry-run [--offline]]`
 *
 * A restore drill: a temporary stack from the stack's configuration with its
 * database restored from the stack's backups, measured and destroyed; see
 * README.md, "Disaster recovery", and scripts/drill/cli.ts.
 */
import { runAsProcess } from "./release/cli";
import { main } from "./drill/cli";

runAsProcess(main);
