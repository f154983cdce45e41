import { PackageSpec } from "@pulumi/pulumi/provider/experimental/schema";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { PACKAGE_NAME, platformProvider } from "../../provider";
import { PROJECT_ROOT, runComponents } from "../harness";
import { checkYamlProgram, YamlProgram } from "./yaml-program";

/**
 * The multi-language package (PulumiPlugin.yaml, index.ts): the schema Pulumi
 * generates Python, Go, .NET, Java and YAML SDKs from, inferred from the
 * components' TypeScript once for this file, as `npm run schema` prints it.
 */

const COMPONENTS = [
  "AutoModeNodePool",
  "BlueGreenFargateService",
  "Cache",
  "ClusterMonitoring",
  "ContainerInsights",
  "ContainerRepository",
  "Database",
  "DnsFailover",
  "EcsCluster",
  "EksApp",
  "EksCluster",
  "ImageReplication",
  "Karpenter",
  "LoadBalancerController",
  "Monitoring",
  "SyntheticCanary",
  "Vpc",
  "WebAcl",
  "WeightedLoadBalancer",
];

const provider = platformProvider();
let schema: PackageSpec;
beforeAll(() => {
  schema = provider.packageSchema();
}, 180_000);

const resource = (component: string) => schema.resources[`platform:index:${component}`];
const input = (component: string, property: string) => resource(component).inputProperties![property] as any;
const output = (component: string, property: string) => resource(component).properties![property] as any;
const typeOf = (ref: string) => schema.types[ref.replace("#/types/", "")] as any;

