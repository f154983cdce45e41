/**
 * Backup, snapshot and maintenance windows as RDS and ElastiCache take them:
 * a daily `hh:mm-hh:mm` window and a weekly `ddd:hh:mm-ddd:hh:mm` window, in
 * UTC. Both services reject a daily window that overlaps the weekly one, so
 * the components check that before anything is created.
 */

const DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
const MINUTES_PER_DAY = 24 * 60;
const MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY;
const DAILY = /^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]):([0-5]\d)$/;
const WEEKLY = /^(mon|tue|wed|thu|fri|sat|sun):([01]\d|2[0-3]):([0-5]\d)-(mon|tue|wed|thu|fri|sat|sun):([01]\d|2[0-3]):([0-5]\d)$/;

/** A window as a start minute and a length, on a day (daily) or a week (weekly) clock. */
interface Span {
  readonly start: number;
  readonly length: number;
}

/** `02:00-03:00` → its start and length in minutes; undefined when malformed. Windows may cross midnight. */
export function parseDailyWindow(window: string): Span | undefined {
  const m = DAILY.exec(window);
  if (!m) return undefined;
  const start = Number(m[1]) * 60 + Number(m[2]);
  const end = Number(m[3]) * 60 + Number(m[4]);
  return { start, length: (end - start + MINUTES_PER_DAY) % MINUTES_PER_DAY };
}

/** `sun:04:00-sun:05:00` → its start and length in minutes from Monday 00:00; undefined when malformed. */
export function parseWeeklyWindow(window: string): Span | undefined {
  const m = WEEKLY.exec(window);
  if (!m) return undefined;
  const at = (day: string, h: string, min: string) => DAYS.indexOf(day as (typeof DAYS)[number]) * MINUTES_PER_DAY + Number(h) * 60 + Number(min);
  const start = at(m[1], m[2], m[3]);
  const end = at(m[4], m[5], m[6]);
  return { start, length: (end - start + MINUTES_PER_WEEK) % MINUTES_PER_WEEK };
}

/** Whether a daily window, repeated every day of the week, shares any minute with a weekly window. */
export function windowsOverlap(daily: string, weekly: string): boolean {
  const d = parseDailyWindow(daily);
  const w = parseWeeklyWindow(weekly);
  if (!d || !w) return false;
  const intersects = (aStart: number, aLength: number, bStart: number, bLength: number) => aStart < bStart + bLength && bStart < aStart + aLength;
  // Compare on a two-week line so that windows wrapping past Sunday midnight need no special case.
  for (let day = 0; day < 14; day++) {
    const start = day * MINUTES_PER_DAY + d.start;
    if (intersects(start, d.length, w.start, w.length) || intersects(start, d.length, w.start + MINUTES_PER_WEEK, w.length)) return true;
  }
  return false;
}

export const DAILY_WINDOW_FORMAT = "hh:mm-hh:mm in UTC";
export const WEEKLY_WINDOW_FORMAT = "ddd:hh:mm-ddd:hh:mm in UTC, days mon to sun";
