/**
 * Memory of the RDS instance classes this component accepts, and the
 * `max_connections` RDS for PostgreSQL derives from it. Classes outside this
 * table are refused rather than guessed, because monitoring thresholds are
 * computed from the connection limit.
 */

const GIB = 1024 ** 3;

/** Memory in GiB per size, for burstable (t), general purpose (m) and memory optimised (r) classes. */
const BURSTABLE: Record<string, number> = { micro: 1, small: 2, medium: 4, large: 8, xlarge: 16, "2xlarge": 32 };
const GENERAL: Record<string, number> = {
  large: 8,
  xlarge: 16,
  "2xlarge": 32,
  "4xlarge": 64,
  "8xlarge": 128,
  "12xlarge": 192,
  "16xlarge": 256,
  "24xlarge": 384,
};
const MEMORY: Record<string, number> = Object.fromEntries(Object.entries(GENERAL).map(([size, gib]) => [size, gib * 2]));

const FAMILIES: Record<string, Record<string, number>> = {
  t3: BURSTABLE,
  t4g: BURSTABLE,
  m5: GENERAL,
  m6g: GENERAL,
  m6i: GENERAL,
  m7g: GENERAL,
  m7i: GENERAL,
  m8g: GENERAL,
  r5: MEMORY,
  r6g: MEMORY,
  r6i: MEMORY,
  r7g: MEMORY,
  r7i: MEMORY,
  r8g: MEMORY,
};

/** The accepted families, such as `r7g`. */
export const DB_INSTANCE_FAMILIES: readonly string[] = Object.keys(FAMILIES);

/** Every accepted class, such as `db.r7g.large`. */
export const DB_INSTANCE_CLASSES: readonly string[] = Object.entries(FAMILIES).flatMap(([family, sizes]) =>
  Object.keys(sizes).map((size) => `db.${family}.${size}`),
);

/** Memory of `instanceClass` in GiB, or undefined for a class outside the table. */
export function instanceClassMemoryGiB(instanceClass: string): number | undefined {
  const [prefix, family, size] = instanceClass.split(".");
  if (prefix !== "db" || !family || !size) return undefined;
  return FAMILIES[family]?.[size];
}

/** The divisor and cap of RDS for PostgreSQL's default `max_connections`: LEAST({DBInstanceClassMemory/9531392}, 5000). */
export const MAX_CONNECTIONS_DIVISOR = 9531392;
export const MAX_CONNECTIONS_CAP = 5000;

/**
 * The default `max_connections` for the class. RDS evaluates the formula with
 * `DBInstanceClassMemory`, the class memory less what the OS and RDS reserve,
 * so the running value is somewhat lower; this figure is the upper bound that
 * connection alarms are scaled against.
 */
export function postgresMaxConnections(instanceClass: string): number | undefined {
  const gib = instanceClassMemoryGiB(instanceClass);
  return gib === undefined ? undefined : Math.min(Math.floor((gib * GIB) / MAX_CONNECTIONS_DIVISOR), MAX_CONNECTIONS_CAP);
}

