import * as aws from "../internal/aws";
import * as pulumi from "@pulumi/pulumi";
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { arns } from "../internal/arns";
import { awsContext, AwsContextValues, contextDocument, contextValues } from "../internal/aws-context";
import { createEncryptionKey } from "../internal/kms";
import { SyntheticsMetrics } from "../internal/metrics";
import { createPrivateBucket } from "../internal/private-bucket";
import { mergeTags, Tags } from "../internal/tags";
import { serviceRoleTrust } from "../internal/trust";
import { isDomainName, isIntegerBetween, Problems } from "../internal/validation";
import { SYNTHETICS_NAMESPACE } from "./probe-alarms";

/**
 * A Synthetics runtime with Node.js 20 (syn-nodejs-puppeteer-11.0: Lambda
 * Node.js 20.x, AWS SDK for JavaScript v3). Runtimes are deprecated on a
 * schedule (the Synthetics "Runtime versions support policy" page lists
 * syn-nodejs-puppeteer-7.0 and older as deprecated by January 2026); the
 * script uses Node's own http/https only, so any newer Node.js runtime runs it.
 */
export const DEFAULT_RUNTIME_VERSION = "syn-nodejs-puppeteer-11.0";
/** Synthetics Node.js runtime names: syn-nodejs-puppeteer-<major>.<minor> and syn-nodejs-playwright-<major>.<minor>. */
export const RUNTIME_VERSION_PATTERN = /^syn-nodejs-(puppeteer|playwright)-\d+\.\d+$/;
/**
 * Canary names: lowercase letters, digits, hyphens and underscores. 21
 * characters is the limit Synthetics has long enforced (the Lambda function
 * `cwsyn-<name>-<id>` must fit 64); newer API versions allow more, older
 * regions do not.
 */
export const CANARY_NAME_PATTERN = /^[0-9a-z_-]{1,21}$/;
/** Synthetics keeps run data 1 to 455 days (`successRetentionPeriod`, `failureRetentionPeriod`). */
export const RETENTION_DAYS = { min: 1, max: 455 } as const;
const SCRIPT = path.join(__dirname, "canary", "heartbeat.js");
const RUNS_PREFIX = "runs/";

export interface SyntheticCanaryArgs {
  /** The public URL, `https://<domain>` or the load balancer's DNS name, without a path. */
  readonly url: pulumi.Input<string>;
  /** Paths each run requests in turn, timing the first byte of each: the front page and the health path. @default ["/"] */
  readonly paths?: readonly string[];
  /** Lowercase letters, digits, `-` and `_`, at most 21 characters. */
  readonly canaryName: string;
  /**
   * Private subnets with a route to a NAT gateway, and their VPC: the canary's
   * Lambda gets no public IP, so it reaches the public URL, S3 and CloudWatch
   * through NAT (Synthetics user guide, "Running a canary in a VPC").
   */
  readonly vpc: { readonly vpcId: pulumi.Input<string>; readonly subnetIds: pulumi.Input<string>[] };
  /** Minutes between runs, 1 to 60. @default 5 */
  readonly intervalMinutes?: number;
  /** @default "syn-nodejs-puppeteer-11.0" */
  readonly runtimeVersion?: string;
  /** Days the bucket keeps run artifacts and Synthetics keeps run data. @default 30 */
  readonly retentionDays?: number;
  /** Seconds one request may take before the run fails. @default 10 */
  readonly requestTimeoutSeconds?: number;
  /**
   * A Route 53 HTTPS health check of this domain's health path (the last of
   * `paths`) as well, from Route 53's checkers in several regions. Its metrics
   * are published in us-east-1 only (Route 53 developer guide, "Monitoring
   * health checks using CloudWatch"), so it alarms nowhere here: the canary
   * does; the check shows in the Route 53 console and can drive DNS failover.
   * @default none
   */
  readonly healthCheckDomain?: string;
  /** Bring your own KMS key for the artifacts bucket. @default a new key with rotation */
  readonly kmsKeyArn?: pulumi.Input<string>;
  readonly tags?: Tags;
}

