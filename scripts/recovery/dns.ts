/** The DNS answer a client gets, for confirming where a name points after a failover. */
import { Resolver } from "dns/promises";

export interface DnsResolver {
  /** The IPv4 addresses `name` resolves to; none while the name does not resolve. */
  addresses(name: string): Promise<string[]>;
}

/** Codes c-ares returns for a name with no A record or no such name: an answer of no addresses, not a failure. */
const NO_ANSWER = new Set(["ENOTFOUND", "ENODATA", "NXDOMAIN"]);

/** The system's resolvers, asked afresh each time (no cache in this process). */
export const systemResolver: DnsResolver = {
  async addresses(name) {
    try {
      return await new Resolver().resolve4(name);
    } catch (error) {
      if (NO_ANSWER.has((error as { code?: string }).code ?? "")) return [];
      throw error;
    }
  },
};

/** Whether `name` answers with the load balancer: an alias record returns the load balancer's own addresses. */
export async function pointsAt(resolver: DnsResolver, name: string, loadBalancerDnsName: string): Promise<{ readonly answers: boolean; readonly addresses: string[] }> {
  const [addresses, target] = await Promise.all([resolver.addresses(name), resolver.addresses(loadBalancerDnsName)]);
  const targets = new Set(target);
  // A load balancer has more addresses than one answer lists (up to eight), so overlap is the test: two load balancers never share one.
  return { answers: addresses.some((address) => targets.has(address)), addresses };
}
