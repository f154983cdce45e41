import * as aws from "../internal/aws";
import * as pulumi from "@pulumi/pulumi";
import { awsContext } from "../internal/aws-context";
import { AWS_REGION_PATTERN, ECR_REPOSITORY_PREFIX_PATTERN } from "../internal/aws-patterns";
import { Problems } from "../internal/validation";

/**
 * ECR's limits on a registry's replication configuration: at most 25 distinct
 * destinations over all rules, and repository filters of up to 256 characters
 * (API_ReplicationRule / API_RepositoryFilter in the ECR API reference).
 */
export const MAX_REPLICATION_DESTINATIONS = 25;

export interface ImageReplicationArgs {
  /** Regions of this account the registry copies images to. */
  readonly regions: readonly string[];
  /** Repository name prefixes to replicate (`PREFIX_MATCH` filters). @default every repository of the registry */
  readonly repositoryPrefixes?: readonly string[];
}

/** Pure validation of {@link ImageReplicationArgs}. */
export function validateImageReplicationArgs(args: ImageReplicationArgs): Problems {
  const problems = new Problems();
  problems.check(args.regions.length >= 1 && args.regions.length <= MAX_REPLICATION_DESTINATIONS, "regions", args.regions, `1 to ${MAX_REPLICATION_DESTINATIONS} regions`);
  for (const region of args.regions) problems.check(AWS_REGION_PATTERN.test(region), "regions", region, "AWS regions such as eu-central-1");
  problems.check(new Set(args.regions).size === args.regions.length, "regions", args.regions, "distinct regions");
  for (const prefix of args.repositoryPrefixes ?? []) {
    problems.check(ECR_REPOSITORY_PREFIX_PATTERN.test(prefix), "repositoryPrefixes", prefix, "repository name prefixes: lowercase letters, digits, . _ / -");
  }
  return problems;
}

/**
 * Cross-region replication of this account's private ECR registry, so that a
 * standby in another region pulls the same image tags and digests from a
 * registry in its own region. ECR copies each image pushed after the
 * configuration exists (images pushed before need a replication backfill,
 * "Replication backfill" in the ECR user guide) and creates the repository
 * in the destination when it is missing.
 *
 * A registry has one replication configuration per region
 * (`PutReplicationConfiguration` replaces it whole), so the stack that
 * creates this component owns it for the account and region.
 */
export class ImageReplication extends pulumi.ComponentResource {
  readonly regions: readonly string[];

  constructor(name: string, args: ImageReplicationArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:registry:ImageReplication", name, {}, opts);
    validateImageReplicationArgs(args).throwIfAny(this, `ImageReplication "${name}"`);
    const ctx = awsContext(this);
    const filters = (args.repositoryPrefixes ?? []).map((filter) => ({ filter, filterType: "PREFIX_MATCH" }));
    new aws.ecr.ReplicationConfiguration(
      name,
      {
        replicationConfiguration: {
          rules: [
            {
              destinations: args.regions.map((region) => ({ region, registryId: ctx.accountId })),
              ...(filters.length > 0 ? { repositoryFilters: filters } : {}),
            },
          ],
        },
      },
      { parent: this },
    );
    this.regions = [...args.regions];
    this.registerOutputs({ regions: this.regions });
  }
}
