import * as aws from "../internal/aws";
import * as pulumi from "@pulumi/pulumi";
import { arns } from "../internal/arns";
import { awsContext, contextDocument } from "../internal/aws-context";
import { createEncryptionKey } from "../internal/kms";
import { createEncryptedLogGroup, LOG_RETENTION_DAYS, stackLogGroupName } from "../internal/log-group";
import { mergeTags, Tags } from "../internal/tags";
import { serviceRoleTrust } from "../internal/trust";
import { Problems } from "../internal/validation";
import { cidrsOverlap, parseNetworkCidr, PlannedSubnet, planSubnets, SubnetTier } from "./subnet-plan";

/** How private subnets reach the internet. */
export const NAT_STRATEGIES = ["none", "single", "perAz"] as const;
export type NatStrategy = (typeof NAT_STRATEGIES)[number];

/** Interface endpoints a private-only workload needs to pull images, write logs, read secrets and assume roles. */
export const INTERFACE_ENDPOINT_SERVICES = ["ecr.api", "ecr.dkr", "logs", "secretsmanager", "sts"] as const;
export type InterfaceEndpointService = (typeof INTERFACE_ENDPOINT_SERVICES)[number];

export const FLOW_LOG_TRAFFIC_TYPES = ["ALL", "ACCEPT", "REJECT"] as const;

export interface VpcFlowLogArgs {
  /**
   * Days to keep flow log records; one of CloudWatch's retention values.
   * @default 90
   */
  readonly retentionInDays?: number;
  /** @default "ALL" */
  readonly trafficType?: (typeof FLOW_LOG_TRAFFIC_TYPES)[number];
  /**
   * Bring your own KMS key for the flow log group; its policy must let CloudWatch Logs use it for the group
   * `/<project>/<stack>/<name>/flow-logs`. @default a new key with rotation, admitting that group only
   */
  readonly kmsKeyArn?: pulumi.Input<string>;
}

export interface VpcArgs {
  /** IPv4 CIDR of the VPC, /16 to /24. */
  readonly cidr: string;
  /**
   * Availability zones to spread every tier across, at least two. Plain names
   * because subnet, route table and NAT names are derived from them.
   */
  readonly availabilityZones: readonly string[];
  /** Subnet prefix length per tier. @default private: VPC prefix + 4; public and database: VPC prefix + 8 */
  readonly subnetPrefixLengths?: Partial<Record<SubnetTier, number>>;
  /** Address slots reserved per tier so AZs can be added later without moving subnets. @default 4 */
  readonly reservedAzSlots?: number;
  /** NAT gateways for the private tier: none, one shared, or one per AZ. @default "perAz" */
  readonly nat?: NatStrategy;
  /** Flow logs to an encrypted CloudWatch log group; always on. @default 90 days of ALL traffic */
  readonly flowLogs?: VpcFlowLogArgs;
  /** Interface endpoints in the private subnets, with their own security group. @default none */
  readonly interfaceEndpoints?: readonly InterfaceEndpointService[];
  /**
   * Address ranges reachable through peering, a transit gateway or VPN. The
   * VPC CIDR must not overlap any of them, or routes to them could never work.
   * @default none
   */
  readonly peeredCidrs?: readonly string[];
  /**
   * Extra tags on the private subnets only, such as the discovery tag
   * Karpenter and EKS Auto Mode node classes select node subnets by.
   * @default none
   */
  readonly privateSubnetTags?: Tags;
  /** Tags for every taggable resource, after `Name`. */
  readonly tags?: Tags;
}

const MIN_AVAILABILITY_ZONES = 2;
const DEFAULT_FLOW_LOG_RETENTION_DAYS = 90;
/** Shortest aggregation interval flow logs allow, so incidents show up within a minute. */
const FLOW_LOG_AGGREGATION_SECONDS = 60;
const GATEWAY_ENDPOINT_SERVICES = ["s3", "dynamodb"] as const;
const ANYWHERE_IPV4 = "0.0.0.0/0";

