// Rules defined once in shared/ (issue 15) give the same answer wherever they
// are applied: the sync-server address rule in the browser host, the shell's
// config and IPC schemas and the console's CSP; the CSP itself from the shell,
// the sync server and the built index.html; the passport and NIK patterns in
// the intake form and in the record schema the server validates with.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({}));

import type { Plugin } from 'vite';
import { ConfigLayer, ConfigStore } from '../../../electron/config';
import { buildCsp, serverOriginOf } from '../../../electron/csp';
import { createBrowserHost, type BrowserEnv } from '../../../renderer/platform/browser-host';
import { EMPTY_NEW_CASE, NewCaseForm } from '../../../renderer/features/cases/new-case-schema';
import viteConfig from '../../../renderer/vite.config';
import { CONSOLE_CSP } from '../../../server/app';
import { Reporter, Worker } from '../../../shared/domain/case';
import { normalizePassport } from '../../../shared/domain/identity-numbers';
import { buildConsoleCsp } from '../../../shared/platform/csp';
import { IPC } from '../../../shared/platform/ipc-contract';

/**
 * Whether a connect-src list admits `url`, the way Chromium matches it: scheme sources, and
 * host sources with a port or `*`. A bracketed IPv6 host is not valid source syntax; Chromium
 * drops such a source (measured with Chromium 156), so it matches nothing here either.
 */
function connectAllows(policy: string, url: string): boolean {
  const directive = policy
    .split(';')
    .map((d) => d.trim())
    .find((d) => d.startsWith('connect-src '));
  const target = new URL(url);
  const defaultPort = target.protocol === 'https:' ? '443' : '80';
  return (directive ?? '')
    .split(/\s+/)
    .slice(1)
    .some((source) => {
      if (/^[a-z]+:$/.test(source)) return target.protocol === source;
      const m = /^(https?):\/\/([a-z0-9.-]+)(?::(\*|\d+))?$/i.exec(source);
      if (!m) return false;
      const port = target.port || defaultPort;
      return (
        target.protocol === `${m[1]}:` &&
        target.hostname === m[2]?.toLowerCase() &&
        (m[3] === '*' || (m[3] ?? defaultPort) === port)
      );
    });
}

/** renderer/index.html as the build writes it, through the real Vite plugin. */
function builtIndexHtml(): string {
  const plugins = (viteConfig as { plugins: Plugin[] }).plugins.flat() as Plugin[];
  const plugin = plugins.find((p) => p?.name === 'posko-console-csp');
  const hook = plugin?.transformIndexHtml as {
    handler: (html: string, ctx: object) => string;
  };
  const source = readFileSync(new URL('../../../renderer/index.html', import.meta.url), 'utf8');
  return hook.handler(source, { path: '/index.html', filename: 'index.html' });
}

function metaCsp(html: string): string {
  const m = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html);
  if (!m?.[1]) throw new Error('no CSP meta tag');
  return m[1];
}

function memoryStorage(): Storage {
  const map = new Map<string, string>();
  return {
    get length() {
      return map.size;
    },
    clear: () => map.clear(),
    getItem: (k) => map.get(k) ?? null,
    key: (i) => [...map.keys()][i] ?? null,
    removeItem: (k) => void map.delete(k),
    setItem: (k, v) => void map.set(k, String(v)),
  };
}

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const URL_CASES: Array<[string, boolean]> = [
  ['https://posko.bp3mi-jakarta.example.go.id/', true],
  ['https://10.0.0.5:8443', true],
  ['http://127.0.0.1:4870', true],
  ['http://127.0.0.1', true],
  ['http://localhost:4870/', true],
  ['HTTP://LOCALHOST:4870/', true],
  ['http://[::1]:4870', false],
  ['http://10.0.0.5:4870', false],
  ['http://posko.example.go.id/', false],
  ['http://127.0.0.1.evil.example/', false],
  ['http://localhost@evil.example/', false],
  ['ftp://127.0.0.1/', false],
];

