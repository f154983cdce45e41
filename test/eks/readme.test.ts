import * as fs from "fs";
import * as path from "path";
import { argFields, COMPONENT_READMES, renderComponentReadme } from "../../scripts/component-docs";
import { eksComputeSchema } from "../../stacks/config/compute-eks";
import { PROJECT_ROOT } from "../harness";

const README = "components/eks/README.md";

describe(README, () => {
  test("its argument tables are what the generator renders from the args interfaces (run `npm run docs` when this fails)", () => {
    expect(fs.readFileSync(path.join(PROJECT_ROOT, README), "utf8")).toBe(renderComponentReadme(README));
  });

  test.each(COMPONENT_READMES[README].map((s) => [s.interfaceName, s] as const))("every %s field is described, and every optional one names its default", (_, source) => {
    const fields = argFields(source);
    expect(fields.length).toBeGreaterThan(3);
    expect(fields.filter((f) => f.description === "").map((f) => f.name)).toEqual([]);
    expect(fields.filter((f) => f.optional && f.defaultText === undefined).map((f) => f.name)).toEqual([]);
  });

  test("it names the capacity mode the config defaults to, and why", () => {
    const readme = fs.readFileSync(path.join(PROJECT_ROOT, README), "utf8");
    const mode = eksComputeSchema.parse({}).capacity.mode;
    expect(readme).toContain(`| \`${mode}\` (default) |`);
    expect(readme).toMatch(new RegExp(`${mode === "karpenter" ? "Karpenter" : "Auto Mode"} is the default because`));
  });
});
