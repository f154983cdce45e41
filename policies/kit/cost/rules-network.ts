import type { Charge, CostResource } from "./types";
import { countOf, hourly, monthly, numberOr, portion, PricingRule, RuleContext, share, usageCharge } from "./rule";

const NAT_GATEWAY = "aws:ec2/natGateway:NatGateway";
const VPC_ENDPOINT = "aws:ec2/vpcEndpoint:VpcEndpoint";
const LOAD_BALANCERS = ["aws:lb/loadBalancer:LoadBalancer", "aws:alb/loadBalancer:LoadBalancer"];
const WEB_ACL = "aws:wafv2/webAcl:WebAcl";
/** Route 53's standard request interval; the 10-second one is a paid option. */
const STANDARD_HEALTH_CHECK_INTERVAL_SECONDS = 30;
/** Managed rule groups with a subscription and per-request fee of their own on top of the web ACL's (WAF pricing). */
const PAID_RULE_GROUPS = ["AWSManagedRulesBotControlRuleSet", "AWSManagedRulesATPRuleSet", "AWSManagedRulesACFPRuleSet", "AWSManagedRulesAntiDDoSRuleSet"];

/** Public and private NAT gateways bill the same hours and data; a public one's address is its Elastic IP's charge. */
function natGateway(_r: CostResource, ctx: RuleContext): Charge[] {
  const nats = ctx.ofTypes(NAT_GATEWAY).length;
  return [
    hourly("NAT gateway hours", "nat:hours"),
    usageCharge(`data processed, ${portion(nats)} natGatewayDataGiB`, "nat:data", share(ctx.usage("natGatewayDataGiB"), nats)),
  ];
}


/** An Elastic IP is a public IPv4 address, billed every hour it exists (attached or idle) since February 2024. */
function elasticIp(): Charge[] {
  return [hourly("public IPv4 address hours", "ipv4:in-use")];
}

/** Gateway endpoints (S3, DynamoDB) are free; an interface endpoint bills per AZ it has a network interface in, and per GB. */
function vpcEndpoint(r: CostResource, ctx: RuleContext): Charge[] {
  const type = ctx.need(r, ["vpcEndpointType"]) ?? "Gateway";
  if (type === "Gateway") return [];
  const zones = countOf(ctx.need(r, ["subnetIds"]));
  const interfaces = ctx.ofTypes(VPC_ENDPOINT).filter((e) => e.read(["vpcEndpointType"]) === "Interface").length;
  return [
    hourly(`${type} endpoint hours in ${zones} AZ${zones === 1 ? "" : "s"}`, "vpce:interface:hours", zones),
    usageCharge(`data processed, ${portion(interfaces)} interfaceEndpointDataGiB`, "vpce:interface:data", share(ctx.usage("interfaceEndpointDataGiB"), interfaces)),
  ];
}

/**
 * An application load balancer: hours, capacity units, and one public IPv4
 * address per subnet when it is internet-facing (AWS bills those to the
 * account as in-use addresses). Traffic to the internet leaves through it.
 */
function loadBalancer(r: CostResource, ctx: RuleContext): Charge[] {
  const type = ctx.need(r, ["loadBalancerType"]) ?? "application";
  if (type !== "application") return [hourly(`${type} load balancer hours`, `elb:${type}:hours`)];
  const albs = ctx.ofTypes(...LOAD_BALANCERS).length;
  const charges = [
    hourly("load balancer hours", "alb:hours"),
    { ...hourly("load balancer capacity units (usage file: loadBalancerLcus)", "alb:lcu", ctx.usage("loadBalancerLcus")), basis: "usage" as const },
    usageCharge(`data sent to the internet, ${portion(albs)} internetEgressGiB`, "data-transfer:internet-out", share(ctx.usage("internetEgressGiB"), albs)),
  ];
  if (ctx.need(r, ["internal"]) !== true) {
    const zones = Math.max(countOf(ctx.need(r, ["subnets"])), countOf(ctx.need(r, ["subnetMappings"])));
    charges.push(hourly(`${zones} public IPv4 addresses (one per subnet)`, "ipv4:in-use", zones));
  }
  return charges;
}

