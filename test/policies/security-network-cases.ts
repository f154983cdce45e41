import { PolicyCases } from "./cases";
import { one, TestResource, withChange } from "./resources";

// The security pack's network and edge cases: subnet groups and the routes that make a subnet public, load
// balancers and their listeners, security groups and web ACLs. The data, encryption and IAM cases are in
// security-cases.ts, the workload cases in security-workload-cases.ts.

const httpsListener = {
  protocol: "HTTPS",
  port: 443,
  sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
  defaultActions: [{ type: "forward" }],
  routingHttpResponseStrictTransportSecurityHeaderValue: "max-age=31536000; includeSubDomains",
};
const httpListener = { protocol: "HTTP", port: 80, defaultActions: [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }] };

const webAcl = {
  scope: "REGIONAL",
  defaultAction: { allow: {} },
  rules: [
    { name: "known-bad-inputs", priority: 1, statement: { managedRuleGroupStatement: { vendorName: "AWS", name: "AWSManagedRulesKnownBadInputsRuleSet" } } },
    { name: "common", priority: 2, statement: { managedRuleGroupStatement: { vendorName: "AWS", name: "AWSManagedRulesCommonRuleSet" } } },
  ],
};
/** A web ACL whose rules are given as `ruleJson`, in the CreateWebACL API's `Rules` shape (PascalCase), with one managed rule group. */
const ruleJsonAcl = (group: string) => ({
  scope: "REGIONAL",
  defaultAction: { allow: {} },
  ruleJson: JSON.stringify([
    {
      Name: "managed",
      Priority: 1,
      Statement: { ManagedRuleGroupStatement: { VendorName: "AWS", Name: group } },
      OverrideAction: { None: {} },
      VisibilityConfig: { SampledRequestsEnabled: true, CloudWatchMetricsEnabled: true, MetricName: "managed" },
    },
  ]),
});

