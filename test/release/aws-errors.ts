/**
 * Errors as the release's AWS adapters receive them, for tests with stubbed
 * SDK clients: a service error as the AWS SDK v3 throws it (its `name` is the
 * error code, with the response's HTTP status in `$metadata`), and a Node
 * network error (a plain Error with a `code`).
 */
export const sdkError = (name: string, message: string, httpStatusCode: number): Error => Object.assign(new Error(message), { name, $metadata: { httpStatusCode } });

export const nodeError = (message: string, code: string): Error => Object.assign(new Error(message), { code });
