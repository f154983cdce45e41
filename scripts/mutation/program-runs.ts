/**
 * Which folders' mutants can change what the program registers.
 *
 * A mutation run runs jest once for each mutant, and each of those runs the
 * shipped stacks' programs again (about 0.6 s each, 36 of them for the pack
 * rules' tests alone). When no file of the mutated folder is in the program's
 * imports, every one of those program runs is the same under every mutant,
 * so the run computes each once and keeps it for the next mutant
 * (`KEPT_RUNS_ENV` in test/harness/shared-runs.ts). A folder the program
 * imports (components, stacks/config) gets a fresh folder for every mutant,
 * as `npm test` does.
 */
import { existsSync, readFileSync } from "fs";
import { dirname, join, relative, sep } from "path";
import { MUTATION_FOLDERS, ROOT } from "./score";

/** Where `runProgram` (test/harness/run.ts) enters the program. */
export const PROGRAM_ENTRY = "stacks/index.ts";

// `from "./x"` (imports and re-exports), `import("./x")`, `require("./x")` and a bare `import "./x"`.
const RELATIVE_SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)["'](\.{1,2}\/[^"']*)["']/gm;

/** The program's own source files (paths from `root`, with / separators): the entry and every `.ts` file it imports, transitively. */
export function programFiles(root = ROOT, entry = PROGRAM_ENTRY): Set<string> {
  const found = new Set<string>();
  const pending = [join(root, entry)];
  for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
    const path = relative(root, file).split(sep).join("/");
    if (found.has(path)) continue;
    found.add(path);
    for (const [, specifier] of readFileSync(file, "utf8").matchAll(RELATIVE_SPECIFIER)) {
      const base = join(dirname(file), specifier);
      const resolved = [`${base}.ts`, join(base, "index.ts"), base].find((candidate) => candidate.endsWith(".ts") && existsSync(candidate));
      if (resolved) pending.push(resolved);
    }
  }
  return found;
}

/** True when no file the folder mutates is one of the program's: its mutation runs may keep program runs from one mutant to the next. */
export function keepsProgramRuns(folder: string, root = ROOT): boolean {
  const program = [...programFiles(root)];
  return !MUTATION_FOLDERS[folder].some((dir) => program.some((file) => file.startsWith(`${dir}/`)));
}
