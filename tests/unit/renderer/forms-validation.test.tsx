// @vitest-environment happy-dom
// Issue 17, "Validation that catches real mistakes", in both languages with
// the app's own messages: a promise that is not a date is refused and a valid
// one is written with the contact; an employer period that ends before it
// starts and a departure date in the future are errors that write nothing;
// no reporter phone and a promise beyond the urgency's cadence are warnings
// that still save; required fields are marked (aria-required) and limited
// fields show a counter read from the zod schema before any submit.
import { afterEach, describe, expect, it } from 'vitest';
import type { LocalCase } from '../../../renderer/db/database';
import { ContactLog } from '../../../renderer/features/case-file/contact-log';
import { useContactDraftStore } from '../../../renderer/features/cases/contact-draft-store';
import { NewCaseScreen } from '../../../renderer/features/cases/new-case-form';
import { urgentCallerCase } from './fixtures';
import { alerts, byLabel, choose, openHarness, statusText, submit, type } from './forms-harness';
import type { Harness, Language } from './forms-harness';

const L = {
  id: {
    summary: 'Ringkasan',
    reporterName: 'Nama pengadu',
    relationship: 'Hubungan dengan pekerja',
    workerName: 'Nama pekerja (sesuai paspor)',
    reporterPhone: 'Telepon pengadu',
    employerName: 'Nama majikan',
    from: 'Dari',
    until: 'Sampai',
    departure: 'Tanggal keberangkatan',
    saveCase: 'Simpan kasus',
    when: 'Waktu',
    promise: 'Janji kabar berikutnya',
    logContact: 'Catat kontak',
    contactSaved: 'Kontak tercatat.',
    invalidDate: 'Tanggal tidak valid',
    periodOrder: 'Tanggal selesai sebelum tanggal mulai',
    departureFuture: 'Tanggal berangkat tidak boleh di masa depan',
    noPhone: 'Belum ada nomor telepon pelapor: petugas tidak dapat menelepon balik.',
    beyondCadence: 'Janji ini melewati batas 2 hari untuk kasus Mendesak.',
    counter: '0 dari 200 karakter',
  },
  en: {
    summary: 'Summary',
    reporterName: 'Reporter name',
    relationship: 'Relationship to the worker',
    workerName: 'Worker name (as in passport)',
    reporterPhone: 'Reporter phone',
    employerName: 'Employer name',
    from: 'From',
    until: 'Until',
    departure: 'Departure date',
    saveCase: 'Save case',
    when: 'When',
    promise: 'Next promised update',
    logContact: 'Log contact',
    contactSaved: 'Contact logged.',
    invalidDate: 'Not a valid date',
    periodOrder: 'The end date is before the start date',
    departureFuture: 'The departure date cannot be in the future',
    noPhone: 'No reporter has a phone number: the desk cannot call back.',
    beyondCadence: 'This promise is later than the 2-day limit for Urgent cases.',
    counter: '0 of 200 characters',
  },
} as const;

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const warningsOf = (host: HTMLElement) =>
  [...host.querySelectorAll('.field__warning')].map((w) => w.textContent?.trim() ?? '');

