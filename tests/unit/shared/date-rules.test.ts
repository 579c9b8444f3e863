// The date rules the intake, the case edit and the contact form share.
import { describe, expect, it } from 'vitest';
import {
  departureInFuture,
  localToday,
  periodEndsBeforeStart,
  promiseBeyondCadence,
} from '../../../shared/domain/date-rules';

describe('date rules', () => {
  it('an employer period ends before it starts only when both ends are known and out of order', () => {
    expect(periodEndsBeforeStart('2024-05-01', '2024-04-30')).toBe(true);
    expect(periodEndsBeforeStart('2024-05-01', '2024-05-01')).toBe(false);
    expect(periodEndsBeforeStart('2024-05-01', null)).toBe(false);
    expect(periodEndsBeforeStart(null, '2024-04-30')).toBe(false);
  });

  it("a departure is in the future from the day after the operator's local today", () => {
    const now = new Date(2026, 2, 2, 23, 30); // local time, late in the day
    expect(localToday(now)).toBe('2026-03-02');
    expect(departureInFuture('2026-03-02', now)).toBe(false);
    expect(departureInFuture('2026-03-03', now)).toBe(true);
    expect(departureInFuture(null, now)).toBe(false);
  });

  it('a promise is beyond the cadence when later than the urgency allows from the contact', () => {
    const at = '2026-03-02T09:00:00.000Z';
    expect(promiseBeyondCadence(at, '2026-03-04T09:00:00.000Z', 'urgent')).toBe(false);
    expect(promiseBeyondCadence(at, '2026-03-04T09:01:00.000Z', 'urgent')).toBe(true);
    expect(promiseBeyondCadence(at, '2026-03-03T09:01:00.000Z', 'critical')).toBe(true);
    expect(promiseBeyondCadence(at, '2026-03-09T09:00:00.000Z', 'normal')).toBe(false);
  });
});
