import type { PolicyResource } from "@pulumi/policy";
import { ANYWHERE, dependsOn, ofTypes, stackPolicy } from "../kit";

const SUBNET = "aws:ec2/subnet:Subnet";

/**
 * Subnets with a route to the internet gateway: associated with a route
 * table that has a default route (IPv4 or IPv6) through an internet gateway.
 */
export function publicSubnets(resources: readonly PolicyResource[]): PolicyResource[] {
  const gateways = ofTypes(resources, "aws:ec2/internetGateway:InternetGateway");
  const viaGateway = (route: PolicyResource) =>
    gateways.some((g) => dependsOn(route, g)) || String(route.props.gatewayId ?? "").startsWith("igw-");
  const publicTables = ofTypes(resources, "aws:ec2/routeTable:RouteTable").filter(
    (table) =>
      ofTypes(resources, "aws:ec2/route:Route").some(
        (route) => dependsOn(route, table) && ANYWHERE.includes(route.props.destinationCidrBlock ?? route.props.destinationIpv6CidrBlock) && viaGateway(route),
      ) || (table.props.routes ?? []).some((r: { cidrBlock?: string; gatewayId?: string }) => r.cidrBlock === "0.0.0.0/0" && String(r.gatewayId ?? "").startsWith("igw-")),
  );
  const associations = ofTypes(resources, "aws:ec2/routeTableAssociation:RouteTableAssociation");
  return ofTypes(resources, SUBNET).filter(
    (subnet) => subnet.props.mapPublicIpOnLaunch === true || associations.some((a) => dependsOn(a, subnet) && publicTables.some((t) => dependsOn(a, t))),
  );
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
