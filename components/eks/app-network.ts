/**
 * NetworkPolicies of the app namespace, as plain specs: deny everything, then
 * allow exactly what the app needs. Enforced by the VPC CNI's network policy
 * agent (`enableNetworkPolicy`), on top of the pods' own security group.
 */
import * as k8s from "@pulumi/kubernetes";

type NetworkPolicySpec = k8s.types.input.networking.v1.NetworkPolicySpec;

export interface NetworkPolicySpecInputs {
  readonly appName: string;
  readonly containerPort: number;
  /** The VPC CIDR: the load balancer's nodes sit in its public subnets (the security group narrows it to the ALB). */
  readonly vpcCidr: string;
  /** Database subnets' CIDRs, reached on `dataPorts`. */
  readonly dataCidrs: readonly string[];
  readonly dataPorts: readonly number[];
  /** Namespace whose Prometheus scrapes the app; no scrape allow when absent. */
  readonly monitoringNamespace?: string;
}

/** Link-local instance metadata: never reachable from app pods. */
export const INSTANCE_METADATA_CIDR = "169.254.169.254/32";

export function networkPolicySpecs(i: NetworkPolicySpecInputs): Record<string, NetworkPolicySpec> {
  const app = { matchLabels: { "app.kubernetes.io/name": i.appName } };
  const httpPort = [{ protocol: "TCP", port: i.containerPort }];
  const specs: Record<string, NetworkPolicySpec> = {
    "default-deny": { podSelector: {}, policyTypes: ["Ingress", "Egress"] },
    "allow-from-load-balancer": {
      podSelector: app,
      policyTypes: ["Ingress"],
      ingress: [{ from: [{ ipBlock: { cidr: i.vpcCidr } }], ports: httpPort }],
    },
    "allow-dns": {
      podSelector: {},
      policyTypes: ["Egress"],
      egress: [
        {
          to: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } }, podSelector: { matchLabels: { "k8s-app": "kube-dns" } } }],
          ports: [
            { protocol: "UDP", port: 53 },
            { protocol: "TCP", port: 53 },
          ],
        },
      ],
    },
    // AWS APIs (STS for IRSA, Secrets Manager) over HTTPS, anywhere but the instance metadata service.
    "allow-aws-apis": {
      podSelector: app,
      policyTypes: ["Egress"],
      egress: [{ to: [{ ipBlock: { cidr: "0.0.0.0/0", except: [INSTANCE_METADATA_CIDR] } }], ports: [{ protocol: "TCP", port: 443 }] }],
    },
  };
  if (i.dataCidrs.length > 0 && i.dataPorts.length > 0) {
    specs["allow-data-stores"] = {
      podSelector: app,
      policyTypes: ["Egress"],
      egress: [{ to: i.dataCidrs.map((cidr) => ({ ipBlock: { cidr } })), ports: i.dataPorts.map((port) => ({ protocol: "TCP", port })) }],
    };
  }
  if (i.monitoringNamespace) {
    specs["allow-prometheus-scrape"] = {
      podSelector: app,
      policyTypes: ["Ingress"],
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": i.monitoringNamespace } } }], ports: httpPort }],
    };
  }
  return specs;
}
