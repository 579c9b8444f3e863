// @vitest-environment happy-dom
// Issue 17, "Layout": the sign-in and lock screens put the cursor in the first empty field,
// so the operator can type at once (the name on a fresh console, the password otherwise).
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import i18next from 'i18next';
import { I18nextProvider, initReactI18next } from 'react-i18next';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import en from '../../../renderer/i18n/en.json';
import { loginResources } from '../../../renderer/features/login/i18n-login';
import { LoginForm } from '../../../renderer/features/login/login-gate';
import { syncResources } from '../../../renderer/features/sync/i18n-sync';
import type { SessionManager } from '../../../renderer/session/session-manager';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

beforeAll(async () => {
  await i18next.use(initReactI18next).init({ lng: 'en', resources: { en: { translation: en } } });
  i18next.addResourceBundle('en', 'translation', syncResources.en, true, false);
  i18next.addResourceBundle('en', 'translation', loginResources.en, true, false);
});

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

// The form only calls the session on submit; focus is decided on mount.
const session = {} as SessionManager;

function focusedName(props: { username: string; reason?: 'locked' | 'expired' }): string | null {
  const host = document.createElement('div');
  document.body.append(host);
  const root = createRoot(host);
  act(() =>
    root.render(
      <I18nextProvider i18n={i18next}>
        <LoginForm session={session} {...props} />
      </I18nextProvider>,
    ),
  );
  cleanups.push(() => (act(() => root.unmount()), host.remove()));
  return (document.activeElement as HTMLInputElement | null)?.getAttribute('name') ?? null;
}

describe('sign-in and lock screens focus the first empty field', () => {
  it('a fresh console: the user name', () => {
    expect(focusedName({ username: '' })).toBe('username');
  });
  it('the last user name prefilled: the password', () => {
    expect(focusedName({ username: 'sari' })).toBe('password');
  });
  it('the lock screen: the password', () => {
    expect(focusedName({ username: 'sari', reason: 'locked' })).toBe('password');
  });
  it('session expired: the password', () => {
    expect(focusedName({ username: 'sari', reason: 'expired' })).toBe('password');
  });
});
