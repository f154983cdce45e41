import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { capacityProblems } from "./config/capacity";
import { isGiven, stageAtLeast, StandbyConfig } from "./config/disaster-recovery";
import { ConfigError, PlatformConfig } from "./config";

/** The stack output a primary exports for its standbys (see `primaryContract` in `recovery.ts`). */
export const PRIMARY_OUTPUT = "disasterRecovery";

const arn = z.string({ error: "an ARN" }).startsWith("arn:", { error: "an ARN" });
const text = z.string({ error: "a non-empty string" }).min(1, { error: "a non-empty string" });
const count = z.number({ error: "a whole number" }).int({ error: "a whole number" }).min(1, { error: "a whole number of at least 1" });

/**
 * What a standby needs from its primary: the writer to replicate (and the
 * secret its app reads meanwhile), the load balancer its failover records
 * and health check point at, the name and zone, the scaling and the images.
 * Extra fields are allowed, so an older standby reads a newer primary.
 */
export const primaryContractSchema = z.object({
  region: text,
  standbyRegions: z.array(text, { error: "a list of regions" }),
  database: z.object({ arn, identifier: text, engineVersion: text, masterSecretArn: arn, kmsKeyArn: arn }, { error: "the primary's database" }),
  loadBalancer: z.object({ dnsName: text, zoneId: text, protocol: z.enum(["http", "https"], { error: '"http" or "https"' }) }),
  domain: z.object({ name: text, hostedZoneId: text }, { error: "the primary's domain and hosted zone" }),
  healthCheckPath: z.string({ error: "an absolute path" }).startsWith("/", { error: "an absolute path" }),
  scaling: z.object({ minCount: count, maxCount: count, cpuTargetPercent: count, requestsPerTarget: count }),
  images: z.object({ blue: text, green: text }),
});
export type PrimaryContract = z.infer<typeof primaryContractSchema>;

/** A primary as a standby sees it: its fully qualified stack name and its contract. */
export interface PrimaryStack {
  readonly name: string;
  readonly contract: PrimaryContract;
}

/** The standby side of a stack: its primary, and the scaling the app runs once failed over. */
export interface StandbySide {
  readonly primary: PrimaryStack;
  readonly activeScaling: PlatformConfig["compute"]["scaling"];
}

const KEY = "platform:disasterRecovery.standby.primary";

/** `<organization>/<project>/<stack>`, organization and project defaulting to this stack's. */
export function primaryStackName(standby: StandbyConfig): string {
  const { organization, project, stack } = standby.primary;
  return `${organization ?? pulumi.getOrganization()}/${project ?? pulumi.getProject()}/${stack}`;
}

/**
 * Reads the primary's `disasterRecovery` output through a StackReference.
 * The engine reads stack references during previews too ("Unlike most
 * steps, Read steps run during previews", pulumi/pulumi
 * pkg/resource/deploy/step.go, `ReadStep.Apply`), so every check below
 * fails `pulumi preview`, naming the key, before anything changes.
 */
export async function loadPrimaryStack(standby: StandbyConfig): Promise<PrimaryStack> {
  const name = primaryStackName(standby);
  const reference = new pulumi.StackReference("disaster-recovery-primary", { name });
  let details: pulumi.StackReferenceOutputDetails;
  try {
    details = await reference.getOutputDetails(PRIMARY_OUTPUT);
  } catch (error) {
    throw new ConfigError([`${KEY}: cannot read stack ${name} (${error instanceof Error ? error.message : String(error)}; expected a deployed stack of this program)`]);
  }
  const value: unknown = details.value ?? details.secretValue;
  if (value === undefined || value === null) {
    throw new ConfigError([
      `${KEY}: stack ${name} has no output ${PRIMARY_OUTPUT} (expected a stack of this program deployed with platform:disasterRecovery.standbyRegions set)`,
    ]);
  }
  const parsed = primaryContractSchema.safeParse(value);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const output = [PRIMARY_OUTPUT, ...issue.path.map(String)].join(".");
        return `${KEY}: stack ${name} has no usable output ${output} (expected ${issue.message}; deploy the primary with this program version first)`;
      }),
    );
  }
  return { name, contract: parsed.data };
}

