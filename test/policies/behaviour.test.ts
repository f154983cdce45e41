import * as analyzerpb from "@pulumi/pulumi/proto/analyzer_pb";
import Ajv from "ajv";
import * as fs from "fs";
import * as path from "path";
import { COMPLIANCE_PACK } from "../../policies/compliance/policies";
import { TAGGABLE_TYPES } from "../../policies/compliance/rules/tags";
import { SECURITY_PACK } from "../../policies/security/policies";
import { levelInEnvironment } from "../../scripts/policy-docs";
import { UNKNOWN } from "../harness";
import { cliConfigSchema, configErrors, schemaDefaults } from "../harness/policy-config";
import { allPolicies, analyzeWithPacks, analyzeWithPolicyPacks, POLICY_PACKS, runPolicyPacks } from "../harness/policy-runner";
import { COMPLIANCE_CASES } from "./compliance-cases";
import { iamPolicy, TestResource, stackOf, urnOf, violationsOf } from "./resources";
import { SECURITY_CASES } from "./security-cases";
import { STACKS } from "./stacks";

// What the CLI reads from a pack at `pulumi policy publish` (internal to @pulumi/policy, so not in its typings).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { makeAnalyzerInfo } = require("@pulumi/policy/protoutil") as { makeAnalyzerInfo(...args: unknown[]): unknown };
const INSTANCE = "aws:rds/instance:Instance";
const publicDb: TestResource = { type: INSTANCE, name: "legacy-reporting", inputs: { publiclyAccessible: true, storageEncrypted: true } };
const PUBLIC_ACCESS = "aws-rds-instance-disallow-public-access";
const security = (config: Record<string, unknown>) => ({ packConfig: { [SECURITY_PACK.name]: config } });
const compliance = (config: Record<string, unknown>) => ({ packConfig: { [COMPLIANCE_PACK.name]: config } });

describe("the harness configures both packs in one call (one @pulumi/policy module serves them)", () => {
  it("applies a pack's `all` level to its own policies only", async () => {
    const found = (await runPolicyPacks(stackOf([publicDb]), compliance({ all: "disabled" }))).filter((v) => v.policy === PUBLIC_ACCESS);
    expect(found).toEqual([expect.objectContaining({ pack: SECURITY_PACK.name, level: "mandatory" })]);
    expect((await runPolicyPacks(stackOf([publicDb]), security({ all: "disabled" }))).filter((v) => v.pack === SECURITY_PACK.name)).toEqual([]);
  });

  it("refuses packs that share a policy name, which one configuration cannot tell apart", async () => {
    const security = POLICY_PACKS.find((p) => p.name === SECURITY_PACK.name)!;
    await expect(analyzeWithPacks(stackOf([publicDb]), [security, { ...security, name: "copy" }])).rejects.toThrow(`policy ${security.policies[0].name} is in more than one pack`);
  });
});

describe("a not-applicable verdict (thrown without a stack trace, which nothing reads)", () => {
  it("leaves the caller's stack trace depth as it was", async () => {
    const before = Error.stackTraceLimit;
    Error.stackTraceLimit = 7;
    try {
      const report = await analyzeWithPolicyPacks(stackOf([publicDb]));
      expect(report.notApplicable).toContainEqual(expect.objectContaining({ policy: "aws-alb-listener-require-modern-tls-policy", reason: "applies to aws:lb/listener:Listener, aws:alb/listener:Listener", name: "legacy-reporting" }));
      expect(Error.stackTraceLimit).toBe(7);
    } finally {
      Error.stackTraceLimit = before;
    }
  });
});

