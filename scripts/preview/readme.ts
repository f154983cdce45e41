/**
 * The README's architecture diagrams, one per stack, between
 * `<!-- diagram:<stack>:start -->` and `<!-- diagram:<stack>:end -->`.
 */
import * as fs from "fs";
import * as path from "path";
import { PROJECT_ROOT } from "../../test/harness/stack-config";

export const README_PATH = path.join(PROJECT_ROOT, "README.md");

export function markers(stack: string): { start: string; end: string } {
  return { start: `<!-- diagram:${stack}:start -->`, end: `<!-- diagram:${stack}:end -->` };
}

/** What goes between a stack's markers: a fenced Mermaid block. */
export function diagramBlock(diagram: string): string {
  return ["```mermaid", diagram, "```"].join("\n");
}

/** The diagram currently between a stack's markers, or undefined when the markers are missing. */
export function readDiagram(readme: string, stack: string): string | undefined {
  const { start, end } = markers(stack);
  const from = readme.indexOf(start);
  const to = readme.indexOf(end);
  if (from < 0 || to < from) return undefined;
  return readme.slice(from + start.length, to).trim();
}

/** `readme` with the block between a stack's markers replaced; throws when the markers are missing. */
export function replaceDiagram(readme: string, stack: string, diagram: string): string {
  const { start, end } = markers(stack);
  const from = readme.indexOf(start);
  const to = readme.indexOf(end);
  if (from < 0 || to < from) throw new Error(`README.md has no ${start} … ${end} markers`);
  return `${readme.slice(0, from + start.length)}\n${diagramBlock(diagram)}\n${readme.slice(to)}`;
}

export function isCurrent(readme: string, stack: string, diagram: string): boolean {
  return readDiagram(readme, stack) === diagramBlock(diagram);
}

export function readReadme(file = README_PATH): string {
  return fs.readFileSync(file, "utf8");
}
