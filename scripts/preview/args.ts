/** Command-line arguments of the offline preview (`npm run preview -- ...`). */
import * as fs from "fs";
import { PROJECT_ROOT } from "../../test/harness/stack-config";

/** The shipped stacks, in promotion order; prod-dr is prod's warm standby. */
export const STACKS = ["dev", "staging", "prod", "prod-dr"] as const;

/** Stacks that have a `Pulumi.<stack>.yaml`: the shipped ones first, then any other, by name. */
export function availableStacks(root = PROJECT_ROOT): string[] {
  const found = fs
    .readdirSync(root)
    .map((f) => f.match(/^Pulumi\.(.+)\.ya?ml$/)?.[1])
    .filter((s): s is string => !!s);
  return [...STACKS.filter((s) => found.includes(s)), ...found.filter((s) => !(STACKS as readonly string[]).includes(s)).sort()];
}

export interface PreviewArgs {
  /** The stack to preview; undefined only with `--update-readme` / `--check-readme` (all stacks). */
  readonly stack?: string;
  readonly json: boolean;
  readonly diagram?: string;
  /** `--markdown` file: the stack's report as GitHub Markdown, written on every outcome. */
  readonly markdown?: string;
  /** `--estimate` file: the cost estimate as the `npm run cost -- --json` document. */
  readonly estimate?: string;
  /** `--policy-pack-config` files, in order (the flag may repeat). */
  readonly policyPackConfigs: readonly string[];
  readonly verbose: boolean;
  readonly updateReadme: boolean;
  readonly checkReadme: boolean;
  readonly policies: boolean;
  readonly help: boolean;
}

export const USAGE = `Usage: npm run preview -- --stack <${STACKS.join("|")}> [options]

Runs the Pulumi program for a stack under Pulumi's mock runtime, with the stack's
configuration as the Pulumi CLI would pass it, and prints what \`pulumi preview\`
would create, the stack outputs (secrets masked), the policy violations and the
monthly cost estimate (\`npm run cost\` has the detail).
No Pulumi CLI, provider plugins or cloud credentials are needed.

Options:
  --stack <name>               stack to preview (Pulumi.<name>.yaml)
  --json                       print one JSON document instead of the text report
  --diagram <file>             write a Mermaid flowchart of the components and their relations
  --markdown <file>            write the policy report as GitHub Markdown (policy, resource, what is
                               wrong, remediation), or the failure, whatever the exit code
  --estimate <file>            write the cost estimate as JSON (the \`npm run cost -- --json\` document)
  --policy-pack-config <file>  policy pack configuration (JSON, as for pulumi preview; may repeat);
                               default: policies/<pack>/config/<stack>.json where present
  --no-policies                skip the policy packs
  --update-readme              rewrite the architecture diagrams in README.md (all stacks unless --stack)
  --check-readme               exit non-zero when the README diagrams are stale
  --verbose                    print stack traces of failures
  -h, --help                   show this help

Exit codes: 0 ok, 1 mandatory policy violation or stale README, 2 program or config error, 64 usage error.`;

/** A usage mistake: reported with the usage text and exit code 64. */
export class UsageError extends Error {}

/** Where a CLI writes; tests pass collectors. @default process.stdout / process.stderr */
export interface CliWriters {
  readonly stdout?: (text: string) => void;
  readonly stderr?: (text: string) => void;
}

/**
 * What every command here does first: pick its writers and parse its
 * arguments; a usage mistake prints the error and the usage text (exit 64),
 * `--help` the usage text (exit 0).
 */
export function startCli<T extends { readonly help: boolean }>(
  argv: readonly string[],
  writers: CliWriters,
  parse: (argv: readonly string[]) => T,
  usage: string,
): { readonly exit: number } | { readonly out: (text: string) => void; readonly err: (text: string) => void; readonly args: T } {
  const out = writers.stdout ?? ((text: string) => void process.stdout.write(text));
  const err = writers.stderr ?? ((text: string) => void process.stderr.write(text));
  let args: T;
  try {
    args = parse(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    err(`error: ${error.message}\n\n${usage}\n`);
    return { exit: USAGE_EXIT };
  }
  if (args.help) {
    out(`${usage}\n`);
    return { exit: 0 };
  }
  return { out, err, args };
}

/** The exit code of a usage mistake (sysexits EX_USAGE). */
export const USAGE_EXIT = 64;

export function parseArgs(argv: readonly string[], stacks: readonly string[] = availableStacks()): PreviewArgs {
  let stack: string | undefined;
  let diagram: string | undefined;
  let markdown: string | undefined;
  let estimate: string | undefined;
  const policyPackConfigs: string[] = [];
  const flags = { json: false, verbose: false, updateReadme: false, checkReadme: false, policies: true, help: false };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = splitInline(argv[i]);
    const value = (): string => {
      const next = inline ?? argv[++i];
      if (next === undefined || (inline === undefined && next.startsWith("--"))) throw new UsageError(`${flag} needs a value`);
      return next;
    };
    switch (flag) {
      case "--stack":
      case "-s":
        stack = value();
        break;
      case "--diagram":
        diagram = value();
        break;
      case "--markdown":
        markdown = value();
        break;
      case "--estimate":
        estimate = value();
        break;
      case "--policy-pack-config":
        policyPackConfigs.push(value());
        break;
      case "--json":
        flags.json = true;
        break;
      case "--verbose":
      case "-v":
        flags.verbose = true;
        break;
      case "--update-readme":
        flags.updateReadme = true;
        break;
      case "--check-readme":
        flags.checkReadme = true;
        break;
      case "--no-policies":
        flags.policies = false;
        break;
      case "--help":
      case "-h":
        flags.help = true;
        break;
      default:
        throw new UsageError(`unknown argument ${JSON.stringify(argv[i])}`);
    }
  }
  if (!flags.help) {
    if (stack === undefined && !flags.updateReadme && !flags.checkReadme) throw new UsageError("--stack is required");
    if (markdown !== undefined && stack === undefined) throw new UsageError("--markdown needs --stack (it reports one stack)");
    if (estimate !== undefined && stack === undefined) throw new UsageError("--estimate needs --stack (it estimates one stack)");
    if (stack !== undefined && !stacks.includes(stack)) {
      throw new UsageError(`--stack ${JSON.stringify(stack)} is not allowed (expected one of ${stacks.join(", ")}: the stacks with a Pulumi.<stack>.yaml)`);
    }
  }
  return { stack, diagram, markdown, estimate, policyPackConfigs, ...flags };
}

function splitInline(arg: string): [string, string | undefined] {
  const eq = arg.indexOf("=");
  return arg.startsWith("--") && eq > 0 ? [arg.slice(0, eq), arg.slice(eq + 1)] : [arg, undefined];
}
