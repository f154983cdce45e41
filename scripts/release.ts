/**
 * `npm run release -- --stack <stack> --image <image> [--strategy ...] [--bake <duration>] [--dry-run [--offline]] [--rollback]`
 *
 * Progressive delivery between the blue and green target groups; see
 * README.md, "Releases", and scripts/release/cli.ts. Needs the Pulumi CLI, a
 * logged-in backend and AWS credentials for the stack's account, except for
 * `--dry-run --offline`, which plans from the stack's configuration alone.
 */
import { main, runAsProcess } from "./release/cli";

runAsProcess(main);
