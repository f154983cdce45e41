import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { GENERATED_DOCS } from "../../scripts/docs";
import { SECTIONS } from "../../stacks/config";
import { PROJECT_ROOT, readStackConfig, secretPlaceholder, toRawConfig } from "../harness";

describe("stack files and project file", () => {
  test("bare keys belong to the project namespace and structured values are passed as JSON", () => {
    const raw = toRawConfig({ network: { cidr: "10.0.0.0/16" }, "aws:region": "eu-west-1" });
    expect(raw.values).toEqual({ "platform:network": '{"cidr":"10.0.0.0/16"}', "aws:region": "eu-west-1" });
    expect(raw.secretKeys).toEqual([]);
  });

  test("a secure value anywhere inside a key marks the whole key secret and is never passed as ciphertext", () => {
    const raw = toRawConfig({ "platform:monitoring": { hooks: [{ url: { secure: "v1:abc" } }] } });
    expect(raw.secretKeys).toEqual(["platform:monitoring"]);
    expect(raw.values["platform:monitoring"]).toContain(secretPlaceholder("platform:monitoring.hooks[0].url"));
    expect(raw.values["platform:monitoring"]).not.toContain("v1:abc");
  });

  test.each(["dev", "staging", "prod"])("Pulumi.%s.yaml sets its environment and a region", (stack) => {
    const raw = readStackConfig(stack);
    expect(raw.values["platform:environment"]).toBe(stack);
    expect(raw.values["aws:region"]).toMatch(/^[a-z]{2}-[a-z]+-\d$/);
  });

  test("Pulumi.yaml declares only types the project schema allows and documents every section", () => {
    const text = fs.readFileSync(path.join(PROJECT_ROOT, "Pulumi.yaml"), "utf8");
    const project = parse(text) as { name: string; main: string; runtime: { name: string }; config: Record<string, { type: string; description: string }> };
    expect(project).toMatchObject({ name: "platform", main: "stacks/", runtime: { name: "nodejs" } });
    for (const declaration of Object.values(project.config)) {
      expect(["string", "integer", "boolean", "array"]).toContain(declaration.type);
      expect(declaration.description.length).toBeGreaterThan(10);
    }
    for (const section of Object.keys(SECTIONS)) {
      const declared = section in project.config || new RegExp(`^#\\s+platform:${section}\\s+object\\s+\\S`, "m").test(text);
      expect({ section, declared }).toEqual({ section, declared: true });
    }
  });

  test("docs/configuration.md is current (run `npm run docs` to regenerate)", async () => {
    const file = "docs/configuration.md";
    expect(fs.readFileSync(path.join(PROJECT_ROOT, file), "utf8")).toBe(await GENERATED_DOCS[file]());
  });
});
