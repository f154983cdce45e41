import { spawnSync } from "child_process";
import * as esbuild from "esbuild";
import * as fs from "fs";
import * as path from "path";
import { BUNDLE_DIR, sourceFrames } from "../../scripts/bundled/frames";
import { describeFailure } from "../../scripts/preview/errors";
import { PROJECT_ROOT } from "../harness";
import { writePackageWorkspace } from "../harness/package-workspace";
import { temporaryDirectory } from "../harness/temporary-directory";

// `npm run preview` runs scripts/preview.ts from an esbuild bundle (scripts/bundled/run.js), not through tsx.

const LAUNCHER = path.join(PROJECT_ROOT, "scripts", "bundled", "run.js");
const CACHE = path.join(PROJECT_ROOT, "node_modules", ".cache", "platform-scripts");

let dir: string;
beforeEach(() => {
  dir = temporaryDirectory("bundled");
});

function launch(script: string, ...args: string[]) {
  const result = spawnSync(process.execPath, [LAUNCHER, script, ...args], { cwd: PROJECT_ROOT, encoding: "utf8", timeout: 60_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The cache files the launcher keeps for `script` (named after its path from the project root). */
function cacheFiles(script: string) {
  const name = path.relative(PROJECT_ROOT, script).replace(/\.ts$/, "").replace(/[\\/]/g, "--");
  return { bundle: path.join(CACHE, `${name}.js`), manifest: path.join(CACHE, `${name}.inputs.json`) };
}

test("a script runs from its bundle with its own arguments and each source file's own __dirname, and is rebuilt when a source changes", () => {
  const script = path.join(dir, "main.ts");
  const library = path.join(dir, "lib", "value.ts");
  fs.mkdirSync(path.dirname(library));
  fs.writeFileSync(library, `export const where: string = __dirname;\nexport const value = "first";\n`);
  fs.writeFileSync(script, `import { value, where } from "./lib/value";\nconsole.log(JSON.stringify({ args: process.argv.slice(2), value, where }));\n`);
  const { bundle, manifest } = cacheFiles(script);
  try {
    const first = launch(script, "--stack", "dev");
    expect(first.stderr).toBe("");
    expect(JSON.parse(first.stdout)).toEqual({ args: ["--stack", "dev"], value: "first", where: path.dirname(library) });
    expect(JSON.parse(fs.readFileSync(manifest, "utf8")).inputs).toEqual(expect.arrayContaining([path.relative(PROJECT_ROOT, library), "scripts/bundled/run.js"]));

    // An unchanged source reuses the bundle as it is.
    const built = fs.statSync(bundle).mtimeMs;
    expect(JSON.parse(launch(script).stdout).value).toBe("first");
    expect(fs.statSync(bundle).mtimeMs).toBe(built);

    // A changed source (newer than the bundle) is bundled again.
    fs.writeFileSync(library, `export const where: string = __dirname;\nexport const value = "second";\n`);
    const later = new Date(Date.now() + 5_000);
    fs.utimesSync(library, later, later);
    expect(JSON.parse(launch(script).stdout).value).toBe("second");
  } finally {
    for (const file of [bundle, `${bundle}.map`, manifest]) fs.rmSync(file, { force: true });
  }
});

test("a script that does not parse is refused with the file and line, and leaves no bundle behind", () => {
  const script = path.join(dir, "broken.ts");
  fs.writeFileSync(script, "export const replicas: number = ;\n");
  const result = launch(script);
  expect(result.status).toBe(70);
  expect(result.stderr).toContain(`error: could not bundle ${script}:`);
  expect(result.stderr).toMatch(/broken\.ts:1:\d+: ERROR: Unexpected ";"/);
  expect(fs.existsSync(cacheFiles(script).bundle)).toBe(false);
});

test("an error the script throws while it loads is reported as the script's own, whether or not its bundle had to be built", () => {
  const script = path.join(dir, "throws.ts");
  fs.writeFileSync(script, 'throw new Error("the stack file is missing");\n');
  try {
    for (const run of ["building", "built"]) {
      const result = launch(script);
      expect({ run, status: result.status }).toEqual({ run, status: 1 });
      expect(result.stderr).toContain("Error: the stack file is missing");
      expect(result.stderr).not.toContain("could not bundle");
    }
  } finally {
    for (const file of Object.values(cacheFiles(script))) fs.rmSync(file, { force: true });
    fs.rmSync(`${cacheFiles(script).bundle}.map`, { force: true });
  }
});

test("the launcher refuses anything but a TypeScript script, with its usage", () => {
  const result = launch("scripts/preview.js");
  expect(result.status).toBe(64);
  expect(result.stderr).toMatch(/^usage: node scripts\/bundled\/run\.js <script\.ts>/);
});

test("stack frames inside a bundle are shown at their TypeScript source line, and the preview's failure report names the component file", async () => {
  const source = path.join(dir, "components", "widget.ts");
  fs.mkdirSync(path.dirname(source));
  fs.writeFileSync(source, ["export function build(): never {", "  // line 2", '  throw new Error("widget broke");', "}", ""].join("\n"));
  const entry = path.join(dir, "entry.ts");
  fs.writeFileSync(entry, `export { build } from "./components/widget";\n`);
  // Where the launcher keeps its bundles (the only folder whose frames are mapped).
  const bundle = path.join(BUNDLE_DIR, `frames-test-${process.pid}.js`);
  try {
    await esbuild.build({ entryPoints: [entry], outfile: bundle, bundle: true, platform: "node", format: "cjs", sourcemap: "linked", sourcesContent: false, logLevel: "error" });
    // The frame V8 gives the throw in the bundle (jest maps stacks itself, so it is read off the bundle rather than caught here).
    const lines = fs.readFileSync(bundle, "utf8").split("\n");
    const line = lines.findIndex((l) => l.includes('new Error("widget broke")'));
    const error = new Error("widget broke");
    error.stack = `Error: widget broke\n    at build (${bundle}:${line + 1}:${lines[line].indexOf("new Error") + 1})\n    at run (node:internal/main:1:1)`;
    const mapped = sourceFrames(error.stack!);
    expect(mapped).toMatch(new RegExp(`${escape(source)}:3:\\d+`));
    expect(mapped).not.toContain(`${bundle}:`);
    // Frames outside the bundle folder are left as they were.
    expect(sourceFrames(error.stack!, path.join(dir, "elsewhere"))).toBe(error.stack);

    // Without the mapping the first frame in components/ would be none (the bundle is under node_modules).
    const report = describeFailure(error, "dev");
    expect(report.lines).toEqual(["error: the program failed: widget broke", expect.stringMatching(new RegExp(`^  at ${escape(source)}:3:\\d+$`))]);
  } finally {
    for (const file of [bundle, `${bundle}.map`]) fs.rmSync(file, { force: true });
  }
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

test("the SDK's closure-serialization imports (TypeScript, @npmcli/arborist) load on first use, and work when used", () => {
  // scripts/bundled/deferred.js: the SDK requires both as it loads; the preview never uses them.
  const script = path.join(dir, "closures.ts");
  const workspace = path.join(dir, "workspace");
  const codePath = writePackageWorkspace(workspace);
  fs.writeFileSync(
    script,
    `import * as pulumi from "@pulumi/pulumi";
import { types } from "util";
const arboristModules = () => Object.keys(require.cache).filter((file) => file.includes("/node_modules/@npmcli/arborist/")).length;
const typescriptStandIn = () => Object.entries(require.cache).some(([file, entry]) => file.endsWith("/node_modules/typescript/lib/typescript.js") && types.isProxy(entry!.exports));
(async () => {
  const atLoad = { arboristModules: arboristModules(), typescriptStandIn: typescriptStandIn() };
  const answer = 42;
  const serialized = await pulumi.runtime.serializeFunction(() => answer + 1);
  process.chdir(${JSON.stringify(workspace)});
  const codePaths = [...(await pulumi.runtime.computeCodePaths()).keys()];
  console.log(JSON.stringify({ atLoad, captured: serialized.text.includes("with({ answer: 42"), codePaths, afterUse: { arboristModules: arboristModules() } }));
})();
`,
  );
  const { bundle, manifest } = cacheFiles(script);
  try {
    const result = launch(script);
    expect(result.stderr).toBe("");
    const report = JSON.parse(result.stdout);
    // At load, the stand-ins: TypeScript's is in the module cache, and arborist is one module (its own stand-in's entry).
    expect(report.atLoad).toEqual({ arboristModules: 1, typescriptStandIn: true });
    // In use, the packages: a closure's captured variable is found by TypeScript's parser, code paths by arborist's tree.
    expect(report).toMatchObject({ captured: true, codePaths: [codePath] });
    expect(report.afterUse.arboristModules).toBeGreaterThan(10);
  } finally {
    for (const file of [bundle, `${bundle}.map`, manifest]) fs.rmSync(file, { force: true });
  }
});
