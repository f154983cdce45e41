/**
 * What the failover and the drill share: steps that print when they start and
 * how long they took (the measured recovery time is their sum), and waits that
 * poll a signal until it says yes, tolerating a few transient read failures.
 */
import { ReadFailures } from "../release/retry";
import { formatDuration } from "../release/strategy";
import { Clock, messageOf } from "../release/types";

/** One step of a run, as the summary reports it. */
export interface StepRecord {
  readonly name: string;
  readonly startedAt: Date;
  readonly finishedAt: Date;
  readonly outcome: "done" | "failed";
}

/** Runs named steps, printing `step i/n <name>: <what>` before and the elapsed time after each. */
export class StepTimer {
  readonly records: StepRecord[] = [];

  constructor(
    private readonly clock: Clock,
    private readonly print: (line: string) => void,
  ) {}

  async run<T>(index: number, total: number, name: string, what: string, body: () => Promise<T>): Promise<T> {
    const startedAt = this.clock.now();
    this.print(`step ${index}/${total} ${name}: ${what}`);
    try {
      const result = await body();
      this.finish(index, total, name, startedAt, "done");
      return result;
    } catch (error) {
      this.finish(index, total, name, startedAt, "failed");
      throw error;
    }
  }

  /** One line per step with its start time and elapsed time, then the total from the first start to the last end. */
  summary(): string[] {
    if (this.records.length === 0) return [];
    const first = this.records[0].startedAt;
    const last = this.records[this.records.length - 1].finishedAt;
    return [
      ...this.records.map((r) => `  ${r.name.padEnd(18)} ${r.startedAt.toISOString()}  ${formatDuration(r.finishedAt.getTime() - r.startedAt.getTime()).padStart(8)}  ${r.outcome}`),
      `  ${"total".padEnd(18)} ${first.toISOString()}  ${formatDuration(last.getTime() - first.getTime()).padStart(8)}`,
    ];
  }

  private finish(index: number, total: number, name: string, startedAt: Date, outcome: StepRecord["outcome"]): void {
    const finishedAt = this.clock.now();
    this.records.push({ name, startedAt, finishedAt, outcome });
    this.print(`step ${index}/${total} ${name} ${outcome === "done" ? "done" : "FAILED"} after ${formatDuration(finishedAt.getTime() - startedAt.getTime())}`);
  }
}

export interface PollOptions<T> {
  readonly clock: Clock;
  readonly timeoutMs: number;
  readonly pollMs: number;
  /** One read of the signal. */
  readonly read: () => Promise<T>;
  /** Whether the value is what the wait is for. */
  readonly done: (value: T) => boolean;
  /** The value in words, for the progress lines and the failure. */
  readonly describe: (value: T) => string;
  readonly print: (line: string) => void;
}

/**
 * Reads until `done`, the deadline, a permanent read failure or three
 * transient ones in a row. Throws with the last state when it gives up.
 */
export async function pollUntil<T>(what: string, options: PollOptions<T>): Promise<T> {
  const { clock, timeoutMs, pollMs, read, done, describe, print } = options;
  const deadline = clock.now().getTime() + timeoutMs;
  const failures = new ReadFailures();
  for (;;) {
    let state: string;
    try {
      const value = await read();
      failures.reset();
      if (done(value)) return value;
      state = describe(value);
    } catch (error) {
      if (failures.endsWait(error)) throw new Error(`cannot read ${what}: ${messageOf(error)}`, { cause: error });
      state = `unreadable (${messageOf(error)})`;
    }
    const remaining = deadline - clock.now().getTime();
    if (remaining <= 0) throw new Error(`${what} not reached within ${formatDuration(timeoutMs)} (${state})`);
    print(`waiting for ${what}: ${state}; ${formatDuration(remaining)} left`);
    await clock.sleep(Math.min(pollMs, remaining));
  }
}
