import { COMPLIANCE_PACK } from "../../policies/compliance/policies";
import { MODERN_SSL_POLICIES } from "../../policies/security/rules/alb";
import { SECURITY_PACK } from "../../policies/security/policies";
import { findingOf } from "./cases";
import { UNKNOWN } from "../harness";
import { iamPolicy, settingsOf, TestResource, violationsOf } from "./resources";

/** What each violation of `policy` over `resources` found, beyond the policy's description. */
const findingsOf = async (policy: string, resources: readonly TestResource[], options?: Parameters<typeof violationsOf>[2]): Promise<string[]> =>
  (await violationsOf(policy, resources, options)).map((v) => findingOf(v.message));
/** A task definition of one container, `app`, with a read-only root filesystem and `container`'s other fields. */
const taskOf = (container: Record<string, unknown>): TestResource[] => [
  { type: "aws:ecs/taskDefinition:TaskDefinition", name: "app", inputs: { family: "app", containerDefinitions: JSON.stringify([{ name: "app", readonlyRootFilesystem: true, ...container }]) } },
];

// What each finding says: the resource, what is wrong with it and what to set, in the words a user reads in a preview.

describe("a public-ingress finding", () => {
  const POLICY = "aws-ec2-security-group-disallow-public-ingress";
  const group = (name: string, ingress: unknown): TestResource => ({ type: "aws:ec2/securityGroup:SecurityGroup", name, inputs: { vpcId: "vpc-1", ingress } });
  const ingressRule = (inputs: Record<string, unknown>, dependsOn?: string[]): TestResource => ({ type: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", name: "open", inputs: { securityGroupId: "sg-1", ...inputs }, dependsOn });

  it.each([
    ["all ports, into the group named", [group("db", [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }])], "db admits all ports from 0.0.0.0/0 into security group db."],
    ["the protocol and ports, into a group of another stack", [ingressRule({ ipProtocol: "tcp", fromPort: 5432, toPort: 5433, cidrIpv6: "::/0" })], "open admits tcp 5432-5433 from ::/0 into its security group."],
    [
      "all ports for protocol all, as a SecurityGroupRule may name every protocol",
      [group("db", []), { type: "aws:ec2/securityGroupRule:SecurityGroupRule", name: "open", inputs: { type: "ingress", protocol: "all", fromPort: 0, toPort: 65535, cidrBlocks: ["0.0.0.0/0"], securityGroupId: "sg-1" }, dependsOn: ["db"] }],
      "open admits all ports from 0.0.0.0/0 into security group db.",
    ],
    ["the group a rule adds to", [group("db", []), ingressRule({ ipProtocol: "udp", fromPort: 53, toPort: 53, cidrIpv4: "0.0.0.0/0" }, ["db"])], "open admits udp 53-53 from 0.0.0.0/0 into security group db."],
  ])("says %s", async (_, resources, start) => {
    const found = await violationsOf(POLICY, resources);
    expect(found.map((v) => findingOf(v.message).slice(0, start.length))).toEqual([start]);
  });

  it.each([
    ["the default ports", undefined, "Only an internet-facing load balancer may take 80/443 from anywhere; admit peers by security group instead."],
    ["the ports the settings allow", settingsOf(SECURITY_PACK, POLICY, { allowedPorts: [443, 8443] }), "Only an internet-facing load balancer may take 443/8443 from anywhere; admit peers by security group instead."],
  ])("ends with %s a load balancer may open", async (_, config, end) => {
    const found = await findingsOf(POLICY, [ingressRule({ ipProtocol: "tcp", fromPort: 22, toPort: 22, cidrIpv4: "0.0.0.0/0" })], config);
    expect(found.map((finding) => finding.slice(-end.length))).toEqual([end]);
  });

  it.each([
    ["the inline rules of a group", [group("db", UNKNOWN)]],
    ["the CIDRs of an inline rule", [group("db", [{ protocol: "tcp", fromPort: 5432, toPort: 5432, cidrBlocks: UNKNOWN }])]],
    ["the CIDR of a rule resource", [ingressRule({ ipProtocol: "tcp", fromPort: 5432, toPort: 5432, cidrIpv4: UNKNOWN })]],
    ["the CIDRs of an ec2.SecurityGroupRule", [{ type: "aws:ec2/securityGroupRule:SecurityGroupRule", name: "open", inputs: { type: "ingress", protocol: "tcp", fromPort: 5432, toPort: 5432, cidrBlocks: UNKNOWN, securityGroupId: "sg-1" } }]],
  ])("turns into an advisory note during preview while it cannot read %s", async (_, resources) => {
    const found = await violationsOf(POLICY, resources);
    expect(found.map((v) => ({ level: v.level, duringPreview: v.message.includes("during preview") }))).toEqual([{ level: "advisory", duringPreview: true }]);
  });
});

describe("a storage finding", () => {
  const BLOCK = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock";
  it.each([
    [
      "each unencrypted block device of a launch template, by name or as unnamed",
      "aws-ebs-volume-require-encryption",
      [{ type: "aws:ec2/launchTemplate:LaunchTemplate", name: "nodes", inputs: { blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { encrypted: "false" } }, { ebs: {} }] } }],
      ['block device /dev/xvda is not encrypted: set ebs.encrypted to "true".', 'block device (unnamed) is not encrypted: set ebs.encrypted to "true".'],
    ],
    [
      "the settings a public access block leaves off",
      "aws-s3-bucket-require-public-access-block",
      [{ type: BLOCK, name: "partner-block", inputs: { bucket: "partner-exports", blockPublicAcls: true, ignorePublicAcls: false } }],
      ["public access block partner-block leaves blockPublicPolicy, ignorePublicAcls, restrictPublicBuckets off, so its bucket can be made public. Set all four settings to true."],
    ],
    [
      "a bucket without a public access block",
      "aws-s3-bucket-require-public-access-block",
      [{ type: "aws:s3/bucketV2:BucketV2", name: "exports", inputs: {} }],
      ["bucket exports has no public access block. Add an aws.s3.BucketPublicAccessBlock with all four settings true."],
    ],
    [
      "a bucket without an encryption configuration of its own",
      "aws-s3-bucket-require-encryption-configuration",
      [{ type: "aws:s3/bucket:Bucket", name: "exports", inputs: {} }],
      ["bucket exports has no server-side encryption configuration of its own (the SSE-S3 AWS applies to every bucket does not count). Add an aws.s3.BucketServerSideEncryptionConfiguration for it."],
    ],
  ])("names %s", async (_, policy, resources, findings) => {
    expect(await findingsOf(policy, resources as TestResource[])).toEqual(findings);
  });
});