/** Rules between the standby's configuration and its primary, each naming the standby's key. */
export function standbyProblems(config: PlatformConfig, primary: PrimaryStack): string[] {
  const standby = config.disasterRecovery.standby!;
  const { contract, name } = primary;
  const problems: string[] = [];
  if (config.region === contract.region) {
    problems.push(`aws:region: ${JSON.stringify(config.region)} is not allowed (expected a region other than the primary's, ${contract.region} of stack ${name}: a standby in the same region shares its outage)`);
  } else if (!contract.standbyRegions.includes(config.region)) {
    problems.push(
      `aws:region: ${JSON.stringify(config.region)} is not allowed (expected one of the primary's platform:disasterRecovery.standbyRegions, ${JSON.stringify(contract.standbyRegions)}: only there are its images replicated)`,
    );
  }
  if (standby.count > contract.scaling.minCount) {
    problems.push(
      `platform:disasterRecovery.standby.count: ${standby.count} is not allowed (expected at most ${contract.scaling.minCount}, the primary's platform:compute.scaling.minCount)`,
    );
  }
  if (config.database.engineVersion !== contract.database.engineVersion) {
    problems.push(
      `platform:database.engineVersion: ${JSON.stringify(config.database.engineVersion)} is not allowed (expected ${JSON.stringify(contract.database.engineVersion)}, the primary's: a replica runs its source's version)`,
    );
  }
  return problems;
}

const ECR_IMAGE = /^(\d{12}\.dkr\.ecr(?:-fips)?\.)([a-z0-9-]+)(\.amazonaws\.com(?:\.cn)?\/)/;

/**
 * The primary's image as this region's registry holds it: an image in the
 * primary region's private ECR registry is pulled from the same repository
 * here, where the primary's replication configuration copies it; any other
 * registry (public ECR, Docker Hub) is reachable from every region.
 */
export function replicatedImage(image: string, primaryRegion: string, region: string): string {
  const match = ECR_IMAGE.exec(image);
  return match && match[2] === primaryRegion ? image.replace(ECR_IMAGE, `$1${region}$3`) : image;
}

/**
 * The configuration the tiers compose for a standby: the primary's domain
 * and zone; its images from this region's registry unless this stack file
 * names its own; `standby.count` tasks or pods per colour while standing by
 * (the primary's maximum stays the ceiling, so a failover under load can
 * scale out); and from the `app-scaled` stage on the scaling this stack file
 * sets, or else the primary's. Throws a {@link ConfigError} when the result
 * does not fit the subnets.
 */
export function standbyConfig(config: PlatformConfig, primary: PrimaryContract): { readonly config: PlatformConfig; readonly activeScaling: PlatformConfig["compute"]["scaling"] } {
  const standby = config.disasterRecovery.standby!;
  const primaryScaling = { ...config.compute.scaling, ...primary.scaling, desiredCount: primary.scaling.minCount };
  const active = isGiven(config.given, "compute", "scaling") ? config.compute.scaling : primaryScaling;
  const scaling = stageAtLeast(standby.stage, "app-scaled")
    ? active
    : { ...primaryScaling, minCount: standby.count, desiredCount: standby.count, maxCount: active.maxCount };
  const image = (colour: "blue" | "green") => (isGiven(config.given, "compute", colour) ? config.compute[colour].image : replicatedImage(primary.images[colour], primary.region, config.region));
  const effective: PlatformConfig = {
    ...config,
    compute: { ...config.compute, scaling, blue: { image: image("blue") }, green: { image: image("green") } },
    traffic: { ...config.traffic, domain: primary.domain.name, hostedZoneId: primary.domain.hostedZoneId },
  };
  const problems = capacityProblems(effective);
  if (problems.length > 0) throw new ConfigError(problems);
  return { config: effective, activeScaling: active };
}

/**
 * The configuration the program composes, and the standby side when the
 * stack is a standby: the primary read, checked against this stack's
 * configuration, and what the standby takes from it applied.
 */
export async function resolveStandby(loaded: PlatformConfig): Promise<{ readonly config: PlatformConfig; readonly standby?: StandbySide }> {
  const standby = loaded.disasterRecovery.standby;
  if (!standby) return { config: loaded };
  const primary = await loadPrimaryStack(standby);
  const problems = standbyProblems(loaded, primary);
  if (problems.length > 0) throw new ConfigError(problems);
  const { config, activeScaling } = standbyConfig(loaded, primary.contract);
  return { config, standby: { primary, activeScaling } };
}
