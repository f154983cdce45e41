import * as aws from "./aws";
import * as pulumi from "@pulumi/pulumi";

/** Anything with a security group that can be named as a traffic source, like CDK's `IConnectable`. */
export interface SecurityGroupPeer {
  readonly securityGroupId: pulumi.Input<string>;
}

/**
 * Admits TCP `port` into `targetSecurityGroupId` from the peer's security group
 * only, as a standalone rule so that either side can be replaced alone. The
 * rule is named `<owner>-from-<key>`: the key, not a list position, is its identity.
 */
export function allowFromPeer(
  owner: pulumi.Resource,
  ownerName: string,
  key: string,
  targetSecurityGroupId: pulumi.Input<string>,
  peer: SecurityGroupPeer,
  port: number,
  description: string,
): aws.vpc.SecurityGroupIngressRule {
  return new aws.vpc.SecurityGroupIngressRule(
    `${ownerName}-from-${key}`,
    {
      securityGroupId: targetSecurityGroupId,
      referencedSecurityGroupId: peer.securityGroupId,
      ipProtocol: "tcp",
      fromPort: port,
      toPort: port,
      description,
    },
    { parent: owner },
  );
}

/**
 * A Secrets Manager value the app receives as an environment variable through
 * the platform's secret injection (ECS `secrets`, or a Kubernetes Secret
 * synced by the platform), never as a plain `environment` value.
 */
export interface AppSecretRef {
  /** Environment variable name in the container, such as `DB_PASSWORD`. */
  readonly environmentName: string;
  readonly secretArn: pulumi.Output<string>;
  /** Key inside a JSON secret, such as `password`; the whole value when absent. */
  readonly jsonKey?: string;
  /** KMS key that encrypts the secret; readers need `kms:Decrypt` on it. */
  readonly kmsKeyArn: pulumi.Output<string>;
}

/** A non-secret connection setting, such as `DB_HOST`. */
export interface AppSetting {
  readonly environmentName: string;
  readonly value: pulumi.Input<string>;
}
