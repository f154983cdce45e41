/**
 * In-memory implementations of the failover's and the drill's interfaces.
 * The standby applies a stage the way `pulumi up` would (its outputs follow
 * the stage written); the drill workspace keeps its stacks and their recorded
 * progress in maps. Time is the release tests' fake clock, so nothing waits.
 */
import { DatabaseSignal, DatabaseStatus, SnapshotStatus } from "../../scripts/recovery/aws-rds";
import { DnsResolver } from "../../scripts/recovery/dns";
import { StandbySnapshot, StandbyStack } from "../../scripts/failover/standby";
import { StructuredConfig } from "../../scripts/drill/drill-config";
import { DrillOutputs, DrillStack, DrillState, DrillWorkspace, SourceStack } from "../../scripts/drill/workspace";
import { TargetHealth } from "../../scripts/release/types";
import { FailoverStage } from "../../stacks/config/disaster-recovery";

export const TARGET_GROUP = "arn:aws:elasticloadbalancing:eu-central-1:123456789012:targetgroup/edge-blue/0123456789abcdef";
export const DR_BALANCER = "edge-1.eu-central-1.elb.amazonaws.com";

export function standbySnapshot(stage: FailoverStage = "standby"): StandbySnapshot {
  return {
    stackName: "prod-dr",
    region: "eu-central-1",
    stage,
    primaryStack: "acme/platform/prod",
    databaseIdentifier: "platform-prod-dr",
    liveColour: "blue",
    liveTargetGroupArn: TARGET_GROUP,
    loadBalancerDnsName: DR_BALANCER,
    domain: "app.example.com",
    activeMinCount: 3,
    worstCaseSwitchSeconds: 160,
  };
}

export class InMemoryStandby implements StandbyStack {
  readonly stackName = "prod-dr";
  readonly advances: { stage: FailoverStage; message: string }[] = [];
  holder?: string;
  /** Called before a stage is applied; throw from it to make the update fail. */
  beforeAdvance?: (stage: FailoverStage) => void;

  constructor(public stage: FailoverStage = "standby") {}

  async read(): Promise<StandbySnapshot> {
    return standbySnapshot(this.stage);
  }

  async activeUpdate(): Promise<string | undefined> {
    return this.holder;
  }

  async advance(stage: FailoverStage, message: string): Promise<void> {
    this.advances.push({ stage, message });
    this.beforeAdvance?.(stage);
    this.stage = stage;
  }
}

export function targets(healthy: number, extra: Partial<TargetHealth> = {}): TargetHealth {
  return { healthy, unhealthy: [], transitioning: 0, unused: [], ...extra };
}

export class ScriptedDatabase implements DatabaseSignal {
  status: DatabaseStatus = {
    identifier: "platform-prod-dr",
    status: "available",
    replicaOf: "arn:aws:rds:eu-west-1:123456789012:db:platform-prod",
    replication: { status: "replicating", normal: true },
  };
  snapshots: Record<string, SnapshotStatus> = {};
  restorable: Record<string, Date> = {};

  async database(identifier: string): Promise<DatabaseStatus> {
    if (identifier === this.status.identifier) return this.status;
    const latestRestorableTime = this.restorable[identifier];
    if (!latestRestorableTime) throw new Error(`DB instance ${identifier} not found`);
    return { identifier, status: "available", latestRestorableTime };
  }

  async snapshot(identifier: string): Promise<SnapshotStatus> {
    const snapshot = this.snapshots[identifier];
    if (!snapshot) throw new Error(`DB snapshot ${identifier} not found`);
    return snapshot;
  }
}

/** Answers from a table that a test changes as "time" goes by. */
export class TableResolver implements DnsResolver {
  constructor(public table: Record<string, string[]>) {}

  async addresses(name: string): Promise<string[]> {
    return this.table[name] ?? [];
  }
}

export const PROD_SOURCE: SourceStack = {
  stackName: "prod",
  region: "eu-west-1",
  config: {
    "aws:region": "eu-west-1",
    "platform:environment": "prod",
    "platform:database": { identifier: "orders-prod", backupRetentionDays: 30, protect: true },
    "platform:traffic": { domain: "app.example.com", hostedZoneId: "Z0123456789EXAMPLEPRD" },
    "platform:monitoring": { subscriptions: { critical: { https: { pagerduty: "https://events.pagerduty.com/x" } } } },
  },
  secretKeys: ["platform:monitoring"],
  databaseIdentifier: "orders-prod",
  certificateArn: "arn:aws:acm:eu-west-1:123456789012:certificate/11111111-2222-4333-8444-555555555555",
};

export class InMemoryDrillStack implements DrillStack {
  readonly updates: string[] = [];
  destroyed = false;
  state_: DrillState;
  /** Throw from these to make a step fail. */
  beforeDeploy?: () => void;
  beforeDestroy?: () => void;

  constructor(
    readonly stackName: string,
    readonly config: StructuredConfig,
    readonly secretKeys: readonly string[],
    state: DrillState,
    private readonly deployed: DrillOutputs,
  ) {
    this.state_ = state;
  }

  async state(): Promise<DrillState> {
    return this.state_;
  }

  async record(state: DrillState): Promise<void> {
    this.state_ = state;
  }

  async deploy(message: string): Promise<DrillOutputs> {
    this.updates.push(message);
    this.beforeDeploy?.();
    return this.deployed;
  }

  async outputs(): Promise<DrillOutputs> {
    return this.deployed;
  }

  async destroy(): Promise<void> {
    this.beforeDestroy?.();
    this.destroyed = true;
  }
}

export const DRILL_OUTPUTS: DrillOutputs = {
  liveTargetGroupArn: "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/edge-blue/fedcba9876543210",
  databaseIdentifier: "platform-prod-drill-20261123-150000",
};

export class InMemoryDrillWorkspace implements DrillWorkspace {
  readonly stacks = new Map<string, InMemoryDrillStack>();
  /** Applied to each stack the drill creates, before it is used. */
  onCreate?: (stack: InMemoryDrillStack) => void;

  constructor(readonly sourceStack: SourceStack = PROD_SOURCE) {}

  async source(stackName: string): Promise<SourceStack> {
    if (stackName !== this.sourceStack.stackName) throw new Error(`no stack named ${stackName}`);
    return this.sourceStack;
  }

  async leftovers(source: string): Promise<string[]> {
    return [...this.stacks.keys()].filter((name) => name.startsWith(`${source}-drill-`) && !this.stacks.get(name)!.destroyed);
  }

  async create(stackName: string, config: StructuredConfig, secretKeys: readonly string[], state: DrillState): Promise<DrillStack> {
    const stack = new InMemoryDrillStack(stackName, config, secretKeys, state, DRILL_OUTPUTS);
    this.stacks.set(stackName, stack);
    this.onCreate?.(stack);
    return stack;
  }

  async select(stackName: string): Promise<DrillStack> {
    const stack = this.stacks.get(stackName);
    if (!stack) throw new Error(`no stack named ${stackName}`);
    return stack;
  }
}