/** Pure validation of {@link VpcArgs}; returns the subnet plan when the arguments are valid. */
export function validateVpcArgs(args: VpcArgs): { problems: Problems; subnets: readonly PlannedSubnet[] } {
  const problems = new Problems();
  const zones = args.availabilityZones;
  problems.check(zones.length >= MIN_AVAILABILITY_ZONES, "availabilityZones", zones, `at least ${MIN_AVAILABILITY_ZONES} zones`);
  problems.check(new Set(zones).size === zones.length, "availabilityZones", zones, "distinct zone names");
  const nat = args.nat ?? "perAz";
  problems.check(NAT_STRATEGIES.includes(nat), "nat", nat, NAT_STRATEGIES.join(" | "));
  const retention = args.flowLogs?.retentionInDays ?? DEFAULT_FLOW_LOG_RETENTION_DAYS;
  problems.check(
    (LOG_RETENTION_DAYS as readonly number[]).includes(retention),
    "flowLogs.retentionInDays",
    retention,
    `one of ${LOG_RETENTION_DAYS.join(", ")}`,
  );
  for (const service of args.interfaceEndpoints ?? []) {
    problems.check(INTERFACE_ENDPOINT_SERVICES.includes(service), "interfaceEndpoints", service, INTERFACE_ENDPOINT_SERVICES.join(" | "));
  }
  (args.peeredCidrs ?? []).forEach((peer, i) => {
    const valid = parseNetworkCidr(peer) !== undefined;
    problems.check(valid, `peeredCidrs[${i}]`, peer, "a valid IPv4 network CIDR");
    if (valid && parseNetworkCidr(args.cidr) && cidrsOverlap(peer, args.cidr)) {
      problems.add(`peeredCidrs[${i}]`, peer, `a range that does not overlap the VPC CIDR ${args.cidr}`);
    }
  });
  const plan = planSubnets({
    cidr: args.cidr,
    availabilityZones: zones,
    prefixLengths: args.subnetPrefixLengths,
    reservedAzSlots: args.reservedAzSlots,
  });
  if (!plan.ok) plan.problems.forEach((p) => problems.add(p.field, p.value, p.allowed));
  return { problems, subnets: plan.ok ? plan.subnets : [] };
}

/**
 * A VPC with public, private and isolated database subnets in every AZ, NAT by
 * strategy, encrypted flow logs, a locked-down default security group and
 * gateway endpoints for S3 and DynamoDB.
 *
 * Every child is named by tier and AZ (`<name>-private-eu-west-1a`), never by
 * position, so adding an AZ or changing the NAT strategy never replaces an
 * existing subnet, route table or NAT gateway.
 */
export class Vpc extends pulumi.ComponentResource {
  readonly vpcId: pulumi.Output<string>;
  readonly cidrBlock: string;
  readonly availabilityZones: readonly string[];
  /** The planned subnets (tier, AZ, CIDR, usable addresses), for sizing checks by callers. */
  readonly subnetPlan: readonly PlannedSubnet[];
  readonly publicSubnetIds: pulumi.Output<string>[];
  readonly privateSubnetIds: pulumi.Output<string>[];
  readonly databaseSubnetIds: pulumi.Output<string>[];
  readonly publicRouteTableId: pulumi.Output<string>;
  readonly privateRouteTableIds: pulumi.Output<string>[];
  readonly databaseRouteTableId: pulumi.Output<string>;
  readonly natGatewayIds: pulumi.Output<string>[];
  readonly flowLogGroupName: pulumi.Output<string>;
  /** Security group of the interface endpoints, when any are configured. */
  readonly endpointSecurityGroupId?: pulumi.Output<string>;

