/**
 * `npm run drill`: the drill stack's configuration against the shipped prod
 * file, the state machine over an in-memory workspace (success, a failed
 * step, a failed clean-up, resume), the command's exit codes, and
 * `--dry-run --offline`, which previews the drill stack under the mock runtime.
 */
import * as fs from "fs";
import * as path from "path";
import { DrillController, drillExitCode, DrillReport, DrillRequest, drillSteps } from "../../scripts/drill/controller";
import { drillConfig, drillStackName, isDrillStackOf, LATEST_POINT } from "../../scripts/drill/drill-config";
import { main, productionEnvironment } from "../../scripts/drill/cli";
import { configPaths } from "../../scripts/drill/pulumi-drill";
import { parseDrillArgs } from "../../scripts/drill/args";
import { EXIT } from "../../scripts/release/cli";
import { configProblems, readStackConfig, toRawConfig, toStructuredConfig } from "../harness";
import { temporaryDirectory } from "../harness/temporary-directory";
import { FakeClock } from "../release/fakes";
import { DRILL_OUTPUTS, InMemoryDrillWorkspace, PROD_SOURCE, ScriptedDatabase, targets } from "./fakes";

const RECOVERY_POINT = new Date("2026-11-23T14:57:30.000Z");

describe("the drill stack's configuration", () => {
  const prod = toStructuredConfig(readStackConfig("prod").values);
  const drill = drillConfig(prod, { sourceStack: "prod", restore: LATEST_POINT, sourceIdentifier: "platform-prod", certificateArn: PROD_SOURCE.certificateArn });
  const section = (key: string) => drill[`platform:${key}`] as Record<string, any>;

  test("restores prod's database by point in time under the drill stack's own identifier", () => {
    expect(section("database")).toMatchObject({ restore: { pointInTime: "latest", sourceIdentifier: "platform-prod" }, instanceClass: "db.m7g.large", readReplicas: 0 });
    expect(section("database").identifier).toBeUndefined();
    expect(section("database").drRegion).toBeUndefined();
  });

  test("never touches prod's DNS name, registry replication or pager, and can be destroyed", () => {
    expect(section("traffic")).toMatchObject({ certificateArn: PROD_SOURCE.certificateArn, deletionProtection: false });
    expect(section("traffic").domain).toBeUndefined();
    expect(section("traffic").hostedZoneId).toBeUndefined();
    expect(section("disasterRecovery")).toEqual({});
    expect(section("monitoring").subscriptions).toEqual({});
    // prod's Slack, PagerDuty and email channels and its outside-in probe stay with prod.
    expect(section("monitoring").channels).toBeUndefined();
    expect(section("monitoring").synthetics).toBeUndefined();
    expect(section("monitoring").groups).not.toContain("synthetics");
    expect(section("database")).toMatchObject({ deletionProtection: false, skipFinalSnapshot: true, protect: false });
    expect(section("cache")).toMatchObject({ protect: false, skipFinalSnapshot: true });
  });

  test("runs the app at one task per colour, tagged as a drill of prod", () => {
    expect(section("compute").scaling).toMatchObject({ minCount: 1, desiredCount: 1, maxCount: 1 });
    expect(section("tags")).toMatchObject({ DrillOf: "prod", Owner: "platform-team" });
  });

  test("is a valid configuration of the program", () => {
    expect(configProblems(toRawConfig({ ...drill }).values)).toEqual([]);
  });

  test("restores a snapshot instead when asked, without a source identifier", () => {
    const fromSnapshot = drillConfig(prod, { sourceStack: "prod", restore: { kind: "snapshot", identifier: "platform-prod-final" }, sourceIdentifier: "platform-prod" });
    expect((fromSnapshot["platform:database"] as Record<string, unknown>).restore).toEqual({ snapshot: "platform-prod-final" });
  });

  test("is written as pulumi config set --path keys, quoting keys that are not plain names", () => {
    expect(configPaths("platform:tags", { Owner: "a", "kubernetes.io/role": "b" })).toEqual([
      ["platform:tags.Owner", "a"],
      ['platform:tags["kubernetes.io/role"]', "b"],
    ]);
    expect(configPaths("platform:network", { interfaceEndpoints: ["logs", "sts"], availabilityZoneCount: 3 })).toEqual([
      ["platform:network.interfaceEndpoints[0]", "logs"],
      ["platform:network.interfaceEndpoints[1]", "sts"],
      ["platform:network.availabilityZoneCount", "3"],
    ]);
  });

  test("names drill stacks after the source and the start, and tells them from other stacks", () => {
    const name = drillStackName("prod", new Date("2026-11-23T15:00:00.000Z"));
    expect(name).toBe("prod-drill-20261123-150000");
    expect(isDrillStackOf(name, "prod")).toBe(true);
    expect(isDrillStackOf(name, "prod-dr")).toBe(false);
    expect(isDrillStackOf("prod-dr", "prod")).toBe(false);
  });
});

