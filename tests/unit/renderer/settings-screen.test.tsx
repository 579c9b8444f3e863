// @vitest-environment happy-dom
// The settings screen (issue 15): server URL, language and auto-lock; what IT
// policy set is read-only "set by your organization" in both languages, and
// the header's language switch honours a policy lock.
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import i18next from 'i18next';
import { I18nextProvider, initReactI18next } from 'react-i18next';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import en from '../../../renderer/i18n/en.json';
import id from '../../../renderer/i18n/id.json';
import { AppHeader } from '../../../renderer/app/app-header';
import { useConfigStore } from '../../../renderer/features/settings/config-store';
import { settingsResources } from '../../../renderer/features/settings/i18n-settings';
import { SettingsScreen } from '../../../renderer/features/settings/settings-screen';
import { settingsView } from '../../../renderer/features/settings/settings-model';
import { SyncProvider, type SyncContextValue } from '../../../renderer/features/sync/sync-context';
import { resetPlatformForTests } from '../../../renderer/platform/get-platform';
import { useUiStore } from '../../../renderer/stores/ui-store';
import type { AppConfig, UserSettingsPatch } from '../../../shared/platform/bridge';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

beforeAll(async () => {
  await i18next.use(initReactI18next).init({
    lng: 'en',
    resources: { en: { translation: en }, id: { translation: id } },
  });
  for (const lng of ['en', 'id'] as const)
    i18next.addResourceBundle(lng, 'translation', settingsResources[lng], true, false);
});

const BASE: AppConfig = {
  serverUrl: 'https://posko.example.go.id/',
  language: 'en',
  autoLockMinutes: 15,
  locked: [],
};

/** The host's side of setConfig: applies a patch, refuses a locked key as electron/config.ts does. */
function fakeHost(initial: AppConfig) {
  let config = initial;
  const calls: UserSettingsPatch[] = [];
  const setConfig = vi.fn(async (patch: UserSettingsPatch) => {
    calls.push(patch);
    if (Object.keys(patch).some((k) => config.locked.includes(k as never)))
      throw new Error('[locked] set by IT');
    config = { ...config, ...patch };
    return config;
  });
  return { calls, setConfig };
}

const cleanups: Array<() => void> = [];
beforeEach(async () => {
  localStorage.clear();
  resetPlatformForTests();
  await act(() => i18next.changeLanguage('en'));
  useUiStore.setState({ language: 'en' });
});
afterEach(() => cleanups.splice(0).forEach((c) => c()));

function mount(ui: React.ReactNode, config: AppConfig, pending = 0) {
  useConfigStore.getState().setConfig(config);
  const repository = { pendingCount: vi.fn(async () => pending), openConflictTotal: async () => 0 };
  const el = document.createElement('div');
  document.body.append(el);
  const root = createRoot(el);
  act(() =>
    root.render(
      <I18nextProvider i18n={i18next}>
        <SyncProvider value={{ repository } as unknown as SyncContextValue}>{ui}</SyncProvider>
      </I18nextProvider>,
    ),
  );
  cleanups.push(() => {
    act(() => root.unmount());
    el.remove();
  });
  return { el, repository };
}

const flush = () => act(async () => void (await new Promise((r) => setTimeout(r, 0))));

describe('settings model', () => {
  it('gives each setting its value and source, ready for a diagnostics view', () => {
    const view = settingsView({ ...BASE, locked: ['language'] });
    expect(view.language).toEqual({ key: 'language', value: 'en', source: 'organization', readOnly: true });
    expect(view.serverUrl).toMatchObject({ source: 'this-computer', readOnly: false });
  });
});

