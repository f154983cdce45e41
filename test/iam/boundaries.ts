import { runProgram } from "../harness";
import { StackIam } from "./collect";
import { SimulatedDecision, simulate } from "./engine";
import { BoundaryRow, Probe } from "./probes";
import { EKS_ROWS } from "./rows-eks";
import { CAPACITY_ROWS, isAutoMode } from "./rows-eks-capacity";
import { MONITORING_ROWS } from "./rows-monitoring";
import { RESOURCE_ROWS } from "./rows-resources";
import { SERVICE_ROLE_ROWS } from "./rows-services";

/**
 * The access-boundary table, run through the IAM policy simulator against
 * every IAM principal and resource policy a shipped stack creates. A role or
 * resource policy the table has no row for fails ("a boundary added in code
 * without a row"); a row's request decided otherwise than it says fails
 * ("a widened policy fails its row"); and every statement of every trust,
 * inline and resource policy must be what allows (or, for a Deny, denies)
 * at least one request of a row, so no grant goes unexamined.
 */
export const BOUNDARY_ROWS: readonly BoundaryRow[] = [...SERVICE_ROLE_ROWS, ...EKS_ROWS, ...CAPACITY_ROWS, ...MONITORING_ROWS, ...RESOURCE_ROWS];

/**
 * The AWS managed policies each role may carry, exactly; documents and their
 * pages in managed-policies.ts. A role not listed may carry none.
 */
export const MANAGED_POLICIES_BY_ROLE: Readonly<Record<string, readonly string[]>> = {
  "database-monitoring": ["service-role/AmazonRDSEnhancedMonitoringRole"],
  "eks-cluster": ["AmazonEKSClusterPolicy", "AmazonEKSVPCResourceController"],
  "eks-node": ["AmazonEKSWorkerNodePolicy", "AmazonEC2ContainerRegistryPullOnly"],
  "eks-vpc-cni": ["AmazonEKS_CNI_Policy"],
  "eks-ebs-csi": ["service-role/AmazonEBSCSIDriverPolicy"],
  "eks-karpenter-node": ["AmazonEKSWorkerNodePolicy", "AmazonEC2ContainerRegistryPullOnly"],
  "eks-insights": ["CloudWatchAgentServerPolicy"],
};

/**
 * With EKS Auto Mode the cluster role carries one policy per capability Auto
 * Mode runs, and the nodes the minimal worker policy (EKS user guide, "Amazon
 * EKS Auto Mode cluster IAM role", "Amazon EKS Auto Mode node IAM role").
 */
export const AUTO_MODE_MANAGED_POLICIES_BY_ROLE: Readonly<Record<string, readonly string[]>> = {
  ...MANAGED_POLICIES_BY_ROLE,
  "eks-cluster": ["AmazonEKSClusterPolicy", "AmazonEKSComputePolicy", "AmazonEKSBlockStoragePolicy", "AmazonEKSLoadBalancingPolicy", "AmazonEKSNetworkingPolicy"],
  "eks-node": ["AmazonEKSWorkerNodeMinimalPolicy", "AmazonEC2ContainerRegistryPullOnly"],
};

export interface Variant {
  readonly stack: string;
  readonly platform: "ecs" | "eks";
  /** EKS capacity: Karpenter (the shipped default) or EKS Auto Mode. @default "karpenter" */
  readonly capacity?: "karpenter" | "autoMode";
}

export interface Outcome {
  readonly row: BoundaryRow;
  readonly probe: Probe;
  readonly result: SimulatedDecision;
}

/** The rows whose subjects the stack has. */
export function applicableRows(s: StackIam): BoundaryRow[] {
  return BOUNDARY_ROWS.filter(
    (row) => row.subjects.every((subject) => ("role" in subject ? s.roles.has(subject.role) : s.resourcePolicies.has(subject.policy))) && (row.when?.(s) ?? true),
  );
}

/** Every probe of every applicable row, through the simulator. */
export async function evaluate(s: StackIam): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  for (const row of applicableRows(s)) {
    for (const probe of row.probes(s)) {
      const result = await simulate({
        principal: probe.principal,
        action: probe.action,
        resource: probe.resource,
        resourceAccount: accountOf(probe.resource) ?? s.account,
        // Every request over TLS unless the probe says otherwise, as the SDKs send them.
        context: { "aws:SecureTransport": "true", ...probe.context },
        identityPolicies: probe.identityPolicies,
        resourcePolicy: s.resourcePolicyFor(probe.resource),
      });
      outcomes.push({ row, probe, result });
    }
  }
  return outcomes;
}

