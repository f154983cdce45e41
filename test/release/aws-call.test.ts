import { callAws } from "../../scripts/release/aws-call";
import { HealthReadError } from "../../scripts/release/types";
import { nodeError, sdkError } from "./aws-errors";

const RESOURCE = "target group tg-1";
const REGION = "eu-west-1";

/** What `callAws` makes of `thrown`: the message after "<resource> in <region>: " and whether a retry may help. */
async function failureOf(thrown: unknown): Promise<{ text: string; transient: boolean }> {
  const failure = await callAws(RESOURCE, REGION, async () => {
    throw thrown;
  }).then(
    () => undefined,
    (error: unknown) => error,
  );
  if (!(failure instanceof HealthReadError)) throw new Error(`expected a HealthReadError, got ${String(failure)}`);
  expect(failure.cause).toBe(thrown);
  const prefix = `${RESOURCE} in ${REGION}: `;
  expect(failure.message.startsWith(prefix)).toBe(true);
  return { text: failure.message.slice(prefix.length), transient: failure.transient };
}

/**
 * How @smithy/core's retry middleware re-throws an error that is not `instanceof Error` or `Object`, such as
 * Node's network errors seen from inside jest's sandbox: `new Error(\`AWS SDK error wrapper for ${error}\`)`
 * (node_modules/@smithy/core/dist-es/submodules/retry/middleware-retry/util.js, `asSdkError`).
 */
const wrapped = (text: string) => new Error(`AWS SDK error wrapper for ${text}`);

describe("callAws: an AWS call's failure as the release reports it", () => {
  // Transient is @smithy/core's own judgement (isThrottlingError, isTransientError): throttling names and 429,
  // 5xx, TimeoutError, and the Node timeout and network codes.
  test.each<[string, unknown, string, boolean]>([
    ["a throttled call", sdkError("ThrottlingException", "Rate exceeded", 400), "ThrottlingException: Rate exceeded", true],
    ["a 503", sdkError("ServiceUnavailable", "Service Unavailable", 503), "ServiceUnavailable: Service Unavailable", true],
    ["access denied", sdkError("AccessDenied", "User is not authorized", 403), "AccessDenied: User is not authorized", false],
    ["a missing target group", sdkError("TargetGroupNotFoundException", "One or more target groups not found", 400), "TargetGroupNotFoundException: One or more target groups not found", false],
    ["an SDK timeout with no message", { name: "TimeoutError" }, "TimeoutError", true],
    ["a refused connection, whose message names its code", nodeError("connect ECONNREFUSED 127.0.0.1:4566", "ECONNREFUSED"), "connect ECONNREFUSED 127.0.0.1:4566", true],
    ["a reset connection, whose message does not", nodeError("socket hang up", "ECONNRESET"), "ECONNRESET: socket hang up", true],
    ["an unresolvable host", nodeError("getaddrinfo ENOTFOUND monitoring.eu-west-1.amazonaws.com", "ENOTFOUND"), "getaddrinfo ENOTFOUND monitoring.eu-west-1.amazonaws.com", true],
    ["a local error with a code that is not a network one", nodeError("permission denied", "EACCES"), "EACCES: permission denied", false],
    ["an error-like object with a code and no name", { code: "ECONNRESET", message: "socket hang up" }, "ECONNRESET: socket hang up", true],
    ["a wrapped network error (its code lost)", wrapped("Error: connect ECONNREFUSED 127.0.0.1:4566"), "connect ECONNREFUSED 127.0.0.1:4566", true],
    ["a wrapped error of another class", wrapped("TypeError: terminated"), "TypeError: terminated", false],
    ["a wrapped error that is not a network one", wrapped("Error: Unexpected end of JSON input"), "Unexpected end of JSON input", false],
    ["a message that only mentions a network code, not wrapped by the SDK", new Error("the proxy said ECONNREFUSED"), "the proxy said ECONNREFUSED", false],
    [
      "the wrapper's words anywhere but at the start",
      new Error("retry failed: AWS SDK error wrapper for Error: connect ECONNRESET"),
      "retry failed: AWS SDK error wrapper for Error: connect ECONNRESET",
      false,
    ],
    ["a thrown string", "boom", "boom", false],
    ["a thrown null", null, "null", false],
    ["a thrown undefined", undefined, "undefined", false],
    ["an object with no name, code or message", {}, "an error with no name, code or message", false],
  ])("%s", async (_label, thrown, text, transient) => {
    expect(await failureOf(thrown)).toEqual({ text, transient });
  });

  test("a call that succeeds returns its answer", async () => {
    await expect(callAws(RESOURCE, REGION, async () => ({ State: "OK" }))).resolves.toEqual({ State: "OK" });
  });
});
