import { existsSync, readdirSync, readFileSync } from "fs";
import { join } from "path";
import { parse } from "yaml";
import { GENERATED_HEADER, PACK_DIRS, expectedKit, kitFiles } from "../../policies/sync-kit";
import { nonEmpty } from "../harness/assertions";

/** Every .ts file under a folder, recursively, except node_modules. */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "node_modules" ? [] : sources(path);
    return entry.name.endsWith(".ts") ? [path] : [];
  });
}

describe.each(PACK_DIRS.map((dir) => [dir.split("/").pop()!, dir]))("the %s pack folder", (_pack, dir) => {
  it("holds an up-to-date copy of the shared kit (run `npx tsx policies/sync-kit.ts` when this fails)", () => {
    const expected = expectedKit();
    const actual = kitFiles(join(dir, "kit"));
    expect(actual).toEqual([...expected.keys()]);
    for (const [file, content] of expected) expect(readFileSync(join(dir, "kit", file), "utf8")).toBe(content);
  });

  it("marks every kit copy as generated, naming the original folder and the sync script, both of which exist", () => {
    const named = [...GENERATED_HEADER.matchAll(/\bpolicies\/[\w./-]+/g)].map((m) => m[0].replace(/[.;,]$/, ""));
    expect(named).toEqual(expect.arrayContaining(["policies/kit/", "policies/sync-kit.ts"]));
    for (const path of named) expect({ path, exists: existsSync(join(__dirname, "..", "..", path)) }).toEqual({ path, exists: true });
    for (const file of nonEmpty(kitFiles(join(dir, "kit")), "kit file")) {
      const copy = readFileSync(join(dir, "kit", file), "utf8");
      expect(copy.startsWith(GENERATED_HEADER) && copy.slice(GENERATED_HEADER.length) === readFileSync(join(__dirname, "..", "..", "policies", "kit", file), "utf8")).toBe(true);
    }
  });

  it("lists every kit file in package.json `files`, subfolders included, so `npm pack` uploads the estimator too", () => {
    const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
    const patterns = (pkg.files as string[]).map((p) => new RegExp(`^${p.replace(/[.]/g, "\\.").replace(/\*/g, "[^/]*")}$`));
    const unpacked = kitFiles(join(dir, "kit")).map((f) => `kit/${f}`).filter((f) => !patterns.some((p) => p.test(f)));
    expect(unpacked).toEqual([]);
  });

  it("imports nothing from outside itself, so `npm pack` (what `pulumi policy publish` uploads) carries everything it runs", () => {
    for (const file of nonEmpty(sources(dir), "pack source")) {
      const text = readFileSync(file, "utf8");
      const specifiers = [...text.matchAll(/from "([^"]+)"|require\("([^"]+)"\)/g)].map((m) => m[1] ?? m[2]);
      for (const specifier of specifiers) {
        const resolved = specifier.startsWith(".") ? join(file, "..", specifier) : undefined;
        if (resolved) expect({ file, specifier, inside: resolved.startsWith(dir + "/") }).toEqual({ file, specifier, inside: true });
        else expect(["@pulumi/policy", "@pulumi/policy/schema", "@pulumi/pulumi", "fs", "path"]).toContain(specifier);
      }
    }
  });

  it("exports every rule module from rules/index.ts", () => {
    const index = readFileSync(join(dir, "rules", "index.ts"), "utf8");
    const modules = readdirSync(join(dir, "rules")).filter((f) => f.endsWith(".ts") && f !== "index.ts").map((f) => f.replace(/\.ts$/, ""));
    for (const m of nonEmpty(modules, "rule module")) expect(index).toContain(`from "./${m}";`);
  });

  it("has an index.ts that only constructs the PolicyPack", () => {
    const index = readFileSync(join(dir, "index.ts"), "utf8").replace(/^\/\/.*$/gm, "");
    expect(index.match(/new PolicyPack\(/g)).toHaveLength(1);
    expect([...index.matchAll(/from "([^"]+)"/g)].map((m) => m[1])).toEqual(["@pulumi/policy", "./policies"]);
  });

  it("is a Node.js policy project with a versioned package that depends on the policy SDK", () => {
    const project = parse(readFileSync(join(dir, "PulumiPolicy.yaml"), "utf8"));
    expect(project.runtime).toBe("nodejs");
    const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
    expect(pkg.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(Object.keys(pkg.dependencies)).toEqual(expect.arrayContaining(["@pulumi/policy", "@pulumi/pulumi"]));
    for (const pattern of pkg.files as string[]) {
      const base = pattern.replace(/\/\*\.\w+$/, "");
      expect({ pattern, exists: existsSync(join(dir, base)) || base === "README.md" }).toEqual({ pattern, exists: true });
    }
  });

  it("ships pack config only for policies the pack has", () => {
    const configDir = join(dir, "config");
    if (!existsSync(configDir)) return;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { securityPolicies } = require("../../policies/security/policies");
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { compliancePolicies } = require("../../policies/compliance/policies");
    const names = new Set([...securityPolicies, ...compliancePolicies].filter((p: { pack: string }) => dir.endsWith(p.pack)).map((p: { name: string }) => p.name));
    for (const file of readdirSync(configDir)) {
      const config = JSON.parse(readFileSync(join(configDir, file), "utf8"));
      for (const key of Object.keys(config)) expect({ file, key, known: key === "all" || names.has(key) }).toEqual({ file, key, known: true });
    }
  });
});
