// Signing in on a desktop without an OS keychain, end to end through the real
// shell code: renderer SessionManager -> preload API (electron/preload-api.ts)
// -> IPC listeners with their sender check and schemas (electron/ipc.ts) ->
// main-process handlers (electron/handlers.ts) -> SecretStore (electron/secrets.ts)
// over a safeStorage that reports no encryption. Only `electron` is mocked.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({}));

import type { IpcMain } from 'electron';
import { createHandlers } from '../../../electron/handlers';
import type { HandlerServices } from '../../../electron/handlers';
import { registerIpcHandlers } from '../../../electron/ipc';
import { createBridgeApi } from '../../../electron/preload-api';
import { SecretStore } from '../../../electron/secrets';
import type { SafeStorageLike } from '../../../electron/secrets';
import { SessionManager } from '../../../renderer/session/session-manager';
import type { KeyValueTable } from '../../../renderer/session/session-store';
import { TransportError } from '../../../renderer/sync/transport';
import type { PlatformBridge } from '../../../shared/platform/bridge';
import type { LoginResponse } from '../../../shared/sync/protocol';
import { FakeWebContents, fakeWindow, invokeEvent } from './fakes';

/** safeStorage on a Linux desktop with no secret service: only the hard-coded "basic_text" key. */
const noKeychain: SafeStorageLike = {
  isAsyncEncryptionAvailable: async () => true,
  getSelectedStorageBackend: () => 'basic_text',
  encryptStringAsync: async () => {
    throw new Error('must not be called');
  },
  decryptStringAsync: async () => {
    throw new Error('must not be called');
  },
};

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'posko-nokeychain-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** The shell as bootstrap.ts wires it, with our window as the only trusted sender. */
function desktopBridge(safeStorage: SafeStorageLike = noKeychain): PlatformBridge {
  const contents = new FakeWebContents();
  const { asWindow } = fakeWindow(contents);
  const registered = new Map<string, (event: unknown, ...args: unknown[]) => Promise<unknown>>();
  const ipcMain = {
    handle: (channel: string, listener: (event: unknown, ...args: unknown[]) => Promise<unknown>) =>
      registered.set(channel, listener),
    removeHandler: (channel: string) => registered.delete(channel),
  } as unknown as Pick<IpcMain, 'handle' | 'removeHandler'>;
  const services = {
    secrets: new SecretStore(safeStorage, dir, 'linux'),
  } as unknown as HandlerServices;
  registerIpcHandlers(ipcMain, createHandlers(services), {
    getWindow: () => asWindow,
    allowedOrigins: ['app://posko'],
  });
  const invoke = async (channel: string, ...args: unknown[]) => {
    const listener = registered.get(channel);
    if (!listener) throw new Error(`no handler for ${channel}`);
    // ipcRenderer.invoke structured-clones both ways.
    return structuredClone(
      await listener(invokeEvent(contents, contents.mainFrame), ...structuredClone(args)),
    );
  };
  const api = createBridgeApi(invoke, {
    navigator: { onLine: true },
    addEventListener: () => {},
    removeEventListener: () => {},
  });
  // contextBridge hands the page message-only copies of errors: the class does not survive.
  const secrets = {
    get: (key: string) => api.secrets.get(key).catch(asPageError),
    set: (key: string, value: string) => api.secrets.set(key, value).catch(asPageError),
    delete: (key: string) => api.secrets.delete(key).catch(asPageError),
  };
  return { ...api, secrets };
}

function asPageError(error: unknown): never {
  throw new Error(error instanceof Error ? error.message : String(error));
}

function memoryTable(): KeyValueTable & { rows: Map<string, unknown> } {
  const rows = new Map<string, unknown>();
  return {
    rows,
    get: async (key) => (rows.has(key) ? { key, value: structuredClone(rows.get(key)) } : undefined),
    put: async (row) => rows.set(row.key, structuredClone(row.value)),
    delete: async (key) => void rows.delete(key),
  };
}

const user = { id: 'u-1', username: 'sari', displayName: 'Sari', role: 'operator' as const, officeId: 'o-1' };

