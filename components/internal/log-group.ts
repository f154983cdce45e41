import * as aws from "./aws";
import * as pulumi from "@pulumi/pulumi";
import { Tags } from "./tags";

export interface EncryptedLogGroupArgs {
  /** Exact log group name; services such as WAF and RDS require a fixed name or prefix. @default a Pulumi auto-name */
  readonly logGroupName?: pulumi.Input<string>;
  readonly retentionInDays: number;
  /** KMS key that encrypts the log data; its policy must admit the `logs` service. */
  readonly kmsKeyArn: pulumi.Input<string>;
  readonly tags: Tags;
}

/** A CloudWatch log group that is always encrypted with our key and never kept forever. */
export function createEncryptedLogGroup(name: string, args: EncryptedLogGroupArgs, opts: pulumi.CustomResourceOptions): aws.cloudwatch.LogGroup {
  return new aws.cloudwatch.LogGroup(
    name,
    { name: args.logGroupName, retentionInDays: args.retentionInDays, kmsKeyId: args.kmsKeyArn, tags: args.tags },
    opts,
  );
}

/** The retention periods CloudWatch Logs accepts, in days. */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

/**
 * A log group name owned by this stack, `/<project>/<stack>/<parts...>`:
 * unique per account and region, and known before the group exists, so a
 * KMS key policy can name it (the key must admit a group before the group can
 * be created with it).
 */
export function stackLogGroupName(...parts: string[]): string {
  return ["", pulumi.getProject(), pulumi.getStack(), ...parts].join("/");
}
