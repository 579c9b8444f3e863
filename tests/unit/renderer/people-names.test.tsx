// @vitest-environment happy-dom
// People, not ids (issue 17): every place that shows a user names them from
// the office directory cached on this device; an id the directory does not
// know reads "another user" / "pengguna lain", never the raw id; a disabled
// user is marked inactive. Ownership: an operator takes an unowned case, a
// supervisor reassigns one case or several selected in the case list, and
// "My cases" filters the list to the operator's own.
import { act } from 'react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppHeader } from '../../../renderer/app/app-header';
import { saveDirectory } from '../../../renderer/db/directory';
import { AuditTimeline } from '../../../renderer/features/case-file/audit-timeline';
import { ContactLog } from '../../../renderer/features/case-file/contact-log';
import { NotesSection } from '../../../renderer/features/case-file/notes-tasks';
import { CaseFilters } from '../../../renderer/features/cases/case-filters';
import { useListViewStore } from '../../../renderer/features/cases/list-filter-store';
import { BulkAssignBar, CaseOwner } from '../../../renderer/features/cases/ownership';
import { ConflictView } from '../../../renderer/features/sync/conflict-inbox';
import { TodayScreen } from '../../../renderer/features/today/today-screen';
import { setActor } from '../../../renderer/session/actor';
import type { Conflict } from '../../../shared/sync/protocol';
import { caseInput } from './fixtures';
import { button, choose, openHarness, settle, type Harness } from './forms-harness';

const OP = '01900000-0000-7000-8000-000000000001';
const SUP = '01900000-0000-7000-8000-000000000002';
const GONE = '01900000-0000-7000-8000-000000000003';
const STRANGER = '01900000-0000-7000-8000-0000000000ff';

let h: Harness;

async function seedDirectory(): Promise<void> {
  await saveDirectory(h.db, {
    office: { id: 'JKT', code: 'JKT', name: 'Posko Jakarta' },
    users: [
      { id: OP, displayName: 'Siti Rahayu', role: 'operator', active: true },
      { id: SUP, displayName: 'Budi Santoso', role: 'supervisor', active: true },
      { id: GONE, displayName: 'Dewi Lestari', role: 'operator', active: false },
    ],
    at: new Date().toISOString(),
  });
}

async function mountSettled(ui: Parameters<Harness['mount']>[0]): Promise<HTMLElement> {
  const host = h.mount(ui);
  await act(settle);
  return host;
}

