// POSKO_ALLOW_BROWSER_CONSOLE=false (issue 19, "whether the browser console may be used"): the
// server refuses what a browser page sends (sign-in, push) and stops serving the console folder; the
// desktop app (Origin app://posko) and tools without an Origin keep working.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loginResources } from '../../renderer/features/login/i18n-login';
import { SessionManager, SignInError } from '../../renderer/session/session-manager';
import type { KeyValueTable } from '../../renderer/session/session-store';
import { TransportError } from '../../renderer/sync/transport';
import { readEnv } from '../../server/config';
import type { StartServerOptions } from '../../server/index';
import { ADMIN_PASSWORD, ADMIN_USERNAME, DB_KINDS, withServer } from '../server/helpers';

const consoleDir = mkdtempSync(path.join(tmpdir(), 'posko-console-'));
writeFileSync(path.join(consoleDir, 'index.html'), '<!doctype html><title>Posko</title>');
afterAll(() => rmSync(consoleDir, { recursive: true, force: true }));

const login = (url: string, origin?: string) =>
  fetch(`${url}/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(origin ? { origin } : {}) },
    body: JSON.stringify({ username: ADMIN_USERNAME, password: ADMIN_PASSWORD, deviceId: 'dev-1' }),
  });

describe('POSKO_ALLOW_BROWSER_CONSOLE', () => {
  it('parses true/false/1/0, defaults to allowed, refuses anything else', () => {
    expect(readEnv({}).POSKO_ALLOW_BROWSER_CONSOLE).toBe(true);
    expect(readEnv({ POSKO_ALLOW_BROWSER_CONSOLE: 'false' }).POSKO_ALLOW_BROWSER_CONSOLE).toBe(false);
    expect(readEnv({ POSKO_ALLOW_BROWSER_CONSOLE: '0' }).POSKO_ALLOW_BROWSER_CONSOLE).toBe(false);
    expect(readEnv({ POSKO_ALLOW_BROWSER_CONSOLE: '1' }).POSKO_ALLOW_BROWSER_CONSOLE).toBe(true);
    expect(() => readEnv({ POSKO_ALLOW_BROWSER_CONSOLE: 'no' })).toThrow(/POSKO_ALLOW_BROWSER_CONSOLE/);
  });
});

describe.each(DB_KINDS)('browser console switched off (%s)', (kind) => {
  it('refuses a browser page, keeps the desktop app and tools, and serves no console', async () => {
    const server = await withServer(kind, {
      allowBrowserConsole: false,
      consoleDir,
    } as Partial<StartServerOptions>);
    try {
      const browser = await login(server.url, 'https://posko.example.go.id');
      expect(browser.status).toBe(403);
      expect(await browser.json()).toMatchObject({ error: { code: 'browser_console_disabled' } });
      expect((await login(server.url, 'app://posko')).status).toBe(200);
      expect((await login(server.url)).status).toBe(200);
      expect((await fetch(`${server.url}/`)).status).toBe(404);
      expect((await fetch(`${server.url}/v1/health`)).status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('allowed by default: the same browser sign-in is not refused and the console is served', async () => {
    const server = await withServer(kind, { consoleDir } as Partial<StartServerOptions>);
    try {
      expect((await login(server.url, 'https://posko.example.go.id')).status).toBe(200);
      expect((await fetch(`${server.url}/`)).status).toBe(200);
    } finally {
      await server.close();
    }
  });
});

describe('the browser console honours it', () => {
  it('a sign-in refused with browser_console_disabled is said as such (not "wrong password"), in both languages', async () => {
    const rows = new Map<string, unknown>();
    const table: KeyValueTable = {
      get: async (key) => (rows.has(key) ? { key, value: rows.get(key) } : undefined),
      put: async (row) => void rows.set(row.key, row.value),
      delete: async (key) => void rows.delete(key),
    };
    const secrets = { get: async () => null, set: async () => {}, delete: async () => {} };
    const session = new SessionManager({
      table,
      secrets,
      login: async () => {
        throw new TransportError('forbidden', 'desktop app only', 403, {
          code: 'browser_console_disabled',
          message: 'desktop app only',
        });
      },
      deviceId: () => 'dev-1',
      serverUrl: () => 'https://posko.example.go.id',
    });
    const error = await session.signIn('sari', 'pw').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SignInError);
    expect((error as SignInError).code).toBe('browser_console_disabled');
    expect(loginResources.en.login.errors.browser_console_disabled).toMatch(/desktop app/);
    expect(loginResources.id.login.errors.browser_console_disabled).toMatch(/aplikasi desktop/);
  });
});
