/**
 * Runs the CrossGuard packs over a captured program run the way the Pulumi CLI
 * does: through `@pulumi/policy`'s own analyzer handlers (`analyze` once per
 * resource, `analyzeStack` once with every resource), fed real `AnalyzeRequest`
 * / `AnalyzeStackRequest` protobufs that went through binary serialization,
 * after `configure` and `configureStack` calls like the engine makes. So
 * `notApplicable`, the unknown-checking proxy, stack tags, enforcement-level
 * overrides and policies over several types behave as under
 * `pulumi preview --policy-pack`.
 *
 * Config is checked against each policy's schema as the CLI checks it
 * (`policy-config.ts`), then sent with only what the caller configured, no
 * schema defaults filled in, so the policies' own code defaults are what the
 * tests exercise (the kit takes them from the same schema).
 */
import { dirname } from "path";
import * as analyzerpb from "@pulumi/pulumi/proto/analyzer_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { compliancePolicies, COMPLIANCE_PACK } from "../../policies/compliance/policies";
import { securityPolicies, SECURITY_PACK } from "../../policies/security/policies";
import type { PlatformPolicy } from "../../policies/kit";
import { configErrors } from "./policy-config";
import type { CapturedResource } from "./capture";
import type { RunResult } from "./run";

export interface PolicyViolation {
  readonly pack: string;
  readonly policy: string;
  readonly level: "advisory" | "mandatory" | "remediate" | "disabled";
  readonly severity?: string;
  readonly message: string;
  readonly urn?: string;
  readonly name?: string;
  readonly type?: string;
}

/** A policy the analyzer reported as not applying to a resource (wrong type, exempted, ...), with its reason. */
export interface PolicyNotApplicable {
  readonly pack: string;
  readonly policy: string;
  readonly reason: string;
  /** The resource for resource policies; absent for stack policies. */
  readonly urn?: string;
  readonly name?: string;
}

export interface PolicyRunOptions {
  /** Pack name -> policy name -> config, like the file given to `--policy-pack-config`. */
  readonly packConfig?: Record<string, Record<string, unknown>>;
  /** Stack tags the engine passes to `configureStack`. @default pulumi:project and pulumi:runtime */
  readonly stackTags?: Record<string, string>;
  /** Run only these packs. @default both */
  readonly packs?: readonly string[];
}

export interface PolicyRunReport {
  readonly violations: PolicyViolation[];
  readonly notApplicable: PolicyNotApplicable[];
}

/** A pack as the runner serves it: its name, version, default level and policy objects. */
export interface PackUnderTest {
  readonly name: string;
  readonly version: string;
  readonly enforcementLevel: "advisory" | "mandatory";
  readonly policies: PlatformPolicy[];
}

export const POLICY_PACKS: readonly PackUnderTest[] = [
  { name: SECURITY_PACK.name, version: packVersion("security"), enforcementLevel: SECURITY_PACK.enforcementLevel, policies: securityPolicies },
  { name: COMPLIANCE_PACK.name, version: packVersion("compliance"), enforcementLevel: COMPLIANCE_PACK.enforcementLevel, policies: compliancePolicies },
];

/** Runs both packs (or `options.packs`) over `run`; returns every violation, advisory ones included. */
export async function runPolicyPacks(run: RunResult, options: PolicyRunOptions = {}): Promise<PolicyViolation[]> {
  return (await analyzeWithPolicyPacks(run, options)).violations;
}

/** Like `runPolicyPacks`, and also what the analyzer reported as not applicable (exemptions show up here). */
export async function analyzeWithPolicyPacks(run: RunResult, options: PolicyRunOptions = {}): Promise<PolicyRunReport> {
  return analyzeWithPacks(run, POLICY_PACKS.filter((p) => !options.packs || options.packs.includes(p.name)), options);
}

/**
 * Like `analyzeWithPolicyPacks`, for given pack objects (`npm run bench`
 * serves the packs with empty policy bodies this way).
 *
 * The engine runs each pack in its own analyzer process and configures it
 * with its own policies. The handlers here share one `@pulumi/policy`
 * module, whose `configure` replaces the config of every pack, so it is
 * called once with the entries of all packs: each handler reads only its own
 * policies' entries, by name, which is why policy names must be unique
 * across the packs. Each resource's request is built and serialized once and
 * sent to every pack, as the engine sends each analyzer the same bytes; the
 * findings come back in the engine's order: pack by pack, each resource's in
 * registration order, then the stack's.
 */
