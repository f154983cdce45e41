import { z } from "zod";
import { boolean, integer, list, oneOf } from "./schema";

/** How `npm run release` moves traffic to the new colour. */
export const RELEASE_STRATEGIES = ["all-at-once", "canary", "linear"] as const;
export type ReleaseStrategyName = (typeof RELEASE_STRATEGIES)[number];

/** A day: the longest bake or wait the release command accepts. */
export const MAX_WAIT_SECONDS = 86_400;

const bakeSeconds = (what: string, fallback: number) =>
  integer(0, MAX_WAIT_SECONDS)
    .default(fallback)
    .describe(`Seconds to watch the deployment-health alarm and the new colour's target health ${what} (0 skips the bake).`);

const percent = integer(1, 99);

/**
 * `platform:traffic.release`: how the release command shifts traffic. The
 * defaults mirror CodeDeploy's `ECSCanary10Percent5Minutes`; the linear steps
 * are 10% and 50% before 100%, with a minute's bake each.
 */
export const releaseSchema = z
  .strictObject({
    strategy: oneOf(RELEASE_STRATEGIES)
      .default("canary")
      .describe("Strategy when `--strategy` is not given: all-at-once (100%), canary (a first step, then 100%) or linear (several steps, then 100%)."),
    canary: z
      .strictObject({
        percent: percent.default(10).describe("Share of traffic, in percent, the new colour gets in the canary step."),
        bakeSeconds: bakeSeconds("after the canary step, before 100%", 300),
      })
      .prefault({})
      .describe("The canary strategy: `percent`, bake, then 100%."),
    linear: z
      .strictObject({
        steps: list(percent, "a list of percentages from 1 to 99")
          .min(1, { error: "at least one percentage from 1 to 99" })
          .default([10, 50])
          .refine((steps) => steps.every((step, i) => i === 0 || step > steps[i - 1]), "is not allowed (expected strictly increasing percentages)")
          .describe("Shares of traffic, in percent, the new colour gets before 100%, in increasing order."),
        bakeSeconds: bakeSeconds("after each linear step, before the next", 60),
      })
      .prefault({})
      .describe("The linear strategy: each step with a bake, then 100%."),
    finalBakeSeconds: bakeSeconds("at 100%, while the old colour is still deployed at weight 0, before the release counts as done", 300),
    healthTimeoutSeconds: integer(30, MAX_WAIT_SECONDS)
      .default(600)
      .describe("Seconds the new colour's targets have to become healthy after its deployment before the release rolls back."),
    pollIntervalSeconds: integer(5, 300).default(15).describe("Seconds between two reads of the alarm and target health during waits and bakes."),
    databaseSnapshot: z
      .strictObject({
        enabled: boolean().default(false).describe("Take a manual RDS snapshot of the database, named after the image, before the release's first update; the release is refused if it fails."),
        retentionDays: integer(1, 365).default(14).describe("Days a release snapshot is kept: each release deletes the release snapshots older than this."),
        timeoutSeconds: integer(60, MAX_WAIT_SECONDS).default(3600).describe("Seconds the snapshot has to become available before the release is refused."),
      })
      .prefault({})
      .describe("The pre-release database snapshot (prod turns it on)."),
  })
  .prefault({})
  .describe("Progressive delivery settings for `npm run release`; its flags override them for one run.");

export type ReleaseConfig = z.infer<typeof releaseSchema>;
export type DatabaseSnapshotConfig = ReleaseConfig["databaseSnapshot"];
