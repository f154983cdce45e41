import { configProblems as problemsOf, MINIMAL_CONFIG as VALID } from "../harness";

// What a stack file's author reads for each malformed value of the cache, WAF and network sections: the key, the value and what is allowed.
describe("the cache, WAF and network sections name what each value may be", () => {
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
    ["platform:network", { cidr: "" }, 'platform:network.cidr: "" is not allowed (expected an IPv4 CIDR such as 10.0.0.0/16)'],
    ["platform:network", { subnetPrefixLengths: { public: 29 } }, "platform:network.subnetPrefixLengths.public: 29 is not allowed (expected an integer from 16 to 28)"],
    ["platform:network", { subnetPrefixLengths: { isolated: 24 } }, "platform:network.subnetPrefixLengths.isolated: unknown key (allowed keys: public, private, database)"],
    ["platform:network", { flowLogs: { trafficType: "DENY" } }, 'platform:network.flowLogs.trafficType: "DENY" is not allowed (expected "ALL" | "ACCEPT" | "REJECT")'],
    ["platform:network", { interfaceEndpoints: "logs" }, 'platform:network.interfaceEndpoints: "logs" is not allowed (expected a list of ecr.api, ecr.dkr, logs, secretsmanager, sts)'],
    ["platform:network", { peeredCidrs: "10.1.0.0/16" }, 'platform:network.peeredCidrs: "10.1.0.0/16" is not allowed (expected a list of IPv4 CIDRs)'],
    ["platform:network", { peeredCidrs: [""] }, 'platform:network.peeredCidrs[0]: "" is not allowed (expected an IPv4 network CIDR such as 192.168.0.0/16)'],
    ["platform:network", { peeredCidrs: ["10.1.0.5/16"] }, 'platform:network.peeredCidrs[0]: "10.1.0.5/16" is not a valid IPv4 network CIDR (expected a.b.c.d/n with no host bits set)'],
  ])("%s %j", (key, value, problem) => {
    expect(problemsOf({ ...VALID, [key]: JSON.stringify(value) })).toEqual([problem]);
  });
});
