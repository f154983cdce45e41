import { declaredValue, dependsOn, isSet, isTrue, ofTypes, Props, resourcePolicy, stackPolicy, UNKNOWN } from "../kit";

export const ebsVolumeRequireEncryption = resourcePolicy({
  name: "aws-ebs-volume-require-encryption",
  description: "EBS volumes, and the volumes launch templates give to instances (EKS nodes), are encrypted.",
  pack: "security",
  service: "ebs",
  severity: "high",
  frameworks: ["cis", "pci", "hipaa", "soc2", "iso27001"],
  remediationSteps: "Set `encrypted: true` on `aws.ebs.Volume`, and `ebs.encrypted: \"true\"` on every block device mapping of a launch template; enable EBS encryption by default in the account as a backstop.",
  types: ["aws:ebs/volume:Volume", "aws:ec2/launchTemplate:LaunchTemplate"],
  validate: ({ args, props, report }) => {
    if (args.type === "aws:ebs/volume:Volume") {
      if (props.encrypted !== true) report("encrypted is not true: the volume and its snapshots are unencrypted. Set encrypted: true.");
      return;
    }
    // A launch template without mappings leaves the AMI's.
    props.blockDeviceMappings?.forEach((mapping: Props) => {
      if (mapping.ebs && !isTrue(mapping.ebs.encrypted)) {
        report(`block device ${mapping.deviceName ?? "(unnamed)"} is not encrypted: set ebs.encrypted to "true".`);
      }
    });
  },
});

const BUCKET_TYPES = ["aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2"];
const INLINE_ALGORITHM = ["serverSideEncryptionConfiguration", "rule", "applyServerSideEncryptionByDefault", "sseAlgorithm"];
const SSE_TYPES = ["aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2"];

export const s3BucketRequireEncryptionConfiguration = stackPolicy({
  name: "aws-s3-bucket-require-encryption-configuration",
  description: "Every S3 bucket declares its default encryption (SSE-KMS, or SSE-S3 where the writing service allows nothing else, such as ALB access logs).",
  pack: "security",
  service: "s3",
  severity: "medium",
  frameworks: ["cis", "pci", "hipaa", "soc2", "iso27001"],
  remediationSteps: "Add an `aws.s3.BucketServerSideEncryptionConfiguration` for the bucket (`sseAlgorithm: \"aws:kms\"` with our key, `bucketKeyEnabled: true`).",
  validate: ({ resources, report, undecided }) => {
    const configurations = ofTypes(resources, ...SSE_TYPES);
    for (const bucket of ofTypes(resources, ...BUCKET_TYPES)) {
      if (configurations.some((c) => dependsOn(c, bucket))) continue;
      // Only a configuration the program declared counts: since 2023 AWS reports SSE-S3 on every
      // bucket, so the output is filled in after the update whether or not anyone asked for it.
      const inline = declaredValue(bucket, INLINE_ALGORITHM);
      if (inline === UNKNOWN) undecided(bucket, INLINE_ALGORITHM);
      else if (!inline) report(`bucket ${bucket.name} has no server-side encryption configuration of its own (the SSE-S3 AWS applies to every bucket does not count). Add an aws.s3.BucketServerSideEncryptionConfiguration for it.`, bucket.urn);
    }
  },
});

const PUBLIC_ACCESS_BLOCK = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock";
const BLOCK_SETTINGS = ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"];

export const s3BucketRequirePublicAccessBlock = stackPolicy({
  name: "aws-s3-bucket-require-public-access-block",
  description: "Every S3 bucket has a public access block, and every public access block (for a bucket in this stack or elsewhere) has all four settings on.",
  pack: "security",
  service: "s3",
  severity: "high",
  frameworks: ["cis", "pci", "hipaa", "soc2", "iso27001"],
  remediationSteps: "Add an `aws.s3.BucketPublicAccessBlock` for the bucket with `blockPublicAcls`, `blockPublicPolicy`, `ignorePublicAcls` and `restrictPublicBuckets` all true.",
  validate: ({ resources, report, undecided }) => {
    const blocks = ofTypes(resources, PUBLIC_ACCESS_BLOCK);
    // A block is judged on its own settings, so one for a bucket made elsewhere (its id from config or
    // another stack) is checked too; what the program left out is off (the provider defaults to false).
    for (const block of blocks) {
      const off = BLOCK_SETTINGS.filter((key) => {
        const value = declaredValue(block, [key]);
        if (value !== UNKNOWN) return value !== true;
        undecided(block, [key]);
        return false;
      });
      if (off.length > 0) report(`public access block ${block.name} leaves ${off.join(", ")} off, so its bucket can be made public. Set all four settings to true.`, block.urn);
    }
    for (const bucket of ofTypes(resources, ...BUCKET_TYPES)) {
      if (!blocks.some((b) => dependsOn(b, bucket))) report(`bucket ${bucket.name} has no public access block. Add an aws.s3.BucketPublicAccessBlock with all four settings true.`, bucket.urn);
    }
  },
});

export const snsTopicRequireKmsEncryption = resourcePolicy({
  name: "aws-sns-topic-require-kms-encryption",
  description: "SNS topics encrypt messages at rest with a KMS key.",
  pack: "security",
  service: "sns",
  severity: "medium",
  frameworks: ["pci", "hipaa", "soc2", "iso27001"],
  remediationSteps: "Set `kmsMasterKeyId` to a customer-managed key whose policy admits the publishing services (CloudWatch alarms need `cloudwatch.amazonaws.com`).",
  types: ["aws:sns/topic:Topic"],
  validate: ({ props, report }) => {
    if (!isSet(props, "kmsMasterKeyId")) report("kmsMasterKeyId is not set: messages are stored unencrypted. Set kmsMasterKeyId to a KMS key.");
  },
});

export const cloudwatchLogGroupRequireKmsEncryption = resourcePolicy({
  name: "aws-cloudwatch-log-group-require-kms-encryption",
  description: "CloudWatch log groups we write are encrypted with our KMS key.",
  pack: "security",
  service: "cloudwatch",
  severity: "medium",
  frameworks: ["cis", "pci", "hipaa", "soc2"],
  remediationSteps: "Create the log group with `createEncryptedLogGroup` (components/internal/log-group.ts), which sets `kmsKeyId`; the key policy must admit the `logs` service. Log groups owned by another service (e.g. `/aws/lambda/...` created by AWS) can be exempted by name.",
  types: ["aws:cloudwatch/logGroup:LogGroup"],
  validate: ({ props, report }) => {
    if (!isSet(props, "kmsKeyId")) report("kmsKeyId is not set: log data is encrypted only with a key AWS owns. Set kmsKeyId to our KMS key.");
  },
});
