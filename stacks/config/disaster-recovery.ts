import { z } from "zod";
import { DNS_FAILOVER_LIMITS, FAILOVER_DEFAULTS, worstCaseSwitchSeconds, MAX_SWITCH_SECONDS } from "../../components/dns/switch-time";
import { AWS_REGION_PATTERN, ECR_REPOSITORY_PREFIX_PATTERN } from "../../components/internal/aws-patterns";
import type { PlatformConfig } from "./index";
import { integer, list, oneOf, oneOfNumbers, text } from "./schema";

const region = text("an AWS region such as eu-central-1", AWS_REGION_PATTERN);
/** Pulumi organization, project and stack names: letters, digits, `-`, `_` and `.`. */
const PULUMI_NAME = /^[A-Za-z0-9_.-]{1,100}$/;

/**
 * Where a standby stands in a failover. `npm run failover` moves it forward
 * one stage per `pulumi up`; no stage goes back (a promoted database cannot
 * become a replica again: failing back re-seeds the old region, see README).
 *
 * - `standby`: the database replicates the primary's writer, the app runs
 *   `standby.count` tasks per colour, and the failover records answer with the
 *   primary's load balancer while its health check passes.
 * - `database-promoted`: `replicateSourceDb` removed, which the provider turns
 *   into `PromoteReadReplica`; the instance gets its own master secret here.
 * - `app-scaled`: the app runs the primary's scaling bounds.
 * - `serving`: both failover records answer with this stack's load balancer,
 *   so the old primary gets no traffic even once it is healthy again.
 */
export const FAILOVER_STAGES = ["standby", "database-promoted", "app-scaled", "serving"] as const;
export type FailoverStage = (typeof FAILOVER_STAGES)[number];

/** Whether `stage` has reached `reference`. */
export function stageAtLeast(stage: FailoverStage, reference: FailoverStage): boolean {
  return FAILOVER_STAGES.indexOf(stage) >= FAILOVER_STAGES.indexOf(reference);
}

const standbySchema = z
  .strictObject({
    primary: z
      .strictObject({
        stack: text("a Pulumi stack name such as prod", PULUMI_NAME).describe("The primary's stack."),
        project: text("a Pulumi project name", PULUMI_NAME).optional().describe("The primary's project. Default: this stack's project."),
        organization: text("a Pulumi organization name", PULUMI_NAME)
          .optional()
          .describe("The primary's organization (`organization` on a self-managed backend). Default: this stack's organization."),
      })
      .describe("The primary stack, read through a StackReference (its `disasterRecovery` output); nothing of it is copied into this file."),
    count: integer(1, 1000)
      .default(1)
      .describe("Tasks or pods per colour while standing by (stages standby and database-promoted); at most the primary's minCount."),
    stage: oneOf(FAILOVER_STAGES).default("standby").describe("Failover stage; `npm run failover` moves it forward, one update per stage."),
    healthCheck: z
      .strictObject({
        intervalSeconds: oneOfNumbers(DNS_FAILOVER_LIMITS.intervalSeconds)
          .default(FAILOVER_DEFAULTS.intervalSeconds)
          .describe("Seconds between a Route 53 health checker's requests to the primary's health endpoint (Route 53 offers 10 and 30)."),
        failureThreshold: integer(DNS_FAILOVER_LIMITS.failureThreshold.min, DNS_FAILOVER_LIMITS.failureThreshold.max)
          .default(FAILOVER_DEFAULTS.failureThreshold)
          .describe("Consecutive failed checks before the primary counts as unhealthy; the worst-case switch must stay under 5 minutes."),
      })
      .superRefine((check, ctx) => {
        const seconds = worstCaseSwitchSeconds(check);
        if (seconds > MAX_SWITCH_SECONDS) {
          const most = Math.floor((MAX_SWITCH_SECONDS - worstCaseSwitchSeconds({ ...check, failureThreshold: 0 })) / check.intervalSeconds);
          ctx.addIssue({
            code: "custom",
            path: ["failureThreshold"],
            input: check.failureThreshold,
            message: `at most ${most} with intervalSeconds ${check.intervalSeconds} (the switch would take up to ${seconds} s; it must stay within ${MAX_SWITCH_SECONDS} s)`,
          });
        }
      })
      .prefault({})
      .describe("The Route 53 health check on the primary's health endpoint that drives the DNS failover."),
  })
  .optional()
  .describe("Makes this stack a warm standby of another stack of the program: a cross-region replica of its database, its images, DNS failover records.");

/**
 * `platform:disasterRecovery`: the two sides of a warm standby. A primary
 * lists the regions its standbys run in; a standby names its primary.
 */
