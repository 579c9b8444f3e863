// @vitest-environment happy-dom
// The intake form with the repository from context: a case is written through
// it, an empty form shows the app's messages and writes nothing, and attaching
// the call to an existing case hands what was typed to that case's contact log
// as a draft (nothing typed is lost on the way).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ContactLog } from '../../../renderer/features/case-file/contact-log';
import { useContactDraftStore } from '../../../renderer/features/cases/contact-draft-store';
import { NewCaseScreen } from '../../../renderer/features/cases/new-case-form';
import { useSavedCaseStore } from '../../../renderer/features/cases/saved-case-notice';
import { useUiStore } from '../../../renderer/stores/ui-store';
import { caseInput } from './fixtures';
import {
  alerts,
  button,
  byLabel,
  choose,
  openHarness,
  settle,
  statusText,
  submit,
  type,
} from './forms-harness';
import type { Harness } from './forms-harness';
import { act } from 'react';

let h: Harness;

beforeEach(async () => {
  h = await openHarness('forms-intake');
  useContactDraftStore.setState({ drafts: {} });
});
afterEach(() => h.close());

function fillRequired(host: HTMLElement) {
  type(byLabel(host, 'Ringkasan'), 'Ingin pulang, tidak bisa dihubungi');
  type(byLabel(host, 'Nama pengadu'), 'Sumiati');
  choose(byLabel<HTMLSelectElement>(host, 'Hubungan dengan pekerja'), 'parent');
  type(byLabel(host, 'Nama pekerja (sesuai paspor)'), 'Siti Aminah binti Slamet');
}

describe('intake form', () => {
  it('writes the case through the repository', async () => {
    const host = h.mount(<NewCaseScreen />);
    expect(host.querySelector('form')?.noValidate).toBe(true);
    fillRequired(host);
    await submit(host, 'Simpan kasus');
    const cases = await h.db.cases.toArray();
    expect(cases.map((c) => c.worker.fullName)).toEqual(['Siti Aminah binti Slamet']);
    // Issue 17: the operator lands on the new case file, where the shell confirms the draft number.
    expect(useUiStore.getState().route).toEqual({ name: 'case', id: cases[0]?.id });
    expect(useSavedCaseStore.getState().saved).toEqual({
      id: cases[0]?.id,
      draftNumber: cases[0]?.draftNumber,
    });
  });

  it('shows the app messages for an empty form and writes nothing', async () => {
    const host = h.mount(<NewCaseScreen />);
    await submit(host, 'Simpan kasus');
    expect(alerts(host)).toEqual(['Wajib diisi', 'Wajib diisi', 'Wajib diisi', 'Wajib diisi']);
    expect(statusText(host)).toContain('Beberapa kolom perlu diperbaiki');
    expect(await h.db.cases.count()).toBe(0);
  });

  it('says under the field which one is too long, also where intake showed no message before', async () => {
    const host = h.mount(<NewCaseScreen />);
    fillRequired(host);
    type(byLabel<HTMLTextAreaElement>(host, 'Tuntutan pengadu'), 'x'.repeat(20_001));
    type(byLabel(host, 'Telepon majikan'), '1'.repeat(41));
    await submit(host, 'Simpan kasus');
    const fields = [...host.querySelectorAll('[role=alert]')].map((a) => `${a.id}: ${a.textContent}`);
    expect(fields).toEqual([
      'nc-e0-name-error: Wajib diisi',
      'nc-e0-phone-error: Terlalu panjang',
      'nc-demands-error: Terlalu panjang',
    ]);
    expect(await h.db.cases.count()).toBe(0);
  });

  it('attaches the call to an existing case: its contact log starts from what intake typed', async () => {
    const existing = await h.repo.createRecord(
      'cases',
      caseInput(new Date(), {
        reporters: {
          r1: {
            name: 'Sumiati',
            role: 'family',
            relationship: 'parent',
            phones: [{ e164: '+6281234567890' }],
          },
        },
      }),
    );
    const host = h.mount(<NewCaseScreen />);
    type(byLabel(host, 'Ringkasan'), 'Belum ada kabar');
    type(byLabel(host, 'Nama pengadu'), 'Sumiati');
    type(byLabel(host, 'Telepon pengadu'), '0812-3456-7890');
    await act(async () => {
      await new Promise((resolve) => setTimeout(resolve, 300)); // the duplicate check's debounce
      await settle();
    });
    const attach = host.querySelector<HTMLButtonElement>(
      `button[aria-label="Lampirkan panggilan ke kasus ${existing.draftNumber}"]`,
    );
    expect(attach).not.toBeNull();
    act(() => attach?.click());
    expect(useUiStore.getState().route).toEqual({ name: 'case', id: existing.id });
    expect(await h.db.cases.count()).toBe(1);

    h.unmountAll();
    const log = h.mount(<ContactLog record={existing} contacts={[]} />);
    expect(log.textContent).toContain('Panggilan dilampirkan dari formulir pengaduan');
    expect(byLabel<HTMLSelectElement>(log, 'Arah').value).toBe('incoming');
    expect(byLabel<HTMLSelectElement>(log, 'Pihak').value).toBe('r1');
    expect(byLabel(log, 'Nomor yang digunakan').value).toBe('+6281234567890');
    expect(byLabel<HTMLTextAreaElement>(log, 'Catatan panggilan').value).toBe('Belum ada kabar');
    expect(button(log, 'Catat kontak').disabled).toBe(false);
  });
});
