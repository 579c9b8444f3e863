// @vitest-environment happy-dom
// A locked console shows nothing of a case (issue 14 item 13): the case UI is
// not in the page, notifications while locked carry a count only, and those
// already shown are closed at the lock. Also: the "offline unlock is not
// available" notice is said once per run (item 11).
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import i18next from 'i18next';
import { I18nextProvider, initReactI18next } from 'react-i18next';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import en from '../../../renderer/i18n/en.json';
import { loginResources } from '../../../renderer/features/login/i18n-login';
import { LoginGate } from '../../../renderer/features/login/login-gate';
import { syncResources } from '../../../renderer/features/sync/i18n-sync';
import { SyncProvider, type SyncContextValue } from '../../../renderer/features/sync/sync-context';
import { SessionManager } from '../../../renderer/session/session-manager';
import type { KeyValueTable } from '../../../renderer/session/session-store';
import type { NotificationRequest } from '../../../shared/platform/bridge';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

beforeAll(async () => {
  await i18next.use(initReactI18next).init({ lng: 'en', resources: { en: { translation: en } } });
  i18next.addResourceBundle('en', 'translation', syncResources.en, true, false);
  i18next.addResourceBundle('en', 'translation', loginResources.en, true, false);
});

const NOW = Date.parse('2026-03-02T09:00:00.000Z');
const user = { id: 'u-1', username: 'sari', displayName: 'Sari', role: 'operator' as const, officeId: 'o-1' };

function memoryTable(): KeyValueTable {
  const rows = new Map<string, unknown>();
  return {
    get: async (key) => (rows.has(key) ? { key, value: structuredClone(rows.get(key)) } : undefined),
    put: async (row) => rows.set(row.key, structuredClone(row.value)),
    delete: async (key) => void rows.delete(key),
  };
}

/** One open case whose promised call-back fell due an hour ago. */
const snapshot = {
  cases: [
    {
      id: 'case-1',
      caseNumber: 'PSK-2026-0042',
      draftNumber: 'D-1',
      worker: { fullName: 'Aminah binti Kasim' },
      status: 'in_progress',
      urgency: 'normal',
      receivedAt: '2026-02-01T00:00:00.000Z',
      ownerId: 'u-1',
      updatedAt: null,
      deleted: false,
    },
  ],
  contacts: [
    {
      caseId: 'case-1',
      at: '2026-02-25T09:00:00.000Z',
      result: 'connected',
      nextPromiseAt: new Date(NOW - 3_600_000).toISOString(),
      deleted: false,
    },
  ],
  referrals: [],
};

function secretsWith(available: boolean) {
  const values = new Map<string, string>();
  return {
    get: async (key: string) => values.get(key) ?? null,
    set: async (key: string, value: string) => {
      if (!available) throw new Error('[encryption-unavailable] no keychain');
      values.set(key, value);
    },
    delete: async (key: string) => void values.delete(key),
  };
}

const cleanups: Array<() => void> = [];
beforeEach(() => {
  localStorage.clear();
  vi.useFakeTimers({
    now: NOW,
    toFake: ['setTimeout', 'setInterval', 'clearTimeout', 'clearInterval', 'Date'],
  });
});
afterEach(() => {
  cleanups.splice(0).forEach((c) => c());
  vi.useRealTimers();
});

async function mountGate(options: { keychain?: boolean } = {}) {
  const session = new SessionManager({
    table: memoryTable(),
    secrets: secretsWith(options.keychain ?? true),
    login: async () => ({ token: 'tok', expiresAt: '2099-01-01T00:00:00.000Z', user }),
    deviceId: () => 'dev-1',
    serverUrl: () => 'https://sync.posko.example',
  });
  await session.init();
  const shown: NotificationRequest[] = [];
  const platform = {
    notify: vi.fn(async (request: NotificationRequest) => void shown.push(request)),
    clearNotifications: vi.fn(async () => {}),
  };
  const repository = { followUpCandidates: vi.fn(async () => structuredClone(snapshot)) };
  const value = { session, repository } as unknown as SyncContextValue;
  const host = document.createElement('div');
  document.body.append(host);
  const root = createRoot(host);
  act(() =>
    root.render(
      <I18nextProvider i18n={i18next}>
        <SyncProvider value={value}>
          <LoginGate session={session} platform={platform}>
            <section data-testid="case-ui">Aminah binti Kasim, paspor C1234567</section>
          </LoginGate>
        </SyncProvider>
      </I18nextProvider>,
    ),
  );
  cleanups.push(() => {
    act(() => root.unmount());
    host.remove();
  });
  await act(() => session.signIn('sari', 'kata sandi panjang'));
  return { host, session, platform, shown };
}

describe('a locked console', () => {
  it('does not render the case UI while locked, and renders it again after unlock', async () => {
    const { host, session } = await mountGate();
    expect(host.querySelector('[data-testid="case-ui"]')).not.toBeNull();
    act(() => session.lock());
    expect(host.querySelector('[data-testid="case-ui"]')).toBeNull();
    expect(host.textContent).not.toContain('Aminah');
    expect(host.querySelector('[data-testid="login-form"]')).not.toBeNull();
    await act(() => session.signIn('sari', 'kata sandi panjang'));
    expect(host.querySelector('[data-testid="case-ui"]')).not.toBeNull();
  });

  it('closes the notifications already shown when it locks', async () => {
    const { session, platform } = await mountGate();
    expect(platform.clearNotifications).not.toHaveBeenCalled();
    act(() => session.lock());
    expect(platform.clearNotifications).toHaveBeenCalledOnce();
  });

  it('while locked a due update is notified as a count, without name or case number', async () => {
    const { session, shown } = await mountGate();
    act(() => session.lock());
    await act(() => vi.advanceTimersByTimeAsync(5_000));
    expect(shown).toHaveLength(1);
    expect(shown[0]?.body).toBe('1 family is waiting for a promised update.');
    expect(JSON.stringify(shown)).not.toMatch(/Aminah|PSK-2026-0042|case-1/);
  });

  it('unlocked, the same due update names the case (the difference the lock makes)', async () => {
    const { shown } = await mountGate();
    await act(() => vi.advanceTimersByTimeAsync(5_000));
    expect(shown[0]?.body).toContain('Aminah binti Kasim');
    expect(shown[0]?.body).toContain('PSK-2026-0042');
  });
});

describe('offline unlock unavailable (no keychain)', () => {
  it('is said once per run, not again after a lock and unlock', async () => {
    const { host, session } = await mountGate({ keychain: false });
    const notice = () => host.querySelector('[data-testid="offline-unlock-unavailable"]');
    expect(notice()?.textContent).toContain('Offline unlock is not available on this computer');
    act(() => (notice()?.querySelector('button') as HTMLButtonElement).click());
    expect(notice()).toBeNull();
    act(() => session.lock());
    await act(() => session.signIn('sari', 'kata sandi panjang'));
    expect(host.querySelector('[data-testid="case-ui"]')).not.toBeNull();
    expect(notice()).toBeNull();
  });

  it('is not shown where the keychain works', async () => {
    const { host } = await mountGate();
    expect(host.querySelector('[data-testid="offline-unlock-unavailable"]')).toBeNull();
  });
});
