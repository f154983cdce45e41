import * as fs from "fs";
import * as path from "path";
import { CapturedResource, PROJECT_NAME, RunResult, STACK_TYPE } from "../harness";

/**
 * Types whose replacement loses data or takes the service down for long:
 * a URN change means delete-and-recreate, so these may only move with an alias.
 */
export const STATEFUL_TYPES = [
  "aws:rds/instance:Instance",
  "aws:elasticache/replicationGroup:ReplicationGroup",
  "aws:kms/key:Key",
  "aws:s3/bucket:Bucket",
  "aws:secretsmanager/secret:Secret",
  "aws:cloudwatch/logGroup:LogGroup",
  "aws:ecr/repository:Repository",
  "aws:eks/cluster:Cluster",
  "random:index/randomPassword:RandomPassword",
] as const;

export const SNAPSHOT_DIR = path.join(__dirname, "urns");

/** The stacks whose URNs are snapshotted: each shipped stack file, on each compute platform. */
export const SNAPSHOT_CASES = ["dev", "staging", "prod", "prod-dr"].flatMap((stack) =>
  (["ecs", "eks"] as const).map((platform) => ({ stack, platform, file: path.join(SNAPSHOT_DIR, `${stack}-${platform}.json`) })),
);

/**
 * The URN the Pulumi engine gives a resource: its type qualified by the types
 * of its ancestors (the root stack excluded), which the mock monitor does not
 * reproduce (it keeps only the direct parent's type).
 */
export function engineUrn(run: RunResult, resource: CapturedResource): string {
  return urnFor(run, resource.type, resource.name, resource.parent);
}

function urnFor(run: RunResult, type: string, name: string, parentUrn: string): string {
  const chain = [type];
  let parent = parentUrn ? run.byUrn(parentUrn) : undefined;
  while (parent && parent.type !== STACK_TYPE) {
    chain.unshift(parent.type);
    parent = parent.parent ? run.byUrn(parent.parent) : undefined;
  }
  return `urn:pulumi:${run.stack}::${PROJECT_NAME}::${chain.join("$")}::${name}`;
}

/** The engine URNs a resource's aliases point at: where it used to be. */
export function aliasUrns(run: RunResult, resource: CapturedResource): string[] {
  return resource.options.aliases.map((alias) => {
    const a = alias as { urn?: string; spec?: { name: string; type: string; parenturn: string; noparent: boolean } };
    if (a.urn) return a.urn;
    const spec = a.spec ?? { name: "", type: "", parenturn: "", noparent: false };
    const parent = spec.noparent ? "" : spec.parenturn || resource.parent;
    return urnFor(run, spec.type || resource.type, spec.name || resource.name, parent);
  });
}

export function isStateful(urn: string): boolean {
  const type = urn.split("::")[2].split("$").pop()!;
  return (STATEFUL_TYPES as readonly string[]).includes(type);
}

/** Every engine URN of a run, sorted. */
export function urnsOf(run: RunResult): string[] {
  return run.resources.map((r) => engineUrn(run, r)).sort();
}

export function readSnapshot(file: string): string[] {
  return JSON.parse(fs.readFileSync(file, "utf8")) as string[];
}

export function writeSnapshot(file: string, urns: string[]): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(urns, null, 2)}\n`);
}

/**
 * Compares a run with its snapshot. Fails for a stateful URN that is gone
 * without an alias (delete-and-recreate) and for a stateful URN the snapshot
 * does not know yet (the snapshot must grow deliberately, or a later rename of
 * it would go unnoticed).
 */
export function compareWithSnapshot(run: RunResult, snapshot: readonly string[]): { lost: string[]; unrecorded: string[] } {
  const current = new Set(urnsOf(run));
  const aliased = new Set(run.resources.flatMap((r) => aliasUrns(run, r)));
  const recorded = new Set(snapshot);
  return {
    lost: snapshot.filter((urn) => isStateful(urn) && !current.has(urn) && !aliased.has(urn)),
    unrecorded: [...current].filter((urn) => isStateful(urn) && !recorded.has(urn)),
  };
}
