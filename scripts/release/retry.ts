/** Bounded retries with exponential backoff, on the injected clock so that tests never wait. */
import { Clock, isPermanent } from "./types";

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  readonly attempts: number;
  /** The wait after the first failure; each later wait doubles. */
  readonly firstDelayMs: number;
}

/**
 * Reads before the first change: four attempts, 1 s, 2 s and 4 s apart. Each
 * attempt is one SDK call, which itself retries quickly (the SDK's standard
 * strategy: 3 attempts), so a throttled or briefly unreachable API gets about
 * ten seconds before the run is refused.
 */
export const BEFORE_START: RetryPolicy = { attempts: 4, firstDelayMs: 1000 };

export interface RetryOptions {
  readonly clock: Clock;
  readonly policy: RetryPolicy;
  /** Whether a failure may go away on its own. */
  readonly retryable: (error: unknown) => boolean;
  /** Told before each wait. */
  readonly onRetry: (error: unknown, attempt: number, delayMs: number) => void;
}

/** Runs `read` until it succeeds, fails for good, or runs out of attempts; throws the last error. */
export async function withRetries<T>(read: () => Promise<T>, options: RetryOptions): Promise<T> {
  const { clock, policy, retryable, onRetry } = options;
  for (let attempt = 1; ; attempt++) {
    try {
      return await read();
    } catch (error) {
      if (attempt >= policy.attempts || !retryable(error)) throw error;
      const delayMs = policy.firstDelayMs * 2 ** (attempt - 1);
      onRetry(error, attempt, delayMs);
      await clock.sleep(delayMs);
    }
  }
}

/** Consecutive transient read failures of the health signal tolerated during a wait; a permanent one ends it at once. */
export const MAX_SIGNAL_ERRORS = 3;

/** Failed reads during one wait: a permanent failure, or {@link MAX_SIGNAL_ERRORS} transient ones in a row, end it. */
export class ReadFailures {
  private consecutive = 0;

  reset(): void {
    this.consecutive = 0;
  }

  endsWait(error: unknown): boolean {
    this.consecutive += 1;
    return isPermanent(error) || this.consecutive >= MAX_SIGNAL_ERRORS;
  }
}
