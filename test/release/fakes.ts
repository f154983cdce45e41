/**
 * In-memory implementations of the release controller's interfaces. The
 * stack applies an update to its outputs the way `pulumi up` would (weights
 * and images follow the config written), and the clock advances only when
 * the controller sleeps, so no test waits in real time.
 */
import { ControllerDependencies, ReleaseController } from "../../scripts/release/controller";
import {
  AlarmState,
  Clock,
  Colour,
  DatabaseBackups,
  HealthSignal,
  ReleaseSnapshot,
  StackBusyError,
  StackChange,
  StackOperations,
  StackSnapshot,
  TargetHealth,
  Weights,
} from "../../scripts/release/types";
import { trafficSchema, TrafficConfig } from "../../stacks/config/traffic";

export const OLD = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:1.0.0";
export const NEW = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:1.1.0";
export const PREVIOUS_IDLE = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:0.9.0";
export const ALARM_NAME = "staging-deployment-health";
/** Each colour's deployment health, as `deploymentHealthAlarmNames` gives them. */
export const COLOUR_ALARMS: Readonly<Record<Colour, string>> = { blue: `${ALARM_NAME}-blue`, green: `${ALARM_NAME}-green` };

/** A release of {@link NEW}, as `npm run release` asks the controller for one. */
export const releaseRequest = (extra: { strategy?: string; bakeMs?: number; dryRun?: boolean } = {}) => ({ kind: "release" as const, image: NEW, ...extra });

export function snapshot(weights: Weights = { blue: 100, green: 0 }, images: Record<Colour, string> = { blue: OLD, green: PREVIOUS_IDLE }): StackSnapshot {
  return {
    weights,
    images,
    targetGroupArns: {
      blue: "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/staging-blue/0123456789abcdef",
      green: "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/staging-green/fedcba9876543210",
    },
    alarmName: ALARM_NAME,
  };
}

export interface RecordedUpdate {
  readonly change: StackChange;
  readonly message: string;
}

export class InMemoryStack implements StackOperations {
  readonly stackName = "staging";
  readonly updates: RecordedUpdate[] = [];
  traffic: TrafficConfig = trafficSchema.parse(undefined);
  /** Another update holding the lock, as `activeUpdate` reports it. */
  holder?: string;
  /** Called before each update is applied; throw from it to make the update fail. */
  beforeUpdate?: (change: StackChange, index: number, onOutput?: (chunk: string) => void) => void;
  reads = 0;

  constructor(public outputs: StackSnapshot = snapshot()) {}

  async trafficConfig(): Promise<TrafficConfig> {
    return this.traffic;
  }

  async read(): Promise<StackSnapshot> {
    this.reads += 1;
    return this.outputs;
  }

  async activeUpdate(): Promise<string | undefined> {
    return this.holder;
  }

  async lastUpdateMessage(): Promise<string | undefined> {
    return this.updates.at(-1)?.message;
  }

  async update(change: StackChange, message: string, onOutput?: (chunk: string) => void): Promise<void> {
    const index = this.updates.length;
    this.updates.push({ change, message });
    this.beforeUpdate?.(change, index, onOutput);
    const images = change.image ? { ...this.outputs.images, [change.image.colour]: change.image.image } : this.outputs.images;
    this.outputs = { ...this.outputs, weights: change.weights ?? this.outputs.weights, images };
  }

  /** The weights of every update that wrote them, in order. */
  get weightHistory(): Weights[] {
    return this.updates.flatMap((u) => (u.change.weights ? [u.change.weights] : []));
  }
}

export const HEALTHY: TargetHealth = { healthy: 3, unhealthy: [], transitioning: 0, unused: [] };
export const LOAD_BALANCER = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/staging/0123456789abcdef";

export class ScriptedHealth implements HealthSignal {
  /** An alarm's state, asked each time the controller reads it. */
  alarm: (alarmName: string) => AlarmState = () => "OK";
  /** The names of the alarms read, in order. */
  readonly alarmsRead: string[] = [];
  targets: (colour: Colour) => TargetHealth = () => HEALTHY;
  /** The load balancers each colour's target group is attached to (through a listener). */
  loadBalancers: (colour: Colour) => readonly string[] = () => [LOAD_BALANCER];
  alarmReads = 0;
  targetReads: Colour[] = [];
  groupReads: Colour[] = [];

  constructor(private readonly arns: Record<Colour, string> = snapshot().targetGroupArns) {}

  async alarmState(alarmName: string): Promise<AlarmState> {
    if (alarmName !== ALARM_NAME && !Object.values(COLOUR_ALARMS).includes(alarmName)) throw new Error(`unexpected alarm ${alarmName}`);
    this.alarmReads += 1;
    this.alarmsRead.push(alarmName);
    return this.alarm(alarmName);
  }

