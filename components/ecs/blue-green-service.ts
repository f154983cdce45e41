import * as aws from "../internal/aws";
import * as pulumi from "@pulumi/pulumi";
import { awsContext } from "../internal/aws-context";
import { allowFromPeer, AppSecretRef, AppSetting } from "../internal/connections";
import { createEncryptedLogGroup, LOG_RETENTION_DAYS } from "../internal/log-group";
import { Colour, COLOURS, EcsServiceMetrics } from "../internal/metrics";
import { isSecretLikeName, secretLikeValue } from "../internal/secret-like";
import { mergeTags, Tags } from "../internal/tags";
import { isIntegerBetween, Problems } from "../internal/validation";
import { ServiceCluster } from "./cluster";
import { APP_CONTAINER_NAME, CPU_ARCHITECTURES, CpuArchitecture } from "./constants";
import { buildContainerDefinition, ContainerHealthCheck, httpHealthCheckCommand, ScratchSpace, taskVolumes } from "./container-definition";
import { describeFargateMemory, fargateMemoryChoices } from "./fargate-size";
import { ColourDeployment, NativeDeployment, nativeDeploymentConfiguration, validateNativeDeployment } from "./native-deployment";
import { createServiceScaling, requestCountResourceLabel } from "./scaling";
import {
  createRoleWithPolicy,
  deploymentPolicy,
  ecrRepositoryArn,
  ecsTrustPolicy,
  executionPolicy,
  taskPolicy,
  taskTrustPolicy,
  trustOf,
} from "./task-roles";

export interface CapacityShare {
  /** Tasks that always run on this provider before weights apply. @default 0 */
  readonly base?: number;
  /** Relative share of the tasks beyond the bases. */
  readonly weight: number;
}

export interface ServiceScaling {
  /** Fewest tasks per service; auto scaling never goes below it. */
  readonly minCount: number;
  /** Most tasks per service. */
  readonly maxCount: number;
  /** Tasks when a service is created; auto scaling owns the count afterwards. @default minCount */
  readonly desiredCount?: number;
  /** Average CPU that target tracking holds, 10-90. @default 60 */
  readonly cpuTargetPercent?: number;
  /** ALB requests per target per minute that target tracking holds. @default no request-count policy */
  readonly requestsPerTarget?: number;
}

/** Where the services receive traffic. */
export interface ServiceLoadBalancer {
  /** The only source the app's security group admits, on `containerPort`. */
  readonly securityGroupId: pulumi.Input<string>;
  readonly targetGroupArns: Readonly<Record<Colour, pulumi.Input<string>>>;
  /** `app/<name>/<id>`; required when `scaling.requestsPerTarget` is set. */
  readonly loadBalancerArnSuffix?: pulumi.Input<string>;
  /** The listener rule ECS moves in `native` deployments. */
  readonly productionListenerRuleArn?: pulumi.Input<string>;
  /** Listeners and rules that must exist before a service registers targets (ECS refuses a target group with no load balancer). @default none */
  readonly dependsOn?: readonly pulumi.Resource[];
}

