// @vitest-environment happy-dom
// The settings screen's policy diagnostics and update panel (issue 19): every managed setting with
// its value and origin, every ignored policy with its reason, in Indonesian and English; in manual
// update mode the person checks, downloads and installs; auto-lock choices stop at the policy maximum.
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import i18next from 'i18next';
import { I18nextProvider, initReactI18next } from 'react-i18next';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import en from '../../renderer/i18n/en.json';
import id from '../../renderer/i18n/id.json';
import { resolveSettings } from '../../electron/config-resolve';
import { useConfigStore } from '../../renderer/features/settings/config-store';
import { settingsResources } from '../../renderer/features/settings/i18n-settings';
import { SettingsScreen } from '../../renderer/features/settings/settings-screen';
import { SyncProvider, type SyncContextValue } from '../../renderer/features/sync/sync-context';
import type { PlatformBridge } from '../../shared/platform/bridge';
import type { UpdateStatus } from '../../shared/platform/policy-diagnostics';
import { POLICY_KEYS } from '../../shared/platform/policy-schema';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

beforeAll(async () => {
  await i18next.use(initReactI18next).init({
    lng: 'en',
    resources: { en: { translation: en }, id: { translation: id } },
  });
  for (const lng of ['en', 'id'] as const)
    i18next.addResourceBundle(lng, 'translation', settingsResources[lng], true, false);
});

const HKLM = 'HKLM\\Software\\Policies\\Posko';
/** What the shell computes for: an enforced server and maximum, a user choice, an untrusted HKCU key. */
const resolved = resolveSettings({
  user: { language: 'en', autoLockMinutes: 60 },
  userWhere: 'C:\\Users\\op\\AppData\\Roaming\\Posko\\settings.json',
  env: {},
  envWhere: {},
  policy: [
    {
      scope: 'enforced',
      where: HKLM,
      values: { serverUrl: 'https://posko.example.go.id/', maxAutoLockMinutes: 30, updateMode: 'manual' },
    },
  ],
  ignored: [
    {
      where: 'HKCU\\Software\\Policies\\Posko',
      key: null,
      reason: 'invalid',
      detail: 'language: Invalid option: expected one of "id"|"en"',
    },
  ],
  checked: [HKLM, 'HKCU\\Software\\Policies\\Posko'],
});

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));
const flush = () => act(async () => void (await new Promise((r) => setTimeout(r, 0))));

async function mount(host: Parameters<typeof SettingsScreen>[0]['platform']) {
  useConfigStore.getState().setConfig(resolved.config);
  const repository = { pendingCount: vi.fn(async () => 0), openConflictTotal: async () => 0 };
  const el = document.createElement('div');
  document.body.append(el);
  const root = createRoot(el);
  act(() =>
    root.render(
      <I18nextProvider i18n={i18next}>
        <SyncProvider value={{ repository } as unknown as SyncContextValue}>
          <SettingsScreen platform={host} reload={() => {}} />
        </SyncProvider>
      </I18nextProvider>,
    ),
  );
  cleanups.push(() => {
    act(() => root.unmount());
    el.remove();
  });
  await flush();
  return el;
}

const status = (over: Partial<UpdateStatus>): UpdateStatus => ({
  mode: 'manual',
  reason: 'allowed',
  state: 'idle',
  channel: 'stable',
  currentVersion: '0.1.0',
  availableVersion: null,
  percent: null,
  error: null,
  ...over,
});

function desktopHost() {
  const updates = {
    status: vi.fn(async () => status({})),
    check: vi.fn(async () => status({ state: 'available', availableVersion: '0.2.0' })),
    download: vi.fn(async () => status({ state: 'downloaded', availableVersion: '0.2.0', percent: 100 })),
    install: vi.fn(async () => status({ state: 'downloaded', availableVersion: '0.2.0' })),
  };
  const host: Pick<PlatformBridge, 'setConfig' | 'getPolicyDiagnostics' | 'updates'> = {
    setConfig: vi.fn(async () => resolved.config),
    getPolicyDiagnostics: vi.fn(async () => resolved.diagnostics),
    updates,
  };
  return { host, updates };
}

