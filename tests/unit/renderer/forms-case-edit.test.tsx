// @vitest-environment happy-dom
// The case file's edit forms (parties after intake, summary and status) with
// the repository from context: a valid edit is written through it, invalid
// input shows the app's message (no native bubbles) and writes nothing.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LocalCase } from '../../../renderer/db/database';
import { PartiesEditForm } from '../../../renderer/features/case-file/parties-edit-form';
import { CaseEditForm } from '../../../renderer/features/cases/case-edit-form';
import { EMPTY_NEW_CASE, NewCaseForm, toNewCase } from '../../../renderer/features/cases/new-case-schema';
import { alerts, button, byLabel, choose, openHarness, statusText, submit, type } from './forms-harness';
import type { Harness } from './forms-harness';

let h: Harness;
let record: LocalCase;

beforeEach(async () => {
  h = await openHarness('forms-case-edit');
  const { record: input } = toNewCase(
    NewCaseForm.parse({
      ...EMPTY_NEW_CASE,
      summary: 'Ingin pulang',
      workerName: 'Siti Aminah',
      passportNumber: 'X1234567',
      destinationCountry: 'SA',
      reporters: [{ ...EMPTY_NEW_CASE.reporters[0], name: 'Ibu Sumi', relationship: 'parent' }],
    }),
    new Date(),
    'op-1',
  );
  record = (await h.repo.createCase(input, [])).case;
});
afterEach(() => h.close());

const caseMutations = () => h.db.outbox.where('table').equals('cases').count();

describe('parties edit form', () => {
  it('writes an edited passport number through the repository', async () => {
    const host = h.mount(<PartiesEditForm record={record} />);
    await submit(host, 'Ubah');
    const form = host.querySelector<HTMLFormElement>('#parties-edit-form');
    expect(form?.noValidate).toBe(true);
    type(byLabel(host, 'Nomor paspor'), 'c7654321');
    const before = await caseMutations();
    await submit(host, 'Simpan perubahan');
    expect((await h.db.cases.get(record.id))?.worker.passportNumber).toBe('C7654321');
    expect(await caseMutations()).toBe(before + 1);
    expect(statusText(host)).toContain('Perubahan tersimpan di perangkat ini.');
  });

  it('refuses a NIK that is not 16 digits, in the app language, and writes nothing', async () => {
    const host = h.mount(<PartiesEditForm record={record} />);
    await submit(host, 'Ubah');
    type(byLabel(host, 'NIK pekerja'), '123');
    const before = await caseMutations();
    await submit(host, 'Simpan perubahan');
    expect(alerts(host)).toEqual(['NIK terdiri dari 16 angka']);
    expect(await caseMutations()).toBe(before);
    expect((await h.db.cases.get(record.id))?.worker.nik).toBeNull();
  });
});

describe('case edit form', () => {
  it('writes summary and status through the repository', async () => {
    const host = h.mount(<CaseEditForm record={record} />);
    expect(host.querySelector('form')?.noValidate).toBe(true);
    type(byLabel(host, 'Ringkasan'), 'Gaji tidak dibayar');
    choose(byLabel<HTMLSelectElement>(host, 'Status'), 'verifying');
    await submit(host, 'Simpan perubahan');
    expect(await h.db.cases.get(record.id)).toMatchObject({
      summary: 'Gaji tidak dibayar',
      status: 'verifying',
    });
  });

  it('refuses an empty summary in the app language and writes nothing', async () => {
    const host = h.mount(<CaseEditForm record={record} />);
    type(byLabel(host, 'Ringkasan'), ' ');
    const before = await caseMutations();
    await submit(host, 'Simpan perubahan');
    expect(alerts(host)).toEqual(['Wajib diisi']);
    expect(button(host, 'Simpan perubahan').disabled).toBe(false);
    expect(await caseMutations()).toBe(before);
  });
});
