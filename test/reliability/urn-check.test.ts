import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { runComponents } from "../harness";
import { aliasUrns, compareWithSnapshot, engineUrn } from "./urns";

class Holder extends pulumi.ComponentResource {
  constructor(name: string, keyName: string, aliases?: pulumi.Alias[]) {
    super("platform:test:Holder", name);
    new aws.kms.Key(keyName, { enableKeyRotation: true }, { parent: this, aliases });
    this.registerOutputs({});
  }
}

const OLD_URN = "urn:pulumi:dev::platform::platform:test:Holder$aws:kms/key:Key::holder-key";

describe("URN snapshot comparison", () => {
  test("qualifies a child's type with its ancestors' types, as the engine does, without the root stack", async () => {
    const run = await runComponents(() => void new Holder("holder", "holder-key"));
    expect(engineUrn(run, run.one("aws:kms/key:Key", "holder-key"))).toBe(OLD_URN);
    expect(engineUrn(run, run.one("platform:test:Holder", "holder"))).toBe("urn:pulumi:dev::platform::platform:test:Holder::holder");
  });

  test("flags a stateful resource whose URN changed without an alias", async () => {
    const run = await runComponents(() => void new Holder("holder", "holder-encryption-key"));
    expect(compareWithSnapshot(run, [OLD_URN]).lost).toEqual([OLD_URN]);
  });

  test("accepts the rename when an alias points at the old URN", async () => {
    const run = await runComponents(() => void new Holder("holder", "holder-encryption-key", [{ name: "holder-key" }]));
    expect(aliasUrns(run, run.one("aws:kms/key:Key", "holder-encryption-key"))).toEqual([OLD_URN]);
    expect(compareWithSnapshot(run, [OLD_URN]).lost).toEqual([]);
  });

  test("asks for a snapshot update when a stateful resource is not recorded yet", async () => {
    const run = await runComponents(() => void new Holder("holder", "holder-key"));
    expect(compareWithSnapshot(run, []).unrecorded).toEqual([OLD_URN]);
  });
});