describe.each(['id', 'en'] as Language[])('form validation (%s)', (language) => {
  const s = L[language];

  async function intake() {
    h = await openHarness(`forms-validation-intake-${language}`, language);
    useContactDraftStore.setState({ drafts: {} });
    const host = h.mount(<NewCaseScreen />);
    type(byLabel(host, s.summary), 'Ingin pulang');
    type(byLabel(host, s.reporterName), 'Sumiati');
    choose(byLabel<HTMLSelectElement>(host, s.relationship), 'parent');
    type(byLabel(host, s.workerName), 'Siti Aminah');
    return { host, harness: h };
  }

  it('refuses an employer period that ends before it starts, under the end date, and writes nothing', async () => {
    const { host, harness } = await intake();
    type(byLabel(host, s.reporterPhone), '081234567890');
    type(byLabel(host, s.employerName), 'Abdullah');
    type(byLabel(host, s.from), '2024-05-01');
    type(byLabel(host, s.until), '2024-04-30');
    await submit(host, s.saveCase);
    expect(alerts(host)).toEqual([s.periodOrder]);
    expect(byLabel(host, s.until).getAttribute('aria-invalid')).toBe('true');
    expect(await harness.db.cases.count()).toBe(0);

    type(byLabel(host, s.until), '2024-05-01');
    await submit(host, s.saveCase);
    expect(await harness.db.cases.count()).toBe(1);
  });

  it('refuses a departure date in the future and accepts one in the past', async () => {
    const { host, harness } = await intake();
    type(byLabel(host, s.reporterPhone), '081234567890');
    type(byLabel(host, s.departure), '2099-01-01');
    await submit(host, s.saveCase);
    expect(alerts(host)).toEqual([s.departureFuture]);
    expect(await harness.db.cases.count()).toBe(0);

    type(byLabel(host, s.departure), '2020-01-01');
    await submit(host, s.saveCase);
    const cases = await harness.db.cases.toArray();
    expect(cases.map((c) => c.worker.departureDate)).toEqual(['2020-01-01']);
  });

  it('warns, without blocking, while no reporter has a phone number', async () => {
    const { host, harness } = await intake();
    expect(warningsOf(host)).toEqual([s.noPhone]);
    expect(byLabel(host, s.reporterPhone).getAttribute('aria-describedby')).toContain('-warning');
    type(byLabel(host, s.reporterPhone), '081234567890');
    expect(warningsOf(host)).toEqual([]);
    type(byLabel(host, s.reporterPhone), '');
    await submit(host, s.saveCase);
    expect(alerts(host)).toEqual([]);
    expect(await harness.db.cases.count()).toBe(1);
  });

  it('marks required fields and shows the schema limit as a counter before any submit', async () => {
    h = await openHarness(`forms-validation-marks-${language}`, language);
    const host = h.mount(<NewCaseScreen />);
    for (const label of [s.summary, s.reporterName, s.relationship, s.workerName]) {
      expect(byLabel(host, label).getAttribute('aria-required'), label).toBe('true');
    }
    expect(byLabel(host, s.reporterPhone).getAttribute('aria-required')).toBeNull();
    const summary = byLabel(host, s.summary);
    const counter = host.querySelector(`#${summary.id}-counter`);
    expect(counter?.textContent).toContain('0 / 200');
    expect(counter?.textContent).toContain(s.counter);
    type(summary, 'Ingin pulang');
    expect(counter?.textContent).toContain('12 / 200');
    expect(alerts(host)).toEqual([]);
  });

  describe('contact form', () => {
    let record: LocalCase;
    async function contactLog() {
      h = await openHarness(`forms-validation-contact-${language}`, language);
      useContactDraftStore.setState({ drafts: {} });
      record = await h.repo.createRecord('cases', urgentCallerCase());
      return { host: h.mount(<ContactLog record={record} contacts={[]} />), harness: h };
    }

    it('refuses a promise with a five-digit year and writes the promise of a valid one, also to the outbox', async () => {
      const { host, harness } = await contactLog();
      type(byLabel(host, s.when), '2026-03-02T09:15');
      // Chromium keeps a five-digit year in the value, and the schema refuses it; happy-dom
      // sanitizes it to '' as a browser does with a date it cannot read, which then reports
      // bad input: that must not pass for "no promise" either.
      const promiseInput = byLabel(host, s.promise);
      const unreadable = { value: { badInput: true }, configurable: true };
      Object.defineProperty(promiseInput, 'validity', unreadable);
      type(promiseInput, '20260-03-04T09:15');
      await submit(host, s.logContact);
      expect(alerts(host)).toEqual([s.invalidDate]);
      expect(statusText(host)).not.toContain(s.contactSaved);
      expect(await harness.db.contacts.count()).toBe(0);

      Object.defineProperty(promiseInput, 'validity', { value: { badInput: false }, configurable: true });
      type(promiseInput, '2026-03-03T16:00');
      await submit(host, s.logContact);
      const promise = new Date('2026-03-03T16:00').toISOString();
      expect((await harness.db.contacts.toArray()).map((c) => c.nextPromiseAt)).toEqual([promise]);
      const outbox = await harness.db.outbox.where('table').equals('contacts').toArray();
      expect(JSON.stringify(outbox)).toContain(promise);
      expect(statusText(host)).toContain(s.contactSaved);
    });

    it('warns when the promise is later than the cadence of the urgency, and still saves it', async () => {
      const { host, harness } = await contactLog();
      type(byLabel(host, s.when), '2026-03-02T09:15');
      // The default is the cadence itself (urgent: two days): no warning.
      expect(warningsOf(host)).toEqual([]);
      type(byLabel(host, s.promise), '2026-03-04T09:16');
      expect(warningsOf(host)).toEqual([s.beyondCadence]);
      await submit(host, s.logContact);
      expect(alerts(host)).toEqual([]);
      expect(await harness.db.contacts.count()).toBe(1);
    });
  });
});
