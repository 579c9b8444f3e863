// @vitest-environment happy-dom
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createBrowserHost, defaultServerUrl } from '../../../renderer/platform/browser-host';
import {
  getPlatform,
  isPlatformBridge,
  resetPlatformForTests,
} from '../../../renderer/platform/get-platform';

beforeEach(() => {
  localStorage.clear();
  resetPlatformForTests();
  delete window.posko;
});

describe('browser host', () => {
  it('uses the page origin as server when served over http, the local default otherwise', () => {
    expect(defaultServerUrl({ protocol: 'http:', origin: 'http://127.0.0.1:4870' })).toBe(
      'http://127.0.0.1:4870',
    );
    expect(defaultServerUrl({ protocol: 'https:', origin: 'https://posko.example.go.id' })).toBe(
      'https://posko.example.go.id',
    );
    expect(defaultServerUrl({ protocol: 'file:', origin: 'null' })).toBe('http://127.0.0.1:4870');
  });

  it('keeps valid user settings and ignores corrupt or foreign ones', async () => {
    const host = createBrowserHost();
    expect((await host.getConfig()).language).toBe('id');
    await host.setConfig({ language: 'en', serverUrl: 'https://posko.example.go.id' });
    expect(await host.getConfig()).toMatchObject({
      language: 'en',
      serverUrl: 'https://posko.example.go.id',
      locked: [],
    });
    await expect(host.setConfig({ language: 'fr' as 'en' })).rejects.toThrow();
    localStorage.setItem('posko.settings', '{not json');
    expect((await host.getConfig()).language).toBe('id');
    localStorage.setItem(
      'posko.settings',
      JSON.stringify({ language: 'xx', serverUrl: 'javascript:alert(1)' }),
    );
    expect((await host.getConfig()).language).toBe('id');
  });

  it('stores secrets under validated keys only', async () => {
    const host = createBrowserHost();
    await host.secrets.set('session.token', 'abc');
    expect(await host.secrets.get('session.token')).toBe('abc');
    await host.secrets.delete('session.token');
    expect(await host.secrets.get('session.token')).toBeNull();
    await expect(host.secrets.set('../Evil Key', 'x')).rejects.toThrow();
  });

  it('opens only https links externally', async () => {
    const open = vi.fn();
    const host = createBrowserHost({
      location: window.location,
      storage: localStorage,
      navigator,
      events: window,
      document,
      open,
    });
    await host.openExternal('https://bp2mi.go.id/');
    expect(open).toHaveBeenCalledWith('https://bp2mi.go.id/', '_blank', 'noopener,noreferrer');
    await expect(host.openExternal('http://example.com')).rejects.toThrow();
    await expect(host.openExternal('javascript:alert(1)')).rejects.toThrow();
    expect(open).toHaveBeenCalledTimes(1);
  });

  it('reports online changes until unsubscribed', () => {
    const host = createBrowserHost();
    const seen: boolean[] = [];
    const stop = host.onOnlineChange((online) => seen.push(online));
    window.dispatchEvent(new Event('offline'));
    window.dispatchEvent(new Event('online'));
    stop();
    window.dispatchEvent(new Event('offline'));
    expect(seen).toEqual([false, true]);
  });
});

describe('getPlatform', () => {
  it('prefers a complete window.posko and refuses an incomplete one', () => {
    const complete = createBrowserHost();
    expect(isPlatformBridge(complete)).toBe(true);
    expect(isPlatformBridge({ ...complete, secrets: {} })).toBe(false);
    expect(isPlatformBridge({ getConfig: () => null })).toBe(false);

    window.posko = complete;
    expect(getPlatform()).toBe(complete);

    resetPlatformForTests();
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    window.posko = { getConfig: () => null } as unknown as typeof window.posko;
    const fallback = getPlatform();
    expect(fallback).not.toBe(window.posko);
    expect(isPlatformBridge(fallback)).toBe(true);
    expect(error).toHaveBeenCalled();
  });
});
