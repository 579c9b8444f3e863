import { mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({}));

import {
  createAppRequestHandler,
  installAppProtocol,
  registerAppScheme,
  resolveRequestPath,
} from '../../../electron/app-protocol';

let base: string;
let root: string;
const CSP = "default-src 'none'";
let handle: (request: Request) => Promise<Response>;

beforeAll(() => {
  base = mkdtempSync(path.join(tmpdir(), 'posko-app-protocol-'));
  root = path.join(base, 'renderer');
  mkdirSync(path.join(root, 'assets'), { recursive: true });
  writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>Posko</title>');
  writeFileSync(path.join(root, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(path.join(root, 'assets', 'app.css'), 'body{}');
  writeFileSync(path.join(base, 'secret.txt'), 'TOP SECRET');
  symlinkSync(path.join(base, 'secret.txt'), path.join(root, 'assets', 'link.txt'));
  handle = createAppRequestHandler({ root, csp: () => CSP });
});

afterAll(() => rmSync(base, { recursive: true, force: true }));

const get = (url: string, method = 'GET') => handle(new Request(url, { method }));

describe('app:// scheme registration', () => {
  it('is privileged as standard, secure and fetch-capable', () => {
    const protocol = { registerSchemesAsPrivileged: vi.fn() };
    registerAppScheme(protocol);
    expect(protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      expect.objectContaining({
        scheme: 'app',
        privileges: expect.objectContaining({ standard: true, secure: true, supportFetchAPI: true }),
      }),
    ]);
  });

  it('installs a handler for app only', () => {
    const protocol = { handle: vi.fn() };
    installAppProtocol(protocol, { root, csp: () => CSP });
    expect(protocol.handle).toHaveBeenCalledWith('app', expect.any(Function));
  });
});

describe('app:// handler', () => {
  it('serves files under the root with the right MIME type and the CSP', async () => {
    const html = await get('app://posko/index.html');
    expect(html.status).toBe(200);
    expect(html.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(html.headers.get('content-security-policy')).toBe(CSP);
    expect(html.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await html.text()).toContain('<title>Posko</title>');
    expect((await get('app://posko/assets/app.js')).headers.get('content-type')).toBe(
      'text/javascript; charset=utf-8',
    );
    expect((await get('app://posko/assets/app.css')).headers.get('content-type')).toBe(
      'text/css; charset=utf-8',
    );
  });

  it('serves index.html for / and for client-side routes, 404 for missing assets', async () => {
    expect(await (await get('app://posko/')).text()).toContain('Posko');
    expect(await (await get('app://posko/cases/0190abcd')).text()).toContain('Posko');
    expect((await get('app://posko/assets/missing.js')).status).toBe(404);
  });

  it.each([
    'app://posko/..%2fsecret.txt',
    'app://posko/assets/..%2f..%2fsecret.txt',
    'app://posko/%2e%2e%2fsecret.txt',
    'app://posko/..%5csecret.txt',
    'app://posko/assets%2f..%2f..%2fsecret.txt',
    'app://posko/index.html%00.js',
    'app://posko/%E0%A4%A',
  ])('refuses traversal %s', async (url) => {
    const response = await get(url);
    expect(response.status).toBe(403);
    expect(await response.text()).not.toContain('TOP SECRET');
  });

  it('keeps plain ../ inside the root (the URL parser resolves it)', async () => {
    const response = await get('app://posko/../../secret.txt');
    expect(await response.text()).not.toContain('TOP SECRET');
  });

  it('refuses a symlink that leads out of the root', async () => {
    const response = await get('app://posko/assets/link.txt');
    expect(response.status).toBe(403);
    expect(await response.text()).not.toContain('TOP SECRET');
  });

  it('refuses other hosts and methods', async () => {
    expect((await get('app://evil/index.html')).status).toBe(403);
    expect((await get('app://posko/index.html', 'POST')).status).toBe(405);
    const head = await get('app://posko/index.html', 'HEAD');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('resolves paths strictly inside the root', () => {
    expect(resolveRequestPath(root, 'app://posko/assets/app.js')).toBe(path.join(root, 'assets', 'app.js'));
    expect(resolveRequestPath(root, 'file:///etc/passwd')).toBeNull();
    expect(resolveRequestPath(root, 'app://posko/a/..%2f..%2f..%2fetc/passwd')).toBeNull();
  });
});
