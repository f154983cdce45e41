import * as aws from "../internal/aws";
import * as pulumi from "@pulumi/pulumi";
import { arns } from "../internal/arns";
import { AwsContext, contextDocument } from "../internal/aws-context";
import { mergeTags, Tags } from "../internal/tags";
import { serviceRoleTrust } from "../internal/trust";

export interface DatabaseProxyArgs {
  readonly identifier: string;
  readonly vpcId: pulumi.Input<string>;
  /** Private subnets, at least two AZs. */
  readonly subnetIds: pulumi.Input<string>[];
  /** The database's security group, which the proxy's egress is limited to. */
  readonly databaseSecurityGroupId: pulumi.Input<string>;
  readonly instanceIdentifier: pulumi.Input<string>;
  /** The RDS-managed master secret the proxy logs in with. */
  readonly masterSecretArn: pulumi.Input<string>;
  /** The KMS key of that secret. */
  readonly kmsKeyArn: pulumi.Input<string>;
  readonly port: number;
  readonly ctx: AwsContext;
  readonly tags?: Tags;
}

export interface DatabaseProxy {
  readonly name: pulumi.Output<string>;
  readonly endpoint: pulumi.Output<string>;
  readonly securityGroupId: pulumi.Output<string>;
}

/** Pool settings: leave the writer headroom for direct admin sessions and replication. */
const POOL = { maxConnectionsPercent: 90, maxIdleConnectionsPercent: 50, connectionBorrowTimeout: 120 } as const;
const IDLE_CLIENT_TIMEOUT_SECONDS = 1800;

/**
 * An RDS Proxy in front of the writer, logging in with the RDS-managed master
 * secret, TLS required, in the private subnets behind its own security group
 * whose only egress is PostgreSQL to the database. Children belong to `owner`.
 */
export function createDatabaseProxy(owner: pulumi.Resource, name: string, args: DatabaseProxyArgs): DatabaseProxy {
  const parent = { parent: owner };
  const tags = (resourceName: string) => mergeTags(resourceName, args.tags);
  const proxyName = `${name}-proxy`;

  const securityGroup = new aws.ec2.SecurityGroup(
    proxyName,
    { vpcId: args.vpcId, description: `RDS Proxy of ${args.identifier}: ${args.port} from admitted security groups only`, tags: tags(proxyName) },
    parent,
  );
  new aws.vpc.SecurityGroupEgressRule(
    `${proxyName}-to-database`,
    {
      securityGroupId: securityGroup.id,
      referencedSecurityGroupId: args.databaseSecurityGroupId,
      ipProtocol: "tcp",
      fromPort: args.port,
      toPort: args.port,
      description: "PostgreSQL to the database",
    },
    parent,
  );

  const role = new aws.iam.Role(
    proxyName,
    {
      description: `Lets the RDS Proxy of ${args.identifier} read the master secret`,
      // Only RDS Proxies of this account may assume it. The proxy needs the role first and its id (prx-...) is
      // assigned by RDS, so the id is a wildcard, as the RDS guide allows for unknown parts of the source ARN:
      // https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/cross-service-confused-deputy-prevention.html
      assumeRolePolicy: contextDocument(args.ctx, (c) => serviceRoleTrust("rds.amazonaws.com", c, [arns.dbProxy(c, "*")])),
      tags: tags(proxyName),
    },
    parent,
  );
  const policy = new aws.iam.RolePolicy(
    proxyName,
    {
      role: role.id,
      policy: pulumi
        .all([args.masterSecretArn, args.kmsKeyArn, args.ctx.region, args.ctx.dnsSuffix])
        .apply(([secretArn, keyArn, region, dnsSuffix]) =>
          JSON.stringify({
            Version: "2012-10-17",
            Statement: [
              { Sid: "ReadMasterSecret", Effect: "Allow", Action: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"], Resource: secretArn },
              {
                Sid: "DecryptMasterSecret",
                Effect: "Allow",
                Action: "kms:Decrypt",
                Resource: keyArn,
                Condition: { StringEquals: { "kms:ViaService": `secretsmanager.${region}.${dnsSuffix}` } },
              },
            ],
          }),
        ),
    },
    parent,
  );

  const proxy = new aws.rds.Proxy(
    proxyName,
    {
      engineFamily: "POSTGRESQL",
      roleArn: role.arn,
      vpcSubnetIds: args.subnetIds,
      vpcSecurityGroupIds: [securityGroup.id],
      requireTls: true,
      debugLogging: false,
      idleClientTimeout: IDLE_CLIENT_TIMEOUT_SECONDS,
      auths: [
        {
          authScheme: "SECRETS",
          secretArn: args.masterSecretArn,
          iamAuth: "DISABLED",
          clientPasswordAuthType: "POSTGRES_SCRAM_SHA_256",
          description: "The RDS-managed master user",
        },
      ],
      tags: tags(proxyName),
    },
    { parent: owner, dependsOn: [policy] },
  );
  const targetGroup = new aws.rds.ProxyDefaultTargetGroup(proxyName, { dbProxyName: proxy.name, connectionPoolConfig: { ...POOL } }, parent);
  new aws.rds.ProxyTarget(
    proxyName,
    { dbProxyName: proxy.name, targetGroupName: targetGroup.name, dbInstanceIdentifier: args.instanceIdentifier },
    parent,
  );
  return { name: proxy.name, endpoint: proxy.endpoint, securityGroupId: securityGroup.id };
}