describe("the package schema", () => {
  test("is the platform package at package.json's version, depending on the aws and kubernetes packages installed", () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, "package.json"), "utf8"));
    expect(schema.name).toBe("platform");
    expect(schema.version).toBe(manifest.version);
    expect(schema.description).toBe(manifest.description);
    const installed = (pkg: string) => JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, "node_modules", "@pulumi", pkg, "package.json"), "utf8")).version;
    expect(schema.dependencies).toEqual(
      expect.arrayContaining([
        { name: "aws", version: installed("aws") },
        { name: "kubernetes", version: installed("kubernetes") },
      ]),
    );
  });

  test("has every component the package root exports, as a component resource platform:index:<Class>", () => {
    expect(Object.keys(schema.resources).sort()).toEqual(COMPONENTS.map((c) => `platform:index:${c}`));
    for (const component of COMPONENTS) expect(resource(component).isComponent).toBe(true);
  });

  test.each(COMPONENTS)("%s: a description, inputs and outputs, each typed, and every type it names defined", (component) => {
    const r = resource(component);
    expect(r.description?.length).toBeGreaterThan(40);
    expect(Object.keys(r.inputProperties!).length).toBeGreaterThan(0);
    expect(Object.keys(r.properties!).length).toBeGreaterThan(0);
    const refs: string[] = [];
    const visit = (p: any, at: string): void => {
      const kinds = [p.type, p.$ref, p.oneOf].filter((k) => k !== undefined);
      if (kinds.length !== 1) throw new Error(`${component} ${at} has no single type: ${JSON.stringify(p)}`);
      if (p.$ref?.startsWith("#/types/")) refs.push(p.$ref);
      if (p.items) visit(p.items, `${at}[]`);
      if (p.additionalProperties) visit(p.additionalProperties, `${at}{}`);
      (p.oneOf ?? []).forEach((alternative: any, i: number) => visit(alternative, `${at}|${i}`));
    };
    for (const [name, p] of Object.entries({ ...r.inputProperties, ...r.properties })) visit(p, name);
    const seen = new Set<string>();
    while (refs.length > 0) {
      const ref = refs.pop()!;
      if (seen.has(ref)) continue;
      seen.add(ref);
      const type = typeOf(ref);
      expect({ ref, defined: type !== undefined }).toEqual({ ref, defined: true });
      if (type.enum) expect(type.enum.length).toBeGreaterThan(0);
      for (const [name, p] of Object.entries(type.properties ?? {})) visit(p, `${ref}.${name}`);
    }
  });

  test("descriptions are the arguments' JSDoc with their @default", () => {
    expect(input("Vpc", "nat").description).toBe('NAT gateways for the private tier: none, one shared, or one per AZ.\n\nDefault: "perAz"');
    expect(input("Database", "backupRetentionDays").description).toBe("Days of automated backups, 1-35: the point-in-time recovery window.\n\nDefault: 30");
    expect(typeOf(input("Vpc", "flowLogs").$ref).properties.retentionInDays.description).toBe("Days to keep flow log records; one of CloudWatch's retention values.\n\nDefault: 90");
    expect(output("Database", "writerEndpoint").description).toBe("Writer hostname.");
    // {@link} resolved to its text.
    expect(resource("Database").description).toContain("admits a security group with\nDatabase.allowFrom.");
  });

  test("string unions are enums, Records over colours are objects with both keys, readonly arrays are arrays", () => {
    expect(input("Vpc", "nat").$ref).toBe("#/types/platform:index:NatStrategy");
    expect(typeOf("#/types/platform:index:NatStrategy").enum.map((e: any) => e.value)).toEqual(["none", "single", "perAz"]);
    const sslPolicies = typeOf(input("WeightedLoadBalancer", "sslPolicy").$ref).enum;
    expect(sslPolicies.find((e: any) => e.value === "ELBSecurityPolicy-TLS13-1-2-2021-06").name).toBe("ELBSecurityPolicyTLS13_1_2_2021_06");
    const weights = typeOf(input("WeightedLoadBalancer", "weights").$ref);
    expect(weights.properties).toEqual({ blue: { type: "number", plain: true }, green: { type: "number", plain: true } });
    expect(weights.required).toEqual(["blue", "green"]);
    expect(input("Vpc", "interfaceEndpoints")).toMatchObject({ type: "array", items: { $ref: "#/types/platform:index:InterfaceEndpointService" } });
    expect(output("Vpc", "subnetPlan")).toMatchObject({ type: "array", items: { $ref: "#/types/platform:index:PlannedSubnet" } });
  });

  test("values that shape the graph are plain, pulumi.Input arguments take outputs", () => {
    expect(input("Vpc", "cidr")).toMatchObject({ type: "string", plain: true });
    expect(resource("Vpc").requiredInputs).toEqual(["availabilityZones", "cidr"]);
    expect(input("Database", "vpcId").plain).toBeUndefined();
    // A plain list (the database counts its subnets) of ids that may be outputs.
    expect(input("Database", "subnetIds")).toEqual({ type: "array", items: { type: "string" }, plain: true, description: expect.any(String) });
  });

  test("a union of argument shapes is a oneOf with its discriminator", () => {
    expect(input("BlueGreenFargateService", "deployment")).toMatchObject({
      oneOf: [{ $ref: "#/types/platform:index:ColourDeployment" }, { $ref: "#/types/platform:index:NativeDeployment" }],
      discriminator: { propertyName: "kind", mapping: { colours: "#/types/platform:index:ColourDeployment", native: "#/types/platform:index:NativeDeployment" } },
    });
    expect(Object.keys(input("Monitoring", "service").discriminator.mapping)).toEqual(["ecs", "eks"]);
  });

  test("providers are providers, resources of other packages are references to them, any resource is Any", () => {
    const version = (pkg: string) => schema.dependencies!.find((d) => d.name === pkg)!.version;
    // pulumi/pulumi pkg/codegen/schema bind_test.go "externalProviderRef": `/kubernetes/v2.6.3/schema.json#/provider`.
    expect(input("Database", "drProvider").$ref).toBe(`/aws/v${version("aws")}/schema.json#/provider`);
    expect(input("EksApp", "provider").$ref).toBe(`/kubernetes/v${version("kubernetes")}/schema.json#/provider`);
    expect(output("EcsCluster", "capacityProviders").$ref).toBe(`/aws/v${version("aws")}/schema.json#/resources/aws:ecs%2FclusterCapacityProviders:ClusterCapacityProviders`);
    expect(input("EksApp", "inClusterDependsOn").items).toEqual({ $ref: "pulumi.json#/Any" });
  });

  test("outputs are a component's public members: private fields are not outputs", () => {
    expect(Object.keys(resource("Database").properties!).sort()).toEqual(
      ["arn", "databaseName", "identifier", "kmsKeyArn", "masterSecretArn", "metrics", "port", "proxyEndpoint", "proxySecurityGroupId", "readerEndpoints", "securityGroupId", "writerEndpoint"].sort(),
    );
    expect(resource("Cache").properties).not.toHaveProperty("admitted");
  });
});

