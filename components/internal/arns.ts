import { AwsContextValues } from "./aws-context";

/**
 * ARNs of this account's resources, in the formats of the Service
 * Authorization Reference ("Resource types defined by <service>"), built from
 * known parts so a policy naming them is decided in a preview.
 */
export const arns = {
  /** https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoncloudwatchlogs.html#amazoncloudwatchlogs-resources-for-iam-policies */
  logGroup: (c: AwsContextValues, name: string) => `arn:${c.partition}:logs:${c.region}:${c.account}:log-group:${name}`,
  /** https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoncloudwatch.html#amazoncloudwatch-resources-for-iam-policies */
  alarm: (c: AwsContextValues, name: string) => `arn:${c.partition}:cloudwatch:${c.region}:${c.account}:alarm:${name}`,
  /** https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonrds.html#amazonrds-resources-for-iam-policies */
  dbInstance: (c: AwsContextValues, identifier: string) => `arn:${c.partition}:rds:${c.region}:${c.account}:db:${identifier}`,
  /** Same page: `db-proxy:${DbProxyId}`, an id RDS assigns (prx-...). */
  dbProxy: (c: AwsContextValues, id: string) => `arn:${c.partition}:rds:${c.region}:${c.account}:db-proxy:${id}`,
  /** https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonec2.html#amazonec2-resources-for-iam-policies */
  flowLog: (c: AwsContextValues, id: string) => `arn:${c.partition}:ec2:${c.region}:${c.account}:vpc-flow-log/${id}`,
  /** https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonsns.html#amazonsns-resources-for-iam-policies */
  topic: (c: AwsContextValues, name: string) => `arn:${c.partition}:sns:${c.region}:${c.account}:${name}`,
  /** https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonsqs.html#amazonsqs-resources-for-iam-policies */
  queue: (c: AwsContextValues, name: string) => `arn:${c.partition}:sqs:${c.region}:${c.account}:${name}`,
  /** https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoneventbridge.html#amazoneventbridge-resources-for-iam-policies (default event bus) */
  eventRule: (c: AwsContextValues, name: string) => `arn:${c.partition}:events:${c.region}:${c.account}:rule/${name}`,
  /**
   * Every budget of this account, the `aws:SourceArn` AWS documents for AWS Budgets publishing to a topic
   * (https://docs.aws.amazon.com/cost-management/latest/userguide/budgets-sns-policy.html); budgets are global, so no region.
   */
  budgets: (c: Pick<AwsContextValues, "partition" | "account">) => `arn:${c.partition}:budgets::${c.account}:*`,
  /** https://docs.aws.amazon.com/service-authorization/latest/reference/list_awslambda.html#awslambda-resources-for-iam-policies */
  lambdaFunction: (c: AwsContextValues, name: string) => `arn:${c.partition}:lambda:${c.region}:${c.account}:function:${name}`,
  /** https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html#amazons3-resources-for-iam-policies */
  bucket: (c: Pick<AwsContextValues, "partition">, name: string) => `arn:${c.partition}:s3:::${name}`,
};