describe("what a policy tells Pulumi Cloud and the CLI besides a violation", () => {
  it("tags every policy with its service, a lowercase name such as kms or elbv2, which Pulumi Cloud filters by", () => {
    const policies = allPolicies();
    expect(policies.length).toBeGreaterThan(0);
    for (const p of policies) expect({ policy: p.name, service: /^[a-z][a-z0-9]+$/.test(p.service), tagged: (p.tags ?? []).includes(`service:${p.service}`) }).toEqual({ policy: p.name, service: true, tagged: true });
  });

  it("says why a key it cannot judge is not applicable: AWS rotates only symmetric keys, and this one's spec", async () => {
    const signing: TestResource = { type: "aws:kms/key:Key", name: "signing", inputs: { customerMasterKeySpec: "RSA_2048", keyUsage: "SIGN_VERIFY" } };
    const report = await analyzeWithPolicyPacks(stackOf([signing]));
    expect(report.notApplicable).toContainEqual(expect.objectContaining({ policy: "aws-kms-key-require-rotation", reason: "AWS rotates only symmetric keys; this one is RSA_2048", name: "signing" }));
  });

  it("says why a Lambda target group is not held to a health check: ELB checks Lambda targets only when asked to", async () => {
    const lambda: TestResource = { type: "aws:lb/targetGroup:TargetGroup", name: "thumbnails", inputs: { targetType: "lambda" } };
    const report = await analyzeWithPolicyPacks(stackOf([lambda]));
    expect(report.notApplicable).toContainEqual(expect.objectContaining({ policy: "aws-alb-target-group-require-health-check", reason: "Lambda targets are health-checked only when asked to", name: "thumbnails" }));
  });

  it("says why a read replica is not held to its source's backups, Multi-AZ and final snapshot", async () => {
    const replica: TestResource = { type: INSTANCE, name: "db-replica", inputs: { replicateSourceDb: "db", instanceClass: "db.t4g.micro" } };
    const report = await analyzeWithPolicyPacks(stackOf([replica]));
    expect(report.notApplicable.filter((n) => n.policy.startsWith("aws-rds-database-")).map(({ policy, reason }) => [policy, reason]).sort()).toEqual([
      ["aws-rds-database-require-backup-retention", "read replicas are restored from their source's backups"],
      ["aws-rds-database-require-final-snapshot", "read replicas take no final snapshot"],
      ["aws-rds-database-require-multi-az", "read replicas are scaled out, not made Multi-AZ, for availability"],
    ]);
  });
});

describe("exemptions", () => {
  it("skip a resource whose logical name matches a configured pattern", async () => {
    const config = security({ [PUBLIC_ACCESS]: { exemptions: [{ name: "legacy-*", reason: "vendor reporting tool; retired in Q3 (TICKET-123)" }] } });
    expect(await violationsOf(PUBLIC_ACCESS, [publicDb], config)).toEqual([]);
  });

  it("report the exemption's reason as the not-applicable reason", async () => {
    const config = security({ [PUBLIC_ACCESS]: { exemptions: [{ name: "legacy-*", reason: "vendor reporting tool" }] } });
    const report = await analyzeWithPolicyPacks(stackOf([publicDb]), config);
    expect(report.notApplicable).toContainEqual(expect.objectContaining({ policy: PUBLIC_ACCESS, reason: "exempted: vendor reporting tool", name: "legacy-reporting" }));
  });

  it("skip a resource named by its exact URN", async () => {
    const config = security({ [PUBLIC_ACCESS]: { exemptions: [{ urn: urnOf(INSTANCE, "legacy-reporting"), reason: "approved by security review SR-42" }] } });
    expect(await violationsOf(PUBLIC_ACCESS, [publicDb], config)).toEqual([]);
  });

  it("do not cover resources the pattern does not match", async () => {
    const config = security({ [PUBLIC_ACCESS]: { exemptions: [{ name: "legacy-*", reason: "vendor reporting tool" }] } });
    const other: TestResource = { ...publicDb, name: "orders" };
    expect(await violationsOf(PUBLIC_ACCESS, [other], config)).toHaveLength(1);
  });

  it("are refused by the CLI's schema check with an empty reason, and not honoured with a blank one", async () => {
    const config = (reason: string) => security({ [PUBLIC_ACCESS]: { exemptions: [{ name: "legacy-*", reason }] } });
    await expect(runPolicyPacks(stackOf([publicDb]), config(""))).rejects.toThrow(`${PUBLIC_ACCESS}: exemptions/0/reason must NOT have fewer than 1 characters`);
    expect(await violationsOf(PUBLIC_ACCESS, [publicDb], config("  "))).toHaveLength(1);
  });

  it("exempt one VPC from a stack policy and still check the others", async () => {
    const vpcs: TestResource[] = [
      { type: "aws:ec2/vpc:Vpc", name: "sandbox", inputs: {} },
      { type: "aws:ec2/vpc:Vpc", name: "network", inputs: {} },
    ];
    const config = compliance({ "aws-vpc-require-flow-logs": { exemptions: [{ name: "sandbox", reason: "no workloads; deleted after the migration" }] } });
    const found = await violationsOf("aws-vpc-require-flow-logs", vpcs, config);
    expect(found.map((v) => v.name)).toEqual(["network"]);
  });
});

