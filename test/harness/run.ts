import * as pulumi from "@pulumi/pulumi";
import { CapturedResource, captureRegistrations } from "./capture";
import { EngineMode } from "./engine-mode";
import { MOCK_ORGANIZATION, PlatformMocks, StackReferenceOutputs } from "./mocks";
import { SharedRun, sharedRun } from "./shared-runs";
import { PROJECT_NAME, RawStackConfig, readStackConfig, stackFileExists, toRawConfig, toStructuredConfig } from "./stack-config";

export const STACK_TYPE = "pulumi:pulumi:Stack";

/** Everything a program run registered, with lookups for tests. */
export class RunResult {
  constructor(
    readonly resources: readonly CapturedResource[],
    readonly stack: string,
    /** What the program logged (`pulumi.log.*` and console) during the run, one entry per call. */
    readonly logs: readonly string[] = [],
    /** How the engine handed out values during the run (`engine-mode.ts`). */
    readonly mode: EngineMode = "offline",
  ) {}

  /** The stack outputs, secrets unwrapped. */
  get outputs(): Record<string, any> {
    return this.stackResource.outputs ?? {};
  }

  /** Output keys (and paths inside them) that were secret. */
  get secretOutputPaths(): string[] {
    return this.stackResource.secretOutputPaths ?? [];
  }

  get stackResource(): CapturedResource {
    const stack = this.resources.find((r) => r.type === STACK_TYPE);
    if (!stack) throw new Error("the run registered no stack resource");
    return stack;
  }

  ofType(type: string): CapturedResource[] {
    return this.resources.filter((r) => r.type === type);
  }

  /** The one resource of `type` named `name`; throws listing the names there are when it is missing. */
  one(type: string, name: string): CapturedResource {
    const found = this.resources.find((r) => r.type === type && r.name === name);
    if (!found) throw new Error(`no ${type} named ${name}; there are: ${this.ofType(type).map((r) => r.name).join(", ") || "none"}`);
    return found;
  }

  find(type: string, name: string): CapturedResource | undefined {
    return this.resources.find((r) => r.type === type && r.name === name);
  }

  byUrn(urn: string): CapturedResource | undefined {
    return this.resources.find((r) => r.urn === urn);
  }

  childrenOf(parent: CapturedResource): CapturedResource[] {
    return this.resources.filter((r) => r.parent === parent.urn);
  }
}

export interface RunOptions {
  /** Stack name; also picks `Pulumi.<stack>.yaml` when `config` is not given. @default "dev" */
  readonly stack?: string;
  /** Structured config (`{ "platform:network": {...} }` or bare keys) instead of the stack file. */
  readonly config?: Record<string, unknown>;
  /** Deep-merged over the stack file's config, key by key. */
  readonly overrides?: Record<string, unknown>;
  /**
   * Deep-merged like `overrides`, and every key they touch is handed over as
   * secret, as the CLI hands over decrypted `secure:` values.
   */
  readonly secrets?: Record<string, unknown>;
  /**
   * How the engine hands out values: everything known (`offline`, what
   * `npm run preview` shows), a new stack's first preview (`preview`), or an
   * update without a preview (`update`). See `engine-mode.ts`. @default "offline"
   */
  readonly mode?: EngineMode;
  /**
   * Outputs of the stacks the program reads through `pulumi.StackReference`,
   * by `<organization>/<project>/<stack>` (the organization is
   * {@link MOCK_ORGANIZATION}). A stack of this project that is not listed is
   * taken from an offline run of its own `Pulumi.<stack>.yaml`.
   * @default none
   */
  readonly stackReferences?: Readonly<Record<string, StackReferenceOutputs>>;
  /**
   * Keep Node's default ten frames on errors created during the run, so a
   * report can point at the code that threw (the preview does). Frames make
   * a warm run cost about half again as much CPU, so tests go without them
   * unless `PLATFORM_STACK_TRACES=1` asks for them.
   * @default false
   */
  readonly stackFrames?: boolean;
}

/**
 * Successful runs by their options. The program and the mocks are
 * deterministic, so a test file that runs the same stack twice gets the same
 * result without paying for a second run; failures are never cached.
 */
const programRuns = new Map<string, RunResult>();

/**
 * Runs `stacks/` for a stack file, or for given config, under the mock
 * runtime. Under jest the result is shared with the other workers
 * (`shared-runs.ts`), except for runs given secrets, whose results hold them.
 */
