// Drives electron/bootstrap.ts against a fully faked `electron` module to
// prove the wiring order: privileged scheme + sandbox before ready, single
// instance, hardening of every webContents, session + protocol + IPC after
// ready, and a window that loads app://posko with the hardened options.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', async () => {
  const { FakeEmitter, FakeWebContents, fakeSession } = await import('./fakes');
  const { vi: v } = await import('vitest');
  const order: string[] = [];
  let resolveReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => (resolveReady = resolve));
  const app = Object.assign(new FakeEmitter(), {
    gotLock: true,
    isPackaged: true,
    requestSingleInstanceLock: v.fn(() => app.gotLock),
    quit: v.fn(),
    exit: v.fn(),
    enableSandbox: v.fn(() => order.push('enableSandbox')),
    whenReady: v.fn(() => ready),
    getPath: v.fn(() => app.userData),
    getAppPath: v.fn(() => '/opt/posko/resources/app.asar'),
    getName: () => 'Posko',
    getVersion: () => '0.1.0',
    setAppUserModelId: v.fn(),
    userData: '',
  });
  const windows: Array<{
    options: unknown;
    webContents: InstanceType<typeof FakeWebContents>;
    loadURL: ReturnType<typeof v.fn>;
  }> = [];
  class BrowserWindow extends FakeEmitter {
    webContents = new FakeWebContents(windows.length + 1);
    loadURL = v.fn(async () => {});
    constructor(readonly options: unknown) {
      super();
      order.push('BrowserWindow');
      windows.push(this);
    }
    once(event: string, listener: (...args: unknown[]) => unknown) {
      return this.on(event, listener);
    }
    show = v.fn();
    isDestroyed = () => false;
  }
  const { state, session } = fakeSession();
  return {
    order,
    resolveReady: () => resolveReady(),
    windows,
    sessionState: state,
    app,
    BrowserWindow,
    protocol: {
      registerSchemesAsPrivileged: v.fn(() => order.push('registerSchemesAsPrivileged')),
      handle: v.fn(() => order.push('protocol.handle')),
    },
    session: { defaultSession: session },
    ipcMain: { handle: v.fn(() => order.push('ipcMain.handle')), removeHandler: v.fn() },
    Menu: { buildFromTemplate: v.fn((t: unknown) => t), setApplicationMenu: v.fn() },
    Notification: Object.assign(v.fn(), { isSupported: () => true }),
    dialog: { showErrorBox: v.fn(), showSaveDialog: v.fn(), showOpenDialog: v.fn() },
    safeStorage: {},
    shell: { openExternal: v.fn(async () => {}) },
  };
});

import * as electron from 'electron';
import { start } from '../../../electron/bootstrap';
import { FakeWebContents, fakeEvent } from './fakes';
import { IPC_CHANNELS } from '../../../shared/platform/ipc-contract';

type Fake = typeof electron & {
  order: string[];
  resolveReady: () => void;
  windows: Array<{
    options: { webPreferences: Record<string, unknown> };
    webContents: FakeWebContents;
    loadURL: ReturnType<typeof vi.fn>;
  }>;
  sessionState: { headersListener: unknown; requestHandler: unknown };
  app: typeof electron.app & {
    gotLock: boolean;
    userData: string;
    listeners: Map<string, unknown[]>;
    emit: (e: string, ...a: unknown[]) => void;
  };
};
const fake = electron as unknown as Fake;

const userData = mkdtempSync(path.join(tmpdir(), 'posko-bootstrap-'));
afterAll(() => rmSync(userData, { recursive: true, force: true }));

describe('bootstrap', () => {
  beforeEach(() => {
    fake.app.userData = userData;
  });

  it('a second instance quits before doing anything else', () => {
    fake.app.gotLock = false;
    start();
    expect(fake.app.quit).toHaveBeenCalledOnce();
    expect(fake.order).toEqual(['registerSchemesAsPrivileged', 'enableSandbox']);
    expect(fake.app.listeners.has('web-contents-created')).toBe(false);
    fake.app.gotLock = true;
  });

  it('wires scheme and sandbox before ready, then session, protocol, IPC and a hardened window', async () => {
    fake.order.length = 0;
    start();
    expect(fake.order).toEqual(['registerSchemesAsPrivileged', 'enableSandbox']);
    expect(fake.windows).toHaveLength(0);

    fake.resolveReady();
    await vi.waitFor(() => expect(fake.windows).toHaveLength(1));
    expect(fake.order.indexOf('protocol.handle')).toBeLessThan(fake.order.indexOf('BrowserWindow'));
    expect(fake.order.filter((o) => o === 'ipcMain.handle')).toHaveLength(IPC_CHANNELS.length);
    expect(fake.sessionState.headersListener).toBeTypeOf('function');
    expect(fake.sessionState.requestHandler).toBeTypeOf('function');

    const [window] = fake.windows;
    expect(window?.loadURL).toHaveBeenCalledWith('app://posko/index.html');
    expect(window?.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      devTools: false,
      preload: expect.stringMatching(/preload\.cjs$/),
    });

    // Any webContents created later is hardened too.
    const contents = new FakeWebContents(42);
    fake.app.emit('web-contents-created', {}, contents);
    const nav = fakeEvent();
    contents.emit('will-navigate', nav, 'https://evil.example/');
    expect(nav.preventDefault).toHaveBeenCalled();
    expect(contents.windowOpenHandler?.({ url: 'https://x.example/' })).toEqual({ action: 'deny' });
  });
});
