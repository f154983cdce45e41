import { CostResource, estimateCost, PriceTable, vcpusOf } from "../../policies/kit/cost";
import { quantityGiB, splitTasks } from "../../policies/kit/cost/rules-compute";
import { UNKNOWN } from "../../policies/kit/unknowns";
import { declared as res, round, STACK } from "./declared";

// A price table of round numbers, so every expected amount below is worked out by hand from it and the
// quantities the rules should charge, never read back from what the estimator wrote.
const source = { offer: "test", version: "test" };
const PRICES: PriceTable = {
  retrieved: "2026-11-27",
  producedBy: "test prices",
  regions: {
    "eu-west-1": {
      "rds:postgres:db.m7g.large:multi-az": { usd: 0.4, unit: "Hrs", commitment: { usd: 0.3, offer: "1-year reserved, no upfront" }, source },
      "rds:postgres:db.m7g.large:single-az": { usd: 0.2, unit: "Hrs", source },
      "rds:storage:general-purpose:multi-az": { usd: 0.25, unit: "GB-Mo", source },
      "rds:storage:general-purpose:single-az": { usd: 0.125, unit: "GB-Mo", source },
      "rds:performance-insights:first-month": { usd: 2, unit: "vCPU-Mo", source },
      "rds:performance-insights:additional-month": { usd: 0.1, unit: "vCPU-Mo", source },
      "rds:backup-storage": { usd: 0.1, unit: "GB-Mo", source },
      "rds:proxy": { usd: 0.01, unit: "vCPU-Hrs", source },
      "secretsmanager:secret": { usd: 0.4, unit: "Mo", source },
      "fargate:x86_64:vcpu": { usd: 0.04, unit: "vCPU-Hrs", commitment: { usd: 0.032, offer: "1-year Compute Savings Plan, no upfront" }, source },
      "fargate:x86_64:memory": { usd: 0.004, unit: "GB-Hrs", source },
      "nat:hours": { usd: 0.05, unit: "Hrs", source },
      "nat:data": { usd: 0.05, unit: "GB", source },
      "logs:ingestion": { usd: 0.5, unit: "GB", source },
      "logs:storage": { usd: 0.03, unit: "GB-Mo", source },
      "synthetics:canary-run": { usd: 0.001, unit: "Runs", source },
      "route53:health-check": { usd: 0.5, unit: "Mo", source },
      "route53:health-check:feature": { usd: 1, unit: "Mo", source },
    },
  },
};

const estimate = (resources: CostResource[], usage = {}) => estimateCost([STACK, ...resources], { region: "eu-west-1", prices: PRICES, usage, usageSource: "usage/test.yaml" });
const HOURS = 730;

describe("an RDS instance", () => {
  const writer = res("aws:rds/instance:Instance", "db", {
    engine: "postgres",
    instanceClass: "db.m7g.large",
    multiAz: true,
    allocatedStorage: 100,
    storageType: "gp3",
    performanceInsightsEnabled: true,
    performanceInsightsRetentionPeriod: 93,
    manageMasterUserPassword: true,
    backupRetentionPeriod: 30,
  });

  it("costs the Multi-AZ hours, both copies of its storage, Performance Insights beyond 7 days, its managed secret and the stated backups", () => {
    const [cost] = estimate([writer], { rdsBackupGiB: { value: 40, why: "test" } }).resources;
    expect(cost.lines.map((l) => [l.meter, l.quantity, round(l.monthly)])).toEqual([
      ["rds:postgres:db.m7g.large:multi-az", HOURS, round(HOURS * 0.4)],
      ["rds:storage:general-purpose:multi-az", 100, 25],
      // 2 vCPUs, on the writer and the standby; 93 days are three 31-day months.
      ["rds:performance-insights:first-month", 4, 8],
      ["rds:performance-insights:additional-month", 8, 0.8],
      ["secretsmanager:secret", 1, 0.4],
      ["rds:backup-storage", 40, 4],
    ]);
    expect(round(cost.committedMonthly)).toBe(round(HOURS * 0.3 + 25 + 8 + 0.8 + 0.4 + 4));
  });

  it("prices a read replica on its own class and its source's storage, single-AZ, with no backup charge", () => {
    const replica = res("aws:rds/instance:Instance", "db-replica", { instanceClass: "db.m7g.large", replicateSourceDb: "platform-prod", multiAz: false }, { inputsFrom: { replicateSourceDb: [writer.urn] } });
    const cost = estimate([writer, replica]).resources.find((r) => r.name === "db-replica")!;
    expect(cost.lines.map((l) => [l.item, l.meter, l.quantity])).toEqual([
      ["db.m7g.large instance hours (read replica)", "rds:postgres:db.m7g.large:single-az", HOURS],
      ["100 GB gp3 storage", "rds:storage:general-purpose:single-az", 100],
    ]);
  });

  it("bills RDS Proxy on the vCPUs of the instance its target points at", () => {
    const proxy = res("aws:rds/proxy:Proxy", "db-proxy", { engineFamily: "POSTGRESQL" });
    const target = res("aws:rds/proxyTarget:ProxyTarget", "db-proxy", { dbProxyName: "db-proxy" }, { inputsFrom: { dbProxyName: [proxy.urn], dbInstanceIdentifier: [writer.urn] } });
    const cost = estimate([writer, proxy, target]).resources.find((r) => r.type === "aws:rds/proxy:Proxy")!;
    expect(cost.lines.map((l) => [l.quantity, round(l.monthly)])).toEqual([[2 * HOURS, round(2 * HOURS * 0.01)]]);
  });

  it("is undecided, naming the input, while its instance class is not known yet", () => {
    const pending = res("aws:rds/instance:Instance", "db", { engine: "postgres", instanceClass: UNKNOWN });
    const result = estimate([pending]);
    expect(result.resources[0]).toMatchObject({ status: "undecided", monthly: 0 });
    expect(result.undecided).toEqual([{ urn: pending.urn, name: "db", path: ["instanceClass"] }]);
  });

  it("is not priced, never zero without saying so, when the region has no price for its class", () => {
    const odd = res("aws:rds/instance:Instance", "db", { engine: "postgres", instanceClass: "db.r7g.16xlarge", multiAz: false, allocatedStorage: 20 });
    const [cost] = estimate([odd]).resources;
    expect(cost.status).toBe("not priced");
    expect(cost.reason).toBe("db.r7g.16xlarge instance hours: no eu-west-1 price for meter rds:postgres:db.r7g.16xlarge:single-az");
    expect(cost.monthly).toBe(20 * 0.125);
  });
});