describe("a web ACL's finding", () => {
  const POLICY = "aws-wafv2-web-acl-require-managed-rules";
  const managed = (name: string) => ({ name, priority: 1, statement: { managedRuleGroupStatement: { vendorName: "AWS", name } } });
  const rateLimit = { name: "rate", priority: 2, action: { block: {} }, statement: { rateBasedStatement: { limit: 2000, aggregateKeyType: "IP" } } };
  const acl = (rules: unknown[]): TestResource => ({ type: "aws:wafv2/webAcl:WebAcl", name: "edge", inputs: { scope: "REGIONAL", defaultAction: { allow: {} }, rules } });
  const config = settingsOf(SECURITY_PACK, POLICY, { requiredRuleGroups: ["AWSManagedRulesKnownBadInputsRuleSet", "AWSManagedRulesSQLiRuleSet"] });

  it.each([
    ["no rules", [], "the web ACL has no rules: it only applies its default action. Add managed rule groups."],
    ["a rate limit alone", [rateLimit], "the web ACL lacks the managed rule groups AWSManagedRulesKnownBadInputsRuleSet, AWSManagedRulesSQLiRuleSet (it has none). Add them as managedRuleGroupStatement rules."],
    [
      "one required group and another",
      [managed("AWSManagedRulesKnownBadInputsRuleSet"), managed("AWSManagedRulesCommonRuleSet"), rateLimit],
      "the web ACL lacks the managed rule groups AWSManagedRulesSQLiRuleSet (it has AWSManagedRulesKnownBadInputsRuleSet, AWSManagedRulesCommonRuleSet). Add them as managedRuleGroupStatement rules.",
    ],
  ])("names what an ACL with %s lacks and has", async (_, rules, finding) => {
    expect(await findingsOf(POLICY, [acl(rules)], config)).toEqual([finding]);
  });
});

