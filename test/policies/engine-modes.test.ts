import { allPolicies, analyzeWithPolicyPacks } from "../harness/policy-runner";
import { AWS_FILLED_DEFAULTS } from "../harness/computed";
import { PolicyCases } from "./cases";
import { COMPLIANCE_CASES } from "./compliance-cases";
import { runFixture } from "./fixture-program";
import { SECURITY_CASES } from "./security-cases";
import { isUndecided } from "./stacks";

// Stack policies see outputs, which differ by engine mode: in a new stack's first preview whatever the
// provider computes is unknown; after an update it holds AWS's defaults for omitted arguments
// (test/harness/computed/aws-defaults.ts). Every stack policy's cases, registered for real under the
// mock runtime in both modes, must decide (no "can't run during preview") and decide the same way.
const STACK_POLICIES = new Set(allPolicies().filter((p) => p.kind === "stack").map((p) => p.name));
const STACK_CASES: PolicyCases[] = [...SECURITY_CASES, ...COMPLIANCE_CASES].filter((c) => STACK_POLICIES.has(c.policy));

it("covers every stack policy", () => {
  expect(STACK_CASES.map((c) => c.policy).sort()).toEqual([...STACK_POLICIES].sort());
});

describe("a bucket left to AWS's default encryption", () => {
  const BUCKET = "aws:s3/bucket:Bucket";
  const bucketOnly = [{ type: BUCKET, name: "exports", inputs: { forceDestroy: false } }];

  it("reads back SSE-S3 after the update, as AWS reports it for every bucket since 2023", async () => {
    expect(AWS_FILLED_DEFAULTS[BUCKET].map((d) => d.property)).toContain("serverSideEncryptionConfiguration");
    const run = await runFixture(bucketOnly, "update");
    expect(run.one(BUCKET, "exports").state.serverSideEncryptionConfiguration.rule.applyServerSideEncryptionByDefault.sseAlgorithm).toBe("AES256");
  });

  it.each(["preview", "update"] as const)("is flagged by aws-s3-bucket-require-encryption-configuration in the %s engine mode", async (mode) => {
    const { violations } = await analyzeWithPolicyPacks(await runFixture(bucketOnly, mode));
    const found = violations.filter((v) => v.policy === "aws-s3-bucket-require-encryption-configuration");
    expect(found.map((v) => [v.name, v.level, isUndecided(v)])).toEqual([["exports", "mandatory", false]]);
  });
});

describe.each(["preview", "update"] as const)("stack policies in the %s engine mode", (mode) => {
  for (const { policy, compliant, violating } of STACK_CASES) {
    describe(policy, () => {
      for (const [phrase, resources] of Object.entries(compliant)) {
        it(`passes ${phrase}`, async () => {
          const { violations } = await analyzeWithPolicyPacks(await runFixture(resources, mode));
          expect(violations.filter((v) => v.policy === policy)).toEqual([]);
        });
      }
      for (const [phrase, resources] of Object.entries(violating)) {
        it(`flags ${phrase}`, async () => {
          const found = (await analyzeWithPolicyPacks(await runFixture(resources, mode))).violations.filter((v) => v.policy === policy);
          expect(found.filter(isUndecided)).toEqual([]);
          expect(found.length).toBeGreaterThan(0);
        });
      }
    });
  }
});