describe("the component provider", () => {
  test("constructs a component from the engine's inputs and returns its schema outputs", async () => {
    const run = await runComponents(async () => {
      const { urn, state } = await provider.construct("network", "platform:index:Vpc", { cidr: "10.30.0.0/16", availabilityZones: ["eu-west-1a", "eu-west-1b"], nat: "none" }, {});
      expect(Object.keys(state).sort()).toEqual(Object.keys(resource("Vpc").properties!).sort());
      return { urn, vpcId: state.vpcId, natGatewayIds: state.natGatewayIds };
    });
    const vpc = run.one("aws:ec2/vpc:Vpc", "network");
    expect(run.outputs.vpcId).toBe(vpc.state.id);
    expect(run.outputs.natGatewayIds).toEqual([]);
    // The component keeps its own type, which existing stacks' URNs contain.
    expect(run.outputs.urn).toBe(run.one("platform:network:Vpc", "network").urn);
    expect(vpc.parent).toBe(run.outputs.urn);
  });

  test("refuses a type outside the package or a component it does not have", async () => {
    await expect(provider.construct("x", "other:index:Vpc", {}, {})).rejects.toThrow("Invalid package name other, expected 'platform'");
    await expect(provider.construct("x", "platform:index:Subnet", {}, {})).rejects.toThrow("platform has no component Subnet");
  });

  test("is what Pulumi's Node.js plugin host runs: PulumiPlugin.yaml says nodejs, and requiring the package folder loads index.ts", () => {
    expect(parse(fs.readFileSync(path.join(PROJECT_ROOT, "PulumiPlugin.yaml"), "utf8"))).toEqual({ runtime: "nodejs" });
    expect(PACKAGE_NAME).toBe(schema.name);
    // @pulumi/pulumi/cmd/run-plugin registers ts-node, then `require(<plugin folder>)`; package.json has no `main`.
    const script = 'require("ts-node").register({ transpileOnly: true }); console.log(require.resolve(process.cwd()));';
    expect(execFileSync(process.execPath, ["-e", script], { cwd: PROJECT_ROOT, encoding: "utf8" }).trim()).toBe(path.join(PROJECT_ROOT, "index.ts"));
  });
});

describe("the Pulumi YAML example (examples/yaml)", () => {
  const file = path.join(PROJECT_ROOT, "examples", "yaml", "Pulumi.yaml");
  const example = (): YamlProgram & Record<string, any> => parse(fs.readFileSync(file, "utf8"));

  test("is a YAML program that takes the package from this repository", () => {
    const program = example();
    expect(program.runtime).toBe("yaml");
    expect(path.resolve(path.dirname(file), program.packages.platform)).toBe(PROJECT_ROOT);
  });

  test("uses four components, and every property, value and output reference matches the schema", () => {
    const program = example();
    expect(Object.values(program.resources!).filter((r) => r.type.startsWith("platform:")).map((r) => r.type)).toEqual([
      "platform:index:Vpc",
      "platform:index:Database",
      "platform:index:Cache",
      "platform:index:WeightedLoadBalancer",
    ]);
    expect(checkYamlProgram(program, schema)).toEqual([]);
  });

  test.each([
    ["a misspelt argument", (p: any) => (p.resources.network.properties.availabilityZone = ["eu-west-1a"]), "resources.network.properties.availabilityZone: unknown property"],
    ["a missing required argument", (p: any) => delete p.resources.network.properties.cidr, "resources.network.properties.cidr: required"],
    ["a value outside an enum", (p: any) => (p.resources.network.properties.nat = "perAZ"), 'resources.network.properties.nat: "perAZ" is not one of "none", "single", "perAz"'],
    ["an output where a plain list is needed", (p: any) => (p.resources.database.properties.subnetIds = "${network.databaseSubnetIds}"), "resources.database.properties.subnetIds: takes a plain value"],
    ["an output the component does not have", (p: any) => (p.resources.cache.properties.vpcId = "${network.vpcID}"), "resources.cache.properties.vpcId: platform:index:Vpc has no output vpcID"],
    ["an output of the wrong type", (p: any) => (p.resources.edge.properties.vpcId = "${network.privateSubnetIds}"), "is a list of a string, expected a string"],
    ["a key an object type does not have", (p: any) => (p.resources.edge.properties.weights.red = 1), "resources.edge.properties.weights.red: unknown property"],
    ["a reference to no resource", (p: any) => (p.outputs.url = "${edges.url}"), "outputs.url: ${edges.url} names no resource"],
  ])("the check finds %s", (_, mutate, problem) => {
    const program = example();
    mutate(program);
    expect(checkYamlProgram(program, schema).join("\n")).toContain(problem);
  });
});
