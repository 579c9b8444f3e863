import { describe, expect, it } from 'vitest';
import { endOfLocalDay, fromLocalInput, toLocalInput } from '../../../renderer/features/case-file/datetime';
import { localTime } from '../../../renderer/features/reference/reference-panel';
import { computeFollowUp, newlyDue, notifyKey } from '../../../renderer/features/today/follow-up';
import { groupJumpTarget } from '../../../renderer/hooks/use-field-groups';
import type { LocalCase } from '../../../renderer/db/database';

const key = (over: Partial<KeyboardEvent>) => ({
  altKey: false,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  key: '',
  code: '',
  ...over,
});

describe('field group jumps', () => {
  it.each([
    [key({ altKey: true, code: 'Digit3', key: '3' }), 0, 8, 2],
    [key({ altKey: true, code: 'Digit9', key: '9' }), 0, 8, null],
    [key({ ctrlKey: true, key: 'ArrowDown' }), 2, 8, 3],
    [key({ ctrlKey: true, key: 'ArrowDown' }), 7, 8, null],
    [key({ ctrlKey: true, key: 'ArrowDown' }), -1, 8, 0],
    [key({ ctrlKey: true, key: 'ArrowUp' }), 0, 8, 0],
    [key({ ctrlKey: true, key: 'ArrowUp' }), 4, 8, 3],
    [key({ key: 'ArrowDown' }), 2, 8, null],
    [key({ ctrlKey: true, altKey: true, code: 'Digit1' }), 2, 8, null],
  ])('%o from %i of %i -> %s', (event, current, count, expected) => {
    expect(groupJumpTarget(event, current, count)).toBe(expected);
  });
});

describe('datetime-local conversions', () => {
  it('round-trips through local wall time', () => {
    const iso = '2025-06-02T03:00:00.000Z';
    expect(fromLocalInput(toLocalInput(iso))).toBe(iso);
    expect(toLocalInput(null)).toBe('');
    expect(fromLocalInput('')).toBeNull();
    expect(fromLocalInput('not a date')).toBeNull();
    expect(new Date(endOfLocalDay(Date.parse(iso))).getHours()).toBe(23);
  });
});

describe('mission local time', () => {
  it('formats in the mission time zone and the chosen locale', () => {
    const now = Date.parse('2025-06-02T03:00:00Z');
    expect(localTime('Asia/Riyadh', now, 'en-GB')).toMatch(/06:00/);
    expect(localTime('Asia/Taipei', now, 'id-ID')).toMatch(/11[.:]00/);
  });
});

describe('due notifications', () => {
  const c = (id: string, receivedAt: string) =>
    ({
      id,
      status: 'received',
      urgency: 'normal',
      receivedAt,
      ownerId: null,
      updatedAt: null,
      deleted: false,
    }) as LocalCase;
  const snapshot = {
    cases: [c('a', '2025-06-01T00:00:00.000Z'), c('b', '2025-06-05T00:00:00.000Z')],
    contacts: [],
    referrals: [],
  };

  it('notifies each case once per due time, only when the promise has fallen due', () => {
    const now = Date.parse('2025-06-08T06:00:00.000Z');
    const { today } = computeFollowUp(snapshot, now);
    // Case a (received 1 June, weekly cadence) fell due on 8 June 00:00; b is due on 12 June.
    const due = newlyDue(today, now, new Set());
    expect(due.map((d) => d.caseId)).toEqual(['a']);
    expect(newlyDue(today, now, new Set(due.map(notifyKey)))).toEqual([]);
  });
});