export async function runProgram(options: RunOptions = {}): Promise<RunResult> {
  const key = JSON.stringify([options.stack ?? "dev", options.config ?? null, options.overrides ?? null, options.secrets ?? null, options.mode ?? "offline", options.stackReferences ?? null]);
  const cached = programRuns.get(key);
  if (cached) return cached;
  const execute = async (): Promise<SharedRun> => {
    // Loaded lazily so that a test file pays for the program's imports only when it runs one.
    const program = (await import("../../stacks")).default;
    const { resources, stack, logs, mode } = await runResolvingStackReferences(program, options);
    return { resources: [...resources], stack, logs: [...logs], mode };
  };
  const result = options.secrets ? await execute() : await sharedRun(key, execute);
  const run = new RunResult(result.resources, result.stack, result.logs, result.mode);
  programRuns.set(key, run);
  return run;
}

/**
 * One run; when the program read stacks it was given no outputs for, and
 * they are stacks of this project with stack files, it runs them and tries
 * again with their outputs.
 */
async function runResolvingStackReferences(program: () => Promise<Record<string, unknown>>, options: RunOptions): Promise<RunResult> {
  try {
    return await runInMockStack(program, options);
  } catch (error) {
    const local = error instanceof MissingStackReferences ? await localStackOutputs(error.names) : undefined;
    if (!local) throw error instanceof MissingStackReferences ? error.failure : error;
    return runInMockStack(program, { ...options, stackReferences: { ...options.stackReferences, ...local } });
  }
}

/** A run that failed after reading stacks it was given no outputs for. */
class MissingStackReferences extends Error {
  constructor(
    readonly names: readonly string[],
    readonly failure: unknown,
  ) {
    super(`the program read stacks the mock runtime has no outputs for: ${names.join(", ")}`);
  }
}

/**
 * Outputs of referenced stacks of this project from offline runs of their own
 * stack files, as a deployed stack's outputs would be; undefined when one of
 * them is of another project or has no stack file.
 */
