import * as fc from "fast-check";
import { ConfigError } from "../../stacks/config";
import { configProblems, RunResult, runProgram, toRawConfig } from "../harness";
import { POLICY_PACKS, runPolicyPacks } from "../harness/policy-runner";
import { shippedPackConfig } from "../policies/stacks";
import { configArbitrary } from "./config-arbitrary";

/** Valid configurations run per stack file: each is a whole program run plus both packs. */
const SAMPLES = 4;
const SECURITY_PACK = POLICY_PACKS.find((p) => p.name.includes("security"))!.name;

describe.each(["dev", "staging", "prod"])("valid configurations sampled from Pulumi.%s.yaml", (stack) => {
  test("construct without error and pass the mandatory security pack", async () => {
    const valid = fc
      .sample(configArbitrary(stack), { numRuns: SAMPLES * 4, seed: 21 })
      .filter(({ config }) => configProblems(toRawConfig(config).values).length === 0)
      .slice(0, SAMPLES);
    expect(valid).toHaveLength(SAMPLES);
    let constructed = 0;
    for (const { config, changes } of valid) {
      let run: RunResult;
      try {
        run = await runProgram({ stack, config });
      } catch (error) {
        // Facts only the region knows (how many zones it has) are checked when the program runs; they too name their key.
        if (!(error instanceof ConfigError)) throw error;
        for (const problem of error.problems) expect(problem).toMatch(/^platform:[\w.[\]-]+: /);
        continue;
      }
      constructed++;
      const violations = await runPolicyPacks(run, { packConfig: shippedPackConfig(stack) });
      const mandatory = violations.filter((v) => v.pack === SECURITY_PACK && v.level === "mandatory").map((v) => `${v.policy} ${v.name ?? ""}`);
      expect({ changes, mandatory }).toEqual({ changes, mandatory: [] });
    }
    expect(constructed).toBeGreaterThan(0);
    console.info(`program fuzz (${stack}): ${constructed} of ${valid.length} sampled configurations constructed and passed the security pack`);
    // Four whole programs and both packs: an EKS sample alone registers some 280 resources (Karpenter, Container Insights).
  }, 180_000);
});
