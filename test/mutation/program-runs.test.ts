import { mkdirSync, writeFileSync } from "fs";
import { dirname, join } from "path";
import { strykerEnvironment } from "../../scripts/mutation";
import { keepsProgramRuns, PROGRAM_ENTRY, programFiles } from "../../scripts/mutation/program-runs";
import { restoreEnvironmentAfterEach } from "../harness/environment";
import { KEPT_RUNS_ENV } from "../harness/shared-runs";
import { temporaryDirectory } from "../harness/temporary-directory";

/** A fresh folder, and a function that writes a file into it (making its folders); `write.root` is the folder. */
function fixtureTree(name: string): ((path: string, text: string) => void) & { root: string } {
  const root = temporaryDirectory(name);
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  return Object.assign(write, { root });
}

// A mutation run keeps program runs from one mutant to the next only for folders the program does not import.
describe("the program's own files", () => {
  test("are the entry and every component and stack config file it imports, and no pack rule or script", () => {
    const files = [...programFiles()];
    expect(files).toContain(PROGRAM_ENTRY);
    expect(files).toEqual(expect.arrayContaining(["stacks/config/index.ts", "components/network/vpc.ts", "components/monitoring/slo.ts"]));
    expect(files.filter((file) => file.startsWith("components/")).length).toBeGreaterThan(50);
    expect(files.filter((file) => !/^(components|stacks)\//.test(file))).toEqual([]);
  });

  test("follow imports, re-exports, dynamic imports, requires and bare imports, resolving index files, and nothing else", () => {
    const write = fixtureTree("program-files");
    write(
      "stacks/index.ts",
      [
        'import { a } from "./a";',
        'export * from "../lib/b";',
        'const c = await import("../lib/c");',
        'import "./side-effect";',
        'const d = require("./d");',
        'import * as aws from "@pulumi/aws";',
        'import data from "./data.json";',
      ].join("\n"),
    );
    write("stacks/a.ts", 'export { shared } from "./d";\n');
    write("lib/b.ts", "export const b = 1;\n");
    write("lib/c/index.ts", 'import { a } from "../../stacks/a";\n');
    write("stacks/side-effect.ts", "");
    write("stacks/d.ts", "");
    write("stacks/data.json", "{}");
    write("lib/not-imported.ts", "");
    expect([...programFiles(write.root)].sort()).toEqual(["lib/b.ts", "lib/c/index.ts", "stacks/a.ts", "stacks/d.ts", "stacks/index.ts", "stacks/side-effect.ts"]);
  });

  test("follow a tsconfig path alias and a .js specifier to the .ts file the compiler reads", () => {
    const write = fixtureTree("program-files-aliases");
    write("tsconfig.json", JSON.stringify({ compilerOptions: { module: "commonjs", moduleResolution: "node", baseUrl: ".", paths: { "@rules/*": ["policies/rules/*"] } } }));
    write("stacks/index.ts", 'import { rule } from "@rules/kms";\nimport { helper } from "./helper.js";\n');
    write("policies/rules/kms.ts", "export const rule = 1;\n");
    write("stacks/helper.ts", "export const helper = 1;\n");
    expect([...programFiles(write.root)].sort()).toEqual(["policies/rules/kms.ts", "stacks/helper.ts", "stacks/index.ts"]);
  });
});

describe("a mutation run of a folder", () => {
  restoreEnvironmentAfterEach(KEPT_RUNS_ENV);
  test.each([
    ["policies", true],
    ["scripts/release", true],
    ["components", false],
    ["stacks/config", false],
  ])("%s keeps program runs from one mutant to the next: %s", (folder, kept) => {
    expect(keepsProgramRuns(folder)).toBe(kept);
    process.env[KEPT_RUNS_ENV] = "/left/over/from/the/shell";
    expect(strykerEnvironment(folder, "/tmp/scratch")[KEPT_RUNS_ENV]).toBe(kept ? "/tmp/scratch" : undefined);
  });
});
