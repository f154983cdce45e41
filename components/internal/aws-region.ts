/**
 * An AWS region code as the Regions page of the AWS General Reference lists them: two letters, one or more
 * words, one digit (eu-west-1, us-gov-west-1, ap-southeast-5). Every check of a region in the library uses it,
 * so that a region one key accepts no other key refuses.
 */
export const AWS_REGION_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d$/;
