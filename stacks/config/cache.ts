import { z } from "zod";
import { CACHE_DEFAULTS as D, CACHE_ENGINES, cacheArgProblems, MAX_CACHE_NODES } from "../../components/cache";
import { LOG_RETENTION_DAYS } from "../../components/internal/log-group";
import { boolean, integer, oneOf, oneOfNumbers, reportArgProblems, text } from "./schema";

/**
 * `platform:cache`: ElastiCache for Redis OSS or Valkey. The defaults are the
 * production ones (two nodes, automatic failover, Multi-AZ, a week of
 * snapshots, a final snapshot, Pulumi `protect`); the dev stack runs one node.
 */
export const cacheSchema = z
  .strictObject({
    identifier: text("a replication group id such as platform-prod")
      .optional()
      .describe("Replication group id; the final snapshot is <identifier>-final. Default: <project>-<stack>."),
    engine: oneOf(CACHE_ENGINES).default(D.engine).describe("redis (Redis OSS) or valkey."),
    engineVersion: text("a major.minor engine version such as \"7.1\"")
      .optional()
      .describe("Major.minor engine version (quoted); ElastiCache applies patches. Default: 7.1 for redis, 8.0 for valkey."),
    nodeType: text("a node type such as cache.r7g.large").default(D.nodeType).describe("Node type of every node."),
    nodeCount: integer(1, MAX_CACHE_NODES).default(D.nodeCount).describe("Nodes: a primary plus nodeCount - 1 replicas."),
    automaticFailover: boolean().default(D.automaticFailover).describe("Promote a replica when the primary fails; needs nodeCount of 2 or more."),
    multiAz: boolean().default(D.multiAz).describe("Keep replicas in other AZs than the primary; needs automaticFailover."),
    snapshotRetentionDays: integer(0, 35).default(D.snapshotRetentionDays).describe("Days of daily snapshots; 0 turns them off."),
    snapshotWindow: text("hh:mm-hh:mm in UTC").default(D.snapshotWindow).describe("Daily snapshot window (UTC), at least 60 minutes, clear of maintenanceWindow."),
    maintenanceWindow: text("ddd:hh:mm-ddd:hh:mm in UTC").default(D.maintenanceWindow).describe("Weekly maintenance window (UTC), at least 60 minutes."),
    logRetentionDays: oneOfNumbers(LOG_RETENTION_DAYS).default(D.logRetentionDays).describe("Days to keep the slow log and the engine log."),
    applyImmediately: boolean().default(D.applyImmediately).describe("Apply modifications at once instead of in the maintenance window."),
    protect: boolean().default(D.protect).describe("Pulumi protect on the replication group, its KMS key and the AUTH token secret."),
    skipFinalSnapshot: boolean().default(D.skipFinalSnapshot).describe("Delete without the final snapshot <identifier>-final."),
  })
  .prefault({})
  .superRefine((cache, ctx) => reportArgProblems(cacheArgProblems(cache), ctx))
  .describe("ElastiCache Redis/Valkey: node type, node count, failover, snapshots.");

export type CacheConfig = z.infer<typeof cacheSchema>;