const DEFAULT_INTERVAL_MINUTES = 5;
const DEFAULT_RETENTION_DAYS = 30;
const DEFAULT_REQUEST_TIMEOUT_SECONDS = 10;

export function validateSyntheticCanaryArgs(args: SyntheticCanaryArgs): Problems {
  const problems = new Problems();
  problems.check(CANARY_NAME_PATTERN.test(args.canaryName), "canaryName", args.canaryName, "1-21 lowercase letters, digits, - and _");
  for (const p of args.paths ?? ["/"]) problems.check(/^\/[\x21-\x7e]{0,1023}$/.test(p), "paths", p, "an absolute path such as /healthz");
  const interval = args.intervalMinutes ?? DEFAULT_INTERVAL_MINUTES;
  problems.check(isIntegerBetween(interval, 1, 60), "intervalMinutes", interval, "whole minutes from 1 to 60");
  const runtime = args.runtimeVersion ?? DEFAULT_RUNTIME_VERSION;
  problems.check(RUNTIME_VERSION_PATTERN.test(runtime), "runtimeVersion", runtime, "a Synthetics Node.js runtime such as syn-nodejs-puppeteer-11.0");
  const retention = args.retentionDays ?? DEFAULT_RETENTION_DAYS;
  problems.check(isIntegerBetween(retention, RETENTION_DAYS.min, RETENTION_DAYS.max), "retentionDays", retention, `whole days from ${RETENTION_DAYS.min} to ${RETENTION_DAYS.max}`);
  const timeout = args.requestTimeoutSeconds ?? DEFAULT_REQUEST_TIMEOUT_SECONDS;
  problems.check(isIntegerBetween(timeout, 1, 60), "requestTimeoutSeconds", timeout, "whole seconds from 1 to 60");
  if (args.healthCheckDomain !== undefined) problems.check(isDomainName(args.healthCheckDomain), "healthCheckDomain", args.healthCheckDomain, "a fully qualified domain name such as app.example.com");
  problems.check(args.vpc.subnetIds.length >= 1, "vpc.subnetIds", `${args.vpc.subnetIds.length} subnets`, "at least one private subnet");
  return problems;
}

/** `rate(1 minute)`, `rate(5 minutes)`: Synthetics' schedule expression. */
export function rateExpression(minutes: number): string {
  return `rate(${minutes} minute${minutes === 1 ? "" : "s"})`;
}

/**
 * An outside-in probe: a CloudWatch Synthetics canary that requests the public
 * URL's front page and health path every few minutes from the private
 * subnets, through NAT and the internet, so a broken DNS record, certificate,
 * WAF rule or listener rule shows even while every task runs. Its artifacts go
 * to a bucket of its own (KMS-encrypted, private, TLS only, expiring), and its
 * `metrics` feed the monitoring catalogue's probe alarms.
 */
export class SyntheticCanary extends pulumi.ComponentResource {
  readonly canaryName: string;
  readonly artifactsBucketName: pulumi.Output<string>;
  readonly securityGroupId: pulumi.Output<string>;
  readonly roleArn: pulumi.Output<string>;
  /** The Route 53 health check's id; absent without `healthCheckDomain`. */
  readonly healthCheckId?: pulumi.Output<string>;
  readonly metrics: SyntheticsMetrics;

