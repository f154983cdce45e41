import * as pulumi from "@pulumi/pulumi";
import * as fs from "fs";
import * as path from "path";
import { writePackageWorkspace } from "../harness/package-workspace";
import { temporaryDirectory } from "../harness/temporary-directory";

// test/harness/jest-resolver.js: under jest, the SDK's two closure-serialization
// imports load on first use. These tests check that the SDK still gets the real
// packages, and that nothing else is given the deferred modules.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const resolver = require("../harness/jest-resolver.js") as (request: string, options: { basedir: string; defaultResolver: (request: string, options: object) => string }) => string;
const HARNESS = path.resolve(__dirname, "..", "harness");
const SDK_CLOSURE = path.dirname(require.resolve("@pulumi/pulumi/runtime/closure/codePaths"));

describe("the SDK's deferred imports (jest only)", () => {
  const defaultResolver = (request: string) => `default:${request}`;

  it("resolve to the deferred modules for the SDK, and to the packages for everything else", () => {
    const resolve = (request: string, basedir: string) => resolver(request, { basedir, defaultResolver });
    expect(resolve("typescript", path.dirname(SDK_CLOSURE))).toBe(path.join(HARNESS, "deferred", "typescript.js"));
    expect(resolve("@npmcli/arborist", SDK_CLOSURE)).toBe(path.join(HARNESS, "deferred", "arborist.js"));
    expect(resolve("typescript", path.resolve(__dirname, "..", "..", "scripts"))).toBe("default:typescript");
    expect(resolve("@grpc/grpc-js", SDK_CLOSURE)).toBe("default:@grpc/grpc-js");
  });

  it("list exactly @npmcli/arborist's exports, each the package's class in use", async () => {
    /* eslint-disable @typescript-eslint/no-require-imports */
    const real = require("@npmcli/arborist");
    const deferred = require("../harness/deferred/arborist.js");
    /* eslint-enable @typescript-eslint/no-require-imports */
    expect(Object.keys(deferred)).toEqual(Object.keys(real));
    const workspace = temporaryDirectory("deferred-arborist");
    fs.writeFileSync(path.join(workspace, "package.json"), JSON.stringify({ name: "workspace", version: "1.0.0" }));
    const arborist = new deferred.Arborist({ path: workspace });
    expect(arborist).toBeInstanceOf(real.Arborist);
    expect(arborist).toBeInstanceOf(deferred.Arborist);
    const root = await arborist.loadActual();
    expect(root).toBeInstanceOf(deferred.Node);
    expect(root.package.name).toBe("workspace");
  });

  it("give the SDK the real TypeScript: a closure serializes", async () => {
    const answer = 42;
    const serialized = await pulumi.runtime.serializeFunction(() => answer + 1);
    expect(serialized.text).toContain("answer + 1");
    // The captured variable is found by parsing the function with TypeScript (closure/parseFunction.js).
    expect(serialized.text).toContain("with({ answer: 42");
  });

  it("give the SDK the real arborist: code paths come from the workspace's package tree", async () => {
    const workspace = temporaryDirectory("deferred-code-paths");
    const cwd = process.cwd();
    try {
      const codePath = writePackageWorkspace(workspace);
      process.chdir(workspace);
      const paths = await pulumi.runtime.computeCodePaths();
      expect([...paths.keys()]).toEqual([codePath]);
    } finally {
      process.chdir(cwd);
    }
  });
});