describe.each(['en', 'id'] as const)('names instead of ids (%s)', (language) => {
  const unknown = language === 'en' ? 'another user' : 'pengguna lain';
  const inactive = language === 'en' ? 'Dewi Lestari (inactive)' : 'Dewi Lestari (nonaktif)';
  beforeEach(async () => {
    h = await openHarness(`people-${language}`, language);
    setActor({ actorId: OP, officeId: 'JKT' });
    await seedDirectory();
  });
  afterEach(() => h.close());

  it('names note and contact authors; an unknown author is a neutral label, a disabled one inactive', async () => {
    const record = await h.repo.createRecord('cases', caseInput(new Date(), { ownerId: OP }));
    const base = { caseId: record.id, at: new Date().toISOString() };
    const notes = await Promise.all([
      h.repo.createRecord('notes', { ...base, authorId: OP, body: 'satu' }),
      h.repo.createRecord('notes', { ...base, authorId: STRANGER, body: 'dua' }),
      h.repo.createRecord('notes', { ...base, authorId: GONE, body: 'tiga' }),
    ]);
    const host = await mountSettled(<NotesSection record={record} notes={notes} />);
    const authors = [...host.querySelectorAll('[data-testid=note-author]')].map((e) => e.textContent);
    expect(authors.sort()).toEqual([inactive, 'Siti Rahayu', unknown].sort());
    expect(host.textContent).not.toContain(STRANGER);

    const contact = await h.repo.createRecord('contacts', {
      ...base,
      authorId: SUP,
      direction: 'outgoing',
      channel: 'phone',
      partyName: 'Ibu Sumiati',
      result: 'connected',
    });
    const log = await mountSettled(<ContactLog record={record} contacts={[contact]} />);
    expect(log.querySelector('[data-testid=contact-author]')?.textContent).toBe('Budi Santoso');
  });

  it('names people in the audit timeline and the case owner', async () => {
    const record = await h.repo.createRecord('cases', caseInput(new Date(), { ownerId: SUP }));
    await h.repo.storeAuditPage(
      record.id,
      [
        {
          seq: 1,
          at: new Date().toISOString(),
          clientTime: null,
          actorId: STRANGER,
          deviceId: null,
          action: 'push.update',
          table: 'cases',
          recordId: record.id,
          mutationId: null,
          baseRev: 1,
          rev: 2,
          changes: [{ path: 'summary', from: null, to: 'x' }],
          outcome: 'applied',
          prevHash: '0',
          hash: '1',
        },
        {
          seq: 2,
          at: new Date().toISOString(),
          clientTime: null,
          actorId: SUP,
          deviceId: null,
          action: 'push.update',
          table: 'cases',
          recordId: record.id,
          mutationId: null,
          baseRev: 2,
          rev: 3,
          changes: [{ path: 'summary', from: 'x', to: 'y' }],
          outcome: 'applied',
          prevHash: '1',
          hash: '2',
        },
      ],
      2,
    );
    const timeline = await mountSettled(<AuditTimeline recordIds={[record.id]} />);
    const who = [...timeline.querySelectorAll('.audit__who')].map((e) => e.textContent);
    expect(who).toContain(unknown);
    expect(who).toContain('Budi Santoso');
    expect(timeline.textContent).not.toContain(STRANGER);
    const owner = await mountSettled(<CaseOwner record={record} />);
    expect(owner.textContent).toContain('Budi Santoso');
    expect(owner.textContent).not.toContain(SUP);
  });

  it("shows the operator's office in the header, once the directory is cached", async () => {
    const host = await mountSettled(<AppHeader />);
    expect(host.querySelector('[data-testid=header-office]')?.textContent).toBe(
      language === 'en' ? 'Office: Posko Jakarta' : 'Kantor: Posko Jakarta',
    );
    // Another office's directory is not this operator's office.
    setActor({ actorId: OP, officeId: 'SBY' });
    await act(settle);
    expect(host.querySelector('[data-testid=header-office]')).toBeNull();
  });

  it("names each case's owner in the supervisor's queues", async () => {
    // Urgent and untouched for days, promise overdue: in the supervisor's queues.
    const old = new Date(Date.now() - 5 * 86_400_000);
    await h.repo.createRecord('cases', caseInput(old, { urgency: 'critical', ownerId: SUP }));
    await h.repo.createRecord('cases', caseInput(old, { urgency: 'critical', ownerId: STRANGER }));
    const host = await mountSettled(<TodayScreen />);
    const tab = [...host.querySelectorAll('[role=tab]')].at(-1) as HTMLButtonElement;
    await act(async () => {
      tab.click();
      await settle();
    });
    const owners = [...host.querySelectorAll('[data-testid=queue-owner]')].map((e) => e.textContent);
    expect(owners).toContain('Budi Santoso');
    expect(owners).toContain(unknown);
    expect(host.textContent).not.toContain(STRANGER);
  });

  it('names the other side of a conflict by the person', async () => {
    const record = await h.repo.createRecord('cases', caseInput(new Date()));
    const conflict: Conflict = {
      id: '01900000-0000-7000-8000-0000000000c1',
      table: 'cases',
      recordId: record.id,
      caseId: record.id,
      officeId: 'JKT',
      path: 'summary',
      base: 'a',
      server: 'b',
      client: 'c',
      serverActorId: SUP,
      serverAt: new Date().toISOString(),
      clientActorId: STRANGER,
      clientAt: new Date().toISOString(),
      mutationId: '01900000-0000-7000-8000-0000000000c2',
      status: 'open',
      resolvedBy: null,
      resolvedAt: null,
      seq: 1,
    };
    const host = await mountSettled(<ConflictView conflict={conflict} onDone={() => undefined} />);
    expect(host.textContent).toContain('Budi Santoso');
    expect(host.textContent).toContain(unknown);
    expect(host.textContent).not.toContain(SUP);
    expect(host.textContent).not.toContain(STRANGER);
  });
});

