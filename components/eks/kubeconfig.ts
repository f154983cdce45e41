import * as pulumi from "@pulumi/pulumi";

export interface KubeconfigInputs {
  readonly clusterName: string;
  readonly endpoint: string;
  /** Base64 certificate authority data of the API server. */
  readonly certificateAuthorityData: string;
  readonly region: string;
}

/**
 * A kubeconfig whose user runs `aws eks get-token` on every request, so no
 * token is ever stored in state: credentials come from the AWS identity that
 * runs Pulumi, and access is granted by the cluster's access entries.
 */
export function buildKubeconfig(c: KubeconfigInputs): string {
  return JSON.stringify({
    apiVersion: "v1",
    kind: "Config",
    clusters: [{ name: c.clusterName, cluster: { server: c.endpoint, "certificate-authority-data": c.certificateAuthorityData } }],
    contexts: [{ name: c.clusterName, context: { cluster: c.clusterName, user: c.clusterName } }],
    "current-context": c.clusterName,
    users: [
      {
        name: c.clusterName,
        user: {
          exec: {
            apiVersion: "client.authentication.k8s.io/v1beta1",
            command: "aws",
            args: ["eks", "get-token", "--cluster-name", c.clusterName, "--region", c.region, "--output", "json"],
            interactiveMode: "Never",
          },
        },
      },
    ],
  });
}

export function kubeconfigOutput(inputs: {
  clusterName: pulumi.Input<string>;
  endpoint: pulumi.Input<string>;
  certificateAuthorityData: pulumi.Input<string>;
  region: pulumi.Input<string>;
}): pulumi.Output<string> {
  return pulumi.all([inputs.clusterName, inputs.endpoint, inputs.certificateAuthorityData, inputs.region]).apply(([clusterName, endpoint, certificateAuthorityData, region]) =>
    buildKubeconfig({ clusterName, endpoint, certificateAuthorityData, region }),
  );
}