  async targetHealth(targetGroupArn: string): Promise<TargetHealth> {
    const colour = this.colourOf(targetGroupArn);
    this.targetReads.push(colour);
    return this.targets(colour);
  }

  async loadBalancersOf(targetGroupArn: string): Promise<readonly string[]> {
    const colour = this.colourOf(targetGroupArn);
    this.groupReads.push(colour);
    return this.loadBalancers(colour);
  }

  private colourOf(targetGroupArn: string): Colour {
    const colour = (Object.keys(this.arns) as Colour[]).find((c) => this.arns[c] === targetGroupArn);
    if (!colour) throw new Error(`unexpected target group ${targetGroupArn}`);
    return colour;
  }
}

/**
 * RDS snapshots in memory: a created snapshot is `creating` for
 * `creatingReads` status reads, then `available` (or `failStatus`).
 */
export class InMemoryBackups implements DatabaseBackups {
  readonly snapshots = new Map<string, { instanceId: string; tags: Readonly<Record<string, string>>; createdAt: Date; reads: number; status?: string }>();
  readonly created: string[] = [];
  readonly deleted: string[] = [];
  /** Reads of a new snapshot's status that still see `creating`. */
  creatingReads = 1;
  /** The status a new snapshot ends in instead of `available`. */
  failStatus?: string;
  /** Thrown by createSnapshot, as RDS would refuse it. */
  createError?: Error;

  constructor(private readonly clock: Clock = { now: () => new Date("2026-11-23T15:00:00.000Z"), sleep: async () => undefined }) {}

  async snapshotStatus(snapshotId: string): Promise<string | undefined> {
    const snapshot = this.snapshots.get(snapshotId);
    if (!snapshot) return undefined;
    if (snapshot.status) return snapshot.status;
    snapshot.reads += 1;
    return snapshot.reads <= this.creatingReads ? "creating" : (this.failStatus ?? "available");
  }

  async createSnapshot(instanceId: string, snapshotId: string, tags: Readonly<Record<string, string>>): Promise<void> {
    if (this.createError) throw this.createError;
    this.created.push(snapshotId);
    this.snapshots.set(snapshotId, { instanceId, tags, createdAt: this.clock.now(), reads: 0 });
  }

  /** A finished release snapshot taken `daysAgo` days before now. */
  addOld(instanceId: string, snapshotId: string, daysAgo: number, release = true): void {
    const createdAt = new Date(this.clock.now().getTime() - daysAgo * 24 * 60 * 60 * 1000);
    this.snapshots.set(snapshotId, { instanceId, tags: release ? { "platform:release-snapshot": "true" } : {}, createdAt, reads: 0, status: "available" });
  }

  async releaseSnapshots(instanceId: string): Promise<readonly ReleaseSnapshot[]> {
    return [...this.snapshots.entries()]
      .filter(([, s]) => s.instanceId === instanceId && s.tags["platform:release-snapshot"] === "true")
      .map(([id, s]) => ({ id, createdAt: s.createdAt }));
  }

  async deleteSnapshot(snapshotId: string): Promise<void> {
    this.deleted.push(snapshotId);
    this.snapshots.delete(snapshotId);
  }
}

export class FakeClock implements Clock {
  readonly sleeps: number[] = [];
  /** Called on each sleep; throw from it to simulate a process killed mid-wait. */
  onSleep?: () => void;
  private time = Date.parse("2026-11-23T15:00:00.000Z");

  now(): Date {
    return new Date(this.time);
  }

  async sleep(ms: number): Promise<void> {
    this.onSleep?.();
    this.sleeps.push(ms);
    this.time += ms;
  }

  get elapsedMs(): number {
    return this.sleeps.reduce((a, b) => a + b, 0);
  }
}

export interface Harness<H extends HealthSignal = ScriptedHealth> {
  readonly stack: InMemoryStack;
  readonly health: H;
  readonly backups: InMemoryBackups;
  readonly clock: FakeClock;
  readonly lines: string[];
  readonly controller: ReleaseController;
}

export function harness(stack?: InMemoryStack): Harness;
export function harness<H extends HealthSignal>(stack: InMemoryStack, health: H, clock?: FakeClock): Harness<H>;
export function harness(stack = new InMemoryStack(), health: HealthSignal = new ScriptedHealth(), clock = new FakeClock()): Harness<HealthSignal> {
  const lines: string[] = [];
  const backups = new InMemoryBackups(clock);
  const deps: ControllerDependencies = { stack, health, backups, clock, print: (line) => lines.push(line) };
  return { stack, health, backups, clock, lines, controller: new ReleaseController(deps) };
}

/** A harness whose stack has `platform:traffic.mode: ecs-native`: one ECS service, whose deployments shift traffic. */
export function nativeHarness(): Harness {
  const h = harness();
  h.stack.traffic = { ...h.stack.traffic, mode: "ecs-native" };
  return h;
}

export { StackBusyError };