export interface BlueGreenFargateServiceArgs {
  /** The cluster (an `EcsCluster`); its capacity providers and Exec log group and key are used. */
  readonly cluster: ServiceCluster;
  readonly vpcId: pulumi.Input<string>;
  /** The VPC's CIDR: the app may open TCP connections inside it (database, cache, endpoints). */
  readonly vpcCidr: string;
  /** Private subnets for the tasks; they never get a public IP. */
  readonly subnetIds: pulumi.Input<string>[];
  readonly loadBalancer: ServiceLoadBalancer;
  /** Image per colour. In a `native` deployment the service runs `blue`'s image. */
  readonly images: Readonly<Record<Colour, pulumi.Input<string>>>;
  /** Port the app listens on, 1024-65535 (every capability is dropped). */
  readonly containerPort: number;
  /** CPU units of a task, a Fargate size. */
  readonly cpu: number;
  /** Memory of a task in MiB, a size Fargate allows with `cpu`. */
  readonly memoryMiB: number;
  /** @default "X86_64" */
  readonly cpuArchitecture?: CpuArchitecture;
  /** Numeric `uid` or `uid:gid` the container runs as; never root. */
  readonly user: string;
  /** Plain settings from config; secret-looking names and values are refused. @default none */
  readonly environment?: Readonly<Record<string, string>>;
  /** Connection settings from other tiers (hosts, ports). @default none */
  readonly appSettings?: readonly AppSetting[];
  /** Secrets Manager values injected through ECS `secrets`; the execution role may read exactly these. @default none */
  readonly secrets?: readonly AppSecretRef[];
  /** @default a wget of `/` on `containerPort` every 30 s, timeout 5 s, 3 retries, 15 s start period */
  readonly healthCheck?: Partial<ContainerHealthCheck>;
  readonly scaling: ServiceScaling;
  /** Seconds new tasks may fail load balancer health checks. @default 60 */
  readonly healthCheckGracePeriodSeconds?: number;
  /** @default on-demand Fargate only: `{ fargate: { weight: 1 } }` */
  readonly capacity?: { readonly fargate?: CapacityShare; readonly fargateSpot?: CapacityShare };
  /** Days to keep app logs. @default 90 */
  readonly logRetentionDays?: number;
  /** Allow ECS Exec into the tasks (logged by the cluster). @default false */
  readonly executeCommand?: boolean;
  /**
   * The app's writable `/tmp` under its read-only root filesystem: an in-memory
   * `tmpfs` (counts against `memoryMiB`), or an `ephemeral` bind mount, which
   * Fargate makes root-owned, so only an image that declares `VOLUME ["/tmp"]`
   * owned by its user can write to it.
   * @default `{ type: "tmpfs", sizeMiB: 64 }`
   */
  readonly scratch?: Partial<ScratchSpace>;
  /** Make `pulumi up` wait for each service to be stable. @default true */
  readonly waitForSteadyState?: boolean;
  /** @default `{ kind: "colours" }` */
  readonly deployment?: ColourDeployment | NativeDeployment;
  /** Task definition family prefix. @default `<stack>-<name>` */
  readonly familyPrefix?: string;
  readonly tags?: Tags;
}

export const DEFAULT_HEALTH_CHECK: Omit<ContainerHealthCheck, "command"> = { intervalSeconds: 30, timeoutSeconds: 5, retries: 3, startPeriodSeconds: 15 };
const DEFAULT_GRACE_PERIOD_SECONDS = 60;
const DEFAULT_CPU_TARGET_PERCENT = 60;
const DEFAULT_LOG_RETENTION_DAYS = 90;
const ENVIRONMENT_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const NON_ROOT_USER = /^(?!0(:|$))\d+(:\d+)?$/;
const HTTPS_PORT = 443;
export const DEFAULT_SCRATCH: ScratchSpace = { type: "tmpfs", sizeMiB: 64 };