describe('ownership', () => {
  beforeEach(async () => {
    h = await openHarness('people-owner', 'en');
    await seedDirectory();
    useListViewStore.getState().clear();
  });
  afterEach(() => h.close());

  it('lets an operator take an unowned case', async () => {
    setActor({ actorId: OP, officeId: 'JKT' });
    const record = await h.repo.createRecord('cases', caseInput(new Date(), { ownerId: null }));
    const host = await mountSettled(<CaseOwner record={record} />);
    expect(host.textContent).toContain('Nobody yet');
    // An operator gets no assign control.
    expect(host.querySelector('select')).toBeNull();
    await act(async () => {
      button(host, 'Take case').click();
      await settle();
    });
    expect((await h.db.cases.get(record.id))?.ownerId).toBe(OP);
    expect(await h.db.outbox.count()).toBe(2); // the create and the take
  });

  it('lets a supervisor reassign one case, only to active operators and supervisors', async () => {
    setActor({ actorId: SUP, officeId: 'JKT' });
    const record = await h.repo.createRecord('cases', caseInput(new Date(), { ownerId: OP }));
    const host = await mountSettled(<CaseOwner record={record} />);
    const select = host.querySelector('select') as HTMLSelectElement;
    const options = [...select.options].map((o) => o.textContent);
    expect(options).toEqual(['Nobody', 'Budi Santoso', 'Siti Rahayu']);
    choose(select, SUP);
    await act(async () => {
      button(host, 'Assign').click();
      await settle();
    });
    expect((await h.db.cases.get(record.id))?.ownerId).toBe(SUP);
  });

  it("lets a supervisor assign several selected cases at once (the case list's bulk bar)", async () => {
    setActor({ actorId: SUP, officeId: 'JKT' });
    const a = await h.repo.createRecord('cases', caseInput(new Date(), { ownerId: null }));
    const b = await h.repo.createRecord('cases', caseInput(new Date(), { ownerId: OP }));
    const c = await h.repo.createRecord('cases', caseInput(new Date(), { ownerId: null }));
    let done = 0;
    const host = await mountSettled(<BulkAssignBar selected={[a.id, b.id]} onDone={() => (done += 1)} />);
    const bar = host.querySelector('[data-testid=bulk-assign]') as HTMLElement;
    expect(bar.textContent).toContain('2 cases selected');
    choose(bar.querySelector('select') as HTMLSelectElement, SUP);
    await act(async () => {
      button(bar, 'Assign').click();
      await settle();
    });
    expect((await h.db.cases.get(a.id))?.ownerId).toBe(SUP);
    expect((await h.db.cases.get(b.id))?.ownerId).toBe(SUP);
    expect((await h.db.cases.get(c.id))?.ownerId).toBeNull();
    expect(done).toBe(1);
  });

  it('shows an operator no bulk bar', async () => {
    setActor({ actorId: OP, officeId: 'JKT' });
    const host = await mountSettled(<BulkAssignBar selected={['x']} onDone={() => undefined} />);
    expect(host.querySelector('[data-testid=bulk-assign]')).toBeNull();
  });

  it('"My cases" filters the list to the operator\'s own; the owner filter names people', async () => {
    setActor({ actorId: OP, officeId: 'JKT' });
    await h.repo.createRecord('cases', caseInput(new Date(), { ownerId: OP }));
    await h.repo.createRecord('cases', caseInput(new Date(), { ownerId: SUP }));
    const filters = await mountSettled(<CaseFilters />);
    const ownerSelect = [...filters.querySelectorAll('label')]
      .find((l) => l.textContent?.startsWith('Owner'))
      ?.querySelector('select') as HTMLSelectElement;
    expect([...ownerSelect.options].map((o) => o.textContent)).toEqual([
      'All',
      'Budi Santoso',
      'Siti Rahayu (you)',
    ]);
    await act(async () => {
      button(filters, 'My cases').click();
      await settle();
    });
    expect(useListViewStore.getState().filter.ownerId).toBe(OP);
    const ids = await h.repo.filterCaseIds(
      useListViewStore.getState().filter,
      'receivedAt',
      true,
      new Date(),
    );
    expect(ids).toHaveLength(1);
  });
});
