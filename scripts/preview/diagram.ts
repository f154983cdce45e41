/**
 * A Mermaid flowchart of the architecture: one node per component, and the
 * relations between components derived from what the program registered,
 * not drawn by hand:
 *
 * - `contains` (dotted): a component created inside another one;
 * - `uses` (solid, labelled with what is used): a resource owned by component A
 *   depends on a resource owned by component B, either explicitly (`dependsOn`)
 *   or because one of its inputs is an output of B's resource (Pulumi records
 *   both as dependencies), or an input holds one of the ids, ARNs or security
 *   group ids that B registered as its outputs. An ingress rule of A that
 *   admits B's security group is drawn the way traffic flows: B uses A
 *   (`network access`).
 */
import type { CapturedResource } from "../../test/harness/capture";
import type { RunResult } from "../../test/harness/run";
import { displayType } from "./render";

const STACK_TYPE = "pulumi:pulumi:Stack";

export interface ComponentNode {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  /** The component this one was created in, if any. */
  readonly parent?: string;
  /** Custom resources it owns directly (not through a nested component). */
  readonly resourceCount: number;
}

export interface ComponentRelation {
  readonly from: string;
  readonly to: string;
  readonly kind: "contains" | "uses";
  /** For `uses`: what `from` uses of `to`, e.g. `subnets`, `KMS key`, `network access`. */
  readonly via: readonly string[];
}

export interface Architecture {
  readonly components: readonly ComponentNode[];
  readonly relations: readonly ComponentRelation[];
}

/** Identifiers worth matching in inputs: AWS ids (`sg-0abc...`), ARNs, and similar long tokens. */
const IDENTIFIER = /^(arn:aws[a-z-]*:|[a-z]{2,8}-[0-9a-f]{8,})/;

export function architecture(run: RunResult): Architecture {
  const resources = run.resources;
  const byUrn = new Map(resources.map((r) => [r.urn, r]));
  const isComponent = (r: CapturedResource | undefined) => !!r && !r.custom && r.type !== STACK_TYPE;
  /** The nearest component at or above `r`, or undefined when only the stack is above it. */
  const ownerCache = new Map<string, string | undefined>();
  const owner = (r: CapturedResource): string | undefined => {
    if (ownerCache.has(r.urn)) return ownerCache.get(r.urn);
    let current: CapturedResource | undefined = r;
    while (current && !isComponent(current)) current = byUrn.get(current.parent);
    ownerCache.set(r.urn, current?.urn);
    return current?.urn;
  };
  const parentComponent = (r: CapturedResource) => {
    const parent = byUrn.get(r.parent);
    return parent ? owner(parent) : undefined;
  };

  const components: ComponentNode[] = resources.filter(isComponent).map((c) => ({
    urn: c.urn,
    type: c.type,
    name: c.name,
    parent: parentComponent(c),
    resourceCount: resources.filter((r) => r.custom && owner(r) === c.urn).length,
  }));
  const componentUrns = new Set(components.map((c) => c.urn));
  const ancestors = (urn: string): Set<string> => {
    const out = new Set<string>();
    for (let at = components.find((c) => c.urn === urn)?.parent; at; at = components.find((c) => c.urn === at)?.parent) out.add(at);
    return out;
  };

  // Identifiers each component registered as outputs (ids, ARNs, security groups it exposes).
  const exposed = new Map<string, string>();
  for (const c of resources.filter(isComponent)) {
    for (const value of strings(c.outputs ?? {})) if (IDENTIFIER.test(value) && !exposed.has(value)) exposed.set(value, c.urn);
  }

  const uses = new Map<string, Set<string>>();
  const addUse = (from: string | undefined, to: string | undefined, via: string) => {
    if (!from || !to || from === to) return;
    // A component reaching into its own container (or the reverse) is already drawn as `contains`.
    if (ancestors(from).has(to) || ancestors(to).has(from)) return;
    const key = `${from}\n${to}`;
    uses.set(key, (uses.get(key) ?? new Set()).add(via));
  };
  for (const r of resources) {
    const from = owner(r);
    if (!from) continue;
    for (const dep of r.options.dependsOn) {
      const target = byUrn.get(dep);
      const to = target && owner(target);
      if (!target || !to) continue;
      // A rule admitting another component's security group means that component reaches this one.
      if (admitsPeer(r, target)) addUse(to, from, NETWORK_ACCESS);
      else addUse(from, to, kindOf(target.type));
    }
    // Resources deployed through a provider another component made (a Kubernetes
    // provider for its cluster) use that component.
    const provider = providerUrn(r.options.provider);
    const providerResource = provider ? byUrn.get(provider) : undefined;
    if (providerResource) addUse(from, owner(providerResource), providerKind(providerResource.type));
    if (!r.custom) continue;
    for (const value of strings(r.inputs)) {
      const to = exposed.get(value);
      if (!to) continue;
      if (admitsPeerId(r, value)) addUse(to, from, NETWORK_ACCESS);
      else addUse(from, to, kindOfIdentifier(value));
    }
  }

  const relations: ComponentRelation[] = [
    ...components.filter((c) => c.parent && componentUrns.has(c.parent)).map((c) => ({ from: c.parent!, to: c.urn, kind: "contains" as const, via: [] })),
    ...[...uses.entries()].map(([key, via]) => {
      const [from, to] = key.split("\n");
      return { from, to, kind: "uses" as const, via: [...via].sort() };
    }),
  ];
  return { components, relations };
}

