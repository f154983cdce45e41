/**
 * One AWS SDK call as the release's adapters make it: a failure becomes a
 * {@link HealthReadError} naming the resource, the region and AWS's error,
 * transient when retrying may help.
 */
import { isThrottlingError, isTransientError } from "@smithy/core/retry";
import { HealthReadError } from "./types";

/** What the SDK clients take besides the region: tests point them at a local emulator with dummy credentials. */
export interface AwsClientSettings {
  readonly endpoint?: string;
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string };
  /** The SDK's own attempts per call (its standard retry strategy). @default 3 */
  readonly maxAttempts?: number;
}

/**
 * Runs `send`. Whether a failure is transient is the SDK's own judgement, the
 * one its retry strategy uses (`@smithy/core/retry`: throttling codes and 429,
 * 5xx, timeouts, ECONNREFUSED / ECONNRESET and other network errors).
 */
export async function callAws<T>(resource: string, region: string, send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (error) {
    throw new HealthReadError(`${resource} in ${region}: ${awsError(error)}`, isTransient(error), { cause: error });
  }
}

/**
 * An error the SDK does not recognise as an `Error` (one from another realm, as
 * Node's network errors are inside jest's sandbox) reaches us as a new Error
 * whose message is this prefix and the original's text, its `code` lost.
 */
const SDK_WRAPPER = /^AWS SDK error wrapper for (?:Error: )?/;
/** @smithy/core's NODEJS_TIMEOUT_ERROR_CODES and NODEJS_NETWORK_ERROR_CODES, for such a wrapped error. */
const NETWORK_ERROR = /\b(ECONNRESET|ECONNREFUSED|EPIPE|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|ENOTFOUND|EAI_AGAIN)\b/;

/** Whether retrying may help, as the SDK's own retry strategy judges it. */
function isTransient(error: unknown): boolean {
  // The SDK's classifiers read optional fields (`$metadata`, `$retryable`, `code`, `cause`) off any value but
  // null and undefined, a thrown string included.
  if (error === null || error === undefined) return false;
  const sdkError = error as Parameters<typeof isTransientError>[0];
  if (isThrottlingError(sdkError) || isTransientError(sdkError)) return true;
  // A missing message reads as "undefined", which neither pattern matches.
  const message = String((error as { message?: unknown }).message);
  return SDK_WRAPPER.test(message) && NETWORK_ERROR.test(message);
}

/**
 * `TargetGroupNotFoundException: One or more target groups not found`; a network error's own message,
 * led by its code when the message does not name it (`ECONNRESET: socket hang up`); a thrown non-object as
 * text.
 */
function awsError(error: unknown): string {
  if (typeof error !== "object" || error === null) return String(error);
  const { name = "Error", message = "", code } = error as { name?: string; message?: string; code?: string };
  const text = message.replace(SDK_WRAPPER, "");
  const label = name !== "Error" ? name : code && !text.includes(code) ? code : undefined;
  return [label, text].filter(Boolean).join(": ") || "an error with no name, code or message";
}
