/**
 * `npm run urns`: rewrites the URN snapshots under test/reliability/urns/.
 * Run it only after checking that no stateful resource lost its URN (the URN
 * test says which); commit the snapshot with the change that caused it.
 */
import { runProgram } from "../test/harness";
import { SNAPSHOT_CASES, urnsOf, writeSnapshot } from "../test/reliability/urns";

async function main(): Promise<void> {
  for (const { stack, platform, file } of SNAPSHOT_CASES) {
    const run = await runProgram({ stack, overrides: { "platform:compute": { platform } } });
    const urns = urnsOf(run);
    writeSnapshot(file, urns);
    console.log(`${stack}/${platform}: ${urns.length} URNs -> ${file}`);
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
