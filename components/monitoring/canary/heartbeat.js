/**
 * The synthetic probe's script, run by CloudWatch Synthetics on a Node.js
 * runtime (uploaded as nodejs/node_modules/heartbeat.js, handler
 * `heartbeat.handler`). It requests the public URL's paths in turn, times the
 * first byte of each answer, publishes the timings as `TimeToFirstByte` in the
 * CloudWatchSynthetics namespace (the one the execution role may write), and
 * fails the run when any path does not answer 2xx or 3xx in time. Synthetics
 * records the run's success as `SuccessPercent` itself.
 *
 * Settings come from the canary's environment: PROBE_URL, PROBE_PATHS (a JSON
 * list), PROBE_TIMEOUT_MS and CANARY_NAME.
 */
const http = require("http");
const https = require("https");

/** One GET: the status and the milliseconds until the response's first byte (its status line and headers). */
function probe(url, timeoutMs) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const client = url.startsWith("https:") ? https : http;
    const request = client.get(url, { timeout: timeoutMs, headers: { "user-agent": "platform-synthetic-probe" } }, (response) => {
      const timeToFirstByteMs = Number(process.hrtime.bigint() - started) / 1e6;
      response.resume();
      response.on("end", () => resolve({ status: response.statusCode, timeToFirstByteMs }));
      response.on("error", reject);
    });
    request.on("timeout", () => request.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    request.on("error", reject);
  });
}

/** Every path of `baseUrl`, one after the other: the timings of those that answered, and what failed. */
async function probeAll(baseUrl, paths, timeoutMs) {
  const base = baseUrl.replace(/\/+$/, "");
  const timings = [];
  const failures = [];
  for (const path of paths) {
    try {
      const { status, timeToFirstByteMs } = await probe(base + path, timeoutMs);
      timings.push({ path, timeToFirstByteMs });
      console.log(`${path}: HTTP ${status}, first byte after ${Math.round(timeToFirstByteMs)} ms`);
      if (status < 200 || status >= 400) failures.push(`${path} answered HTTP ${status}`);
    } catch (error) {
      failures.push(`${path}: ${error.message}`);
    }
  }
  return { timings, failures };
}

/** The timings as CloudWatch metric data, one per path. */
function metricData(canaryName, timings) {
  return timings.map(({ path, timeToFirstByteMs }) => ({
    MetricName: "TimeToFirstByte",
    Dimensions: [
      { Name: "CanaryName", Value: canaryName },
      { Name: "Path", Value: path },
    ],
    Unit: "Milliseconds",
    Value: timeToFirstByteMs,
  }));
}

async function handler() {
  const env = process.env;
  const { timings, failures } = await probeAll(env.PROBE_URL, JSON.parse(env.PROBE_PATHS), Number(env.PROBE_TIMEOUT_MS));
  if (timings.length > 0) {
    // The AWS SDK for JavaScript v3 ships with the Lambda Node.js 18+ runtimes the Synthetics Node.js runtimes run on.
    const { CloudWatchClient, PutMetricDataCommand } = require("@aws-sdk/client-cloudwatch");
    await new CloudWatchClient({}).send(new PutMetricDataCommand({ Namespace: "CloudWatchSynthetics", MetricData: metricData(env.CANARY_NAME, timings) }));
  }
  if (failures.length > 0) throw new Error(`probe failed: ${failures.join("; ")}`);
  return `${timings.length} paths answered`;
}

module.exports = { handler, probeAll, metricData };
