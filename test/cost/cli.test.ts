import * as fs from "fs";
import * as path from "path";
import { main, parseCostArgs } from "../../scripts/cost/cli";
import { compareDocuments } from "../../scripts/cost/compare";
import { CostDocument } from "../../scripts/cost/render";
import { UsageError } from "../../scripts/preview/args";
import { temporaryDirectory } from "../harness/temporary-directory";

async function cost(argv: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) });
  return { code, stdout, stderr };
}

const tmp = () => temporaryDirectory("cost");

describe("npm run cost -- --stack dev --json", () => {
  let doc: CostDocument;
  beforeAll(async () => {
    const { code, stdout } = await cost(["--stack", "dev", "--json"]);
    expect(code).toBe(0);
    doc = JSON.parse(stdout);
  }, 120_000);

  it("prints exactly { stack, currency, monthly, components, resources, assumptions }", () => {
    expect(Object.keys(doc)).toEqual(["stack", "currency", "monthly", "components", "resources", "assumptions"]);
    expect(doc).toMatchObject({ stack: "dev", currency: "USD" });
  });

  it("adds the components up to the total, and every billed resource to its component", () => {
    const sum = (values: number[]) => Math.round(values.reduce((a, b) => a + b, 0) * 100) / 100;
    expect(Math.abs(sum(doc.components.map((c) => c.monthly)) - doc.monthly)).toBeLessThan(0.05);
    for (const component of doc.components) {
      expect(Math.abs(sum(doc.resources.filter((r) => r.component === component.name).map((r) => r.monthly)) - component.monthly)).toBeLessThan(0.05);
    }
  });

  it("lists every resource with its status, and the lines of the billed ones", () => {
    const database = doc.resources.find((r) => r.type === "aws:rds/instance:Instance")!;
    expect(database).toMatchObject({ name: "database", component: "database", status: "priced" });
    expect(database.lines[0]).toMatchObject({ item: "db.t4g.micro instance hours", meter: "rds:postgres:db.t4g.micro:single-az", quantity: 730, unit: "Hrs", basis: "capacity" });
    expect(doc.resources.find((r) => r.type === "aws:ec2/subnet:Subnet")).toMatchObject({ status: "free", reason: "no charge", lines: [] });
  });

  it("states its assumptions: the hours in a month, the prices, and the usage file's figures with their reasoning", () => {
    expect(doc.assumptions.map((a) => a.key)).toEqual(expect.arrayContaining(["hoursPerMonth", "prices", "natGatewayDataGiB", "spotDiscountPercent"]));
    expect(doc.assumptions.find((a) => a.key === "spotDiscountPercent")).toMatchObject({ value: 70, unit: "%", source: "usage/dev.yaml" });
  });
});

describe("npm run cost", () => {
  it("prints the components, each billed resource's lines and the assumptions as text", async () => {
    const { code, stdout } = await cost(["--stack", "dev"]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Cost estimate \(dev\): \$[\d,.]+ a month at eu-west-1 list prices/);
    expect(stdout).toMatch(/\n {8}db\.t4g\.micro instance hours: 730 Hrs × \$0\.017 = \$12\.41; \$[\d.]+ 1-year reserved, no upfront\n/);
    expect(stdout).toContain("\nAssumptions:\n    hoursPerMonth = 730 hours");
  }, 120_000);

  it("estimates the stack on EKS with --platform eks", async () => {
    const doc: CostDocument = JSON.parse((await cost(["--stack", "dev", "--json", "--platform", "eks"])).stdout);
    expect(doc.components.map((c) => c.name)).toEqual(expect.arrayContaining(["eks"]));
    expect(doc.resources.some((r) => r.type === "aws:eks/nodeGroup:NodeGroup" && r.status === "priced")).toBe(true);
    expect(doc.resources.some((r) => r.type === "aws:ecs/service:Service")).toBe(false);
  }, 120_000);

  it("stops with exit code 2 on a usage file that breaks the format, naming the key", async () => {
    const file = path.join(tmp(), "usage.yaml");
    fs.writeFileSync(file, "natGatewayDataGiB:\n  value: -5\n  why: negative\nlogIngestGiB:\n  value: 1\n  why: typo\n");
    const { code, stderr } = await cost(["--stack", "dev", "--usage", file]);
    expect(code).toBe(2);
    expect(stderr).toContain("natGatewayDataGiB.value -5 is not allowed (expected a number from 0 to any size, in GB)");
    expect(stderr).toContain("logIngestGiB is not a usage key (expected one of natGatewayDataGiB,");
  }, 120_000);

  it.each([
    [["--stack", "qa"], '--stack "qa" is not allowed (expected one of dev, staging, prod'],
    [[], "--stack is required"],
    [["--stack", "dev", "--platform", "k8s"], '--platform "k8s" is not allowed (expected ecs or eks)'],
    [["--compare", "base"], "--compare needs a value"],
  ])("refuses %j with a usage error", (argv, message) => {
    expect(() => parseCostArgs(argv, ["dev", "staging", "prod"])).toThrow(UsageError);
    expect(() => parseCostArgs(argv, ["dev", "staging", "prod"])).toThrow(message);
  });
});

