import type { PolicyResource } from "@pulumi/policy";
import { dependsOn, ofTypes, stackPolicy } from "../kit";

const SUBNET = "aws:ec2/subnet:Subnet";

/**
 * Subnets with a route to an internet gateway, whatever its destination: that
 * route is what makes a subnet public ("If a subnet's traffic is routed to an
 * internet gateway, the subnet is known as a public subnet", Amazon VPC User
 * Guide), and a route to one public range opens the subnet to that range. A
 * route table counts when an `aws.ec2.Route` to an internet gateway targets it,
 * or when it depends on an internet gateway itself (its inline `routes` name
 * one). Only relations are read, which the engine knows in a preview as well
 * as after the update; a NAT gateway's own dependency on the internet gateway
 * does not make the subnets routed to it public. Subnets left to the VPC's main
 * route table (no explicit association) are not judged.
 */
export function publicSubnets(resources: readonly PolicyResource[]): PolicyResource[] {
  const gateways = ofTypes(resources, "aws:ec2/internetGateway:InternetGateway");
  const reachesGateway = (resource: PolicyResource) => gateways.some((g) => dependsOn(resource, g));
  const routes = ofTypes(resources, "aws:ec2/route:Route").filter(reachesGateway);
  const publicTables = ofTypes(resources, "aws:ec2/routeTable:RouteTable").filter((table) => reachesGateway(table) || routes.some((route) => dependsOn(route, table)));
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
    validate: ({ resources, report }) => {
      const exposed = publicSubnets(resources);
      for (const group of ofTypes(resources, type)) {
        const bad = exposed.filter((subnet) => dependsOn(group, subnet));
        if (bad.length > 0) report(`subnet group ${group.name} includes public subnets (${bad.map((s) => s.name).join(", ")}), so the ${what} is one setting away from the internet. Use the database subnets.`, group.urn);
      }
    },
  });
}

export const rdsSubnetGroupDisallowPublicSubnets = subnetGroupPolicy("rds", "aws:rds/subnetGroup:SubnetGroup", "database");
export const elasticacheSubnetGroupDisallowPublicSubnets = subnetGroupPolicy("elasticache", "aws:elasticache/subnetGroup:SubnetGroup", "cache");
