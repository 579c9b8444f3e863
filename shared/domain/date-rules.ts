// Date rules of a case's data, defined once so the intake form, the case
// edit and anything else that writes these fields answer the same way.
// Dates are ISO calendar dates (YYYY-MM-DD), which compare as strings.
import { PROMISE_CADENCE_DAYS } from './follow-up';
import type { Urgency } from './enums';

/** An employment period whose end is before its start (either side may be missing). */
export function periodEndsBeforeStart(from: string | null, to: string | null): boolean {
  return Boolean(from && to && to < from);
}

/** Today's calendar date where the console runs (the operator's day, not UTC's). */
export function localToday(now: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** A departure date after today: a worker cannot have left on a day still to come. */
export function departureInFuture(date: string | null, now: Date): boolean {
  return Boolean(date && date > localToday(now));
}

/**
 * A promise to call back later than the cadence of the case's urgency allows,
 * counted from the contact's time (both ISO instants).
 */
export function promiseBeyondCadence(at: string, promise: string, urgency: Urgency): boolean {
  const limit = Date.parse(at) + PROMISE_CADENCE_DAYS[urgency] * 86_400_000;
  return Date.parse(promise) > limit;
}