describe("resource types", () => {
  it("lists a type without a pricing rule as not priced, saying where to add one", () => {
    const result = estimate([res("aws:opensearch/domain:Domain", "search", { clusterConfig: { instanceType: "r6g.large.search" } })]);
    expect(result.resources[0]).toMatchObject({ status: "not priced", reason: "no pricing rule for aws:opensearch/domain:Domain (add one in policies/kit/cost/rules-*.ts)", monthly: 0 });
  });

  it("says why a free type costs nothing", () => {
    expect(estimate([res("aws:ec2/subnet:Subnet", "subnet", {})]).resources[0]).toMatchObject({ status: "free", reason: "no charge" });
  });

  it("leaves components and providers out: only custom resources are billed", () => {
    const component = res("platform:database:Postgres", "database", {}, { custom: false });
    const provider = res("pulumi:providers:aws", "dr", {});
    expect(estimate([component, provider]).resources).toEqual([]);
  });
});

describe("the synthetic probe", () => {
  it.each([
    ["rate(5 minutes)", 8760, 8.76],
    ["rate(1 minute)", 43800, 43.8],
    ["rate(1 hour)", 730, 0.73],
  ])("a canary on %s runs %i times a month and costs $%d", (expression, runs, usd) => {
    const [cost] = estimate([res("aws:synthetics/canary:Canary", "probe", { schedule: { expression } })]).resources;
    expect(cost.lines.map((l) => l.quantity)).toEqual([runs]);
    expect(round(cost.monthly)).toBe(usd);
  });

  it("does not guess the runs of a cron schedule: it is not priced, and says why", () => {
    const [cost] = estimate([res("aws:synthetics/canary:Canary", "probe", { schedule: { expression: "cron(0 8 * * ? *)" } })]).resources;
    expect(cost.status).toBe("not priced");
    expect(cost.reason).toContain('canary runs on schedule "cron(0 8 * * ? *)" (only rate() schedules are counted)');
  });

  it("an HTTPS health check measuring latency pays the AWS-endpoint check and two optional features", () => {
    const check = res("aws:route53/healthCheck:HealthCheck", "dns", { type: "HTTPS", requestInterval: 30, measureLatency: true });
    expect(round(estimate([check]).resources[0].monthly)).toBe(0.5 + 2 * 1);
    const plain = res("aws:route53/healthCheck:HealthCheck", "plain", { type: "HTTP" });
    expect(round(estimate([plain]).resources[0].monthly)).toBe(0.5);
  });
});

