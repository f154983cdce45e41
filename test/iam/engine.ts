import { loadPolicy } from "@cloud-copilot/iam-policy";
import { isWildcardOnlyAction, runSimulation, type RequestAnalysis } from "@cloud-copilot/iam-simulate";
import { dirname, join } from "path";

/**
 * One IAM request through @cloud-copilot/iam-simulate, the IAM policy
 * evaluation engine the access-boundary tests use.
 *
 * Every request first goes through the library's validating `runSimulation`:
 * policies must parse, the action must exist, the resource must be of a type
 * the action takes, and every context key must be one the action can carry,
 * so a mistyped probe fails instead of passing a deny row by accident.
 *
 * The validator drops two families of real context keys it cannot place:
 * `kms:EncryptionContext:<key>` (its variable follows a colon, and the
 * library matches variables only after a slash) and the EKS OIDC provider's
 * `<issuer>/id/<id>:sub`/`:aud` (the issuer holds a slash). Both are
 * documented condition keys (KMS "kms:EncryptionContext:context-key"; EKS
 * "Configure a Kubernetes service account to assume an IAM role"), and the
 * requests the tests make with them are exactly the ones the log keys and the
 * IRSA trust exist for. For those requests only, the same library's evaluator
 * (`authorize`, which `runSimulation` itself calls) runs with the full context.
 *
 * Likewise its ARN patterns want an account in every parameter ARN, while
 * the public parameters AWS owns (`arn:<partition>:ssm:<region>::parameter/aws/service/...`,
 * Systems Manager user guide, "Working with public parameters") have none:
 * requests on those go to the evaluator directly.
 */

export interface SimulatedPolicy {
  /** Unique within the stack, so an allowing statement can be traced back to its document. */
  readonly id: string;
  readonly document: object;
}

export interface SimulatedRequest {
  readonly principal: string;
  readonly action: string;
  readonly resource: string;
  /** Account that owns the resource. */
  readonly resourceAccount: string;
  readonly context: Readonly<Record<string, string | string[]>>;
  readonly identityPolicies: readonly SimulatedPolicy[];
  readonly resourcePolicy?: SimulatedPolicy;
}

export type Decision = "Allowed" | "ImplicitlyDenied" | "ExplicitlyDenied";

export interface SimulatedDecision {
  readonly decision: Decision;
  /** `<policy id>#<statement index from 0>` of every statement that allowed the request. */
  readonly allowedBy: readonly string[];
  /** The same for statements that denied it explicitly. */
  readonly deniedBy: readonly string[];
}

/** Context keys the validator drops although IAM evaluates them (see above). */
const KEYS_THE_VALIDATOR_CANNOT_PLACE = [/^kms:EncryptionContext:.+/i, /^oidc\.eks\.[a-z0-9-]+\.amazonaws\.com(\.cn)?\/id\/[A-Z0-9]+:(sub|aud)$/i];

/** Resources of AWS-owned public parameters, whose ARN has no account (see above). */
const AWS_PUBLIC_PARAMETER = /^arn:aws[a-z-]*:ssm:[a-z0-9-]+::parameter\/aws\//;

export async function simulate(request: SimulatedRequest): Promise<SimulatedDecision> {
  if (AWS_PUBLIC_PARAMETER.test(request.resource)) return decisionOf(request, await evaluateWithFullContext(request));
  const validated = await runSimulation(
    {
      request: {
        principal: request.principal,
        action: request.action,
        resource: { resource: request.resource, accountId: request.resourceAccount },
        contextVariables: { ...request.context },
      },
      identityPolicies: request.identityPolicies.map((p) => ({ name: p.id, policy: p.document })),
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      resourcePolicy: request.resourcePolicy?.document,
    },
    {},
  );
  if (validated.resultType === "error") throw new Error(`${describe(request)}: the simulator refused it: ${validated.errors.message} ${JSON.stringify(validated.errors)}`);
  if (validated.resultType !== "single") throw new Error(`${describe(request)}: a wildcard resource ran ${validated.results.length} simulations; probe one concrete ARN`);
  const ignored = validated.result.ignoredContextKeys ?? [];
  const unplaceable = ignored.filter((key) => !KEYS_THE_VALIDATOR_CANNOT_PLACE.some((pattern) => pattern.test(key)));
  if (unplaceable.length > 0) throw new Error(`${describe(request)}: context keys ${unplaceable.join(", ")} do not apply to ${request.action} (the probe is wrong)`);
  return decisionOf(request, ignored.length === 0 ? validated.result.analysis : await evaluateWithFullContext(request));
}

