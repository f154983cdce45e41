import * as aws from "../internal/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { mergeTags, Tags } from "../internal/tags";
import { Problems } from "../internal/validation";
import { createRole, podIdentityTrustPolicy } from "./iam";

export interface LoadBalancerControllerArgs {
  /** The cluster the controller runs in. */
  readonly clusterName: pulumi.Input<string>;
  /** The cluster's region, given explicitly: IMDS is one hop away from the nodes only. */
  readonly region: pulumi.Input<string>;
  /** The cluster's VPC, given explicitly for the same reason. */
  readonly vpcId: pulumi.Input<string>;
  /** The only target groups the controller may register pods in (one per colour). */
  readonly targetGroupArns: readonly pulumi.Input<string>[];
  /** aws-load-balancer-controller chart version from https://aws.github.io/eks-charts. */
  readonly chartVersion: string;
  /** Provider of the cluster. */
  readonly provider: k8s.Provider;
  /** Replicas of the controller (leader-elected). @default 2 */
  readonly replicas?: number;
  /** Tags for every taggable resource, after `Name`. @default none */
  readonly tags?: Tags;
}

export const LOAD_BALANCER_CONTROLLER_NAMESPACE = "kube-system";
export const LOAD_BALANCER_CONTROLLER_SERVICE_ACCOUNT = "aws-load-balancer-controller";
const CHART_REPOSITORY = "https://aws.github.io/eks-charts";
const DEFAULT_REPLICAS = 2;

/**
 * The controller's IAM policy for TargetGroupBinding only: it reads load
 * balancers, target groups and the VPC's network interfaces, and registers
 * targets in exactly the given target groups. It cannot create load balancers,
 * listeners or security group rules, so Ingress and Service objects stay inert.
 */
export function loadBalancerControllerPolicy(targetGroupArns: readonly string[]): object {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "Describe",
        Effect: "Allow",
        Action: [
          "elasticloadbalancing:DescribeLoadBalancers",
          "elasticloadbalancing:DescribeTargetGroups",
          "elasticloadbalancing:DescribeTargetHealth",
          "elasticloadbalancing:DescribeListeners",
          "elasticloadbalancing:DescribeRules",
          "elasticloadbalancing:DescribeTags",
          "elasticloadbalancing:DescribeTargetGroupAttributes",
          "ec2:DescribeInstances",
          "ec2:DescribeNetworkInterfaces",
          "ec2:DescribeSecurityGroups",
          "ec2:DescribeSubnets",
          "ec2:DescribeVpcs",
          "ec2:DescribeAvailabilityZones",
        ],
        Resource: "*",
      },
      {
        Sid: "RegisterPodsInTheAppTargetGroups",
        Effect: "Allow",
        Action: ["elasticloadbalancing:RegisterTargets", "elasticloadbalancing:DeregisterTargets"],
        Resource: [...targetGroupArns],
      },
    ],
  };
}

/**
 * The AWS Load Balancer Controller, installed with Helm, running under an EKS
 * Pod Identity role limited to registering targets in the app's target groups.
 * The load balancer itself belongs to the edge tier; the controller only keeps
 * each TargetGroupBinding's target group in step with its Service's pods.
 */
export class LoadBalancerController extends pulumi.ComponentResource {
  readonly roleArn: pulumi.Output<string>;
  readonly release: k8s.helm.v3.Release;

  constructor(name: string, args: LoadBalancerControllerArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:eks:LoadBalancerController", name, {}, opts);
    const problems = new Problems();
    problems.check(args.targetGroupArns.length > 0, "targetGroupArns", args.targetGroupArns, "at least one target group");
    problems.check(/^\d+\.\d+\.\d+$/.test(args.chartVersion), "chartVersion", args.chartVersion, "a pinned chart version such as 1.13.0");
    const replicas = args.replicas ?? DEFAULT_REPLICAS;
    problems.check(Number.isInteger(replicas) && replicas >= 1, "replicas", replicas, "an integer of at least 1");
    problems.throwIfAny(this, `LoadBalancerController "${name}"`);

    const parent = { parent: this };
    const role = createRole(
      name,
      podIdentityTrustPolicy(args.clusterName, LOAD_BALANCER_CONTROLLER_NAMESPACE, LOAD_BALANCER_CONTROLLER_SERVICE_ACCOUNT),
      "AWS Load Balancer Controller (TargetGroupBinding only)",
      mergeTags(name, args.tags),
      parent,
    );
    const policy = new aws.iam.RolePolicy(
      name,
      { role: role.name, policy: pulumi.all([...args.targetGroupArns]).apply((arns) => JSON.stringify(loadBalancerControllerPolicy(arns))) },
      parent,
    );
    const association = new aws.eks.PodIdentityAssociation(
      name,
      {
        clusterName: args.clusterName,
        namespace: LOAD_BALANCER_CONTROLLER_NAMESPACE,
        serviceAccount: LOAD_BALANCER_CONTROLLER_SERVICE_ACCOUNT,
        roleArn: role.arn,
        tags: mergeTags(name, args.tags),
      },
      { parent: this, dependsOn: [policy] },
    );

    this.release = new k8s.helm.v3.Release(
      name,
      {
        name: "aws-load-balancer-controller",
        chart: "aws-load-balancer-controller",
        version: args.chartVersion,
        repositoryOpts: { repo: CHART_REPOSITORY },
        namespace: LOAD_BALANCER_CONTROLLER_NAMESPACE,
        atomic: true,
        cleanupOnFail: true,
        values: {
          clusterName: args.clusterName,
          // Given explicitly: with IMDS limited to one hop the controller cannot look them up.
          region: args.region,
          vpcId: args.vpcId,
          replicaCount: replicas,
          serviceAccount: { create: true, name: LOAD_BALANCER_CONTROLLER_SERVICE_ACCOUNT },
          // Only TargetGroupBindings: the edge tier owns the load balancer, so Services of type LoadBalancer stay untouched.
          enableServiceMutatorWebhook: false,
          podDisruptionBudget: { maxUnavailable: 1 },
          securityContext: { runAsNonRoot: true, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } },
          resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { memory: "256Mi" } },
        },
      },
      { parent: this, provider: args.provider, dependsOn: [association] },
    );
    this.roleArn = role.arn;
    this.registerOutputs({ roleArn: this.roleArn });
  }
}
