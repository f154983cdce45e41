import { runProgram } from "../harness";

const NAT = "aws:ec2/natGateway:NatGateway";
const SUBNET = "aws:ec2/subnet:Subnet";

describe("shipped stacks: network", () => {
  test("dev runs to completion with two zones and one shared NAT gateway", async () => {
    const run = await runProgram({ stack: "dev" });
    expect(run.one("aws:ec2/vpc:Vpc", "network").inputs.cidrBlock).toBe("10.10.0.0/16");
    expect(run.outputs.availabilityZones).toEqual(["eu-west-1a", "eu-west-1b"]);
    expect(run.ofType(SUBNET)).toHaveLength(6);
    expect(run.ofType(NAT).map((n) => n.name)).toEqual(["network-nat-eu-west-1a"]);
    expect(run.one("aws:cloudwatch/logGroup:LogGroup", "network-flow-logs").inputs.retentionInDays).toBe(14);
  });

  test("staging runs to completion with three zones and one shared NAT gateway (the cost trade-off its stack file states)", async () => {
    const run = await runProgram({ stack: "staging" });
    expect(run.ofType(SUBNET)).toHaveLength(9);
    expect(run.ofType(NAT).map((n) => n.name)).toEqual(["network-nat-eu-west-1a"]);
  });

  test("prod runs to completion with three zones, NAT per zone, year-long flow logs and only the free gateway endpoints", async () => {
    const run = await runProgram({ stack: "prod" });
    expect(run.ofType(SUBNET)).toHaveLength(9);
    expect(run.ofType(NAT)).toHaveLength(3);
    expect(run.one("aws:cloudwatch/logGroup:LogGroup", "network-flow-logs").inputs.retentionInDays).toBe(365);
    expect(run.ofType("aws:ec2/vpcEndpoint:VpcEndpoint").map((e) => e.inputs.vpcEndpointType)).toEqual(["Gateway", "Gateway"]);
  });

  test("every stack tags resources with Environment and the configured tags", async () => {
    for (const stack of ["dev", "staging", "prod"]) {
      const run = await runProgram({ stack });
      const vpc = run.one("aws:ec2/vpc:Vpc", "network");
      expect(vpc.inputs.tags).toMatchObject({ Name: "network", Environment: stack, Owner: "platform-team", CostCenter: "engineering" });
    }
  });

  test("asking for more zones than the region has fails naming availabilityZoneCount", async () => {
    await expect(runProgram({ stack: "dev", overrides: { "platform:network": { availabilityZoneCount: 4 } } })).rejects.toThrow(
      "platform:network.availabilityZoneCount: 4 is not allowed (expected at most 3, the zones this region offers: eu-west-1a, eu-west-1b, eu-west-1c)",
    );
  });

  test("an invalid stack file fails the run with the key path before any resource exists", async () => {
    const failing = runProgram({ stack: "dev", overrides: { "platform:network": { cidr: "10.0.0.0/33" } } });
    await expect(failing).rejects.toThrow(/platform:network.cidr: "10.0.0.0\/33" is not a valid IPv4 CIDR/);
  });
});
