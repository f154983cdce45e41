/**
 * Security headers the listeners add to every response
 * (`platform:traffic.responseHeaders`), through the `routingHttpResponse*`
 * listener arguments, and the security pack's HSTS policy on HTTPS listeners.
 */
import { parsePlatformConfig } from "../../stacks/config";
import { runProgram } from "../harness";
import { runPolicyPacks } from "../harness/policy-runner";
import { readStackConfig } from "../harness/stack-config";

const LISTENER = "aws:lb/listener:Listener";
const HSTS = "routingHttpResponseStrictTransportSecurityHeaderValue";
const CSP = "routingHttpResponseContentSecurityPolicyHeaderValue";
const NOSNIFF = "routingHttpResponseXContentTypeOptionsHeaderValue";
const FRAMES = "routingHttpResponseXFrameOptionsHeaderValue";

test("an HTTPS stack's HTTPS listener sends HSTS for a year, nosniff, DENY and a same-origin CSP, and drops the Server header", async () => {
  const run = await runProgram({ stack: "prod" });
  const https = run.one(LISTENER, "edge-https").inputs;
  expect([https[HSTS], https[NOSNIFF], https[FRAMES], https[CSP], https.routingHttpResponseServerEnabled]).toEqual([
    "max-age=31536000; includeSubDomains",
    "nosniff",
    "DENY",
    "default-src 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'",
    false,
  ]);
  // The port-80 listener only redirects; browsers ignore HSTS over HTTP anyway.
  expect(run.one(LISTENER, "edge-http").inputs[HSTS]).toBeUndefined();
  const violations = await runPolicyPacks(run);
  expect(violations.filter((v) => v.policy === "aws-alb-listener-https-require-hsts")).toEqual([]);
});

test("an HTTP-only stack's listener sends the same headers but HSTS", async () => {
  const run = await runProgram({ stack: "dev" });
  const http = run.one(LISTENER, "edge-http").inputs;
  expect([http[HSTS], http[NOSNIFF], http[FRAMES]]).toEqual([undefined, "nosniff", "DENY"]);
});

test("configured headers replace the defaults whatever their case, and false leaves one out", async () => {
  const responseHeaders = { "x-frame-options": "SAMEORIGIN", "Content-Security-Policy": false, "Access-Control-Allow-Origin": "https://app.example.com", "Access-Control-Max-Age": "600" };
  const run = await runProgram({ stack: "prod", overrides: { "platform:traffic": { responseHeaders, serverHeader: true } } });
  const https = run.one(LISTENER, "edge-https").inputs;
  expect(https[FRAMES]).toBe("SAMEORIGIN");
  expect(https[CSP]).toBeUndefined();
  expect([https.routingHttpResponseAccessControlAllowOriginHeaderValue, https.routingHttpResponseAccessControlMaxAgeHeaderValue]).toEqual(["https://app.example.com", "600"]);
  expect(https.routingHttpResponseServerEnabled).toBe(true);
});

test("the security pack flags an HTTPS listener whose HSTS was turned off, at preview", async () => {
  const run = await runProgram({ stack: "prod", mode: "preview", overrides: { "platform:traffic": { responseHeaders: { "Strict-Transport-Security": false } } } });
  const violations = await runPolicyPacks(run);
  expect(violations.filter((v) => v.policy === "aws-alb-listener-https-require-hsts").map((v) => v.message)).toEqual([
    expect.stringContaining("the HTTPS listener on port 443 sends no Strict-Transport-Security header"),
  ]);
}, 120_000);

describe("bad headers fail before anything is created, naming the key", () => {
  const parse = (stack: string, traffic: object) => {
    const raw = readStackConfig(stack).values;
    return parsePlatformConfig({ ...raw, "platform:traffic": JSON.stringify({ ...JSON.parse(raw["platform:traffic"]), ...traffic }) }, stack);
  };

  test("a header ALB cannot set", () => {
    expect(() => parse("prod", { responseHeaders: { "X-Powered-By": "platform" } })).toThrow(
      /platform:traffic\.responseHeaders\.X-Powered-By: "X-Powered-By" is not allowed \(expected a header ALB can set on responses: Strict-Transport-Security, Content-Security-Policy, X-Content-Type-Options, X-Frame-Options, Access-Control-Allow-Origin/,
    );
  });

  test.each([
    ["X-Content-Type-Options", "sniff", /expected nosniff, its only value/],
    ["Strict-Transport-Security", "includeSubDomains", /expected max-age=<seconds>/],
    ["X-Frame-Options", "ALLOWALL", /expected DENY, SAMEORIGIN or ALLOW-FROM <origin>/],
    ["Access-Control-Max-Age", "90000", /expected seconds from 0 to 86400/],
    ["Access-Control-Allow-Methods", "GET, FETCH", /expected a comma-separated list of GET, HEAD, POST/],
  ])("%s: %s, a value ALB refuses", (name, value, allowed) => {
    expect(() => parse("prod", { responseHeaders: { [name]: value } })).toThrow(new RegExp(`platform:traffic\\.responseHeaders\\.${name}: "${value}" is not allowed \\(${allowed.source.replace(/^expected/, "expected")}`));
  });

  test("HSTS on a stack that serves HTTP only", () => {
    expect(() => parse("dev", { responseHeaders: { "Strict-Transport-Security": "max-age=31536000" } })).toThrow(
      /platform:traffic\.responseHeaders\.Strict-Transport-Security: "max-age=31536000" is not allowed \(expected no HSTS on a load balancer that serves HTTP only/,
    );
  });
});
