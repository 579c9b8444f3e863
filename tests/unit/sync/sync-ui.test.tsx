// @vitest-environment happy-dom
import { useLiveQuery } from 'dexie-react-hooks';
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import i18next from 'i18next';
import { I18nextProvider, initReactI18next } from 'react-i18next';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { syncResources } from '../../../renderer/features/sync/i18n-sync';
import { resources } from '../../../renderer/i18n';
import { saveDirectory } from '../../../renderer/db/directory';
import { SyncProvider, type SyncContextValue } from '../../../renderer/features/sync/sync-context';
import { SyncStatusBar } from '../../../renderer/features/sync/sync-status-bar';
import { ConflictView } from '../../../renderer/features/sync/conflict-inbox';
import { DataErrorBoundary } from '../../../renderer/features/sync/data-error-boundary';
import { NeedsAttention } from '../../../renderer/features/sync/needs-attention';
import { MUTATION_TOO_LARGE } from '../../../renderer/sync/push';
import { StatusStore } from '../../../renderer/sync/status';
import type { SyncEngine } from '../../../renderer/sync/engine';
import type { PoskoDb } from '../../../renderer/db/database';
import { Repository } from '../../../renderer/db/repository';
import { freshDb } from '../../integration/support/local-client';
import { newCase } from '../../integration/support/local-client';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
const i18n = i18next.createInstance();
beforeAll(async () => {
  await i18n.use(initReactI18next).init({
    lng: 'en',
    resources: {
      en: { translation: { ...resources.en.translation, ...syncResources.en } },
      id: { translation: { ...resources.id.translation, ...syncResources.id } },
    },
  });
});

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

function mount(ui: React.ReactNode, value: Partial<SyncContextValue>) {
  const host = document.createElement('div');
  document.body.append(host);
  const root = createRoot(host);
  act(() =>
    root.render(
      <I18nextProvider i18n={i18n}>
        <SyncProvider value={value as SyncContextValue}>{ui}</SyncProvider>
      </I18nextProvider>,
    ),
  );
  cleanups.push(() => act(() => root.unmount()));
  return host;
}

describe('sync status bar', () => {
  it('shows offline, pending, pull progress and the session-expired message; sync now calls the engine', () => {
    const status = new StatusStore({ online: false, phase: 'offline', pending: 3 });
    let syncs = 0;
    const engine = { status, syncNow: async () => void (syncs += 1) } as unknown as SyncEngine;
    const host = mount(<SyncStatusBar />, { engine, session: fakeSession() });
    expect(host.textContent).toContain('Offline');
    expect(host.textContent).toContain('3 changes waiting to sync');
    act(() => status.update({ online: true, phase: 'pulling', pull: { received: 500, estimate: 100000 } }));
    expect(host.textContent).toContain('Receiving 500 of about 100000');
    expect(host.querySelector('progress')?.getAttribute('max')).toBe('100000');
    act(() =>
      status.update({
        phase: 'session_expired',
        pull: null,
        error: { code: 'session_expired', message: 'x' },
      }),
    );
    expect(host.querySelector('[role=alert]')?.textContent).toContain('Session expired');
    act(() => host.querySelector('button')?.dispatchEvent(new MouseEvent('click', { bubbles: true })));
    expect(syncs).toBe(1);
  });

  it('shows who is signed in, locks, and opens the needs-attention list from the attention count', async () => {
    const db = freshDb('bar');
    try {
      const status = new StatusStore({ attention: 1 });
      const session = fakeSession();
      const engine = { status, syncNow: async () => undefined } as unknown as SyncEngine;
      const host = mount(<SyncStatusBar />, { engine, session, repository: new Repository(db) });
      expect(host.querySelector('[data-testid=sync-user]')?.textContent).toContain('Signed in as Sari');
      const click = (el: Element | null | undefined) =>
        act(() => el?.dispatchEvent(new MouseEvent('click', { bubbles: true })));
      click(host.querySelector('[data-testid=sync-attention]'));
      expect(host.querySelector('[role=dialog]')?.textContent).toContain('Needs attention');
      const lock = [...host.querySelectorAll('button')].find((b) => b.textContent === 'Lock');
      click(lock);
      expect(session.locks).toBe(1);
    } finally {
      await db.delete();
    }
  });
});

function fakeSession() {
  const state = {
    status: 'active' as const,
    mode: 'online' as const,
    user: { id: 'u1', username: 'sari', displayName: 'Sari', role: 'operator' as const, officeId: 'o1' },
  };
  const fake = {
    locks: 0,
    get: () => state,
    subscribe: () => () => undefined,
    lock: () => void (fake.locks += 1),
    logout: async () => undefined,
  };
  return fake as typeof fake & SyncContextValue['session'];
}

