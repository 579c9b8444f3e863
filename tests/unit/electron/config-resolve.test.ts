import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({}));

import { ConfigStore } from '../../../electron/config';
import { patchRefusal, resolveSettings, type ResolveInput } from '../../../electron/config-resolve';
import { createHandlers, type HandlerServices } from '../../../electron/handlers';
import { createIpcListener } from '../../../electron/ipc';
import { FilePolicySource, type PolicyLayerRead, type PolicySource } from '../../../electron/policy-sources';
import { fakeWindow, FakeWebContents, invokeEvent } from './fakes';
import { PolicyDiagnostics } from '../../../shared/platform/policy-diagnostics';

const HKLM = 'HKLM\\Software\\Policies\\Posko';
const HKCU = 'HKCU\\Software\\Policies\\Posko';
const base = (over: Partial<ResolveInput> = {}): ResolveInput => ({
  user: {},
  userWhere: '/home/op/.config/Posko/settings.json',
  env: {},
  envWhere: { serverUrl: 'POSKO_SERVER_URL' },
  policy: [],
  ignored: [],
  checked: [HKLM],
  ...over,
});
const origin = (r: ReturnType<typeof resolveSettings>, key: string) =>
  r.diagnostics.settings.find((s) => s.key === key)!;

describe('resolveSettings: value and origin of every setting', () => {
  it('built-in values when nothing is set, none locked', () => {
    const r = resolveSettings(base());
    expect(r.config).toEqual({
      serverUrl: 'http://127.0.0.1:4870',
      language: 'id',
      autoLockMinutes: 15,
      locked: [],
    });
    expect(r.settings.updateMode).toBe('default');
    expect(origin(r, 'language')).toMatchObject({ origin: { kind: 'default', where: null }, locked: false });
    expect(PolicyDiagnostics.safeParse(r.diagnostics).success).toBe(true);
  });

  it('enforced policy > environment > user > policy default > built-in; machine wins over user policy', () => {
    const policy: PolicyLayerRead[] = [
      { scope: 'default', where: `${HKCU}\\Recommended`, values: { language: 'en', autoLockMinutes: 5 } },
      { scope: 'default', where: `${HKLM}\\Recommended`, values: { autoLockMinutes: 10 } },
      { scope: 'enforced', where: HKCU, values: { updateMode: 'none', updateChannel: 'beta' } },
      { scope: 'enforced', where: HKLM, values: { updateMode: 'manual' } },
    ];
    const r = resolveSettings(
      base({
        policy,
        user: { serverUrl: 'https://mine.example/' },
        env: { serverUrl: 'https://env.example/' },
      }),
    );
    expect(r.config).toEqual({
      serverUrl: 'https://env.example/',
      language: 'en',
      autoLockMinutes: 10,
      locked: ['serverUrl'],
    });
    expect(origin(r, 'serverUrl').origin).toEqual({ kind: 'environment', where: 'POSKO_SERVER_URL' });
    expect(origin(r, 'language')).toMatchObject({
      origin: { kind: 'policy-default', where: `${HKCU}\\Recommended` },
      locked: false,
    });
    expect(origin(r, 'autoLockMinutes').origin.where).toBe(`${HKLM}\\Recommended`);
    expect(origin(r, 'updateMode')).toMatchObject({
      value: 'manual',
      origin: { kind: 'policy', where: HKLM },
    });
    expect(origin(r, 'updateChannel')).toMatchObject({ value: 'beta', locked: true });
  });

  it('a person’s choice beats a policy default', () => {
    const r = resolveSettings(
      base({
        user: { language: 'id' },
        policy: [{ scope: 'default', where: 'f (defaults)', values: { language: 'en' } }],
      }),
    );
    expect(origin(r, 'language')).toMatchObject({ value: 'id', origin: { kind: 'user' } });
  });

  it('allowedServerUrls: another address is ignored with the reason, the next layer is used', () => {
    const policy: PolicyLayerRead[] = [
      {
        scope: 'enforced',
        where: HKLM,
        values: { allowedServerUrls: ['https://a.example', 'https://b.example/'] },
      },
    ];
    const r = resolveSettings(
      base({ policy, user: { serverUrl: 'https://b.example' }, env: { serverUrl: 'https://evil.example/' } }),
    );
    expect(r.config.serverUrl).toBe('https://b.example');
    expect(r.diagnostics.ignored).toEqual([
      { where: 'POSKO_SERVER_URL', key: 'serverUrl', reason: 'not-allowed', detail: expect.any(String) },
    ]);
    // Even the built-in 127.0.0.1 is outside the list: the first allowed address is used.
    const none = resolveSettings(base({ policy }));
    expect(origin(none, 'serverUrl')).toMatchObject({
      value: 'https://a.example',
      origin: { kind: 'policy', where: HKLM },
    });
  });

  it('maxAutoLockMinutes: a longer value from any layer is ignored', () => {
    const policy: PolicyLayerRead[] = [
      { scope: 'default', where: 'p (defaults)', values: { autoLockMinutes: 45 } },
      { scope: 'enforced', where: 'p (enforced)', values: { maxAutoLockMinutes: 10 } },
    ];
    const r = resolveSettings(base({ policy, user: { autoLockMinutes: 30 } }));
    expect(r.config.autoLockMinutes).toBe(10);
    expect(r.diagnostics.ignored.map((i) => [i.where, i.reason])).toEqual([
      ['/home/op/.config/Posko/settings.json', 'above-maximum'],
      ['p (defaults)', 'above-maximum'],
    ]);
    expect(origin(r, 'autoLockMinutes').origin.where).toBe('p (enforced)');
    expect(patchRefusal({ autoLockMinutes: 15 }, r.settings)).toMatch(/up to 10 minutes/);
    expect(patchRefusal({ autoLockMinutes: 5 }, r.settings)).toBeNull();
  });
});

