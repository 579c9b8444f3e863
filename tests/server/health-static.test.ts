// What the server tells and serves to anyone (issue 14, item 10): /v1/health without an admin
// token says only that the server is up; the console folder served by `start:web` serves the
// built console and nothing else (no dotfiles, no symlinks out of the folder, no case variants,
// nothing added after start).
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS, withServer, type TestServer } from './helpers';

const SECRET = 'SECRET-DO-NOT-SERVE';

/** GET with the path exactly as given (fetch would normalize `..` and percent-encoding). */
function rawGet(url: string, rawPath: string): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = http.get({ hostname, port, path: rawPath }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
  });
}

describe.each(DB_KINDS)('health and the console folder on %s', (kind) => {
  let srv: TestServer;
  let root: string;
  let consoleDir: string;

  beforeAll(async () => {
    root = mkdtempSync(path.join(tmpdir(), 'posko-static-'));
    consoleDir = path.join(root, 'console');
    const outside = path.join(root, 'outside');
    mkdirSync(path.join(consoleDir, 'assets'), { recursive: true });
    mkdirSync(path.join(consoleDir, '.git'));
    mkdirSync(outside);
    writeFileSync(path.join(consoleDir, 'index.html'), '<!doctype html><title>Posko</title>');
    writeFileSync(path.join(consoleDir, 'assets', 'app.js'), 'console.log(1)');
    writeFileSync(path.join(consoleDir, '.env'), `POSKO_ADMIN_PASSWORD=${SECRET}`);
    writeFileSync(path.join(consoleDir, '.git', 'config'), `[remote] url = ${SECRET}`);
    writeFileSync(path.join(outside, 'secret.txt'), SECRET);
    symlinkSync(path.join(outside, 'secret.txt'), path.join(consoleDir, 'leak.txt'));
    symlinkSync(outside, path.join(consoleDir, 'linked'));
    srv = await withServer(kind, { consoleDir });
    // Written after start: not part of the build that was served.
    writeFileSync(path.join(consoleDir, 'late.js'), SECRET);
  });
  afterAll(async () => {
    await srv?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('tells the version and database kind to an admin only', async () => {
    const office = await srv.createOffice();
    const { session } = await srv.createUser({ role: 'operator', officeId: office.id });
    const auditor = await srv.createUser({ role: 'auditor' });
    for (const token of [undefined, session.token, auditor.session.token, 'x'.repeat(43)]) {
      const res = await srv.request('GET', '/v1/health', { token });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ ok: true });
    }
    const admin = await srv.request('GET', '/v1/health', { token: srv.admin });
    expect(admin.body).toEqual({ ok: true, version: expect.any(String), schemaVersion: 1, db: kind });
    // The OpenAPI document does not tell the server's version either.
    const doc = await srv.request('GET', '/v1/openapi.json');
    expect(doc.body.info.version).toBe('1');
  });

  it('serves the built console', async () => {
    expect((await rawGet(srv.url, '/')).body).toContain('<title>Posko</title>');
    expect((await rawGet(srv.url, '/assets/app.js')).body).toBe('console.log(1)');
    const route = await rawGet(srv.url, '/cases/0190-abc');
    expect(route.status).toBe(200);
    expect(route.body).toContain('<title>Posko</title>');
  });

  it.each([
    '/.env',
    '/.git/config',
    '/%2eenv',
    '/%2Egit/config',
    '/.%65nv',
    '/assets/../.env',
    '/assets/%2e%2e/.env',
    '/assets/..%2f.env',
    '/leak.txt',
    '/linked/secret.txt',
    '/late.js',
    '/ASSETS/APP.JS',
    '/Assets/app.js',
    '/index.html/../.env',
  ])('never serves %s', async (p) => {
    const res = await rawGet(srv.url, p);
    expect(res.body).not.toContain(SECRET);
    expect(res.status, `${p} -> ${res.status} ${res.body.slice(0, 80)}`).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
  });
});
