// @vitest-environment happy-dom
// The referral form and the reply form on react-hook-form: valid input is
// written through the repository; a referral without a recipient shows the
// app's message and writes nothing.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LocalCase } from '../../../renderer/db/database';
import { ReferralsSection } from '../../../renderer/features/case-file/referrals-section';
import { caseInput } from './fixtures';
import { alerts, byLabel, openHarness, statusText, submit, type } from './forms-harness';
import type { Harness } from './forms-harness';

let h: Harness;
let record: LocalCase;

beforeEach(async () => {
  h = await openHarness('forms-referrals');
  record = await h.repo.createRecord('cases', caseInput(new Date(), { urgency: 'urgent' }));
});
afterEach(() => h.close());

describe('referral form', () => {
  it('writes a sent referral with the reply deadline the urgency gives', async () => {
    const host = h.mount(<ReferralsSection record={record} referrals={[]} />);
    expect([...host.querySelectorAll('form')].every((f) => f.noValidate)).toBe(true);
    type(byLabel(host, 'Penerima'), ' KBRI Riyadh ');
    type(byLabel(host, 'Nomor surat'), 'B-123/2026');
    type(byLabel(host, 'Dikirim'), '2026-03-02T09:00');
    // Urgent: 48 hours.
    expect(byLabel(host, 'Tenggat balasan').value).toBe('2026-03-04T09:00');
    await submit(host, 'Catat rujukan');

    const referrals = await h.db.referrals.toArray();
    expect(referrals).toHaveLength(1);
    expect(referrals[0]).toMatchObject({
      caseId: record.id,
      recipient: 'KBRI Riyadh',
      letterNumber: 'B-123/2026',
      status: 'sent',
      sentAt: new Date('2026-03-02T09:00').toISOString(),
      replyDueAt: new Date('2026-03-04T09:00').toISOString(),
    });
    expect(statusText(host)).toContain('Rujukan tercatat.');
    expect(byLabel(host, 'Penerima').value).toBe('');
  });

  it('refuses a referral without a recipient in the app language and writes nothing', async () => {
    const host = h.mount(<ReferralsSection record={record} referrals={[]} />);
    type(byLabel(host, 'Penerima'), '   ');
    await submit(host, 'Catat rujukan');
    expect(alerts(host)).toEqual(['Isi penerima.']);
    expect(await h.db.referrals.count()).toBe(0);
  });

  it('records the reply typed for one referral', async () => {
    const sent = await h.repo.createRecord('referrals', {
      caseId: record.id,
      kind: 'letter',
      target: 'mission',
      recipient: 'KBRI Riyadh',
      status: 'sent',
      sentAt: new Date().toISOString(),
      officeId: record.officeId,
    });
    const host = h.mount(<ReferralsSection record={record} referrals={[sent]} />);
    type(byLabel(host, 'Balasan yang diterima'), 'Majikan sudah dihubungi');
    await submit(host, 'Catat balasan');
    expect(await h.db.referrals.get(sent.id)).toMatchObject({
      reply: 'Majikan sudah dihubungi',
      status: 'replied',
    });
    expect(statusText(host)).toContain('Balasan tercatat.');
  });
});
