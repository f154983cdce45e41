/**
 * Regenerates the docs that are derived from code: `npm run docs`.
 * Each generator is a pure render function with a test that compares its
 * output with the committed file.
 */
import * as fs from "fs";
import * as path from "path";
import { renderConfigReference } from "./config-docs";

const ROOT = path.resolve(__dirname, "..");

export const GENERATED_DOCS: Record<string, () => string> = {
  "docs/configuration.md": renderConfigReference,
};

if (require.main === module) {
  for (const [file, render] of Object.entries(GENERATED_DOCS)) {
    fs.mkdirSync(path.dirname(path.join(ROOT, file)), { recursive: true });
    fs.writeFileSync(path.join(ROOT, file), render());
    console.log(`wrote ${file}`);
  }
}
