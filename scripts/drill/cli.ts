/**
 * The `npm run drill` command: its arguments, the workspace (Automation API,
 * or the stack files with `--offline`), AWS clients for the source's region,
 * the report file and the exit code. What it talks to comes from a
 * {@link DrillEnvironment}, so tests run the command end to end.
 */
import * as fs from "fs";
import * as path from "path";
import { CommandIo, EXIT, indentedLines, parseCommandLine, processIo } from "../release/cli";
import { messageOf } from "../release/types";
import { parseDrillArgs, USAGE } from "./args";
import { DrillController, drillExitCode, DrillReport } from "./controller";
import { DrillSignals, DrillWorkspace } from "./workspace";

export interface OpenedWorkspace {
  readonly workspace: DrillWorkspace;
  /** The AWS reads for the source's region, which the controller learns from the source stack. */
  readonly signalsFor: (region: string) => DrillSignals;
}

export interface DrillEnvironment extends CommandIo {
  /** The project's stacks through the Automation API, and AWS clients for a region. */
  open(): Promise<OpenedWorkspace>;
  /** `--offline`: the stack files and the offline preview, which read no AWS API. */
  openOffline(): Promise<OpenedWorkspace>;
  /** Writes a report file, creating its folder. */
  writeFile(file: string, text: string): void;
}

export function productionEnvironment(): DrillEnvironment {
  return {
    async open() {
      // Loaded only here, so that --help and a usage error start without the Automation API or the AWS SDK.
      const [{ PulumiDrillWorkspace }, { AwsHealthSignal }, { AwsDatabaseSignal }] = await Promise.all([import("./pulumi-drill"), import("../release/aws-health"), import("../recovery/aws-rds")]);
      return { workspace: new PulumiDrillWorkspace(), signalsFor: (region) => ({ health: AwsHealthSignal.forRegion(region), database: AwsDatabaseSignal.forRegion(region) }) };
    },
    async openOffline() {
      // Loaded only here: it brings the program and Pulumi's mock runtime with it.
      const { OfflineDrillWorkspace } = await import("./offline-drill");
      return { workspace: new OfflineDrillWorkspace(), signalsFor: () => ({ health: { targetHealth: notOffline }, database: { database: notOffline, snapshot: notOffline } }) };
    },
    writeFile(file, text) {
      fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
      fs.writeFileSync(file, text);
    },
    ...processIo(),
  };
}

async function notOffline(): Promise<never> {
  throw new Error("an offline plan reads no AWS API");
}

/** Runs the command; resolves to its exit code. */
export async function main(argv: readonly string[], env: DrillEnvironment = productionEnvironment()): Promise<number> {
  const args = parseCommandLine(argv, parseDrillArgs, USAGE, env);
  if (typeof args === "number") return args;
  const { stack, report, offline } = args;
  env.onInterrupt(() => {
    env.stdout(`\n${env.clock.now().toISOString()} Interrupted: a drill stack of ${stack} may be left; run the same command to resume and destroy it.\n`);
    env.exit(EXIT.interrupted);
  });
  let opened: OpenedWorkspace;
  try {
    opened = offline ? await env.openOffline() : await env.open();
  } catch (error) {
    env.stdout(`${env.clock.now().toISOString()} Refused: ${messageOf(error)}; nothing was created.\n`);
    return EXIT.refused;
  }
  if (offline) {
    env.stdout(`${env.clock.now().toISOString()} Offline plan from Pulumi.${stack}.yaml under Pulumi's mock runtime: it assumes ${stack} is deployed exactly as configured.\n`);
  }
  const controller = new DrillController({
    ...opened,
    clock: env.clock,
    timing: args.timing,
    print: (line) => env.stdout(`${line}\n`),
    updateOutput: indentedLines((line) => env.stdout(`    | ${line}\n`)),
    writeReport: async (drill: DrillReport) => {
      const file = report ?? path.join("drill-reports", `${drill.drillStack}.json`);
      env.writeFile(file, `${JSON.stringify(drill, null, 2)}\n`);
      return file;
    },
  });
  try {
    return drillExitCode(await controller.run({ source: stack, restore: args.restore, dryRun: args.dryRun }));
  } catch (error) {
    env.stderr(`${env.clock.now().toISOString()} FAILED: ${messageOf(error)}\n`);
    return EXIT.needsPerson;
  }
}
