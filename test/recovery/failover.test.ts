/**
 * `npm run failover`: the state machine over an in-memory standby and scripted
 * signals (success, a failed step, resume, refusals), the command's exit
 * codes and arguments, and `--dry-run --offline` on the shipped prod-dr.
 */
import { FailoverController, FailoverRequest } from "../../scripts/failover/controller";
import { main, FailoverEnvironment, productionEnvironment } from "../../scripts/failover/cli";
import { parseFailoverArgs } from "../../scripts/failover/args";
import { DEFAULT_FAILOVER_TIMING, planFailover } from "../../scripts/failover/plan";
import { EXIT } from "../../scripts/release/cli";
import { HealthReadError, TargetHealth } from "../../scripts/release/types";
import { FakeClock } from "../release/fakes";
import { DR_BALANCER, InMemoryStandby, ScriptedDatabase, TableResolver, targets } from "./fakes";
import { FailoverStage } from "../../stacks/config/disaster-recovery";
import type { ConfigMap, ConfigValue, OutputMap, UpOptions, UpResult, UpdateSummary } from "@pulumi/pulumi/automation";
import * as path from "path";
import { PulumiStandbyStack } from "../../scripts/failover/pulumi-standby";
import { standbySnapshotFromOutputs } from "../../scripts/failover/standby";
import { PulumiStackOperations, StackLike } from "../../scripts/release/pulumi-stack";
import { PROJECT_ROOT, runProgram } from "../harness";

interface Harness {
  readonly stack: InMemoryStandby;
  readonly database: ScriptedDatabase;
  readonly dns: TableResolver;
  readonly clock: FakeClock;
  readonly lines: string[];
  /** Target health by the stage the standby is at. */
  health: (stage: FailoverStage) => TargetHealth;
  run(request?: FailoverRequest): ReturnType<FailoverController["run"]>;
}

/** DNS answers with prod's addresses until the standby serves, then with its own. */
function harness(stage: FailoverStage = "standby"): Harness {
  const stack = new InMemoryStandby(stage);
  const database = new ScriptedDatabase();
  const dns = new TableResolver({ [DR_BALANCER]: ["198.51.100.10", "198.51.100.11"] });
  const clock = new FakeClock();
  const lines: string[] = [];
  const h: Harness = {
    stack,
    database,
    dns,
    clock,
    lines,
    health: (s) => (s === "standby" || s === "database-promoted" ? targets(1) : targets(3)),
    run: (request = {}) => {
      const controller = new FailoverController({
        stack,
        clock,
        timing: DEFAULT_FAILOVER_TIMING,
        print: (line) => lines.push(line),
        signals: {
          health: { targetHealth: async () => h.health(stack.stage) },
          database,
          dns: { addresses: async (name) => (name === "app.example.com" ? (stack.stage === "serving" ? ["198.51.100.11"] : ["203.0.113.5"]) : dns.addresses(name)) },
        },
      });
      return controller.run(request);
    },
  };
  return h;
}