describe('conflict view', () => {
  let db: PoskoDb;
  afterEach(async () => db.delete());

  it('shows base, theirs and mine with who, and choosing writes a resolve mutation', async () => {
    db = freshDb('ui');
    const record = newCase('office-1', { demands: 'theirs', rev: 2, seq: 2 });
    await db.cases.put({ ...record, searchKeys: [] });
    // The office directory names 'ani'; 'budi' is in no directory here (issue 17: never a raw id).
    await saveDirectory(db, {
      office: { id: 'office-1', code: 'JKT', name: 'Jakarta' },
      users: [{ id: 'ani', displayName: 'Ani Wijaya', role: 'operator', active: true }],
      at: '2026-01-01T00:00:00.000Z',
    });
    const conflict = {
      id: '01a22ed1-0000-7000-8000-000000000001',
      table: 'cases' as const,
      recordId: record.id,
      caseId: record.id,
      officeId: 'office-1',
      path: 'demands',
      base: 'base value',
      server: 'theirs',
      client: 'mine',
      serverActorId: 'ani',
      serverAt: '2026-01-01T00:00:00.000Z',
      clientActorId: 'budi',
      clientAt: '2026-01-01T01:00:00.000Z',
      mutationId: '01a22ed1-0000-7000-8000-000000000002',
      status: 'open' as const,
      resolvedBy: null,
      resolvedAt: null,
      seq: 3,
    };
    let done = false;
    const host = mount(<ConflictView conflict={conflict} onDone={() => (done = true)} />, {
      repository: new Repository(db),
    });
    expect(host.querySelector('[data-testid=conflict-base]')?.textContent).toContain('base value');
    // The names are a live query over the directory: let it answer.
    for (let i = 0; i < 20 && !host.textContent?.includes('Ani Wijaya'); i++)
      await act(() => new Promise((resolve) => setTimeout(resolve, 10)));
    expect(host.querySelector('[data-testid=conflict-theirs]')?.textContent).toContain('Ani Wijaya');
    expect(host.querySelector('[data-testid=conflict-mine]')?.textContent).toContain('another user');
    expect(host.querySelector('[data-testid=conflict-mine]')?.textContent).not.toContain('budi');
    const chooseMine = host.querySelector('[data-testid=conflict-mine] button') as HTMLButtonElement;
    await act(async () => {
      chooseMine.click();
      // The resolve is an IndexedDB transaction: a fixed 50 ms wait failed under a loaded full run.
      await vi.waitFor(() => expect(done).toBe(true), { timeout: 5000 });
    });
    const [row] = await db.outbox.toArray();
    expect(row).toMatchObject({
      op: 'resolve',
      conflictId: conflict.id,
      patch: { demands: 'mine' },
      prior: { demands: 'theirs' },
    });
    expect((await db.cases.get(record.id))?.demands).toBe('mine');
  });
});

describe('needs attention', () => {
  it('says in words that a change too large for any request was not sent', async () => {
    const db = freshDb('attention-ui');
    try {
      const record = newCase('office-1');
      await db.attention.put({
        mutationId: '01a22ed1-0000-7000-8000-000000000009',
        recordId: record.id,
        table: 'cases',
        outcome: 'rejected',
        op: 'update',
        error: { code: MUTATION_TOO_LARGE, message: 'this change is 6.0 MB' },
        at: '2026-12-01T00:00:00.000Z',
        status: 'open',
      });
      const host = mount(<NeedsAttention />, { repository: new Repository(db) });
      await act(async () => {
        for (let i = 0; i < 50 && !host.querySelector('[data-testid=attention-item]'); i++) {
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
      });
      expect(host.querySelector('[data-testid=attention-item]')?.textContent).toContain(
        'Not sent: this change is larger than the server accepts',
      );
    } finally {
      await db.delete();
    }
  });
});

describe('a live query that fails', () => {
  it('shows the data-error screen with a reload, instead of unmounting the console', async () => {
    function Failing() {
      const value = useLiveQuery(() => Promise.reject(new Error('DatabaseClosedError: closed')), []);
      return <p>{String(value)}</p>;
    }
    let reloads = 0;
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const host = mount(
        <DataErrorBoundary reload={() => void (reloads += 1)}>
          <Failing />
        </DataErrorBoundary>,
        {},
      );
      await act(async () => {
        for (let i = 0; i < 50 && !host.querySelector('[data-testid=data-error]'); i++) {
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
      });
      const screen = host.querySelector('[data-testid=data-error]');
      expect(screen?.textContent).toContain('The data on this computer could not be read');
      expect(screen?.textContent).toContain('DatabaseClosedError: closed');
      act(() => screen?.querySelector('button')?.dispatchEvent(new MouseEvent('click', { bubbles: true })));
      expect(reloads).toBe(1);
    } finally {
      errors.mockRestore();
    }
  });
});
