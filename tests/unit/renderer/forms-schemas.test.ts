// The case-file form schemas: dates the datetime-local control can hand over
// but that are no date (a five-digit year, which Chromium's control accepts,
// or a day the month lacks) are refused with the app's message instead of
// being saved as "no promise"; limits are the shared record schema's.
import { describe, expect, it } from 'vitest';
import {
  ContactForm,
  NoteForm,
  ReferralForm,
  TaskForm,
} from '../../../renderer/features/case-file/case-file-forms';
import { fromLocalInput, toLocalInput } from '../../../renderer/features/case-file/datetime';

const contact = {
  at: '2026-03-02T09:15',
  direction: 'outgoing',
  channel: 'phone',
  party: 'r1',
  partyName: 'Aminah',
  numberUsed: '',
  result: 'connected',
  toldFamily: '',
  notes: '',
  nextPromise: '',
} as const;

const messages = (result: {
  success: boolean;
  error?: { issues: { path: PropertyKey[]; message: string }[] };
}) => (result.error?.issues ?? []).map((issue) => `${issue.path.join('.')}: ${issue.message}`);

describe('fromLocalInput', () => {
  it('reads the control value as local time and round-trips with toLocalInput', () => {
    const iso = fromLocalInput('2026-03-02T09:15');
    expect(iso).toBe(new Date(2026, 2, 2, 9, 15).toISOString());
    expect(toLocalInput(iso)).toBe('2026-03-02T09:15');
    expect(fromLocalInput('2026-03-02T09:15:30')).toBe(new Date(2026, 2, 2, 9, 15, 30).toISOString());
  });

  it('is null for what is no date, where Date would guess or roll over', () => {
    for (const value of ['', '20266-03-04T09:15', '2026-02-30T10:00', '2026-13-01T10:00', '2026-03-02', 'x'])
      expect(fromLocalInput(value), value).toBeNull();
  });
});

describe('case-file form schemas', () => {
  it('accept a valid contact and say which fields are wrong otherwise', () => {
    expect(ContactForm.safeParse(contact).success).toBe(true);
    expect(messages(ContactForm.safeParse({ ...contact, nextPromise: '20266-03-04T09:15' }))).toEqual([
      'nextPromise: validation.invalidDate',
    ]);
    expect(messages(ContactForm.safeParse({ ...contact, at: '', partyName: '  ' }))).toEqual([
      'at: validation.invalidDate',
      'partyName: caseFile.partyRequired',
    ]);
    expect(messages(ContactForm.safeParse({ ...contact, numberUsed: 'x'.repeat(201) }))).toEqual([
      'numberUsed: validation.tooLong',
    ]);
  });

  it('hold referrals, notes and tasks to the shared limits', () => {
    const referral = {
      kind: 'letter',
      target: 'mission',
      recipient: 'KBRI Riyadh',
      letterNumber: '',
      subject: '',
      sentAt: '',
      replyDue: '',
      stage: 'none',
    } as const;
    expect(ReferralForm.safeParse(referral).success).toBe(true);
    expect(
      messages(ReferralForm.safeParse({ ...referral, recipient: ' ', replyDue: '2026-02-30T10:00' })),
    ).toEqual(['recipient: caseFile.recipientRequired', 'replyDue: validation.invalidDate']);
    expect(messages(NoteForm.safeParse({ body: 'x'.repeat(20_001) }))).toEqual(['body: validation.tooLong']);
    expect(NoteForm.safeParse({ body: 'x'.repeat(20_000) }).success).toBe(true);
    expect(messages(TaskForm.safeParse({ title: 'Telepon KBRI', due: '20266-01-01T10:00' }))).toEqual([
      'due: validation.invalidDate',
    ]);
  });
});
