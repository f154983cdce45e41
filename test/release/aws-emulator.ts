/**
 * moto, a local emulator of the AWS APIs, for the release's AWS side: started
 * by the test file that needs it on a free loopback port, stopped after. The
 * SDK clients reach it through an endpoint setting and dummy credentials;
 * nothing here ever talks to a non-loopback address.
 */
import { ChildProcess, spawn, spawnSync } from "child_process";
import * as net from "net";
import type { AwsClientSettings } from "../../scripts/release/aws-call";

export const MOTO = "moto[server]==5.2.1";
export const DUMMY_CREDENTIALS = { accessKeyId: "testing", secretAccessKey: "testing" } as const;
const LOOPBACK = "127.0.0.1";
const START_TIMEOUT_MS = 30_000;

/** Why moto cannot run here, or undefined when it can; finds the packages without importing them (that is the server's job). */
export function motoMissing(): string | undefined {
  const find = "import importlib.util as u, sys; sys.exit(0 if all(u.find_spec(m) for m in ('moto', 'flask', 'flask_cors')) else 1)";
  const probe = spawnSync("python3", ["-c", find], { encoding: "utf8" });
  if (probe.error) return "python3 is not on PATH";
  if (probe.status !== 0) return `the Python package moto is not installed with its server extra (pip install '${MOTO}')`;
  return undefined;
}

export interface Emulator {
  /** `http://127.0.0.1:<port>` */
  readonly endpoint: string;
  stop(): Promise<void>;
}

/** Starts `python3 -m moto.server` on a free loopback port and waits until it answers. */
export async function startMoto(): Promise<Emulator> {
  const port = await freePort();
  const child = spawn("python3", ["-m", "moto.server", "-H", LOOPBACK, "-p", String(port)], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => void (stderr = (stderr + chunk.toString()).slice(-2000)));
  const endpoint = `http://${LOOPBACK}:${port}`;
  const stop = () => stopProcess(child);
  try {
    await waitUntilAnswering(endpoint, child);
  } catch (error) {
    await stop();
    throw new Error(`moto did not start on ${endpoint}: ${(error as Error).message}\n${stderr}`, { cause: error });
  }
  return { endpoint, stop };
}

/** A loopback port nothing listens on (the OS picks it; it is free again once the probe closes). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => server.once("error", reject).listen(0, LOOPBACK, resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function waitUntilAnswering(endpoint: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`it exited with code ${child.exitCode}`);
    try {
      if ((await fetch(`${endpoint}/moto-api/`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no answer within ${START_TIMEOUT_MS / 1000}s`);
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await exited;
}

/**
 * One EC2 Query API call (there is no EC2 SDK client in this project). moto
 * routes a request by the credential scope of its Authorization header and
 * does not check the signature.
 */
export async function ec2(endpoint: string, region: string, action: string, params: Record<string, string>): Promise<string> {
  const response = await fetch(endpoint, {
    method: "POST",
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      Authorization: `AWS4-HMAC-SHA256 Credential=${DUMMY_CREDENTIALS.accessKeyId}/20260101/${region}/ec2/aws4_request, SignedHeaders=host, Signature=0`,
    },
    body: new URLSearchParams({ Action: action, Version: "2016-11-15", ...params }).toString(),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`EC2 ${action} failed: ${text}`);
  return text;
}

/** The first `<tag>value</tag>` of an XML response. */
export function xmlValue(xml: string, tag: string): string {
  const match = new RegExp(`<${tag}>([^<]+)</${tag}>`).exec(xml);
  if (!match) throw new Error(`no <${tag}> in ${xml.slice(0, 300)}`);
  return match[1];
}

/**
 * `describe(title, body)` when moto can run; otherwise one skipped test and a
 * line on stderr naming `file`, or, under `CI=true`, a failing test (CI
 * installs moto, so a skip there would hide the tests).
 */
export function describeWithMoto(file: string, title: string, body: () => void): void {
  const missing = motoMissing();
  if (missing && process.env.CI === "true") {
    test("moto is installed: under CI=true the AWS emulator tests may not be skipped", () => {
      throw new Error(`${missing}; CI installs it with pip install '${MOTO}'`);
    });
  } else if (missing) {
    process.stderr.write(`${file} skipped: ${missing}.\n`);
    test.skip(title, () => undefined);
  } else {
    describe(title, body);
  }
}

/** The file's moto server, as the tests reach it once `useMoto`'s `beforeAll` has run. */
export interface MotoSession {
  readonly endpoint: string;
  /** Client settings that point an AWS SDK client at moto, with dummy credentials and no retries. */
  readonly settings: AwsClientSettings;
}

/**
 * Starts moto before the enclosing block's tests (in a `beforeAll` registered
 * first, so the block's own `beforeAll` can create resources in it) and stops
 * it after them.
 */
export function useMoto(): MotoSession {
  let emulator: Emulator | undefined;
  beforeAll(async () => {
    emulator = await startMoto();
  });
  afterAll(async () => {
    await emulator?.stop();
  });
  const started = (): Emulator => {
    if (!emulator) throw new Error("moto is not running: use the session inside the tests or hooks of the block that called useMoto");
    return emulator;
  };
  return {
    get endpoint() {
      return started().endpoint;
    },
    get settings() {
      return { endpoint: started().endpoint, credentials: DUMMY_CREDENTIALS, maxAttempts: 1 };
    },
  };
}
