import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({}));

import type { AppConfig } from '../../../shared/platform/bridge';
import { IPC_CHANNELS } from '../../../shared/platform/ipc-contract';
import { ShellError } from '../../../electron/errors';
import type { IpcHandlers, SenderPolicy } from '../../../electron/ipc';
import { checkSender, createIpcListener, registerIpcHandlers } from '../../../electron/ipc';
import { FakeFrame, FakeWebContents, fakeWindow, invokeEvent } from './fakes';

const CONFIG: AppConfig = {
  serverUrl: 'https://sync.posko.example/',
  language: 'id',
  autoLockMinutes: 15,
  locked: [],
};

function setup(allowedOrigins: string[] = ['app://posko']) {
  const contents = new FakeWebContents(1, new FakeFrame());
  const { asWindow } = fakeWindow(contents);
  const policy: SenderPolicy = { getWindow: () => asWindow, allowedOrigins };
  return { contents, policy, main: contents.mainFrame };
}

/** A second copy of the main frame object: Electron may hand out a new wrapper. */
const sameFrame = (frame: FakeFrame) =>
  new FakeFrame(frame.url, frame.origin, null, frame.processId, frame.routingId);

describe('IPC sender check', () => {
  it('accepts the main frame of our window at app://posko', () => {
    const { contents, policy, main } = setup();
    expect(typeof checkSender(invokeEvent(contents, sameFrame(main)), policy)).not.toBe('string');
  });

  it.each([
    [
      'a subframe',
      (m: FakeFrame) => new FakeFrame('app://posko/index.html', 'app://posko', m, m.processId, 2),
    ],
    [
      'another frame of the same process',
      (m: FakeFrame) => new FakeFrame(m.url, m.origin, null, m.processId, 99),
    ],
    [
      'another origin',
      (m: FakeFrame) =>
        new FakeFrame('https://evil.example/', 'https://evil.example', null, m.processId, m.routingId),
    ],
    [
      'a file:// page',
      (m: FakeFrame) => new FakeFrame('file:///tmp/x.html', 'null', null, m.processId, m.routingId),
    ],
    [
      'a data: page',
      (m: FakeFrame) => new FakeFrame('data:text/html,hi', 'null', null, m.processId, m.routingId),
    ],
    [
      'a URL that disagrees with the origin',
      (m: FakeFrame) => new FakeFrame('https://evil.example/', 'app://posko', null, m.processId, m.routingId),
    ],
    [
      'app:// with another host',
      (m: FakeFrame) => new FakeFrame('app://evil/index.html', 'app://evil', null, m.processId, m.routingId),
    ],
    [
      'a dev server that was not configured',
      (m: FakeFrame) =>
        new FakeFrame('http://127.0.0.1:5173/', 'http://127.0.0.1:5173', null, m.processId, m.routingId),
    ],
    ['no frame (navigated away)', () => null],
    ['a detached frame', (m: FakeFrame) => Object.assign(sameFrame(m), { detached: true })],
  ])('rejects %s', async (_name, makeFrame) => {
    const { contents, policy, main } = setup();
    const handler = vi.fn(() => CONFIG);
    const listener = createIpcListener('config:get', handler, policy);
    const result = await listener(invokeEvent(contents, makeFrame(main)));
    expect(result).toEqual({ ok: false, error: { code: 'forbidden', message: expect.any(String) } });
    expect(handler).not.toHaveBeenCalled();
  });

  it('rejects another webContents even with a matching frame', async () => {
    const { policy, main } = setup();
    const other = new FakeWebContents(2, sameFrame(main));
    const listener = createIpcListener(
      'config:get',
      vi.fn(() => CONFIG),
      policy,
    );
    expect(await listener(invokeEvent(other, sameFrame(main)))).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
  });

  it('rejects everything when the window is gone', async () => {
    const { contents, main } = setup();
    const listener = createIpcListener(
      'config:get',
      vi.fn(() => CONFIG),
      { getWindow: () => null, allowedOrigins: ['app://posko'] },
    );
    expect(await listener(invokeEvent(contents, sameFrame(main)))).toMatchObject({ ok: false });
  });

  it('accepts a dev server origin only when configured', async () => {
    const { contents, policy, main } = setup(['app://posko', 'http://127.0.0.1:5173']);
    const dev = new FakeFrame(
      'http://127.0.0.1:5173/',
      'http://127.0.0.1:5173',
      null,
      main.processId,
      main.routingId,
    );
    const listener = createIpcListener(
      'config:get',
      vi.fn(() => CONFIG),
      policy,
    );
    expect(await listener(invokeEvent(contents, dev))).toEqual({ ok: true, value: CONFIG });
  });
});

