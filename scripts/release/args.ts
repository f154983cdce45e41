/** `npm run release -- --stack <stack> --image <image> [--strategy ...] [--bake <duration>] [--dry-run [--offline]] [--rollback [--to <colour>]]` */
import { pinnedImage } from "../../stacks/config/image";
import type { ReleaseRequest } from "./controller";
import { parseDuration, STRATEGY_HELP } from "./strategy";
import { Colour, COLOURS } from "./types";

export const USAGE = `Usage:
  npm run release -- --stack <stack> --image <image> [--strategy <strategy>] [--bake <duration>] [--dry-run [--offline]]
  npm run release -- --stack <stack> --rollback [--to blue|green] [--dry-run [--offline]]

  --stack      the Pulumi stack (dev, staging, prod, ...)
  --image      the image to release, pinned to a tag or digest
  --strategy   ${STRATEGY_HELP}
               (default: platform:traffic.release.strategy)
  --bake       how long to watch each step, such as 90s, 5m or 1h (default: from platform:traffic.release)
  --dry-run    print the plan and change nothing
  --offline    with --dry-run: plan from Pulumi.<stack>.yaml alone (no Pulumi CLI, backend or
               AWS credentials), assuming the stack is deployed as configured
  --rollback   send all traffic back to the previous colour in one update
  --to         with --rollback: the colour to send traffic to, when the outputs cannot tell`;

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

export type ParsedArgs =
  | { readonly help: true }
  | {
      readonly help?: false;
      readonly stack: string;
      readonly request: ReleaseRequest;
      /** `--offline`: plan from the stack's configuration instead of its deployed outputs. */
      readonly offline: boolean;
    };

const VALUE_FLAGS = ["stack", "image", "strategy", "bake", "to"] as const;
const SWITCHES = ["dry-run", "offline", "rollback", "help"] as const;

/** Flags as given: `--name value`, `--name=value`, or a bare switch; with every problem found on the way. */
export interface ParsedFlags<V extends string, S extends string> {
  readonly values: Map<V, string>;
  readonly switches: Set<S>;
  readonly problems: string[];
}

/** Splits `argv` into value flags and switches, naming every unexpected, repeated or empty one. */
export function parseFlags<V extends string, S extends string>(argv: readonly string[], valueFlags: readonly V[], switchFlags: readonly S[]): ParsedFlags<V, S> {
  const values = new Map<V, string>();
  const switches = new Set<S>();
  const problems: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!match) {
      problems.push(`${JSON.stringify(arg)}: unexpected argument (flags start with --)`);
      continue;
    }
    const [, name, inline] = match;
    if ((switchFlags as readonly string[]).includes(name)) {
      if (inline !== undefined) problems.push(`--${name}: takes no value`);
      switches.add(name as S);
    } else if ((valueFlags as readonly string[]).includes(name)) {
      const value = inline ?? (argv[i + 1]?.startsWith("--") ? undefined : argv[++i]);
      if (value === undefined || value === "") problems.push(`--${name}: needs a value`);
      else if (values.has(name as V)) problems.push(`--${name}: given twice`);
      else values.set(name as V, value);
    } else {
      problems.push(`--${name}: unknown flag (allowed: ${[...valueFlags, ...switchFlags].map((f) => `--${f}`).join(", ")})`);
    }
  }
  return { values, switches, problems };
}

/** `--offline` plans from the stack file alone, so it only makes sense with `--dry-run`. */
export function offlineProblem(switches: ReadonlySet<string>): string | undefined {
  return switches.has("offline") && !switches.has("dry-run")
    ? "--offline: only with --dry-run (an offline run plans from the stack's configuration; it cannot change the stack)"
    : undefined;
}

/** Parses the command line after `--`; throws {@link UsageError} listing every problem. */
export function parseReleaseArgs(argv: readonly string[]): ParsedArgs {
  const { values, switches, problems } = parseFlags(argv, VALUE_FLAGS, SWITCHES);
  if (switches.has("help")) return { help: true };

  const stack = values.get("stack");
  if (stack === undefined && !problems.some((p) => p.startsWith("--stack"))) problems.push("--stack: is required (expected a stack name such as staging)");
  const rollback = switches.has("rollback");
  const dryRun = switches.has("dry-run");
  const offline = switches.has("offline");
  const offlineMisuse = offlineProblem(switches);
  if (offlineMisuse) problems.push(offlineMisuse);
  const image = values.get("image");
  const to = values.get("to");
  let bakeMs: number | undefined;

  if (rollback) {
    for (const flag of ["image", "strategy", "bake"] as const) {
      if (values.has(flag)) problems.push(`--${flag}: not allowed with --rollback (a rollback is one update to the previous colour)`);
    }
    if (to !== undefined && !(COLOURS as readonly string[]).includes(to)) problems.push(`--to: ${JSON.stringify(to)} is not allowed (expected blue or green)`);
  } else {
    if (to !== undefined) problems.push("--to: only allowed with --rollback");
    if (image === undefined) {
      if (!problems.some((p) => p.startsWith("--image"))) problems.push("--image: is required (expected registry/repository:tag or @sha256:digest), unless --rollback");
    } else {
      const imageProblem = pinnedImageProblem(image);
      if (imageProblem) problems.push(`--image: ${JSON.stringify(image)} ${imageProblem}`);
    }
    const bake = values.get("bake");
    if (bake !== undefined) {
      bakeMs = parseDuration(bake);
      if (bakeMs === undefined) problems.push(`--bake: ${JSON.stringify(bake)} is not allowed (expected a duration such as 90s, 5m, 1h30m or 0)`);
      else if (bakeMs > 86_400_000) problems.push(`--bake: ${JSON.stringify(bake)} is not allowed (expected at most 24h)`);
    }
  }
  if (problems.length > 0) throw new UsageError(problems.join("\n"));

  const request: ReleaseRequest = rollback
    ? { kind: "rollback", to: to as Colour | undefined, dryRun }
    : { kind: "release", image: image!, strategy: values.get("strategy"), bakeMs, dryRun };
  return { stack: stack!, request, offline };
}

/**
 * The compute schema's own rule and message for colour images ("is not a
 * pinned image (expected ...)"), so `--image` fails here rather than in `pulumi up`.
 */
function pinnedImageProblem(image: string): string | undefined {
  return pinnedImage.safeParse(image).error?.issues[0].message;
}
