import { AWS_FILLED_DEFAULTS } from "../harness/computed";
import { CapturedResource, RunResult, runProgram, UNKNOWN } from "../harness";

// The harness's engine modes (test/harness/engine-mode.ts) against what the engine does:
// - preview: pulumi/pulumi step_generator.go runs Check (which auto-names) with allowUnknowns in a preview,
//   and a provider's preview of a create leaves everything it computes unknown; the SDK propagates unknowns
//   through apply (sdk/nodejs/output.ts) into the inputs that carry them.
// - update: outputs are what AWS returns, with its defaults for omitted arguments (computed/aws-defaults.ts).
const KEY = "aws:kms/key:Key";
const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";
const BUCKET = "aws:s3/bucket:Bucket";

const runs = new Map<string, RunResult>();
async function prod(mode: "offline" | "preview" | "update", platform: "ecs" | "eks" = "ecs"): Promise<RunResult> {
  const key = `${mode}/${platform}`;
  if (!runs.has(key)) runs.set(key, await runProgram({ stack: "prod", overrides: { "platform:compute": { platform } }, mode }));
  return runs.get(key)!;
}

const logGroupWithKey = (run: RunResult): CapturedResource => {
  const group = run.ofType(LOG_GROUP).find((g) => Object.keys(g.options.propertyDependencies.kmsKeyId ?? {}).length > 0);
  if (!group) throw new Error("no log group takes its kmsKeyId from another resource");
  return group;
};

describe("the preview engine mode", () => {
  it("leaves what a provider computes on create unknown, such as a KMS key's ARN", async () => {
    const run = await prod("preview");
    const keys = run.ofType(KEY);
    expect(keys.length).toBeGreaterThan(2);
    for (const key of keys) expect(key.state.arn).toBe(UNKNOWN);
  });

  it("carries unknowns into the inputs built from them: a log group's kmsKeyId, a task definition's container definitions", async () => {
    const run = await prod("preview");
    const group = logGroupWithKey(run);
    expect(run.byUrn(group.options.propertyDependencies.kmsKeyId[0])?.type).toBe(KEY);
    expect(group.inputs.kmsKeyId).toBe(UNKNOWN);
    const taskDefinitions = run.ofType("aws:ecs/taskDefinition:TaskDefinition");
    expect(taskDefinitions.length).toBe(2);
    for (const td of taskDefinitions) expect(td.inputs.containerDefinitions).toBe(UNKNOWN);
  });

  it("keeps literal inputs, auto-names and tags known", async () => {
    const run = await prod("preview");
    expect(run.one("aws:ec2/vpc:Vpc", "network").inputs.cidrBlock).toMatch(/^10\./);
    const bucket = run.ofType(BUCKET)[0];
    expect(bucket.state.bucket).toMatch(/^[a-z0-9-]+$/);
    expect(bucket.state.tags.Environment).toBe("prod");
    const database = run.one("aws:rds/instance:Instance", "database");
    expect(database.state.identifier).not.toBe(UNKNOWN);
    expect(database.state.address).toBe(UNKNOWN);
  });

  it("plans AWS's defaults for omitted arguments as unknown, never as the default itself", async () => {
    const bucket = (await prod("preview")).ofType(BUCKET)[0];
    expect(bucket.inputs.serverSideEncryptionConfiguration).toBeUndefined();
    expect(bucket.state.serverSideEncryptionConfiguration).toBe(UNKNOWN);
  });
});

describe("the update engine mode", () => {
  it("knows every value", async () => {
    const run = await prod("update");
    expect(JSON.stringify(run.resources)).not.toContain(UNKNOWN);
  });

  it("fills AWS's defaults for arguments the program left out: SSE-S3 on a bucket without its own configuration", async () => {
    const bucket = (await prod("update")).ofType(BUCKET)[0];
    expect(bucket.inputs.serverSideEncryptionConfiguration).toBeUndefined();
    expect(bucket.state.serverSideEncryptionConfiguration).toEqual({ rule: { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" }, bucketKeyEnabled: false } });
  });

  it("never replaces what the program declared, inside a block either: the EKS endpoint stays private", async () => {
    const cluster = (await prod("update", "eks")).one("aws:eks/cluster:Cluster", "eks");
    expect(cluster.inputs.vpcConfig.endpointPublicAccess).toBe(false);
    expect(cluster.state.vpcConfig.endpointPublicAccess).toBe(false);
    // What it left out inside the block comes back with AWS's default.
    expect(cluster.state.vpcConfig.publicAccessCidrs).toEqual(cluster.inputs.vpcConfig.publicAccessCidrs ?? ["0.0.0.0/0"]);
  });

  it("leaves the offline mode without AWS's defaults", async () => {
    const bucket = (await prod("offline")).ofType(BUCKET)[0];
    expect(bucket.state.serverSideEncryptionConfiguration).toBeUndefined();
    expect(JSON.stringify((await prod("offline")).resources)).not.toContain(UNKNOWN);
  });
});

describe("the table of AWS's defaults", () => {
  const facts = Object.entries(AWS_FILLED_DEFAULTS).flatMap(([type, list]) => list.map((fact) => ({ type, ...fact })));

  it("names where each fact comes from", () => {
    expect(facts.length).toBeGreaterThan(15);
    for (const fact of facts) expect({ type: fact.type, property: fact.property, source: /^https:\/\/\S+ \(.+\)$/.test(fact.source) }).toEqual({ type: fact.type, property: fact.property, source: true });
  });

  it("lists only properties the provider computes (an output that is never undefined) and the program may omit", async () => {
    const { readFileSync } = await import("fs");
    for (const { type, property } of facts) {
      const [, module] = type.split(":");
      const declarations = readFileSync(require.resolve(`@pulumi/aws/${module}.d.ts`), "utf8");
      const top = property.split(".")[0];
      expect({ type, top, output: new RegExp(`readonly ${top}: pulumi\\.Output<(?![^;]*\\| undefined)`).test(declarations) }).toEqual({ type, top, output: true });
      expect({ type, top, optionalInput: new RegExp(`\\b${top}\\?: pulumi\\.Input<`).test(declarations) }).toEqual({ type, top, optionalInput: true });
    }
  });
});