function webAcl(r: CostResource, ctx: RuleContext): Charge[] {
  const rules = countOf(ctx.need(r, ["rules"]));
  const acls = ctx.ofTypes(WEB_ACL).length;
  const charges = [
    monthly("web ACL", "waf:web-acl"),
    monthly(`${rules} rules (a managed rule group counts as one)`, "waf:rule", rules),
    usageCharge(`requests inspected, ${portion(acls)} wafRequestsMillions`, "waf:requests", share(ctx.usage("wafRequestsMillions"), acls)),
  ];
  for (let i = 0; i < rules; i++) {
    const group = String(ctx.need(r, ["rules", String(i), "statement", "managedRuleGroupStatement", "name"]) ?? "");
    if (PAID_RULE_GROUPS.includes(group)) charges.push(monthly(`${group} subscription and request fees`, `waf:managed-rule-group:${group}`));
  }
  return charges;
}

/**
 * A Route 53 health check of an endpoint, priced as an AWS endpoint (the stacks check a load balancer's
 * name): a monthly fee, and one more per optional feature it uses, HTTPS, string matching, the 10-second
 * interval and latency measurement (Route 53 pricing, "Health checks"). A non-AWS endpoint costs more.
 */
function healthCheck(r: CostResource, ctx: RuleContext): Charge[] {
  const type = String(ctx.need(r, ["type"]) ?? "");
  const features = [
    type.startsWith("HTTPS") ? "HTTPS" : undefined,
    type.endsWith("STR_MATCH") ? "string matching" : undefined,
    numberOr(ctx.need(r, ["requestInterval"]), STANDARD_HEALTH_CHECK_INTERVAL_SECONDS) < STANDARD_HEALTH_CHECK_INTERVAL_SECONDS ? "10-second interval" : undefined,
    ctx.need(r, ["measureLatency"]) === true ? "latency measurement" : undefined,
  ].filter((feature) => feature !== undefined);
  const charges = [monthly("health check of an AWS endpoint", "route53:health-check")];
  if (features.length > 0) charges.push(monthly(`optional features: ${features.join(", ")}`, "route53:health-check:feature", features.length));
  return charges;
}

export const NETWORK_RULES: Readonly<Record<string, PricingRule>> = {
  [NAT_GATEWAY]: { charges: natGateway },
  "aws:ec2/eip:Eip": { charges: elasticIp },
  [VPC_ENDPOINT]: { charges: vpcEndpoint },
  ...Object.fromEntries(LOAD_BALANCERS.map((type) => [type, { charges: loadBalancer }])),
  [WEB_ACL]: { charges: webAcl },
  "aws:route53/healthCheck:HealthCheck": { charges: healthCheck },
  "aws:ec2/vpc:Vpc": { free: "no charge" },
  "aws:ec2/subnet:Subnet": { free: "no charge" },
  "aws:ec2/routeTable:RouteTable": { free: "no charge" },
  "aws:ec2/route:Route": { free: "no charge" },
  "aws:ec2/routeTableAssociation:RouteTableAssociation": { free: "no charge" },
  "aws:ec2/internetGateway:InternetGateway": { free: "no charge; data out is counted on the load balancer" },
  "aws:ec2/securityGroup:SecurityGroup": { free: "no charge" },
  "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": { free: "no charge" },
  "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": { free: "no charge" },
  "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": { free: "no charge" },
  "aws:ec2/networkAcl:NetworkAcl": { free: "no charge" },
  "aws:ec2/flowLog:FlowLog": { free: "billed as log ingestion into its log group (usage file: logIngestionGiB)" },
  "aws:lb/listener:Listener": { free: "billed on the load balancer" },
  "aws:alb/listener:Listener": { free: "billed on the load balancer" },
  "aws:lb/listenerRule:ListenerRule": { free: "billed on the load balancer" },
  "aws:lb/targetGroup:TargetGroup": { free: "billed on the load balancer" },
  "aws:alb/targetGroup:TargetGroup": { free: "billed on the load balancer" },
  "aws:wafv2/webAclAssociation:WebAclAssociation": { free: "billed on the web ACL" },
  "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration": { free: "billed as log ingestion into its log group (usage file: logIngestionGiB)" },
  "aws:acm/certificate:Certificate": { free: "public ACM certificates are free" },
  "aws:acm/certificateValidation:CertificateValidation": { free: "no charge" },
  "aws:route53/record:Record": { free: "records are free; alias queries to AWS resources are free" },
};