/** Pure validation of {@link BlueGreenFargateServiceArgs}; every problem names the argument. */
export function validateBlueGreenFargateServiceArgs(args: BlueGreenFargateServiceArgs): Problems {
  const p = new Problems();
  p.check(isIntegerBetween(args.containerPort, 1024, 65535), "containerPort", args.containerPort, "an integer from 1024 to 65535 (no capability to bind lower ports)");
  const memory = fargateMemoryChoices(args.cpu);
  p.check(memory.length > 0, "cpu", args.cpu, "a Fargate size: 256, 512, 1024, 2048, 4096, 8192 or 16384");
  if (memory.length > 0) p.check(memory.includes(args.memoryMiB), "memoryMiB", args.memoryMiB, describeFargateMemory(args.cpu));
  const arch = args.cpuArchitecture ?? "X86_64";
  p.check(CPU_ARCHITECTURES.includes(arch), "cpuArchitecture", arch, CPU_ARCHITECTURES.join(" | "));
  p.check(NON_ROOT_USER.test(args.user), "user", args.user, "a numeric non-root uid or uid:gid, such as 1000:1000");

  const s = args.scaling;
  p.check(isIntegerBetween(s.minCount, 1, 1000), "scaling.minCount", s.minCount, "an integer from 1 to 1000");
  p.check(isIntegerBetween(s.maxCount, Math.max(1, s.minCount), 1000), "scaling.maxCount", s.maxCount, `an integer from minCount (${s.minCount}) to 1000`);
  if (s.desiredCount !== undefined) {
    p.check(isIntegerBetween(s.desiredCount, s.minCount, s.maxCount), "scaling.desiredCount", s.desiredCount, `from minCount (${s.minCount}) to maxCount (${s.maxCount})`);
  }
  const cpuTarget = s.cpuTargetPercent ?? DEFAULT_CPU_TARGET_PERCENT;
  p.check(isIntegerBetween(cpuTarget, 10, 90), "scaling.cpuTargetPercent", cpuTarget, "an integer from 10 to 90");
  if (s.requestsPerTarget !== undefined) {
    p.check(isIntegerBetween(s.requestsPerTarget, 1, 100000), "scaling.requestsPerTarget", s.requestsPerTarget, "an integer from 1 to 100000");
    p.check(args.loadBalancer.loadBalancerArnSuffix !== undefined, "loadBalancer.loadBalancerArnSuffix", undefined, "the ALB's ARN suffix when scaling.requestsPerTarget is set");
  }
  const grace = args.healthCheckGracePeriodSeconds ?? DEFAULT_GRACE_PERIOD_SECONDS;
  p.check(isIntegerBetween(grace, 0, 2147483647), "healthCheckGracePeriodSeconds", grace, "an integer from 0 to 2147483647");
  const scratch = { ...DEFAULT_SCRATCH, ...args.scratch };
  p.check(scratch.type === "tmpfs" || scratch.type === "ephemeral", "scratch.type", scratch.type, "tmpfs | ephemeral");
  if (scratch.type === "tmpfs") {
    const most = Math.floor(args.memoryMiB / 2);
    p.check(isIntegerBetween(scratch.sizeMiB, 1, most), "scratch.sizeMiB", scratch.sizeMiB, `an integer from 1 to ${most} (half of memoryMiB: the tmpfs lives in the task's memory)`);
  }
  const retention = args.logRetentionDays ?? DEFAULT_LOG_RETENTION_DAYS;
  p.check((LOG_RETENTION_DAYS as readonly number[]).includes(retention), "logRetentionDays", retention, `one of ${LOG_RETENTION_DAYS.join(", ")}`);

  validateCapacity(p, args);
  validateContainerInputs(p, args);
  if (args.deployment?.kind === "native") validateNativeDeployment(p, args.deployment, args.loadBalancer.productionListenerRuleArn !== undefined);
  return p;
}

function validateCapacity(p: Problems, args: BlueGreenFargateServiceArgs): void {
  const shares = capacityShares(args);
  for (const [provider, share] of Object.entries(shares)) {
    p.check(isIntegerBetween(share.weight, 0, 1000), `capacity.${provider}.weight`, share.weight, "an integer from 0 to 1000");
    p.check(isIntegerBetween(share.base ?? 0, 0, 100000), `capacity.${provider}.base`, share.base, "an integer from 0 to 100000");
  }
  p.check(shares.fargate.weight + shares.fargateSpot.weight > 0, "capacity", args.capacity, "a weight above zero on fargate or fargateSpot");
  p.check(!((shares.fargate.base ?? 0) > 0 && (shares.fargateSpot.base ?? 0) > 0), "capacity.fargateSpot.base", shares.fargateSpot.base, "0 when capacity.fargate.base is set (one base per strategy)");
  p.check(!(usesFargateSpot(shares.fargateSpot) && args.cpuArchitecture === "ARM64"), "capacity.fargateSpot", shares.fargateSpot, "no Fargate Spot with cpuArchitecture ARM64 (Fargate Spot runs X86_64 only)");
}

