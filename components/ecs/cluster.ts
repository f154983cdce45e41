import * as aws from "../internal/aws";
import * as pulumi from "@pulumi/pulumi";
import { awsContext } from "../internal/aws-context";
import { createEncryptionKey } from "../internal/kms";
import { createEncryptedLogGroup, LOG_RETENTION_DAYS, stackLogGroupName } from "../internal/log-group";
import { mergeTags, Tags } from "../internal/tags";
import { Problems } from "../internal/validation";
import { CONTAINER_INSIGHTS, ContainerInsightsLevel } from "./constants";

export interface EcsClusterArgs {
  /**
   * Container Insights level: `enhanced` adds task- and container-level metrics.
   * @default "enhanced"
   */
  readonly containerInsights?: ContainerInsightsLevel;
  /**
   * Bring your own KMS key for the cluster's log groups (ECS Exec logs and the
   * app log groups of services on this cluster, all under `logGroupPrefix`);
   * its policy must let CloudWatch Logs use it for `<logGroupPrefix>/*`.
   * @default a new key with rotation, admitting those log groups only
   */
  readonly kmsKeyArn?: pulumi.Input<string>;
  /**
   * Bring your own KMS key for ECS Exec sessions (the data between the client
   * and the container); the tasks' role may decrypt with it and nothing else.
   * @default a new key with rotation, of its own so Exec never shares a key with logs
   */
  readonly execKmsKeyArn?: pulumi.Input<string>;
  /**
   * Days to keep ECS Exec session logs; one of CloudWatch's retention values.
   * @default 90
   */
  readonly execLogRetentionDays?: number;
  /** Tags for every taggable resource, after `Name`. */
  readonly tags?: Tags;
}

export const DEFAULT_LOG_RETENTION_DAYS = 90;
/** The capacity providers every cluster offers; a service's strategy picks among them. */
export const FARGATE_CAPACITY_PROVIDERS = ["FARGATE", "FARGATE_SPOT"] as const;

/** Pure validation of {@link EcsClusterArgs}. */
export function validateEcsClusterArgs(args: EcsClusterArgs): Problems {
  const problems = new Problems();
  const insights = args.containerInsights ?? "enhanced";
  problems.check(CONTAINER_INSIGHTS.includes(insights), "containerInsights", insights, CONTAINER_INSIGHTS.join(" | "));
  const retention = args.execLogRetentionDays ?? DEFAULT_LOG_RETENTION_DAYS;
  problems.check((LOG_RETENTION_DAYS as readonly number[]).includes(retention), "execLogRetentionDays", retention, `one of ${LOG_RETENTION_DAYS.join(", ")}`);
  return problems;
}

/**
 * What a service needs of its cluster. An {@link EcsCluster} is one; a program
 * in another language passes these outputs of its cluster.
 */
export interface ServiceCluster {
  readonly clusterName: pulumi.Input<string>;
  readonly clusterArn: pulumi.Input<string>;
  /** Encrypts the service's log groups; its policy must let CloudWatch Logs use it for `<logGroupPrefix>/*`. */
  readonly kmsKeyArn: pulumi.Input<string>;
  /** The service's log group is `<logGroupPrefix>/services/<service name>`. */
  readonly logGroupPrefix: pulumi.Input<string>;
  /** Encrypts ECS Exec sessions; the task role may decrypt with it. */
  readonly execKmsKeyArn: pulumi.Input<string>;
  /** Where ECS Exec sessions log; the task role may write to it. */
  readonly execLogGroupArn: pulumi.Input<string>;
  /** Services wait for it, so a strategy never names a provider the cluster lacks. */
  readonly capacityProviders: aws.ecs.ClusterCapacityProviders;
}

/**
 * An ECS cluster for Fargate: Container Insights on, ECS Exec sessions
 * encrypted with a KMS key and logged to an encrypted log group, and the
 * FARGATE and FARGATE_SPOT capacity providers attached (each service chooses
 * its own strategy; the cluster default is on-demand Fargate).
 */