describe("the failover state machine", () => {
  test("goes from standby to serving: checks, promotes, scales, waits for prod's minimum of healthy targets, switches DNS and confirms the answer", async () => {
    const h = harness();
    const outcome = await h.run();
    expect(outcome).toMatchObject({ status: "failed-over" });
    expect(h.stack.advances.map((a) => a.stage)).toEqual(["database-promoted", "app-scaled", "serving"]);
    expect(h.stack.advances[0].message).toBe("failover of acme/platform/prod → prod-dr: database-promoted");
    const steps = h.lines.filter((l) => / step \d\/6 [a-z-]+ done after /.test(l)).map((l) => l.split(" ")[3]);
    expect(steps).toEqual(["check-standby", "promote-database", "scale-app", "confirm-targets", "switch-dns", "confirm-dns"]);
  });

  test("prints a timestamp on every line and the elapsed time of each step, and reports their sum as the measured RTO", async () => {
    const h = harness();
    let healthyAfter = 2;
    h.health = (stage) => (stage === "app-scaled" && healthyAfter-- > 0 ? targets(1, { transitioning: 2 }) : targets(3));
    const outcome = await h.run();
    expect(h.lines.filter((l) => !l.startsWith("  ")).every((l) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z /.test(l))).toBe(true);
    // Two polls of the scaled targets, 15 s apart: the only time that passes on the fake clock.
    expect(h.clock.elapsedMs).toBe(30_000);
    expect(outcome).toEqual({ status: "failed-over", elapsedMs: 30_000 });
    expect(h.lines).toContainEqual(expect.stringContaining("Measured recovery time (RTO) of this run: 30s."));
    expect(h.lines).toContainEqual(expect.stringMatching(/^ {2}confirm-targets\s+2026-11-23T15:00:00\.000Z\s+30s\s+done$/));
    expect(h.lines).toContainEqual(expect.stringMatching(/^ {2}total\s+2026-11-23T15:00:00\.000Z\s+30s$/));
  });

  test("stops at a failed update without undoing anything, and says how to resume (exit 4)", async () => {
    const h = harness();
    h.stack.beforeAdvance = (stage) => {
      if (stage === "app-scaled") throw new Error("mandatory policy violation: aws-ecs-service-require-circuit-breaker on app-blue");
    };
    const outcome = await h.run();
    expect(outcome).toEqual({ status: "failed", step: "scale-app", reason: "mandatory policy violation: aws-ecs-service-require-circuit-breaker on app-blue" });
    expect(h.stack.stage).toBe("database-promoted");
    expect(h.lines).toContainEqual(expect.stringContaining("Run the same command to resume: it picks up at the stage the stack's outputs show."));
    expect(h.lines.filter((l) => l.includes("scale-app") && l.includes("FAILED after"))).toHaveLength(1);
  });

  test("resumes from the stage the outputs show: after a promotion it scales, confirms, switches and confirms, with no check of the replica", async () => {
    const h = harness();
    h.stack.beforeAdvance = (stage) => {
      if (stage === "app-scaled") throw new Error("update failed");
    };
    await h.run();
    h.stack.beforeAdvance = undefined;
    h.database.status = { ...h.database.status, status: "modifying", replicaOf: undefined, replication: undefined };
    const outcome = await h.run();
    expect(outcome).toMatchObject({ status: "failed-over" });
    expect(h.stack.advances.map((a) => a.stage)).toEqual(["database-promoted", "app-scaled", "app-scaled", "serving"]);
    expect(h.lines).toContainEqual(expect.stringContaining("stage database-promoted, a failover already under way: resuming"));
  });

  test("a failover already serving only confirms the targets and the DNS answer", async () => {
    expect(planFailover("serving").map((s) => s.name)).toEqual(["confirm-targets", "confirm-dns"]);
    const h = harness("serving");
    expect(await h.run()).toMatchObject({ status: "failed-over" });
    expect(h.stack.advances).toEqual([]);
  });

  test("fails the DNS confirmation after its timeout when the name still answers with prod (exit 4)", async () => {
    const h = harness();
    h.dns.table[DR_BALANCER] = ["198.51.100.99"];
    const outcome = await h.run();
    expect(outcome).toMatchObject({ status: "failed", step: "confirm-dns" });
    expect(outcome).toMatchObject({ reason: expect.stringContaining("app.example.com to answer with edge-1.eu-central-1.elb.amazonaws.com not reached within 5m") });
  });

  test.each([
    ["the replica is backing up", (h: Harness) => void (h.database.status = { ...h.database.status, status: "backing-up" }), "platform-prod-dr is backing-up, and RDS promotes only an available replica"],
    ["the standby has no healthy target", (h: Harness) => void (h.health = () => targets(0, { unhealthy: ["Target.Timeout"] })), "blue has no healthy target (0 healthy, 1 unhealthy: Target.Timeout)"],
  ])("refuses before any change when %s (exit 3), unless --force", async (_what, breakIt, reason) => {
    const h = harness();
    breakIt(h);
    const outcome = await h.run();
    expect(outcome).toEqual({ status: "refused", reason: `${reason}; nothing was changed (--force fails over all the same)` });
    expect(h.stack.advances).toEqual([]);
    const forced = harness();
    breakIt(forced);
    forced.health = ((original) => (stage: FailoverStage) => (stage === "standby" ? original(stage) : targets(3)))(forced.health);
    expect(await forced.run({ force: true })).toMatchObject({ status: "failed-over" });
    expect(forced.lines).toContainEqual(expect.stringContaining(`warning (--force): ${reason}.`));
  });

  test("retries a throttled read of the replica before refusing, then reads it", async () => {
    const h = harness();
    let calls = 0;
    const read = h.database.database.bind(h.database);
    h.database.database = async (id) => {
      if (calls++ === 0) throw new HealthReadError("DB instance platform-prod-dr in eu-central-1: ThrottlingException: Rate exceeded", true);
      return read(id);
    };
    expect(await h.run()).toMatchObject({ status: "failed-over" });
    expect(h.clock.sleeps[0]).toBe(1000);
  });

  test("refuses while another update holds the stack, and plans without changing anything on a dry run", async () => {
    const busy = harness();
    busy.stack.holder = "an update started at 2026-11-23T14:59:00.000Z";
    expect(await busy.run()).toMatchObject({ status: "refused" });
    const dry = harness();
    expect(await dry.run({ dryRun: true })).toEqual({ status: "planned" });
    expect(dry.stack.advances).toEqual([]);
    expect(dry.lines).toContainEqual(expect.stringContaining("6. confirm-dns: wait up to 5m for app.example.com to resolve to edge-1.eu-central-1.elb.amazonaws.com"));
  });
});

