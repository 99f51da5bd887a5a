/** 754 minutes → 「12.6」: hours to one decimal, as the card and certificates show them. */
export function hoursOf(totalMinutes: number): string {
  return (Math.round(totalMinutes / 6) / 10).toFixed(1);
}

/** `2026-11-23T04:05:06.000Z` → `2026年11月23日 12:05` in the device's zone */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}年${d.getMonth() + 1}月${d.getDate()}日 ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export const GENDER_LABELS = { male: '男', female: '女' } as const;