export class EcsCluster extends pulumi.ComponentResource {
  readonly clusterName: pulumi.Output<string>;
  readonly clusterArn: pulumi.Output<string>;
  /** The key of the cluster's log groups; services use it for their log groups, named under `logGroupPrefix`. */
  readonly kmsKeyArn: pulumi.Output<string>;
  /** The key that encrypts ECS Exec sessions. */
  readonly execKmsKeyArn: pulumi.Output<string>;
  /** `/<project>/<stack>/<name>`: the cluster's log groups (`/exec`, `/services/<service>`) are named under it, and its key admits `<prefix>/*` only. */
  readonly logGroupPrefix: string;
  readonly execLogGroupName: pulumi.Output<string>;
  readonly execLogGroupArn: pulumi.Output<string>;
  /**
   * The capacity provider association; services depend on it so that a
   * strategy never names a provider the cluster does not have yet.
   */
  readonly capacityProviders: aws.ecs.ClusterCapacityProviders;

  constructor(name: string, args: EcsClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:ecs:EcsCluster", name, {}, opts);
    validateEcsClusterArgs(args).throwIfAny(this, `EcsCluster "${name}"`);

    const parent = { parent: this };
    const tags = (resourceName: string) => mergeTags(resourceName, args.tags);
    const ctx = awsContext(this);
    const logGroupPrefix = stackLogGroupName(name);
    const kmsKeyArn = args.kmsKeyArn
      ? pulumi.output(args.kmsKeyArn)
      : createEncryptionKey(`${name}-key`, { description: `ECS cluster ${name}: container and Exec logs`, logGroupNames: [`${logGroupPrefix}/*`], tags: tags(`${name}-key`) }, ctx, parent)
          .arn;
    // Exec sessions get a key of their own: the tasks' role may decrypt with it, and it opens nothing else.
    const execKmsKeyArn = args.execKmsKeyArn
      ? pulumi.output(args.execKmsKeyArn)
      : createEncryptionKey(`${name}-exec-sessions`, { description: `ECS cluster ${name}: Exec sessions`, tags: tags(`${name}-exec-sessions`) }, ctx, parent).arn;

    const execLogs = createEncryptedLogGroup(
      `${name}-exec`,
      { logGroupName: `${logGroupPrefix}/exec`, retentionInDays: args.execLogRetentionDays ?? DEFAULT_LOG_RETENTION_DAYS, kmsKeyArn, tags: tags(`${name}-exec`) },
      parent,
    );

    const cluster = new aws.ecs.Cluster(
      name,
      {
        settings: [{ name: "containerInsights", value: args.containerInsights ?? "enhanced" }],
        configuration: {
          executeCommandConfiguration: {
            kmsKeyId: execKmsKeyArn,
            logging: "OVERRIDE",
            logConfiguration: { cloudWatchLogGroupName: execLogs.name, cloudWatchEncryptionEnabled: true },
          },
        },
        tags: tags(name),
      },
      parent,
    );

    this.capacityProviders = new aws.ecs.ClusterCapacityProviders(
      `${name}-capacity`,
      {
        clusterName: cluster.name,
        capacityProviders: [...FARGATE_CAPACITY_PROVIDERS],
        defaultCapacityProviderStrategies: [{ capacityProvider: "FARGATE", base: 0, weight: 1 }],
      },
      parent,
    );

    this.clusterName = cluster.name;
    this.clusterArn = cluster.arn;
    this.kmsKeyArn = kmsKeyArn;
    this.execKmsKeyArn = execKmsKeyArn;
    this.logGroupPrefix = logGroupPrefix;
    this.execLogGroupName = execLogs.name;
    this.execLogGroupArn = execLogs.arn;
    this.registerOutputs({
      clusterName: this.clusterName,
      clusterArn: this.clusterArn,
      kmsKeyArn: this.kmsKeyArn,
      execKmsKeyArn: this.execKmsKeyArn,
      execLogGroupName: this.execLogGroupName,
    });
  }
}