export async function analyzeWithPacks(run: RunResult, packs: readonly PackUnderTest[], options: Omit<PolicyRunOptions, "packs"> = {}): Promise<PolicyRunReport> {
  const duplicate = packs.flatMap((p) => p.policies.map((policy) => policy.name)).find((name, i, names) => names.indexOf(name) !== i);
  if (duplicate) throw new Error(`policy ${duplicate} is in more than one pack; the harness configures the packs together and needs unique names`);
  const server = policyServer();
  await call(server.configure, configureRequest(packs, options.packConfig ?? {}));
  await call(server.configureStack, stackConfigureRequest(run, options.stackTags));
  const handlers = packs.map((pack) => ({
    pack,
    analyze: server.makeAnalyzeRpcFun(pack.name, pack.version, pack.enforcementLevel, pack.policies),
    analyzeStack: server.makeAnalyzeStackRpcFun(pack.name, pack.version, pack.enforcementLevel, pack.policies),
  }));
  const byPack = packs.map((): PolicyRunReport => ({ violations: [], notApplicable: [] }));
  for (const resource of run.resources) {
    if (resource.type === "pulumi:pulumi:Stack" || resource.type.startsWith("pulumi:providers:")) continue;
    const request = roundTrip(analyzeRequest(resource), analyzerpb.AnalyzeRequest);
    for (const [index, { pack, analyze }] of handlers.entries()) {
      const response = await call<analyzerpb.AnalyzeResponse>(analyze, request);
      byPack[index].violations.push(...response.getDiagnosticsList().map((d) => violation(d, resource, undefined)));
      byPack[index].notApplicable.push(...response.getNotApplicableList().map((n) => ({ pack: pack.name, policy: n.getPolicyName(), reason: n.getReason(), urn: resource.urn, name: resource.name })));
    }
  }
  const byUrn = new Map(run.resources.map((r) => [r.urn, r]));
  const stackRequest = new analyzerpb.AnalyzeStackRequest();
  stackRequest.setResourcesList(run.resources.map(analyzerResource));
  const sent = roundTrip(stackRequest, analyzerpb.AnalyzeStackRequest);
  for (const [index, { pack, analyzeStack }] of handlers.entries()) {
    const response = await call<analyzerpb.AnalyzeResponse>(analyzeStack, sent);
    byPack[index].violations.push(...response.getDiagnosticsList().map((d) => violation(d, undefined, byUrn)));
    byPack[index].notApplicable.push(...response.getNotApplicableList().map((n) => ({ pack: pack.name, policy: n.getPolicyName(), reason: n.getReason() })));
  }
  return { violations: byPack.flatMap((p) => p.violations), notApplicable: byPack.flatMap((p) => p.notApplicable) };
}

/** Every policy of both packs, for tests and the docs generator. */
export function allPolicies(): PlatformPolicy[] {
  return POLICY_PACKS.flatMap((p) => p.policies);
}

// ------------------------------------------------------------------------------------------------
// The analyzer's handlers

interface PolicyServer {
  readonly configure: Handler;
  readonly configureStack: Handler;
  readonly makeAnalyzeRpcFun: (name: string, version: string, level: string, policies: PlatformPolicy[]) => Handler;
  readonly makeAnalyzeStackRpcFun: (name: string, version: string, level: string, policies: PlatformPolicy[]) => Handler;
}
type Handler = (call: { request: unknown }, callback: (err: unknown, response?: unknown) => void) => unknown;

let cached: PolicyServer | undefined;

/**
 * `makeAnalyzeRpcFun` / `makeAnalyzeStackRpcFun` are exported by the policy
 * server module, but `configure` and `configureStack` (which set the config
 * and stack tags those handlers read) are reachable only through `serve`.
 * `serve` is called once, for an empty harness pack, with grpc-js's
 * `addService` recording the handler table and `bindAsync` left out, so no
 * port is opened and nothing is printed; the handlers are the package's own.
 */
function policyServer(): PolicyServer {
  if (cached) return cached;
  const serverPath = require.resolve("@pulumi/policy/server.js");
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const server = require(serverPath);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const grpc = require(require.resolve("@grpc/grpc-js", { paths: [dirname(serverPath)] }));
  const proto = grpc.Server.prototype;
  const { addService, bindAsync } = proto;
  let handlers: Record<string, Handler> | undefined;
  proto.addService = function (_service: unknown, implementation: Record<string, Handler>) {
    handlers = implementation;
  };
  proto.bindAsync = function () {};
  try {
    server.serve("platform-policy-harness", "0.0.0", "advisory", { policies: [] });
  } finally {
    proto.addService = addService;
    proto.bindAsync = bindAsync;
  }
  if (!handlers) throw new Error("@pulumi/policy's serve() registered no analyzer service; the policy runner needs updating for this version");
  cached = {
    configure: handlers.configure,
    configureStack: handlers.configureStack,
    makeAnalyzeRpcFun: server.makeAnalyzeRpcFun,
    makeAnalyzeStackRpcFun: server.makeAnalyzeStackRpcFun,
  };
  return cached;
}

