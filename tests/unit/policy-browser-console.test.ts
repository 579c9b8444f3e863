// POSKO_ALLOW_BROWSER_CONSOLE=false (issue 19, "whether the browser console may be used"): the
// server refuses what a browser page sends (sign-in, push) and stops serving the console folder; the
// desktop app (Origin app://posko) and tools without an Origin keep working.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
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