describe("Fargate services", () => {
  const task = res("aws:ecs/taskDefinition:TaskDefinition", "app-blue", { cpu: "512", memory: "1024" });
  const service = (strategies: unknown[]) => res("aws:ecs/service:Service", "app-blue", { desiredCount: 3, capacityProviderStrategies: strategies }, { inputsFrom: { taskDefinition: [task.urn] } });

  it("prices on-demand tasks at the scaling minimum and the range to the maximum, with the Savings Plan rate beside them", () => {
    const svc = service([{ capacityProvider: "FARGATE", base: 0, weight: 1 }]);
    const scaling = res("aws:appautoscaling/target:Target", "app-blue-scaling", { minCapacity: 3, maxCapacity: 20 }, { inputsFrom: { resourceId: [svc.urn] } });
    const cost = estimate([task, svc, scaling]).resources.find((r) => r.type === "aws:ecs/service:Service")!;
    expect(cost.lines.map((l) => [l.meter, l.quantity, l.maxMonthly > l.monthly])).toEqual([
      ["fargate:x86_64:vcpu", 3 * 0.5 * HOURS, true],
      ["fargate:x86_64:memory", 3 * 1 * HOURS, true],
    ]);
    expect(round(cost.monthly)).toBe(round(3 * HOURS * (0.5 * 0.04 + 1 * 0.004)));
    expect(round(cost.maxMonthly)).toBe(round(20 * HOURS * (0.5 * 0.04 + 1 * 0.004)));
    expect(round(cost.committedMonthly)).toBe(round(3 * HOURS * (0.5 * 0.032 + 1 * 0.004)));
  });

  it("discounts Fargate Spot tasks by the stated Spot discount and offers no commitment price for them", () => {
    const cost = estimate([task, service([{ capacityProvider: "FARGATE_SPOT", base: 0, weight: 1 }])], { spotDiscountPercent: { value: 70, why: "test" } }).resources.find((r) => r.type === "aws:ecs/service:Service")!;
    expect(round(cost.monthly)).toBe(round(3 * HOURS * (0.5 * 0.04 + 0.004) * 0.3));
    expect(cost.committedMonthly).toBe(cost.monthly);
    expect(cost.lines[0].discount).toEqual({ percent: 70, assumption: "spotDiscountPercent" });
  });

  it.each([
    [3, [{ provider: "FARGATE", base: 1, weight: 1 }, { provider: "FARGATE_SPOT", base: 0, weight: 1 }], { FARGATE: 2, FARGATE_SPOT: 1 }],
    [20, [{ provider: "FARGATE", base: 3, weight: 1 }, { provider: "FARGATE_SPOT", base: 0, weight: 0 }], { FARGATE: 20, FARGATE_SPOT: 0 }],
    [2, [{ provider: "FARGATE", base: 5, weight: 1 }], { FARGATE: 2 }],
  ])("splits %i tasks by base, then weight", (tasks, strategies, expected) => {
    expect(splitTasks(tasks, strategies)).toEqual(expected);
  });
});

describe("usage charges", () => {
  it("share a stack-wide figure equally between the resources that incur it, and list it with its reasoning", () => {
    const nats = [res("aws:ec2/natGateway:NatGateway", "nat-a", {}), res("aws:ec2/natGateway:NatGateway", "nat-b", {})];
    const result = estimate(nats, { natGatewayDataGiB: { value: 100, why: "image pulls" } });
    expect(result.resources.map((r) => r.lines.find((l) => l.meter === "nat:data")!.quantity)).toEqual([50, 50]);
    expect(result.usageMonthly).toBe(100 * 0.05);
    expect(result.capacityMonthly).toBe(2 * HOURS * 0.05);
    expect(result.assumptions.find((a) => a.key === "natGatewayDataGiB")).toEqual({ key: "natGatewayDataGiB", value: 100, unit: "GB", why: "image pulls", source: "usage/test.yaml" });
  });

  it("count as 0 when not stated, and the assumptions say so", () => {
    const result = estimate([res("aws:cloudwatch/logGroup:LogGroup", "app", { retentionInDays: 30 })]);
    expect(result.monthly).toBe(0);
    expect(result.assumptions.find((a) => a.key === "logIngestionGiB")).toMatchObject({ value: 0, source: "not stated" });
  });
});

describe("components", () => {
  it("group resources under the top-most component below the stack, biggest first; resources directly under the stack are (stack)", () => {
    const database = res("platform:database:Postgres", "database", {}, { custom: false });
    const nested = res("platform:internal:Thing", "inner", {}, { custom: false, parent: database.urn });
    const nat = res("aws:ec2/natGateway:NatGateway", "nat", {});
    const instance = res("aws:rds/instance:Instance", "db", { engine: "postgres", instanceClass: "db.m7g.large", multiAz: false }, { parent: nested.urn });
    const result = estimate([database, nested, instance, nat]);
    expect(result.components.map((c) => [c.name, c.type, round(c.monthly)])).toEqual([
      ["database", "platform:database:Postgres", round(HOURS * 0.2)],
      ["(stack)", "pulumi:pulumi:Stack", round(HOURS * 0.05)],
    ]);
  });
});

describe("sizes", () => {
  it.each([
    ["db.t4g.micro", 2],
    ["db.m7g.large", 2],
    ["cache.r7g.xlarge", 4],
    ["m6i.4xlarge", 16],
    ["db.r7g.16xlarge", 64],
    ["m7g.metal", undefined],
  ])("%s has %s vCPUs", (type, vcpus) => {
    expect(vcpusOf(type)).toBe(vcpus);
  });

  it.each([
    ["50Gi", 50],
    ["1Ti", 1024],
    ["512Mi", 0.5],
    ["lots", undefined],
  ])("the Kubernetes quantity %s is %s GiB", (quantity, gib) => {
    expect(quantityGiB(quantity)).toBe(gib);
  });
});
