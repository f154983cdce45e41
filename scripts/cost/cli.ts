/**
 * `npm run cost -- --stack <s>`: the stack's monthly estimate, from the same
 * offline run as the preview (`scripts/preview/cli.ts` `preview()`), priced
 * by the estimator the budget policy uses.
 */
import * as fs from "fs";
import * as path from "path";
import { availableStacks, CliWriters, STACKS, startCli, USAGE_EXIT, UsageError } from "../preview/args";
import { preview } from "../preview/cli";
import { renderFailure } from "../preview/errors";
import { compareDocuments } from "./compare";
import { estimateRun, UsageFileError, usageFileOf } from "./estimate-run";
import { costDocument, CostDocument, renderEstimate } from "./render";

export const EXIT = { ok: 0, failure: 2, usage: USAGE_EXIT } as const;
const PLATFORMS = ["ecs", "eks"] as const;

export const USAGE = `Usage: npm run cost -- --stack <${STACKS.join("|")}> [options]
       npm run cost -- --compare <base-dir> <head-dir>

Runs the stack's program offline, as \`npm run preview\` does, and prints its monthly
estimate at AWS list prices: per component and per resource, capacity (what the stack
files declare) and usage (the stated assumptions in usage/<stack>.yaml), the range to the
auto scaling maximum, and AWS's 1-year commitment prices beside on-demand where offered.
Types or sizes without a price are listed as not priced, never counted as zero.

Options:
  --stack <name>           stack to estimate (Pulumi.<name>.yaml)
  --json                   print one JSON document: { stack, currency, monthly, components, resources, assumptions }
  --usage <file>           usage assumptions to use instead of usage/<stack>.yaml
  --platform <ecs|eks>     estimate the stack on this compute platform (platform:compute.platform)
  --compare <base> <head>  print, as Markdown, each stack's estimate in <head> and its difference from
                           <base>: folders of <stack>.json documents written with --json (CI)
  -h, --help               show this help

Exit codes: 0 ok, 2 program, config or usage file error, 64 usage error.`;

export interface CostArgs {
  readonly stack?: string;
  readonly json: boolean;
  readonly usageFile?: string;
  readonly platform?: (typeof PLATFORMS)[number];
  readonly compare?: readonly [string, string];
  readonly help: boolean;
}

export function parseCostArgs(argv: readonly string[], stacks: readonly string[] = availableStacks()): CostArgs {
  const args: { -readonly [K in keyof CostArgs]: CostArgs[K] } = { json: false, help: false };
  const value = (i: number, flag: string): string => {
    const next = argv[i];
    if (next === undefined || next.startsWith("--")) throw new UsageError(`${flag} needs a value`);
    return next;
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === "--stack" || flag === "-s") args.stack = value(++i, flag);
    else if (flag === "--json") args.json = true;
    else if (flag === "--usage") args.usageFile = value(++i, flag);
    else if (flag === "--platform") {
      const platform = value(++i, flag);
      if (!(PLATFORMS as readonly string[]).includes(platform)) throw new UsageError(`--platform ${JSON.stringify(platform)} is not allowed (expected ${PLATFORMS.join(" or ")})`);
      args.platform = platform as CostArgs["platform"];
    } else if (flag === "--compare") args.compare = [value(++i, flag), value(++i, flag)];
    else if (flag === "--help" || flag === "-h") args.help = true;
    else throw new UsageError(`unknown argument ${JSON.stringify(flag)}`);
  }
  if (args.help || args.compare) return args;
  if (args.stack === undefined) throw new UsageError("--stack is required");
  if (!stacks.includes(args.stack)) throw new UsageError(`--stack ${JSON.stringify(args.stack)} is not allowed (expected one of ${stacks.join(", ")}: the stacks with a Pulumi.<stack>.yaml)`);
  return args;
}

export async function main(argv: readonly string[], options: CliWriters = {}): Promise<number> {
  const start = startCli(argv, options, (a) => parseCostArgs(a), USAGE);
  if ("exit" in start) return start.exit;
  const { out, err, args } = start;
  if (args.compare) {
    const [base, head] = args.compare;
    if (!fs.existsSync(head)) {
      err(`error: --compare: no folder ${head} with the head's estimates\n`);
      return EXIT.usage;
    }
    out(compareDocuments(readDocuments(base), readDocuments(head)));
    return EXIT.ok;
  }
  const stack = args.stack!;
  const outcome = await preview(stack, args.platform ? { "platform:compute": { platform: args.platform } } : undefined);
  if (outcome.failure) {
    err(`${renderFailure(outcome.failure, false)}\n`);
    return EXIT.failure;
  }
  try {
    const estimate = estimateRun(outcome.run, { usageFile: args.usageFile ?? usageFileOf(stack) });
    out(args.json ? `${JSON.stringify(costDocument(stack, estimate), null, 2)}\n` : `${renderEstimate(stack, estimate)}\n`);
    return EXIT.ok;
  } catch (error) {
    if (!(error instanceof UsageFileError)) throw error;
    err(`error: the usage assumptions are invalid:\n${error.message}\n`);
    return EXIT.failure;
  }
}

/** The `<stack>.json` documents in a folder, by stack; none when the folder does not exist (a base branch without estimates). */
export function readDocuments(dir: string): Map<string, CostDocument> {
  if (!fs.existsSync(dir)) return new Map();
  return new Map(
    fs
      .readdirSync(dir)
      .filter((f) => f.endsWith(".json"))
      .flatMap((f) => {
        try {
          const doc = JSON.parse(fs.readFileSync(path.join(dir, f), "utf8")) as CostDocument;
          return typeof doc.monthly === "number" && Array.isArray(doc.components) ? [[doc.stack, doc] as const] : [];
        } catch {
          return [];
        }
      }),
  );
}