describe('policy diagnostics view', () => {
  it('lists every setting with value and origin, and the ignored policy with its reason, in both languages', async () => {
    await act(() => i18next.changeLanguage('en'));
    const el = await mount(desktopHost().host);
    const rows = [...el.querySelectorAll('[data-testid="policy-settings"] tbody tr')];
    expect(rows.map((r) => r.getAttribute('data-key'))).toEqual(POLICY_KEYS.map((d) => d.key));
    const row = (key: string) => rows.find((r) => r.getAttribute('data-key') === key)!.textContent ?? '';
    expect(row('serverUrl')).toContain('https://posko.example.go.id/');
    expect(row('serverUrl')).toContain(`Organization policy ${HKLM}`);
    expect(row('serverUrl')).toContain('Set by your organization');
    expect(row('language')).toContain('You, on this computer');
    expect(row('language')).toContain('settings.json');
    expect(row('updateChannel')).toContain('Built-in default');
    // 60 from the person is above the maximum of 30: ignored, the built-in 15 applies.
    expect(row('autoLockMinutes')).toContain('15');
    const ignored = el.querySelector('[data-testid="policy-ignored"]')!.textContent ?? '';
    expect(ignored).toContain('HKCU\\Software\\Policies\\Posko');
    expect(ignored).toContain('invalid');
    expect(ignored).toContain('expected one of');
    expect(ignored).toContain('above the allowed maximum');
    expect(el.textContent).toContain(`Looked for policy in: ${HKLM}`);

    await act(() => i18next.changeLanguage('id'));
    expect(el.textContent).toContain('Diagnostik kebijakan');
    expect(el.textContent).toContain('Kebijakan organisasi');
    expect(el.textContent).toContain('Anda, di komputer ini');
    expect(el.textContent).toContain('melebihi batas maksimum');
    expect(el.textContent).toContain('Alamat server sinkronisasi');
    await act(() => i18next.changeLanguage('en'));
  });

  it('offers no auto-lock choice above the policy maximum', async () => {
    const el = await mount(desktopHost().host);
    const options = [...el.querySelectorAll('select option')].map((o) => Number(o.getAttribute('value')));
    expect(options).toEqual([5, 10, 15, 30]);
  });

  it('manual updates: check, then download, then restart and install, each on request', async () => {
    const { host, updates } = desktopHost();
    const el = await mount(host);
    const panel = () => el.querySelector('[data-testid="update-panel"]')!;
    const button = (label: string) =>
      [...panel().querySelectorAll('button')].find((b) => b.textContent === label) as
        HTMLButtonElement | undefined;
    expect(panel().textContent).toContain('Update mode: When you choose');
    expect(button('Download')).toBeUndefined();
    act(() => button('Check for updates')!.click());
    await flush();
    expect(updates.check).toHaveBeenCalledOnce();
    expect(panel().textContent).toContain('Version 0.2.0 is available.');
    act(() => button('Download')!.click());
    await flush();
    expect(updates.download).toHaveBeenCalledOnce();
    act(() => button('Restart and install')!.click());
    await flush();
    expect(updates.install).toHaveBeenCalledOnce();
  });

  it('an MSI install says why it does not update, with no buttons; the browser host shows neither', async () => {
    const { host, updates } = desktopHost();
    updates.status.mockResolvedValue(status({ mode: 'default', reason: 'msi', state: 'disabled' }));
    const el = await mount(host);
    expect(el.textContent).toContain('Installed with an MSI package: IT installs new versions.');
    expect(el.querySelector('[data-testid="update-panel"] button')).toBeNull();

    cleanups.splice(0).forEach((c) => c());
    const browser = await mount({ setConfig: vi.fn() });
    expect(browser.querySelector('[data-testid="update-panel"]')).toBeNull();
    expect(browser.textContent).toContain('Policy diagnostics are available in the desktop app only.');
  });
});