  constructor(name: string, args: SyntheticCanaryArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:monitoring:SyntheticCanary", name, {}, opts);
    validateSyntheticCanaryArgs(args).throwIfAny(this, `SyntheticCanary "${name}"`);

    const paths = args.paths ?? ["/"];
    const interval = args.intervalMinutes ?? DEFAULT_INTERVAL_MINUTES;
    const retentionDays = args.retentionDays ?? DEFAULT_RETENTION_DAYS;
    const tags = (resourceName: string) => mergeTags(resourceName, args.tags);
    const parent = { parent: this };
    const ctx = awsContext(this);

    const kmsKeyArn =
      args.kmsKeyArn ?? createEncryptionKey(`${name}-artifacts`, { description: `Artifacts of the synthetic probe ${args.canaryName}`, tags: tags(`${name}-artifacts`) }, ctx, parent).arn;
    const artifacts = createPrivateBucket(
      `${name}-artifacts`,
      { encryption: { kmsKeyArn }, expiry: { ruleId: "expire-canary-runs", prefix: RUNS_PREFIX, days: retentionDays }, protect: false, tags: tags(`${name}-artifacts`) },
      ctx,
      parent,
    );
    const bucket = artifacts.bucket;

    const script = fs.readFileSync(SCRIPT, "utf8");
    // Named after its content: a changed script is a new object, so the canary updates.
    const code = new aws.s3.BucketObjectv2(
      `${name}-code`,
      {
        bucket: bucket.id,
        key: `code/heartbeat-${createHash("sha256").update(script).digest("hex").slice(0, 16)}.zip`,
        source: new pulumi.asset.AssetArchive({ "nodejs/node_modules/heartbeat.js": new pulumi.asset.StringAsset(script) }),
        tags: tags(`${name}-code`),
      },
      { parent: this, dependsOn: [artifacts.policy] },
    );

    const role = new aws.iam.Role(
      name,
      {
        description: `Runs the synthetic probe ${args.canaryName}`,
        // Lambda assumes it for the canary's function only, `cwsyn-<canaryName>-<id>` (Synthetics names it), in this
        // account: Lambda documents aws:SourceAccount and aws:SourceArn for its execution role's trust
        // (https://docs.aws.amazon.com/lambda/latest/dg/permissions-managed-policies.html).
        assumeRolePolicy: contextDocument(ctx, (c) => serviceRoleTrust(`lambda.${c.dnsSuffix}`, c, [arns.lambdaFunction(c, canaryFunctionNames(args.canaryName))])),
        tags: tags(name),
      },
      parent,
    );
    new aws.iam.RolePolicy(
      name,
      {
        role: role.id,
        policy: pulumi
          .all([bucket.bucket, kmsKeyArn, contextValues(ctx)])
          .apply(([bucketName, keyArn, c]) => JSON.stringify(canaryExecutionPolicy(args.canaryName, arns.bucket(c, bucketName), keyArn, c))),
      },
      parent,
    );

    const securityGroup = new aws.ec2.SecurityGroup(
      name,
      { vpcId: args.vpc.vpcId, description: `Synthetic probe ${args.canaryName}: no ingress, HTTP(S) out to the public URL and AWS APIs`, tags: tags(name) },
      parent,
    );
    for (const [protocol, port] of [["https", 443], ["http", 80]] as const) {
      new aws.vpc.SecurityGroupEgressRule(
        `${name}-${protocol}`,
        { securityGroupId: securityGroup.id, ipProtocol: "tcp", fromPort: port, toPort: port, cidrIpv4: "0.0.0.0/0", description: `${protocol.toUpperCase()} to the internet through NAT`, tags: tags(`${name}-${protocol}`) },
        parent,
      );
    }

    new aws.synthetics.Canary(
      name,
      {
        name: args.canaryName,
        runtimeVersion: args.runtimeVersion ?? DEFAULT_RUNTIME_VERSION,
        handler: "heartbeat.handler",
        s3Bucket: code.bucket,
        s3Key: code.key,
        executionRoleArn: role.arn,
        artifactS3Location: pulumi.interpolate`s3://${bucket.bucket}/${RUNS_PREFIX}`,
        artifactConfig: { s3Encryption: { encryptionMode: "SSE_KMS", kmsKeyArn } },
        schedule: { expression: rateExpression(interval) },
        startCanary: true,
        successRetentionPeriod: retentionDays,
        failureRetentionPeriod: retentionDays,
        runConfig: {
          // A run requests every path once; each may take the request timeout, plus Lambda's cold start.
          timeoutInSeconds: Math.min(interval * 60, paths.length * (args.requestTimeoutSeconds ?? DEFAULT_REQUEST_TIMEOUT_SECONDS) + 30),
          environmentVariables: {
            PROBE_URL: args.url,
            PROBE_PATHS: JSON.stringify(paths),
            PROBE_TIMEOUT_MS: String((args.requestTimeoutSeconds ?? DEFAULT_REQUEST_TIMEOUT_SECONDS) * 1000),
            CANARY_NAME: args.canaryName,
          },
        },
        vpcConfig: { subnetIds: args.vpc.subnetIds, securityGroupIds: [securityGroup.id] },
        // Removing the canary removes its Lambda function and layer too.
        deleteLambda: true,
        tags: tags(args.canaryName),
      },
      { parent: this, dependsOn: [artifacts.policy] },
    );

    if (args.healthCheckDomain !== undefined) {
      this.healthCheckId = new aws.route53.HealthCheck(
        `${name}-dns`,
        {
          type: "HTTPS",
          fqdn: args.healthCheckDomain,
          port: 443,
          resourcePath: paths[paths.length - 1],
          enableSni: true,
          requestInterval: 30,
          failureThreshold: 3,
          measureLatency: true,
          tags: tags(`${name}-dns`),
        },
        parent,
      ).id;
    }

    this.canaryName = args.canaryName;
    this.artifactsBucketName = bucket.bucket;
    this.securityGroupId = securityGroup.id;
    this.roleArn = role.arn;
    this.metrics = { canaryName: args.canaryName, paths, intervalSeconds: interval * 60 };
    this.registerOutputs({
      canaryName: this.canaryName,
      artifactsBucketName: this.artifactsBucketName,
      securityGroupId: this.securityGroupId,
      roleArn: this.roleArn,
      healthCheckId: this.healthCheckId,
    });
  }
}

