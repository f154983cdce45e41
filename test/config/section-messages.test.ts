import { configProblems as problemsOf, MINIMAL_CONFIG as VALID } from "../harness";

// What a stack file's author reads for each malformed value of the cache and WAF sections: the key, the value and what is allowed.
describe("the cache and WAF sections name what each value may be", () => {
  test.each([
    ["platform:cache", { identifier: "" }, 'platform:cache.identifier: "" is not allowed (expected a replication group id such as platform-prod)'],
    ["platform:cache", { engineVersion: "" }, 'platform:cache.engineVersion: "" is not allowed (expected a major.minor engine version such as "7.1")'],
    ["platform:cache", { nodeType: "" }, 'platform:cache.nodeType: "" is not allowed (expected a node type such as cache.r7g.large)'],
    ["platform:cache", { snapshotWindow: "" }, 'platform:cache.snapshotWindow: "" is not allowed (expected hh:mm-hh:mm in UTC)'],
    ["platform:cache", { maintenanceWindow: "" }, 'platform:cache.maintenanceWindow: "" is not allowed (expected ddd:hh:mm-ddd:hh:mm in UTC)'],
    ["platform:waf", { geo: { allow: "DE" } }, 'platform:waf.geo.allow: "DE" is not allowed (expected a list of ISO 3166 alpha-2 country codes)'],
    ["platform:waf", { geo: { deny: "DE" } }, 'platform:waf.geo.deny: "DE" is not allowed (expected a list of ISO 3166 alpha-2 country codes)'],
    ["platform:waf", { geo: { deny: ["de"] } }, 'platform:waf.geo.deny[0]: "de" is not allowed (expected an ISO 3166 alpha-2 country code such as DE)'],
    ["platform:waf", { redactedHeaders: "x-api-key" }, 'platform:waf.redactedHeaders: "x-api-key" is not allowed (expected a list of lower-case header names)'],
    ["platform:waf", { redactedHeaders: ["X-Api-Key"] }, 'platform:waf.redactedHeaders[0]: "X-Api-Key" is not allowed (expected a lower-case header name)'],
  ])("%s %j", (key, value, problem) => {
    expect(problemsOf({ ...VALID, [key]: JSON.stringify(value) })).toEqual([problem]);
  });
});
