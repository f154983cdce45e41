/**
 * `node scripts/bundled/run.js <script.ts> [args...]`: runs a TypeScript
 * script from one JavaScript bundle of its project sources instead of through
 * a TypeScript loader.
 *
 * Under `node --import tsx`, each of the ~150 project files the preview loads
 * is resolved and transformed through tsx's hooks, which cost the preview
 * about 1 s of its 4.2 s (npm run bench). esbuild bundles the project files
 * (and three small libraries; the SDKs load from node_modules exactly as
 * under tsx) in about 0.3 s, once; later runs reuse the bundle until a file
 * it was built from changes. The bundle lives in node_modules/.cache (which
 * `npm ci` clears) and has a linked source map, which
 * scripts/bundled/frames.ts uses to show stack frames at their TypeScript
 * source lines.
 *
 * Plain CommonJS on purpose: it must run before anything can load TypeScript.
 */
const fs = require("fs");
const path = require("path");

const ROOT = path.resolve(__dirname, "..", "..");
const CACHE = path.join(ROOT, "node_modules", ".cache", "platform-scripts");

/**
 * A bundle is current when it exists, was built in this checkout (it holds
 * absolute source paths) and none of the files it was built from changed or
 * was removed.
 */
function isCurrent(bundle, manifest) {
  let recorded;
  try {
    recorded = JSON.parse(fs.readFileSync(manifest, "utf8"));
  } catch {
    return false;
  }
  const built = fs.statSync(bundle, { throwIfNoEntry: false });
  const inputs = recorded.inputs;
  if (!built || recorded.root !== ROOT || !Array.isArray(inputs) || inputs.length === 0) return false;
  return inputs.every((file) => {
    const stat = fs.statSync(path.join(ROOT, file), { throwIfNoEntry: false });
    return stat !== undefined && stat.mtimeMs <= built.mtimeMs;
  });
}

/**
 * `__dirname` and `__filename` would name the bundle's folder; each source
 * file gets its own (the program reads files next to its sources, such as the
 * synthetic probe's script).
 */
const sourceLocations = {
  name: "source-locations",
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, (args) => {
      if (args.path.includes(`${path.sep}node_modules${path.sep}`)) return undefined;
      const source = fs.readFileSync(args.path, "utf8");
      const contents = source.replace(/\b__dirname\b/g, JSON.stringify(path.dirname(args.path))).replace(/\b__filename\b/g, JSON.stringify(args.path));
      return { contents, loader: "ts" };
    });
  },
};

/**
 * Pure-JavaScript libraries of the project's own that are bundled with it:
 * one file to load instead of their ~170 modules. Every other package stays
 * external and loads from node_modules as under tsx; the Pulumi SDKs must,
 * since the program and the providers share one runtime module.
 */
const INLINED_PACKAGES = new Set(["zod", "yaml", "ip-address"]);

const externalPackages = {
  name: "external-packages",
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) => {
      const name = args.path.startsWith("@") ? args.path.split("/").slice(0, 2).join("/") : args.path.split("/")[0];
      return INLINED_PACKAGES.has(name) ? undefined : { path: args.path, external: true };
    });
  },
};

/** Builds the bundle, its source map and its input list; each is written under a temporary name and renamed, so a concurrent run never reads half a file. */
async function build(entry, bundle, manifest) {
  const esbuild = require("esbuild");
  const result = await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: [entry],
    outfile: bundle,
    bundle: true,
    platform: "node",
    target: "node20",
    format: "cjs",
    sourcemap: "linked",
    sourcesContent: false,
    metafile: true,
    write: false,
    logLevel: "error",
    plugins: [externalPackages, sourceLocations],
  });
  fs.mkdirSync(CACHE, { recursive: true });
  const files = [...result.outputFiles].sort((a, b) => (a.path.endsWith(".map") ? -1 : b.path.endsWith(".map") ? 1 : 0));
  for (const file of files) writeAtomically(file.path, file.contents);
  // This file and esbuild decide the bundle's shape as much as the sources do.
  const builders = [__filename, require.resolve("esbuild/package.json")].map((file) => path.relative(ROOT, file));
  writeAtomically(manifest, JSON.stringify({ root: ROOT, inputs: [...builders, ...Object.keys(result.metafile.inputs)] }));
}

function writeAtomically(file, contents) {
  const temporary = `${file}.${process.pid}`;
  fs.writeFileSync(temporary, contents);
  fs.renameSync(temporary, file);
}

/**
 * Puts the stand-ins of ./deferred.js in Node's module cache (`require.cache`,
 * which Node documents as open to adding entries) where the SDK will look
 * for TypeScript and @npmcli/arborist. On first use a stand-in takes its entry
 * out, loads the package and puts it back, so any later `require` gets the
 * stand-in again, which reads through to the package.
 */
function deferSdkImports() {
  const Module = require("module");
  const { SDK_DEFERRED_IMPORTS } = require("./deferred");
  const sdk = path.dirname(require.resolve("@pulumi/pulumi/package.json", { paths: [ROOT] }));
  for (const [request, standIn] of Object.entries(SDK_DEFERRED_IMPORTS)) {
    const file = require.resolve(request, { paths: [sdk] });
    if (require.cache[file]) continue;
    const entry = new Module(file, module);
    entry.filename = file;
    entry.loaded = true;
    entry.exports = standIn(() => {
      delete require.cache[file];
      try {
        return require(file);
      } finally {
        require.cache[file] = entry;
      }
    });
    require.cache[file] = entry;
  }
}

/** Runs the bundle as the script: it reads its arguments from process.argv.slice(2), as under `node --import tsx <script.ts>`. */
function run(entry, bundle, args) {
  process.argv = [process.argv[0], entry, ...args];
  deferSdkImports();
  require(bundle);
}

function main() {
  const [script, ...args] = process.argv.slice(2);
  if (!script || !script.endsWith(".ts")) {
    process.stderr.write("usage: node scripts/bundled/run.js <script.ts> [args...]\n");
    process.exitCode = 64;
    return;
  }
  const entry = path.resolve(ROOT, script);
  const name = path.relative(ROOT, entry).replace(/\.ts$/, "").replace(/[\\/]/g, "--");
  const bundle = path.join(CACHE, `${name}.js`);
  const manifest = path.join(CACHE, `${name}.inputs.json`);
  if (isCurrent(bundle, manifest)) return run(entry, bundle, args);
  build(entry, bundle, manifest).then(
    // Outside the promise: an error the script throws while it loads is reported as a script's own, not as a bundling failure.
    () => setImmediate(() => run(entry, bundle, args)),
    (error) => {
      process.stderr.write(`error: could not bundle ${script}: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 70;
    },
  );
}

main();
