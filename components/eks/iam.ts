import * as aws from "../internal/aws";
import * as pulumi from "@pulumi/pulumi";
import { Tags } from "../internal/tags";

/** Trust policy of a role that an AWS service (EKS, EC2) assumes. */
export function serviceTrustPolicy(service: string, extraActions: string[] = []): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { Service: service }, Action: ["sts:AssumeRole", ...extraActions] }],
  });
}

/**
 * Trust policy of an EKS Pod Identity role. EKS Pod Identity assumes it and
 * tags the session with the pod's cluster, namespace and service account
 * (https://docs.aws.amazon.com/eks/latest/userguide/pod-id-role.html), so the
 * role is usable by the one service account of this cluster only, not by any
 * association in the account. Session tags must stay on for the association
 * (`disableSessionTags` unset), or nothing can assume the role.
 */
export function podIdentityTrustPolicy(clusterName: pulumi.Input<string>, namespace: string, serviceAccount: string): pulumi.Output<string> {
  return pulumi.output(clusterName).apply((cluster) =>
    JSON.stringify({
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: { Service: "pods.eks.amazonaws.com" },
          Action: ["sts:AssumeRole", "sts:TagSession"],
          Condition: {
            StringEquals: {
              "aws:RequestTag/eks-cluster-name": cluster,
              "aws:RequestTag/kubernetes-namespace": namespace,
              "aws:RequestTag/kubernetes-service-account": serviceAccount,
            },
          },
        },
      ],
    }),
  );
}

/**
 * Trust policy of an IAM role for a service account (IRSA): only the one
 * ServiceAccount `namespace/serviceAccount` of this cluster's OIDC issuer, and
 * only for the STS audience.
 */
export function irsaTrustPolicy(oidcProviderArn: pulumi.Input<string>, oidcIssuer: pulumi.Input<string>, namespace: string, serviceAccount: string): pulumi.Output<string> {
  return pulumi.all([oidcProviderArn, oidcIssuer]).apply(([arn, issuer]) => {
    const host = issuer.replace(/^https:\/\//, "");
    return JSON.stringify({
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: { Federated: arn },
          Action: "sts:AssumeRoleWithWebIdentity",
          Condition: {
            StringEquals: { [`${host}:sub`]: `system:serviceaccount:${namespace}:${serviceAccount}`, [`${host}:aud`]: "sts.amazonaws.com" },
          },
        },
      ],
    });
  });
}

/** Attaches AWS managed policies by name, each attachment named after the policy. */
export function attachManagedPolicies(
  name: string,
  role: aws.iam.Role,
  partition: pulumi.Input<string>,
  policies: readonly string[],
  opts: pulumi.CustomResourceOptions,
): aws.iam.RolePolicyAttachment[] {
  return policies.map(
    (policy) =>
      new aws.iam.RolePolicyAttachment(
        `${name}-${policy.split("/").pop()}`,
        { role: role.name, policyArn: pulumi.interpolate`arn:${partition}:iam::aws:policy/${policy}` },
        opts,
      ),
  );
}

/** A role for an AWS service or Pod Identity, tagged. */
export function createRole(name: string, assumeRolePolicy: pulumi.Input<string>, description: string, tags: Tags, opts: pulumi.CustomResourceOptions): aws.iam.Role {
  return new aws.iam.Role(name, { assumeRolePolicy, description, tags }, opts);
}

/** How a workload in the cluster receives an IAM role: EKS Pod Identity or IAM roles for service accounts. */
export type WorkloadIdentity = "podIdentity" | "irsa";
export const WORKLOAD_IDENTITIES = ["podIdentity", "irsa"] as const satisfies readonly WorkloadIdentity[];

/**
 * Trust policy of a workload's role: Pod Identity for only `namespace/serviceAccount` of this cluster (by the session
 * tags EKS sets), or IRSA for only that service account through the cluster's OIDC issuer.
 */
export function workloadRoleTrustPolicy(
  identity: WorkloadIdentity,
  cluster: { readonly clusterName: pulumi.Input<string>; readonly oidcProviderArn?: pulumi.Input<string>; readonly oidcIssuer?: pulumi.Input<string> },
  namespace: string,
  serviceAccount: string,
): pulumi.Output<string> {
  if (identity === "podIdentity") return podIdentityTrustPolicy(cluster.clusterName, namespace, serviceAccount);
  if (cluster.oidcProviderArn === undefined || cluster.oidcIssuer === undefined) throw new Error(`IRSA for ${namespace}/${serviceAccount} needs the cluster's OIDC provider and issuer`);
  return irsaTrustPolicy(cluster.oidcProviderArn, cluster.oidcIssuer, namespace, serviceAccount);
}