describe("a subnet group's finding", () => {
  it("names every public subnet in it", async () => {
    const resources: TestResource[] = [
      { type: "aws:ec2/internetGateway:InternetGateway", name: "igw", inputs: {} },
      { type: "aws:ec2/routeTable:RouteTable", name: "public", inputs: {} },
      { type: "aws:ec2/route:Route", name: "internet", inputs: { destinationCidrBlock: "0.0.0.0/0" }, dependsOn: ["public", "igw"] },
      ...["a", "b"].flatMap((zone): TestResource[] => [
        { type: "aws:ec2/subnet:Subnet", name: `public-${zone}`, inputs: {} },
        { type: "aws:ec2/routeTableAssociation:RouteTableAssociation", name: `public-${zone}`, inputs: {}, dependsOn: ["public", `public-${zone}`] },
      ]),
      { type: "aws:rds/subnetGroup:SubnetGroup", name: "orders", inputs: {}, dependsOn: ["public-a", "public-b"] },
    ];
    expect(await findingsOf("aws-rds-subnet-group-disallow-public-subnets", resources)).toEqual([
      "subnet group orders includes public subnets (public-a, public-b), so the database is one setting away from the internet. Use the database subnets.",
    ]);
  });
});

describe("a listener's finding", () => {
  const listener = (inputs: Record<string, unknown>): TestResource => ({ type: "aws:lb/listener:Listener", name: "web", inputs });

  it.each([
    ["aws-alb-listener-require-modern-tls-policy", { protocol: "HTTPS", port: 443, defaultActions: [{ type: "forward" }] }, "sslPolicy is unset (the provider's 2016 default): it allows"],
    ["aws-alb-listener-require-modern-tls-policy", { protocol: "TLS", port: 443, sslPolicy: "ELBSecurityPolicy-2016-08" }, "sslPolicy is ELBSecurityPolicy-2016-08: it allows"],
    ["aws-alb-listener-http-redirect-only", { protocol: "HTTP", port: 8080, defaultActions: [{ type: "forward" }, { type: "fixed-response" }] }, "the HTTP listener on port 8080 does not only redirect to HTTPS (actions: forward, fixed-response)."],
    ["aws-alb-listener-http-redirect-only", { protocol: "HTTP", defaultActions: [] }, "the HTTP listener on port ? does not only redirect to HTTPS (actions: none)."],
    ["aws-alb-listener-https-require-hsts", { protocol: "HTTPS", port: 443 }, "the HTTPS listener on port 443 sends no Strict-Transport-Security header: browsers"],
    ["aws-alb-listener-https-require-hsts", { protocol: "HTTPS", routingHttpResponseStrictTransportSecurityHeaderValue: "preload" }, 'the HTTPS listener on port ? sends no Strict-Transport-Security header with a max-age ("preload"): browsers'],
    ["aws-alb-listener-https-require-hsts", { protocol: "HTTPS", routingHttpResponseStrictTransportSecurityHeaderValue: "max-age=60" }, "the HTTPS listener's HSTS max-age is 60 s, below 15768000 s."],
  ])("%s says what is wrong with %j", async (policy, inputs, start) => {
    const found = await violationsOf(policy, [listener(inputs)]);
    expect(found.map((v) => findingOf(v.message).slice(0, start.length))).toEqual([start]);
  });

  it("names the security policies the settings allow", async () => {
    const POLICY = "aws-alb-listener-require-modern-tls-policy";
    const config = settingsOf(SECURITY_PACK, POLICY, { allowedSslPolicies: ["ELBSecurityPolicy-TLS13-1-3-2021-06", "ELBSecurityPolicy-TLS13-1-2-2021-06"] });
    expect(await findingsOf(POLICY, [listener({ protocol: "HTTPS", port: 443, sslPolicy: "ELBSecurityPolicy-TLS13-1-2-Ext2-2021-06" })], config)).toEqual([
      "sslPolicy is ELBSecurityPolicy-TLS13-1-2-Ext2-2021-06: it allows outdated protocols or ciphers. Use one of ELBSecurityPolicy-TLS13-1-3-2021-06, ELBSecurityPolicy-TLS13-1-2-2021-06.",
    ]);
  });

  // A TLS 1.2 minimum with forward-secret AEAD ciphers is what ELB's TLS13 policy family guarantees.
  it("allows by default only security policies of ELB's TLS13 family", () => {
    expect(MODERN_SSL_POLICIES.length).toBeGreaterThan(0);
    expect(MODERN_SSL_POLICIES.filter((p) => !/^ELBSecurityPolicy-TLS13-1-[23]-(Res-|Ext[12]-)?(FIPS-)?(PQ-)?20\d\d-\d\d$/.test(p))).toEqual([]);
  });
});

