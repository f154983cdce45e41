import { CapturedResource, readStackConfig, RunResult } from "../harness";
import { MOCK_ACCOUNT_ID } from "../harness/mocks";
import { SimulatedPolicy } from "./engine";
import { AWS_MANAGED_POLICIES } from "./managed-policies";

/**
 * Every IAM principal and resource policy a program run creates, read from
 * what the program registered: roles with their trust, inline and attached
 * managed policies (documents pinned in managed-policies.ts), and the resource
 * policies of keys, buckets, topics, log delivery and secrets. Plus lookups
 * for the resources the boundary rows talk about, each failing with the names
 * there are when the row asks for one the stack does not have.
 */

export interface IamDocument extends SimulatedPolicy {
  readonly document: { Statement: IamStatement[] };
}

export interface IamStatement {
  readonly Sid?: string;
  readonly Effect: "Allow" | "Deny";
  readonly [key: string]: unknown;
}

export interface Role {
  readonly name: string;
  readonly arn: string;
  readonly trust: IamDocument;
  readonly identityPolicies: IamDocument[];
  /** Attached AWS managed policies by the part of the ARN after `policy/`. */
  readonly managedPolicies: string[];
}

/** Where each kind of resource policy lives in the inputs, and which ARNs it governs. */
export const RESOURCE_POLICY_TYPES: Readonly<Record<string, { input: string; idPrefix: string }>> = {
  "aws:kms/key:Key": { input: "policy", idPrefix: "key" },
  "aws:s3/bucketPolicy:BucketPolicy": { input: "policy", idPrefix: "bucket-policy" },
  "aws:sns/topicPolicy:TopicPolicy": { input: "policy", idPrefix: "topic-policy" },
  "aws:cloudwatch/logResourcePolicy:LogResourcePolicy": { input: "policyDocument", idPrefix: "log-resource-policy" },
  "aws:secretsmanager/secretPolicy:SecretPolicy": { input: "policy", idPrefix: "secret-policy" },
  "aws:sqs/queuePolicy:QueuePolicy": { input: "policy", idPrefix: "queue-policy" },
};

/** Every input that holds an IAM document and the collector models; anything else found is reported. */
const MODELLED_DOCUMENTS = new Set([
  "aws:iam/role:Role assumeRolePolicy",
  "aws:iam/rolePolicy:RolePolicy policy",
  ...Object.entries(RESOURCE_POLICY_TYPES).map(([type, { input }]) => `${type} ${input}`),
]);

export class StackIam {
  readonly account = MOCK_ACCOUNT_ID;
  readonly partition = "aws";
  readonly roles: ReadonlyMap<string, Role>;
  /** Resource policies by document id (`key:<name>`, `topic-policy:<name>`...). */
  readonly resourcePolicies: ReadonlyMap<string, IamDocument>;
  private readonly governed = new Map<string, string>();

  constructor(
    readonly run: RunResult,
    readonly region: string = readStackConfig(run.stack).values["aws:region"],
  ) {
    this.roles = new Map(run.ofType("aws:iam/role:Role").map((r) => [r.name, this.collectRole(r)]));
    const policies = new Map<string, IamDocument>();
    for (const [type, { input, idPrefix }] of Object.entries(RESOURCE_POLICY_TYPES)) {
      for (const resource of run.ofType(type)) {
        const doc = iamDocument(`${idPrefix}:${resource.name}`, resource.inputs[input]);
        policies.set(doc.id, doc);
        this.governed.set(this.governedArn(type, resource), doc.id);
      }
    }
    this.resourcePolicies = policies;
  }

  /** The role `name` (logical name); throws listing the roles there are. */
  role(name: string): Role {
    const role = this.roles.get(name);
    if (!role) throw new Error(`no role ${name}; the stack has ${[...this.roles.keys()].join(", ")}`);
    return role;
  }

  /** The resource policy that governs requests on `arn`, if any. */
  resourcePolicyFor(arn: string): IamDocument | undefined {
    for (const role of this.roles.values()) if (role.arn === arn) return role.trust;
    for (const [governed, id] of this.governed) {
      if (arn === governed || (governed.endsWith("/") && arn.startsWith(governed)) || (governed === "logs" && arn.startsWith(`arn:${this.partition}:logs:`))) {
        return this.resourcePolicies.get(id);
      }
    }
    return undefined;
  }

  /** Every trust, inline and resource policy statement, by `<document id>#<index>`: what the rows must exercise. */
  statements(): Map<string, IamStatement> {
    const docs = [...[...this.roles.values()].flatMap((r) => [r.trust, ...r.identityPolicies.filter((d) => !d.id.startsWith("managed:"))]), ...this.resourcePolicies.values()];
    return new Map(docs.flatMap((d) => d.document.Statement.map((s, i) => [`${d.id}#${i}`, s] as const)));
  }