describe('ConfigStore diagnostics', () => {
  it('records an untrusted policy source with the reason, and refuses a server outside the allowlist', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'posko-diag-'));
    try {
      const log = vi.fn();
      const untrusted: PolicySource = {
        read: () => Promise.reject(new Error('policy file is owned by uid 1000, not root')),
        describe: () => '/etc/posko/policy.json',
        locations: () => ['/etc/posko/policy.json'],
      };
      const store = new ConfigStore({ userDataDir: dir, env: {}, policy: untrusted, log });
      await store.load();
      expect(store.diagnostics()).toMatchObject({
        ignored: [{ where: '/etc/posko/policy.json', key: null, reason: 'untrusted' }],
        checked: ['/etc/posko/policy.json'],
      });
      expect(log.mock.calls.join(' ')).toContain('not root');

      const allowlist: PolicySource = {
        read: async () => ({
          layers: [{ scope: 'enforced', where: 'x', values: { allowedServerUrls: ['https://ok.example/'] } }],
          ignored: [],
        }),
        describe: () => 'x',
      };
      const managed = new ConfigStore({ userDataDir: dir, env: {}, policy: allowlist });
      await managed.load();
      await expect(managed.set({ serverUrl: 'https://other.example/' })).rejects.toMatchObject({
        code: 'invalid',
      });
      await expect(managed.set({ serverUrl: 'https://ok.example' })).resolves.toMatchObject({
        serverUrl: 'https://ok.example',
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('config:diagnostics over IPC', () => {
  it('a world-writable policy file reaches the page as an ignored policy with its reason (not only stdout)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'posko-diag-ipc-'));
    try {
      const policyDir = path.join(dir, 'posko');
      mkdirSync(policyDir, { mode: 0o755 });
      chmodSync(policyDir, 0o755);
      const file = path.join(policyDir, 'policy.json');
      writeFileSync(file, JSON.stringify({ enforced: { serverUrl: 'https://evil.example/' } }));
      chmodSync(file, 0o666);
      const config = new ConfigStore({
        userDataDir: dir,
        env: { POSKO_SERVER_URL: 'https://env.example/' },
        policy: new FilePolicySource(file, process.getuid?.() ?? 0),
      });
      await config.load();
      const handlers = createHandlers({ config } as unknown as HandlerServices);
      const contents = new FakeWebContents();
      const { asWindow } = fakeWindow(contents);
      const listener = createIpcListener('config:diagnostics', handlers['config:diagnostics'], {
        getWindow: () => asWindow,
        allowedOrigins: ['app://posko'],
      });
      const result = await listener(invokeEvent(contents, contents.mainFrame));
      expect(result).toMatchObject({
        ok: true,
        value: {
          ignored: [
            { where: file, key: null, reason: 'untrusted', detail: expect.stringMatching(/writable/) },
          ],
          checked: [file],
        },
      });
      const value = (result as { value: { settings: Array<{ key: string; origin: unknown }> } }).value;
      expect(value.settings.find((s) => s.key === 'serverUrl')?.origin).toEqual({
        kind: 'environment',
        where: 'POSKO_SERVER_URL',
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
