import * as aws from "./aws";
import * as pulumi from "@pulumi/pulumi";

/** Account, partition and region of the provider a component runs with; used to build ARNs and service names. */
export interface AwsContext {
  readonly accountId: pulumi.Output<string>;
  readonly partition: pulumi.Output<string>;
  readonly region: pulumi.Output<string>;
  /** DNS suffix of the partition's service endpoints, such as `amazonaws.com`. */
  readonly dnsSuffix: pulumi.Output<string>;
}

/** The resolved values of an {@link AwsContext}, for pure document builders. */
export interface AwsContextValues {
  readonly account: string;
  readonly partition: string;
  readonly region: string;
  readonly dnsSuffix: string;
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

/** The context's values once the invokes resolve (known in a preview too). */
export function contextValues(ctx: AwsContext): pulumi.Output<AwsContextValues> {
  return pulumi
    .all([ctx.accountId, ctx.partition, ctx.region, ctx.dnsSuffix])
    .apply(([account, partition, region, dnsSuffix]) => ({ account, partition, region, dnsSuffix }));
}

/**
 * A JSON document built from the context alone, so IAM documents that name
 * this stack's resources by ARNs built from known parts (names, not outputs)
 * are decided in a preview, before anything exists.
 */
export function contextDocument(ctx: AwsContext, build: (c: AwsContextValues) => object): pulumi.Output<string> {
  return contextValues(ctx).apply((c) => JSON.stringify(build(c)));
}
