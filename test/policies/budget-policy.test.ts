import type { PolicyResource } from "@pulumi/policy";
import { COMPLIANCE_PACK } from "../../policies/compliance/policies";
import { regionOfZones } from "../../policies/compliance/rules/cost";
import { costResourcesOf, estimateCost, HOURS_PER_MONTH, PRICE_TABLE } from "../../policies/kit/cost";
import { costResourcesOfRun, estimateRun } from "../../scripts/cost/estimate-run";
import { findingOf } from "./cases";
import { runProgram, UNKNOWN } from "../harness";
import { runPolicyPacks } from "../harness/policy-runner";
import { settingsOf, TestResource, violationsOf } from "./resources";
import { shippedPackConfig } from "./stacks";

const POLICY = "aws-cost-monthly-budget";
/** The budget policy's violations over a test stack, with `settings`. */
const budgetViolations = (resources: readonly TestResource[], settings: Record<string, unknown>) => violationsOf(POLICY, resources, settingsOf(COMPLIANCE_PACK, POLICY, settings));
const usd = (n: number) => `$${n.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

describe(`${POLICY} on the shipped dev stack`, () => {
  it("flags a db.r7g.16xlarge database against dev's $200 budget, on the instance, naming the database component and its instance hours", async () => {
    const run = await runProgram({ stack: "dev", overrides: { "platform:database": { instanceClass: "db.r7g.16xlarge" } } });
    const found = (await runPolicyPacks(run, { packConfig: shippedPackConfig("dev") })).filter((v) => v.policy === POLICY);
    expect(found.map((v) => [v.level, v.type, v.name])).toEqual([["advisory", "aws:rds/instance:Instance", "database"]]);
    const hours = PRICE_TABLE.regions["eu-west-1"]["rds:postgres:db.r7g.16xlarge:single-az"].usd * HOURS_PER_MONTH;
    expect(found[0].message).toContain(`over the $200.00 budget. Biggest components: database `);
    expect(found[0].message).toContain(`(db.r7g.16xlarge instance hours: ${usd(hours)})`);
  });

  it("leaves the shipped dev stack on ECS alone: it is inside its budget", async () => {
    const found = (await runPolicyPacks(await runProgram({ stack: "dev" }), { packConfig: shippedPackConfig("dev") })).filter((v) => v.policy === POLICY);
    expect(found).toEqual([]);
  });

  it("prices prod's declared capacity exactly as npm run cost does (prod runs no Spot, so no usage figure is involved)", async () => {
    const run = await runProgram({ stack: "prod" });
    const found = (await runPolicyPacks(run, settingsOf(COMPLIANCE_PACK, POLICY, { budgetUsd: 1 }))).filter((v) => v.policy === POLICY);
    expect(found[0].message).toContain(`The estimate of what the stack declares (no usage setting) is ${usd(estimateRun(run).capacityMonthly)} a month at eu-west-1 list prices`);
    // The three costliest of prod's components, each with its costliest line.
    const declared = estimateCost(costResourcesOfRun(run), { region: "eu-west-1", usage: {}, usageSource: "none" });
    const paid = [...declared.components].filter((c) => c.monthly > 0).sort((a, b) => b.monthly - a.monthly);
    expect(paid.length).toBeGreaterThan(3);
    const named = paid.slice(0, 3).map((c) => {
      const lines = declared.resources.filter((r) => r.component === c.name).flatMap((r) => r.lines);
      const costliest = lines.find((l) => l.monthly === Math.max(...lines.map((x) => x.monthly)))!;
      return `${c.name} ${usd(c.monthly)} (${costliest.item}: ${usd(costliest.monthly)})`;
    });
    expect(findingOf(found[0].message)).toContain(` Biggest components: ${named.join("; ")}.`);
  });

  it("fails staging, where the pack config makes it mandatory, with the same oversized database", async () => {
    const run = await runProgram({ stack: "staging", overrides: { "platform:database": { instanceClass: "db.r7g.16xlarge" } } });
    const found = (await runPolicyPacks(run, { packConfig: shippedPackConfig("staging") })).filter((v) => v.policy === POLICY);
    expect(found.map((v) => v.level)).toEqual(["mandatory"]);
    expect(found[0].message).toContain("over the $500.00 budget");
  });
});

describe(`${POLICY} settings`, () => {
  const NAT = [{ type: "aws:ec2/natGateway:NatGateway", name: "nat", inputs: { connectivityType: "public" } }];
  const nat = (settings: Record<string, unknown>) => budgetViolations(NAT, settings);

  it("compares what the stack declares with budgetUsd: one NAT gateway is about $33 a month at us-east-1 prices", async () => {
    expect(await nat({ budgetUsd: 40 })).toEqual([]);
    expect((await nat({ budgetUsd: 30 })).map((v) => v.message.split("\n")[1])).toEqual([
      "The estimate of what the stack declares (no usage setting) is $32.85 a month at us-east-1 list prices, $2.85 over the $30.00 budget. Biggest components: (stack) $32.85 (NAT gateway hours: $32.85).",
    ]);
  });

  it("passes a stack whose estimate is exactly its budget: only an estimate over it is reported", async () => {
    const hours = PRICE_TABLE.regions["us-east-1"]["nat:hours"].usd * HOURS_PER_MONTH;
    expect(await nat({ budgetUsd: hours })).toEqual([]);
    expect(await nat({ budgetUsd: hours - 0.01 })).toHaveLength(1);
  });

  it("counts the usage setting's charges too, in the usage file format, and names a component's costliest line", async () => {
    const found = await nat({ budgetUsd: 40, usage: { natGatewayDataGiB: { value: 1000, why: "a data migration" } } });
    // 1,000 GiB processed at $0.045 outweighs the gateway's hours, the line the component lists first.
    expect(found.map((v) => findingOf(v.message))).toEqual([
      "The estimate of what the stack declares plus the stated usage is $77.85 a month at us-east-1 list prices, $37.85 over the $40.00 budget. Biggest components: (stack) $77.85 (data processed, all of natGatewayDataGiB: $45.00).",
    ]);
  });

  it("names only components that cost something, and counts what it cannot price", async () => {
    const resources: TestResource[] = [
      { type: "platform:network:Vpc", name: "network", inputs: {} },
      { ...NAT[0], parent: "network" },
      { type: "platform:monitoring:Alerts", name: "alerts", inputs: {} },
      { type: "aws:sns/topic:Topic", name: "alarms", inputs: {}, parent: "alerts" },
      { type: "aws:opensearch/domain:Domain", name: "search", inputs: {} },
      { type: "aws:opensearch/domain:Domain", name: "logs", inputs: {} },
    ];
    const found = await budgetViolations(resources, { budgetUsd: 30 });
    expect(found.map((v) => [v.name, findingOf(v.message)])).toEqual([
      [
        "nat",
        "The estimate of what the stack declares (no usage setting) is $32.85 a month at us-east-1 list prices, $2.85 over the $30.00 budget. Biggest components: network $32.85 (NAT gateway hours: $32.85). 2 resources are not priced and not counted: search, logs.",
      ],
    ]);
    const oneUnpriced = await budgetViolations(resources.slice(0, 5), { budgetUsd: 30 });
    expect(oneUnpriced.map((v) => findingOf(v.message).split(". ").pop())).toEqual(["1 resource is not priced and not counted: search."]);
  });

  it("notes, during preview, a value its price depends on that is not known yet, while the rest is within budget", async () => {
    const db = { type: "aws:rds/instance:Instance", name: "db", inputs: { engine: "postgres", instanceClass: UNKNOWN, allocatedStorage: 20 } };
    const found = await budgetViolations([...NAT, db], { budgetUsd: 40 });
    // A stack policy's note, worded as @pulumi/policy words an unknown it meets during preview (no resource: it is the stack's).
    expect(found.map((v) => [v.level, v.message])).toEqual([
      ["advisory", "can't run policy 'aws-cost-monthly-budget' from policy pack 'platform-compliance@v0.1.0' during preview: string value at .instanceClass can't be known during preview"],
    ]);
    // Over the budget without it, the finding stands whatever the value turns out to be.
    const over = await budgetViolations([...NAT, db], { budgetUsd: 30 });
    expect(over.map((v) => findingOf(v.message).split(",")[0])).toEqual(["The estimate of what the stack declares (no usage setting) is $32.85 a month at us-east-1 list prices"]);
  });

  it("reports an invalid usage setting rather than ignoring it", async () => {
    const found = await nat({ usage: { natGatewayDataGB: { value: 1, why: "typo" } } });
    expect(found[0].message).toContain("The usage setting is invalid, so the budget cannot be checked: usage setting: natGatewayDataGB is not a usage key");
    // Every problem is named, each after a semicolon.
    const twice = await nat({ usage: { natGatewayDataGB: { value: 1, why: "typo" }, natGatewayDataGiB: { value: -1, why: "negative" } } });
    expect(findingOf(twice[0].message).split("; ")).toHaveLength(2);
  });

  it("prices in the configured region, and says so when the table has no prices there", async () => {
    expect((await nat({ budgetUsd: 30, region: "eu-west-1" }))[0].message).toContain("$35.04 a month at eu-west-1 list prices");
    expect((await nat({ region: "ap-south-2" }))[0].message).toContain("There are no list prices for ap-south-2 in the price table, so the $1,500.00 budget cannot be checked.");
  });

  it("tells billed resources from components by their type tokens, the Kubernetes provider's components included", () => {
    const resource = (type: string) => ({ urn: `urn:${type}`, type, name: "x", props: {}, propertyDependencies: {}, dependencies: [] }) as unknown as PolicyResource;
    const types = ["aws:rds/instance:Instance", "kubernetes:apps/v1:Deployment", "platform:database:Postgres", "pulumi:pulumi:Stack", "pulumi:providers:aws", "kubernetes:helm.sh/v4:Chart"];
    expect(costResourcesOf(types.map(resource)).map((r) => [r.type, r.custom])).toEqual(types.map((t, i) => [t, i < 2]));
  });

  it("reads the region from the zones the stack's subnets declare", () => {
    const subnet = (zone: unknown) => ({ props: { availabilityZone: zone }, propertyDependencies: { availabilityZone: [] } }) as unknown as PolicyResource;
    expect(regionOfZones([subnet("eu-west-1b")])).toBe("eu-west-1");
    expect(regionOfZones([subnet(undefined), subnet("us-east-1a")])).toBe("us-east-1");
    // A zone not known yet during a preview is passed over, not read as text.
    expect(regionOfZones([subnet(UNKNOWN), subnet("us-east-1a")])).toBe("us-east-1");
    expect(regionOfZones([subnet("us-gov-west-1a")])).toBe("us-gov-west-1");
    expect(regionOfZones([subnet("not-a-zone")])).toBeUndefined();
    // A zone ID names no region.
    expect(regionOfZones([subnet("euw1-az1")])).toBeUndefined();
    // Nor do two zones joined in one value (a config typo): the whole value must be one zone name.
    expect(regionOfZones([subnet("eu-west-1a,eu-west-1b")])).toBeUndefined();
  });
});
