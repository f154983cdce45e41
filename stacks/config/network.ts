import { z } from "zod";
import { LOG_RETENTION_DAYS } from "../../components/internal/log-group";
import { cidrsOverlap, parseNetworkCidr, planSubnets, VPC_PREFIX_RANGE } from "../../components/network/subnet-plan";
import { FLOW_LOG_TRAFFIC_TYPES, INTERFACE_ENDPOINT_SERVICES, NAT_STRATEGIES } from "../../components/network/vpc";
import { integer, list, oneOf, oneOfNumbers, text } from "./schema";

const MAX_AVAILABILITY_ZONES = 6;

const cidr = text("an IPv4 CIDR such as 10.0.0.0/16").refine((value) => {
  const parsed = parseNetworkCidr(value);
  return parsed !== undefined && parsed.subnetMask >= VPC_PREFIX_RANGE.min && parsed.subnetMask <= VPC_PREFIX_RANGE.max;
}, `is not a valid IPv4 CIDR (expected a.b.c.d/${VPC_PREFIX_RANGE.min} to /${VPC_PREFIX_RANGE.max}, with no host bits set)`);

const subnetPrefix = integer(16, 28);

/** `platform:network`: the VPC. Defaults are the prod ones; dev turns cost down with `nat: single` and two AZs. */
export const networkSchema = z
  .strictObject({
    cidr: cidr.default("10.0.0.0/16").describe("IPv4 CIDR of the VPC, /16 to /24; subnets are carved from it automatically."),
    availabilityZoneCount: integer(2, MAX_AVAILABILITY_ZONES)
      .default(3)
      .describe("How many availability zones (from aws.getAvailabilityZones, opt-in zones excluded) every tier spans."),
    reservedAzSlots: integer(2, MAX_AVAILABILITY_ZONES)
      .default(4)
      .describe("Address slots reserved per tier so AZs can be added without moving subnets. Fix it when the VPC is created."),
    subnetPrefixLengths: z
      .strictObject({
        public: subnetPrefix.optional().describe("Prefix length of public subnets. Default: VPC prefix + 8."),
        private: subnetPrefix.optional().describe("Prefix length of private (workload) subnets. Default: VPC prefix + 4."),
        database: subnetPrefix.optional().describe("Prefix length of isolated database subnets. Default: VPC prefix + 8."),
      })
      .prefault({})
      .describe("Subnet sizes per tier."),
    nat: oneOf(NAT_STRATEGIES).default("perAz").describe("NAT gateways for the private tier: none, single (one shared) or perAz."),
    flowLogs: z
      .strictObject({
        retentionInDays: oneOfNumbers(LOG_RETENTION_DAYS).default(90).describe("Days to keep VPC flow logs."),
        trafficType: oneOf(FLOW_LOG_TRAFFIC_TYPES).default("ALL").describe("Which traffic flow logs record."),
      })
      .prefault({})
      .describe("VPC flow logs, always on and KMS-encrypted."),
    interfaceEndpoints: list(oneOf(INTERFACE_ENDPOINT_SERVICES), `a list of ${INTERFACE_ENDPOINT_SERVICES.join(", ")}`)
      .default([])
      .describe("Interface endpoints for private-only workloads (ecr.api, ecr.dkr, logs, secretsmanager, sts)."),
    peeredCidrs: list(
      text("an IPv4 network CIDR such as 192.168.0.0/16").refine((c) => parseNetworkCidr(c) !== undefined, "is not a valid IPv4 network CIDR (expected a.b.c.d/n with no host bits set)"),
      "a list of IPv4 CIDRs",
    )
      .default([])
      .describe("Ranges reachable through peering, a transit gateway or VPN (other VPCs, on-premises); the VPC CIDR must not overlap them."),
  })
  .check((ctx) => {
    // Check the subnet layout here too, so a CIDR that is too small names the config key, not the component
    // argument; only once every field is valid on its own, so one mistake is reported once.
    if (ctx.issues.length > 0) return;
    const network = ctx.value;
    const plan = planConfiguredSubnets(network);
    network.peeredCidrs.forEach((peer, i) => {
      if (cidrsOverlap(peer, network.cidr)) {
        ctx.issues.push({ code: "custom", path: ["peeredCidrs", i], input: peer, message: `a range that does not overlap platform:network.cidr (${network.cidr})` });
      }
    });
    if (plan.ok) return;
    for (const problem of plan.problems) {
      const path = problem.field === "availabilityZones" ? ["availabilityZoneCount"] : problem.field.split(".");
      ctx.issues.push({ code: "custom", path, input: problem.value, message: problem.allowed });
    }
  })
  .prefault({})
  .describe("The VPC: address range, availability zones, NAT, flow logs and endpoints.");

export type NetworkConfig = z.infer<typeof networkSchema>;

/**
 * The subnet layout `platform:network` describes, with placeholder zone names:
 * the real ones come from the region when the program runs, and a subnet's
 * CIDR depends only on its tier and slot.
 */
export function planConfiguredSubnets(network: Pick<NetworkConfig, "cidr" | "availabilityZoneCount" | "subnetPrefixLengths" | "reservedAzSlots">) {
  return planSubnets({
    cidr: network.cidr,
    availabilityZones: Array.from({ length: network.availabilityZoneCount }, (_, i) => `zone-${i}`),
    prefixLengths: network.subnetPrefixLengths,
    reservedAzSlots: network.reservedAzSlots,
  });
}
