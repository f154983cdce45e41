import { readFileSync } from "fs";
import { POLICY_DOCS_PATH, renderPolicyTable } from "../../scripts/policy-docs";
import { allPolicies } from "../harness/policy-runner";

describe("docs/policies.md", () => {
  it("is what the generator renders from the policy objects (run `npm run docs` when this fails)", () => {
    expect(readFileSync(POLICY_DOCS_PATH, "utf8")).toBe(renderPolicyTable());
  });

  it("lists every policy of both packs", () => {
    const table = renderPolicyTable();
    for (const p of allPolicies()) expect(table).toContain(`| \`${p.name}\` |`);
  });
});
