import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({}));

import { ConfigStore, DEFAULT_CONFIG, readEnvLayer, resolveConfig } from '../../../electron/config';
import type { ConfigLayer } from '../../../electron/config';
import type { PolicySource } from '../../../electron/policy-sources';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'posko-config-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const policyOf = (layer: ConfigLayer | null): PolicySource => ({
  read: async () =>
    layer ? { layers: [{ scope: 'enforced', where: 'test policy', values: layer }], ignored: [] } : null,
  describe: () => 'test policy',
});

describe('resolveConfig precedence', () => {
  it('uses defaults when nothing is set', () => {
    expect(resolveConfig({ user: {}, env: {}, policy: {} })).toEqual({ ...DEFAULT_CONFIG, locked: [] });
  });

  it('defaults <- user <- env <- policy, and env/policy keys are locked', () => {
    const config = resolveConfig({
      user: { serverUrl: 'https://user.example/', language: 'en' },
      env: { serverUrl: 'https://env.example/' },
      policy: { serverUrl: 'https://policy.example/', autoLockMinutes: 5 },
    });
    expect(config).toEqual({
      serverUrl: 'https://policy.example/',
      language: 'en',
      autoLockMinutes: 5,
      locked: ['autoLockMinutes', 'serverUrl'],
    });
  });

  it('reads POSKO_SERVER_URL, ignoring invalid values and the retired POSKO_OFFICE_CODE', () => {
    const retired = vi.fn();
    expect(
      readEnvLayer({ POSKO_SERVER_URL: 'https://sync.example/', POSKO_OFFICE_CODE: 'JKT' }, retired),
    ).toEqual({ serverUrl: 'https://sync.example/' });
    expect(retired).toHaveBeenCalledWith(expect.stringContaining('POSKO_OFFICE_CODE'));
    const log = vi.fn();
    expect(readEnvLayer({ POSKO_SERVER_URL: 'not a url' }, log)).toEqual({});
    expect(log).toHaveBeenCalled();
  });
});

describe('ConfigStore', () => {
  it('persists user settings and reads them back', async () => {
    const store = new ConfigStore({ userDataDir: dir, env: {}, policy: policyOf(null) });
    await store.load();
    const next = await store.set({ language: 'en', serverUrl: 'https://sync.example/' });
    expect(next).toMatchObject({ language: 'en', serverUrl: 'https://sync.example/', locked: [] });
    const again = new ConfigStore({ userDataDir: dir, env: {}, policy: policyOf(null) });
    expect(await again.load()).toMatchObject({ language: 'en', serverUrl: 'https://sync.example/' });
  });

  it('lets policy override the user file and refuses to change locked keys', async () => {
    writeFileSync(path.join(dir, 'settings.json'), JSON.stringify({ serverUrl: 'https://mine.example/' }));
    const store = new ConfigStore({
      userDataDir: dir,
      env: {},
      policy: policyOf({ serverUrl: 'https://posko.kemnaker.example/' }),
    });
    const config = await store.load();
    expect(config.serverUrl).toBe('https://posko.kemnaker.example/');
    expect(config.locked).toEqual(['serverUrl']);
    await expect(store.set({ serverUrl: 'https://other.example/' })).rejects.toMatchObject({
      code: 'locked',
    });
    expect(JSON.parse(readFileSync(path.join(dir, 'settings.json'), 'utf8'))).toEqual({
      serverUrl: 'https://mine.example/',
    });
    // Unlocked keys still change.
    await expect(store.set({ language: 'en' })).resolves.toMatchObject({
      language: 'en',
      serverUrl: 'https://posko.kemnaker.example/',
    });
  });

  it('ignores a policy source that throws, and a corrupt settings file', async () => {
    writeFileSync(path.join(dir, 'settings.json'), '{ not json');
    const log = vi.fn();
    const failing: PolicySource = {
      read: async () => Promise.reject(new Error('not owned by root')),
      describe: () => 'p',
    };
    const config = await new ConfigStore({ userDataDir: dir, env: {}, policy: failing, log }).load();
    expect(config).toEqual({ ...DEFAULT_CONFIG, locked: [] });
    expect(log.mock.calls.join(' ')).toContain('not owned by root');
  });

  it('rejects an invalid patch without writing', async () => {
    const store = new ConfigStore({ userDataDir: dir, env: {}, policy: policyOf(null) });
    await store.load();
    await expect(store.set({ serverUrl: 'file:///etc/passwd' })).rejects.toMatchObject({ code: 'invalid' });
    expect(() => readFileSync(path.join(dir, 'settings.json'))).toThrow();
  });

  it('lets the person choose auto-lock up to 60 minutes; policy may set up to 240 and locks it', async () => {
    const store = new ConfigStore({ userDataDir: dir, env: {}, policy: policyOf(null) });
    await store.load();
    await expect(store.set({ autoLockMinutes: 30 })).resolves.toMatchObject({ autoLockMinutes: 30 });
    await expect(store.set({ autoLockMinutes: 61 })).rejects.toMatchObject({ code: 'invalid' });
    const managed = new ConfigStore({
      userDataDir: dir,
      env: {},
      policy: policyOf({ autoLockMinutes: 120 }),
    });
    expect(await managed.load()).toMatchObject({ autoLockMinutes: 120, locked: ['autoLockMinutes'] });
    await expect(managed.set({ autoLockMinutes: 5 })).rejects.toMatchObject({ code: 'locked' });
  });
});
