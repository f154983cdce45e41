import { z } from "zod";
import { pinnedImage } from "../../stacks/config/image";
import { tagsSchema } from "../../stacks/config/tags";
import { configProblems as problemsOf, MINIMAL_CONFIG as VALID } from "../harness";

const DIGEST = `sha256:${"0123456789abcdef".repeat(4)}`;
/** The messages of each problem; a key's own, not the record's, for an invalid key (as the config's errors print it). */
const messagesOf = (schema: z.ZodType, value: unknown) =>
  schema.safeParse(value).error?.issues.map((issue) => (issue.code === "invalid_key" ? issue.issues[0].message : issue.message)) ?? [];

// The reference grammar of distribution/reference (Docker's parser: reference.go, regexp.go), with the one digest form ECR gives.
describe("a pinned image", () => {
  test.each([
    ["a tag", "registry/app:1.2.3"],
    ["an ECR repository with a path and a tag of word characters, dots and dashes", "123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/app:v1.0_rc-1"],
    ["a registry with a port", "registry.example.com:5000/app:2024.11"],
    ["a registry's name with a dash and capitals", "My-Registry.example.com/app:1"],
    ["path components joined by ., _, __ and dashes", "registry/a.b_c__d--e:1"],
    ["a digest", `app@${DIGEST}`],
    ["a digest behind :latest (the digest pins it)", `app:latest@${DIGEST}`],
    ["a tag of 128 characters", `app:v${"1".repeat(127)}`],
    ["a tag that only starts with latest", "app:latest-2"],
    ["a tag that only ends in latest", "app:not-latest"],
    ["a tag of upper-case letters", "app:LATEST"],
  ])("accepts %s", (_, image) => {
    expect(messagesOf(pinnedImage, image)).toEqual([]);
  });

  test.each([
    ["no tag", "registry/app"],
    [":latest", "registry/app:latest"],
    ["a registry's port and no tag", "registry:5000/app"],
    ["a tag of 129 characters", `app:v${"1".repeat(128)}`],
    ["a tag starting with a dot", "app:.1"],
    ["a tag starting with a dash", "app:-1"],
    ["a tag with a space", "app:1 2"],
    ["an empty tag", "app:"],
    ["a short digest", `app@${DIGEST.slice(0, -1)}`],
    ["a long digest", `app@${DIGEST}0`],
    ["an upper-case digest", `app@${DIGEST.toUpperCase()}`],
    ["a digest of another algorithm", `app@sha512:${"0123456789abcdef".repeat(4)}`],
    ["a digest without its algorithm", `app@${"0123456789abcdef".repeat(4)}`],
    ["a tag after a digest", `app@${DIGEST}:1`],
    ["an upper-case repository", "registry/App:1"],
    ["a path component ending in a separator", "registry/app-:1"],
    ["an empty path component", "registry//app:1"],
    ["a registry's name starting with a dash", "-registry.example.com/app:1"],
    ["a shell command in the tag", "app:1;touch x"],
    ["leading spaces", " app:1"],
  ])("refuses %s", (_, image) => {
    expect(messagesOf(pinnedImage, image)).toEqual(["is not a pinned image (expected registry/repository:tag or @sha256:digest, not :latest)"]);
  });
});

// AWS's tag restrictions, as the ECS Tag reference states them (docs.aws.amazon.com/AmazonECS/latest/APIReference/API_Tag.html).
describe("platform:tags", () => {
  const KEY = "is not a valid tag key (expected 1-128 letters, digits, spaces or _.:/=+-@, not starting with aws: in any case)";
  const VALUE = "is not a valid tag value (expected up to 256 letters, digits, spaces or _.:/=+-@, not starting with aws: in any case)";

  test("accept letters of any script, digits, spaces and _.:/=+-@, keys of 1-128 characters and values of 0-256", () => {
    const tags = {
      Owner: "team-a@example.com",
      "cost center": "CC 1234",
      "app:tier/part=x+y_z.w-v@u": "a:b/c=d+e_f.g-h@i",
      Größe: "Ünïcödé ½ ٣",
      ["k".repeat(128)]: "v".repeat(256),
      Empty: "",
      "awsx:component": "aws-not-a-prefix: awsx",
    };
    expect(tagsSchema.parse(tags)).toEqual(tags);
  });

  test.each([
    ["an empty key", { "": "x" }, KEY],
    ["a key of 129 characters", { ["k".repeat(129)]: "x" }, KEY],
    ["a key with #", { "a#b": "x" }, KEY],
    ["a key starting with aws:", { "aws:owner": "x" }, KEY],
    ["a key starting with AWS:", { "AWS:owner": "x" }, KEY],
    ["a key starting with Aws:", { "Aws:owner": "x" }, KEY],
    ["a key with a line break", { "a\nb": "x" }, KEY],
    ["a value of 257 characters", { Owner: "v".repeat(257) }, VALUE],
    ["a value with a comma", { Owner: "a,b" }, VALUE],
    ["a value starting with aWs:", { Owner: "aWs:x" }, VALUE],
    ["a value that is not a string", { Owner: 7 }, "a string of up to 256 characters"],
  ])("refuse %s", (_, tags, message) => {
    expect(messagesOf(tagsSchema, tags)).toEqual([message]);
  });

  test("name the key and the value in the stack's error", () => {
    expect(problemsOf({ ...VALID, "platform:tags": JSON.stringify({ Owner: "AWS:team", "AWS:owner": "x" }) })).toEqual([
      `platform:tags.Owner: "AWS:team" ${VALUE}`,
      `platform:tags.AWS:owner: "AWS:owner" ${KEY}`,
    ]);
  });

  test("default to none", () => {
    expect(tagsSchema.parse(undefined)).toEqual({});
    expect(messagesOf(tagsSchema, ["Owner"])).toEqual(["a map of tag keys to string values"]);
  });
});
