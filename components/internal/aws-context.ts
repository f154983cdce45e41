import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** Account, partition and region of the provider a component runs with; used to build ARNs and service names. */
export interface AwsContext {
  readonly accountId: pulumi.Output<string>;
  readonly partition: pulumi.Output<string>;
  readonly region: pulumi.Output<string>;
  /** DNS suffix of the partition's service endpoints, such as `amazonaws.com`. */
  readonly dnsSuffix: pulumi.Output<string>;
}

export function awsContext(parent: pulumi.Resource): AwsContext {
  const opts = { parent };
  const identity = aws.getCallerIdentityOutput({}, opts);
  const partition = aws.getPartitionOutput({}, opts);
  return {
    accountId: identity.accountId,
    partition: partition.partition,
    dnsSuffix: partition.dnsSuffix,
    region: aws.getRegionOutput({}, opts).region,
  };
}