interface Harness {
  readonly workspace: InMemoryDrillWorkspace;
  readonly database: ScriptedDatabase;
  readonly clock: FakeClock;
  readonly lines: string[];
  readonly reports: DrillReport[];
  healthyAfterPolls: number;
  run(request?: Partial<DrillRequest>): ReturnType<DrillController["run"]>;
}

function harness(): Harness {
  const workspace = new InMemoryDrillWorkspace();
  const database = new ScriptedDatabase();
  database.restorable = { "orders-prod": RECOVERY_POINT, [DRILL_OUTPUTS.databaseIdentifier]: new Date("2026-11-23T15:20:00.000Z") };
  const clock = new FakeClock();
  const lines: string[] = [];
  const reports: DrillReport[] = [];
  const h: Harness = {
    workspace,
    database,
    clock,
    lines,
    reports,
    healthyAfterPolls: 3,
    run: (request = {}) => {
      let polls = 0;
      const controller = new DrillController({
        workspace,
        signalsFor: (region) => {
          expect(region).toBe("eu-west-1");
          return { health: { targetHealth: async () => (polls++ >= h.healthyAfterPolls ? targets(1) : targets(0, { transitioning: 1 })) }, database };
        },
        clock,
        timing: { healthTimeoutMs: 600_000, pollMs: 300_000 },
        print: (line) => lines.push(line),
        writeReport: async (report) => {
          reports.push(report);
          return `drill-reports/${report.drillStack}.json`;
        },
      });
      return controller.run({ source: "prod", restore: LATEST_POINT, ...request });
    },
  };
  return h;
}