/** The account field of an ARN; S3 ARNs and `*` have none. */
function accountOf(arn: string): string | undefined {
  return arn.split(":")[4] || undefined;
}

const decided = (o: Outcome) => (o.result.decision === "Allowed" ? "allow" : "deny");

/** One line per request the simulator decided otherwise than its row says. */
export function mismatches(outcomes: readonly Outcome[]): string[] {
  return outcomes
    .filter((o) => decided(o) !== o.probe.expect)
    .map((o) => `${o.row.boundary}: it ${o.probe.does}: expected ${o.probe.expect}, IAM ${o.result.decision} (${o.probe.principal} ${o.probe.action} ${o.probe.resource})`);
}

/** Statements of the stack's own documents that no request of the table allowed (Allow) or denied (Deny). */
export function unexercisedStatements(s: StackIam, outcomes: readonly Outcome[]): string[] {
  const allowedBy = new Set(outcomes.filter((o) => o.result.decision === "Allowed").flatMap((o) => o.result.allowedBy));
  const deniedBy = new Set(outcomes.flatMap((o) => o.result.deniedBy));
  return [...s.statements()]
    .filter(([key, statement]) => !(statement.Effect === "Deny" ? deniedBy : allowedBy).has(key))
    .map(([key, statement]) => `${key} (${statement.Sid ?? "no Sid"}, ${statement.Effect})`);
}

/** Roles and resource policies of the stack that no row is about. */
export function uncoveredSubjects(s: StackIam): string[] {
  const subjects = new Set(applicableRows(s).flatMap((row) => row.subjects.map((subject) => ("role" in subject ? `role:${subject.role}` : `policy:${subject.policy}`))));
  return [...[...s.roles.keys()].map((r) => `role:${r}`), ...[...s.resourcePolicies.keys()].map((p) => `policy:${p}`)].filter((x) => !subjects.has(x));
}

/** Roles whose attached managed policies differ from the table's. */
export function managedPolicyDrift(s: StackIam): string[] {
  const table = isAutoMode(s) ? AUTO_MODE_MANAGED_POLICIES_BY_ROLE : MANAGED_POLICIES_BY_ROLE;
  return [...s.roles.values()]
    .filter((role) => JSON.stringify([...role.managedPolicies].sort()) !== JSON.stringify([...(table[role.name] ?? [])].sort()))
    .map((role) => `${role.name}: attached ${JSON.stringify(role.managedPolicies)}, the table allows ${JSON.stringify(table[role.name] ?? [])}`);
}

/** The shipped stack `variant`, run offline (every document known) and collected. */
export async function stackIam(variant: Variant): Promise<StackIam> {
  const eks = variant.capacity === "autoMode" ? { eks: { capacity: { mode: "autoMode" } } } : {};
  return new StackIam(await runProgram({ stack: variant.stack, overrides: { "platform:compute": { platform: variant.platform, ...eks } } }));
}

/** The table's checks against each of `variants`. */
export function describeBoundaries(variants: readonly Variant[]): void {
  const labelled = variants.map((variant) => ({ variant, on: variant.platform === "ecs" ? "ECS" : `EKS (${variant.capacity ?? "karpenter"})` }));
  describe.each(labelled)("access boundaries of the $variant.stack stack on $on", ({ variant }) => {
    let s: StackIam;
    let outcomes: Outcome[];
    beforeAll(async () => {
      s = await stackIam(variant);
      outcomes = await evaluate(s);
    }, 180_000);

    it("models every IAM document the stack creates", () => {
      expect(s.unmodelledDocuments()).toEqual([]);
    });

    it("has a row for every role and resource policy", () => {
      expect(s.roles.size + s.resourcePolicies.size).toBeGreaterThan(10);
      expect(uncoveredSubjects(s)).toEqual([]);
    });

    it("attaches to each role exactly the AWS managed policies the table lists", () => {
      expect(managedPolicyDrift(s)).toEqual([]);
    });

    it("decides every request of every row as the row says", () => {
      expect(outcomes.length).toBeGreaterThan(50);
      expect(mismatches(outcomes)).toEqual([]);
    });

    it("proves a boundary in every row: each row has a request IAM must deny", () => {
      const rows = applicableRows(s);
      expect(rows.filter((row) => !outcomes.some((o) => o.row === row && o.probe.expect === "deny")).map((r) => r.boundary)).toEqual([]);
    });

    it("exercises every statement of the stack's trust, inline and resource policies", () => {
      expect(unexercisedStatements(s, outcomes)).toEqual([]);
    });
  });
}
