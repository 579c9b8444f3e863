import { EventEmitter } from 'node:events';
import { beforeAll, describe, expect, it, vi } from 'vitest';

const electron = vi.hoisted(() => ({
  exposed: new Map<string, unknown>(),
  invoke: vi.fn(async (..._args: unknown[]): Promise<unknown> => ({ ok: true, value: null })),
}));

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => electron.exposed.set(key, api) },
  ipcRenderer: { invoke: electron.invoke, send: vi.fn(), on: vi.fn() },
}));

import type { PlatformBridge } from '../../../shared/platform/bridge';
import { IPC_CHANNELS } from '../../../shared/platform/ipc-contract';
import { BridgeError, createBridgeApi } from '../../../electron/preload-api';

// The page window as the preload sees it (navigator.onLine + online/offline events).
const page = new EventEmitter();
const pageNavigator = { onLine: true };

let api: PlatformBridge;

beforeAll(async () => {
  vi.stubGlobal('navigator', pageNavigator);
  vi.stubGlobal('addEventListener', (type: string, fn: () => void) => page.on(type, fn));
  vi.stubGlobal('removeEventListener', (type: string, fn: () => void) => page.off(type, fn));
  await import('../../../electron/preload');
  api = electron.exposed.get('posko') as PlatformBridge;
});

/** Every function in the exposed object, with its dotted path. */
function functionsOf(value: object, prefix = ''): Array<[string, unknown]> {
  return Object.entries(value).flatMap(([key, v]): Array<[string, unknown]> =>
    typeof v === 'object' && v !== null ? functionsOf(v, `${prefix}${key}.`) : [[`${prefix}${key}`, v]],
  );
}

const sampleCalls: Record<string, (api: PlatformBridge) => Promise<unknown>> = {
  getAppInfo: (a) => a.getAppInfo(),
  getConfig: (a) => a.getConfig(),
  setConfig: (a) => a.setConfig({ language: 'en' }),
  getPolicyDiagnostics: (a) => a.getPolicyDiagnostics!(),
  'updates.status': (a) => a.updates!.status(),
  'updates.check': (a) => a.updates!.check(),
  'updates.download': (a) => a.updates!.download(),
  'updates.install': (a) => a.updates!.install(),
  'secrets.get': (a) => a.secrets.get('sync.token'),
  'secrets.set': (a) => a.secrets.set('sync.token', 'abc'),
  'secrets.delete': (a) => a.secrets.delete('sync.token'),
  notify: (a) => a.notify({ title: 't', body: 'b' }),
  clearNotifications: (a) => a.clearNotifications(),
  saveFile: (a) =>
    a.saveFile({ suggestedName: 'a.txt', mimeType: 'text/plain', data: 'x', encoding: 'utf8' }),
  openFile: (a) => a.openFile({ extensions: ['pdf'] }),
  openExternal: (a) => a.openExternal('https://example.org'),
};

describe('preload', () => {
  it('exposes only window.posko, made of named functions', () => {
    expect([...electron.exposed.keys()]).toEqual(['posko']);
    const entries = functionsOf(api);
    for (const [name, value] of entries) expect(typeof value, name).toBe('function');
    const names = entries.map(([name]) => name).sort();
    expect(names).toEqual([...Object.keys(sampleCalls), 'isOnline', 'onOnlineChange'].sort());
    expect(names).not.toContain('invoke');
    expect(names.some((n) => /ipc|invoke|send|require/i.test(n))).toBe(false);
    expect(Object.values(api)).not.toContain(electron.invoke);
  });

  it('maps its functions 1:1 onto the IPC contract channels', async () => {
    const used: string[] = [];
    for (const call of Object.values(sampleCalls)) {
      electron.invoke.mockClear();
      electron.invoke.mockResolvedValueOnce({ ok: true, value: null });
      await call(api);
      expect(electron.invoke).toHaveBeenCalledOnce();
      used.push(String(electron.invoke.mock.calls[0]?.[0]));
    }
    expect(used.sort()).toEqual([...IPC_CHANNELS].sort());
  });

  it('passes arguments through and unwraps ok results', async () => {
    electron.invoke.mockResolvedValueOnce({ ok: true, value: 'secret' });
    await expect(api.secrets.get('sync.token')).resolves.toBe('secret');
    expect(electron.invoke).toHaveBeenLastCalledWith('secrets:get', 'sync.token');
  });

  it('turns an error result into a rejection carrying the code', async () => {
    electron.invoke.mockResolvedValueOnce({ ok: false, error: { code: 'locked', message: 'set by IT' } });
    await expect(api.setConfig({ serverUrl: 'https://x.example' })).rejects.toThrow('[locked] set by IT');
    electron.invoke.mockResolvedValueOnce('garbage');
    await expect(api.getConfig()).rejects.toBeInstanceOf(BridgeError);
  });

  it('reports online status from the page and unsubscribes cleanly', () => {
    expect(api.isOnline()).toBe(true);
    pageNavigator.onLine = false;
    expect(api.isOnline()).toBe(false);
    const seen: boolean[] = [];
    const off = api.onOnlineChange((online) => seen.push(online));
    page.emit('offline');
    page.emit('online');
    off();
    page.emit('offline');
    expect(seen).toEqual([false, true]);
    expect(page.listenerCount('online') + page.listenerCount('offline')).toBe(0);
  });
});

describe('createBridgeApi', () => {
  it('never calls IPC for online status', () => {
    const invoke = vi.fn();
    const bridge = createBridgeApi(invoke, {
      navigator: { onLine: true },
      addEventListener: vi.fn(),
      removeEventListener: vi.fn(),
    });
    bridge.isOnline();
    bridge.onOnlineChange(() => {})();
    expect(invoke).not.toHaveBeenCalled();
  });
});