const NETWORK_ACCESS = "network access";
const SECURITY_GROUP = "aws:ec2/securityGroup:SecurityGroup";
const INGRESS_RULES = new Set(["aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "aws:ec2/securityGroupRule:SecurityGroupRule", SECURITY_GROUP]);

/** An ingress rule (or a group's inline ingress) whose dependency on `target`, a security group, is a peer it admits. */
function admitsPeer(r: CapturedResource, target: CapturedResource): boolean {
  if (target.type !== SECURITY_GROUP || !INGRESS_RULES.has(r.type)) return false;
  if (r.type === "aws:ec2/securityGroupRule:SecurityGroupRule") return r.inputs.type === "ingress";
  if (r.type === SECURITY_GROUP) return (r.inputs.ingress ?? []).some((rule: { securityGroups?: unknown[] }) => (rule.securityGroups ?? []).length > 0);
  return true;
}

/** A provider reference is `<urn>::<id>`; the URN itself contains `::`. */
function providerUrn(reference: string): string | undefined {
  if (!reference) return undefined;
  const cut = reference.lastIndexOf("::");
  return cut > 0 ? reference.slice(0, cut) : undefined;
}

/** `pulumi:providers:kubernetes` → `Kubernetes API`. */
function providerKind(type: string): string {
  const pkg = type.split(":")[2] ?? "provider";
  return pkg === "kubernetes" ? "Kubernetes API" : `${pkg} provider`;
}

/** Whether `r` admits traffic from the security group `id` (an ingress rule naming it as the source). */
function admitsPeerId(r: CapturedResource, id: string): boolean {
  if (!id.startsWith("sg-")) return false;
  switch (r.type) {
    case "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule":
      return r.inputs.referencedSecurityGroupId === id;
    case "aws:ec2/securityGroupRule:SecurityGroupRule":
      return r.inputs.type === "ingress" && r.inputs.sourceSecurityGroupId === id;
    case SECURITY_GROUP:
      return (r.inputs.ingress ?? []).some((rule: { securityGroups?: string[] }) => (rule.securityGroups ?? []).includes(id));
    default:
      return false;
  }
}

/** What a relation label calls a resource of another component, by AWS service (and type, for EC2). */
const SERVICE_KINDS: Record<string, string> = {
  acm: "certificate",
  cloudwatch: "logs and alarms",
  ecr: "image repository",
  ecs: "ECS",
  eks: "EKS cluster",
  elasticache: "cache",
  elasticloadbalancing: "load balancer",
  iam: "IAM role",
  kms: "KMS key",
  lb: "load balancer",
  rds: "database",
  route53: "DNS",
  s3: "bucket",
  secretsmanager: "secret",
  sns: "alarm topic",
  ssm: "parameter",
  wafv2: "web ACL",
};
const EC2_KINDS: Record<string, string> = { Subnet: "subnets", Vpc: "VPC", SecurityGroup: NETWORK_ACCESS, VpcEndpoint: "VPC endpoints" };

/** `aws:rds/instance:Instance` → `database`, `aws:ec2/subnet:Subnet` → `subnets`, `platform:network:Vpc` → `Vpc`. */
function kindOf(type: string): string {
  const [pkg, module = "", name = ""] = type.split(":");
  if (pkg !== "aws") return pkg === "kubernetes" ? "Kubernetes" : name;
  const service = module.split("/")[0];
  if (service === "ec2") return EC2_KINDS[name] ?? name;
  return SERVICE_KINDS[service] ?? service;
}

/** `arn:aws:kms:...` → `KMS key`; `sg-0abc` → `network access`; `subnet-...` → `subnets`. */
function kindOfIdentifier(value: string): string {
  if (value.startsWith("arn:")) {
    const service = value.split(":")[2] ?? "";
    return SERVICE_KINDS[service] ?? service;
  }
  const prefix = value.split("-")[0];
  return ({ sg: NETWORK_ACCESS, subnet: "subnets", vpc: "VPC" } as Record<string, string>)[prefix] ?? `${prefix} id`;
}

function strings(value: unknown): string[] {
  if (typeof value === "string") {
    // Policies and container definitions are JSON documents that embed ARNs.
    if (value.startsWith("{") || value.startsWith("[")) {
      try {
        return [value, ...strings(JSON.parse(value))];
      } catch {
        return [value];
      }
    }
    return [value];
  }
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === "object") return Object.values(value).flatMap(strings);
  return [];
}

/** Mermaid source for the architecture of one run; deterministic for a given program and config. */
export function renderDiagram(run: RunResult): string {
  const { components, relations } = architecture(run);
  const ids = new Map<string, string>();
  const used = new Set<string>();
  for (const c of components) {
    const base = `${c.name}`.replace(/[^A-Za-z0-9_]/g, "_");
    let id = base;
    for (let n = 2; used.has(id); n++) id = `${base}_${n}`;
    used.add(id);
    ids.set(c.urn, id);
  }
  const lines = ["flowchart LR"];
  for (const c of components) {
    const count = c.resourceCount === 1 ? "1 resource" : `${c.resourceCount} resources`;
    lines.push(`  ${ids.get(c.urn)}["${escape(c.name)}<br/><small>${escape(displayType(c.type))} · ${count}</small>"]`);
  }
  const sorted = [...relations].sort(
    (a, b) => a.kind.localeCompare(b.kind) || ids.get(a.from)!.localeCompare(ids.get(b.from)!) || ids.get(a.to)!.localeCompare(ids.get(b.to)!),
  );
  for (const r of sorted) {
    if (r.kind === "contains") lines.push(`  ${ids.get(r.from)} -. contains .-> ${ids.get(r.to)}`);
    else lines.push(`  ${ids.get(r.from)} -->|"${escape(label(r.via))}"| ${ids.get(r.to)}`);
  }
  return lines.join("\n");
}

function label(via: readonly string[]): string {
  const shown = via.slice(0, 3).join(", ");
  return via.length > 3 ? `${shown}, +${via.length - 3}` : shown;
}

function escape(text: string): string {
  return text.replace(/"/g, "#quot;");
}
