/**
 * How a program run hands values to the program and to the policy packs.
 *
 * - `offline`: every value known, outputs as the mocks compute them; what
 *   `npm run preview` shows and the CI gate checks. The packs run as in a
 *   preview (`dryRun`), but nothing is unknown.
 * - `preview`: the first `pulumi preview` of a new stack. Whatever a provider
 *   computes on create is unknown, and so is every input that carries one
 *   (the SDK propagates unknowns through `apply` and `interpolate`). Resource
 *   policies get the checked inputs with those unknowns; stack policies get
 *   the planned outputs (inputs plus unknowns). Values the provider's `Check`
 *   fills in (auto-names) stay known. Defaults from the provider's schema,
 *   which `Check` adds to the inputs too, are not emulated: the schema ships
 *   inside the provider plugin, not the npm package, so policies treat an
 *   omitted argument and its schema default alike.
 * - `update`: a `pulumi up` without a preview (what the Automation API and
 *   pulumi/actions run): every input is known, and stack policies see the
 *   outputs AWS returns, including its defaults for arguments the program
 *   omitted (`AWS_FILLED_DEFAULTS`).
 *
 * The engine's side, from pulumi/pulumi `pkg/resource/deploy/step_generator.go`:
 * `Analyze` gets `Properties: inputs` after `prov.Check(..., allowUnknowns =
 * preview)`, and a mandatory finding there marks the resource invalid only
 * when not previewing; `AnalyzeResources` sends `Properties: v.Outputs` with
 * `Dependencies` and `PropertyDependencies` ("AnalyzeStack is called on the
 * final outputs of each resource"). `@pulumi/policy`'s server turns a read of
 * an unknown value into an advisory "can't run policy ... during preview".
 */
export type EngineMode = "offline" | "preview" | "update";

export const ENGINE_MODES: readonly EngineMode[] = ["offline", "preview", "update"];

/**
 * The engine's unknown value on the wire (`resource.UnknownStringValue` in
 * pulumi/pulumi, `unknownValue` in the Node SDK's `runtime/rpc.ts`). The SDK
 * turns it into an unknown output during a dry run; `@pulumi/policy`'s
 * unknown-checking proxy throws when a policy reads it.
 */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/**
 * The property a type's provider auto-names in `Check`, where it is not
 * `name` (pulumi-aws `resources.go`, `tfbridge.AutoName`). `Check` runs during
 * a preview too, so these names are known before anything exists
 * (https://www.pulumi.com/docs/iac/concepts/resources/names/#autonaming).
 */
export const AUTONAMED_PROPERTY: Readonly<Record<string, string>> = {
  "aws:s3/bucket:Bucket": "bucket",
  "aws:rds/instance:Instance": "identifier",
  "aws:elasticache/replicationGroup:ReplicationGroup": "replicationGroupId",
  "aws:cloudwatch/compositeAlarm:CompositeAlarm": "alarmName",
  "aws:cloudwatch/dashboard:Dashboard": "dashboardName",
  "aws:eks/nodeGroup:NodeGroup": "nodeGroupName",
};

/** Output keys that stay known during a preview: the auto-name and the tags (`tagsAll` is merged during the plan). */
export function knownAtPreview(type: string): Set<string> {
  return new Set(["name", "tags", "tagsAll", AUTONAMED_PROPERTY[type] ?? "name"]);
}