/** The names Synthetics gives a canary's Lambda function: `cwsyn-<canaryName>-<id>`. */
function canaryFunctionNames(canaryName: string): string {
  return `cwsyn-${canaryName}-*`;
}

/**
 * What a canary's execution role needs (Synthetics user guide, "Required roles
 * and permissions for canaries"): write its artifacts, its metrics (only in the
 * CloudWatchSynthetics namespace) and its Lambda logs, and manage the network
 * interfaces of a VPC canary; plus the artifacts key.
 */
export function canaryExecutionPolicy(canaryName: string, bucketArn: string, keyArn: string, c: AwsContextValues): object {
  return {
    Version: "2012-10-17",
    Statement: [
      { Sid: "WriteArtifacts", Effect: "Allow", Action: ["s3:PutObject"], Resource: `${bucketArn}/${RUNS_PREFIX}*` },
      { Sid: "FindArtifactsBucket", Effect: "Allow", Action: ["s3:GetBucketLocation"], Resource: bucketArn },
      { Sid: "ListBuckets", Effect: "Allow", Action: ["s3:ListAllMyBuckets"], Resource: "*" },
      { Sid: "EncryptArtifacts", Effect: "Allow", Action: ["kms:GenerateDataKey", "kms:Decrypt"], Resource: keyArn },
      {
        Sid: "PublishProbeMetrics",
        Effect: "Allow",
        Action: ["cloudwatch:PutMetricData"],
        Resource: "*",
        Condition: { StringEquals: { "cloudwatch:namespace": SYNTHETICS_NAMESPACE } },
      },
      {
        Sid: "WriteLambdaLogs",
        Effect: "Allow",
        Action: ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"],
        Resource: arns.logGroup(c, `/aws/lambda/${canaryFunctionNames(canaryName)}`),
      },
      { Sid: "VpcNetworkInterfaces", Effect: "Allow", Action: ["ec2:CreateNetworkInterface", "ec2:DescribeNetworkInterfaces", "ec2:DeleteNetworkInterface"], Resource: "*" },
    ],
  };
}
