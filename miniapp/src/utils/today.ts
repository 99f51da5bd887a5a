import { dateInZone } from '@zhiyuan/shared';

/**
 * Today (YYYY-MM-DD) in the product's zone, Asia/Shanghai, as the bff judges it: a birth date
 * "in the future" and the age of a minor (V-1) must be decided on the same day on both sides.
 * Some WeChat runtimes lack Intl time zones; Shanghai has no daylight saving, so UTC+8 is exact.
 */
export function todayInZone(now: Date = new Date()): string {
  try {
    return dateInZone(now);
  } catch {
    return new Date(now.getTime() + 8 * 3600 * 1000).toISOString().slice(0, 10);
  }
}
