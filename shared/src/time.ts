import { isWorkday } from 'chinese-days';

/**
 * Days in the configured zone (ARCHITECTURE.md, Time): instants are UTC; "today", birthdays
 * and deadlines are judged in one zone (default Asia/Shanghai).
 */
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

/** The calendar date (YYYY-MM-DD) of an instant in a zone. */
const formatters = new Map<string, Intl.DateTimeFormat>();

export function dateInZone(instant: Date, timeZone = DEFAULT_TIME_ZONE): string {
  // building a formatter costs ≈ 0.1 ms (bench/register): one per zone, kept
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, format);
  }
  const parts = format.formatToParts(instant);
  const get = (t: string) => parts.find((p) => p.type === t)!.value;
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/**
 * Working days follow the official holiday calendar with its adjusted working weekends
 * (the maintained `chinese-days` package), judged on the date in the zone.
 */
export function isWorkingDay(instant: Date, timeZone = DEFAULT_TIME_ZONE): boolean {
  return isWorkday(dateInZone(instant, timeZone));
}

/** Whole days elapsed between two instants (24-hour periods). */
export function daysBetween(from: Date, to: Date): number {
  return (to.getTime() - from.getTime()) / 86_400_000;
}
