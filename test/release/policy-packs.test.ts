import * as fs from "fs";
import * as path from "path";
import { describeViolations, MandatoryViolation, mandatoryViolations, PACK_DEFAULTS, policyPackOptions, uninstalledPacks } from "../../scripts/release/policy-packs";
import { PROJECT_ROOT } from "../harness/stack-config";
import { temporaryDirectory } from "../harness/temporary-directory";
import { installPolicySdk, writePack } from "./pack-folders";

describe("the packs every release update runs with", () => {
  let dir: string;
  beforeEach(() => {
    dir = temporaryDirectory("packs");
    for (const pack of ["compliance", "security"]) writePack(dir, pack);
  });

  test("a stack with config for every pack hands each pack its own file", () => {
    const options = policyPackOptions("dev");
    expect(options.policyPacks.map((f) => path.relative(PROJECT_ROOT, f))).toEqual(["policies/compliance", "policies/security"]);
    expect(options.policyPackConfigs.map((f) => path.relative(PROJECT_ROOT, f))).toEqual(["policies/compliance/config/dev.json", "policies/security/config/dev.json"]);
  });

  test("a pack without config for the stack gets the pack's defaults, in its own position", () => {
    fs.writeFileSync(path.join(dir, "security", "config", "prod.json"), "{}");
    expect(policyPackOptions("prod", dir).policyPackConfigs).toEqual([PACK_DEFAULTS, path.join(dir, "security", "config", "prod.json")]);
    expect(policyPackOptions("staging", dir).policyPackConfigs).toEqual([PACK_DEFAULTS, PACK_DEFAULTS]);
  });

  test("a pack without @pulumi/policy in its own node_modules is named; one with it is not", () => {
    installPolicySdk(path.join(dir, "compliance"));
    // Only the package's manifest counts: an empty folder is a failed or partial install.
    fs.mkdirSync(path.join(dir, "security", "node_modules", "@pulumi", "policy"), { recursive: true });
    expect(uninstalledPacks(policyPackOptions("prod", dir))).toEqual([path.join(dir, "security")]);
  });
});