  constructor(name: string, args: VpcArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:network:Vpc", name, {}, opts);
    const { problems, subnets } = validateVpcArgs(args);
    problems.throwIfAny(this, `Vpc "${name}"`);

    const nat = args.nat ?? "perAz";
    const tags = (resourceName: string, extra?: Tags) => mergeTags(resourceName, args.tags, extra);
    const parent = { parent: this };
    const ctx = awsContext(this);

    const vpc = new aws.ec2.Vpc(
      name,
      { cidrBlock: args.cidr, enableDnsHostnames: true, enableDnsSupport: true, tags: tags(name) },
      parent,
    );
    // Adopting the default security group with no rules strips the allow-all rules AWS creates.
    new aws.ec2.DefaultSecurityGroup(`${name}-default`, { vpcId: vpc.id, tags: tags(`${name}-default-deny-all`) }, parent);
    const igw = new aws.ec2.InternetGateway(`${name}-igw`, { vpcId: vpc.id, tags: tags(`${name}-igw`) }, parent);

    const subnetIds: Record<SubnetTier, Map<string, pulumi.Output<string>>> = { public: new Map(), private: new Map(), database: new Map() };
    for (const s of subnets) {
      const subnetName = `${name}-${s.tier}-${s.availabilityZone}`;
      const subnet = new aws.ec2.Subnet(
        subnetName,
        {
          vpcId: vpc.id,
          cidrBlock: s.cidr,
          availabilityZone: s.availabilityZone,
          mapPublicIpOnLaunch: false,
          tags: tags(subnetName, { "platform:tier": s.tier, ...subnetRoleTags(s.tier), ...(s.tier === "private" ? args.privateSubnetTags : {}) }),
        },
        parent,
      );
      subnetIds[s.tier].set(s.availabilityZone, subnet.id);
    }
    const zones = args.availabilityZones;
    const associate = (tier: SubnetTier, az: string, routeTableId: pulumi.Input<string>) =>
      new aws.ec2.RouteTableAssociation(`${name}-${tier}-${az}`, { subnetId: subnetIds[tier].get(az)!, routeTableId }, parent);

    const publicRouteTable = new aws.ec2.RouteTable(`${name}-public`, { vpcId: vpc.id, tags: tags(`${name}-public`) }, parent);
    new aws.ec2.Route(`${name}-public-internet`, { routeTableId: publicRouteTable.id, destinationCidrBlock: ANYWHERE_IPV4, gatewayId: igw.id }, parent);
    zones.forEach((az) => associate("public", az, publicRouteTable.id));

    const natZones = nat === "perAz" ? zones : nat === "single" ? zones.slice(0, 1) : [];
    const natGateways = new Map<string, aws.ec2.NatGateway>();
    for (const az of natZones) {
      const eip = new aws.ec2.Eip(`${name}-nat-${az}`, { domain: "vpc", tags: tags(`${name}-nat-${az}`) }, parent);
      natGateways.set(
        az,
        new aws.ec2.NatGateway(
          `${name}-nat-${az}`,
          { allocationId: eip.allocationId, subnetId: subnetIds.public.get(az)!, connectivityType: "public", tags: tags(`${name}-nat-${az}`) },
          { parent: this, dependsOn: [igw] },
        ),
      );
    }

    const privateRouteTables = zones.map((az) => {
      const routeTable = new aws.ec2.RouteTable(`${name}-private-${az}`, { vpcId: vpc.id, tags: tags(`${name}-private-${az}`) }, parent);
      const natGateway = natGateways.get(az) ?? natGateways.get(natZones[0]);
      if (natGateway) {
        new aws.ec2.Route(
          `${name}-private-${az}-internet`,
          { routeTableId: routeTable.id, destinationCidrBlock: ANYWHERE_IPV4, natGatewayId: natGateway.id },
          parent,
        );
      }
      associate("private", az, routeTable.id);
      return routeTable;
    });

    // The database tier is isolated: its route table has only the local route and gateway endpoints.
    const databaseRouteTable = new aws.ec2.RouteTable(`${name}-database`, { vpcId: vpc.id, tags: tags(`${name}-database`) }, parent);
    zones.forEach((az) => associate("database", az, databaseRouteTable.id));

    const gatewayRouteTableIds = [...privateRouteTables.map((rt) => rt.id), databaseRouteTable.id];
    for (const service of GATEWAY_ENDPOINT_SERVICES) {
      new aws.ec2.VpcEndpoint(
        `${name}-${service}`,
        {
          vpcId: vpc.id,
          serviceName: pulumi.interpolate`com.amazonaws.${ctx.region}.${service}`,
          vpcEndpointType: "Gateway",
          routeTableIds: gatewayRouteTableIds,
          tags: tags(`${name}-${service}`),
        },
        parent,
      );
    }

    const endpointServices = args.interfaceEndpoints ?? [];
    if (endpointServices.length > 0) {
      const endpointSecurityGroup = new aws.ec2.SecurityGroup(
        `${name}-endpoints`,
        {
          vpcId: vpc.id,
          description: "HTTPS from inside the VPC to interface endpoints",
          ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: [args.cidr], description: "HTTPS from the VPC" }],
          tags: tags(`${name}-endpoints`),
        },
        parent,
      );
      for (const service of endpointServices) {
        const endpointName = `${name}-${service.replace(".", "-")}`;
        new aws.ec2.VpcEndpoint(
          endpointName,
          {
            vpcId: vpc.id,
            serviceName: pulumi.interpolate`com.amazonaws.${ctx.region}.${service}`,
            vpcEndpointType: "Interface",
            privateDnsEnabled: true,
            subnetIds: zones.map((az) => subnetIds.private.get(az)!),
            securityGroupIds: [endpointSecurityGroup.id],
            tags: tags(endpointName),
          },
          parent,
        );
      }
      this.endpointSecurityGroupId = endpointSecurityGroup.id;
    }

    const flowLogGroupName = stackLogGroupName(name, "flow-logs");
    const flowLogKeyArn =
      args.flowLogs?.kmsKeyArn ??
      createEncryptionKey(`${name}-flow-logs`, { description: `VPC ${name} flow logs`, logGroupNames: [flowLogGroupName], tags: tags(`${name}-flow-logs`) }, ctx, parent)
        .arn;
    const flowLogGroup = createEncryptedLogGroup(
      `${name}-flow-logs`,
      {
        logGroupName: flowLogGroupName,
        retentionInDays: args.flowLogs?.retentionInDays ?? DEFAULT_FLOW_LOG_RETENTION_DAYS,
        kmsKeyArn: flowLogKeyArn,
        tags: tags(`${name}-flow-logs`),
      },
      parent,
    );
    // Only flow logs of this account may assume the role. The flow log needs the role first, so its id (AWS-assigned)
    // is a wildcard, as the flow logs guide allows: https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-iam-role.html
    const flowLogRole = new aws.iam.Role(
      `${name}-flow-logs`,
      {
        description: `Lets VPC flow logs of ${name} write to their log group`,
        assumeRolePolicy: contextDocument(ctx, (c) => serviceRoleTrust("vpc-flow-logs.amazonaws.com", c, [arns.flowLog(c, "*")])),
        tags: tags(`${name}-flow-logs`),
      },
      parent,
    );
    new aws.iam.RolePolicy(
      `${name}-flow-logs`,
      {
        role: flowLogRole.id,
        policy: contextDocument(ctx, (c) => {
          const arn = arns.logGroup(c, flowLogGroupName);
          return {
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"], Resource: [arn, `${arn}:*`] }],
          };
        }),
      },
      parent,
    );
    new aws.ec2.FlowLog(
      `${name}-flow-logs`,
      {
        vpcId: vpc.id,
        trafficType: args.flowLogs?.trafficType ?? "ALL",
        logDestinationType: "cloud-watch-logs",
        logDestination: flowLogGroup.arn,
        iamRoleArn: flowLogRole.arn,
        maxAggregationInterval: FLOW_LOG_AGGREGATION_SECONDS,
        tags: tags(`${name}-flow-logs`),
      },
      parent,
    );

    this.vpcId = vpc.id;
    this.cidrBlock = args.cidr;
    this.availabilityZones = [...zones];
    this.subnetPlan = subnets;
    const idsOf = (tier: SubnetTier) => zones.map((az) => subnetIds[tier].get(az)!);
    this.publicSubnetIds = idsOf("public");
    this.privateSubnetIds = idsOf("private");
    this.databaseSubnetIds = idsOf("database");
    this.publicRouteTableId = publicRouteTable.id;
    this.privateRouteTableIds = privateRouteTables.map((rt) => rt.id);
    this.databaseRouteTableId = databaseRouteTable.id;
    this.natGatewayIds = [...natGateways.values()].map((n) => n.id);
    this.flowLogGroupName = flowLogGroup.name;

    this.registerOutputs({
      vpcId: this.vpcId,
      cidrBlock: this.cidrBlock,
      availabilityZones: this.availabilityZones,
      publicSubnetIds: this.publicSubnetIds,
      privateSubnetIds: this.privateSubnetIds,
      databaseSubnetIds: this.databaseSubnetIds,
      publicRouteTableId: this.publicRouteTableId,
      privateRouteTableIds: this.privateRouteTableIds,
      databaseRouteTableId: this.databaseRouteTableId,
      natGatewayIds: this.natGatewayIds,
      flowLogGroupName: this.flowLogGroupName,
      endpointSecurityGroupId: this.endpointSecurityGroupId,
    });
  }
}

/** Tags the AWS Load Balancer Controller and EKS use to discover subnets for load balancers. */
function subnetRoleTags(tier: SubnetTier): Tags {
  if (tier === "public") return { "kubernetes.io/role/elb": "1" };
  if (tier === "private") return { "kubernetes.io/role/internal-elb": "1" };
  return {};
}
