import * as pulumi from "@pulumi/pulumi";

const SECRET_SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/** Options the program set on a resource, as the engine received them. */
export interface CapturedOptions {
  readonly protect: boolean;
  readonly retainOnDelete: boolean;
  readonly deleteBeforeReplace: boolean;
  readonly ignoreChanges: string[];
  readonly replaceOnChanges: string[];
  readonly additionalSecretOutputs: string[];
  readonly aliases: Record<string, unknown>[];
  /**
   * Every resource this one depends on, as the SDK sends them: explicit
   * `dependsOn` and the resources behind its input outputs.
   */
  readonly dependsOn: string[];
  /** Per input property, the resources its value came from (what the engine passes on as `propertyDependencies`). */
  readonly propertyDependencies: Record<string, string[]>;
  readonly provider: string;
  readonly deletedWith: string;
}

/** One resource the program registered. */
export interface CapturedResource {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  readonly custom: boolean;
  /** URN of the parent, or "" for the stack itself. */
  readonly parent: string;
  /** Inputs with secrets unwrapped to their plain values. */
  readonly inputs: Record<string, any>;
  /** Paths (`masterPassword`, `environment[0].value`) of inputs that were marked secret. */
  readonly secretInputPaths: string[];
  readonly options: CapturedOptions;
  /** For custom resources: the state the (mock) provider returned, secrets unwrapped. */
  readonly state: Record<string, any>;
  /** Paths of state values that were marked secret. */
  readonly secretStatePaths: string[];
  /** For components and the stack: what they passed to registerOutputs, secrets unwrapped. */
  outputs?: Record<string, any>;
  secretOutputPaths?: string[];
}

/**
 * Wraps the mock monitor so that every registration is recorded with its
 * parent and resource options, which `Mocks.newResource` never sees.
 */
export function captureRegistrations(): CapturedResource[] {
  const monitor = pulumi.runtime.getMonitor() as any;
  const captured: CapturedResource[] = [];
  const byUrn = new Map<string, CapturedResource>();
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req: any, callback: (err: unknown, resp: any) => void) =>
    register(req, (err: unknown, resp: any) => {
      if (!err && resp) {
        const { value, secretPaths } = unwrapSecrets(req.getObject()?.toJavaScript() ?? {});
        const state = unwrapSecrets(resp.getObject()?.toJavaScript() ?? {});
        const resource: CapturedResource = {
          urn: resp.getUrn(),
          type: req.getType(),
          name: req.getName(),
          custom: req.getCustom(),
          parent: req.getParent(),
          inputs: value as Record<string, any>,
          secretInputPaths: secretPaths,
          state: state.value as Record<string, any>,
          secretStatePaths: state.secretPaths,
          options: {
            protect: req.getProtect() === true,
            retainOnDelete: req.getRetainondelete() === true,
            deleteBeforeReplace: req.getDeletebeforereplace(),
            ignoreChanges: req.getIgnorechangesList(),
            replaceOnChanges: req.getReplaceonchangesList(),
            additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
            aliases: req.getAliasesList().map((a: any) => a.toObject()),
            dependsOn: req.getDependenciesList(),
            propertyDependencies: propertyDependencies(req),
            provider: req.getProvider(),
            deletedWith: req.getDeletedwith(),
          },
        };
        captured.push(resource);
        byUrn.set(resource.urn, resource);
      }
      callback(err, resp);
    });
  const registerOutputs = monitor.registerResourceOutputs.bind(monitor);
  monitor.registerResourceOutputs = (req: any, callback: (err: unknown, resp: any) => void) => {
    const resource = byUrn.get(req.getUrn());
    if (resource) {
      const { value, secretPaths } = unwrapSecrets(req.getOutputs()?.toJavaScript() ?? {});
      resource.outputs = value as Record<string, any>;
      resource.secretOutputPaths = secretPaths;
    }
    return registerOutputs(req, callback);
  };
  return captured;
}

function propertyDependencies(req: any): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  req.getPropertydependenciesMap().forEach((deps: any, key: string) => (out[key] = deps.getUrnsList()));
  return out;
}

/** Replaces every serialized secret with its value and lists where the secrets were. */
export function unwrapSecrets(input: unknown, path = ""): { value: unknown; secretPaths: string[] } {
  const secretPaths: string[] = [];
  const walk = (node: unknown, at: string): unknown => {
    if (Array.isArray(node)) return node.map((item, i) => walk(item, `${at}[${i}]`));
    if (node && typeof node === "object") {
      const record = node as Record<string, unknown>;
      if (record[SECRET_SIG_KEY] === SECRET_SIG) {
        secretPaths.push(at);
        return walk(record.value, at);
      }
      return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, walk(v, at ? `${at}.${k}` : k)]));
    }
    return node;
  };
  return { value: walk(input, path), secretPaths };
}
