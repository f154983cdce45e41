import * as pulumi from "@pulumi/pulumi";
import { MOCK_ORGANIZATION, runComponents } from "../harness";

// The harness's stack reference mock: another stack's outputs handed to `pulumi.StackReference`, known in every
// engine mode (the engine runs reads during previews), secret ones as `secretValue`.
const NAME = `${MOCK_ORGANIZATION}/platform/other`;
const OTHER = { [NAME]: { outputs: { region: "eu-west-1", token: "t0ken" }, secretOutputNames: ["token"] } };

async function read(mode: "offline" | "preview") {
  return runComponents(
    async () => {
      const reference = new pulumi.StackReference("other", { name: NAME });
      const [region, token, missing] = await Promise.all(["region", "token", "missing"].map((key) => reference.getOutputDetails(key)));
      return { region: region.value, tokenIsSecret: token.secretValue === "t0ken" && token.value === undefined, missing: missing.value ?? "absent" };
    },
    { mode, stackReferences: OTHER },
  );
}

test.each(["offline", "preview"] as const)("hands a referenced stack's outputs to the program in the %s engine mode, secrets as secret values", async (mode) => {
  expect((await read(mode)).outputs).toEqual({ region: "eu-west-1", tokenIsSecret: true, missing: "absent" });
});

test("gives the program the organization a self-managed backend names its stacks with", async () => {
  const run = await runComponents(() => ({ organization: pulumi.getOrganization() }));
  expect(run.outputs.organization).toBe(MOCK_ORGANIZATION);
});