describe("npm run failover", () => {
  function env(h: Harness, out: string[]): FailoverEnvironment {
    return {
      ...productionEnvironment(),
      open: async () => ({
        stack: h.stack,
        signals: { health: { targetHealth: async () => h.health(h.stack.stage) }, database: h.database, dns: { addresses: async (n) => (n === "app.example.com" ? ["198.51.100.10"] : h.dns.addresses(n)) } },
      }),
      clock: h.clock,
      stdout: (text) => void out.push(text),
      stderr: (text) => void out.push(text),
      onInterrupt: () => undefined,
      exit: () => undefined,
    };
  }

  test.each([
    ["0 when the standby serves", ["--to", "prod-dr"], () => harness(), EXIT.done],
    ["4 when the scaled app is not healthy in time", ["--to", "prod-dr", "--targets-timeout", "1m"], () => {
      const h = harness();
      h.health = () => targets(1, { transitioning: 2 });
      return h;
    }, EXIT.needsPerson],
    ["3 when the replica cannot be promoted", ["--to", "prod-dr"], () => {
      const h = harness();
      h.database.status = { ...h.database.status, status: "storage-full" };
      return h;
    }, EXIT.refused],
  ])("exits %s", async (_what, argv, make, code) => {
    const out: string[] = [];
    expect(await main(argv, env(make(), out))).toBe(code);
  });

  test("names every argument problem and exits 2", async () => {
    const out: string[] = [];
    expect(await main(["--offline"], env(harness(), out))).toBe(EXIT.usage);
    expect(out.join("")).toContain("--to: is required");
    expect(() => parseFailoverArgs(["--offline", "--targets-timeout", "soon"])).toThrow(
      [
        "--to: is required (expected the standby stack, such as prod-dr)",
        "--offline: only with --dry-run (an offline run plans from the stack's configuration; it cannot change the stack)",
        '--targets-timeout: "soon" is not allowed (expected a duration such as 90s, 10m or 1h)',
      ].join("\n"),
    );
  });

  test("--dry-run --offline plans the shipped prod-dr from its stack file and prod's offline preview", async () => {
    const out: string[] = [];
    const code = await main(["--to", "prod-dr", "--dry-run", "--offline"], { ...productionEnvironment(), stdout: (t) => void out.push(t), onInterrupt: () => undefined });
    expect(code).toBe(EXIT.done);
    const text = out.join("");
    expect(text).toContain("Standby prod-dr (eu-central-1) of organization/platform/prod: stage standby.");
    expect(text).toContain("3. scale-app: set platform:disasterRecovery.standby.stage to app-scaled and run pulumi up: 3 tasks per colour");
    expect(text).toContain("Dry run: nothing was changed.");
  }, 120_000);
});

describe("the standby's outputs and updates", () => {
  test("the program's prod-dr outputs are what the failover reads", async () => {
    const run = await runProgram({ stack: "prod-dr" });
    const outputs: OutputMap = Object.fromEntries(Object.entries(run.outputs).map(([key, value]) => [key, { value, secret: false }]));
    expect(standbySnapshotFromOutputs("prod-dr", "eu-central-1", outputs)).toEqual({
      stackName: "prod-dr",
      region: "eu-central-1",
      stage: "standby",
      primaryStack: "organization/platform/prod",
      databaseIdentifier: "platform-prod-dr",
      liveColour: "blue",
      liveTargetGroupArn: run.outputs.targetGroupArns.blue,
      loadBalancerDnsName: run.outputs.loadBalancerDnsName,
      domain: "app.example.com",
      activeMinCount: 3,
      worstCaseSwitchSeconds: 160,
    });
  });

  test("a stack that is no standby is named with what is missing", () => {
    expect(() => standbySnapshotFromOutputs("prod", "eu-west-1", {})).toThrow(/^stack prod has no standby outputs to fail over with .*\n {2}- standby: /);
  });

  test("advancing writes platform:disasterRecovery.standby.stage by path and runs one up with both packs and prod-dr's pack config", async () => {
    const written: ConfigMap[] = [];
    const ups: UpOptions[] = [];
    const stack: StackLike = {
      name: "prod-dr",
      getConfig: async (): Promise<ConfigValue> => ({ value: "standby", secret: false }),
      getAllConfig: async () => ({}),
      setAllConfig: async (config: ConfigMap) => void written.push(config),
      removeConfig: async () => undefined,
      outputs: async (): Promise<OutputMap> => ({}),
      history: async (): Promise<UpdateSummary[]> => [],
      up: async (options?: UpOptions) => {
        ups.push(options ?? {});
        return {} as UpResult;
      },
    };
    await new PulumiStandbyStack(new PulumiStackOperations(stack), "eu-central-1").advance("database-promoted", "failover of prod → prod-dr: database-promoted");
    expect(written).toEqual([{ "platform:disasterRecovery.standby.stage": { value: "database-promoted" } }]);
    expect(ups).toEqual([
      expect.objectContaining({
        message: "failover of prod → prod-dr: database-promoted",
        policyPacks: [path.join(PROJECT_ROOT, "policies", "compliance"), path.join(PROJECT_ROOT, "policies", "security")],
        policyPackConfigs: [path.join(PROJECT_ROOT, "policies", "compliance", "config", "prod-dr.json"), expect.stringMatching(/pack-defaults\.json$/)],
      }),
    ]);
  });
});
