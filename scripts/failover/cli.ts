/**
 * The `npm run failover` command: its arguments, opening the standby (through
 * the Automation API, or from its configuration with `--offline`), the AWS
 * clients for its region, and the exit code. What it talks to comes from a
 * {@link FailoverEnvironment}, so tests run the command end to end.
 */
import { systemResolver } from "../recovery/dns";
import { CommandIo, EXIT, indentedLines, parseCommandLine, processIo } from "../release/cli";
import { messageOf } from "../release/types";
import { parseFailoverArgs, USAGE } from "./args";
import { FAILOVER_EXIT_CODES, FailoverController } from "./controller";
import { RecoverySignals, StandbyStack } from "./standby";

export interface OpenedStandby {
  readonly stack: StandbyStack;
  readonly signals: RecoverySignals;
}

export interface FailoverEnvironment extends CommandIo {
  /** The deployed standby (Automation API), AWS clients for its `aws:region` and the system's resolvers. */
  open(stackName: string): Promise<OpenedStandby>;
  /** `--offline`: the standby as configured, which reads nothing. */
  openOffline(stackName: string): Promise<OpenedStandby>;
}

export function productionEnvironment(): FailoverEnvironment {
  return {
    async open(stackName) {
      // Loaded only here, so that --help and a usage error start without the Automation API or the AWS SDK.
      const [{ PulumiStandbyStack }, { AwsHealthSignal }, { AwsDatabaseSignal }] = await Promise.all([import("./pulumi-standby"), import("../release/aws-health"), import("../recovery/aws-rds")]);
      const stack = await PulumiStandbyStack.select(stackName);
      return {
        stack,
        signals: { health: AwsHealthSignal.forRegion(stack.region), database: AwsDatabaseSignal.forRegion(stack.region), dns: systemResolver },
      };
    },
    async openOffline(stackName) {
      // Loaded only here: it brings the program and Pulumi's mock runtime with it.
      const { ConfiguredStandby, NO_SIGNALS } = await import("./offline-standby");
      return { stack: await ConfiguredStandby.load(stackName), signals: NO_SIGNALS };
    },
    ...processIo(),
  };
}

/** Runs the command; resolves to its exit code. */
export async function main(argv: readonly string[], env: FailoverEnvironment = productionEnvironment()): Promise<number> {
  const args = parseCommandLine(argv, parseFailoverArgs, USAGE, env);
  if (typeof args === "number") return args;
  const print = (line: string) => env.stdout(`${env.clock.now().toISOString()} ${line}\n`);
  env.onInterrupt(() => {
    env.stdout(`\n${env.clock.now().toISOString()} Interrupted: stack ${args.stack} stays at the stage its last finished update deployed; run the same command to resume.\n`);
    env.exit(EXIT.interrupted);
  });

  let opened: OpenedStandby;
  try {
    opened = args.offline ? await env.openOffline(args.stack) : await env.open(args.stack);
  } catch (error) {
    print(`Refused: ${(error instanceof Error ? error.message : String(error)).trim()}; nothing was changed.`);
    return EXIT.refused;
  }
  if (args.offline) {
    print(`Offline plan from Pulumi.${args.stack}.yaml under Pulumi's mock runtime, its primary's outputs from the primary's own offline preview: it assumes both stacks are deployed exactly as configured.`);
  }
  const controller = new FailoverController({
    ...opened,
    clock: env.clock,
    timing: args.timing,
    print: (line) => env.stdout(`${line}\n`),
    updateOutput: indentedLines((line) => env.stdout(`    | ${line}\n`)),
  });
  try {
    return FAILOVER_EXIT_CODES[(await controller.run({ dryRun: args.dryRun, force: args.force })).status];
  } catch (error) {
    env.stderr(`${env.clock.now().toISOString()} FAILED: ${messageOf(error)}\n`);
    return EXIT.needsPerson;
  }
}
