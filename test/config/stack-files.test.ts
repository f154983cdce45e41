import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { GENERATED_DOCS } from "../../scripts/docs";
import { SECTIONS, STRING_SECTIONS } from "../../stacks/config";
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

  test.each([
    ["dev", "dev"],
    ["staging", "staging"],
    ["prod", "prod"],
    ["prod-dr", "prod"],
  ])("Pulumi.%s.yaml sets its environment (%s) and a region", (stack, environment) => {
    const raw = readStackConfig(stack);
    expect(raw.values["platform:environment"]).toBe(environment);
    expect(raw.values["aws:region"]).toMatch(/^[a-z]{2}-[a-z]+-\d$/);
  });

  // Pulumi's project schema (pulumi/pulumi sdk/go/common/workspace/project.json): a declaration has only
  // type, items, description, secret, default and value; type is string, integer, boolean, array (with items)
  // or, since CLI 3.186 (pulumi/pulumi#20129), object. A declaration without a default or value makes the key
  // required in every stack (pkg/workspace/config.go, missingConfigurationKeys).
  test("Pulumi.yaml declares every platform: section with the type, description and optionality the program gives it", () => {
    const project = parse(fs.readFileSync(path.join(PROJECT_ROOT, "Pulumi.yaml"), "utf8")) as { name: string; main: string; runtime: { name: string }; config: Record<string, Record<string, unknown>> };
    expect(project).toMatchObject({ name: "platform", main: "stacks/", runtime: { name: "nodejs" } });
    const allowedKeys = ["type", "items", "description", "secret", "default", "value"];
    for (const [key, declaration] of Object.entries(project.config)) {
      expect({ key, unknownFields: Object.keys(declaration).filter((field) => !allowedKeys.includes(field)) }).toEqual({ key, unknownFields: [] });
      expect(["string", "integer", "boolean", "array", "object"]).toContain(declaration.type);
      if (declaration.type === "array") expect(declaration.items).toBeDefined();
    }
    const expected = Object.fromEntries(
      Object.entries(SECTIONS).map(([section, schema]) => {
        const type = STRING_SECTIONS.has(section) ? "string" : "object";
        const optional = schema.safeParse(undefined).success;
        return [section, { type, description: schema.description, ...(optional ? { default: {} } : {}) }];
      }),
    );
    expect(project.config).toEqual(expected);
  });

  test.each(["dev", "staging", "prod", "prod-dr"])("Pulumi.%s.yaml gives each declared key a value of its declared type", (stack) => {
    const project = parse(fs.readFileSync(path.join(PROJECT_ROOT, "Pulumi.yaml"), "utf8")) as { config: Record<string, { type: string }> };
    const stackFile = parse(fs.readFileSync(path.join(PROJECT_ROOT, `Pulumi.${stack}.yaml`), "utf8")) as { config: Record<string, unknown> };
    const isMap = (value: unknown) => !!value && typeof value === "object" && !Array.isArray(value);
    for (const [key, { type }] of Object.entries(project.config)) {
      const value = stackFile.config[`platform:${key}`];
      expect({ key, type, matches: type === "object" ? isMap(value) : typeof value === type }).toEqual({ key, type, matches: true });
    }
  });

  test("docs/configuration.md is current (run `npm run docs` to regenerate)", async () => {
    const file = "docs/configuration.md";
    expect(fs.readFileSync(path.join(PROJECT_ROOT, file), "utf8")).toBe(await GENERATED_DOCS[file]());
  });
});
