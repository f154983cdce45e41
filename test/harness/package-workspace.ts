import * as fs from "fs";
import * as path from "path";

/**
 * A workspace in `dir` whose package.json depends on one installed package,
 * for what walks a package tree (`pulumi.runtime.computeCodePaths` through
 * @npmcli/arborist). Returns the code path that package should have.
 */
export function writePackageWorkspace(dir: string): string {
  fs.mkdirSync(path.join(dir, "node_modules", "left"), { recursive: true });
  fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "workspace", version: "1.0.0", dependencies: { left: "1.0.0" } }));
  fs.writeFileSync(path.join(dir, "node_modules", "left", "package.json"), JSON.stringify({ name: "left", version: "1.0.0" }));
  return "node_modules/left";
}