// The CLI's Policies block, as pkg/backend/display/progress.go prints it (printPolicies).
describe("mandatory violations in a pulumi up output", () => {
  test("several are all named, each once; advisory ones are not (a pack with any mandatory one is headed ❌)", () => {
    const output = [
      "Policies:",
      "    ❌ platform-security@v0.1.0 (local: policies/security)",
      "        - [mandatory]  aws-iam-role-no-wildcard-trust  (aws:iam/role:Role: app-task)",
      "          Trust policy allows any principal.",
      "        - [mandatory]  aws-iam-role-no-wildcard-trust  (aws:iam/role:Role: app-task)",
      "          Trust policy allows any principal.",
      "    ❌ platform-compliance@v0.1.0 (local: policies/compliance)",
      "        - [advisory]  aws-resource-require-tags  (aws:s3/bucket:Bucket: logs)",
      "          Missing tag Owner.",
      "        - [mandatory]  aws-rds-database-require-backup-retention  (aws:rds/instance:Instance: db)",
      "          Backups are kept 7 days; at least 30 are required.",
    ].join("\n");
    expect(mandatoryViolations(output)).toEqual([
      {
        pack: "platform-security",
        policy: "aws-iam-role-no-wildcard-trust",
        resourceType: "aws:iam/role:Role",
        resourceName: "app-task",
        message: "Trust policy allows any principal.",
      },
      {
        pack: "platform-compliance",
        policy: "aws-rds-database-require-backup-retention",
        resourceType: "aws:rds/instance:Instance",
        resourceName: "db",
        message: "Backups are kept 7 days; at least 30 are required.",
      },
    ]);
  });

  test("the CLI's own rendering of a violation with a severity, since v3.205.0", () => {
    // pulumi/pulumi pkg/engine/lifecycletest/testdata/output/TestSimpleAnalyzeResourceFailure/progress.stdout.txt,
    // with its colour tags taken out.
    const output = [
      "Policies:",
      "    ❌ analyzerA@v",
      "        - [mandatory] [severity: high]  always-fails  (pkgA:m:typA: resA)",
      "          a policy failed",
    ].join("\n");
    expect(mandatoryViolations(output)).toEqual([{ pack: "analyzerA", policy: "always-fails", resourceType: "pkgA:m:typA", resourceName: "resA", message: "a policy failed" }]);
  });

  test("a severity inside the brackets, as CLIs before v3.205.0 print it", () => {
    const output = "        - [mandatory: critical]  aws-rds-database-require-encryption  (aws:rds/instance:Instance: db)";
    expect(mandatoryViolations(output).map((v) => v.policy)).toEqual(["aws-rds-database-require-encryption"]);
  });

  test("only a four-space line starting with ❌ names the pack, not a message that mentions a version or quotes a header", () => {
    const output = [
      "    ❌ platform-compliance@v0.1.0 (local: policies/compliance)",
      "        - [mandatory]  aws-lambda-function-supported-runtime  (aws:lambda/function:Function: hook)",
      "          Use nodejs@v22 or later.",
      "          upgrade pulumi-aws@v7 first.",
      "        - [mandatory]  aws-lambda-function-require-tracing  (aws:lambda/function:Function: hook)",
      "          as in:     ❌ quoted-pack@v1 (local: elsewhere)",
      "        - [mandatory]  aws-lambda-function-require-dlq  (aws:lambda/function:Function: hook)",
      "    ✅ platform-security@v0.1.0 (local: policies/security)",
    ].join("\n");
    expect(mandatoryViolations(output).map((v) => v.pack)).toEqual(["platform-compliance", "platform-compliance", "platform-compliance"]);
  });

  test("a stack policy's violation is read against the stack resource, which the engine names for it", () => {
    const output = [
      "    ❌ platform-compliance@v0.1.0 (local: policies/compliance)",
      "        - [mandatory] [severity: high]  aws-cost-monthly-budget  (pulumi:pulumi:Stack: platform-prod)",
      "          The stack's estimated monthly cost is $1,612, over its $1,500 budget.",
    ].join("\n");
    expect(mandatoryViolations(output)).toEqual([
      {
        pack: "platform-compliance",
        policy: "aws-cost-monthly-budget",
        resourceType: "pulumi:pulumi:Stack",
        resourceName: "platform-prod",
        message: "The stack's estimated monthly cost is $1,612, over its $1,500 budget.",
      },
    ]);
  });

  test("Windows line endings and trailing spaces do not hide a violation", () => {
    const output = [
      "    ❌ platform-security@v0.1.0 (local: policies/security)",
      "        - [mandatory]  aws-s3-bucket-no-public-read  (aws:s3/bucket:Bucket: logs)\r",
      "          Bucket logs is public.\r",
      "        - [mandatory]  aws-s3-bucket-require-encryption  (aws:s3/bucket:Bucket: logs)   ",
    ].join("\n");
    expect(mandatoryViolations(output).map((v) => [v.pack, v.policy, v.resourceName, v.message])).toEqual([
      ["platform-security", "aws-s3-bucket-no-public-read", "logs", "Bucket logs is public."],
      ["platform-security", "aws-s3-bucket-require-encryption", "logs", ""],
    ]);
  });

  test("the same policy on two resources is two violations", () => {
    const output = [
      "    ❌ platform-security@v0.1.0 (local: policies/security)",
      "        - [mandatory]  aws-iam-role-no-wildcard-trust  (aws:iam/role:Role: app-task)",
      "        - [mandatory]  aws-iam-role-no-wildcard-trust  (aws:iam/role:Role: app-execution)",
    ].join("\n");
    expect(mandatoryViolations(output).map((v) => v.resourceName)).toEqual(["app-task", "app-execution"]);
  });

  test("a coloured output (--color always) reads the same as a plain one", () => {
    const esc = String.fromCharCode(27);
    const output = [
      `    ${esc}[31m❌ platform-security@v0.1.0${esc}[0m (local: policies/security)`,
      `        - ${esc}[1;31m[mandatory]${esc}[0m  aws-ecs-task-definition-no-privileged-containers  (aws:ecs/taskDefinition:TaskDefinition: app-green)${esc}[0m`,
      `          Container "app" runs privileged.${esc}[0m`,
    ].join("\n");
    expect(mandatoryViolations(output)).toEqual([
      {
        pack: "platform-security",
        policy: "aws-ecs-task-definition-no-privileged-containers",
        resourceType: "aws:ecs/taskDefinition:TaskDefinition",
        resourceName: "app-green",
        message: 'Container "app" runs privileged.',
      },
    ]);
  });

  test("a violation with no message line, or before any pack header, keeps what the output gave", () => {
    const output = [
      "        - [mandatory]  aws-s3-bucket-no-public-read  (aws:s3/bucket:Bucket: logs)",
      "        - [mandatory]  aws-s3-bucket-require-encryption  (aws:s3/bucket:Bucket: logs)",
      "Resources:",
    ].join("\n");
    expect(mandatoryViolations(output)).toEqual([
      { pack: undefined, policy: "aws-s3-bucket-no-public-read", resourceType: "aws:s3/bucket:Bucket", resourceName: "logs", message: "" },
      { pack: undefined, policy: "aws-s3-bucket-require-encryption", resourceType: "aws:s3/bucket:Bucket", resourceName: "logs", message: "" },
    ]);
  });

  test("a line that only looks like a violation is not one", () => {
    const output = [
      "    ❌ platform-security@v0.1.0 (local: policies/security)",
      "        - [mandatory]  aws-s3-bucket-no-public-read  (aws:s3/bucket:Bucket logs)",
      "        - [mandatory]  (aws:s3/bucket:Bucket: logs)",
      "        [mandatory]  aws-s3-bucket-no-public-read  (aws:s3/bucket:Bucket: logs)",
      "        - [mandatory]  aws-s3-bucket-no-public-read  (aws:s3/bucket:Bucket: logs) and more",
      "        -  [mandatory]  aws-s3-bucket-no-public-read  (aws:s3/bucket:Bucket: logs)",
      "        - [mandatory] aws-s3-bucket-no-public-read (aws:s3/bucket:Bucket: logs)",
      "        - [mandatory]   aws-s3-bucket-no-public-read   (aws:s3/bucket:Bucket: logs)",
      "        error: - [mandatory]  aws-s3-bucket-no-public-read  (aws:s3/bucket:Bucket: logs)",
    ].join("\n");
    expect(mandatoryViolations(output)).toEqual([]);
  });
});

describe("the reason a failed update gives", () => {
  const violation: MandatoryViolation = {
    pack: "platform-security",
    policy: "aws-iam-role-no-wildcard-trust",
    resourceType: "aws:iam/role:Role",
    resourceName: "app-task",
    message: "Trust policy allows any principal.",
  };

  test("one violation names its policy, pack, resource and message", () => {
    expect(describeViolations([violation])).toBe(
      "mandatory policy violation: aws-iam-role-no-wildcard-trust (platform-security) on app-task (aws:iam/role:Role): Trust policy allows any principal.",
    );
  });

  test("several are joined, and a missing pack or message is left out rather than printed empty", () => {
    expect(describeViolations([violation, { ...violation, pack: undefined, message: "", resourceName: "app-execution" }])).toBe(
      "mandatory policy violations: aws-iam-role-no-wildcard-trust (platform-security) on app-task (aws:iam/role:Role): Trust policy allows any principal.; " +
        "aws-iam-role-no-wildcard-trust on app-execution (aws:iam/role:Role)",
    );
  });
});
