// @vitest-environment happy-dom
// Handover on the console (issue 17): a supervisor hands a case over through
// the server (never as a local edit), then syncs; the sending office's
// consoles drop a case the server says moved out, with its records, conflicts
// and cached audit, unless their copy is newer than the move (handed back).
import { act } from 'react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyCaseMoves, movedCursor } from '../../../renderer/db/case-moves';
import { saveDirectory } from '../../../renderer/db/directory';
import { HandoverForm } from '../../../renderer/features/cases/handover-form';
import { setActor } from '../../../renderer/session/actor';
import type { SyncContextValue } from '../../../renderer/features/sync/sync-context';
import { caseInput } from './fixtures';
import { button, openHarness, settle, statusText, type, type Harness } from './forms-harness';

const SUP = '01900000-0000-7000-8000-000000000002';
const OP = '01900000-0000-7000-8000-000000000001';
let h: Harness;

beforeEach(async () => {
  h = await openHarness('people-handover', 'en');
  await saveDirectory(h.db, {
    office: { id: 'JKT', code: 'JKT', name: 'Posko Jakarta' },
    users: [
      { id: OP, displayName: 'Siti', role: 'operator', active: true },
      { id: SUP, displayName: 'Budi', role: 'supervisor', active: true },
    ],
    at: new Date().toISOString(),
  });
});
afterEach(() => h.close());

describe('applyCaseMoves', () => {
  it('drops a moved case with its records, conflicts and cached audit; keeps a newer copy', async () => {
    const moved = await h.repo.createRecord('cases', caseInput(new Date()));
    const kept = await h.repo.createRecord('cases', caseInput(new Date()));
    const note = await h.repo.createRecord('notes', {
      caseId: moved.id,
      at: new Date().toISOString(),
      authorId: OP,
      body: 'x',
    });
    await h.repo.createRecord('notes', {
      caseId: kept.id,
      at: new Date().toISOString(),
      authorId: OP,
      body: 'y',
    });
    await h.db.auditCache.put({ recordId: note.id, seq: 1 } as never);
    await h.db.conflicts.put({ id: 'c1', recordId: moved.id, caseId: moved.id, status: 'open' } as never);
    // The kept case came back after its move: its local seq is past the move's.
    await h.db.cases.update(kept.id, { seq: 50 });
    const at = new Date().toISOString();
    const dropped = await applyCaseMoves(
      h.db,
      [
        { seq: 10, caseId: moved.id, toOfficeId: 'SBY', at },
        { seq: 20, caseId: kept.id, toOfficeId: 'SBY', at },
      ],
      20,
    );
    expect(dropped).toBe(1);
    expect(await h.db.cases.get(moved.id)).toBeUndefined();
    expect(await h.db.notes.where('caseId').equals(moved.id).count()).toBe(0);
    expect(await h.db.auditCache.where('recordId').equals(note.id).count()).toBe(0);
    expect(await h.db.conflicts.count()).toBe(0);
    expect(await h.db.cases.get(kept.id)).toBeDefined();
    expect(await h.db.notes.where('caseId').equals(kept.id).count()).toBe(1);
    expect(await movedCursor(h.db)).toBe(20);
  });
});

describe('HandoverForm', () => {
  function mountWith(calls: unknown[], syncs: { n: number }) {
    const transport = {
      handover: async (caseId: string, input: unknown) => {
        calls.push({ caseId, input });
        return { caseId, toOffice: { id: 'SBY', code: 'SBY', name: 'Surabaya' }, records: 1, rev: 2 };
      },
    } as unknown as SyncContextValue['transport'];
    const engine = { syncNow: async () => void (syncs.n += 1) } as unknown as SyncContextValue['engine'];
    return { transport, engine };
  }

  it('is not offered to an operator', async () => {
    setActor({ actorId: OP, officeId: 'JKT' });
    const record = await h.repo.createRecord('cases', caseInput(new Date()));
    const host = h.mount(<HandoverForm record={record} />);
    await act(settle);
    expect(host.textContent).toBe('');
  });

  it('lets a supervisor hand over through the server, checks the input first, then syncs', async () => {
    setActor({ actorId: SUP, officeId: 'JKT' });
    const record = await h.repo.createRecord('cases', caseInput(new Date()));
    const calls: unknown[] = [];
    const syncs = { n: 0 };
    const { transport, engine } = mountWith(calls, syncs);
    const host = h.mount(<HandoverForm record={record} />, { transport, engine });
    await act(settle);
    const [code, reason] = [...host.querySelectorAll('input')];
    type(code!, 'surabaya!');
    type(reason!, 'Keluarga pindah');
    await act(async () => {
      button(host, 'Hand over').click();
      await settle();
    });
    expect(statusText(host)).toContain("Enter the receiving office's code");
    expect(calls).toEqual([]);
    type(code!, 'sby');
    await act(async () => {
      button(host, 'Hand over').click();
      await settle();
    });
    expect(calls).toEqual([{ caseId: record.id, input: { toOfficeCode: 'SBY', reason: 'Keluarga pindah' } }]);
    expect(syncs.n).toBe(1);
    expect(statusText(host)).toContain('Handed over to SBY.');
    // A handover is no local edit: nothing waits in the outbox for it.
    expect(await h.db.outbox.count()).toBe(1);
  });
});