describe("npm run cost -- --compare <base> <head>", () => {
  const doc = (stack: string, monthly: number, components: [string, number][], notPriced = false): CostDocument => ({
    stack,
    currency: "USD",
    monthly,
    components: components.map(([name, m]) => ({ name, type: "platform:x:Y", monthly: m, maxMonthly: m, committedMonthly: m, resources: 1 })),
    resources: notPriced ? [{ urn: "urn", name: "search", type: "aws:opensearch/domain:Domain", component: "search", status: "not priced", reason: "no pricing rule", monthly: 0, maxMonthly: 0, committedMonthly: 0, lines: [] }] : [],
    assumptions: [],
  });

  it("shows each stack's estimate, its difference from the base branch, and the components that changed", () => {
    const base = new Map([["dev", doc("dev", 100, [["database", 60], ["network", 40]])], ["prod", doc("prod", 1000, [["database", 600], ["cache", 400]])]]);
    const head = new Map([["prod", doc("prod", 900, [["database", 600], ["cache", 300]])], ["dev", doc("dev", 100, [["database", 60], ["network", 40]])]]);
    const markdown = compareDocuments(base, head);
    expect(markdown).toContain("| dev | $100.00 | $100.00 | ±$0.00 |");
    expect(markdown).toContain("| prod | $900.00 | $1,000.00 | −$100.00 (−10.0%) |");
    expect(markdown).toContain("| prod | cache | $300.00 | $400.00 | −$100.00 |");
    expect(markdown.indexOf("| dev |")).toBeLessThan(markdown.indexOf("| prod | $900"));
    expect(markdown.split("\n")[0]).toBe("<!-- offline-preview-cost-report -->");
    expect(markdown).toContain("<!-- cost-changed -->");
  });

  it("marks no change when every stack's estimate equals the base branch's", () => {
    const same = new Map([["dev", doc("dev", 100, [["database", 100]])]]);
    const markdown = compareDocuments(same, same);
    expect(markdown).toContain("No component's estimate changed.");
    expect(markdown).not.toContain("<!-- cost-changed -->");
  });

  it("says when the base branch has no estimate, and lists what is not priced", () => {
    const markdown = compareDocuments(new Map(), new Map([["staging", doc("staging", 350, [["database", 350]], true)]]));
    expect(markdown).toContain("| staging | $350.00 | no estimate | — |");
    expect(markdown).toContain("_No estimate on the base branch for some stacks");
    expect(markdown).toContain("- staging: `search` (aws:opensearch/domain:Domain): no pricing rule");
  });

  it("reads the folders of --json documents the CI jobs write", async () => {
    const [base, head] = [tmp(), tmp()];
    fs.writeFileSync(path.join(base, "dev.json"), JSON.stringify(doc("dev", 100, [["database", 100]])));
    fs.writeFileSync(path.join(head, "dev.json"), JSON.stringify(doc("dev", 150, [["database", 150]])));
    fs.writeFileSync(path.join(head, "notes.json"), "not json");
    const { code, stdout } = await cost(["--compare", base, head]);
    expect(code).toBe(0);
    expect(stdout).toContain("| dev | $150.00 | $100.00 | +$50.00 (+50.0%) |");
    expect((await cost(["--compare", base, path.join(head, "missing")])).code).toBe(64);
  });
});
