/**
 * The AWS managed policies the stacks attach, pinned as test data so the
 * simulator evaluates the documents AWS publishes rather than a guess. Each
 * entry names the page the document comes from (the AWS Managed Policy
 * Reference) and the version read there; when AWS publishes a new version the
 * access-boundary rows say whether it changes a boundary, and the entry is
 * updated by hand from the same page.
 *
 * Keys are the part of the ARN after `arn:<partition>:iam::aws:policy/`.
 */
export interface PinnedManagedPolicy {
  /** The AWS Managed Policy Reference page of the policy. */
  readonly source: string;
  /** The default version the document was read at. */
  readonly version: string;
  readonly document: object;
}

export const PAGE = "https://docs.aws.amazon.com/aws-managed-policy/latest/reference";
export const allow = (Action: string | string[], Resource: string | string[], extra: object = {}) => ({ Effect: "Allow", Action, Resource, ...extra });
