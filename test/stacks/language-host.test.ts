import { execFileSync } from "child_process";
import { PROJECT_ROOT } from "../harness";

describe("the program as the Pulumi CLI loads it", () => {
  test("compiles with the project's ts-node and typescript (runtime option typescript: true) and exports the function the CLI calls", () => {
    // The nodejs language host registers the project's ts-node (or a vendored ts-node 7 with TypeScript 3.8,
    // which cannot compile this code) with tsconfig.json, then requires `main` and calls its export.
    const script = 'require("ts-node").register({ transpileOnly: true }); const program = require("./stacks"); console.log(typeof program, require("ts-node").VERSION);';
    expect(execFileSync(process.execPath, ["-e", script], { cwd: PROJECT_ROOT, encoding: "utf8" }).trim()).toBe("function 10.9.2");
  });
});