function validateContainerInputs(p: Problems, args: BlueGreenFargateServiceArgs): void {
  const names = new Map<string, string>();
  const claim = (name: string, argument: string) => {
    const previous = names.get(name);
    p.check(previous === undefined, argument, name, `a name not already used by ${previous}`);
    names.set(name, argument);
  };
  for (const [name, value] of Object.entries(args.environment ?? {})) {
    p.check(ENVIRONMENT_NAME.test(name), `environment.${name}`, name, "letters, digits and _, not starting with a digit");
    p.check(!isSecretLikeName(name), `environment.${name}`, "(hidden)", "a plain setting; a secret-looking name goes through `secrets`");
    const looksLike = secretLikeValue(value);
    p.check(looksLike === undefined, `environment.${name}`, "(hidden)", `a plain setting, not ${looksLike}; pass it through \`secrets\``);
    claim(name, "environment");
  }
  for (const setting of args.appSettings ?? []) {
    p.check(ENVIRONMENT_NAME.test(setting.environmentName), "appSettings", setting.environmentName, "letters, digits and _, not starting with a digit");
    claim(setting.environmentName, "appSettings");
  }
  for (const secret of args.secrets ?? []) {
    p.check(ENVIRONMENT_NAME.test(secret.environmentName), "secrets", secret.environmentName, "letters, digits and _, not starting with a digit");
    p.check(secret.jsonKey === undefined || /^[\w.-]+$/.test(secret.jsonKey), `secrets.${secret.environmentName}.jsonKey`, secret.jsonKey, "a JSON key of letters, digits, _ . -");
    claim(secret.environmentName, "secrets");
  }
  const h = { ...DEFAULT_HEALTH_CHECK, ...args.healthCheck };
  p.check(isIntegerBetween(h.intervalSeconds, 5, 300), "healthCheck.intervalSeconds", h.intervalSeconds, "an integer from 5 to 300");
  p.check(isIntegerBetween(h.timeoutSeconds, 2, Math.min(60, h.intervalSeconds - 1)), "healthCheck.timeoutSeconds", h.timeoutSeconds, `an integer from 2 to 60, below intervalSeconds (${h.intervalSeconds})`);
  p.check(isIntegerBetween(h.retries, 1, 10), "healthCheck.retries", h.retries, "an integer from 1 to 10");
  p.check(isIntegerBetween(h.startPeriodSeconds, 0, 300), "healthCheck.startPeriodSeconds", h.startPeriodSeconds, "an integer from 0 to 300");
  if (args.healthCheck?.command) {
    const [kind, ...rest] = args.healthCheck.command;
    p.check((kind === "CMD" || kind === "CMD-SHELL") && rest.length > 0, "healthCheck.command", args.healthCheck.command, '["CMD", <program>, ...] or ["CMD-SHELL", <script>]');
  }
}

/** True when a capacity share can place tasks on Fargate Spot, which runs X86_64 tasks only. */
export function usesFargateSpot(share: CapacityShare): boolean {
  return share.weight > 0 || (share.base ?? 0) > 0;
}

function capacityShares(args: BlueGreenFargateServiceArgs): { fargate: CapacityShare; fargateSpot: CapacityShare } {
  return { fargate: args.capacity?.fargate ?? { weight: args.capacity ? 0 : 1 }, fargateSpot: args.capacity?.fargateSpot ?? { weight: 0 } };
}

/**
 * The app on ECS Fargate behind the load balancer's blue and green target
 * groups: a task definition and a service per colour (or one service with an
 * ECS native blue/green, linear or canary strategy), separate least-privilege
 * execution and task roles, an encrypted log group, a security group that
 * admits the app port from the load balancer only, and target tracking on CPU
 * and requests per target.
 */
export class BlueGreenFargateService extends pulumi.ComponentResource {
  /** The app's security group: admit it on the database, the cache and the load balancer's egress. */
  readonly securityGroupId: pulumi.Output<string>;
  /** Service name per colour; both colours name the one service in a native deployment. */
  readonly serviceNames: Readonly<Record<Colour, pulumi.Output<string>>>;
  readonly taskDefinitionArns: Readonly<Record<Colour, pulumi.Output<string>>>;
  readonly executionRoleArn: pulumi.Output<string>;
  readonly taskRoleArn: pulumi.Output<string>;
  /** The role ECS assumes to move the listener rule; native deployments only. */
  readonly deploymentRoleArn?: pulumi.Output<string>;
  readonly logGroupName: pulumi.Output<string>;
  readonly metrics: EcsServiceMetrics;