describe("a Kubernetes workload's finding", () => {
  it("names each container by its kind and name", async () => {
    const spec = {
      securityContext: { runAsNonRoot: true, runAsUser: 10001 },
      initContainers: [{ name: "setup", image: "busybox:1.36", securityContext: { privileged: true, allowPrivilegeEscalation: false } }],
      containers: [{ name: "app", image: "registry.example.com/app:1.4.2", securityContext: {} }],
    };
    const found = await violationsOf("kubernetes-workload-disallow-privileged", [{ type: "kubernetes:core/v1:Pod", name: "app", inputs: { spec } }]);
    expect(found.map((v) => findingOf(v.message))).toEqual([
      "init container setup is privileged. Set securityContext.privileged: false.",
      "container app may escalate privileges. Set securityContext.allowPrivilegeEscalation: false.",
    ]);
  });

  const podOf = (container: Record<string, unknown>, pod: Record<string, unknown> = {}): TestResource[] => [
    { type: "kubernetes:core/v1:Pod", name: "app", inputs: { spec: { ...pod, containers: [{ name: "app", ...container }] } } },
  ];
  it.each([
    ["the image on latest", "kubernetes-workload-disallow-latest-tag", podOf({ image: "app:latest" }), "container app uses app:latest without a pinned tag. Pin a version tag or a digest."],
    ["that there is no image", "kubernetes-workload-disallow-latest-tag", podOf({}), "container app uses no image without a pinned tag. Pin a version tag or a digest."],
    ["each missing limit", "kubernetes-workload-require-resource-limits", podOf({ image: "app:1.0" }), "container app has no cpu or memory limit. Set resources.limits."],
    ["the host namespace shared", "kubernetes-workload-disallow-host-namespaces", podOf({ image: "app:1.0" }, { hostPID: true }), "the pod sets hostPID: true and shares the node's namespace. Remove hostPID."],
  ])("names %s", async (_, policy, resources, finding) => {
    expect(await findingsOf(policy, resources)).toEqual([finding]);
  });
});

describe("a task definition's finding", () => {
  it.each([
    ["root by UID", "aws-ecs-task-definition-require-non-root-user", { user: "0:0" }, "container app runs as root. Set user to a non-zero UID."],
    ["the image's user", "aws-ecs-task-definition-require-non-root-user", {}, "container app runs as the image's user (root unless the image says otherwise). Set user to a non-zero UID."],
    ["a secret's name", "aws-ecs-task-definition-disallow-secrets-in-environment", { user: "10001", environment: [{ name: "DB_PASSWORD", value: "x" }] }, "container app passes DB_PASSWORD in plain environment. Reference it from Secrets Manager in secrets instead."],
  ])("names %s", async (_, policy, container, finding) => {
    expect(await findingsOf(policy, taskOf(container))).toEqual([finding]);
  });
});