/** The decision and the statements that made it, by `<policy id>#<statement index>`. */
function decisionOf(request: SimulatedRequest, analysis: RequestAnalysis): SimulatedDecision {
  // The validating entry point loads the resource policy without a name, so its statements carry no policy id.
  const key = (policyId: string | undefined) => (s: { statement: { index(): number } }) => `${policyId}#${s.statement.index() - 1}`;
  const identity = (statements: { policyId: string; statement: { index(): number } }[] = []) => statements.map((s) => key(s.policyId)(s));
  const resource = (statements: { statement: { index(): number } }[] = []) => statements.map(key(request.resourcePolicy?.id));
  return {
    decision: analysis.result,
    allowedBy: [...identity(analysis.identityAnalysis?.allowStatements), ...resource(analysis.resourceAnalysis?.allowStatements)],
    deniedBy: [...identity(analysis.identityAnalysis?.denyStatements), ...resource(analysis.resourceAnalysis?.denyStatements)],
  };
}

function describe(r: SimulatedRequest): string {
  return `${r.principal} ${r.action} on ${r.resource}`;
}

/** The library's evaluator, loaded from its CommonJS build (the package exports only its validating entry point). */
interface CoreEngine {
  authorize(request: unknown): RequestAnalysis;
  AwsRequestImpl: new (principal: string, resource: { resource: string; accountId: string }, action: string, context: unknown, wildcardOnly: boolean) => unknown;
  RequestContextImpl: new (values: Record<string, string | string[]>) => unknown;
  DiscoveryContextKeyConstraints: new (constraints: unknown[]) => unknown;
}

let core: CoreEngine | undefined;
function coreEngine(): CoreEngine {
  if (core) return core;
  const root = dirname(require.resolve("@cloud-copilot/iam-simulate"));
  const load = (file: string) => require(join(root, file)); // eslint-disable-line @typescript-eslint/no-require-imports
  core = {
    authorize: load("core_engine/CoreSimulatorEngine.js").authorize,
    AwsRequestImpl: load("request/request.js").AwsRequestImpl,
    RequestContextImpl: load("requestContext.js").RequestContextImpl,
    DiscoveryContextKeyConstraints: load("context_keys/discoveryContextKeyConstraints.js").DiscoveryContextKeyConstraints,
  };
  return core;
}

/** The evaluator alone, without validation; exported so a test can check it agrees with `runSimulation`. */
export async function evaluateWithFullContext(r: SimulatedRequest): Promise<RequestAnalysis> {
  const engine = coreEngine();
  const [service, action] = r.action.split(":");
  return engine.authorize({
    request: new engine.AwsRequestImpl(
      r.principal,
      { resource: r.resource, accountId: r.resourceAccount },
      r.action,
      new engine.RequestContextImpl({ ...r.context }),
      await isWildcardOnlyAction(service, action),
    ),
    sessionPolicy: undefined,
    identityPolicies: r.identityPolicies.map((p) => loadPolicy(p.document, { name: p.id })),
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    resourcePolicy: r.resourcePolicy ? loadPolicy(r.resourcePolicy.document, { name: r.resourcePolicy.id }) : undefined,
    permissionBoundaries: undefined,
    vpcEndpointPolicies: undefined,
    simulationParameters: { simulationMode: "Strict", discoveryContextKeyConstraints: new engine.DiscoveryContextKeyConstraints([]) },
    serviceSettings: { s3: {} },
  });
}
