import { AwsContextValues } from "./aws-context";

/**
 * Confused-deputy protection for a role an AWS service assumes: the service
 * may assume it only on behalf of `sourceArns` (patterns with `*` for parts
 * AWS assigns, such as a flow log or proxy id) in this account. The form AWS
 * recommends for service roles: https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html#cross-service-confused-deputy-prevention
 */
export function serviceRoleTrust(service: string, c: Pick<AwsContextValues, "account">, sourceArns: readonly string[], actions: readonly string[] = ["sts:AssumeRole"]): object {
  if (sourceArns.length === 0) throw new Error(`serviceRoleTrust(${service}): no source ARNs (expected the resources that use the role)`);
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { Service: service },
        Action: actions.length === 1 ? actions[0] : [...actions],
        Condition: {
          StringEquals: { "aws:SourceAccount": c.account },
          ArnLike: { "aws:SourceArn": sourceArns.length === 1 ? sourceArns[0] : [...sourceArns] },
        },
      },
    ],
  };
}
