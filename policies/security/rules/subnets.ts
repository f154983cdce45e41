import type { PolicyResource } from "@pulumi/policy";
import { ANYWHERE, declaredValue, dependsOn, ofTypes, stackPolicy, UNKNOWN } from "../kit";

const SUBNET = "aws:ec2/subnet:Subnet";
const DESTINATIONS = ["destinationCidrBlock", "destinationIpv6CidrBlock"];

/**
 * Subnets with a route to the internet: associated with a route table that
 * has a default route (IPv4 or IPv6) depending on an internet gateway. Only
 * relations and the destinations the program declared are read, because
 * during a preview the outputs (gateway ids, defaults) of new resources are
 * still unknown. A gateway route whose destination is not known yet is
 * passed to `undecided`.
 */
export function publicSubnets(resources: readonly PolicyResource[], undecided: (resource: PolicyResource, path: readonly string[]) => void): PolicyResource[] {
  const gateways = ofTypes(resources, "aws:ec2/internetGateway:InternetGateway");
  const routes = ofTypes(resources, "aws:ec2/route:Route").filter((route) => {
    if (!gateways.some((g) => dependsOn(route, g))) return false;
    return DESTINATIONS.some((key) => {
      const cidr = declaredValue(route, [key]);
      if (cidr === UNKNOWN) undecided(route, [key]);
      return ANYWHERE.includes(cidr);
    });
  });
  const publicTables = ofTypes(resources, "aws:ec2/routeTable:RouteTable").filter((table) => routes.some((route) => dependsOn(route, table)));
  const associations = ofTypes(resources, "aws:ec2/routeTableAssociation:RouteTableAssociation").filter((a) => publicTables.some((t) => dependsOn(a, t)));
  return ofTypes(resources, SUBNET).filter((subnet) => associations.some((a) => dependsOn(a, subnet)));
}

function subnetGroupPolicy(service: "rds" | "elasticache", type: string, what: string) {
  return stackPolicy({
    name: `aws-${service}-subnet-group-disallow-public-subnets`,
    description: `${what} subnet groups use only subnets without a route to an internet gateway.`,
    pack: "security",
    service,
    severity: "high",
    frameworks: ["cis", "pci", "hipaa", "soc2", "iso27001"],
    remediationSteps: `Build the ${what} subnet group from the VPC's database subnets (\`databaseSubnetIds\`), whose route table has no internet route.`,
    validate: ({ resources, report, undecided }) => {
      const exposed = publicSubnets(resources, undecided);
      for (const group of ofTypes(resources, type)) {
        const bad = exposed.filter((subnet) => dependsOn(group, subnet));
        if (bad.length > 0) report(`subnet group ${group.name} includes public subnets (${bad.map((s) => s.name).join(", ")}), so the ${what} is one setting away from the internet. Use the database subnets.`, group.urn);
      }
    },
  });
}

export const rdsSubnetGroupDisallowPublicSubnets = subnetGroupPolicy("rds", "aws:rds/subnetGroup:SubnetGroup", "database");
export const elasticacheSubnetGroupDisallowPublicSubnets = subnetGroupPolicy("elasticache", "aws:elasticache/subnetGroup:SubnetGroup", "cache");
