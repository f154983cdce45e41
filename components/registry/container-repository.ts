import * as aws from "../internal/aws";
import type * as Awsx from "@pulumi/awsx";
import * as pulumi from "@pulumi/pulumi";
import { awsContext } from "../internal/aws-context";
import { createEncryptionKey } from "../internal/kms";
import { mergeTags, Tags } from "../internal/tags";
import { isIntegerBetween, Problems } from "../internal/validation";

export const IMAGE_PLATFORMS = ["linux/amd64", "linux/arm64"] as const;
export type ImagePlatform = (typeof IMAGE_PLATFORMS)[number];

/** A Docker build pushed to the repository with `awsx.ecr.Image`. */
export interface ImageBuildArgs {
  /** Docker build context directory, relative to where Pulumi runs. */
  readonly context: string;
  /** Dockerfile path. @default `Dockerfile` in the context */
  readonly dockerfile?: string;
  /** Tag to push; unique per release (the repository refuses to move a tag). */
  readonly imageTag: string;
  /** Target platform; must match the tasks' CPU architecture. @default "linux/amd64" */
  readonly platform?: ImagePlatform;
}

export interface ContainerRepositoryArgs {
  /** Build and push this image. @default none: the repository only holds images pushed elsewhere */
  readonly build?: ImageBuildArgs;
  /** Bring your own KMS key for the repository. @default a new key with rotation */
  readonly kmsKeyArn?: pulumi.Input<string>;
  /**
   * Tagged images to keep; older ones expire. Keep at least the live and the
   * rollback release.
   * @default 30
   */
  readonly keepImages?: number;
  /** Days before an untagged image (a superseded layer set) expires. @default 7 */
  readonly untaggedExpiryDays?: number;
  /** Protect the repository (and the images it holds) from `pulumi destroy`. @default true */
  readonly protect?: boolean;
  readonly tags?: Tags;
}

const DEFAULT_KEEP_IMAGES = 30;
const DEFAULT_UNTAGGED_EXPIRY_DAYS = 7;
/** Tags Docker and ECR accept: up to 128 of letters, digits, `_ . -`, not starting with `.` or `-`. */
const IMAGE_TAG = /^[\w][\w.-]{0,127}$/;

/** Pure validation of {@link ContainerRepositoryArgs}. */
export function validateContainerRepositoryArgs(args: ContainerRepositoryArgs): Problems {
  const p = new Problems();
  const keep = args.keepImages ?? DEFAULT_KEEP_IMAGES;
  p.check(isIntegerBetween(keep, 2, 10000), "keepImages", keep, "an integer from 2 to 10000 (the live and the rollback release at least)");
  const expiry = args.untaggedExpiryDays ?? DEFAULT_UNTAGGED_EXPIRY_DAYS;
  p.check(isIntegerBetween(expiry, 1, 3650), "untaggedExpiryDays", expiry, "an integer from 1 to 3650");
  if (args.build) {
    const b = args.build;
    p.check(b.context.trim().length > 0, "build.context", b.context, "a Docker build context directory");
    p.check(IMAGE_TAG.test(b.imageTag) && b.imageTag !== "latest", "build.imageTag", b.imageTag, "a tag of letters, digits, _ . - up to 128 characters, not latest");
    const platform = b.platform ?? "linux/amd64";
    p.check(IMAGE_PLATFORMS.includes(platform), "build.platform", platform, IMAGE_PLATFORMS.join(" | "));
  }
  return p;
}

/** The lifecycle policy: untagged images expire after `untaggedDays`, and only the newest `keep` images stay. */
export function lifecyclePolicy(keep: number, untaggedDays: number): object {
  return {
    rules: [
      {
        rulePriority: 1,
        description: `Expire untagged images after ${untaggedDays} days`,
        selection: { tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: untaggedDays },
        action: { type: "expire" },
      },
      {
        rulePriority: 2,
        description: `Keep the newest ${keep} images`,
        selection: { tagStatus: "any", countType: "imageCountMoreThan", countNumber: keep },
        action: { type: "expire" },
      },
    ],
  };
}

/**
 * A private ECR repository of the stack's own: immutable tags, scan on push,
 * KMS encryption with a customer-managed key and a lifecycle policy; with
 * `build`, the app image is built from a Dockerfile and pushed to it by
 * `awsx.ecr.Image`, and `imageUri` is the pushed image by digest.
 */
export class ContainerRepository extends pulumi.ComponentResource {
  readonly repositoryUrl: pulumi.Output<string>;
  readonly repositoryArn: pulumi.Output<string>;
  readonly repositoryName: pulumi.Output<string>;
  /** The built image (`<repository>@sha256:<digest>`); present only with `build`. */
  readonly imageUri?: pulumi.Output<string>;

  constructor(name: string, args: ContainerRepositoryArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:registry:ContainerRepository", name, {}, opts);
    validateContainerRepositoryArgs(args).throwIfAny(this, `ContainerRepository "${name}"`);

    const parent = { parent: this };
    const protect = args.protect ?? true;
    const tags = (resourceName: string) => mergeTags(resourceName, args.tags);
    const kmsKeyArn = args.kmsKeyArn
      ? pulumi.output(args.kmsKeyArn)
      : createEncryptionKey(`${name}-key`, { description: `ECR repository ${name}`, tags: tags(`${name}-key`) }, awsContext(this), { parent: this, protect }).arn;

    const repository = new aws.ecr.Repository(
      name,
      {
        imageTagMutability: "IMMUTABLE",
        imageScanningConfiguration: { scanOnPush: true },
        encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: kmsKeyArn }],
        forceDelete: false,
        tags: tags(name),
      },
      { parent: this, protect },
    );
    new aws.ecr.LifecyclePolicy(
      name,
      {
        repository: repository.name,
        policy: JSON.stringify(lifecyclePolicy(args.keepImages ?? DEFAULT_KEEP_IMAGES, args.untaggedExpiryDays ?? DEFAULT_UNTAGGED_EXPIRY_DAYS)),
      },
      parent,
    );

    if (args.build) {
      // Loaded only when an image is built: @pulumi/awsx and the AWS services it pulls in cost
      // every program that deploys an already pushed image a third of a second of loading.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const awsx: typeof Awsx = require("@pulumi/awsx");
      const image = new awsx.ecr.Image(
        `${name}-image`,
        {
          repositoryUrl: repository.repositoryUrl,
          context: args.build.context,
          dockerfile: args.build.dockerfile,
          imageTag: args.build.imageTag,
          platform: args.build.platform ?? "linux/amd64",
        },
        parent,
      );
      this.imageUri = image.imageUri;
    }

    this.repositoryUrl = repository.repositoryUrl;
    this.repositoryArn = repository.arn;
    this.repositoryName = repository.name;
    this.registerOutputs({ repositoryUrl: this.repositoryUrl, repositoryArn: this.repositoryArn, imageUri: this.imageUri });
  }
}
