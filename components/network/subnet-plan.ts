import { Address4 } from "ip-address";

/** The three subnet tiers every VPC has. */
export const SUBNET_TIERS = ["public", "private", "database"] as const;
export type SubnetTier = (typeof SUBNET_TIERS)[number];

/** VPC CIDR prefix lengths we accept: AWS allows /16 to /28, but a /25 or smaller cannot hold three tiers. */
export const VPC_PREFIX_RANGE = { min: 16, max: 24 } as const;
/** Subnet prefix lengths AWS accepts. */
export const SUBNET_PREFIX_RANGE = { min: 16, max: 28 } as const;
/** AZ slots reserved per tier unless configured; see {@link SubnetPlanInput.reservedAzSlots}. */
export const DEFAULT_RESERVED_AZ_SLOTS = 4;

export interface SubnetPlanInput {
  /** The VPC CIDR, such as `10.0.0.0/16`. */
  readonly cidr: string;
  /** Availability zone names, in the order their slots are assigned. */
  readonly availabilityZones: readonly string[];
  /**
   * Prefix length of each tier's subnets.
   * @default private: VPC prefix + 4; public and database: VPC prefix + 8 (at most /28)
   */
  readonly prefixLengths?: Partial<Record<SubnetTier, number>>;
  /**
   * Address slots reserved per tier, one per AZ the VPC may ever use. A subnet's
   * CIDR depends only on its tier and slot, so adding an AZ later never moves
   * an existing subnet. Changing this on a live VPC moves every subnet.
   * @default 4
   */
  readonly reservedAzSlots?: number;
}

export interface PlannedSubnet {
  readonly tier: SubnetTier;
  readonly availabilityZone: string;
  readonly cidr: string;
  /** Usable addresses: AWS reserves five in every subnet. */
  readonly usableAddresses: number;
}

/** One problem with the input: which field, the value given, and what is allowed. */
export interface PlanProblem {
  readonly field: string;
  readonly value: unknown;
  readonly allowed: string;
}

export type SubnetPlanResult =
  | { readonly ok: true; readonly subnets: readonly PlannedSubnet[]; readonly prefixLengths: Record<SubnetTier, number> }
  | { readonly ok: false; readonly problems: readonly PlanProblem[] };

const AWS_RESERVED_ADDRESSES_PER_SUBNET = 5;
const CIDR_PATTERN = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/** Parses `a.b.c.d/n`, returning undefined unless it is a valid IPv4 CIDR whose address is the network address. */
export function parseNetworkCidr(cidr: string): Address4 | undefined {
  if (!CIDR_PATTERN.test(cidr) || !Address4.isValid(cidr)) return undefined;
  const address = new Address4(cidr);
  return address.startAddress().address === address.addressMinusSuffix ? address : undefined;
}

/** True when two IPv4 CIDRs share at least one address. Both must be valid CIDRs. */
export function cidrsOverlap(a: string, b: string): boolean {
  const [x, y] = [new Address4(a), new Address4(b)];
  return x.startAddress().bigInt() <= y.endAddress().bigInt() && y.startAddress().bigInt() <= x.endAddress().bigInt();
}

export function defaultPrefixLengths(vpcPrefix: number): Record<SubnetTier, number> {
  const cap = (n: number) => Math.min(n, SUBNET_PREFIX_RANGE.max);
  return { private: cap(vpcPrefix + 4), public: cap(vpcPrefix + 8), database: cap(vpcPrefix + 8) };
}

/**
 * Carves the VPC CIDR into non-overlapping subnets, one per tier and AZ.
 *
 * Layout: each tier gets a block of `reservedAzSlots` equal subnets; blocks are
 * placed largest subnet first so every subnet is aligned to its own size. The
 * subnet in AZ slot `i` of a tier is always the `i`-th of its block.
 */
export function planSubnets(input: SubnetPlanInput): SubnetPlanResult {
  const problems: PlanProblem[] = [];
  const vpc = parseNetworkCidr(input.cidr);
  if (!vpc) {
    return { ok: false, problems: [{ field: "cidr", value: input.cidr, allowed: `a valid IPv4 network CIDR such as 10.0.0.0/16` }] };
  }
  if (vpc.subnetMask < VPC_PREFIX_RANGE.min || vpc.subnetMask > VPC_PREFIX_RANGE.max) {
    problems.push({ field: "cidr", value: input.cidr, allowed: `a.b.c.d/${VPC_PREFIX_RANGE.min} to /${VPC_PREFIX_RANGE.max}` });
    return { ok: false, problems };
  }
  const slots = input.reservedAzSlots ?? DEFAULT_RESERVED_AZ_SLOTS;
  const azCount = input.availabilityZones.length;
  if (azCount > slots) {
    problems.push({
      field: "availabilityZones",
      value: azCount,
      allowed: `at most reservedAzSlots (${slots}) zones; raise reservedAzSlots only when creating a new VPC`,
    });
  }
  const prefixLengths = { ...defaultPrefixLengths(vpc.subnetMask), ...definedEntries(input.prefixLengths) };
  for (const tier of SUBNET_TIERS) {
    const prefix = prefixLengths[tier];
    const min = Math.max(vpc.subnetMask, SUBNET_PREFIX_RANGE.min);
    if (!Number.isInteger(prefix) || prefix < min || prefix > SUBNET_PREFIX_RANGE.max) {
      problems.push({ field: `subnetPrefixLengths.${tier}`, value: prefix, allowed: `an integer from ${min} to ${SUBNET_PREFIX_RANGE.max}` });
    }
  }
  if (problems.length > 0) return { ok: false, problems };

  const vpcSize = 2n ** BigInt(32 - vpc.subnetMask);
  const sizeOf = (tier: SubnetTier) => 2n ** BigInt(32 - prefixLengths[tier]);
  const needed = SUBNET_TIERS.reduce((sum, tier) => sum + sizeOf(tier) * BigInt(slots), 0n);
  if (needed > vpcSize) {
    const sizes = SUBNET_TIERS.map((t) => `${t} /${prefixLengths[t]}`).join(", ");
    return {
      ok: false,
      problems: [
        {
          field: "cidr",
          value: input.cidr,
          allowed: `a CIDR with at least ${needed} addresses for ${slots} AZ slots of ${sizes} subnets (it has ${vpcSize}); use a shorter prefix or longer subnet prefixes`,
        },
      ],
    };
  }

  const placementOrder = [...SUBNET_TIERS].sort((a, b) => prefixLengths[a] - prefixLengths[b]);
  const start = vpc.startAddress().bigInt();
  const blockStart = new Map<SubnetTier, bigint>();
  let offset = 0n;
  for (const tier of placementOrder) {
    blockStart.set(tier, offset);
    offset += sizeOf(tier) * BigInt(slots);
  }
  const subnets: PlannedSubnet[] = [];
  for (const tier of SUBNET_TIERS) {
    input.availabilityZones.forEach((availabilityZone, slot) => {
      const base = start + blockStart.get(tier)! + sizeOf(tier) * BigInt(slot);
      subnets.push({
        tier,
        availabilityZone,
        cidr: `${Address4.fromBigInt(base).address}/${prefixLengths[tier]}`,
        usableAddresses: Number(sizeOf(tier)) - AWS_RESERVED_ADDRESSES_PER_SUBNET,
      });
    });
  }
  return { ok: true, subnets, prefixLengths };
}

function definedEntries<T extends object>(value: T | undefined): Partial<T> {
  return Object.fromEntries(Object.entries(value ?? {}).filter(([, v]) => v !== undefined)) as Partial<T>;
}