describe('IPC argument validation and results', () => {
  it('returns ok:true with the handler value for a valid call', async () => {
    const { contents, policy, main } = setup();
    const handler = vi.fn(async () => 'token-123');
    const listener = createIpcListener('secrets:get', handler, policy);
    expect(await listener(invokeEvent(contents, sameFrame(main)), 'sync.token')).toEqual({
      ok: true,
      value: 'token-123',
    });
    expect(handler).toHaveBeenCalledWith(
      expect.objectContaining({ window: expect.anything() }),
      'sync.token',
    );
  });

  it.each([
    ['secrets:get', ['../../etc/passwd']],
    ['secrets:get', []],
    ['secrets:get', ['ok', 'extra']],
    ['secrets:set', ['key', 42]],
    ['config:set', [{ serverUrl: 'not a url' }]],
    ['config:set', [{ officeCode: 'JKT' }]],
    ['config:set', [{ autoLockMinutes: 240 }]],
    ['shell:open-external', ['http://example.org']],
    ['shell:open-external', ['javascript:alert(1)']],
    ['notify:show', [{ title: '', body: 'x' }]],
    ['file:open', [{ extensions: ['../exe'] }]],
    ['app:info', [{ surprise: true }]],
  ] as const)('rejects %s %j without calling the handler', async (channel, args) => {
    const { contents, policy, main } = setup();
    const handler = vi.fn();
    const listener = createIpcListener(channel, handler as never, policy);
    const result = await listener(invokeEvent(contents, sameFrame(main)), ...args);
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    expect(handler).not.toHaveBeenCalled();
  });

  it('turns a ShellError into its code and hides other errors', async () => {
    const { contents, policy, main } = setup();
    const event = invokeEvent(contents, sameFrame(main));
    const locked = createIpcListener(
      'config:set',
      () => {
        throw new ShellError('locked', 'serverUrl is set by IT policy');
      },
      policy,
    );
    expect(await locked(event, { serverUrl: 'https://x.example' })).toEqual({
      ok: false,
      error: { code: 'locked', message: 'serverUrl is set by IT policy' },
    });
    const log = vi.fn();
    const crash = createIpcListener(
      'config:get',
      () => {
        throw new Error('ENOENT /home/operator/secret/path');
      },
      policy,
      log,
    );
    const result = await crash(event);
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(JSON.stringify(result)).not.toContain('/home/operator');
    expect(log).toHaveBeenCalled();
  });

  it('refuses to return a value that breaks the response schema', async () => {
    const { contents, policy, main } = setup();
    const listener = createIpcListener('config:get', () => ({ ...CONFIG, serverUrl: 'nope' }), policy);
    expect(await listener(invokeEvent(contents, sameFrame(main)))).toMatchObject({
      ok: false,
      error: { code: 'internal' },
    });
  });
});

describe('IPC registration', () => {
  it('registers exactly one handler per contract channel and can remove them', () => {
    const ipcMain = { handle: vi.fn(), removeHandler: vi.fn() };
    const handlers = Object.fromEntries(IPC_CHANNELS.map((c) => [c, vi.fn()])) as unknown as IpcHandlers;
    const dispose = registerIpcHandlers(ipcMain, handlers, setup().policy);
    expect(ipcMain.handle.mock.calls.map(([channel]) => channel).sort()).toEqual([...IPC_CHANNELS].sort());
    dispose();
    expect(ipcMain.removeHandler).toHaveBeenCalledTimes(IPC_CHANNELS.length);
  });
});