describe('the sync-server address rule: one answer in renderer, shell and CSP', () => {
  const csp = metaCsp(builtIndexHtml());

  it.each(URL_CASES)('%s -> %s', async (url, expected) => {
    // Renderer: the browser host's settings.
    const env = {
      location: { protocol: 'http:', origin: 'http://127.0.0.1:4870' },
      storage: memoryStorage(),
    };
    const browser = createBrowserHost(env as unknown as BrowserEnv);
    const client = await browser.setConfig({ serverUrl: url }).then(
      () => true,
      () => false,
    );
    // Shell: the IPC schema, a policy layer, and the user settings file behind setConfig.
    const ipc = IPC['config:set'].request.safeParse([{ serverUrl: url }]).success;
    const policy = ConfigLayer.safeParse({ serverUrl: url }).success;
    const dir = mkdtempSync(path.join(tmpdir(), 'posko-rule-'));
    dirs.push(dir);
    const store = new ConfigStore({
      userDataDir: dir,
      env: {},
      policy: { read: async () => null, describe: () => 'none' },
    });
    await store.load();
    const shell = await store.set({ serverUrl: url }).then(
      () => true,
      () => false,
    );
    expect({ client, ipc, policy, shell }).toEqual({
      client: expected,
      ipc: expected,
      policy: expected,
      shell: expected,
    });
    // The built console's CSP lets it reach every accepted address; the shell's CSP too.
    if (expected) {
      expect(connectAllows(csp, url), 'index.html connect-src').toBe(true);
      expect(connectAllows(buildCsp({ serverOrigin: serverOriginOf(url) }), url), 'shell CSP').toBe(true);
    }
  });

  it('no plain-http address on the network gets through the static CSP either', () => {
    for (const url of ['http://10.0.0.5:4870', 'http://posko.example.go.id/', 'http://[::1]:4870']) {
      expect(connectAllows(csp, url), url).toBe(false);
    }
  });
});

describe('the console CSP: one policy from shell, server and index.html', () => {
  const directives = (policy: string) =>
    new Map(
      policy
        .split(';')
        .map((d) => d.trim().split(/\s+/))
        .map(([name, ...values]) => [name ?? '', values.join(' ')]),
    );
  const without = (policy: string, ...names: string[]) => {
    const map = directives(policy);
    for (const name of names) map.delete(name);
    return Object.fromEntries(map);
  };

  it('differs between hosts only in connect-src (and frame-ancestors, which a meta tag cannot carry)', () => {
    const shell = buildCsp({ serverOrigin: 'https://sync.posko.example' });
    const html = metaCsp(builtIndexHtml());
    expect(CONSOLE_CSP).toBe(buildConsoleCsp());
    expect(without(CONSOLE_CSP, 'connect-src')).toEqual(without(shell, 'connect-src'));
    expect(without(html, 'connect-src')).toEqual(without(shell, 'connect-src', 'frame-ancestors'));
    expect(directives(CONSOLE_CSP).get('connect-src')).toBe("'self'");
    expect(directives(shell).get('connect-src')).toBe("'self' https://sync.posko.example");
    expect(directives(html).get('frame-ancestors')).toBeUndefined();
  });

  it('the build refuses an index.html without the generated policy', () => {
    const plugins = (viteConfig as { plugins: Plugin[] }).plugins.flat() as Plugin[];
    const hook = plugins.find((p) => p?.name === 'posko-console-csp')?.transformIndexHtml as {
      handler: (html: string, ctx: object) => string;
    };
    expect(() =>
      hook.handler('<meta http-equiv="Content-Security-Policy" content="default-src *">', {}),
    ).toThrow();
  });
});

describe('passport and NIK numbers: the intake form and the record schema agree', () => {
  const formAccepts = (field: 'passportNumber' | 'workerNik', value: string) => {
    const result = NewCaseForm.safeParse({ ...EMPTY_NEW_CASE, [field]: value });
    return !(result.error?.issues ?? []).some((issue) => issue.path[0] === field);
  };

  it.each([
    ['C1234567', true],
    ['c 123 4567', true],
    ['AB123', true],
    ['ABCDEF123456', true],
    ['AB12', false],
    ['ABCDEFG1234567', false],
    ['C-1234567', false],
    ['C1234567é', false],
  ])('passport %s -> %s', (typed, expected) => {
    const server = Worker.safeParse({ passportNumber: normalizePassport(typed) }).success;
    expect({ form: formAccepts('passportNumber', typed), server }).toEqual({
      form: expected,
      server: expected,
    });
  });

  it.each([
    ['3171234567890001', true],
    ['317123456789000', false],
    ['31712345678900012', false],
    ['3171 2345 6789 0001', false],
    ['317123456789000A', false],
  ])('NIK %s -> %s', (typed, expected) => {
    const worker = Worker.safeParse({ nik: typed }).success;
    const reporter = Reporter.safeParse({ name: 'Siti', role: 'family', relationship: 'mother', nik: typed });
    expect({ form: formAccepts('workerNik', typed), worker }).toEqual({ form: expected, worker: expected });
    expect(reporter.error?.issues.some((i) => i.path[0] === 'nik') ?? false).toBe(!expected);
  });
});
