/**
 * One worker process per core. Each test file gets a fresh module registry, so
 * suites are grouped into a few files (see test/README.md) to keep the number of
 * times @pulumi/aws is loaded small.
 */
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  transform: {
    "^.+\\.ts$": ["@swc/jest", { jsc: { parser: { syntax: "typescript" }, target: "es2022" }, module: { type: "commonjs" } }],
  },
  moduleFileExtensions: ["ts", "js", "json"],
  testTimeout: 60000,
};
