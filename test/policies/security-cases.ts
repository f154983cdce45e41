import { PolicyCases } from "./cases";
import { iamPolicy, KEY, one, TestResource, withChange } from "./resources";
import { SECURITY_WORKLOAD_CASES } from "./security-workload-cases";

const rdsInstance = { engine: "postgres", instanceClass: "db.t4g.medium", storageEncrypted: true, kmsKeyId: KEY, publiclyAccessible: false };
const replicationGroup = { description: "cache", atRestEncryptionEnabled: true, kmsKeyId: KEY, transitEncryptionEnabled: true };
const launchTemplate = { blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { encrypted: "true", volumeSize: 50 } }] };
const httpsListener = {
  protocol: "HTTPS",
  port: 443,
  sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
  defaultActions: [{ type: "forward" }],
  routingHttpResponseStrictTransportSecurityHeaderValue: "max-age=31536000; includeSubDomains",
};
const httpListener = { protocol: "HTTP", port: 80, defaultActions: [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }] };
const scopedPolicy = iamPolicy({ Effect: "Allow", Action: ["s3:GetObject"], Resource: ["arn:aws:s3:::bucket/*"] });
const adminPolicy = iamPolicy({ Sid: "Admin", Effect: "Allow", Action: "*", Resource: "*" });
const trust = (principal: unknown) => iamPolicy({ Effect: "Allow", Action: "sts:AssumeRole", Principal: principal });
const ACCOUNT = "123456789012";
const TOPIC = `arn:aws:sns:eu-west-1:${ACCOUNT}:alarms`;
const SOURCE = { StringEquals: { "aws:SourceAccount": ACCOUNT }, ArnLike: { "aws:SourceArn": `arn:aws:ecs:eu-west-1:${ACCOUNT}:*` } };
const QUEUE = `arn:aws:sqs:eu-west-1:${ACCOUNT}:interruptions`;
/** A queue policy letting EventBridge send (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html, "Amazon SQS permissions"). */
const queuePolicy = (condition: object | undefined) =>
  iamPolicy({ Effect: "Allow", Principal: { Service: "events.amazonaws.com" }, Action: "sqs:SendMessage", Resource: QUEUE, ...(condition && { Condition: condition }) });
const POD_TAGS = { StringEquals: { "aws:RequestTag/eks-cluster-name": "prod", "aws:RequestTag/kubernetes-namespace": "kube-system", "aws:RequestTag/kubernetes-service-account": "aws-node" } };
const serviceTrust = (service: string, condition: object | undefined) =>
  iamPolicy({ Effect: "Allow", Principal: { Service: service }, Action: ["sts:AssumeRole", "sts:TagSession"], ...(condition ? { Condition: condition } : {}) });
const keyFor = (principal: object, condition: object) =>
  iamPolicy(
    { Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "kms:*", Resource: "*" },
    { Effect: "Allow", Principal: principal, Action: ["kms:Decrypt", "kms:GenerateDataKey*"], Resource: "*", Condition: condition },
  );
const elbBucketPolicy = (resource: string, service = "logdelivery.elasticloadbalancing.amazonaws.com") => iamPolicy({ Effect: "Allow", Principal: { Service: service }, Action: "s3:PutObject", Resource: resource });
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

