/**
 * Stack frames of code run from a bundle (`scripts/bundled/run.js`) shown at
 * their TypeScript source positions, so a failure still names the component
 * or stack file and line. Read from the bundle's linked source map, and only
 * on a failure path: the preview's runs themselves never map a frame.
 */
import { existsSync, readFileSync } from "fs";
import { SourceMap } from "module";
import { dirname, join, relative, resolve, sep } from "path";

/** Where scripts/bundled/run.js writes its bundles. */
export const BUNDLE_DIR = join(__dirname, "..", "..", "node_modules", ".cache", "platform-scripts");

/** `/path/file.js:12:34` in a V8 stack frame. */
const LOCATION = /([^()\s]+\.js):(\d+):(\d+)/g;

/** `stack` with every location inside a bundle replaced by its source file, line and column; other frames as they were. */
export function sourceFrames(stack: string, bundleDir: string = BUNDLE_DIR): string {
  const maps = new Map<string, SourceMap | undefined>();
  return stack.replace(LOCATION, (location: string, file: string, line: string, column: string) => {
    if (relative(bundleDir, file).startsWith("..")) return location;
    if (!maps.has(file)) maps.set(file, existsSync(`${file}.map`) ? new SourceMap(JSON.parse(readFileSync(`${file}.map`, "utf8"))) : undefined);
    const entry = maps.get(file)?.findEntry(Number(line) - 1, Number(column) - 1) as { originalSource?: string; originalLine?: number; originalColumn?: number } | undefined;
    if (!entry?.originalSource || entry.originalLine === undefined || entry.originalColumn === undefined) return location;
    return `${resolve(dirname(file), entry.originalSource.split("/").join(sep))}:${entry.originalLine + 1}:${entry.originalColumn + 1}`;
  });
}
