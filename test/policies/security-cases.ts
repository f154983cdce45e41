import { PolicyCases } from "./cases";
import { iamPolicy, TestResource, withChange } from "./resources";

const KEY = "arn:aws:kms:eu-west-1:123456789012:key/0d8a6b1e-1111-2222-3333-444455556666";
const one = (type: string, name: string, inputs: Record<string, any>): TestResource[] => [{ type, name, inputs }];

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
const eksCluster = {
  vpcConfig: { endpointPublicAccess: false, endpointPrivateAccess: true },
  encryptionConfig: { resources: ["secrets"], provider: { keyArn: KEY } },
  enabledClusterLogTypes: ["api", "audit", "authenticator"],
};
const ec2NodeClass = {
  apiVersion: "karpenter.k8s.aws/v1",
  kind: "EC2NodeClass",
  metadata: { name: "app" },
  spec: {
    role: "eks-karpenter-node",
    amiSelectorTerms: [{ alias: "al2023@latest" }],
    subnetSelectorTerms: [{ tags: { "karpenter.sh/discovery": "platform-test" } }],
    securityGroupSelectorTerms: [{ tags: { "kubernetes.io/cluster/platform-test": "owned" } }],
    metadataOptions: { httpEndpoint: "enabled", httpPutResponseHopLimit: 1, httpTokens: "required" },
    blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { volumeSize: "50Gi", volumeType: "gp3", encrypted: true, kmsKeyID: KEY } }],
    associatePublicIPAddress: false,
  },
};
const EC2_NODE_CLASS = "kubernetes:karpenter.k8s.aws/v1:EC2NodeClass";
const autoNodeClass = {
  apiVersion: "eks.amazonaws.com/v1",
  kind: "NodeClass",
  metadata: { name: "app" },
  spec: {
    role: "eks-node",
    subnetSelectorTerms: [{ tags: { "karpenter.sh/discovery": "platform-test" } }],
    securityGroupSelectorTerms: [{ tags: { "kubernetes.io/cluster/platform-test": "owned" } }],
    ephemeralStorage: { size: "50Gi", kmsKeyID: KEY },
    advancedNetworking: { associatePublicIPAddress: false },
  },
};
const AUTO_NODE_CLASS = "kubernetes:eks.amazonaws.com/v1:NodeClass";
const container = {
  name: "app",
  image: "123456789012.dkr.ecr.eu-west-1.amazonaws.com/app@sha256:" + "a".repeat(64),
  user: "10001",
  readonlyRootFilesystem: true,
  privileged: false,
  environment: [{ name: "LOG_LEVEL", value: "info" }],
  secrets: [{ name: "DATABASE_PASSWORD", valueFrom: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db" }],
};
const taskDefinition = (c: Record<string, any> = container, extra: Record<string, any> = {}) => ({
  family: "app",
  containerDefinitions: JSON.stringify([c]),
  executionRoleArn: "arn:aws:iam::123456789012:role/app-execution",
  taskRoleArn: "arn:aws:iam::123456789012:role/app-task",
  ...extra,
});
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
const elbBucketPolicy = (resource: string) => iamPolicy({ Effect: "Allow", Principal: { Service: "logdelivery.elasticloadbalancing.amazonaws.com" }, Action: "s3:PutObject", Resource: resource });
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
const podTemplate = {
  securityContext: { runAsNonRoot: true, runAsUser: 10001 },
  containers: [
    {
      name: "app",
      image: "registry.example.com/app:1.4.2",
      securityContext: { allowPrivilegeEscalation: false, privileged: false, readOnlyRootFilesystem: true },
      resources: { limits: { cpu: "500m", memory: "512Mi" }, requests: { cpu: "250m", memory: "256Mi" } },
    },
  ],
};
const deployment = (spec: Record<string, any> = podTemplate) => ({ metadata: { name: "app" }, spec: { replicas: 2, selector: { matchLabels: { app: "app" } }, template: { metadata: { labels: { app: "app" } }, spec } } });
const DEPLOYMENT = "kubernetes:apps/v1:Deployment";

const ASSOCIATION = "aws:wafv2/webAclAssociation:WebAclAssociation";
/** A public ALB with its security group, and whatever else a case adds. */
function albStack(extra: { lb?: Record<string, any>; rules?: TestResource[]; association?: boolean; acl?: Record<string, any>; albGroupIngress?: Record<string, any>[] } = {}): TestResource[] {
  return [
    { type: "aws:ec2/securityGroup:SecurityGroup", name: "alb-sg", inputs: { vpcId: "vpc-1", ingress: extra.albGroupIngress ?? [] } },
    { type: "aws:ec2/securityGroup:SecurityGroup", name: "app-sg", inputs: { vpcId: "vpc-1", ingress: [] } },
    { type: "aws:lb/loadBalancer:LoadBalancer", name: "alb", inputs: { loadBalancerType: "application", internal: false, dropInvalidHeaderFields: true, securityGroups: ["sg-alb"], ...extra.lb }, dependsOn: ["alb-sg"] },
    { type: "aws:wafv2/webAcl:WebAcl", name: "acl", inputs: extra.acl ?? webAcl },
    ...(extra.association === false ? [] : [{ type: ASSOCIATION, name: "acl-alb", inputs: { resourceArn: "arn:alb", webAclArn: "arn:acl" }, dependsOn: ["alb", "acl"] }]),
    ...(extra.rules ?? []),
  ];
}
const ingressRule = (name: string, group: string, inputs: Record<string, any>): TestResource => ({ type: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", name, inputs: { securityGroupId: `sg-${group}`, ...inputs }, dependsOn: [group] });

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
    },
  },
  {
    policy: "aws-alb-listener-http-redirect-only",
    compliant: { "an HTTP listener that redirects to HTTPS": one("aws:lb/listener:Listener", "http", httpListener) },
    violating: {
      "an HTTP listener that forwards to targets": one("aws:lb/listener:Listener", "http", withChange(httpListener, "defaultActions", [{ type: "forward", targetGroupArn: "arn:tg" }])),
      "an HTTP listener that redirects to plain HTTP": one("aws:lb/listener:Listener", "http", withChange(httpListener, "defaultActions.0.redirect.protocol", "HTTP")),
      "an HTTP listener with no default action": one("aws:lb/listener:Listener", "http", withChange(httpListener, "defaultActions", [])),
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
      "the app group admitting only the ALB's group": albStack({ rules: [ingressRule("app-from-alb", "app-sg", { ipProtocol: "tcp", fromPort: 8080, toPort: 8080, referencedSecurityGroupId: "sg-alb" })] }),
      "HTTPS from anywhere by protocol number 6 into the public ALB's group": albStack({ rules: [ingressRule("alb-https", "alb-sg", { ipProtocol: "6", fromPort: 443, toPort: 443, cidrIpv4: "0.0.0.0/0" })] }),
      "HTTPS from anywhere in the public ALB's group's inline rules": albStack({ albGroupIngress: [{ protocol: "tcp", fromPort: 443, toPort: 443, ipv6CidrBlocks: ["::/0"] }] }),
      "egress to anywhere through an ec2.SecurityGroupRule": albStack({
        rules: [{ type: "aws:ec2/securityGroupRule:SecurityGroupRule", name: "app-egress", inputs: { type: "egress", protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"], securityGroupId: "sg-app" }, dependsOn: ["app-sg"] }],
      }),
    },
    violating: {
      "SSH from anywhere through a vpc.SecurityGroupIngressRule": albStack({ rules: [ingressRule("ssh", "app-sg", { ipProtocol: "tcp", fromPort: 22, toPort: 22, cidrIpv4: "0.0.0.0/0" })] }),
      "HTTPS from anywhere into a group no load balancer uses": albStack({ rules: [ingressRule("app-https", "app-sg", { ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: "0.0.0.0/0" })] }),
      "all traffic from ::/0 into the ALB's group": albStack({ rules: [ingressRule("alb-all", "alb-sg", { ipProtocol: "-1", cidrIpv6: "::/0" })] }),
      "a port range from anywhere through an ec2.SecurityGroupRule": albStack({
        rules: [{ type: "aws:ec2/securityGroupRule:SecurityGroupRule", name: "range", inputs: { type: "ingress", protocol: "tcp", fromPort: 0, toPort: 1024, cidrBlocks: ["0.0.0.0/0"], securityGroupId: "sg-alb" }, dependsOn: ["alb-sg"] }],
      }),
      "an inline ingress rule from anywhere": [{ type: "aws:ec2/securityGroup:SecurityGroup", name: "open", inputs: { ingress: [{ protocol: "tcp", fromPort: 5432, toPort: 5432, cidrBlocks: ["0.0.0.0/0"] }] } }],
      "HTTPS from anywhere into an internal load balancer's group": albStack({ lb: { internal: true }, rules: [ingressRule("alb-https", "alb-sg", { ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: "0.0.0.0/0" })] }),
      "ports 80 to 443 from anywhere into the public ALB's group": albStack({ rules: [ingressRule("alb-range", "alb-sg", { ipProtocol: "tcp", fromPort: 80, toPort: 443, cidrIpv4: "0.0.0.0/0" })] }),
      "UDP 443 from anywhere into the public ALB's group": albStack({ rules: [ingressRule("alb-quic", "alb-sg", { ipProtocol: "udp", fromPort: 443, toPort: 443, cidrIpv4: "0.0.0.0/0" })] }),
      "all traffic from anywhere, as protocol all, through an ec2.SecurityGroupRule into the public ALB's group": albStack({
        rules: [{ type: "aws:ec2/securityGroupRule:SecurityGroupRule", name: "alb-all", inputs: { type: "ingress", protocol: "all", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"], securityGroupId: "sg-alb" }, dependsOn: ["alb-sg"] }],
      }),
      "HTTPS from anywhere into a group this stack does not declare": albStack({ rules: [{ type: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", name: "shared-https", inputs: { securityGroupId: "sg-0123456789abcdef0", ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: "0.0.0.0/0" } }] }),
    },
  },
  {
    policy: "aws-eks-cluster-disallow-public-endpoint",
    compliant: {
      "a cluster with a private endpoint": one("aws:eks/cluster:Cluster", "eks", eksCluster),
      "a cluster whose public endpoint admits listed CIDRs only": one("aws:eks/cluster:Cluster", "eks", withChange(eksCluster, "vpcConfig", { endpointPublicAccess: true, publicAccessCidrs: ["203.0.113.0/24"] })),
    },
    violating: {
      "a cluster that leaves the public endpoint at its open default": one("aws:eks/cluster:Cluster", "eks", withChange(eksCluster, "vpcConfig", {})),
      "a cluster whose public endpoint admits 0.0.0.0/0": one("aws:eks/cluster:Cluster", "eks", withChange(eksCluster, "vpcConfig", { endpointPublicAccess: true, publicAccessCidrs: ["0.0.0.0/0"] })),
      "a cluster whose public endpoint admits 0.0.0.0/0 among listed CIDRs": one("aws:eks/cluster:Cluster", "eks", withChange(eksCluster, "vpcConfig", { endpointPublicAccess: true, publicAccessCidrs: ["203.0.113.0/24", "0.0.0.0/0"] })),
    },
  },
  {
    policy: "aws-eks-cluster-require-secrets-encryption",
    compliant: { "a cluster that encrypts secrets with KMS": one("aws:eks/cluster:Cluster", "eks", eksCluster) },
    violating: {
      "a cluster without secrets encryption": one("aws:eks/cluster:Cluster", "eks", withChange(eksCluster, "encryptionConfig", undefined)),
      "a cluster whose KMS key encrypts no resource type": one("aws:eks/cluster:Cluster", "eks", withChange(eksCluster, "encryptionConfig.resources", [])),
      "a cluster that names secrets but no KMS key": one("aws:eks/cluster:Cluster", "eks", withChange(eksCluster, "encryptionConfig.provider", {})),
    },
  },
  {
    policy: "aws-eks-cluster-require-control-plane-logs",
    compliant: { "a cluster with api, audit and authenticator logs": one("aws:eks/cluster:Cluster", "eks", eksCluster) },
    violating: {
      "a cluster without audit logs": one("aws:eks/cluster:Cluster", "eks", withChange(eksCluster, "enabledClusterLogTypes", ["api", "authenticator"])),
      "a cluster that leaves control-plane logs off": one("aws:eks/cluster:Cluster", "eks", withChange(eksCluster, "enabledClusterLogTypes", undefined)),
    },
  },
  {
    policy: "aws-eks-node-group-disallow-ssh",
    compliant: { "a node group without remote access": one("aws:eks/nodeGroup:NodeGroup", "nodes", { clusterName: "eks", scalingConfig: { desiredSize: 2, minSize: 2, maxSize: 4 } }) },
    violating: { "a node group that accepts SSH": one("aws:eks/nodeGroup:NodeGroup", "nodes", { clusterName: "eks", remoteAccess: { ec2SshKey: "ops" } }) },
  },
  {
    policy: "aws-eks-karpenter-node-class-require-imdsv2",
    compliant: {
      "a node class requiring IMDSv2 within one hop": one(EC2_NODE_CLASS, "app", ec2NodeClass),
      "a node class that leaves metadataOptions at Karpenter's defaults": one(EC2_NODE_CLASS, "app", withChange(ec2NodeClass, "spec.metadataOptions", undefined)),
      "a node class with instance metadata switched off": one(EC2_NODE_CLASS, "app", withChange(ec2NodeClass, "spec.metadataOptions", { httpEndpoint: "disabled", httpTokens: "optional" })),
    },
    violating: {
      "a node class that allows IMDSv1": one(EC2_NODE_CLASS, "app", withChange(ec2NodeClass, "spec.metadataOptions.httpTokens", "optional")),
      "a node class whose hop limit lets containers reach IMDS": one(EC2_NODE_CLASS, "app", withChange(ec2NodeClass, "spec.metadataOptions.httpPutResponseHopLimit", 2)),
    },
  },
  {
    policy: "aws-eks-karpenter-node-class-require-encrypted-volumes",
    compliant: {
      "a node class whose root volume is encrypted with a KMS key": one(EC2_NODE_CLASS, "app", ec2NodeClass),
      "a node class that keeps the AL2023 default (encrypted) mappings": one(EC2_NODE_CLASS, "app", withChange(ec2NodeClass, "spec.blockDeviceMappings", undefined)),
    },
    violating: {
      "a node class with an unencrypted root volume": one(EC2_NODE_CLASS, "app", withChange(ec2NodeClass, "spec.blockDeviceMappings.0.ebs.encrypted", false)),
      "a node class with a second volume that leaves encryption unset": one(
        EC2_NODE_CLASS,
        "app",
        withChange(ec2NodeClass, "spec.blockDeviceMappings", [...ec2NodeClass.spec.blockDeviceMappings, { deviceName: "/dev/xvdb", ebs: { volumeSize: "100Gi" } }]),
      ),
      "a Custom AMI family node class without block device mappings": one(EC2_NODE_CLASS, "app", withChange(withChange(ec2NodeClass, "spec.blockDeviceMappings", undefined), "spec.amiFamily", "Custom")),
    },
  },
  {
    policy: "aws-eks-karpenter-node-class-disallow-public-ip",
    compliant: { "a node class that never assigns a public IP": one(EC2_NODE_CLASS, "app", ec2NodeClass) },
    violating: {
      "a node class that assigns public IPs": one(EC2_NODE_CLASS, "app", withChange(ec2NodeClass, "spec.associatePublicIPAddress", true)),
      "a node class that leaves public IPs to the subnet": one(EC2_NODE_CLASS, "app", withChange(ec2NodeClass, "spec.associatePublicIPAddress", undefined)),
    },
  },
  {
    policy: "aws-eks-auto-mode-node-class-require-customer-key",
    compliant: { "an Auto Mode node class encrypting storage with a customer key": one(AUTO_NODE_CLASS, "app", autoNodeClass) },
    violating: { "an Auto Mode node class on the AWS managed key": one(AUTO_NODE_CLASS, "app", withChange(autoNodeClass, "spec.ephemeralStorage", { size: "50Gi" })) },
  },
  {
    policy: "aws-eks-auto-mode-node-class-disallow-public-ip",
    compliant: { "an Auto Mode node class that never assigns a public IP": one(AUTO_NODE_CLASS, "app", autoNodeClass) },
    violating: {
      "an Auto Mode node class that assigns public IPs": one(AUTO_NODE_CLASS, "app", withChange(autoNodeClass, "spec.advancedNetworking.associatePublicIPAddress", true)),
      "an Auto Mode node class that leaves public IPs to the subnet": one(AUTO_NODE_CLASS, "app", withChange(autoNodeClass, "spec.advancedNetworking", undefined)),
    },
  },
  {
    policy: "aws-ecs-task-definition-disallow-privileged",
    compliant: { "a task whose container is unprivileged": one("aws:ecs/taskDefinition:TaskDefinition", "app", taskDefinition()) },
    violating: { "a task with a privileged container": one("aws:ecs/taskDefinition:TaskDefinition", "app", taskDefinition(withChange(container, "privileged", true))) },
  },
  {
    policy: "aws-ecs-task-definition-require-read-only-root-filesystem",
    compliant: { "a task whose root filesystem is read-only": one("aws:ecs/taskDefinition:TaskDefinition", "app", taskDefinition()) },
    violating: { "a task with a writable root filesystem": one("aws:ecs/taskDefinition:TaskDefinition", "app", taskDefinition(withChange(container, "readonlyRootFilesystem", undefined))) },
  },
  {
    policy: "aws-ecs-task-definition-require-non-root-user",
    compliant: { "a task that runs as UID 10001": one("aws:ecs/taskDefinition:TaskDefinition", "app", taskDefinition()) },
    violating: {
      "a task that runs as root by UID": one("aws:ecs/taskDefinition:TaskDefinition", "app", taskDefinition(withChange(container, "user", "0:0"))),
      "a task that leaves the user to the image": one("aws:ecs/taskDefinition:TaskDefinition", "app", taskDefinition(withChange(container, "user", undefined))),
      "a task that runs as the root user by name": one("aws:ecs/taskDefinition:TaskDefinition", "app", taskDefinition(withChange(container, "user", "root"))),
    },
  },
  {
    policy: "aws-ecs-task-definition-disallow-secrets-in-environment",
    compliant: {
      "a task that takes its password from Secrets Manager": one("aws:ecs/taskDefinition:TaskDefinition", "app", taskDefinition()),
      "a task whose container has no environment": one("aws:ecs/taskDefinition:TaskDefinition", "app", taskDefinition(withChange(container, "environment", undefined))),
    },
    violating: {
      "a task with a password in its environment": one("aws:ecs/taskDefinition:TaskDefinition", "app", taskDefinition(withChange(container, "environment", [{ name: "DB_PASSWORD", value: "hunter2" }]))),
      "a task with an AWS access key as an innocuous-looking value": one("aws:ecs/taskDefinition:TaskDefinition", "app", taskDefinition(withChange(container, "environment", [{ name: "UPLOADER", value: "AKIAIOSFODNN7EXAMPLE" }]))),
    },
  },
  {
    policy: "aws-ecs-task-definition-require-separate-task-role",
    compliant: {
      "a task with its own task role": one("aws:ecs/taskDefinition:TaskDefinition", "app", taskDefinition()),
      "a task with neither role, which calls no AWS API and pulls a public image": one("aws:ecs/taskDefinition:TaskDefinition", "app", { family: "app", containerDefinitions: JSON.stringify([container]) }),
    },
    violating: { "a task whose task role is its execution role": one("aws:ecs/taskDefinition:TaskDefinition", "app", taskDefinition(container, { taskRoleArn: "arn:aws:iam::123456789012:role/app-execution" })) },
  },
  {
    policy: "aws-ecs-service-disallow-public-ip",
    compliant: {
      "a service in private subnets": one("aws:ecs/service:Service", "app", { networkConfiguration: { subnets: ["subnet-1"], assignPublicIp: false } }),
      "a service on EC2 in bridge mode, without a network configuration": one("aws:ecs/service:Service", "app", { launchType: "EC2" }),
    },
    violating: { "a service that assigns public IPs": one("aws:ecs/service:Service", "app", { networkConfiguration: { subnets: ["subnet-1"], assignPublicIp: true } }) },
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
  {
    policy: "kubernetes-workload-disallow-privileged",
    compliant: { "a deployment whose container cannot escalate": one(DEPLOYMENT, "app", deployment()) },
    violating: {
      "a deployment with a privileged container": one(DEPLOYMENT, "app", deployment(withChange(podTemplate, "containers.0.securityContext.privileged", true))),
      "a deployment that allows privilege escalation": one(DEPLOYMENT, "app", deployment(withChange(podTemplate, "containers.0.securityContext.allowPrivilegeEscalation", undefined))),
      "a cron job with a privileged container": one("kubernetes:batch/v1:CronJob", "nightly", { spec: { schedule: "0 3 * * *", jobTemplate: { spec: { template: { spec: withChange(podTemplate, "containers.0.securityContext.privileged", true) } } } } }),
    },
  },
  {
    policy: "kubernetes-workload-require-non-root",
    compliant: {
      "a deployment that runs as non-root": one(DEPLOYMENT, "app", deployment()),
      "a deployment whose container alone sets runAsNonRoot": one(DEPLOYMENT, "app", deployment(withChange(withChange(podTemplate, "securityContext", undefined), "containers.0.securityContext.runAsNonRoot", true))),
      "a deployment whose container alone sets a non-zero runAsUser": one(DEPLOYMENT, "app", deployment(withChange(withChange(podTemplate, "securityContext", undefined), "containers.0.securityContext.runAsUser", 10001))),
    },
    violating: {
      "a deployment without a non-root security context": one(DEPLOYMENT, "app", deployment(withChange(podTemplate, "securityContext", undefined))),
      "a deployment whose runAsUser is null, as a YAML key left empty": one(DEPLOYMENT, "app", deployment(withChange(podTemplate, "securityContext", { runAsUser: null }))),
      "a pod whose container sets UID 0": one("kubernetes:core/v1:Pod", "debug", { spec: withChange(podTemplate, "containers.0.securityContext.runAsUser", 0) }),
    },
  },
  {
    policy: "kubernetes-workload-require-resource-limits",
    compliant: {
      "a deployment with CPU and memory limits": one(DEPLOYMENT, "app", deployment()),
      // Kubernetes forbids resources on ephemeral containers.
      "a pod with a debugging ephemeral container, which cannot have limits": one("kubernetes:core/v1:Pod", "app", { spec: { ...podTemplate, ephemeralContainers: [{ name: "debug", image: "busybox:1.36" }] } }),
    },
    violating: {
      "a deployment without a memory limit": one(DEPLOYMENT, "app", deployment(withChange(podTemplate, "containers.0.resources.limits.memory", undefined))),
      "a deployment whose container sets no resources": one(DEPLOYMENT, "app", deployment(withChange(podTemplate, "containers.0.resources", undefined))),
    },
  },
  {
    policy: "kubernetes-workload-disallow-latest-tag",
    compliant: {
      "a deployment with a version tag": one(DEPLOYMENT, "app", deployment()),
      "a deployment with a digest": one(DEPLOYMENT, "app", deployment(withChange(podTemplate, "containers.0.image", "registry.example.com:5000/app@sha256:" + "b".repeat(64)))),
    },
    violating: {
      "a deployment on the latest tag": one(DEPLOYMENT, "app", deployment(withChange(podTemplate, "containers.0.image", "registry.example.com/app:latest"))),
      "a deployment without a tag behind a registry port": one(DEPLOYMENT, "app", deployment(withChange(podTemplate, "containers.0.image", "registry.example.com:5000/app"))),
    },
  },
  {
    policy: "kubernetes-workload-disallow-host-namespaces",
    compliant: { "a deployment in its own namespaces": one(DEPLOYMENT, "app", deployment()) },
    violating: {
      "a daemon set on the host network": one("kubernetes:apps/v1:DaemonSet", "agent", { spec: { template: { spec: withChange(podTemplate, "hostNetwork", true) } } }),
      "a deployment that shares the host PID namespace": one(DEPLOYMENT, "app", deployment(withChange(podTemplate, "hostPID", true))),
      "a stateful set that shares the host IPC namespace": one("kubernetes:apps/v1:StatefulSet", "db", { spec: { serviceName: "db", template: { spec: withChange(podTemplate, "hostIPC", true) } } }),
    },
  },
];