/** A bucket `name` with a server-side encryption configuration and a public access block unless told otherwise; `v2` declares both through the provider's V2 type names. */
const bucketStack = (sse = true, block: Record<string, boolean> | null = { blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true }, name = "logs", v2 = false): TestResource[] => [
  { type: v2 ? "aws:s3/bucketV2:BucketV2" : "aws:s3/bucket:Bucket", name, inputs: { forceDestroy: false } },
  ...(sse
    ? [{ type: `aws:s3/bucketServerSideEncryptionConfiguration${v2 ? "V2" : ""}:BucketServerSideEncryptionConfiguration${v2 ? "V2" : ""}`, name: `${name}-sse`, inputs: { bucket: name, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] }, dependsOn: [name] }]
    : []),
  ...(block ? [{ type: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", name: `${name}-block`, inputs: { bucket: name, ...block }, dependsOn: [name] }] : []),
];

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

export const SECURITY_CASES: PolicyCases[] = [
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
    policy: "aws-rds-instance-require-storage-encryption",
    compliant: {
      "an encrypted PostgreSQL instance": one("aws:rds/instance:Instance", "db", rdsInstance),
      // Its encryption comes from the source; the rule skips it rather than ask for a flag a replica does not set.
      "a read replica that leaves storage encryption unset": one("aws:rds/instance:Instance", "db-replica", { instanceClass: "db.t4g.medium", replicateSourceDb: "orders" }),
    },
    violating: {
      "an instance without storage encryption": one("aws:rds/instance:Instance", "db", withChange(rdsInstance, "storageEncrypted", false)),
      "an instance that leaves storage encryption unset": one("aws:rds/instance:Instance", "db", withChange(rdsInstance, "storageEncrypted", undefined)),
    },
  },
  {
    policy: "aws-rds-cluster-require-storage-encryption",
    compliant: { "an encrypted Aurora cluster": one("aws:rds/cluster:Cluster", "aurora", { engine: "aurora-postgresql", storageEncrypted: true, kmsKeyId: KEY }) },
    violating: { "an Aurora cluster without storage encryption": one("aws:rds/cluster:Cluster", "aurora", { engine: "aurora-postgresql" }) },
  },
  {
    policy: "aws-rds-instance-disallow-public-access",
    compliant: { "a private instance": one("aws:rds/instance:Instance", "db", rdsInstance) },
    violating: {
      "a publicly accessible instance": one("aws:rds/instance:Instance", "db", withChange(rdsInstance, "publiclyAccessible", true)),
      "a publicly accessible Aurora cluster instance": one("aws:rds/clusterInstance:ClusterInstance", "aurora-1", { clusterIdentifier: "aurora", publiclyAccessible: true }),
    },
  },
  {
    policy: "aws-elasticache-replication-group-require-encryption-at-rest",
    compliant: {
      "a replication group encrypted at rest": one("aws:elasticache/replicationGroup:ReplicationGroup", "cache", replicationGroup),
      // The SDK types the flag as a boolean; a program without those types (YAML, say) can send the string.
      'a replication group whose flag is the string "true"': one("aws:elasticache/replicationGroup:ReplicationGroup", "cache", withChange(replicationGroup, "atRestEncryptionEnabled", "true")),
    },
    violating: { "a replication group without encryption at rest": one("aws:elasticache/replicationGroup:ReplicationGroup", "cache", withChange(replicationGroup, "atRestEncryptionEnabled", false)) },
  },
  {
    policy: "aws-elasticache-replication-group-require-transit-encryption",
    compliant: { "a replication group that requires TLS": one("aws:elasticache/replicationGroup:ReplicationGroup", "cache", replicationGroup) },
    violating: {
      "a replication group without transit encryption": one("aws:elasticache/replicationGroup:ReplicationGroup", "cache", withChange(replicationGroup, "transitEncryptionEnabled", false)),
      "a replication group that still accepts plain text (preferred mode)": one("aws:elasticache/replicationGroup:ReplicationGroup", "cache", withChange(replicationGroup, "transitEncryptionMode", "preferred")),
    },
  },
  {
    policy: "aws-ebs-volume-require-encryption",
    compliant: {
      "an encrypted volume": one("aws:ebs/volume:Volume", "data", { availabilityZone: "eu-west-1a", size: 20, encrypted: true }),
      "a launch template whose volumes are encrypted": one("aws:ec2/launchTemplate:LaunchTemplate", "nodes", launchTemplate),
      "a launch template that declares no block devices, leaving the AMI's": one("aws:ec2/launchTemplate:LaunchTemplate", "nodes", { instanceType: "m7g.large" }),
      "a launch template with an instance store volume, which is not EBS": one("aws:ec2/launchTemplate:LaunchTemplate", "nodes", withChange(launchTemplate, "blockDeviceMappings", [...launchTemplate.blockDeviceMappings, { deviceName: "/dev/sdb", virtualName: "ephemeral0" }])),
    },
    violating: {
      "an unencrypted volume": one("aws:ebs/volume:Volume", "data", { availabilityZone: "eu-west-1a", size: 20 }),
      "a launch template with an unencrypted root volume": one("aws:ec2/launchTemplate:LaunchTemplate", "nodes", withChange(launchTemplate, "blockDeviceMappings.0.ebs.encrypted", "false")),
    },
  },
  {
    policy: "aws-s3-bucket-require-encryption-configuration",
    compliant: {
      "a bucket with a server-side encryption configuration": bucketStack(),
      "a BucketV2 with a V2 server-side encryption configuration": bucketStack(true, null, "exports", true),
      "two buckets, each with its own encryption configuration": [...bucketStack(), ...bucketStack(true, undefined, "exports", true)],
      "a bucket with an inline encryption configuration": one("aws:s3/bucket:Bucket", "legacy", { serverSideEncryptionConfiguration: { rule: { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: KEY } } } }),
    },
    violating: {
      "a bucket without a server-side encryption configuration": bucketStack(false),
      "a bucket without one beside a bucket with one": [...bucketStack(), ...bucketStack(false, null, "exports")],
    },
  },
  {
    policy: "aws-s3-bucket-require-public-access-block",
    compliant: { "a bucket with all four public access blocks": bucketStack(), "two buckets, each with its own block": [...bucketStack(), ...bucketStack(true, undefined, "exports", true)] },
    violating: {
      "a bucket without a public access block": bucketStack(true, null),
      "a bucket without a public access block beside one with": [...bucketStack(), ...bucketStack(true, null, "exports")],
      "a bucket whose access block allows public policies": bucketStack(true, { blockPublicAcls: true, blockPublicPolicy: false, ignorePublicAcls: true, restrictPublicBuckets: true }),
      "a public access block with every setting off, for a bucket another stack owns": one("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "partner-block", {
        bucket: "partner-exports",
        blockPublicAcls: false,
        blockPublicPolicy: false,
        ignorePublicAcls: false,
        restrictPublicBuckets: false,
      }),
      "a public access block that leaves settings out, for a bucket another stack owns": one("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "partner-block", { bucket: "partner-exports", blockPublicAcls: true }),
    },
  },
  {
    policy: "aws-sns-topic-require-kms-encryption",
    compliant: { "a topic encrypted with our key": one("aws:sns/topic:Topic", "alerts", { kmsMasterKeyId: KEY }) },
    violating: { "a topic without a KMS key": one("aws:sns/topic:Topic", "alerts", {}) },
  },
  {
    policy: "aws-cloudwatch-log-group-require-kms-encryption",
    compliant: { "a log group encrypted with our key": one("aws:cloudwatch/logGroup:LogGroup", "app", { retentionInDays: 365, kmsKeyId: KEY }) },
    violating: { "a log group without a KMS key": one("aws:cloudwatch/logGroup:LogGroup", "app", { retentionInDays: 365 }) },
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
    policy: "aws-iam-policy-disallow-wildcard-admin",
    compliant: {
      "a managed policy scoped to one bucket": one("aws:iam/policy:Policy", "read", { policy: scopedPolicy }),
      "a role whose inline policy is scoped": one("aws:iam/role:Role", "app", { assumeRolePolicy: trust({ Service: "ecs-tasks.amazonaws.com" }), inlinePolicies: [{ name: "read", policy: scopedPolicy }] }),
      "a role with no inline policies": one("aws:iam/role:Role", "app", { assumeRolePolicy: trust({ Service: "ecs-tasks.amazonaws.com" }) }),
      "a role with the empty inline policy that removes the others (inlinePolicies: [{}])": one("aws:iam/role:Role", "app", { assumeRolePolicy: trust({ Service: "ecs-tasks.amazonaws.com" }), inlinePolicies: [{}] }),
      "a policy that denies * on * (a guard rail, not a grant)": one("aws:iam/policy:Policy", "guard", { policy: iamPolicy({ Effect: "Deny", Action: "*", Resource: "*", Condition: { Bool: { "aws:SecureTransport": "false" } } }) }),
      "a policy that allows one action on *": one("aws:iam/policy:Policy", "describe", { policy: iamPolicy({ Effect: "Allow", Action: "ec2:DescribeInstances", Resource: "*" }) }),
    },
    violating: {
      "a managed policy that allows * on *": one("aws:iam/policy:Policy", "admin", { policy: adminPolicy }),
      "a role policy that allows * on *": one("aws:iam/rolePolicy:RolePolicy", "admin", { role: "app", policy: adminPolicy }),
      "a user policy that allows * on *": one("aws:iam/userPolicy:UserPolicy", "admin", { user: "ci", policy: adminPolicy }),
      "a group policy that allows * on *": one("aws:iam/groupPolicy:GroupPolicy", "admin", { group: "operators", policy: adminPolicy }),
      "a policy whose action list has * among named actions": one("aws:iam/policy:Policy", "admin", { policy: iamPolicy({ Effect: "Allow", Action: ["s3:GetObject", "*"], Resource: ["*"] }) }),
      "a policy that allows *:* on *": one("aws:iam/policy:Policy", "admin", { policy: iamPolicy({ Effect: "Allow", Action: "*:*", Resource: "*" }) }),
      "a role with an inline policy that allows * on *": one("aws:iam/role:Role", "app", { assumeRolePolicy: trust({ Service: "ecs-tasks.amazonaws.com" }), inlinePolicies: [{ name: "admin", policy: adminPolicy }] }),
    },
  },
  {
    policy: "aws-iam-role-disallow-wildcard-trust",
    compliant: {
      "a role trusted by the ECS tasks service": one("aws:iam/role:Role", "app", { assumeRolePolicy: trust({ Service: "ecs-tasks.amazonaws.com" }) }),
      "a role whose trust denies * beside allowing one account": one("aws:iam/role:Role", "app", {
        assumeRolePolicy: iamPolicy(
          { Effect: "Allow", Action: "sts:AssumeRole", Principal: { AWS: "arn:aws:iam::123456789012:root" } },
          { Effect: "Deny", Action: "sts:AssumeRole", Principal: "*", Condition: { BoolIfExists: { "aws:MultiFactorAuthPresent": "false" } } },
        ),
      }),
    },
    violating: {
      "a role that trusts *": one("aws:iam/role:Role", "app", { assumeRolePolicy: trust("*") }),
      "a role that trusts every AWS principal": one("aws:iam/role:Role", "app", { assumeRolePolicy: trust({ AWS: "*" }) }),
      "a role that trusts * among named accounts": one("aws:iam/role:Role", "app", { assumeRolePolicy: trust({ AWS: ["arn:aws:iam::123456789012:root", "*"] }) }),
    },
  },
  {
    policy: "aws-iam-service-principal-require-source-conditions",
    compliant: {
      "a role ECS tasks of this account assume for its tasks only": one("aws:iam/role:Role", "app", { assumeRolePolicy: serviceTrust("ecs-tasks.amazonaws.com", SOURCE) }),
      "a key CloudWatch Logs may use for one log group": one("aws:kms/key:Key", "logs", { policy: keyFor({ Service: "logs.eu-west-1.amazonaws.com" }, { ArnLike: { "kms:EncryptionContext:aws:logs:arn": [`arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:/platform/prod/network/flow-logs`] } }) }),
      "a key alarms of this account may publish with": one("aws:kms/key:Key", "alarms", { policy: keyFor({ Service: "cloudwatch.amazonaws.com" }, SOURCE) }),
      "a Pod Identity role pinned to its cluster, namespace and service account": one("aws:iam/role:Role", "controller", { assumeRolePolicy: serviceTrust("pods.eks.amazonaws.com", POD_TAGS) }),
      "an EC2 instance role (AWS documents no source keys for it)": one("aws:iam/role:Role", "node", { assumeRolePolicy: trust({ Service: "ec2.amazonaws.com" }) }),
      "a Chatbot channel role (AWS documents no source keys for it)": one("aws:iam/role:Role", "chatbot", { assumeRolePolicy: trust({ Service: "chatbot.amazonaws.com" }) }),
      "a canary's execution role Lambda assumes for the canary's function only": one("aws:iam/role:Role", "probe", {
        assumeRolePolicy: serviceTrust("lambda.amazonaws.com", { StringEquals: { "aws:SourceAccount": ACCOUNT }, ArnLike: { "aws:SourceArn": `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:cwsyn-probe-*` } }),
      }),
      "an access-log bucket ELB writes under AWSLogs/<account>/ only": one("aws:s3/bucketPolicy:BucketPolicy", "logs", { bucket: "logs", policy: elbBucketPolicy(`arn:aws:s3:::logs/alb/AWSLogs/${ACCOUNT}/*`) }),
      "a queue only this account's EventBridge rule sends to": one("aws:sqs/queuePolicy:QueuePolicy", "interruptions", {
        queueUrl: `https://sqs.eu-west-1.amazonaws.com/${ACCOUNT}/interruptions`,
        policy: queuePolicy({ StringEquals: { "aws:SourceAccount": ACCOUNT }, ArnEquals: { "aws:SourceArn": `arn:aws:events:eu-west-1:${ACCOUNT}:rule/interruptions-spot` } }),
      }),
      "a topic only this account's alarms publish to": one("aws:sns/topicPolicy:TopicPolicy", "alarms", { arn: TOPIC, policy: iamPolicy({ Effect: "Allow", Principal: { Service: "cloudwatch.amazonaws.com" }, Action: "sns:Publish", Resource: TOPIC, Condition: SOURCE }) }),
      "a key the global CloudWatch Logs principal may use for one log group": one("aws:kms/key:Key", "logs", { policy: keyFor({ Service: "logs.amazonaws.com" }, { ArnEquals: { "kms:EncryptionContext:aws:logs:arn": `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:/platform/prod/app` } }) }),
      "a bucket vended-log delivery (delivery.logs, not CloudWatch Logs) writes to for this account's sources": one("aws:s3/bucketPolicy:BucketPolicy", "vended", {
        bucket: "vended",
        policy: iamPolicy({ Effect: "Allow", Principal: { Service: "delivery.logs.amazonaws.com" }, Action: "s3:PutObject", Resource: "arn:aws:s3:::vended/*", Condition: SOURCE }),
      }),
      "a Pod Identity role pinned by cluster ARN instead of name": one("aws:iam/role:Role", "controller", {
        assumeRolePolicy: serviceTrust("pods.eks.amazonaws.com", {
          StringEquals: { "aws:RequestTag/eks-cluster-arn": `arn:aws:eks:eu-west-1:${ACCOUNT}:cluster/prod`, "aws:RequestTag/kubernetes-namespace": "kube-system", "aws:RequestTag/kubernetes-service-account": "aws-node" },
        }),
      }),
      "a key policy that denies a service outright (a guard rail, not a grant)": one("aws:kms/key:Key", "guarded", {
        policy: iamPolicy({ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "kms:*", Resource: "*" }, { Effect: "Deny", Principal: { Service: "sns.amazonaws.com" }, Action: "kms:*", Resource: "*" }),
      }),
    },
    violating: {
      "a standalone key policy SNS may use on the account condition alone": one("aws:kms/keyPolicy:KeyPolicy", "alarms", { keyId: "alarms", policy: keyFor({ Service: "sns.amazonaws.com" }, { StringEquals: { "aws:SourceAccount": ACCOUNT } }) }),
      "a bucket's inline policy ELB may write anywhere in": one("aws:s3/bucket:Bucket", "logs", { policy: elbBucketPolicy("arn:aws:s3:::logs/*") }),
      "a topic's inline policy any account's alarms may publish to": one("aws:sns/topic:Topic", "alarms", { policy: iamPolicy({ Effect: "Allow", Principal: { Service: "cloudwatch.amazonaws.com" }, Action: "sns:Publish", Resource: TOPIC }) }),
      "a queue's inline policy any EventBridge rule may send to": one("aws:sqs/queue:Queue", "interruptions", { policy: queuePolicy(undefined) }),
      "a key CloudWatch Logs may use with no encryption-context condition": one("aws:kms/key:Key", "logs", { policy: iamPolicy({ Effect: "Allow", Principal: { Service: "logs.eu-west-1.amazonaws.com" }, Action: "kms:Decrypt", Resource: "*" }) }),
      "a key CloudWatch Logs may use for one log group and every other": one("aws:kms/key:Key", "logs", {
        policy: keyFor({ Service: "logs.eu-west-1.amazonaws.com" }, { ArnLike: { "kms:EncryptionContext:aws:logs:arn": [`arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:/platform/prod/app`, `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:*`] } }),
      }),
      "a Pod Identity role pinned to a namespace and service account of any cluster": one("aws:iam/role:Role", "controller", {
        assumeRolePolicy: serviceTrust("pods.eks.amazonaws.com", { StringEquals: { "aws:RequestTag/kubernetes-namespace": "kube-system", "aws:RequestTag/kubernetes-service-account": "aws-node" } }),
      }),
      "an ELB log-delivery statement with no Resource (S3 rejects it; the rule does not take it as scoped)": one("aws:s3/bucketPolicy:BucketPolicy", "logs", {
        bucket: "logs",
        policy: iamPolicy({ Effect: "Allow", Principal: { Service: "logdelivery.elasticloadbalancing.amazonaws.com" }, Action: "s3:PutObject" }),
      }),
      "an access-log bucket ELB writes under AWSLogs/<account>/ and anywhere else": one("aws:s3/bucketPolicy:BucketPolicy", "logs", {
        bucket: "logs",
        policy: iamPolicy({ Effect: "Allow", Principal: { Service: "logdelivery.elasticloadbalancing.amazonaws.com" }, Action: "s3:PutObject", Resource: [`arn:aws:s3:::logs/alb/AWSLogs/${ACCOUNT}/*`, "arn:aws:s3:::logs/*"] }),
      }),
      "a role whose source conditions use ForAllValues (true when the key is absent)": one("aws:iam/role:Role", "app", {
        assumeRolePolicy: serviceTrust("ecs-tasks.amazonaws.com", { "ForAllValues:StringEquals": { "aws:SourceAccount": ACCOUNT }, "ForAllValues:ArnLike": { "aws:SourceArn": `arn:aws:ecs:eu-west-1:${ACCOUNT}:*` } }),
      }),
      "a role whose source ARN is *": one("aws:iam/role:Role", "app", { assumeRolePolicy: serviceTrust("ecs-tasks.amazonaws.com", { StringEquals: { "aws:SourceAccount": ACCOUNT }, ArnLike: { "aws:SourceArn": "*" } }) }),
      "a role whose source ARNs include *": one("aws:iam/role:Role", "app", {
        assumeRolePolicy: serviceTrust("ecs-tasks.amazonaws.com", { StringEquals: { "aws:SourceAccount": ACCOUNT }, ArnLike: { "aws:SourceArn": [`arn:aws:ecs:eu-west-1:${ACCOUNT}:*`, "*"] } }),
      }),
      "a role whose source account is empty": one("aws:iam/role:Role", "app", { assumeRolePolicy: serviceTrust("ecs-tasks.amazonaws.com", { StringEquals: { "aws:SourceAccount": "" }, ArnLike: { "aws:SourceArn": `arn:aws:ecs:eu-west-1:${ACCOUNT}:*` } }) }),
      "a Lambda execution role any function may assume": one("aws:iam/role:Role", "probe", { assumeRolePolicy: trust({ Service: "lambda.amazonaws.com" }) }),
      "a flow-log role that checks the account only": one("aws:iam/role:Role", "flow-logs", { assumeRolePolicy: serviceTrust("vpc-flow-logs.amazonaws.com", { StringEquals: { "aws:SourceAccount": ACCOUNT } }) }),
      "a role whose source ARN is only checked if present": one("aws:iam/role:Role", "monitoring", { assumeRolePolicy: serviceTrust("monitoring.rds.amazonaws.com", { StringEquals: { "aws:SourceAccount": ACCOUNT }, ArnLikeIfExists: { "aws:SourceArn": `arn:aws:rds:eu-west-1:${ACCOUNT}:db:orders` } }) }),
      "a key CloudWatch Logs may use for every log group of the account": one("aws:kms/key:Key", "logs", { policy: keyFor({ Service: "logs.eu-west-1.amazonaws.com" }, { ArnLike: { "kms:EncryptionContext:aws:logs:arn": `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:*` } }) }),
      "a key SNS may use on the account condition alone": one("aws:kms/key:Key", "alarms", { policy: keyFor({ Service: "sns.amazonaws.com" }, { StringEquals: { "aws:SourceAccount": ACCOUNT } }) }),
      // The weaker equivalents apply to their exact principal only; any other name is held to the source keys.
      "a principal that only ends in pods.eks.amazonaws.com, with the Pod Identity tags": one("aws:iam/role:Role", "controller", { assumeRolePolicy: serviceTrust("beta.pods.eks.amazonaws.com", POD_TAGS) }),
      "a principal that only starts with pods.eks.amazonaws.com, with the Pod Identity tags": one("aws:iam/role:Role", "controller", { assumeRolePolicy: serviceTrust("pods.eks.amazonaws.com.cn", POD_TAGS) }),
      "a principal that only starts with a CloudWatch Logs name, for one log group": one("aws:kms/key:Key", "logs", { policy: keyFor({ Service: "logs.amazonaws.com.example.com" }, { ArnEquals: { "kms:EncryptionContext:aws:logs:arn": `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:/platform/prod/app` } }) }),
      "a principal that only ends in ELB's log-delivery name, writing under AWSLogs/<account>/": one("aws:s3/bucketPolicy:BucketPolicy", "logs", { bucket: "logs", policy: elbBucketPolicy(`arn:aws:s3:::logs/alb/AWSLogs/${ACCOUNT}/*`, "beta.logdelivery.elasticloadbalancing.amazonaws.com") }),
      "a principal that only starts with ELB's log-delivery name, writing under AWSLogs/<account>/": one("aws:s3/bucketPolicy:BucketPolicy", "logs", { bucket: "logs", policy: elbBucketPolicy(`arn:aws:s3:::logs/alb/AWSLogs/${ACCOUNT}/*`, "logdelivery.elasticloadbalancing.amazonaws.com.cn") }),
      "a Pod Identity role any association in the account may use": one("aws:iam/role:Role", "controller", { assumeRolePolicy: serviceTrust("pods.eks.amazonaws.com", undefined) }),
      "a Pod Identity role pinned to a namespace but not a service account": one("aws:iam/role:Role", "controller", { assumeRolePolicy: serviceTrust("pods.eks.amazonaws.com", { StringEquals: { "aws:RequestTag/eks-cluster-name": "prod", "aws:RequestTag/kubernetes-namespace": "kube-system" } }) }),
      "an access-log bucket ELB may write anywhere in": one("aws:s3/bucketPolicy:BucketPolicy", "logs", { bucket: "logs", policy: elbBucketPolicy("arn:aws:s3:::logs/*") }),
      "a queue any EventBridge rule may send to": one("aws:sqs/queuePolicy:QueuePolicy", "interruptions", { queueUrl: `https://sqs.eu-west-1.amazonaws.com/${ACCOUNT}/interruptions`, policy: queuePolicy(undefined) }),
      "a topic CloudWatch publishes to for any alarm": one("aws:sns/topicPolicy:TopicPolicy", "alarms", { arn: TOPIC, policy: iamPolicy({ Effect: "Allow", Principal: { Service: "cloudwatch.amazonaws.com" }, Action: "sns:Publish", Resource: TOPIC }) }),
      "a log delivery policy with a wildcard source": one("aws:cloudwatch/logResourcePolicy:LogResourcePolicy", "waf", { policyName: "waf", policyDocument: iamPolicy({ Effect: "Allow", Principal: { Service: "delivery.logs.amazonaws.com" }, Action: "logs:PutLogEvents", Resource: "*", Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT }, ArnLike: { "aws:SourceArn": "*" } } }) }),
    },
  },
  {
    policy: "aws-kms-key-require-rotation",
    compliant: {
      "a symmetric key with rotation": one("aws:kms/key:Key", "data", { enableKeyRotation: true }),
      "an asymmetric signing key, which AWS cannot rotate": one("aws:kms/key:Key", "signing", { customerMasterKeySpec: "RSA_2048", keyUsage: "SIGN_VERIFY" }),
    },
    violating: { "a symmetric key without rotation": one("aws:kms/key:Key", "data", { enableKeyRotation: false }) },
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
  ...SECURITY_WORKLOAD_CASES,
];