export const disasterRecoverySchema = z
  .strictObject({
    standbyRegions: list(region, "a list of AWS regions such as [eu-central-1]")
      .default([])
      .refine((regions) => new Set(regions).size === regions.length, "is not allowed (expected distinct regions)")
      .describe(
        "Regions where a standby of this stack runs: the registry replicates images there, the stack exports its `disasterRecovery` output, and the standby owns the DNS name (its failover records), so this stack creates no alias record.",
      ),
    imageRepositoryPrefixes: list(text("a repository name prefix such as app", ECR_REPOSITORY_PREFIX_PATTERN), "a list of repository name prefixes")
      .default([])
      .describe("With standbyRegions: replicate only repositories whose names start with one of these. Default: every repository of the account's registry in this region."),
    standby: standbySchema,
  })
  .superRefine((dr, ctx) => {
    if (dr.imageRepositoryPrefixes.length > 0 && dr.standbyRegions.length === 0) {
      ctx.addIssue({ code: "custom", path: ["imageRepositoryPrefixes"], input: dr.imageRepositoryPrefixes, message: "no value without standbyRegions (nothing is replicated)" });
    }
    if (dr.standby && dr.standbyRegions.length > 0) {
      ctx.addIssue({ code: "custom", path: ["standbyRegions"], input: dr.standbyRegions, message: "an empty list on a standby (a standby of a standby is not supported)" });
    }
  })
  .prefault({})
  .describe("Disaster recovery: regions of this stack's standbys, or the primary this stack stands by for.");

export type DisasterRecoveryConfig = z.infer<typeof disasterRecoverySchema>;
export type StandbyConfig = NonNullable<DisasterRecoveryConfig["standby"]>;

/**
 * Whether the stack creates the alias record of its domain itself. A primary
 * with standbys and a standby leave the name to the standby's failover records:
 * Route 53 refuses a simple record beside failover records of the same name.
 */
export function ownsDnsName(dr: DisasterRecoveryConfig): boolean {
  return dr.standby === undefined && dr.standbyRegions.length === 0;
}

/** Keys a standby always takes from its primary: set in its stack file, they would be ignored, so they are refused. */
const FROM_PRIMARY: readonly { readonly section: string; readonly key: string; readonly why: string }[] = [
  { section: "traffic", key: "domain", why: "the standby serves the primary's domain" },
  { section: "traffic", key: "hostedZoneId", why: "the standby's failover records go into the primary's hosted zone" },
];

/** Whether the stack file sets `section.key` (rather than leaving it to a default). */
export function isGiven(given: Readonly<Record<string, unknown>>, section: string, key: string): boolean {
  const value = given[section];
  return !!value && typeof value === "object" && key in value;
}

/** Rules that span `platform:disasterRecovery` and the other sections, checked once every section parsed. */
export function disasterRecoveryProblems(config: PlatformConfig): string[] {
  const dr = config.disasterRecovery;
  const problems = [...standbyFileProblems(config.given, dr), ...standbyDatabaseProblems(dr, config.database)];
  if (dr.standbyRegions.includes(config.region)) {
    problems.push(
      `platform:disasterRecovery.standbyRegions: ${JSON.stringify(dr.standbyRegions)} is not allowed (expected regions other than aws:region ${config.region}: a standby in the same region shares its outage)`,
    );
  }
  if (dr.standbyRegions.length > 0 && (config.traffic.domain === undefined || config.traffic.hostedZoneId === undefined)) {
    problems.push(
      `platform:disasterRecovery.standbyRegions: ${JSON.stringify(dr.standbyRegions)} is not allowed without platform:traffic.domain and hostedZoneId (expected both: the standby's failover records answer for that name in that zone)`,
    );
  }
  if (dr.standby && config.database.restore) {
    problems.push("platform:database.restore: is not allowed in a standby (expected no value: the standby's database replicates the primary's)");
  }
  return problems;
}

/** Problems with keys a standby's stack file sets although the primary decides them. */
function standbyFileProblems(inputs: Readonly<Record<string, unknown>>, dr: DisasterRecoveryConfig): string[] {
  if (!dr.standby) return [];
  return FROM_PRIMARY.filter(({ section, key }) => isGiven(inputs, section, key)).map(({ section, key, why }) => `platform:${section}.${key}: is not allowed in a standby (expected no value: ${why})`);
}

/** `platform:database.proxy` and `readReplicas` need a promoted database; `drRegion` needs a writer of its own. */
function standbyDatabaseProblems(dr: DisasterRecoveryConfig, database: { proxy: boolean; readReplicas: number; drRegion?: string }): string[] {
  if (!dr.standby || stageAtLeast(dr.standby.stage, "database-promoted")) return [];
  const problems: string[] = [];
  const stage = `platform:disasterRecovery.standby.stage is "${dr.standby.stage}"`;
  if (database.proxy) {
    problems.push(
      `platform:database.proxy: true is not allowed while ${stage} (expected false: RDS Proxy logs in with the instance's master secret, which a cross-region replica gets only when promoted)`,
    );
  }
  if (database.readReplicas > 0) {
    problems.push(`platform:database.readReplicas: ${database.readReplicas} is not allowed while ${stage} (expected 0: add read replicas once the database is promoted)`);
  }
  if (database.drRegion !== undefined) {
    problems.push(`platform:database.drRegion: ${JSON.stringify(database.drRegion)} is not allowed while ${stage} (expected no value: a replica has no automated backups to replicate)`);
  }
  return problems;
}
