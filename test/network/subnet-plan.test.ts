import * as fc from "fast-check";
import { Address4 } from "ip-address";
import { planSubnets, SUBNET_TIERS } from "../../components/network/subnet-plan";

const ZONES = ["eu-west-1a", "eu-west-1b", "eu-west-1c"];

function range(cidr: string): [bigint, bigint] {
  const a = new Address4(cidr);
  return [a.startAddress().bigInt(), a.endAddress().bigInt()];
}

describe("planSubnets", () => {
  test("carves one subnet per tier and zone with the default sizes of a /16", () => {
    const plan = planSubnets({ cidr: "10.0.0.0/16", availabilityZones: ZONES });
    if (!plan.ok) throw new Error(JSON.stringify(plan.problems));
    expect(plan.subnets.map((s) => `${s.tier} ${s.availabilityZone} ${s.cidr}`)).toEqual([
      "public eu-west-1a 10.0.64.0/24",
      "public eu-west-1b 10.0.65.0/24",
      "public eu-west-1c 10.0.66.0/24",
      "private eu-west-1a 10.0.0.0/20",
      "private eu-west-1b 10.0.16.0/20",
      "private eu-west-1c 10.0.32.0/20",
      "database eu-west-1a 10.0.68.0/24",
      "database eu-west-1b 10.0.69.0/24",
      "database eu-west-1c 10.0.70.0/24",
    ]);
    expect(plan.subnets.find((s) => s.tier === "private")!.usableAddresses).toBe(4091);
  });

  test("adding a zone never moves an existing subnet", () => {
    const two = planSubnets({ cidr: "10.0.0.0/16", availabilityZones: ZONES.slice(0, 2) });
    const three = planSubnets({ cidr: "10.0.0.0/16", availabilityZones: ZONES });
    if (!two.ok || !three.ok) throw new Error("plans failed");
    for (const subnet of two.subnets) expect(three.subnets).toContainEqual(subnet);
  });

  test("rejects a CIDR with host bits set", () => {
    const plan = planSubnets({ cidr: "10.0.0.1/16", availabilityZones: ZONES });
    expect(plan.ok).toBe(false);
    expect(!plan.ok && plan.problems[0]).toMatchObject({ field: "cidr", value: "10.0.0.1/16" });
  });

  test("rejects a CIDR too small for the reserved slots and says how many addresses it needs", () => {
    const plan = planSubnets({ cidr: "10.0.0.0/24", availabilityZones: ZONES, reservedAzSlots: 6 });
    expect(plan.ok).toBe(false);
    expect(!plan.ok && plan.problems[0].allowed).toMatch(/at least 288 addresses .* \(it has 256\)/);
  });

  test("rejects more zones than reserved slots", () => {
    const plan = planSubnets({ cidr: "10.0.0.0/16", availabilityZones: ZONES, reservedAzSlots: 2 });
    expect(!plan.ok && plan.problems.map((p) => p.field)).toContain("availabilityZones");
  });

  test("subnets never overlap, stay inside the VPC and are aligned, for any valid input", () => {
    const input = fc.record({
      octet: fc.integer({ min: 0, max: 255 }),
      vpcPrefix: fc.integer({ min: 16, max: 24 }),
      zones: fc.integer({ min: 2, max: 6 }),
      slots: fc.integer({ min: 2, max: 6 }),
      deltas: fc.record({ public: fc.integer({ min: 0, max: 12 }), private: fc.integer({ min: 0, max: 12 }), database: fc.integer({ min: 0, max: 12 }) }),
    });
    let carved = 0;
    fc.assert(
      fc.property(input, ({ octet, vpcPrefix, zones, slots, deltas }) => {
        const cidr = new Address4(`10.${octet}.0.0/${vpcPrefix}`).startAddress().address + `/${vpcPrefix}`;
        const prefixLengths = Object.fromEntries(SUBNET_TIERS.map((t) => [t, Math.min(vpcPrefix + deltas[t], 28)]));
        const plan = planSubnets({ cidr, availabilityZones: ZONES.concat(["x", "y", "z"]).slice(0, zones), prefixLengths, reservedAzSlots: slots });
        if (!plan.ok) return;
        carved++;
        const [vpcStart, vpcEnd] = range(cidr);
        const ranges = plan.subnets.map((s) => range(s.cidr));
        for (const [start, end] of ranges) {
          expect(start >= vpcStart && end <= vpcEnd).toBe(true);
        }
        for (const s of plan.subnets) expect(new Address4(s.cidr).startAddress().address).toBe(s.cidr.split("/")[0]);
        const sorted = [...ranges].sort((a, b) => (a[0] < b[0] ? -1 : 1));
        for (let i = 1; i < sorted.length; i++) expect(sorted[i][0] > sorted[i - 1][1]).toBe(true);
      }),
      { numRuns: 300, seed: 42 },
    );
    expect(carved).toBeGreaterThan(50);
  });
});