function call<T>(handler: Handler, request: unknown): Promise<T> {
  return new Promise((resolve, reject) => {
    void handler({ request }, (err, response) => (err ? reject(err instanceof Error ? err : new Error(String((err as { details?: string }).details ?? err))) : resolve(response as T)));
  });
}

// ------------------------------------------------------------------------------------------------
// Requests

const LEVELS: Record<string, analyzerpb.EnforcementLevel> = {
  advisory: analyzerpb.EnforcementLevel.ADVISORY,
  mandatory: analyzerpb.EnforcementLevel.MANDATORY,
  disabled: analyzerpb.EnforcementLevel.DISABLED,
  remediate: analyzerpb.EnforcementLevel.REMEDIATE,
};

/**
 * Like the engine: for each pack, an entry for every policy, with the level
 * configured or the policy's own, and only the configured properties (all
 * packs' entries in one request: see `PolicyAnalysis`).
 */
function configureRequest(packs: readonly PackUnderTest[], packConfig: Record<string, Record<string, unknown>>): analyzerpb.ConfigureAnalyzerRequest {
  const request = new analyzerpb.ConfigureAnalyzerRequest();
  for (const pack of packs) {
    const config = packConfig[pack.name] ?? {};
    const unknownPolicies = Object.keys(config).filter((name) => !pack.policies.some((p) => p.name === name) && name !== "all");
    if (unknownPolicies.length > 0) throw new Error(`pack config for ${pack.name} names policies it does not have: ${unknownPolicies.join(", ")}`);
    // `all` sets the level of every policy; a policy's own entry overrides it.
    const all = asPolicyConfig(config.all);
    const invalid: string[] = [];
    for (const policy of pack.policies) {
      const { enforcementLevel, ...properties } = asPolicyConfig(config[policy.name]);
      const level = (enforcementLevel as string | undefined) ?? (all.enforcementLevel as string | undefined) ?? policy.enforcementLevel ?? pack.enforcementLevel;
      if (!(level in LEVELS)) throw new Error(`${pack.name}.${policy.name}.enforcementLevel: ${level} is not allowed (expected ${Object.keys(LEVELS).join(", ")})`);
      // Defaults alone are checked once, by the policy metadata tests; only a configured policy can fail here.
      if (Object.keys(properties).length > 0) invalid.push(...configErrors(policy, properties));
      const entry = new analyzerpb.PolicyConfig();
      entry.setEnforcementlevel(LEVELS[level]);
      entry.setProperties(Struct.fromJavaScript(properties as Record<string, any>));
      request.getPolicyconfigMap().set(policy.name, entry);
    }
    if (invalid.length > 0) throw new Error(`the config of policy pack ${pack.name} does not match its schema, which the Pulumi CLI checks before running it:\n  ${invalid.join("\n  ")}`);
  }
  return roundTrip(request, analyzerpb.ConfigureAnalyzerRequest);
}

/** A policy's entry in a pack config file: a bare level (`"mandatory"`) or an object. */
function asPolicyConfig(given: unknown): Record<string, unknown> {
  return typeof given === "string" ? { enforcementLevel: given } : ((given ?? {}) as Record<string, unknown>);
}

function stackConfigureRequest(run: RunResult, tags: Record<string, string> | undefined): analyzerpb.AnalyzerStackConfigureRequest {
  const request = new analyzerpb.AnalyzerStackConfigureRequest();
  const project = run.stackResource.urn.split("::")[1] ?? "";
  request.setStack(run.stack);
  request.setProject(project);
  request.setOrganization("organization");
  // A preview (offline or real) is a dry run; only an update is not.
  request.setDryRun(run.mode !== "update");
  for (const [key, value] of Object.entries(tags ?? { "pulumi:project": project, "pulumi:runtime": "nodejs" })) request.getTagsMap().set(key, value);
  return roundTrip(request, analyzerpb.AnalyzerStackConfigureRequest);
}

function analyzeRequest(resource: CapturedResource): analyzerpb.AnalyzeRequest {
  const request = new analyzerpb.AnalyzeRequest();
  request.setType(resource.type);
  request.setName(resource.name);
  request.setUrn(resource.urn);
  request.setProperties(Struct.fromJavaScript(withSecrets(resource.inputs, resource.secretInputPaths)));
  request.setOptions(resourceOptions(resource));
  return request;
}