describe("a secret in a task's environment", () => {
  const POLICY = "aws-ecs-task-definition-disallow-secrets-in-environment";
  const flagged = async (name: string, value: string, config = {}) => (await violationsOf(POLICY, taskOf({ user: "10001", environment: [{ name, value }] }), config)).length > 0;

  it.each([
    ["STRIPE_SECRET", "x"],
    ["DB_PASSWD", "x"],
    ["db_password", "x"],
    ["GITHUB_TOKEN", "x"],
    ["API_KEY", "x"],
    ["APIKEY", "x"],
    ["SIGNING_PRIVATE-KEY", "x"],
    ["SIGNING_PRIVATEKEY", "x"],
    ["AWS_CREDENTIALS", "x"],
    ["UPLOADER", "ASIAIOSFODNN7EXAMPLE"],
    ["DATABASE_URL", "s3://AKIAIOSFODNN7EXAMPLE:x@bucket"],
    ["SIGNER", "-----BEGIN RSA PRIVATE KEY-----\nMIIB"],
    ["CI", `ghp_${"a".repeat(36)}`],
    ["HOOK", "xoxb-1234-5678"],
  ])("flags %s=%s", async (name, value) => {
    expect(await flagged(name, value)).toBe(true);
  });

  it.each([
    ["LOG_LEVEL", "info"],
    ["BUILD", "XAKIAIOSFODNN7EXAMPLE"],
    ["BUILD", "AKIAIOSFODNN7EXAMPLE1"],
    ["CI", `ghp_${"a".repeat(37)}`],
    ["CHANNEL", "fooxoxb-1"],
  ])("lets %s=%s through", async (name, value) => {
    expect(await flagged(name, value)).toBe(false);
  });

  it("lets through a name the settings allow", async () => {
    const config = settingsOf(SECURITY_PACK, POLICY, { allowedNames: ["AUTH_TOKEN_HEADER"] });
    expect({ allowed: await flagged("AUTH_TOKEN_HEADER", "X-Auth", config), other: await flagged("AUTH_TOKEN", "x", config) }).toEqual({ allowed: false, other: true });
  });
});

describe("a node class's finding", () => {
  const karpenter = (spec: Record<string, unknown>): TestResource => ({ type: "kubernetes:karpenter.k8s.aws/v1:EC2NodeClass", name: "app", inputs: { spec } });
  const autoMode = (spec: Record<string, unknown>): TestResource => ({ type: "kubernetes:eks.amazonaws.com/v1:NodeClass", name: "app", inputs: { spec } });

  it.each([
    ["aws-eks-karpenter-node-class-require-imdsv2", karpenter({ metadataOptions: { httpTokens: "optional" } }), 'metadataOptions.httpTokens is optional: IMDSv1 stays open. Set httpTokens: "required".'],
    ["aws-eks-karpenter-node-class-require-imdsv2", karpenter({ metadataOptions: { httpPutResponseHopLimit: 2 } }), "metadataOptions.httpPutResponseHopLimit is 2: containers can reach the node's credentials. Set it to 1."],
    ["aws-eks-karpenter-node-class-require-encrypted-volumes", karpenter({ blockDeviceMappings: [{ ebs: { encrypted: false } }] }), "block device (unnamed) is not encrypted. Set ebs.encrypted: true and ebs.kmsKeyID."],
    ["aws-eks-karpenter-node-class-require-encrypted-volumes", karpenter({ amiFamily: "Custom", blockDeviceMappings: [] }), "amiFamily Custom has no default block device mappings, so volume encryption is left to the AMI. Declare blockDeviceMappings with ebs.encrypted: true."],
    ["aws-eks-karpenter-node-class-disallow-public-ip", karpenter({}), "associatePublicIPAddress is unset (the subnet decides). Set associatePublicIPAddress: false."],
    ["aws-eks-karpenter-node-class-disallow-public-ip", karpenter({ associatePublicIPAddress: true }), "associatePublicIPAddress is true. Set associatePublicIPAddress: false."],
    ["aws-eks-auto-mode-node-class-disallow-public-ip", autoMode({}), "advancedNetworking.associatePublicIPAddress is unset (the subnet decides). Set it to false."],
    ["aws-eks-auto-mode-node-class-disallow-public-ip", autoMode({ advancedNetworking: { associatePublicIPAddress: true } }), "advancedNetworking.associatePublicIPAddress is true. Set it to false."],
  ])("%s: %j", async (policy, resource, finding) => {
    expect(await findingsOf(policy, [resource])).toEqual([finding]);
  });

  it("lets a configured hop limit through, and no higher", async () => {
    const config = settingsOf(SECURITY_PACK, "aws-eks-karpenter-node-class-require-imdsv2", { maxHopLimit: 2 });
    const hops = async (limit: number) => (await violationsOf("aws-eks-karpenter-node-class-require-imdsv2", [karpenter({ metadataOptions: { httpPutResponseHopLimit: limit } })], config)).length;
    expect({ two: await hops(2), three: await hops(3) }).toEqual({ two: 0, three: 1 });
  });
});