  constructor(name: string, args: BlueGreenFargateServiceArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:ecs:BlueGreenFargateService", name, {}, opts);
    validateBlueGreenFargateServiceArgs(args).throwIfAny(this, `BlueGreenFargateService "${name}"`);

    const parent = { parent: this };
    const tags = (resourceName: string) => mergeTags(resourceName, args.tags);
    const ctx = awsContext(this);
    const cluster = args.cluster;
    const deployment = args.deployment ?? { kind: "colours" };
    const executeCommand = args.executeCommand ?? false;
    const secrets = args.secrets ?? [];
    const scratch: ScratchSpace = { ...DEFAULT_SCRATCH, ...args.scratch };

    // Network: the load balancer is the only source; egress to the VPC (data tier, endpoints) and HTTPS (AWS APIs, registries).
    const sg = new aws.ec2.SecurityGroup(
      name,
      { vpcId: args.vpcId, description: `${name}: app tasks, admitted from the load balancer only`, tags: tags(name) },
      parent,
    );
    allowFromPeer(this, name, "load-balancer", sg.id, { securityGroupId: args.loadBalancer.securityGroupId }, args.containerPort, "App port from the load balancer");
    new aws.vpc.SecurityGroupEgressRule(
      `${name}-to-vpc`,
      { securityGroupId: sg.id, cidrIpv4: args.vpcCidr, ipProtocol: "tcp", fromPort: 0, toPort: 65535, description: "Data tier and VPC endpoints", tags: tags(`${name}-to-vpc`) },
      parent,
    );
    new aws.vpc.SecurityGroupEgressRule(
      `${name}-to-https`,
      { securityGroupId: sg.id, cidrIpv4: "0.0.0.0/0", ipProtocol: "tcp", fromPort: HTTPS_PORT, toPort: HTTPS_PORT, description: "AWS APIs and image registries", tags: tags(`${name}-to-https`) },
      parent,
    );

    const logGroup = createEncryptedLogGroup(
      name,
      { logGroupName: pulumi.interpolate`${cluster.logGroupPrefix}/services/${name}`, retentionInDays: args.logRetentionDays ?? DEFAULT_LOG_RETENTION_DAYS, kmsKeyArn: cluster.kmsKeyArn, tags: tags(name) },
      parent,
    );

    // IAM: ECS's own role (pull, logs, exactly these secrets) and the app's role (ECS Exec only), never the same role.
    const imageList = COLOURS.map((c) => args.images[c]);
    const executionPolicyJson = pulumi
      .all([ctx.partition, ctx.region, ctx.dnsSuffix, logGroup.arn, pulumi.all(imageList), pulumi.all(secrets.map((s) => s.secretArn)), pulumi.all(secrets.map((s) => s.kmsKeyArn))])
      .apply(([partition, region, dnsSuffix, logGroupArn, images, secretArns, secretKmsKeyArns]) =>
        JSON.stringify(
          executionPolicy({
            partition,
            region,
            dnsSuffix,
            logGroupArn,
            repositoryArns: images.map((i) => ecrRepositoryArn(i, partition)).filter((a): a is string => a !== undefined),
            secretArns,
            secretKmsKeyArns,
          }),
        ),
      );
    const execution = createRoleWithPolicy(`${name}-execution`, `${name}: ECS pulls images, writes logs, reads app secrets`, trustOf(ctx, taskTrustPolicy), executionPolicyJson, args.tags, this);
    const taskPolicyJson = executeCommand
      ? pulumi.all([cluster.execLogGroupArn, cluster.execKmsKeyArn]).apply(([execLogGroupArn, execKmsKeyArn]) => JSON.stringify(taskPolicy({ execLogGroupArn, execKmsKeyArn })))
      : undefined;
    const task = createRoleWithPolicy(`${name}-task`, `${name}: the app's own permissions`, trustOf(ctx, taskTrustPolicy), taskPolicyJson, args.tags, this);

    const familyPrefix = args.familyPrefix ?? `${pulumi.getStack()}-${name}`;
    const healthCheck: ContainerHealthCheck = {
      ...DEFAULT_HEALTH_CHECK,
      ...args.healthCheck,
      command: args.healthCheck?.command ?? httpHealthCheckCommand(args.containerPort, "/"),
    };
    const taskDefinition = (key: string, image: pulumi.Input<string>) => {
      const containerDefinitions = pulumi
        .all([image, logGroup.name, ctx.region, pulumi.all((args.appSettings ?? []).map((s) => s.value)), pulumi.all(secrets.map((s) => s.secretArn))])
        .apply(([resolvedImage, logGroupName, region, settingValues, secretArns]) => {
          const environment: Record<string, string> = { ...args.environment };
          (args.appSettings ?? []).forEach((s, i) => (environment[s.environmentName] = settingValues[i]));
          const resolvedSecrets = secrets.map((s, i) => ({ environmentName: s.environmentName, jsonKey: s.jsonKey, secretArn: secretArns[i] }));
          const definition = buildContainerDefinition({
            image: resolvedImage,
            user: args.user,
            containerPort: args.containerPort,
            environment,
            secrets: resolvedSecrets,
            logGroupName,
            region,
            logStreamPrefix: key,
            healthCheck,
            executeCommand,
            scratch,
          });
          return JSON.stringify([definition]);
        });
      const resourceName = key === "app" ? name : `${name}-${key}`;
      return new aws.ecs.TaskDefinition(
        resourceName,
        {
          family: key === "app" ? familyPrefix : `${familyPrefix}-${key}`,
          requiresCompatibilities: ["FARGATE"],
          networkMode: "awsvpc",
          cpu: String(args.cpu),
          memory: String(args.memoryMiB),
          runtimePlatform: { operatingSystemFamily: "LINUX", cpuArchitecture: args.cpuArchitecture ?? "X86_64" },
          executionRoleArn: execution.role.arn,
          taskRoleArn: task.role.arn,
          containerDefinitions,
          volumes: taskVolumes(executeCommand, scratch),
          tags: tags(resourceName),
        },
        parent,
      );
    };

    const shares = capacityShares(args);
    const common = {
      cluster: cluster.clusterArn,
      desiredCount: args.scaling.desiredCount ?? args.scaling.minCount,
      capacityProviderStrategies: [
        { capacityProvider: "FARGATE", base: shares.fargate.base ?? 0, weight: shares.fargate.weight },
        { capacityProvider: "FARGATE_SPOT", base: shares.fargateSpot.base ?? 0, weight: shares.fargateSpot.weight },
      ].filter((s) => s.weight > 0 || s.base > 0),
      platformVersion: "LATEST",
      networkConfiguration: { subnets: args.subnetIds, securityGroups: [sg.id], assignPublicIp: false },
      healthCheckGracePeriodSeconds: args.healthCheckGracePeriodSeconds ?? DEFAULT_GRACE_PERIOD_SECONDS,
      deploymentCircuitBreaker: { enable: true, rollback: true },
      deploymentMinimumHealthyPercent: 100,
      deploymentMaximumPercent: 200,
      enableExecuteCommand: executeCommand,
      enableEcsManagedTags: true,
      propagateTags: "SERVICE",
      waitForSteadyState: args.waitForSteadyState ?? true,
    };
    const serviceDependsOn = [cluster.capacityProviders, ...(execution.policy ? [execution.policy] : []), ...(args.loadBalancer.dependsOn ?? [])];
    const requestLabel = (colour: Colour) =>
      args.loadBalancer.loadBalancerArnSuffix === undefined ? undefined : requestCountResourceLabel(args.loadBalancer.loadBalancerArnSuffix, args.loadBalancer.targetGroupArns[colour]);
    const scale = (resourceName: string, serviceName: pulumi.Output<string>, colours: readonly Colour[]) =>
      createServiceScaling(
        `${resourceName}-scaling`,
        {
          clusterName: cluster.clusterName,
          serviceName,
          minCount: args.scaling.minCount,
          maxCount: args.scaling.maxCount,
          cpuTargetPercent: args.scaling.cpuTargetPercent ?? DEFAULT_CPU_TARGET_PERCENT,
          requestsPerTarget: args.scaling.requestsPerTarget,
          requestResourceLabels: Object.fromEntries(colours.flatMap((c) => (requestLabel(c) ? [[c, requestLabel(c)!]] : []))),
          tags: tags(`${resourceName}-scaling`),
        },
        this,
      );

    const serviceNames = {} as Record<Colour, pulumi.Output<string>>;
    const taskDefinitionArns = {} as Record<Colour, pulumi.Output<string>>;
    if (deployment.kind === "colours") {
      for (const colour of COLOURS) {
        const definition = taskDefinition(colour, args.images[colour]);
        const serviceName = `${name}-${colour}`;
        const service = new aws.ecs.Service(
          serviceName,
          {
            ...common,
            taskDefinition: definition.arn,
            loadBalancers: [{ targetGroupArn: args.loadBalancer.targetGroupArns[colour], containerName: APP_CONTAINER_NAME, containerPort: args.containerPort }],
            tags: tags(serviceName),
          },
          // Auto scaling owns the running count once the service exists.
          { parent: this, dependsOn: serviceDependsOn, ignoreChanges: ["desiredCount"] },
        );
        scale(serviceName, service.name, [colour]);
        serviceNames[colour] = service.name;
        taskDefinitionArns[colour] = definition.arn;
      }
    } else {
      const definition = taskDefinition("app", args.images.blue);
      const ruleArn = args.loadBalancer.productionListenerRuleArn!;
      const deploymentPolicyJson = pulumi
        .all([args.loadBalancer.targetGroupArns.blue, args.loadBalancer.targetGroupArns.green, ruleArn])
        .apply(([blue, green, rule]) => JSON.stringify(deploymentPolicy({ targetGroupArns: [blue, green], listenerRuleArns: [rule] })));
      const deployer = createRoleWithPolicy(`${name}-deployment`, `${name}: ECS shifts listener traffic during deployments`, trustOf(ctx, ecsTrustPolicy), deploymentPolicyJson, args.tags, this);
      const service = new aws.ecs.Service(
        name,
        {
          ...common,
          taskDefinition: definition.arn,
          deploymentController: { type: "ECS" },
          deploymentConfiguration: nativeDeploymentConfiguration(deployment),
          alarms: { alarmNames: [...deployment.alarmNames], enable: true, rollback: true },
          loadBalancers: [
            {
              targetGroupArn: args.loadBalancer.targetGroupArns.blue,
              containerName: APP_CONTAINER_NAME,
              containerPort: args.containerPort,
              advancedConfiguration: { alternateTargetGroupArn: args.loadBalancer.targetGroupArns.green, productionListenerRule: ruleArn, roleArn: deployer.role.arn },
            },
          ],
          tags: tags(name),
        },
        // ECS swaps the primary and alternate target groups on every deployment; Pulumi must not swap them back.
        { parent: this, dependsOn: [...serviceDependsOn, ...(deployer.policy ? [deployer.policy] : [])], ignoreChanges: ["desiredCount", "loadBalancers"] },
      );
      // Request policies on both target groups: the idle one never blocks a scale-out, and whichever is live after a swap is tracked.
      scale(name, service.name, COLOURS);
      for (const colour of COLOURS) {
        serviceNames[colour] = service.name;
        taskDefinitionArns[colour] = definition.arn;
      }
      this.deploymentRoleArn = deployer.role.arn;
    }

    this.securityGroupId = sg.id;
    this.serviceNames = serviceNames;
    this.taskDefinitionArns = taskDefinitionArns;
    this.executionRoleArn = execution.role.arn;
    this.taskRoleArn = task.role.arn;
    this.logGroupName = logGroup.name;
    this.metrics = { kind: "ecs", clusterName: pulumi.output(cluster.clusterName), serviceNames, minimumTasks: args.scaling.minCount, deployment: deployment.kind };
    this.registerOutputs({
      securityGroupId: this.securityGroupId,
      serviceNames: this.serviceNames,
      taskDefinitionArns: this.taskDefinitionArns,
      executionRoleArn: this.executionRoleArn,
      taskRoleArn: this.taskRoleArn,
      deploymentRoleArn: this.deploymentRoleArn,
      logGroupName: this.logGroupName,
    });
  }
}
