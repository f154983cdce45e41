import { PolicyCases } from "./cases";
import { iamPolicy, KEY, one, TestResource, withChange } from "./resources";
import { SECURITY_NETWORK_CASES } from "./security-network-cases";
import { SECURITY_WORKLOAD_CASES } from "./security-workload-cases";

const rdsInstance = { engine: "postgres", instanceClass: "db.t4g.medium", storageEncrypted: true, kmsKeyId: KEY, publiclyAccessible: false };
const replicationGroup = { description: "cache", atRestEncryptionEnabled: true, kmsKeyId: KEY, transitEncryptionEnabled: true };
const launchTemplate = { blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { encrypted: "true", volumeSize: 50 } }] };
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
/** A bucket `name` with a server-side encryption configuration and a public access block unless told otherwise; `v2` declares both through the provider's V2 type names. */
const bucketStack = (sse = true, block: Record<string, boolean> | null = { blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true }, name = "logs", v2 = false): TestResource[] => [
  { type: v2 ? "aws:s3/bucketV2:BucketV2" : "aws:s3/bucket:Bucket", name, inputs: { forceDestroy: false } },
  ...(sse
    ? [{ type: `aws:s3/bucketServerSideEncryptionConfiguration${v2 ? "V2" : ""}:BucketServerSideEncryptionConfiguration${v2 ? "V2" : ""}`, name: `${name}-sse`, inputs: { bucket: name, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] }, dependsOn: [name] }]
    : []),
  ...(block ? [{ type: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", name: `${name}-block`, inputs: { bucket: name, ...block }, dependsOn: [name] }] : []),
];

export const SECURITY_CASES: PolicyCases[] = [
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
  ...SECURITY_NETWORK_CASES,
  ...SECURITY_WORKLOAD_CASES,
];

