// <input type="datetime-local"> speaks local wall time without a zone; records
// store ISO instants. These two convert between them in the operator's zone.

/** ISO instant -> "YYYY-MM-DDTHH:mm" in local time ('' for null). */
export function toLocalInput(iso: string | null | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

const LOCAL_INPUT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?$/;

/**
 * "YYYY-MM-DDTHH:mm" local -> ISO instant, or null when empty or not a date.
 * Strict: a five-digit year (a mistyped "20255") or a day the month lacks
 * ("02-30", which Date would roll into March) is not a date, so the forms can
 * say so instead of saving without it.
 */
export function fromLocalInput(value: string): string | null {
  const parts = LOCAL_INPUT.exec(value.trim());
  if (!parts) return null;
  const [year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0] = parts
    .slice(1)
    .map((p) => Number(p ?? 0));
  const date = new Date(year, month - 1, day, hour, minute, second);
  const same =
    date.getFullYear() === year &&
    date.getMonth() === month - 1 &&
    date.getDate() === day &&
    date.getHours() === hour &&
    date.getMinutes() === minute;
  return same && year >= 1000 ? date.toISOString() : null;
}

/** End of the local day of `now`: the "today" list's horizon. */
export function endOfLocalDay(now: number): string {
  const end = new Date(now);
  end.setHours(23, 59, 59, 999);
  return end.toISOString();
}
