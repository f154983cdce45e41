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
import { join, relative, sep } from "path";
import * as ts from "typescript";
import { MUTATION_FOLDERS, ROOT } from "./score";

/** Where `runProgram` (test/harness/run.ts) enters the program. */
export const PROGRAM_ENTRY = "stacks/index.ts";

/** The compiler options of `root`'s tsconfig.json (its `paths` and module resolution), or TypeScript's defaults for CommonJS. */
function compilerOptions(root: string): ts.CompilerOptions {
  const file = join(root, "tsconfig.json");
  if (!existsSync(file)) return { module: ts.ModuleKind.CommonJS, moduleResolution: ts.ModuleResolutionKind.Node10 };
  const { config, error } = ts.readConfigFile(file, ts.sys.readFile);
  if (error) throw new Error(`${file}: ${ts.flattenDiagnosticMessageText(error.messageText, "\n")}`);
  return ts.parseJsonConfigFileContent(config, ts.sys, root).options;
}

/**
 * The program's own source files (paths from `root`, with / separators): the entry and every `.ts` file it
 * imports, transitively. Imports are read and resolved by TypeScript itself (`preProcessFile`: imports,
 * re-exports, `import()`, `require()`; `resolveModuleName` with the tsconfig's options), so a path alias or a
 * `.js` specifier is followed as the compiler follows it; packages and type-only imports of them are not ours.
 */
export function programFiles(root = ROOT, entry = PROGRAM_ENTRY): Set<string> {
  const options = compilerOptions(root);
  const found = new Set<string>();
  const pending = [join(root, entry)];
  for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
    const path = relative(root, file).split(sep).join("/");
    if (found.has(path)) continue;
    found.add(path);
    for (const { fileName } of ts.preProcessFile(readFileSync(file, "utf8"), true, true).importedFiles) {
      const resolved = ts.resolveModuleName(fileName, file, options, ts.sys).resolvedModule;
      if (resolved && !resolved.isExternalLibraryImport && resolved.extension === ts.Extension.Ts) pending.push(resolved.resolvedFileName);
    }
  }
  return found;
}

/** True when no file the folder mutates is one of the program's: its mutation runs may keep program runs from one mutant to the next. */
export function keepsProgramRuns(folder: string, root = ROOT): boolean {
  const program = [...programFiles(root)];
  return !MUTATION_FOLDERS[folder].some((dir) => program.some((file) => file.startsWith(`${dir}/`)));
}