describe("the drill state machine", () => {
  test("creates, deploys, waits for a healthy target, destroys and reports the recovery time and point", async () => {
    const h = harness();
    h.healthyAfterPolls = 1;
    const outcome = await h.run();
    expect(outcome.status).toBe("passed");
    const stack = h.workspace.stacks.get("prod-drill-20261123-150000")!;
    expect(stack.destroyed).toBe(true);
    expect(stack.updates).toEqual(["restore drill of prod"]);
    expect((stack.config["platform:database"] as Record<string, unknown>).restore).toEqual({ pointInTime: "latest", sourceIdentifier: "orders-prod" });
    expect(stack.secretKeys).toEqual(["platform:monitoring"]);
    expect(h.reports).toEqual([
      expect.objectContaining({
        source: "prod",
        drillStack: "prod-drill-20261123-150000",
        outcome: "passed",
        resumed: false,
        startedAt: "2026-11-23T15:00:00.000Z",
        recoveryPoint: RECOVERY_POINT.toISOString(),
        healthyAt: "2026-11-23T15:05:00.000Z",
        rtoSeconds: 300,
        rpoSeconds: 150,
        restoredLatestRestorableTime: "2026-11-23T15:20:00.000Z",
        destroyed: true,
      }),
    ]);
    expect(h.reports[0].steps.map((s) => [s.name, s.outcome])).toEqual([
      ["create", "done"],
      ["deploy", "done"],
      ["await-healthy", "done"],
      ["destroy", "done"],
    ]);
    expect(h.lines).toContainEqual(expect.stringMatching(/Drill passed: recovery time 5m, recovery point 2026-11-23T14:57:30\.000Z \(2m30s before the start\); stack prod-drill-20261123-150000 destroyed\. Report: drill-reports\/prod-drill-20261123-150000\.json$/));
    expect(drillExitCode(outcome)).toBe(0);
  });

  test("a failed step still destroys the drill stack and reports the failure (exit 1)", async () => {
    const h = harness();
    h.workspace.onCreate = (stack) => {
      stack.beforeDeploy = () => {
        throw new Error("creating RDS DB Instance (restore to point-in-time): InvalidParameterValue");
      };
    };
    const outcome = await h.run();
    expect(outcome.status).toBe("failed");
    expect(h.reports[0]).toMatchObject({ outcome: "failed", failure: { step: "deploy" }, destroyed: true, rtoSeconds: undefined });
    expect(drillExitCode(outcome)).toBe(1);
  });

  test("a drill stack that cannot be destroyed is left behind, named (exit 4), and the next run resumes by destroying it", async () => {
    const h = harness();
    h.healthyAfterPolls = 0;
    h.workspace.onCreate = (stack) => {
      stack.beforeDestroy = () => {
        throw new Error("DependencyViolation");
      };
    };
    const first = await h.run();
    expect(first.status).toBe("failed");
    expect(drillExitCode(first)).toBe(4);
    expect(h.lines).toContainEqual(expect.stringContaining("FAILED to destroy prod-drill-20261123-150000: DependencyViolation. Run the same command to resume: it destroys the stack."));

    const left = h.workspace.stacks.get("prod-drill-20261123-150000")!;
    left.beforeDestroy = undefined;
    const second = await h.run();
    expect(second.status).toBe("passed");
    expect(h.reports[1]).toMatchObject({ resumed: true, drillStack: "prod-drill-20261123-150000", rtoSeconds: 0, destroyed: true });
    expect(h.reports[1].steps.map((s) => s.name)).toEqual(["destroy"]);
    expect(left.updates).toEqual(["restore drill of prod"]);
  });

  test("resumes an interrupted drill at its recorded phase: deployed, so it waits for health, measures from the first run's start, and destroys", async () => {
    expect(drillSteps("deployed")).toEqual(["await-healthy", "destroy"]);
    const h = harness();
    await h.workspace.create("prod-drill-20261123-143000", {}, [], { phase: "deployed", startedAt: "2026-11-23T14:30:00.000Z", recoveryPoint: "2026-11-23T14:25:00.000Z" });
    h.healthyAfterPolls = 0;
    const outcome = await h.run();
    expect(outcome.status).toBe("passed");
    expect(h.lines).toContainEqual(expect.stringContaining("Resuming the drill in prod-drill-20261123-143000, started 2026-11-23T14:30:00.000Z, at phase deployed."));
    expect(h.reports[0]).toMatchObject({ resumed: true, rtoSeconds: 1800, rpoSeconds: 300 });
  });

  test("refuses without creating anything when the source has no restorable time, or two drills are left", async () => {
    const h = harness();
    h.database.restorable = {};
    expect(await h.run()).toMatchObject({ status: "refused", reason: expect.stringContaining("DB instance orders-prod not found") });
    expect(h.workspace.stacks.size).toBe(0);
    const two = harness();
    for (const at of ["20261122-100000", "20261122-110000"]) await two.workspace.create(`prod-drill-${at}`, {}, [], { phase: "created", startedAt: "2026-11-22T10:00:00.000Z", recoveryPoint: "2026-11-22T10:00:00.000Z" });
    expect(await two.run()).toMatchObject({ status: "refused", reason: expect.stringContaining("several interrupted drills of prod are left") });
  });

  test("reads a snapshot's data time as the recovery point, and refuses a snapshot that is not available", async () => {
    const h = harness();
    h.database.snapshots = { "platform-prod-final": { identifier: "platform-prod-final", status: "available", dataAsOf: new Date("2026-11-20T03:00:00.000Z") } };
    h.healthyAfterPolls = 0;
    await h.run({ restore: { kind: "snapshot", identifier: "platform-prod-final" } });
    expect(h.reports[0]).toMatchObject({ recoveryPoint: "2026-11-20T03:00:00.000Z", rpoSeconds: 3 * 86_400 + 12 * 3600 });
    h.database.snapshots["platform-prod-final"] = { identifier: "platform-prod-final", status: "creating" };
    expect(await harness().run({ restore: { kind: "snapshot", identifier: "missing" } })).toMatchObject({ status: "refused" });
  });
});

