import { Vpc, VpcArgs } from "../../components/network";
import { nonEmpty, runComponents, RunResult } from "../harness";

const ZONES = ["eu-west-1a", "eu-west-1b", "eu-west-1c"];
const BASE: VpcArgs = { cidr: "10.0.0.0/16", availabilityZones: ZONES, tags: { Owner: "team" } };

const runVpc = (args: Partial<VpcArgs> = {}) => runComponents(() => void new Vpc("net", { ...BASE, ...args }));

describe("Vpc", () => {
  test.each([2, 3, 4])("creates public, private and database subnets in each of %i zones", async (zoneCount) => {
    const zones = ["eu-west-1a", "eu-west-1b", "eu-west-1c", "eu-west-1d"].slice(0, zoneCount);
    const run = await runVpc({ availabilityZones: zones });
    const subnets = run.ofType("aws:ec2/subnet:Subnet");
    expect(subnets).toHaveLength(3 * zoneCount);
    for (const tier of ["public", "private", "database"]) {
      expect(subnets.filter((s) => s.inputs.tags["platform:tier"] === tier).map((s) => s.inputs.availabilityZone).sort()).toEqual(zones);
    }
    expect(subnets.every((s) => s.inputs.mapPublicIpOnLaunch === false)).toBe(true);
  });

  test.each([
    ["none", 0],
    ["single", 1],
    ["perAz", 3],
  ] as const)("NAT strategy %s creates %i NAT gateways, each with an Elastic IP", async (nat, count) => {
    const run = await runVpc({ nat });
    expect(run.ofType("aws:ec2/natGateway:NatGateway")).toHaveLength(count);
    expect(run.ofType("aws:ec2/eip:Eip")).toHaveLength(count);
  });

  test("perAz routes each private route table through the NAT gateway in its own zone", async () => {
    const run = await runVpc({ nat: "perAz" });
    for (const az of ZONES) {
      const route = run.one("aws:ec2/route:Route", `net-private-${az}-internet`);
      const nat = run.one("aws:ec2/natGateway:NatGateway", `net-nat-${az}`);
      expect(route.inputs.destinationCidrBlock).toBe("0.0.0.0/0");
      expect(route.inputs.natGatewayId).toMatch(/^nat-/);
      expect(route.options.dependsOn).toContain(nat.urn);
    }
  });

  test("single NAT serves every private route table from the first zone", async () => {
    const run = await runVpc({ nat: "single" });
    const nat = run.one("aws:ec2/natGateway:NatGateway", "net-nat-eu-west-1a");
    const routes = ZONES.map((az) => run.one("aws:ec2/route:Route", `net-private-${az}-internet`));
    expect(routes.every((r) => r.options.dependsOn.includes(nat.urn))).toBe(true);
  });

  test("NAT none leaves private subnets without a default route", async () => {
    const run = await runVpc({ nat: "none" });
    expect(run.ofType("aws:ec2/route:Route").map((r) => r.name)).toEqual(["net-public-internet"]);
  });

  test("the database tier has no route to the internet, only the gateway endpoints", async () => {
    const run = await runVpc();
    const dbTable = run.one("aws:ec2/routeTable:RouteTable", "net-database");
    expect(run.ofType("aws:ec2/route:Route").filter((r) => r.options.dependsOn.includes(dbTable.urn))).toEqual([]);
    const associations = run.ofType("aws:ec2/routeTableAssociation:RouteTableAssociation").filter((a) => a.name.startsWith("net-database-"));
    expect(nonEmpty(associations, "database route table association").every((a) => a.options.dependsOn.includes(dbTable.urn))).toBe(true);
    for (const service of ["s3", "dynamodb"]) {
      const endpoint = run.one("aws:ec2/vpcEndpoint:VpcEndpoint", `net-${service}`);
      expect(endpoint.inputs).toMatchObject({ vpcEndpointType: "Gateway", serviceName: `com.amazonaws.eu-west-1.${service}` });
      expect(endpoint.options.dependsOn).toContain(dbTable.urn);
      expect(endpoint.inputs.routeTableIds).toHaveLength(ZONES.length + 1);
    }
  });

  test("the public route table sends 0.0.0.0/0 to the internet gateway", async () => {
    const run = await runVpc();
    const route = run.one("aws:ec2/route:Route", "net-public-internet");
    expect(route.inputs.gatewayId).toMatch(/^igw-/);
    expect(route.inputs.destinationCidrBlock).toBe("0.0.0.0/0");
  });

  test("flow logs go to a KMS-encrypted log group through a role scoped to that group", async () => {
    const run = await runVpc({ flowLogs: { retentionInDays: 365 } });
    const key = run.one("aws:kms/key:Key", "net-flow-logs");
    expect(key.inputs.enableKeyRotation).toBe(true);
    const group = run.one("aws:cloudwatch/logGroup:LogGroup", "net-flow-logs");
    expect(group.inputs).toMatchObject({ name: "/platform/dev/net/flow-logs", retentionInDays: 365, kmsKeyId: expect.stringMatching(/^arn:aws:kms:eu-west-1:\d{12}:key\//) });
    const groupArn = "arn:aws:logs:eu-west-1:123456789012:log-group:/platform/dev/net/flow-logs";
    // CloudWatch Logs may use the key for this one group only.
    const logsGrant = JSON.parse(key.inputs.policy).Statement.find((s: any) => s.Principal.Service === "logs.eu-west-1.amazonaws.com");
    expect(logsGrant.Condition).toEqual({ ArnLike: { "kms:EncryptionContext:aws:logs:arn": [groupArn] } });
    const flowLog = run.one("aws:ec2/flowLog:FlowLog", "net-flow-logs");
    expect(flowLog.inputs).toMatchObject({ trafficType: "ALL", logDestinationType: "cloud-watch-logs", maxAggregationInterval: 60 });
    const policy = JSON.parse(run.one("aws:iam/rolePolicy:RolePolicy", "net-flow-logs").inputs.policy);
    expect(policy.Statement).toHaveLength(1);
    expect(policy.Statement[0].Resource).toEqual([groupArn, `${groupArn}:*`]);
    // Only flow logs of this account may assume the role (the flow log id is AWS's, so a wildcard).
    const trust = JSON.parse(run.one("aws:iam/role:Role", "net-flow-logs").inputs.assumeRolePolicy);
    expect(trust.Statement[0]).toMatchObject({
      Principal: { Service: "vpc-flow-logs.amazonaws.com" },
      Condition: { StringEquals: { "aws:SourceAccount": "123456789012" }, ArnLike: { "aws:SourceArn": "arn:aws:ec2:eu-west-1:123456789012:vpc-flow-log/*" } },
    });
  });

  test("a flow log key handed in is used instead of creating one", async () => {
    const run = await runVpc({ flowLogs: { kmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/byo" } });
    expect(run.ofType("aws:kms/key:Key")).toHaveLength(0);
    expect(run.one("aws:cloudwatch/logGroup:LogGroup", "net-flow-logs").inputs.kmsKeyId).toBe("arn:aws:kms:eu-west-1:123456789012:key/byo");
  });

  test("the default security group is adopted with no rules", async () => {
    const run = await runVpc();
    const sg = run.one("aws:ec2/defaultSecurityGroup:DefaultSecurityGroup", "net-default");
    expect(sg.inputs.ingress ?? []).toEqual([]);
    expect(sg.inputs.egress ?? []).toEqual([]);
  });

  test("interface endpoints sit in the private subnets behind their own HTTPS-only security group", async () => {
    const run = await runVpc({ interfaceEndpoints: ["ecr.api", "sts"] });
    const sg = run.one("aws:ec2/securityGroup:SecurityGroup", "net-endpoints");
    expect(sg.inputs.ingress).toEqual([expect.objectContaining({ fromPort: 443, toPort: 443, protocol: "tcp", cidrBlocks: ["10.0.0.0/16"] })]);
    const endpoint = run.one("aws:ec2/vpcEndpoint:VpcEndpoint", "net-ecr-api");
    expect(endpoint.inputs).toMatchObject({ vpcEndpointType: "Interface", privateDnsEnabled: true, serviceName: "com.amazonaws.eu-west-1.ecr.api" });
    expect(endpoint.inputs.subnetIds).toHaveLength(3);
    expect(run.find("aws:ec2/vpcEndpoint:VpcEndpoint", "net-logs")).toBeUndefined();
  });

  test("no interface endpoints and no endpoint security group by default", async () => {
    const run = await runVpc();
    expect(run.find("aws:ec2/securityGroup:SecurityGroup", "net-endpoints")).toBeUndefined();
  });

  test("every taggable child carries Name and the given tags", async () => {
    const run = await runVpc();
    const tagged = run.resources.filter((r) => r.custom && r.inputs.tags);
    expect(tagged.length).toBeGreaterThan(20);
    for (const r of tagged) expect(r.inputs.tags).toMatchObject({ Owner: "team", Name: expect.any(String) });
  });

  test("every child is parented to the component", async () => {
    const run = await runVpc();
    const vpc = run.one("platform:network:Vpc", "net");
    const strays = run.resources.filter((r) => r.custom && r.type !== "aws:kms/alias:Alias" && r.parent !== vpc.urn);
    expect(strays.map((r) => r.name)).toEqual([]);
  });

  test("names come from tier and zone, so adding a zone keeps every existing name and CIDR", async () => {
    const two = await runVpc({ availabilityZones: ZONES.slice(0, 2) });
    const three = await runVpc();
    const identity = (run: RunResult) => new Map(run.resources.filter((r) => r.custom).map((r) => [r.urn, r.inputs.cidrBlock]));
    const after = identity(three);
    for (const [urn, cidr] of identity(two)) {
      expect(after.has(urn)).toBe(true);
      expect(after.get(urn)).toBe(cidr);
    }
  });

  test("invalid arguments fail before any child exists, listing every problem", async () => {
    await expect(runVpc({ cidr: "10.0.0.0/26", availabilityZones: ["eu-west-1a"], nat: "twice" as never })).rejects.toThrow(
      /availabilityZones: \["eu-west-1a"\] is not allowed \(expected at least 2 zones\)[\s\S]*nat: "twice"[\s\S]*cidr: "10.0.0.0\/26"/,
    );
  });

});

describe("Vpc peered ranges", () => {
  test("refuses a peered range that overlaps the VPC", async () => {
    await expect(runVpc({ peeredCidrs: ["10.0.5.0/24"] })).rejects.toThrow('peeredCidrs[0]: "10.0.5.0/24" is not allowed (expected a range that does not overlap the VPC CIDR 10.0.0.0/16)');
  });
});