describe("an EKS public endpoint's finding", () => {
  const cluster = (vpcConfig: Record<string, unknown>): TestResource => ({ type: "aws:eks/cluster:Cluster", name: "eks", inputs: { vpcConfig } });

  it.each([
    ["AWS's open default when no CIDR is listed", {}, "the API endpoint is public to 0.0.0.0/0 (the default)."],
    ["the CIDRs listed", { endpointPublicAccess: true, publicAccessCidrs: ["203.0.113.0/24", "0.0.0.0/0"] }, "the API endpoint is public to 203.0.113.0/24, 0.0.0.0/0."],
  ])("names %s", async (_, vpcConfig, start) => {
    const found = await violationsOf("aws-eks-cluster-disallow-public-endpoint", [cluster(vpcConfig)]);
    expect(found.map((v) => findingOf(v.message).slice(0, start.length))).toEqual([start]);
  });
});

describe("a database's backup and monitoring findings", () => {
  it.each([
    ["an instance, which the provider gives none", "aws:rds/instance:Instance", "backupRetentionPeriod is 0 day(s); at least 30 are required."],
    ["a cluster, which the provider gives 1 day", "aws:rds/cluster:Cluster", "backupRetentionPeriod is 1 day(s); at least 30 are required."],
  ])("count unset backups for %s", async (_, type, start) => {
    const found = await violationsOf("aws-rds-database-require-backup-retention", [{ type, name: "db", inputs: { engine: "postgres" } }]);
    expect(found.map((v) => findingOf(v.message).slice(0, start.length))).toEqual([start]);
  });

  it("hold Enhanced Monitoring to a configured interval", async () => {
    const POLICY = "aws-rds-database-require-enhanced-monitoring";
    const config = settingsOf(COMPLIANCE_PACK, POLICY, { maximumIntervalSeconds: 15 });
    const findings = async (monitoringInterval: number) =>
      findingsOf(POLICY, [{ type: "aws:rds/instance:Instance", name: "db", inputs: { monitoringInterval, monitoringRoleArn: "arn:role" } }], config);
    expect({ 15: await findings(15), 60: await findings(60) }).toEqual({ 15: [], 60: ["monitoringInterval is 60s; at most 15s is required."] });
  });
});

describe("an EKS control-plane log finding", () => {
  it("names every log type that is off", async () => {
    const cluster: TestResource = { type: "aws:eks/cluster:Cluster", name: "eks", inputs: { enabledClusterLogTypes: ["api"] } };
    expect(await findingsOf("aws-eks-cluster-require-control-plane-logs", [cluster])).toEqual([
      "control-plane logs audit, authenticator are off. Add them to enabledClusterLogTypes.",
    ]);
  });
});