const ASSOCIATION = "aws:wafv2/webAclAssociation:WebAclAssociation";
/** A public ALB with its security group, an app group whose rules are resources of their own, and whatever else a case adds. */
function albStack(extra: { lb?: Record<string, any>; rules?: TestResource[]; association?: boolean; acl?: Record<string, any>; albGroupIngress?: Record<string, any>[] } = {}): TestResource[] {
  return [
    { type: "aws:ec2/securityGroup:SecurityGroup", name: "alb-sg", inputs: { vpcId: "vpc-1", ingress: extra.albGroupIngress ?? [] } },
    { type: "aws:ec2/securityGroup:SecurityGroup", name: "app-sg", inputs: { vpcId: "vpc-1" } },
    { type: "aws:lb/loadBalancer:LoadBalancer", name: "alb", inputs: { loadBalancerType: "application", internal: false, dropInvalidHeaderFields: true, securityGroups: ["sg-alb"], ...extra.lb }, dependsOn: ["alb-sg"] },
    { type: "aws:wafv2/webAcl:WebAcl", name: "acl", inputs: extra.acl ?? webAcl },
    ...(extra.association === false ? [] : [{ type: ASSOCIATION, name: "acl-alb", inputs: { resourceArn: "arn:alb", webAclArn: "arn:acl" }, dependsOn: ["alb", "acl"] }]),
    ...(extra.rules ?? []),
  ];
}
const ingressRule = (name: string, group: string, inputs: Record<string, any>): TestResource => ({ type: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", name, inputs: { securityGroupId: `sg-${group}`, ...inputs }, dependsOn: [group] });
/** The older rule resource, `ec2.SecurityGroupRule`, which takes both directions (`type`). */
const groupRule = (name: string, group: string, inputs: Record<string, any>): TestResource => ({ type: "aws:ec2/securityGroupRule:SecurityGroupRule", name, inputs: { securityGroupId: `sg-${group}`, ...inputs }, dependsOn: [group] });

/**
 * A VPC with one public subnet (a default route to the internet gateway, IPv4 unless `route` says otherwise) and
 * one database subnet (no route out), whatever else a case adds, and a subnet group of `type` over `subnets`.
 */
function subnetGroupStack(type: string, subnets: string[], extra: { route?: Record<string, unknown>; resources?: TestResource[] } = {}): TestResource[] {
  return [
    { type: "aws:ec2/vpc:Vpc", name: "network", inputs: { cidrBlock: "10.0.0.0/16" } },
    { type: "aws:ec2/internetGateway:InternetGateway", name: "network-igw", inputs: {}, dependsOn: ["network"] },
    { type: "aws:ec2/subnet:Subnet", name: "network-public-a", inputs: { cidrBlock: "10.0.0.0/24", mapPublicIpOnLaunch: false }, dependsOn: ["network"] },
    { type: "aws:ec2/subnet:Subnet", name: "network-database-a", inputs: { cidrBlock: "10.0.1.0/24" }, dependsOn: ["network"] },
    { type: "aws:ec2/routeTable:RouteTable", name: "network-public", inputs: {}, dependsOn: ["network"] },
    { type: "aws:ec2/routeTable:RouteTable", name: "network-database", inputs: {}, dependsOn: ["network"] },
    { type: "aws:ec2/route:Route", name: "network-public-internet", inputs: { ...(extra.route ?? { destinationCidrBlock: "0.0.0.0/0" }), gatewayId: "igw-1" }, dependsOn: ["network-public", "network-igw"] },
    { type: "aws:ec2/routeTableAssociation:RouteTableAssociation", name: "network-public-a", inputs: {}, dependsOn: ["network-public", "network-public-a"] },
    { type: "aws:ec2/routeTableAssociation:RouteTableAssociation", name: "network-database-a", inputs: {}, dependsOn: ["network-database", "network-database-a"] },
    ...(extra.resources ?? []),
    { type, name: "data", inputs: { subnetIds: subnets }, dependsOn: subnets },
  ];
}

/** A subnet `name` of the VPC with its own route table, whose default route goes to `target` (which the route depends on). */
const routedSubnet = (name: string, cidrBlock: string, route: Record<string, unknown>, target: string): TestResource[] => [
  { type: "aws:ec2/subnet:Subnet", name, inputs: { cidrBlock }, dependsOn: ["network"] },
  { type: "aws:ec2/routeTable:RouteTable", name: `${name}-routes`, inputs: {}, dependsOn: ["network"] },
  { type: "aws:ec2/route:Route", name: `${name}-default`, inputs: { destinationCidrBlock: "0.0.0.0/0", ...route }, dependsOn: [`${name}-routes`, target] },
  { type: "aws:ec2/routeTableAssociation:RouteTableAssociation", name, inputs: {}, dependsOn: [`${name}-routes`, name] },
];
/** Private subnets reach the internet through a NAT gateway in the public subnet, which itself depends on the internet gateway. */
const natGateway: TestResource = { type: "aws:ec2/natGateway:NatGateway", name: "network-nat-a", inputs: { connectivityType: "public" }, dependsOn: ["network-public-a", "network-igw"] };

export const SECURITY_NETWORK_CASES: PolicyCases[] = [
  {
    policy: "aws-rds-subnet-group-disallow-public-subnets",
    compliant: {
      "a DB subnet group over the database subnets": subnetGroupStack("aws:rds/subnetGroup:SubnetGroup", ["network-database-a"]),
      // Only a route to an internet gateway makes a subnet public; the NAT gateway's own dependency on it does not.
      "a DB subnet group over private subnets whose default route goes to a NAT gateway": subnetGroupStack("aws:rds/subnetGroup:SubnetGroup", ["network-private-a"], {
        resources: [natGateway, ...routedSubnet("network-private-a", "10.0.2.0/24", { natGatewayId: "nat-1" }, "network-nat-a")],
      }),
    },
    violating: {
      "a DB subnet group that includes a public subnet": subnetGroupStack("aws:rds/subnetGroup:SubnetGroup", ["network-database-a", "network-public-a"]),
      "a DB subnet group with a subnet whose only route to the internet gateway is IPv6": subnetGroupStack("aws:rds/subnetGroup:SubnetGroup", ["network-public-a"], { route: { destinationIpv6CidrBlock: "::/0" } }),
      // Reachable from that range: any route to an internet gateway makes a subnet public, not only a default route.
      "a DB subnet group with a subnet routed to the internet gateway for one partner range": subnetGroupStack("aws:rds/subnetGroup:SubnetGroup", ["network-public-a"], { route: { destinationCidrBlock: "203.0.113.0/24" } }),
      "a DB subnet group with a subnet whose route table names the internet gateway in its inline routes": subnetGroupStack("aws:rds/subnetGroup:SubnetGroup", ["network-database-a", "network-legacy-a"], {
        resources: [
          { type: "aws:ec2/subnet:Subnet", name: "network-legacy-a", inputs: { cidrBlock: "10.0.4.0/24" }, dependsOn: ["network"] },
          { type: "aws:ec2/routeTable:RouteTable", name: "network-legacy", inputs: { routes: [{ cidrBlock: "0.0.0.0/0", gatewayId: "igw-1" }] }, dependsOn: ["network", "network-igw"] },
          { type: "aws:ec2/routeTableAssociation:RouteTableAssociation", name: "network-legacy-a", inputs: {}, dependsOn: ["network-legacy", "network-legacy-a"] },
        ],
      }),
      // Each public subnet has a route table of its own, as in a VPC with a NAT gateway per zone.
      "a DB subnet group with the public subnet of a second zone": subnetGroupStack("aws:rds/subnetGroup:SubnetGroup", ["network-database-a", "network-public-b"], {
        resources: routedSubnet("network-public-b", "10.0.3.0/24", { gatewayId: "igw-1" }, "network-igw"),
      }),
    },
  },
  {
    policy: "aws-elasticache-subnet-group-disallow-public-subnets",
    compliant: { "a cache subnet group over the database subnets": subnetGroupStack("aws:elasticache/subnetGroup:SubnetGroup", ["network-database-a"]) },
    violating: {
      "a cache subnet group made of public subnets": subnetGroupStack("aws:elasticache/subnetGroup:SubnetGroup", ["network-public-a"]),
      // The stack's other internet gateway is no route of this subnet's: one gateway reached is enough.
      "a cache subnet group made of public subnets, beside a second VPC with its own internet gateway": subnetGroupStack("aws:elasticache/subnetGroup:SubnetGroup", ["network-public-a"], {
        resources: [
          { type: "aws:ec2/vpc:Vpc", name: "shared", inputs: { cidrBlock: "10.1.0.0/16" } },
          { type: "aws:ec2/internetGateway:InternetGateway", name: "shared-igw", inputs: {}, dependsOn: ["shared"] },
        ],
      }),
    },
  },
  {
    policy: "aws-alb-listener-require-modern-tls-policy",
    compliant: {
      "an HTTPS listener with a TLS 1.3 policy": one("aws:lb/listener:Listener", "https", httpsListener),
      "an HTTP listener, which has no TLS policy to check": one("aws:lb/listener:Listener", "http", httpListener),
    },
    violating: {
      "an HTTPS listener with the 2016 policy": one("aws:lb/listener:Listener", "https", withChange(httpsListener, "sslPolicy", "ELBSecurityPolicy-2016-08")),
      "an HTTPS listener that leaves the policy to the provider default": one("aws:lb/listener:Listener", "https", withChange(httpsListener, "sslPolicy", undefined)),
      "a listener declared through the aws.alb alias with an old policy": one("aws:alb/listener:Listener", "https", withChange(httpsListener, "sslPolicy", "ELBSecurityPolicy-TLS-1-0-2015-04")),
      "a network load balancer's TLS listener with the 2016 policy": one("aws:lb/listener:Listener", "tls", { protocol: "TLS", port: 443, sslPolicy: "ELBSecurityPolicy-2016-08", defaultActions: [{ type: "forward" }] }),
    },
  },
  {
    policy: "aws-alb-listener-https-require-hsts",
    compliant: {
      "an HTTPS listener sending HSTS for a year": one("aws:lb/listener:Listener", "https", httpsListener),
      "an HTTPS listener sending HSTS for exactly half a year with preload": one("aws:lb/listener:Listener", "https", withChange(httpsListener, "routingHttpResponseStrictTransportSecurityHeaderValue", "max-age=15768000; includeSubDomains; preload")),
      "an HTTP listener, which cannot send HSTS": one("aws:lb/listener:Listener", "http", httpListener),
      // Directives are case-insensitive and in any order (RFC 6797, section 6.1).
      "an HTTPS listener whose HSTS header gives Max-Age after another directive": one("aws:lb/listener:Listener", "https", withChange(httpsListener, "routingHttpResponseStrictTransportSecurityHeaderValue", "includeSubDomains; Max-Age=31536000")),
    },
    violating: {
      "an HTTPS listener without HSTS": one("aws:lb/listener:Listener", "https", withChange(httpsListener, "routingHttpResponseStrictTransportSecurityHeaderValue", undefined)),
      "an HTTPS listener whose HSTS max-age is a day": one("aws:lb/listener:Listener", "https", withChange(httpsListener, "routingHttpResponseStrictTransportSecurityHeaderValue", "max-age=86400")),
      "an HTTPS listener whose HSTS header has no max-age": one("aws:lb/listener:Listener", "https", withChange(httpsListener, "routingHttpResponseStrictTransportSecurityHeaderValue", "includeSubDomains")),
      "an HTTPS listener whose HSTS header has max-age only as the end of another directive's name": one("aws:lb/listener:Listener", "https", withChange(httpsListener, "routingHttpResponseStrictTransportSecurityHeaderValue", "x-max-age=31536000")),
    },
  },
  {
    policy: "aws-alb-listener-http-redirect-only",
    compliant: { "an HTTP listener that redirects to HTTPS": one("aws:lb/listener:Listener", "http", httpListener) },
    violating: {
      "an HTTP listener that forwards to targets": one("aws:lb/listener:Listener", "http", withChange(httpListener, "defaultActions", [{ type: "forward", targetGroupArn: "arn:tg" }])),
      "an HTTP listener that redirects to plain HTTP": one("aws:lb/listener:Listener", "http", withChange(httpListener, "defaultActions.0.redirect.protocol", "HTTP")),
      "an HTTP listener with no default action": one("aws:lb/listener:Listener", "http", withChange(httpListener, "defaultActions", [])),
      "an HTTP listener that leaves its default actions out": one("aws:lb/listener:Listener", "http", withChange(httpListener, "defaultActions", undefined)),
      "an HTTP listener that forwards after its redirect to HTTPS": one("aws:lb/listener:Listener", "http", withChange(httpListener, "defaultActions", [...httpListener.defaultActions, { type: "forward", targetGroupArn: "arn:tg" }])),
      "an HTTP listener whose forward action carries a stray redirect block to HTTPS": one("aws:lb/listener:Listener", "http", withChange(httpListener, "defaultActions.0.type", "forward")),
      "an HTTP listener whose redirect action has no redirect block": one("aws:lb/listener:Listener", "http", withChange(httpListener, "defaultActions", [{ type: "redirect" }])),
    },
  },
  {
    policy: "aws-alb-load-balancer-drop-invalid-headers",
    compliant: {
      "an ALB that drops invalid headers": albStack(),
      "a network load balancer, which passes no HTTP headers": one("aws:lb/loadBalancer:LoadBalancer", "nlb", { loadBalancerType: "network", internal: true }),
    },
    violating: {
      "an ALB that passes invalid headers on": albStack({ lb: { dropInvalidHeaderFields: false } }),
      "a load balancer that leaves its type to the application default and passes invalid headers on": one("aws:lb/loadBalancer:LoadBalancer", "alb", { internal: true }),
    },
  },
  {
    policy: "aws-ec2-security-group-disallow-public-ingress",
    compliant: {
      "HTTPS from anywhere into the public ALB's group": albStack({ rules: [ingressRule("alb-https", "alb-sg", { ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: "0.0.0.0/0" })] }),
      "HTTP from anywhere over IPv6 into the public ALB's group": albStack({ rules: [ingressRule("alb-http-v6", "alb-sg", { ipProtocol: "tcp", fromPort: 80, toPort: 80, cidrIpv6: "::/0" })] }),
      "SSH into the app group from a private range only": albStack({ rules: [ingressRule("ssh-vpn", "app-sg", { ipProtocol: "tcp", fromPort: 22, toPort: 22, cidrIpv4: "10.8.0.0/16" })] }),
      "HTTPS from anywhere through an ec2.SecurityGroupRule into the public ALB's group": albStack({ rules: [groupRule("alb-https", "alb-sg", { type: "ingress", protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"] })] }),
      "the app group admitting only the ALB's group": albStack({ rules: [ingressRule("app-from-alb", "app-sg", { ipProtocol: "tcp", fromPort: 8080, toPort: 8080, referencedSecurityGroupId: "sg-alb" })] }),
      "HTTPS from anywhere by protocol number 6 into the public ALB's group": albStack({ rules: [ingressRule("alb-https", "alb-sg", { ipProtocol: "6", fromPort: 443, toPort: 443, cidrIpv4: "0.0.0.0/0" })] }),
      "HTTPS from anywhere in the public ALB's group's inline rules": albStack({ albGroupIngress: [{ protocol: "tcp", fromPort: 443, toPort: 443, ipv6CidrBlocks: ["::/0"] }] }),
      "egress to anywhere through an ec2.SecurityGroupRule": albStack({ rules: [groupRule("app-egress", "app-sg", { type: "egress", protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] })] }),
    },
    violating: {
      "SSH from anywhere through a vpc.SecurityGroupIngressRule": albStack({ rules: [ingressRule("ssh", "app-sg", { ipProtocol: "tcp", fromPort: 22, toPort: 22, cidrIpv4: "0.0.0.0/0" })] }),
      "HTTPS from anywhere into a group no load balancer uses": albStack({ rules: [ingressRule("app-https", "app-sg", { ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: "0.0.0.0/0" })] }),
      "all traffic from ::/0 into the ALB's group": albStack({ rules: [ingressRule("alb-all", "alb-sg", { ipProtocol: "-1", cidrIpv6: "::/0" })] }),
      "a port range from anywhere through an ec2.SecurityGroupRule": albStack({ rules: [groupRule("range", "alb-sg", { type: "ingress", protocol: "tcp", fromPort: 0, toPort: 1024, cidrBlocks: ["0.0.0.0/0"] })] }),
      "an inline ingress rule from anywhere over IPv6": [{ type: "aws:ec2/securityGroup:SecurityGroup", name: "open", inputs: { ingress: [{ protocol: "-1", fromPort: 0, toPort: 0, ipv6CidrBlocks: ["::/0"] }] } }],
      "SSH from anywhere over IPv6 through an ec2.SecurityGroupRule": albStack({ rules: [groupRule("ssh", "app-sg", { type: "ingress", protocol: "tcp", fromPort: 22, toPort: 22, ipv6CidrBlocks: ["::/0"] })] }),
      "an inline ingress rule from anywhere": [{ type: "aws:ec2/securityGroup:SecurityGroup", name: "open", inputs: { ingress: [{ protocol: "tcp", fromPort: 5432, toPort: 5432, cidrBlocks: ["0.0.0.0/0"] }] } }],
      "HTTPS from anywhere into an internal load balancer's group": albStack({ lb: { internal: true }, rules: [ingressRule("alb-https", "alb-sg", { ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: "0.0.0.0/0" })] }),
      "ports 80 to 443 from anywhere into the public ALB's group": albStack({ rules: [ingressRule("alb-range", "alb-sg", { ipProtocol: "tcp", fromPort: 80, toPort: 443, cidrIpv4: "0.0.0.0/0" })] }),
      "UDP 443 from anywhere into the public ALB's group": albStack({ rules: [ingressRule("alb-quic", "alb-sg", { ipProtocol: "udp", fromPort: 443, toPort: 443, cidrIpv4: "0.0.0.0/0" })] }),
      "all traffic from anywhere, as protocol all, through an ec2.SecurityGroupRule into the public ALB's group": albStack({ rules: [groupRule("alb-all", "alb-sg", { type: "ingress", protocol: "all", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"] })] }),
      "HTTPS from anywhere into a group this stack does not declare": albStack({ rules: [{ type: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", name: "shared-https", inputs: { securityGroupId: "sg-0123456789abcdef0", ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: "0.0.0.0/0" } }] }),
    },
  },
  {
    policy: "aws-wafv2-web-acl-require-managed-rules",
    compliant: {
      "a web ACL with the known-bad-inputs rule group": albStack(),
      "a web ACL whose ruleJson (the API's own JSON) has the known-bad-inputs rule group": albStack({ acl: ruleJsonAcl("AWSManagedRulesKnownBadInputsRuleSet") }),
    },
    violating: {
      "a web ACL without rules": albStack({ acl: withChange(webAcl, "rules", []) }),
      "a web ACL without the known-bad-inputs rule group": albStack({ acl: withChange(webAcl, "rules", [webAcl.rules[1]]) }),
      "a web ACL whose ruleJson lacks the known-bad-inputs rule group": albStack({ acl: ruleJsonAcl("AWSManagedRulesCommonRuleSet") }),
    },
  },
  {
    policy: "aws-wafv2-web-acl-require-alb-association",
    compliant: {
      "a public ALB associated with a web ACL": albStack(),
      "an internal ALB without a web ACL": albStack({ lb: { internal: true }, association: false }),
      "a public ALB associated with a web ACL another stack manages": albStack({
        association: false,
        rules: [{ type: ASSOCIATION, name: "shared-acl-alb", inputs: { resourceArn: "arn:alb", webAclArn: "arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/shared/1f2e3d4c" }, dependsOn: ["alb"] }],
      }),
    },
    violating: {
      "a public ALB without a web ACL": albStack({ association: false }),
      "a public ALB beside another whose web ACL association is not its own": albStack({
        association: false,
        rules: [
          { type: "aws:lb/loadBalancer:LoadBalancer", name: "admin", inputs: { loadBalancerType: "application", internal: false, dropInvalidHeaderFields: true, securityGroups: ["sg-alb"] }, dependsOn: ["alb-sg"] },
          { type: ASSOCIATION, name: "acl-admin", inputs: { resourceArn: "arn:admin", webAclArn: "arn:acl" }, dependsOn: ["admin", "acl"] },
        ],
      }),
    },
  },
];
