// @vitest-environment happy-dom
// The contact log's entry form on react-hook-form: a valid entry is written
// through the repository, invalid input shows the app's own message (no
// native bubbles) and writes nothing, and what is typed survives leaving the
// case file (the contact draft store).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LocalCase } from '../../../renderer/db/database';
import { ContactLog } from '../../../renderer/features/case-file/contact-log';
import { useContactDraftStore } from '../../../renderer/features/cases/contact-draft-store';
import { getActor, setActor } from '../../../renderer/session/actor';
import { urgentCallerCase } from './fixtures';
import { alerts, byLabel, choose, openHarness, statusText, submit, type } from './forms-harness';
import type { Harness } from './forms-harness';

let h: Harness;
let record: LocalCase;

beforeEach(async () => {
  h = await openHarness('forms-contact');
  useContactDraftStore.setState({ drafts: {} });
  record = await h.repo.createRecord('cases', urgentCallerCase());
});
afterEach(() => h.close());

const mountLog = () => h.mount(<ContactLog record={record} contacts={[]} />);

describe('contact log form', () => {
  it('writes the entry through the repository with the first reporter and the promise the cadence gives', async () => {
    const host = mountLog();
    expect(host.querySelector('form')?.noValidate).toBe(true);
    expect(byLabel(host, 'Nomor yang digunakan').value).toBe('+6281234567890');
    type(byLabel(host, 'Waktu'), '2026-03-02T09:15');
    // The promise follows the contact time (urgent: two days) until set by hand.
    expect(byLabel(host, 'Janji kabar berikutnya').value).toBe('2026-03-04T09:15');
    type(byLabel<HTMLTextAreaElement>(host, 'Yang disampaikan kepada keluarga'), '  Belum ada kabar.  ');
    await submit(host, 'Catat kontak');

    const contacts = await h.db.contacts.toArray();
    expect(contacts).toHaveLength(1);
    expect(contacts[0]).toMatchObject({
      caseId: record.id,
      direction: 'outgoing',
      channel: 'phone',
      result: 'connected',
      reporterKey: 'r1',
      partyName: 'Aminah',
      numberUsed: '+6281234567890',
      toldFamily: 'Belum ada kabar.',
      at: new Date('2026-03-02T09:15').toISOString(),
      nextPromiseAt: new Date('2026-03-04T09:15').toISOString(),
    });
    expect(await h.db.outbox.where('table').equals('contacts').count()).toBe(1);
    expect(statusText(host)).toContain('Kontak tercatat.');
    // The form starts again: nothing of the last entry is left in it.
    expect(byLabel<HTMLTextAreaElement>(host, 'Yang disampaikan kepada keluarga').value).toBe('');
  });

  it('refuses another party without a name and a contact time that is not a date, in the app language, and writes nothing', async () => {
    const host = mountLog();
    choose(byLabel<HTMLSelectElement>(host, 'Pihak'), '__other');
    expect(byLabel(host, 'Nama pihak').value).toBe('');
    // What a datetime-local control reports for a date it cannot read (its value is then empty).
    type(byLabel(host, 'Waktu'), '');
    await submit(host, 'Catat kontak');

    expect(alerts(host)).toEqual(['Tanggal tidak valid', 'Sebutkan dengan siapa kontak ini.']);
    expect(byLabel(host, 'Nama pihak').getAttribute('aria-invalid')).toBe('true');
    expect(await h.db.contacts.count()).toBe(0);
    expect(await h.db.outbox.count()).toBe(1); // only the case's own create
  });

  it('keeps what was typed when the case file is left and opened again, until the entry is saved', async () => {
    let host = mountLog();
    choose(byLabel<HTMLSelectElement>(host, 'Arah'), 'incoming');
    type(byLabel(host, 'Janji kabar berikutnya'), '2026-05-01T10:00');
    type(byLabel<HTMLTextAreaElement>(host, 'Catatan panggilan'), 'Ibu menelepon dari Cirebon');
    h.unmountAll();

    host = mountLog();
    expect(byLabel<HTMLSelectElement>(host, 'Arah').value).toBe('incoming');
    expect(byLabel<HTMLTextAreaElement>(host, 'Catatan panggilan').value).toBe('Ibu menelepon dari Cirebon');
    // Set by hand before leaving: a new contact time no longer moves it.
    type(byLabel(host, 'Waktu'), '2026-04-01T08:00');
    expect(byLabel(host, 'Janji kabar berikutnya').value).toBe('2026-05-01T10:00');
    await submit(host, 'Catat kontak');
    expect(await h.db.contacts.count()).toBe(1);
    expect(useContactDraftStore.getState().draftFor(record.id, getActor().actorId)).toBeNull();

    h.unmountAll();
    host = mountLog();
    expect(byLabel<HTMLTextAreaElement>(host, 'Catatan panggilan').value).toBe('');
  });

  it("does not show one operator's draft to the next one signed in on this console", () => {
    const first = getActor();
    let host = mountLog();
    type(byLabel<HTMLTextAreaElement>(host, 'Catatan panggilan'), 'Nomor pribadi ibu: 0812 0000 1111');
    h.unmountAll();
    try {
      setActor({ actorId: 'op-other', officeId: first.officeId });
      host = mountLog();
      expect(byLabel<HTMLTextAreaElement>(host, 'Catatan panggilan').value).toBe('');
      expect(useContactDraftStore.getState().drafts).toEqual({});
    } finally {
      setActor(first);
    }
  });

  it('starts from a call attached at intake, matched to its reporter, and says so', () => {
    useContactDraftStore.getState().setDraft({
      caseId: record.id,
      actorId: getActor().actorId,
      fromIntake: true,
      values: { direction: 'incoming', partyName: 'Aminah', numberUsed: '+6281234567890', notes: 'Gaji' },
    });
    const host = mountLog();
    expect(host.textContent).toContain('Panggilan dilampirkan dari formulir pengaduan');
    expect(byLabel<HTMLSelectElement>(host, 'Pihak').value).toBe('r1');
    expect(byLabel<HTMLSelectElement>(host, 'Arah').value).toBe('incoming');
    expect(byLabel<HTMLTextAreaElement>(host, 'Catatan panggilan').value).toBe('Gaji');
  });
});