/** For `analyzeStack` the engine sends each resource's outputs (its state), not its inputs. */
function analyzerResource(resource: CapturedResource): analyzerpb.AnalyzerResource {
  const out = new analyzerpb.AnalyzerResource();
  out.setType(resource.type);
  out.setName(resource.name);
  out.setUrn(resource.urn);
  const state = resource.custom ? { ...resource.inputs, ...(resource.state ?? {}) } : (resource.outputs ?? {});
  const secretPaths = resource.custom ? [...new Set([...resource.secretInputPaths, ...(resource.secretStatePaths ?? [])])] : (resource.secretOutputPaths ?? []);
  out.setProperties(Struct.fromJavaScript(withSecrets(state, secretPaths)));
  out.setOptions(resourceOptions(resource));
  out.setParent(resource.parent);
  out.setDependenciesList(resource.options.dependsOn);
  for (const [property, urns] of Object.entries(resource.options.propertyDependencies)) {
    const dependencies = new analyzerpb.AnalyzerPropertyDependencies();
    dependencies.setUrnsList(urns);
    out.getPropertydependenciesMap().set(property, dependencies);
  }
  return out;
}

function resourceOptions(resource: CapturedResource): analyzerpb.AnalyzerResourceOptions {
  const options = new analyzerpb.AnalyzerResourceOptions();
  options.setProtect(resource.options.protect);
  options.setIgnorechangesList(resource.options.ignoreChanges);
  options.setDeletebeforereplace(resource.options.deleteBeforeReplace);
  options.setDeletebeforereplacedefined(true);
  options.setAdditionalsecretoutputsList(resource.options.additionalSecretOutputs);
  options.setParent(resource.parent);
  return options;
}

/** What survives the wire: the CLI's requests are serialized, so anything a Struct cannot carry is lost the same way here. */
function roundTrip<T extends { serializeBinary(): Uint8Array }>(message: T, type: { deserializeBinary(bytes: Uint8Array): T }): T {
  return type.deserializeBinary(message.serializeBinary());
}

function jsonSafe(value: Record<string, any>): Record<string, any> {
  return JSON.parse(JSON.stringify(value ?? {}));
}

const SECRET_SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/**
 * The properties as the engine sends them: values that were secret wrapped in
 * the secret signature again (the capture unwrapped them), so the policy SDK's
 * own deserializer does the unwrapping, as it does under the CLI.
 */
function withSecrets(value: Record<string, any>, secretPaths: readonly string[]): Record<string, any> {
  const copy = jsonSafe(value);
  for (const path of secretPaths) {
    const keys = [...path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)].map((m) => (m[2] !== undefined ? Number(m[2]) : m[1]));
    if (keys.length === 0) continue;
    let node: any = copy;
    for (const key of keys.slice(0, -1)) node = node?.[key];
    const last = keys[keys.length - 1];
    if (node && typeof node === "object" && last in node && node[last] !== undefined) node[last] = { [SECRET_SIG_KEY]: SECRET_SIG, value: node[last] };
  }
  return copy;
}

// ------------------------------------------------------------------------------------------------
// Responses

const LEVEL_NAMES: Record<number, PolicyViolation["level"]> = Object.fromEntries(Object.entries(LEVELS).map(([name, value]) => [value, name])) as Record<number, PolicyViolation["level"]>;
const SEVERITY_NAMES: Record<number, string | undefined> = {
  [analyzerpb.PolicySeverity.POLICY_SEVERITY_LOW]: "low",
  [analyzerpb.PolicySeverity.POLICY_SEVERITY_MEDIUM]: "medium",
  [analyzerpb.PolicySeverity.POLICY_SEVERITY_HIGH]: "high",
  [analyzerpb.PolicySeverity.POLICY_SEVERITY_CRITICAL]: "critical",
};

/** A finding of `analyze` (about `analyzed`) or of `analyzeStack` (about the resource of its URN in `byUrn`, if any). */
function violation(d: analyzerpb.AnalyzeDiagnostic, analyzed: CapturedResource | undefined, byUrn: Map<string, CapturedResource> | undefined): PolicyViolation {
  const urn = d.getUrn() || analyzed?.urn;
  const resource = urn === analyzed?.urn ? analyzed : urn ? byUrn?.get(urn) : undefined;
  const severity = SEVERITY_NAMES[d.getSeverity()];
  return {
    pack: d.getPolicypackname(),
    policy: d.getPolicyname(),
    level: LEVEL_NAMES[d.getEnforcementlevel()],
    ...(severity ? { severity } : {}),
    message: d.getMessage(),
    ...(urn ? { urn } : {}),
    ...(resource ? { name: resource.name, type: resource.type } : {}),
  };
}

function packVersion(pack: string): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require(`../../policies/${pack}/package.json`) as { version: string }).version;
}