describe("a log group's retention", () => {
  it.each([
    ["left unset", {}],
    ["at 0, the provider's value for never expire", { retentionInDays: 0 }],
  ])("%s is reported as logs kept forever", async (_, inputs) => {
    const found = await violationsOf("aws-cloudwatch-log-group-require-retention", [{ type: "aws:cloudwatch/logGroup:LogGroup", name: "app", inputs }]);
    expect(found.map((v) => findingOf(v.message))).toEqual(["retentionInDays is not set: logs are kept forever. Set retentionInDays to at least 365."]);
  });
});

describe("a tagging finding", () => {
  it("names every required tag that is missing or empty, in the order the settings list them", async () => {
    const topic: TestResource = { type: "aws:sns/topic:Topic", name: "alerts", inputs: { tags: { DataClassification: "internal", Owner: " ", Environment: "prod" } } };
    expect(await findingsOf("aws-resource-require-tags", [topic])).toEqual([
      "tags Owner, CostCenter are missing or empty. Set them under platform:tags in the stack file.",
    ]);
  });
});

describe("an IAM finding names the statement it is about", () => {
  const role = (inputs: Record<string, unknown>): TestResource => ({ type: "aws:iam/role:Role", name: "app", inputs });
  const ecsTrust = iamPolicy({ Effect: "Allow", Action: "sts:AssumeRole", Principal: { Service: "ecs-tasks.amazonaws.com" }, Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } } });
  const cases: [string, Record<string, unknown>, (statement: Record<string, unknown>) => TestResource][] = [
    ["aws-iam-policy-disallow-wildcard-admin", { Effect: "Allow", Action: "*", Resource: "*" }, (s) => role({ assumeRolePolicy: ecsTrust, inlinePolicies: [{ name: "admin", policy: iamPolicy(s) }] })],
    ["aws-iam-role-disallow-wildcard-trust", { Effect: "Allow", Action: "sts:AssumeRole", Principal: { AWS: "*" } }, (s) => role({ assumeRolePolicy: iamPolicy(s) })],
    ["aws-iam-service-principal-require-source-conditions", { Effect: "Allow", Action: "sts:AssumeRole", Principal: { Service: "ecs-tasks.amazonaws.com" } }, (s) => role({ assumeRolePolicy: iamPolicy(s) })],
  ];

  it.each([
    ["the log group in the encryption context, for CloudWatch Logs", "logs.eu-west-1.amazonaws.com", "kms:EncryptionContext:aws:logs:arn naming this stack's log groups"],
    ["the Pod Identity session tags, for EKS Pod Identity", "pods.eks.amazonaws.com", "aws:RequestTag/eks-cluster-name (or eks-cluster-arn), kubernetes-namespace and kubernetes-service-account"],
    ["the account's AWSLogs/ key, for ELB log delivery", "logdelivery.elasticloadbalancing.amazonaws.com", "a Resource under <bucket>/<prefix>/AWSLogs/<account-id>/"],
    ["aws:SourceAccount and aws:SourceArn, for any other service", "lambda.amazonaws.com", "without aws:SourceAccount and aws:SourceArn"],
  ])("says what a service principal's statement lacks: %s", async (_, service, needs) => {
    const [finding, ...more] = await findingsOf("aws-iam-service-principal-require-source-conditions", [role({ assumeRolePolicy: iamPolicy({ Effect: "Allow", Action: "sts:AssumeRole", Principal: { Service: service } }) })]);
    expect(more).toEqual([]);
    expect(finding).toContain(`lets ${service} in without`);
    expect(finding).toContain(needs);
  });

  it.each(cases)("%s: by its Sid, or as (no Sid) when it has none", async (policy, statement, resourceFor) => {
    const named = await findingsOf(policy, [resourceFor({ Sid: "FromCi", ...statement })]);
    const unnamed = await findingsOf(policy, [resourceFor(statement)]);
    expect({ named: named.length, unnamed: unnamed.length }).toEqual({ named: 1, unnamed: 1 });
    expect(named[0]).toMatch(/^(trust )?statement FromCi /);
    expect(unnamed[0]).toMatch(/^(trust )?statement \(no Sid\) /);
  });
});
