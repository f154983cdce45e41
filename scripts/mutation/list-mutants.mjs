/**
 * Lists the mutants Stryker's own instrumenter makes of some files, before the
 * TypeScript checker drops those that do not compile: the shard plan
 * (scripts/mutation/plan.ts) sizes shards by them.
 *
 *   node scripts/mutation/list-mutants.mjs <instrumenter entry> <root> < paths.json
 *
 * Prints `{ mutators, mutants }`: the name of every mutator the instrumenter
 * has, and `{ path, mutator, first, last }` per mutant, lines 1-based as in
 * Stryker's reports and `--mutate` ranges. The instrumenter is
 * an ES module (a dependency of @stryker-mutator/core, resolved by the caller
 * from there), so it runs in a process of its own rather than inside jest's
 * CommonJS registry.
 */
import { readFileSync } from "fs";
import { dirname, join } from "path";
import { pathToFileURL } from "url";

const [entry, root] = process.argv.slice(2);
const { Instrumenter } = await import(pathToFileURL(entry).href);
// Not exported from the package's entry: the module beside it that the instrumenter takes its mutators from.
const { allMutators } = await import(pathToFileURL(join(dirname(entry), "mutators", "mutate.js")).href);
const quiet = () => false;
const logger = { trace() {}, debug() {}, info() {}, warn() {}, error() {}, fatal() {}, isTraceEnabled: quiet, isDebugEnabled: quiet, isInfoEnabled: quiet, isWarnEnabled: quiet, isErrorEnabled: quiet, isFatalEnabled: quiet };
const instrumenter = new Instrumenter(logger);
// Stryker's defaults: every mutator, no ignorers (stryker.config.json sets neither).
const options = { plugins: null, excludedMutations: [], ignorers: [], noHeader: true };
const mutants = [];
for (const path of JSON.parse(readFileSync(0, "utf8"))) {
  const { mutants: found } = await instrumenter.instrument([{ name: join(root, path), mutate: true, content: readFileSync(join(root, path), "utf8") }], options);
  // The instrumenter's lines are 0-based.
  for (const m of found) mutants.push({ path, mutator: m.mutatorName, first: m.location.start.line + 1, last: m.location.end.line + 1 });
}
process.stdout.write(JSON.stringify({ mutators: allMutators.map((m) => m.name), mutants }));
