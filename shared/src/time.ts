/**
 * Days in the configured zone (ARCHITECTURE.md, Time): instants are UTC; "today", birthdays
 * and deadlines are judged in one zone (default Asia/Shanghai).
 */
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

/** The calendar date (YYYY-MM-DD) of an instant in a zone. */
export function dateInZone(instant: Date, timeZone = DEFAULT_TIME_ZONE): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(instant);
  const get = (t: string) => parts.find((p) => p.type === t)!.value;
  return `${get('year')}-${get('month')}-${get('day')}`;
}
