/**
 * Regenerates the docs that are derived from code: `npm run docs`.
 * Each generator is a render function with a test that compares its output
 * with the committed file; the ones that run the program are async.
 */
import * as fs from "fs";
import * as path from "path";
import { COMPONENT_READMES, renderComponentReadme } from "./component-docs";
import { renderConfigReference } from "./config-docs";
import { renderCostReport } from "./cost-docs";
import { renderDataProtection } from "./data-protection-docs";
import { renderPolicyTable } from "./policy-docs";

const ROOT = path.resolve(__dirname, "..");

export const GENERATED_DOCS: Record<string, () => string | Promise<string>> = {
  "docs/configuration.md": renderConfigReference,
  "docs/policies.md": renderPolicyTable,
  "docs/data-protection.md": renderDataProtection,
  ...Object.fromEntries(Object.keys(COMPONENT_READMES).map((readme) => [readme, () => renderComponentReadme(readme)])),
  "docs/costs.md": renderCostReport,
};

async function main(): Promise<void> {
  for (const [file, render] of Object.entries(GENERATED_DOCS)) {
    fs.mkdirSync(path.dirname(path.join(ROOT, file)), { recursive: true });
    fs.writeFileSync(path.join(ROOT, file), await render());
    console.log(`wrote ${file}`);
  }
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
