/**
 * One worker per core (jest's default leaves one core idle). Each worker loads
 * @pulumi/aws once per test file; the service modules load lazily, so a file
 * pays only for the services its program touches.
 */
const path = require("path");

/** The folders of the library and the program, besides test/. */
const SOURCE_FOLDERS = ["components", "stacks", "policies", "scripts"];

/** @type {import('jest').Config} */
module.exports = {
  // Node's, with each file's AsyncLocalStorages disabled when it ends (jest-circus leaves them on).
  // An absolute path, not <rootDir>: Stryker's jest runner (npm run mutation) loads the environment itself, as written.
  testEnvironment: path.join(__dirname, "test", "harness", "jest-environment.js"),
  maxWorkers: "100%",
  // How long jest-worker waits for a worker to end before killing it (500 ms by default). A worker ends through
  // process.exit (the environment above), but the kernel then frees its address space: strace -f showed 475 ms
  // between a worker's exit_group(0) and its exit at the end of a full run, so the default killed workers now
  // and then and printed "A worker process has failed to exit gracefully" with no open handle to blame.
  workerGracefulExitTimeout: 2000,
  // The source folders are roots too: jest follows imports only through files under its roots, so without them
  // \`jest --findRelatedTests <file>\` and \`jest -o\` (and Stryker's jest runner, which uses the first) missed every
  // test that reaches a file through another source folder (test -> test/harness -> policies/security/policies.ts
  // -> rules/alb.ts). No test file lives in them, so \`npm test\` runs the same files.
  roots: ["<rootDir>/test", ...SOURCE_FOLDERS.map((folder) => `<rootDir>/${folder}`)],
  testMatch: ["**/*.test.ts"],
  transform: {
    "^.+\\.ts$": ["@swc/jest", { jsc: { parser: { syntax: "typescript" }, target: "es2022" }, module: { type: "commonjs" } }],
  },
  // The SDK's closure-serialization imports (TypeScript, @npmcli/arborist) load on first use: about 0.8 s a file.
  resolver: "<rootDir>/test/harness/jest-resolver.js",
  moduleFileExtensions: ["ts", "js", "json"],
  testTimeout: 60000,
  // Program runs are shared between the workers of one invocation (test/harness/shared-runs.ts).
  globalSetup: "<rootDir>/test/harness/jest-global-setup.ts",
  globalTeardown: "<rootDir>/test/harness/jest-global-teardown.ts",
  // `npm run coverage` (jest --coverage): V8's own coverage, no instrumentation pass.
  coverageProvider: "v8",
  collectCoverageFrom: ["components/**/*.ts", "stacks/**/*.ts", "policies/**/*.ts", "scripts/**/*.ts", "!**/node_modules/**", "!**/*.d.ts"],
  coverageReporters: ["text-summary", "text", "html", "json-summary"],
  // A directory key holds the files under it to the threshold together (jest's coverageThreshold).
  coverageThreshold: {
    "./components/": { lines: 90 },
    "./stacks/": { lines: 90 },
    "./policies/": { lines: 90 },
  },
};
