// @vitest-environment happy-dom
// Inside the desktop app a missing or incomplete window.posko is fatal: the
// console never falls back to the browser host, which keeps the token and the
// file key in localStorage (issue 14 item 12).
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { FatalScreen } from '../../../renderer/app/fatal-screen';
import { createBrowserHost } from '../../../renderer/platform/browser-host';
import {
  DesktopBridgeMissingError,
  getPlatform,
  isDesktopPage,
  resetPlatformForTests,
} from '../../../renderer/platform/get-platform';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const ELECTRON_UA =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) posko/0.1.0 Chrome/138.0.7204.97 Electron/37.2.0 Safari/537.36';
const CHROME_UA =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/138.0.0.0 Safari/537.36';
const packaged = { protocol: 'app:', userAgent: ELECTRON_UA };
const devServerInElectron = { protocol: 'http:', userAgent: ELECTRON_UA };
const browserTab = { protocol: 'http:', userAgent: CHROME_UA };

beforeEach(() => {
  localStorage.clear();
  resetPlatformForTests();
  delete window.posko;
});

describe('desktop console fails closed', () => {
  it('knows the desktop app by its app:// origin or by Electron in the user agent', () => {
    expect(isDesktopPage(packaged)).toBe(true);
    expect(isDesktopPage({ protocol: 'app:', userAgent: CHROME_UA })).toBe(true);
    expect(isDesktopPage(devServerInElectron)).toBe(true);
    expect(isDesktopPage(browserTab)).toBe(false);
    expect(isDesktopPage({ protocol: 'https:', userAgent: 'Mozilla/5.0 NotElectron/x' })).toBe(false);
  });

  it('throws instead of falling back when the bridge is missing or incomplete in the desktop app', () => {
    expect(() => getPlatform(packaged)).toThrow(DesktopBridgeMissingError);
    expect(() => getPlatform(devServerInElectron)).toThrow(/missing/);
    window.posko = { getConfig: () => null } as unknown as typeof window.posko;
    expect(() => getPlatform(packaged)).toThrow(/incomplete/);
    // Nothing was written to localStorage on the way.
    expect(localStorage.length).toBe(0);
  });

  it('uses a complete bridge in the desktop app, and the browser host only in a browser tab', () => {
    const bridge = createBrowserHost();
    window.posko = bridge;
    expect(getPlatform(packaged)).toBe(bridge);
    resetPlatformForTests();
    delete window.posko;
    const host = getPlatform(browserTab);
    expect(host).not.toBe(bridge);
    expect(typeof host.secrets.get).toBe('function');
    vi.restoreAllMocks();
  });

  it('the fatal screen says so in both languages and offers no way around it', () => {
    const el = document.createElement('div');
    document.body.append(el);
    const root = createRoot(el);
    act(() => root.render(<FatalScreen detail="bridge missing" />));
    expect(el.querySelector('[lang="id"]')?.textContent).toContain('Posko tidak dapat dimulai');
    expect(el.querySelector('[lang="en"]')?.textContent).toContain('Posko cannot start');
    expect(el.querySelectorAll('button, a, input')).toHaveLength(0);
    act(() => root.unmount());
  });
});
