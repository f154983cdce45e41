import { z } from "zod";
import { ConfigError, parsePlatformConfig } from "../../stacks/config";
import { formatIssues } from "../../stacks/config/errors";
import { addressProblems } from "../../stacks/config/capacity";
import { configProblems as problemsOf, MINIMAL_CONFIG as VALID } from "../harness";

const withNetwork = (network: unknown) => ({ ...VALID, "platform:network": JSON.stringify(network) });

describe("parsePlatformConfig", () => {
  test("fills every section's defaults when only the required keys are set", () => {
    const config = parsePlatformConfig(VALID, "test");
    expect(config.network).toMatchObject({ cidr: "10.0.0.0/16", availabilityZoneCount: 3, nat: "perAz", flowLogs: { retentionInDays: 90 } });
    expect(config.compute.platform).toBe("ecs");
    expect(config.traffic.weights).toEqual({ blue: 100, green: 0 });
    expect(config).toMatchObject({ region: "eu-west-1", stack: "test", tags: {} });
  });

  test("keeps a configured zero instead of replacing it with the default", () => {
    const config = parsePlatformConfig({ ...VALID, "platform:traffic": JSON.stringify({ weights: { blue: 0, green: 100 } }) }, "test");
    expect(config.traffic.weights).toEqual({ blue: 0, green: 100 });
  });

  test("names the key, the value and the allowed range for a malformed CIDR", () => {
    expect(problemsOf(withNetwork({ cidr: "10.0.0.0/33" }))).toEqual([
      'platform:network.cidr: "10.0.0.0/33" is not a valid IPv4 CIDR (expected a.b.c.d/16 to /24, with no host bits set)',
    ]);
  });

  test("rejects a CIDR with host bits set", () => {
    expect(problemsOf(withNetwork({ cidr: "10.0.0.5/16" }))[0]).toMatch(/^platform:network.cidr: "10.0.0.5\/16" is not a valid IPv4 CIDR/);
  });

  test("says how many addresses a too-small CIDR would need", () => {
    expect(problemsOf(withNetwork({ cidr: "10.0.0.0/24", reservedAzSlots: 6 }))[0]).toMatch(
      /^platform:network.cidr: "10.0.0.0\/24" is not allowed \(expected a CIDR with at least 288 addresses/,
    );
  });

  test("reports a zone count above the reserved slots under availabilityZoneCount", () => {
    expect(problemsOf(withNetwork({ availabilityZoneCount: 5, reservedAzSlots: 4 }))[0]).toMatch(/^platform:network.availabilityZoneCount: 5 is not allowed/);
  });

  test("names the budget key, the value and what is allowed", () => {
    const withBudget = (budget: unknown) => ({ ...VALID, "platform:monitoring": JSON.stringify({ budget }) });
    expect(problemsOf(withBudget({ monthlyUsd: 0 }))).toEqual(["platform:monitoring.budget.monthlyUsd: 0 is not allowed (expected a number from 1 to 1000000)"]);
    expect(problemsOf(withBudget({ monthlyUsd: 200, limit: 200 }))[0]).toMatch(/^platform:monitoring\.budget\.limit: unknown key \(allowed keys: monthlyUsd, warningForecastPercent, criticalActualPercent, costAllocationTags\)/);
    expect(parsePlatformConfig(withBudget({ monthlyUsd: 200 }), "test").monitoring.budget).toEqual({ monthlyUsd: 200, warningForecastPercent: 80, criticalActualPercent: 100 });
  });

  test("names a wrong type with the value given", () => {
    expect(problemsOf(withNetwork({ availabilityZoneCount: "3" }))).toEqual([
      'platform:network.availabilityZoneCount: "3" is not allowed (expected an integer from 2 to 6)',
    ]);
  });

  test("lists the allowed values of an enum", () => {
    expect(problemsOf(withNetwork({ nat: "always" }))).toEqual(['platform:network.nat: "always" is not allowed (expected "none" | "single" | "perAz")']);
  });

  test("lists the allowed retention periods", () => {
    expect(problemsOf(withNetwork({ flowLogs: { retentionInDays: 10 } }))[0]).toMatch(/^platform:network.flowLogs.retentionInDays: 10 is not allowed \(expected one of 1, 3, 5, 7, 14/);
  });

  test("treats an unknown nested key as a typo and lists the right spellings", () => {
    expect(problemsOf(withNetwork({ flowLogs: { retentionDays: 30 } }))).toEqual([
      "platform:network.flowLogs.retentionDays: unknown key (allowed keys: retentionInDays, trafficType)",
    ]);
  });

  test("treats an unknown top-level platform key as a typo", () => {
    expect(problemsOf({ ...VALID, "platform:netwrok": "{}" })[0]).toMatch(/^platform:netwrok: unknown config key \(allowed keys: platform:environment, platform:network/);
  });

  test("indexes list elements in the key path", () => {
    expect(problemsOf(withNetwork({ interfaceEndpoints: ["sts", "s3"] }))).toEqual([
      'platform:network.interfaceEndpoints[1]: "s3" is not allowed (expected "ecr.api" | "ecr.dkr" | "logs" | "secretsmanager" | "sts")',
    ]);
  });

  test("requires the environment and the region", () => {
    expect(problemsOf({})).toEqual([
      'platform:environment: is required (expected "dev" | "staging" | "prod")',
      "aws:region: is required (expected an AWS region such as eu-west-1)",
    ]);
  });

  test("rejects a malformed region", () => {
    expect(problemsOf({ ...VALID, "aws:region": "Ireland" })).toEqual(['aws:region: "Ireland" is not allowed (expected an AWS region such as eu-west-1)']);
  });

  // Region codes as AWS lists them (the Regions page of the AWS General Reference): two letters, one or more words, one digit.
  test.each(["eu-west-1", "us-gov-west-1", "ap-southeast-5", "il-central-1"])("accepts the region %s", (region) => {
    expect(problemsOf({ ...VALID, "aws:region": region })).toEqual([]);
  });

  test.each([
    ["an availability zone", "eu-west-1a"],
    ["text before the code", "1eu-west-1"],
    ["capitals", "EU-WEST-1"],
    ["no number", "eu-west-x"],
    ["no word between the country and the number", "eu-1"],
    ["one letter for the country", "e-west-1"],
    ["three letters for the country", "eur-west-1"],
    ["a space", "eu-west 1"],
  ])("rejects %s as the region (%s)", (_, region) => {
    expect(problemsOf({ ...VALID, "aws:region": region })).toEqual([`aws:region: "${region}" is not allowed (expected an AWS region such as eu-west-1)`]);
  });

  test("rejects a section that is not an object", () => {
    expect(problemsOf({ ...VALID, "platform:network": "cidr=10.0.0.0/16" })).toEqual([
      'platform:network: "cidr=10.0.0.0/16" is not allowed (expected a structured object)',
    ]);
  });

  test("reports every problem at once, one line each", () => {
    const problems = problemsOf({ "platform:environment": "qa", "platform:network": JSON.stringify({ cidr: "x", nat: "y" }) });
    expect(problems).toHaveLength(4);
    expect(new ConfigError(problems).message.split("\n")).toHaveLength(5);
  });

  test("refuses unpinned images", () => {
    const problems = problemsOf({ ...VALID, "platform:compute": JSON.stringify({ blue: { image: "nginx:latest" }, green: { image: "nginx" } }) });
    expect(problems).toEqual([
      'platform:compute.blue.image: "nginx:latest" is not a pinned image (expected registry/repository:tag or @sha256:digest, not :latest)',
      'platform:compute.green.image: "nginx" is not a pinned image (expected registry/repository:tag or @sha256:digest, not :latest)',
    ]);
  });

  test("rejects tag keys in the aws: namespace, naming the key", () => {
    expect(problemsOf({ ...VALID, "platform:tags": JSON.stringify({ "aws:owner": "x" }) })).toEqual([
      'platform:tags.aws:owner: "aws:owner" is not a valid tag key (expected 1-128 letters, digits, spaces or _.:/=+-@, not starting with aws: in any case)',
    ]);
  });

  test("says what a value of several allowed types may be", () => {
    expect(problemsOf({ ...VALID, "platform:traffic": JSON.stringify({ responseHeaders: { "x-frame-options": 5 } }) })).toEqual([
      "platform:traffic.responseHeaders.x-frame-options: 5 is not allowed (expected a header value, or false to leave a default header out)",
    ]);
  });
});

describe("config error messages", () => {
  test("count the problems, in the singular for one, one line each", () => {
    expect(new ConfigError(["a"]).message).toBe("Invalid stack configuration (1 problem):\n  - a");
    expect(new ConfigError(["a", "b"]).message).toBe("Invalid stack configuration (2 problems):\n  - a\n  - b");
    expect(new ConfigError(["a"]).name).toBe("ConfigError");
  });

  test("ask to check the spelling of an unknown key where the schema's keys cannot be listed", () => {
    // A tuple's elements are not walked for their keys (no stack file has one); the message still names the key.
    const schema = z.tuple([z.strictObject({ a: z.string() })]);
    const result = schema.safeParse([{ a: "x", b: 1 }], { reportInput: true });
    expect(result.success ? [] : formatIssues("platform:x", schema, result.error.issues)).toEqual(["platform:x[0].b: unknown key (check the spelling)"]);
  });
});

describe("parsePlatformConfig: peered ranges", () => {
  test("rejects a peered range that overlaps the VPC CIDR, naming its position", () => {
    expect(problemsOf(withNetwork({ cidr: "10.0.0.0/16", peeredCidrs: ["192.168.0.0/16", "10.0.128.0/17"] }))).toEqual([
      'platform:network.peeredCidrs[1]: "10.0.128.0/17" is not allowed (expected a range that does not overlap platform:network.cidr (10.0.0.0/16))',
    ]);
  });

  test("accepts peered ranges beside the VPC", () => {
    expect(parsePlatformConfig(withNetwork({ cidr: "10.0.0.0/16", peeredCidrs: ["10.1.0.0/16"] }), "t").network.peeredCidrs).toEqual(["10.1.0.0/16"]);
  });
});

describe("parsePlatformConfig: subnet capacity", () => {
  const sized = (network: unknown, compute: unknown) => ({ ...VALID, "platform:network": JSON.stringify(network), "platform:compute": JSON.stringify(compute) });

  test("refuses more tasks than the private subnets can address, naming maxCount and the largest that fits", () => {
    const problems = problemsOf(sized({ cidr: "10.0.0.0/20", availabilityZoneCount: 2 }, { scaling: { minCount: 1, maxCount: 200 } }));
    expect(problems).toEqual([
      "platform:compute.scaling.maxCount: 200 is not allowed (expected at most 117 tasks per colour: the private /24 subnets in 2 zones keep 235 addresses each for the app, and both colours may run twice their maximum during a deployment; or enlarge platform:network.subnetPrefixLengths.private)",
    ]);
  });

  test("accepts the largest task count that fits", () => {
    expect(problemsOf(sized({ cidr: "10.0.0.0/20", availabilityZoneCount: 2 }, { scaling: { minCount: 1, maxCount: 117 } }))).toEqual([]);
  });

  test("accepts a peak that fills the subnets to the last address, and refuses one task more", () => {
    // 3 zones share 2 colours x 2 (a deployment's surge) x 176 = 704 addresses: 235 a zone, rounded up, exactly what each keeps.
    const threeZones = { cidr: "10.0.0.0/20", availabilityZoneCount: 3 };
    expect(problemsOf(sized(threeZones, { scaling: { minCount: 1, maxCount: 176 } }))).toEqual([]);
    expect(problemsOf(sized(threeZones, { scaling: { minCount: 1, maxCount: 177 } }))[0]).toMatch(/^platform:compute.scaling.maxCount: 177 is not allowed \(expected at most 176 tasks per colour: the private \/24 subnets in 3 zones keep 235 addresses/);
  });

  test("counts the addresses EKS nodes take: the node groups at their maximum and as many 2-vCPU nodes as the pool's CPU limit allows", () => {
    const problems = problemsOf(
      sized(
        { cidr: "10.0.0.0/20", availabilityZoneCount: 2 },
        { platform: "eks", scaling: { minCount: 1, maxCount: 117 }, eks: { nodeGroups: { general: { maxSize: 10 } }, capacity: { nodePool: { cpuLimit: 20 } } } },
      ),
    );
    expect(problems[0]).toMatch(/^platform:compute.scaling.maxCount: 117 is not allowed \(expected at most 42 pods per colour beside up to 20 nodes/);
  });

  test("leaves a subnet layout that does not fit the CIDR to the network section, which reports it", () => {
    const defaults = parsePlatformConfig(VALID, "test");
    const config = { ...defaults, compute: { ...defaults.compute, scaling: { ...defaults.compute.scaling, maxCount: 5000 } } };
    expect(addressProblems(config)[0]).toMatch(/^platform:compute\.scaling\.maxCount: 5000 is not allowed/);
    // A /24 cannot hold six zones' slots (288 addresses): the network schema refuses it before this check runs.
    expect(addressProblems({ ...config, network: { ...config.network, cidr: "10.0.0.0/24", reservedAzSlots: 6 } })).toEqual([]);
  });

  test("with Auto Mode, counts the pool's nodes but not the node groups, which Auto Mode does not create", () => {
    const problems = problemsOf(
      sized(
        { cidr: "10.0.0.0/20", availabilityZoneCount: 2 },
        { platform: "eks", scaling: { minCount: 1, maxCount: 117 }, eks: { nodeGroups: { general: { maxSize: 10 } }, capacity: { mode: "autoMode", nodePool: { cpuLimit: 20 } } } },
      ),
    );
    // 10 nodes x 15 addresses leave 2 x 235 - 150 = 320 for 2 colours x 2 (surge): 80 pods.
    expect(problems[0]).toMatch(/^platform:compute.scaling.maxCount: 117 is not allowed \(expected at most 80 pods per colour beside up to 10 nodes:/);
  });

  test("when the nodes alone take more addresses than the subnets keep, the most pods allowed is zero, not a negative count", () => {
    const problems = problemsOf(
      sized(
        { cidr: "10.0.0.0/20", availabilityZoneCount: 2 },
        { platform: "eks", scaling: { minCount: 1, maxCount: 1 }, eks: { nodeGroups: { general: { maxSize: 2 } }, capacity: { nodePool: { cpuLimit: 64 } } } },
      ),
    );
    // 2 + 32 nodes x 15 addresses = 510, more than the 2 x 235 the private subnets keep.
    expect(problems).toEqual([
      "platform:compute.scaling.maxCount: 1 is not allowed (expected at most 0 pods per colour beside up to 34 nodes: the private /24 subnets in 2 zones keep 235 addresses each for the app, " +
        "and both colours may run twice their maximum during a deployment; or enlarge platform:network.subnetPrefixLengths.private)",
    ]);
  });
});