function manager(table: KeyValueTable, bridge: PlatformBridge, network: { up: boolean }) {
  return new SessionManager({
    table,
    secrets: bridge.secrets,
    login: async (username, password): Promise<LoginResponse> => {
      if (!network.up) throw new TransportError('network', 'offline');
      if (username !== 'sari' || password !== 'kata sandi panjang')
        throw new TransportError('unauthorized', 'bad', 401);
      return { token: 'tok-1', expiresAt: '2099-01-01T00:00:00.000Z', user };
    },
    deviceId: () => 'dev-1',
    serverUrl: () => 'https://sync.posko.example',
  });
}

describe('sign-in on a desktop without an OS keychain', () => {
  it('the shell refuses to store secrets, and says why with a code', async () => {
    const bridge = desktopBridge();
    await expect(bridge.secrets.set('posko.session-token', 'x')).rejects.toThrow('[encryption-unavailable]');
    await expect(bridge.secrets.get('posko.session-token')).resolves.toBeNull();
    expect(existsSync(path.join(dir, 'secrets.json'))).toBe(false);
  });

  it('signs in online, keeps the session in memory for the run, and reports offline unlock unavailable', async () => {
    const bridge = desktopBridge();
    const table = memoryTable();
    const network = { up: true };
    const session = manager(table, bridge, network);
    await session.init();
    await session.signIn('sari', 'kata sandi panjang');
    expect(session.get()).toMatchObject({ status: 'active', mode: 'online', offlineUnlock: 'unavailable' });
    expect(session.getToken()).toBe('tok-1');
    // Nothing was written that only looks protected, and IndexedDB holds neither token nor hash.
    expect(existsSync(path.join(dir, 'secrets.json'))).toBe(false);
    expect(JSON.stringify([...table.rows.values()])).not.toMatch(/tok-1|PBKDF2|kata sandi/);

    // Within the run an idle lock can be lifted offline, and the token in memory keeps syncing.
    session.lock();
    network.up = false;
    await expect(session.signIn('sari', 'salah')).rejects.toMatchObject({ code: 'invalid_credentials' });
    await session.signIn('sari', 'kata sandi panjang');
    expect(session.get()).toMatchObject({ status: 'active', mode: 'offline' });
    expect(session.getToken()).toBe('tok-1');
  });

  it('after a restart offline unlock is refused with its own reason; online sign-in works again', async () => {
    const table = memoryTable();
    const network = { up: true };
    await manager(table, desktopBridge(), network).signIn('sari', 'kata sandi panjang');

    const restarted = manager(table, desktopBridge(), network);
    expect(await restarted.init()).toMatchObject({ status: 'locked', reason: 'restart' });
    expect(restarted.getToken()).toBeNull();
    network.up = false;
    await expect(restarted.signIn('sari', 'kata sandi panjang')).rejects.toMatchObject({
      code: 'offline_unavailable',
    });
    network.up = true;
    await restarted.signIn('sari', 'kata sandi panjang');
    expect(restarted.get()).toMatchObject({ status: 'active', mode: 'online', offlineUnlock: 'unavailable' });
    await restarted.logout();
    expect(restarted.get()).toMatchObject({ status: 'signed_out', lastUsername: 'sari' });
  });

  it('with a keychain the same path keeps token and verifier as ciphertext only', async () => {
    const xor = (b: Buffer) => Buffer.from(b.map((x) => x ^ 0x5a));
    const keychain: SafeStorageLike = {
      isAsyncEncryptionAvailable: async () => true,
      getSelectedStorageBackend: () => 'gnome_libsecret',
      encryptStringAsync: async (s) => xor(Buffer.from(s, 'utf8')),
      decryptStringAsync: async (b) => ({ result: xor(b).toString('utf8'), shouldReEncrypt: false }),
    };
    const table = memoryTable();
    const network = { up: true };
    const session = manager(table, desktopBridge(keychain), network);
    await session.signIn('sari', 'kata sandi panjang');
    expect(session.get()).toMatchObject({ status: 'active', offlineUnlock: 'available' });
    const file = readFileSync(path.join(dir, 'secrets.json'), 'utf8');
    expect(file).not.toMatch(/tok-1|PBKDF2/);
    const restarted = manager(table, desktopBridge(keychain), network);
    await restarted.init();
    network.up = false;
    await restarted.signIn('sari', 'kata sandi panjang');
    expect(restarted.get()).toMatchObject({ status: 'active', mode: 'offline' });
    expect(restarted.getToken()).toBe('tok-1');
  });
});
