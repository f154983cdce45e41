/**
 * Patterns of AWS names that more than one check uses, in a module that loads nothing, so that the config
 * schemas (which `npm run failover -- --help` loads) share them with the components without loading a provider.
 */

/**
 * An AWS region code as the Regions page of the AWS General Reference lists them: two letters, one or more
 * words, one digit (eu-west-1, us-gov-west-1, ap-southeast-5). Every check of a region in the library uses it,
 * so that a region one key accepts no other key refuses.
 */
export const AWS_REGION_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d$/;

/** A repository name prefix in an ECR replication rule's filter (API_RepositoryFilter in the ECR API reference). */
export const ECR_REPOSITORY_PREFIX_PATTERN = /^[a-z0-9][a-z0-9._/-]{0,255}$/;