describe('settings screen', () => {
  it('shows what policy set read-only, as set by your organization, in both languages', async () => {
    const config: AppConfig = { ...BASE, autoLockMinutes: 120, locked: ['autoLockMinutes', 'serverUrl'] };
    const { el } = mount(<SettingsScreen platform={fakeHost(config)} reload={() => {}} />, config);
    expect(el.querySelector('[data-testid="server-url-form"]')).toBeNull();
    expect(el.querySelector('select')).toBeNull();
    expect(el.textContent).toContain('https://posko.example.go.id/');
    expect(el.textContent).toContain('120 minutes');
    expect(el.textContent?.match(/Set by your organization/g)).toHaveLength(2);
    // The language is not managed here, so it is offered.
    expect(el.querySelectorAll('input[type="radio"]')).toHaveLength(2);
    await act(() => i18next.changeLanguage('id'));
    expect(el.textContent?.match(/Diatur oleh organisasi Anda/g)).toHaveLength(2);
  });

  it('refuses a plain-http network address and a switch while changes are unsent; saves a good one', async () => {
    const host = fakeHost(BASE);
    const reload = vi.fn();
    const first = mount(<SettingsScreen platform={host} reload={reload} />, BASE, 3);
    const input = () => first.el.querySelector<HTMLInputElement>('#settings-server-url-input')!;
    const type = (value: string) =>
      act(() => {
        const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
        setter.call(input(), value);
        input().dispatchEvent(new Event('input', { bubbles: true }));
      });
    const submit = async () => {
      act(() => first.el.querySelector<HTMLFormElement>('[data-testid="server-url-form"]')!.requestSubmit());
      await flush();
    };
    type('http://10.0.0.5:4870');
    await submit();
    expect(first.el.textContent).toContain('Use an https:// address');
    type('https://baru.example.go.id/');
    await submit();
    expect(first.el.textContent).toContain('3 changes have not reached the current server yet');
    expect(host.setConfig).not.toHaveBeenCalled();

    cleanups.splice(0).forEach((c) => c());
    const second = mount(<SettingsScreen platform={host} reload={reload} />, BASE, 0);
    const input2 = second.el.querySelector<HTMLInputElement>('#settings-server-url-input')!;
    act(() => {
      Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(
        input2,
        'https://baru.example.go.id/',
      );
      input2.dispatchEvent(new Event('input', { bubbles: true }));
    });
    act(() => second.el.querySelector<HTMLFormElement>('[data-testid="server-url-form"]')!.requestSubmit());
    await flush();
    expect(host.calls).toEqual([{ serverUrl: 'https://baru.example.go.id/' }]);
    expect(useConfigStore.getState().config?.serverUrl).toBe('https://baru.example.go.id/');
    act(() => second.el.querySelector<HTMLButtonElement>('.inline-notice button')!.click());
    expect(reload).toHaveBeenCalledOnce();
  });

  it('switches language at once and remembers it in the host; saves auto-lock', async () => {
    const host = fakeHost(BASE);
    const { el } = mount(<SettingsScreen platform={host} reload={() => {}} />, BASE);
    act(() => el.querySelector<HTMLInputElement>('input[value="id"]')!.click());
    await flush();
    expect(useUiStore.getState().language).toBe('id');
    expect(el.textContent).toContain('Pengaturan');
    const select = el.querySelector<HTMLSelectElement>('select')!;
    act(() => {
      select.value = '30';
      select.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await flush();
    expect(host.calls).toEqual([{ language: 'id' }, { autoLockMinutes: 30 }]);
    expect(useConfigStore.getState().config?.autoLockMinutes).toBe(30);
  });
});

describe('header language switch', () => {
  it('is disabled when policy fixed the language, and works otherwise', async () => {
    const locked: AppConfig = { ...BASE, language: 'id', locked: ['language'] };
    useUiStore.setState({ language: 'id' });
    const { el } = mount(<AppHeader />, locked);
    const buttons = [...el.querySelectorAll<HTMLButtonElement>('.lang-switch__button')];
    expect(buttons.map((b) => b.disabled)).toEqual([true, true]);
    act(() => buttons[1]!.click());
    await flush();
    expect(useUiStore.getState().language).toBe('id');
    cleanups.splice(0).forEach((c) => c());
    const free = mount(<AppHeader />, BASE);
    const enabled = [...free.el.querySelectorAll<HTMLButtonElement>('.lang-switch__button')];
    expect(enabled.map((b) => b.disabled)).toEqual([false, false]);
    act(() => enabled[0]!.click());
    await flush();
    expect(useUiStore.getState().language).toBe('id');
  });
});
