import * as aws from "../internal/aws";
import * as pulumi from "@pulumi/pulumi";
import { AwsContext } from "../internal/aws-context";
import { decryptThroughSecretsManager } from "../internal/decrypt-policy";
import { mergeTags, Tags } from "../internal/tags";
import { serviceRoleTrust } from "../internal/trust";

/**
 * IAM for a Fargate service, as pure policy builders (unit-tested) and one
 * function that creates the roles. Every statement names exact resources;
 * `*` appears only where the action has no resource type
 * (`ecr:GetAuthorizationToken`, `ssmmessages:*Channel`, `logs:DescribeLogGroups`,
 * the load balancer `Describe*` calls).
 */

const ECR_IMAGE = /^(\d{12})\.dkr\.ecr(?:-fips)?\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?\/([a-z0-9][a-z0-9._/-]*?)(?:[:@].*)?$/;

/** The ECR repository ARN of a private ECR image reference, or undefined for any other registry. */
export function ecrRepositoryArn(image: string, partition: string): string | undefined {
  const match = ECR_IMAGE.exec(image);
  if (!match) return undefined;
  const [, account, region, repository] = match;
  return `arn:${partition}:ecr:${region}:${account}:repository/${repository}`;
}

export interface ExecutionPolicyInputs {
  readonly partition: string;
  readonly region: string;
  readonly dnsSuffix: string;
  /** Repositories the task pulls from; empty when every image is public. */
  readonly repositoryArns: readonly string[];
  readonly logGroupArn: string;
  readonly secretArns: readonly string[];
  /** Keys that encrypt those secrets. */
  readonly secretKmsKeyArns: readonly string[];
}

/** What ECS itself needs to start a task: pull the image, create log streams, read exactly the app's secrets. */
export function executionPolicy(p: ExecutionPolicyInputs): object {
  const statements: object[] = [
    { Sid: "WriteAppLogs", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: `${p.logGroupArn}:log-stream:*` },
  ];
  const repositories = unique(p.repositoryArns);
  if (repositories.length > 0) {
    statements.push(
      { Sid: "EcrLogin", Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" },
      {
        Sid: "PullAppImages",
        Effect: "Allow",
        Action: ["ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"],
        Resource: repositories,
      },
    );
  }
  const secrets = unique(p.secretArns);
  if (secrets.length > 0) {
    statements.push({ Sid: "ReadAppSecrets", Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: secrets });
  }
  statements.push(...decryptThroughSecretsManager("DecryptAppSecrets", p.secretKmsKeyArns, p.region, p.dnsSuffix));
  return { Version: "2012-10-17", Statement: statements };
}

export interface TaskPolicyInputs {
  readonly execLogGroupArn: string;
  /** The key that encrypts ECS Exec sessions. */
  readonly execKmsKeyArn: string;
}

/** What the app's own processes may do: only ECS Exec (the SSM channels, its log group, its session key). */
export function taskPolicy(p: TaskPolicyInputs): object {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "ExecSessionChannels",
        Effect: "Allow",
        Action: ["ssmmessages:CreateControlChannel", "ssmmessages:CreateDataChannel", "ssmmessages:OpenControlChannel", "ssmmessages:OpenDataChannel"],
        Resource: "*",
      },
      { Sid: "FindExecLogGroup", Effect: "Allow", Action: "logs:DescribeLogGroups", Resource: "*" },
      {
        Sid: "WriteExecLogs",
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:DescribeLogStreams", "logs:PutLogEvents"],
        Resource: [p.execLogGroupArn, `${p.execLogGroupArn}:log-stream:*`],
      },
      { Sid: "DecryptExecSession", Effect: "Allow", Action: "kms:Decrypt", Resource: p.execKmsKeyArn },
    ],
  };
}

export interface DeploymentPolicyInputs {
  readonly targetGroupArns: readonly string[];
  readonly listenerRuleArns: readonly string[];
}

/**
 * What ECS needs during a native blue/green, linear or canary deployment:
 * move the production listener rule's weights and register tasks in the two
 * target groups. A narrowed AmazonECSInfrastructureRolePolicyForLoadBalancers.
 */
export function deploymentPolicy(p: DeploymentPolicyInputs): object {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "ReadLoadBalancer",
        Effect: "Allow",
        Action: [
          "elasticloadbalancing:DescribeListeners",
          "elasticloadbalancing:DescribeRules",
          "elasticloadbalancing:DescribeTargetGroups",
          "elasticloadbalancing:DescribeTargetHealth",
        ],
        Resource: "*",
      },
      { Sid: "RegisterTasks", Effect: "Allow", Action: ["elasticloadbalancing:RegisterTargets", "elasticloadbalancing:DeregisterTargets"], Resource: [...p.targetGroupArns] },
      { Sid: "ShiftTraffic", Effect: "Allow", Action: "elasticloadbalancing:ModifyRule", Resource: [...p.listenerRuleArns] },
    ],
  };
}

/** Trust policy for ECS tasks of this account only (confused-deputy protection). */
export function taskTrustPolicy(partition: string, region: string, account: string): object {
  return serviceTrust("ecs-tasks", partition, region, account);
}

/** Trust policy for the ECS service scheduler of this account only. */
export function ecsTrustPolicy(partition: string, region: string, account: string): object {
  return serviceTrust("ecs", partition, region, account);
}

function serviceTrust(service: string, partition: string, region: string, account: string): object {
  return serviceRoleTrust(`${service}.amazonaws.com`, { account }, [`arn:${partition}:ecs:${region}:${account}:*`]);
}

/** A role with one inline policy, both named `<name>`. */
export function createRoleWithPolicy(
  name: string,
  description: string,
  trust: pulumi.Input<string>,
  policy: pulumi.Input<string> | undefined,
  tags: Tags | undefined,
  parent: pulumi.Resource,
): { role: aws.iam.Role; policy?: aws.iam.RolePolicy } {
  const role = new aws.iam.Role(name, { description, assumeRolePolicy: trust, tags: mergeTags(name, tags) }, { parent });
  const inline = policy === undefined ? undefined : new aws.iam.RolePolicy(name, { role: role.id, policy }, { parent });
  return { role, policy: inline };
}

/** `pulumi.all` over the account context, for building trust policies. */
export function trustOf(ctx: AwsContext, build: (partition: string, region: string, account: string) => object): pulumi.Output<string> {
  return pulumi.all([ctx.partition, ctx.region, ctx.accountId]).apply(([partition, region, account]) => JSON.stringify(build(partition, region, account)));
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)].sort();
}
