/**
 * The operational commands as the processes `npm run` starts
 * (`node --import tsx scripts/<command>.ts`, package.json): `--help` is
 * answered before anything heavy loads. The Automation API and the AWS SDK's
 * clients cost several seconds to load, and only opening a stack needs them.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { USAGE as DRILL_USAGE } from "../../scripts/drill/args";
import { USAGE as FAILOVER_USAGE } from "../../scripts/failover/args";
import { USAGE as RELEASE_USAGE } from "../../scripts/release/args";
import { EXIT, processIo, runAsProcess } from "../../scripts/release/cli";
import { PROJECT_ROOT } from "../harness/stack-config";
import { temporaryDirectory } from "../harness/temporary-directory";

let dir: string;
let probe: string;
beforeAll(() => {
  dir = temporaryDirectory("entry-points");
  // Reports, as the process ends, which of the heavy packages it loaded.
  probe = path.join(dir, "probe.cjs");
  fs.writeFileSync(probe, `process.on("exit", () => process.stderr.write(JSON.stringify(Object.keys(require.cache).filter((f) => /node_modules\\/(@pulumi|@aws-sdk)\\//.test(f)))));\n`);
});

test.each([
  ["release", RELEASE_USAGE],
  ["failover", FAILOVER_USAGE],
  ["drill", DRILL_USAGE],
])("npm run %s -- --help prints the usage and exits 0 without loading the Automation API, a provider or the AWS SDK", (command, usage) => {
  const run = spawnSync(process.execPath, ["--require", probe, "--import", "tsx", `scripts/${command}.ts`, "--help"], { cwd: PROJECT_ROOT, encoding: "utf8" });
  expect({ status: run.status, stdout: run.stdout, loaded: JSON.parse(run.stderr) }).toEqual({ status: EXIT.done, stdout: `${usage}\n`, loaded: [] });
});

describe("what every command's main runs on when started as a process", () => {
  let exitCode: typeof process.exitCode;
  beforeEach(() => {
    exitCode = process.exitCode;
  });
  afterEach(() => {
    process.exitCode = exitCode;
    jest.restoreAllMocks();
  });

  /** Resolves once `runAsProcess` has handled what `main` settled to. */
  const settle = () => new Promise((resolve) => setImmediate(resolve));

  test("main gets the arguments after the script, and its code becomes the process's exit code without ending the process early", async () => {
    let given: readonly string[] | undefined;
    runAsProcess(async (argv) => {
      given = argv;
      return EXIT.refused;
    });
    await settle();
    expect({ given, exitCode: process.exitCode }).toEqual({ given: process.argv.slice(2), exitCode: EXIT.refused });
  });

  test("a main that throws is reported on stderr with the time, and exits 4 for a person to look", async () => {
    const stderr = jest.spyOn(process.stderr, "write").mockImplementation(() => true);
    runAsProcess(async () => {
      throw new Error("the state file is locked");
    });
    await settle();
    expect(process.exitCode).toBe(EXIT.needsPerson);
    expect(stderr).toHaveBeenCalledWith(expect.stringMatching(/^\d{4}-\d{2}-\d{2}T[\d:.]+Z FAILED: the state file is locked\n$/));
    runAsProcess(() => Promise.reject("a thrown string"));
    await settle();
    expect(stderr).toHaveBeenLastCalledWith(expect.stringMatching(/ FAILED: a thrown string\n$/));
  });

  test("the terminal is the process's own streams, the clock the system's, Ctrl-C a one-time SIGINT handler and exit process.exit", () => {
    const io = processIo();
    const stdout = jest.spyOn(process.stdout, "write").mockImplementation(() => true);
    const stderr = jest.spyOn(process.stderr, "write").mockImplementation(() => true);
    const exit = jest.spyOn(process, "exit").mockImplementation((() => undefined) as never);
    io.stdout("out\n");
    io.stderr("err\n");
    io.exit(EXIT.interrupted);
    expect(stdout).toHaveBeenCalledWith("out\n");
    expect(stderr).toHaveBeenCalledWith("err\n");
    expect(exit).toHaveBeenCalledWith(EXIT.interrupted);
    expect(Math.abs(io.clock.now().getTime() - Date.now())).toBeLessThan(60_000);

    // Registered with process.once, whose wrapper names the handler: the first Ctrl-C runs it, a second one kills the process.
    const onceHandlers = () => process.rawListeners("SIGINT").map((listener) => (listener as { listener?: unknown }).listener);
    const handler = jest.fn();
    io.onInterrupt(handler);
    try {
      expect(onceHandlers()).toContain(handler);
    } finally {
      process.removeListener("SIGINT", handler);
    }
    expect(onceHandlers()).not.toContain(handler);
  });
});
