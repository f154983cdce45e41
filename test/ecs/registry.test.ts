import { ContainerRepository, ContainerRepositoryArgs, lifecyclePolicy, validateContainerRepositoryArgs } from "../../components/registry";
import { runComponents } from "../harness";
import { TYPES } from "./fixtures";

const runRepository = (args: ContainerRepositoryArgs = {}) =>
  runComponents(() => {
    const repo = new ContainerRepository("images", { tags: { Owner: "team" }, ...args });
    return { url: repo.repositoryUrl };
  });

describe("ContainerRepository", () => {
  test("tags are immutable, every push is scanned and the repository is encrypted with its own rotating KMS key", async () => {
    const run = await runRepository();
    const repo = run.one(TYPES.repository, "images");
    const key = run.one("aws:kms/key:Key", "images-key");
    expect(repo.inputs).toMatchObject({
      imageTagMutability: "IMMUTABLE",
      imageScanningConfiguration: { scanOnPush: true },
      encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: key.state.arn }],
      forceDelete: false,
    });
    expect(key.inputs.enableKeyRotation).toBe(true);
  });

  test("the repository and its key are protected by default and unprotected when asked", async () => {
    const protectedRun = await runRepository();
    expect(protectedRun.one(TYPES.repository, "images").options.protect).toBe(true);
    expect(protectedRun.one("aws:kms/key:Key", "images-key").options.protect).toBe(true);
    expect((await runRepository({ protect: false })).one(TYPES.repository, "images").options.protect).toBe(false);
  });

  test("the lifecycle policy expires untagged images first and keeps the newest tagged ones", async () => {
    const run = await runRepository({ keepImages: 50, untaggedExpiryDays: 3 });
    const policy = JSON.parse(run.one(TYPES.lifecycle, "images").inputs.policy);
    expect(policy).toEqual(lifecyclePolicy(50, 3));
    expect(policy.rules.map((r: any) => [r.rulePriority, r.selection.tagStatus, r.selection.countNumber])).toEqual([
      [1, "untagged", 3],
      [2, "any", 50],
    ]);
  });

  test("without a build nothing is built or pushed", async () => {
    const run = await runRepository();
    expect(run.ofType("awsx:ecr:Image")).toEqual([]);
  });

  test("with a build, awsx.ecr.Image pushes the tagged image to this repository for the tasks' platform", async () => {
    const run = await runRepository({ build: { context: "./app", imageTag: "git-3f2a1b", platform: "linux/arm64" } });
    const image = run.one("awsx:ecr:Image", "images-image");
    expect(image.inputs).toMatchObject({ context: "./app", imageTag: "git-3f2a1b", platform: "linux/arm64", repositoryUrl: run.one(TYPES.repository, "images").state.repositoryUrl });
  });

  test.each<[string, ContainerRepositoryArgs, RegExp]>([
    ["a latest tag", { build: { context: "./app", imageTag: "latest" } }, /^build\.imageTag: "latest" is not allowed/],
    ["a tag with a slash", { build: { context: "./app", imageTag: "feature/x" } }, /^build\.imageTag: "feature\/x" is not allowed/],
    ["keeping a single image", { keepImages: 1 }, /^keepImages: 1 is not allowed \(expected an integer from 2 to 10000/],
    ["an unknown platform", { build: { context: ".", imageTag: "v1", platform: "windows/amd64" as never } }, /^build\.platform: "windows\/amd64" is not allowed \(expected linux\/amd64 \| linux\/arm64\)/],
  ])("refuses %s, naming the argument", (_case, args, message) => {
    expect(validateContainerRepositoryArgs(args).list).toEqual([expect.stringMatching(message)]);
  });
});