describe("settings", () => {
  const weekOfBackups: TestResource = { type: INSTANCE, name: "db", inputs: { backupRetentionPeriod: 7 } };

  const GUARD = "aws-iam-service-principal-require-source-conditions";
  const unconditioned = (service: string): TestResource => ({
    type: "aws:iam/role:Role",
    name: "svc",
    inputs: { assumeRolePolicy: iamPolicy({ Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole" }) },
  });

  it("let a service principal the allow-list names in without source conditions, and no other", async () => {
    const config = security({ [GUARD]: { allowedWithoutSource: [{ principal: "backup.amazonaws.com", reason: "vendor integration, reviewed SR-7" }] } });
    expect(await violationsOf(GUARD, [unconditioned("backup.amazonaws.com")], config)).toEqual([]);
    expect(await violationsOf(GUARD, [unconditioned("lambda.amazonaws.com")], config)).toHaveLength(1);
  });

  it("replace, not extend, the documented allow-list when configured", async () => {
    const config = security({ [GUARD]: { allowedWithoutSource: [{ principal: "backup.amazonaws.com", reason: "vendor integration" }] } });
    expect(await violationsOf(GUARD, [unconditioned("ec2.amazonaws.com")])).toEqual([]);
    expect(await violationsOf(GUARD, [unconditioned("ec2.amazonaws.com")], config)).toHaveLength(1);
  });

  it("default the backup minimum to 30 days in code when nothing is configured", async () => {
    const [found] = await violationsOf("aws-rds-database-require-backup-retention", [weekOfBackups]);
    expect(found.message).toContain("at least 30 are required");
  });

  it("accept a lower configured backup minimum", async () => {
    const config = compliance({ "aws-rds-database-require-backup-retention": { minimumDays: 7 } });
    expect(await violationsOf("aws-rds-database-require-backup-retention", [weekOfBackups], config)).toEqual([]);
  });

  it("replace the required tags with the configured ones", async () => {
    const topic: TestResource = { type: "aws:sns/topic:Topic", name: "alerts", inputs: { tags: { Team: "payments" } } };
    const config = compliance({ "aws-resource-require-tags": { requiredTags: ["Team"] } });
    expect(await violationsOf("aws-resource-require-tags", [topic], config)).toEqual([]);
  });

  it("let an environment raise a policy to mandatory", async () => {
    const config = compliance({ "aws-rds-database-require-backup-retention": { enforcementLevel: "mandatory" } });
    const [found] = await violationsOf("aws-rds-database-require-backup-retention", [weekOfBackups], config);
    expect(found.level).toBe("mandatory");
  });

  it("let an environment disable a policy", async () => {
    const config = security({ [PUBLIC_ACCESS]: "disabled" });
    expect(await violationsOf(PUBLIC_ACCESS, [publicDb], config)).toEqual([]);
  });

  // What `pulumi preview --policy-pack-config` refuses before any policy runs (test/harness/policy-config.ts).
  it.each([
    [GUARD, "allowedWithoutSource", "backup.amazonaws.com", "allowedWithoutSource must be array"],
    [GUARD, "allowedWithoutSource", [{ principal: "backup.amazonaws.com" }], "allowedWithoutSource/0 must have required property 'reason'"],
    [GUARD, "allowedWithoutSource", [{ reason: "vendor integration" }], "allowedWithoutSource/0 must have required property 'principal'"],
    [GUARD, "allowedWithoutSource", [{ principal: "backup.amazonaws.com", reason: "" }], "allowedWithoutSource/0/reason must NOT have fewer than 1 characters"],
    [GUARD, "allowedWithoutSource", [{ principal: 7, reason: "vendor integration" }], "allowedWithoutSource/0/principal must be string"],
    [GUARD, "allowedWithoutSource", [{ principal: "backup.amazonaws.com", reason: "vendor integration", ticket: "SR-7" }], "allowedWithoutSource/0 must NOT have additional properties"],
    ["aws-resource-require-tags", "requiredTags", "Team", "requiredTags must be array"],
    ["aws-resource-require-tags", "requiredTags", ["Team", 7], "requiredTags/1 must be string"],
    ["aws-rds-database-require-backup-retention", "minimumDays", 36, "minimumDays must be <= 35"],
    ["aws-rds-database-require-enhanced-monitoring", "maximumIntervalSeconds", 20, "maximumIntervalSeconds must be equal to one of the allowed values (1, 5, 10, 15, 30, 60)"],
    [PUBLIC_ACCESS, "exemptions", [{ name: "legacy-*" }], "exemptions/0 must have required property 'reason'"],
    ["aws-wafv2-web-acl-require-managed-rules", "requiredRuleGroups", [7], "requiredRuleGroups/0 must be string"],
    ["aws-eks-cluster-require-control-plane-logs", "requiredLogTypes", ["audit", "kube-proxy"], "requiredLogTypes/1 must be equal to one of the allowed values (api, audit, authenticator, controllerManager, scheduler)"],
  ])("are refused as the CLI refuses them when %s.%s is %j", async (policy, setting, value, error) => {
    const pack = allPolicies().find((p) => p.name === policy)!.pack === "security" ? security : compliance;
    await expect(runPolicyPacks(stackOf([publicDb]), pack({ [policy]: { [setting]: value } }))).rejects.toThrow(`\n  ${policy}: ${error}`);
  });

  it("refuse a setting the policy does not take, which the CLI's schema check lets through", async () => {
    const config = compliance({ "aws-rds-database-require-backup-retention": { minimumDay: 7, enforcementLevel: "mandatory" } });
    await expect(runPolicyPacks(stackOf([weekOfBackups]), config)).rejects.toThrow("policy aws-rds-database-require-backup-retention has no setting minimumDay (it takes minimumDays, exemptions)");
  });

  it("reject config for a policy the pack does not have", async () => {
    await expect(runPolicyPacks(stackOf([publicDb]), security({ "aws-rds-instance-no-such-rule": {} }))).rejects.toThrow(/names policies it does not have/);
  });
});

describe("the analyzer", () => {
  it("reports security findings as mandatory with the policy's severity", async () => {
    const [found] = await violationsOf(PUBLIC_ACCESS, [publicDb]);
    expect(found).toMatchObject({ pack: SECURITY_PACK.name, level: "mandatory", severity: "critical", name: "legacy-reporting", type: INSTANCE });
  });

  it("reports compliance findings as advisory unless configured otherwise", async () => {
    const [found] = await violationsOf("aws-rds-database-require-multi-az", [{ type: INSTANCE, name: "db", inputs: {} }]);
    expect(found).toMatchObject({ pack: COMPLIANCE_PACK.name, level: "advisory", severity: "medium" });
  });

  it("reports a policy over several types as not applicable to other types", async () => {
    const report = await analyzeWithPolicyPacks(stackOf([{ type: "aws:sns/topic:Topic", name: "alerts", inputs: {} }]));
    expect(report.notApplicable).toContainEqual(expect.objectContaining({ policy: "aws-ebs-volume-require-encryption", name: "alerts" }));
  });

  it("downgrades a check that reads a value unknown during preview to an advisory note", async () => {
    const pending: TestResource = { type: INSTANCE, name: "db", inputs: { storageEncrypted: UNKNOWN } };
    const [found] = await violationsOf("aws-rds-instance-require-storage-encryption", [pending]);
    expect(found.level).toBe("advisory");
    expect(found.message).toContain("can't run policy 'aws-rds-instance-require-storage-encryption'");
  });
});

describe("stack policies during a preview", () => {
  it.each([
    ["aws-s3-bucket-require-encryption-configuration", [{ type: "aws:s3/bucket:Bucket", name: "legacy", inputs: { serverSideEncryptionConfiguration: UNKNOWN } }]],
    ["aws-s3-bucket-require-public-access-block", [{ type: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", name: "partner-block", inputs: { bucket: "partner-exports", blockPublicAcls: true, blockPublicPolicy: UNKNOWN, ignorePublicAcls: true, restrictPublicBuckets: true } }]],
  ])("%s turns into an advisory note while a setting it reads is unknown", async (policy, resources) => {
    const found = await violationsOf(policy, resources);
    expect(found.map((v) => ({ level: v.level, duringPreview: v.message.includes("during preview") }))).toEqual([{ level: "advisory", duringPreview: true }]);
  });

  it("turn into an advisory note when an output they read is still unknown", async () => {
    const lb: TestResource = { type: "aws:lb/loadBalancer:LoadBalancer", name: "edge", inputs: { loadBalancerType: "application", internal: UNKNOWN } };
    const [found] = await violationsOf("aws-wafv2-web-acl-require-alb-association", [lb]);
    expect(found.level).toBe("advisory");
    expect(found.message).toContain("during preview");
  });
});

describe("policy metadata", () => {
  const policies = allPolicies();

  it("gives every policy a unique kebab-case name", () => {
    const names = policies.map((p) => p.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^(aws|kubernetes)(-[a-z0-9]+){2,}$/);
  });

  it("puts every policy in the pack whose folder defines it", () => {
    for (const p of policies) expect(p.tags).toContain(`pack:${p.pack}`);
  });

  it("describes every setting a policy takes, which the pack's config schema carries to `pulumi policy publish` and Pulumi Cloud", () => {
    const settings = policies.flatMap((p) => Object.entries(p.configSchema?.properties ?? {}).map(([key, schema]) => ({ setting: `${p.name}.${key}`, description: schema.description ?? "" })));
    expect(settings.filter(({ setting }) => !setting.endsWith(".exemptions")).length).toBeGreaterThan(0);
    for (const { setting, description } of settings) expect({ setting, described: description.trim().split(/\s+/).length >= 3 }).toEqual({ setting, described: true });
  });

  it("passes the CLI's schema check with its defaults alone, as when nothing is configured", () => {
    expect(policies.filter((p) => Object.keys(schemaDefaults(p)).length > 1).length).toBeGreaterThan(0);
    expect(policies.flatMap((p) => configErrors(p, {}))).toEqual([]);
  });

  // The CLI's validator ignores a keyword it does not know, so a misspelt one would check nothing.
  it("uses only JSON Schema keywords in its config schema", () => {
    const strict = new Ajv({ strict: true });
    for (const p of policies) expect(() => strict.compile(cliConfigSchema(p))).not.toThrow();
    expect(() => strict.compile({ type: "array", itmes: { type: "string" } })).toThrow(/unknown keyword: "itmes"/);
  });

  it("gives every policy an exemptions setting and never an enforcementLevel property", () => {
    for (const p of policies) {
      expect(p.configSchema?.properties.exemptions).toBeDefined();
      expect(p.configSchema?.properties.enforcementLevel).toBeUndefined();
    }
  });

  it("sends severity, framework, tags and remediation steps to Pulumi Cloud", () => {
    const info = makeAnalyzerInfo(SECURITY_PACK.name, "0.1.0", "mandatory", { policies: policies.filter((p) => p.pack === "security") }, {}) as analyzerpb.AnalyzerInfo;
    const rds = info.getPoliciesList().find((p) => p.getName() === PUBLIC_ACCESS)!;
    expect(rds.getSeverity()).toBe(analyzerpb.PolicySeverity.POLICY_SEVERITY_CRITICAL);
    expect(rds.getFramework()?.getName()).toBe("CIS AWS Foundations Benchmark");
    expect(rds.getTagsList()).toEqual(expect.arrayContaining(["framework:pci-dss", "framework:hipaa", "severity:critical"]));
    expect(rds.getRemediationSteps()).toContain("publiclyAccessible: false");
  });

  it("has at least one compliant and one violating test case for every policy", () => {
    const cases = new Map([...SECURITY_CASES, ...COMPLIANCE_CASES].map((c) => [c.policy, c]));
    const missing = policies.filter((p) => {
      const c = cases.get(p.name);
      return !c || Object.keys(c.compliant).length === 0 || Object.keys(c.violating).length === 0;
    });
    expect(missing.map((p) => p.name)).toEqual([]);
  });
});

describe("the types the tag rule checks even without a tags input", () => {
  const AWS_SDK = path.dirname(require.resolve("@pulumi/aws/package.json"));

  /** Whether @pulumi/aws has a resource of this type token whose args take `tags`, read from the SDK's own files (its .js registers the token). */
  const takesTags = (type: string): boolean => {
    const [, module, file, name] = /^aws:([a-z0-9]+)\/([A-Za-z0-9]+):([A-Za-z0-9]+)$/.exec(type) ?? [];
    if (!module) return false;
    const base = path.join(AWS_SDK, module, file);
    if (!fs.existsSync(`${base}.js`) || !fs.readFileSync(`${base}.js`, "utf8").includes(`__pulumiType = '${type}';`)) return false;
    const typings = fs.readFileSync(`${base}.d.ts`, "utf8");
    const args = typings.slice(typings.indexOf(`export interface ${name}Args {`));
    return /^ {4}tags\?: /m.test(args.slice(0, args.indexOf("\n}")));
  };

  it("are resources of @pulumi/aws whose arguments take tags", () => {
    expect(TAGGABLE_TYPES.length).toBeGreaterThan(0);
    expect(TAGGABLE_TYPES.filter((type) => !takesTags(type))).toEqual([]);
    expect(takesTags("aws:ec2/route:Route")).toBe(false);
  });
});

describe("the shipped pack configs", () => {
  // What the shipped-stack suites' "no mandatory violation" is worth: most policies are mandatory in every stack.
  it.each(STACKS)("make more than 20 policies mandatory in %s", (stack) => {
    expect(allPolicies().filter((policy) => levelInEnvironment(policy, stack) === "mandatory").length).toBeGreaterThan(20);
  });
});

describe("secrets", () => {
  it("reach policies as plain values, unwrapped by the policy SDK as under the CLI", async () => {
    const task: TestResource = {
      type: "aws:ecs/taskDefinition:TaskDefinition",
      name: "app",
      inputs: { family: "app", containerDefinitions: JSON.stringify([{ name: "app", user: "10001", readonlyRootFilesystem: true, environment: [{ name: "API_TOKEN", value: "t0ken" }] }]) },
    };
    const run = stackOf([task]);
    const captured = run.resources.find((r) => r.name === "app")!;
    (captured.secretInputPaths as string[]).push("containerDefinitions");
    const found = (await runPolicyPacks(run)).filter((v) => v.policy === "aws-ecs-task-definition-disallow-secrets-in-environment");
    expect(found).toHaveLength(1);
  });
});