async function localStackOutputs(names: readonly string[]): Promise<Record<string, StackReferenceOutputs> | undefined> {
  const found: Record<string, StackReferenceOutputs> = {};
  for (const name of names) {
    const [organization, project, stack] = name.split("/");
    if (organization !== MOCK_ORGANIZATION || project !== PROJECT_NAME || !stack || !stackFileExists(stack)) return undefined;
    const run = await runProgram({ stack });
    found[name] = { outputs: run.outputs, secretOutputNames: [...new Set(run.secretOutputPaths.map((path) => path.split(/[.[]/)[0]))] };
  }
  return found;
}

/** Runs `body` (component constructions) inside a mock stack; its result becomes the stack outputs. */
export async function runComponents(
  body: () => Promise<Record<string, unknown> | void> | Record<string, unknown> | void,
  options: RunOptions = {},
): Promise<RunResult> {
  return runInMockStack(async () => (await body()) ?? {}, { config: { "aws:region": "eu-west-1", ...options.config }, ...options });
}

let running = false;

async function runInMockStack(program: () => Promise<Record<string, unknown>>, options: RunOptions): Promise<RunResult> {
  if (running) throw new Error("the mock runtime runs one program at a time; await the previous run");
  running = true;
  try {
    const stack = options.stack ?? "dev";
    const raw = resolveConfig(stack, options);
    const region = raw.values["aws:region"] ?? "eu-west-1";
    const mode = options.mode ?? "offline";
    const mocks = new PlatformMocks(region, mode, options.stackReferences);
    await pulumi.runtime.setMocks(mocks, PROJECT_NAME, stack, mode === "preview", MOCK_ORGANIZATION);
    pulumi.runtime.setAllConfig(raw.values, raw.secretKeys);
    const resources = captureRegistrations();
    const lateRejections = collectRejections();
    const logs = captureLogs();
    restoreStackTraces = cheapStackTraces(options.stackFrames ?? process.env.PLATFORM_STACK_TRACES === "1");
    // A program error is caught inside the stack's init and rethrown after the
    // run: left to reject the stack's outputs, it would surface only as an
    // unhandled rejection, which is how the CLI reports it but not how a test can.
    let failure: { error: unknown } | undefined;
    await pulumi.runtime.runInPulumiStack(async () => {
      try {
        return await program();
      } catch (error) {
        failure = { error };
        return {};
      }
    });
    await waitForRegistrations();
    const late = await lateRejections.settle();
    if (failure || late) {
      const error = failure ? failure.error : late;
      throw mocks.missingReferences.size > 0 ? new MissingStackReferences([...mocks.missingReferences], error) : error;
    }
    return new RunResult(resources, stack, logs.lines, mode);
  } finally {
    restoreLogs?.();
    restoreStackTraces?.();
    running = false;
  }
}

/**
 * An error thrown inside an `apply` (a component that checks an output, say)
 * reaches the runtime only as an unhandled rejection, after the stack's
 * outputs have resolved; the CLI's language host reports those as the run's
 * failure. Collect them during the run, mark them handled, and give late ones
 * a moment to arrive.
 */
function collectRejections(): { settle(): Promise<unknown> } {
  const reasons: unknown[] = [];
  const listener = (reason: unknown, promise: Promise<unknown>) => {
    promise.catch(() => undefined);
    reasons.push(reason);
  };
  process.on("unhandledRejection", listener);
  return {
    async settle() {
      const start = Date.now();
      while (reasons.length === 0 && Date.now() - start < SETTLE_MS) await new Promise((resolve) => setTimeout(resolve, 1));
      process.off("unhandledRejection", listener);
      return reasons[0];
    },
  };
}
/**
 * How long late rejections get. They arrive within a few milliseconds; under
 * jest, whose sandbox keeps them from this listener, the wait keeps them inside
 * the test that caused them, which jest then fails with the error.
 */
const SETTLE_MS = 20;

const NODE_DEFAULT_STACK_TRACE_LIMIT = 10;
let restoreStackTraces: (() => void) | undefined;

/**
 * The SDK takes `new Error().stack` for every promise it creates (leak
 * tracking, `runtime/debuggable.ts`) and for every resource (source
 * positions, `Resource.callsites`, which lifts the depth limit for that one
 * call). Under jest each is up to 100 frames mapped through source maps;
 * neither is read under mocks. During a run, errors capture no frames unless
 * `withFrames` (then Node's default ten), message-less ones (the SDK's) are
 * never formatted, and the rest use V8's own format without source mapping
 * (the format the SDK parses). Errors that escape the run are formatted when
 * read, after the originals are back. Without frames a warm prod run takes
 * about half the CPU it takes with ten formatted frames per error.
 */
function cheapStackTraces(withFrames: boolean): () => void {
  const { stackTraceLimit, prepareStackTrace } = Error;
  Error.stackTraceLimit = withFrames ? NODE_DEFAULT_STACK_TRACE_LIMIT : 0;
  Error.prepareStackTrace = (error, frames) => (error instanceof Error && error.message === "" ? String(error) : `${error}${frames.map((frame) => `\n    at ${frame}`).join("")}`);
  return () => {
    Error.stackTraceLimit = stackTraceLimit;
    Error.prepareStackTrace = prepareStackTrace;
    restoreStackTraces = undefined;
  };
}

const CONSOLE_METHODS = ["log", "info", "warn", "error", "debug"] as const;
let restoreLogs: (() => void) | undefined;

/**
 * Without an engine, `pulumi.log` writes to the console; record those lines
 * (and the program's own console output) instead of printing them, so tests
 * can assert on them and scan them for secrets.
 */
function captureLogs(): { lines: string[] } {
  const lines: string[] = [];
  const originals = CONSOLE_METHODS.map((m) => [m, console[m]] as const);
  for (const method of CONSOLE_METHODS) console[method] = (...args: unknown[]) => void lines.push(args.map(String).join(" "));
  restoreLogs = () => {
    for (const [method, original] of originals) console[method] = original;
    restoreLogs = undefined;
  };
  return { lines };
}

/**
 * Registrations started inside `apply` callbacks can still be in flight when
 * the stack's outputs resolve; the runtime's own RPC tracker (exported but not
 * in its type declarations) says when the last one is done.
 */
function waitForRegistrations(): Promise<void> {
  return (pulumi.runtime as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs();
}

function resolveConfig(stack: string, options: RunOptions): RawStackConfig {
  if (options.config && !options.overrides && !options.secrets) return toRawConfig(options.config);
  const base = options.config ? toRawConfig(options.config) : readStackConfig(stack);
  if (!options.overrides && !options.secrets) return base;
  const structured = toStructuredConfig(base.values);
  const overrides = toRawConfig(options.overrides ?? {});
  const secrets = toRawConfig(options.secrets ?? {});
  for (const layer of [overrides, secrets]) {
    for (const [key, value] of Object.entries(toStructuredConfig(layer.values))) structured[key] = deepMerge(structured[key], value);
  }
  const merged = toRawConfig(structured);
  const secretKeys = [...base.secretKeys, ...overrides.secretKeys, ...Object.keys(secrets.values)];
  return { values: merged.values, secretKeys: [...new Set(secretKeys)] };
}

/** Objects merge key by key; anything else (arrays included) is replaced. */
export function deepMerge(base: unknown, override: unknown): unknown {
  if (isPlainObject(base) && isPlainObject(override)) {
    const out: Record<string, unknown> = { ...base };
    for (const [k, v] of Object.entries(override)) out[k] = deepMerge(base[k], v);
    return out;
  }
  return override;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === "object" && !Array.isArray(value);
}