  /** Inputs of any resource that hold an IAM document the collector does not model (a new kind of resource policy). */
  unmodelledDocuments(): string[] {
    return this.run.resources
      .filter((r) => r.custom)
      .flatMap((r) => Object.entries(r.inputs).map(([key, value]) => [r, key, value] as const))
      .filter(([, , value]) => isIamDocument(value) || (Array.isArray(value) && value.some((v) => isIamDocument(v?.policy))))
      .map(([r, key]) => `${r.type} ${key}`)
      .filter((where) => !MODELLED_DOCUMENTS.has(where));
  }

  // Lookups for the rows.

  arnOf(type: string, name: string): string {
    return this.run.one(type, name).state.arn;
  }
  key(name: string): string {
    return this.arnOf("aws:kms/key:Key", name);
  }
  hasResource(type: string, name: string): boolean {
    return this.run.find(type, name) !== undefined;
  }
  logGroup(name: string): { name: string; arn: string } {
    const group = this.run.one("aws:cloudwatch/logGroup:LogGroup", name);
    return { name: group.inputs.name, arn: `arn:${this.partition}:logs:${this.region}:${this.account}:log-group:${group.inputs.name}` };
  }
  /** An ARN of this account and region for `service` and `resource`, for resources the stack does not have. */
  other(service: string, resource: string, account = this.account): string {
    return `arn:${this.partition}:${service}:${this.region}:${account}:${resource}`;
  }

  private collectRole(role: CapturedResource): Role {
    const physical = [role.state.name, role.state.id];
    const inline = this.run
      .ofType("aws:iam/rolePolicy:RolePolicy")
      .filter((p) => physical.includes(p.inputs.role))
      .map((p) => iamDocument(`inline:${p.name}`, p.inputs.policy));
    const attached = this.run
      .ofType("aws:iam/rolePolicyAttachment:RolePolicyAttachment")
      .filter((a) => physical.includes(a.inputs.role))
      .map((a) => managedPolicyName(a.inputs.policyArn, role.name));
    return {
      name: role.name,
      arn: role.state.arn,
      trust: iamDocument(`trust:${role.name}`, role.inputs.assumeRolePolicy),
      identityPolicies: [...inline, ...attached.map((m) => iamDocument(`managed:${m}`, JSON.stringify(AWS_MANAGED_POLICIES[m].document)))],
      managedPolicies: attached,
    };
  }

  /** The ARN (or ARN prefix ending in `/`, or `logs` for the account-wide log resource policy) a resource policy governs. */
  private governedArn(type: string, resource: CapturedResource): string {
    switch (type) {
      case "aws:kms/key:Key":
        return resource.state.arn;
      case "aws:s3/bucketPolicy:BucketPolicy":
        return `arn:${this.partition}:s3:::${resource.inputs.bucket}/`;
      case "aws:sns/topicPolicy:TopicPolicy":
        return resource.inputs.arn;
      case "aws:secretsmanager/secretPolicy:SecretPolicy":
        return resource.inputs.secretArn;
      case "aws:sqs/queuePolicy:QueuePolicy": {
        // The policy names its queue by URL; requests name it by ARN.
        const queue = this.run.ofType("aws:sqs/queue:Queue").find((q) => q.state.url === resource.inputs.queueUrl || q.state.id === resource.inputs.queueUrl);
        if (!queue) throw new Error(`queue policy ${resource.name}: no queue of this stack has the URL ${resource.inputs.queueUrl}`);
        return queue.state.arn;
      }
      default:
        if (this.run.ofType(type).length > 1) throw new Error(`the stack has ${this.run.ofType(type).length} log resource policies; the simulator models one (extend collect.ts)`);
        return "logs";
    }
  }
}

/** `arn:aws:iam::aws:policy/service-role/X` → `service-role/X`, which must be pinned in managed-policies.ts. */
function managedPolicyName(policyArn: string, role: string): string {
  const match = /^arn:[\w-]+:iam::aws:policy\/(.+)$/.exec(policyArn);
  if (!match) throw new Error(`role ${role} has ${policyArn} attached, which is not an AWS managed policy; the simulator models those only (extend collect.ts)`);
  if (!AWS_MANAGED_POLICIES[match[1]]) throw new Error(`role ${role} has the AWS managed policy ${match[1]} attached; pin its document in test/iam/managed-policies.ts`);
  return match[1];
}

function iamDocument(id: string, json: unknown): IamDocument {
  if (typeof json !== "string") throw new Error(`${id}: the document is not known (${typeof json}); run the program in offline mode`);
  const document = JSON.parse(json);
  document.Statement = [document.Statement].flat();
  return { id, document };
}

function isIamDocument(value: unknown): boolean {
  if (typeof value !== "string" || !value.includes("Statement")) return false;
  try {
    const parsed = JSON.parse(value);
    return !!parsed && typeof parsed === "object" && "Statement" in parsed;
  } catch {
    return false;
  }
}