describe("npm run drill", () => {
  test("names every argument problem", () => {
    expect(() => parseDrillArgs(["--point-in-time", "yesterday", "--snapshot", "x", "--offline"])).toThrow(
      [
        "--stack: is required (expected the stack whose backups are restored, such as prod)",
        "--offline: only with --dry-run (an offline run plans from the stack's configuration; it cannot change the stack)",
        "--point-in-time and --snapshot: give one (a drill restores one or the other)",
        '--point-in-time: "yesterday" is not allowed (expected a UTC time such as 2026-11-23T14:05:00Z, or "latest")',
      ].join("\n"),
    );
  });

  test("--dry-run --offline plans a drill of prod and previews the drill stack under the mock runtime, both packs included", async () => {
    const out: string[] = [];
    const code = await main(["--stack", "prod", "--dry-run", "--offline"], { ...productionEnvironment(), stdout: (t) => void out.push(t), onInterrupt: () => undefined });
    const text = out.join("");
    expect(code).toBe(EXIT.done);
    expect(text).toMatch(/Offline preview of prod-drill-\d{8}-\d{6}: \d+ resources, no mandatory policy violation; the database restores \{"sourceDbInstanceIdentifier":"platform-prod","useLatestRestorableTime":true\}\./);
    expect(text).toContain("Dry run: nothing was created.");
  }, 120_000);

  test("--dry-run --offline refuses a restore point outside prod's backup window, naming the key (exit 3)", async () => {
    const out: string[] = [];
    const code = await main(["--stack", "prod", "--dry-run", "--offline", "--point-in-time", "2020-01-01T00:00:00Z"], {
      ...productionEnvironment(),
      stdout: (t) => void out.push(t),
      onInterrupt: () => undefined,
    });
    expect(code).toBe(EXIT.refused);
    expect(out.join("")).toMatch(/the drill stack's configuration does not preview: [\s\S]*platform:database\.restore\.pointInTime: "2020-01-01T00:00:00Z" is not allowed \(expected a time within the last 30 days/);
  }, 120_000);

  test("writes the report where --report says", async () => {
    const dir = temporaryDirectory("drill");
    const file = path.join(dir, "nested", "report.json");
    const h = harness();
    h.healthyAfterPolls = 0;
    const out: string[] = [];
    const code = await main(["--stack", "prod", "--report", file], {
      ...productionEnvironment(),
      open: async () => ({ workspace: h.workspace, signalsFor: () => ({ health: { targetHealth: async () => targets(1) }, database: h.database }) }),
      clock: h.clock,
      stdout: (t) => void out.push(t),
      onInterrupt: () => undefined,
    });
    expect(code).toBe(EXIT.done);
    expect(JSON.parse(fs.readFileSync(file, "utf8"))).toMatchObject({ source: "prod", outcome: "passed", rpoSeconds: 150 });
  });
});
