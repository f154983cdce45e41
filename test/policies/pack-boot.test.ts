import { ChildProcess, spawn } from "child_process";
import { join } from "path";
import * as grpc from "@grpc/grpc-js";
import * as analyzerpb from "@pulumi/pulumi/proto/analyzer_pb";
import * as analyzerrpc from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { compliancePolicies, COMPLIANCE_PACK } from "../../policies/compliance/policies";
import { securityPolicies, SECURITY_PACK } from "../../policies/security/policies";

/**
 * Boots each pack the way the Pulumi CLI does for `--policy-pack <folder>`:
 * `@pulumi/pulumi/cmd/run-policy-pack` run in the pack folder (TypeScript
 * through ts-node, the version from the pack's package.json), which prints
 * the analyzer's port; then talks to it over gRPC.
 */
const RUNNER = join(__dirname, "..", "..", "node_modules", "@pulumi", "pulumi", "cmd", "run-policy-pack", "index.js");

describe.each([
  ["security", SECURITY_PACK.name, securityPolicies.length],
  ["compliance", COMPLIANCE_PACK.name, compliancePolicies.length],
])("the %s pack, booted like the CLI boots it", (folder, packName, policyCount) => {
  let child: ChildProcess;
  let client: analyzerrpc.AnalyzerClient;

  beforeAll(async () => {
    child = spawn(process.execPath, [RUNNER, "127.0.0.1:0", "."], { cwd: join(__dirname, "..", "..", "policies", folder), stdio: ["ignore", "pipe", "pipe"] });
    const port = await new Promise<string>((resolve, reject) => {
      let stderr = "";
      child.stderr!.on("data", (chunk) => (stderr += chunk));
      child.stdout!.on("data", (chunk) => {
        const match = String(chunk).match(/^(\d+)\s*$/m);
        if (match) resolve(match[1]);
      });
      child.on("exit", (code) => reject(new Error(`the pack exited with ${code} before serving: ${stderr}`)));
    });
    client = new analyzerrpc.AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  }, 90_000);

  afterAll(() => {
    client?.close();
    if (child?.pid && child.exitCode === null) child.kill();
  });

  it("reports its name, version and every policy with severity and framework", async () => {
    const info = await new Promise<analyzerpb.AnalyzerInfo>((resolve, reject) => client.getAnalyzerInfo(new Empty(), (err, res) => (err ? reject(err) : resolve(res!))));
    expect(info.getName()).toBe(packName);
    expect(info.getVersion()).toBe("0.1.0");
    expect(info.getSupportsconfig()).toBe(true);
    expect(info.getPoliciesList()).toHaveLength(policyCount);
    for (const policy of info.getPoliciesList()) {
      expect(policy.getSeverity()).not.toBe(analyzerpb.PolicySeverity.POLICY_SEVERITY_UNSPECIFIED);
      expect(policy.getFramework()?.getName()).toBeTruthy();
      expect(policy.getRemediationSteps()).toBeTruthy();
    }
  });

  it("analyzes a resource over gRPC", async () => {
    const request = new analyzerpb.AnalyzeRequest();
    request.setType("aws:rds/instance:Instance");
    request.setName("db");
    request.setUrn("urn:pulumi:dev::platform::aws:rds/instance:Instance::db");
    request.setProperties(Struct.fromJavaScript({ engine: "postgres", publiclyAccessible: true, backupRetentionPeriod: 1 }));
    request.setOptions(new analyzerpb.AnalyzerResourceOptions());
    const response = await new Promise<analyzerpb.AnalyzeResponse>((resolve, reject) => client.analyze(request, (err, res) => (err ? reject(err) : resolve(res!))));
    const names = response.getDiagnosticsList().map((d) => d.getPolicyname());
    const expected = folder === "security" ? "aws-rds-instance-disallow-public-access" : "aws-rds-database-require-backup-retention";
    expect(names).toContain(expected);
  });
});
