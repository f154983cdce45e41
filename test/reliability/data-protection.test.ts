import { nonEmpty, runProgram, RunResult } from "../harness";
import { protectionMatrix, ProtectionRow } from "./data-protection";

const runs: Record<string, RunResult> = {};
beforeAll(async () => {
  for (const stack of ["dev", "staging", "prod"]) runs[stack] = await runProgram({ stack });
  runs["prod-eks"] = await runProgram({ stack: "prod", overrides: { "platform:compute": { platform: "eks" } } });
  runs["prod-dr"] = await runProgram({ stack: "prod-dr" });
  runs["prod-dr-serving"] = await runProgram({ stack: "prod-dr", overrides: { "platform:disasterRecovery": { standby: { stage: "serving" } } } });
}, 240_000);

const row = (stack: string, resource: string): ProtectionRow => {
  const found = protectionMatrix(runs[stack]).find((r) => r.resource === resource);
  if (!found) throw new Error(`${stack} has no ${resource}`);
  return found;
};

describe("data protection matrix", () => {
  test("prod: the database is protected, deletion-protected, snapshotted on deletion and keeps 30 days of point-in-time recovery", () => {
    expect(row("prod", "rds/instance database")).toMatchObject({ protect: true, deletionProtection: true, finalSnapshot: "platform-prod-final", backupRetentionDays: 30 });
  });

  test("prod: read replicas are protected and keep their zone when a Multi-AZ failover moves the writer", () => {
    expect(row("prod", "rds/instance database-replica-1")).toMatchObject({ protect: true, deletionProtection: true, ignoreChanges: ["availabilityZone"] });
  });

  test("prod: backups are replicated to the DR region under protection", () => {
    expect(row("prod", "rds/instanceAutomatedBackupsReplication database-dr")).toMatchObject({ protect: true, backupRetentionDays: 30 });
    expect(row("prod", "kms/key database-dr")).toMatchObject({ protect: true });
  });

  test("prod: the cache, its keys, its AUTH token secret and the access log bucket are protected", () => {
    expect(row("prod", "elasticache/replicationGroup cache")).toMatchObject({ protect: true, finalSnapshot: "platform-prod-final", backupRetentionDays: 7 });
    for (const resource of ["kms/key database", "kms/key cache", "secretsmanager/secret cache-auth-token", "s3/bucket edge-access-logs"]) {
      expect({ resource, protect: row("prod", resource).protect }).toEqual({ resource, protect: true });
    }
    expect(row("prod", "lb/loadBalancer edge").deletionProtection).toBe(true);
  });

  test("staging: deletion protection and final snapshots without Pulumi protect, so the stack can be rebuilt deliberately", () => {
    expect(row("staging", "rds/instance database")).toMatchObject({ protect: false, deletionProtection: true, finalSnapshot: "platform-staging-final", backupRetentionDays: 7 });
    expect(row("staging", "elasticache/replicationGroup cache")).toMatchObject({ finalSnapshot: "platform-staging-final" });
  });

  test("dev: nothing is protected and no final snapshots are taken, so the stack is cheap to throw away", () => {
    expect(protectionMatrix(runs.dev).filter((r) => r.protect || r.retainOnDelete || r.deletionProtection)).toEqual([]);
    expect(row("dev", "rds/instance database")).toMatchObject({ finalSnapshot: "none", backupRetentionDays: 1 });
  });

  test.each(["dev", "staging", "prod", "prod-dr"])("%s: every KMS key waits the longest window (30 days) before deletion, so a mistaken delete can be cancelled", (stack) => {
    const keys = runs[stack].ofType("aws:kms/key:Key");
    expect(keys.length).toBeGreaterThan(3);
    expect(keys.filter((k) => k.inputs.deletionWindowInDays !== 30).map((k) => k.name)).toEqual([]);
  });

  test.each(["dev", "staging", "prod", "prod-dr"])("%s: values AWS changes by itself are left to AWS (scaled desired counts)", (stack) => {
    for (const service of nonEmpty(runs[stack].ofType("aws:ecs/service:Service"), "ECS service")) expect(service.options.ignoreChanges).toContain("desiredCount");
  });

  test("prod on EKS: the cluster is deletion-protected and node group sizes are left to scaling", () => {
    expect(row("prod-eks", "eks/cluster eks")).toMatchObject({ deletionProtection: true });
    expect(row("prod-eks", "eks/nodeGroup eks-system").ignoreChanges).toEqual(["scalingConfig.desiredSize"]);
  });

  test("prod-dr: the replica is protected and deletion-protected; RDS takes no final snapshot of a read replica", () => {
    expect(row("prod-dr", "rds/instance database")).toMatchObject({ protect: true, deletionProtection: true, finalSnapshot: "none", backupRetentionDays: 0 });
    expect(row("prod-dr", "kms/key database")).toMatchObject({ protect: true });
  });

  test("prod-dr after failover: the promoted writer has prod's guards, 30 days of backups and a final snapshot", () => {
    expect(row("prod-dr-serving", "rds/instance database")).toMatchObject({ protect: true, deletionProtection: true, finalSnapshot: "platform-prod-dr-final", backupRetentionDays: 30 });
    expect(row("prod-dr-serving", "elasticache/replicationGroup cache")).toMatchObject({ protect: true, finalSnapshot: "platform-prod-dr-final", backupRetentionDays: 7 });
  });

  test("the database password is managed by RDS and the storage autoscales, so neither needs ignoreChanges", () => {
    const database = runs.prod.one("aws:rds/instance:Instance", "database");
    expect(database.inputs).toMatchObject({ manageMasterUserPassword: true, maxAllocatedStorage: expect.any(Number) });
    expect(database.inputs.password).toBeUndefined();
    // The provider suppresses the allocatedStorage diff when autoscaling has grown it past the configured size.
    expect(database.inputs.maxAllocatedStorage).toBeGreaterThan(database.inputs.allocatedStorage);
  });
});

test("docs/data-protection.md is current (run `npm run docs` to regenerate)", async () => {
  const { readFileSync } = await import("fs");
  const { renderDataProtection } = await import("../../scripts/data-protection-docs");
  expect(readFileSync(`${__dirname}/../../docs/data-protection.md`, "utf8")).toBe(await renderDataProtection());
});
