import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../../server/index';
import type { TestServer } from './helpers';
import { withServer } from './helpers';

// Same-origin console hosting, CORS and the admin CLI do not depend on the database: SQLite only.
describe('console hosting and CORS', () => {
  let srv: TestServer;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'posko-console-'));
    mkdirSync(path.join(dir, 'assets'));
    writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>Posko</title>');
    writeFileSync(path.join(dir, 'assets', 'app.js'), 'console.log(1)');
    srv = await withServer('sqlite', { consoleDir: dir, corsOrigins: ['http://localhost:5173'] });
  });
  afterAll(async () => {
    await srv?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves the console with a strict CSP and falls back to index.html for client routes', async () => {
    const index = await fetch(`${srv.url}/`);
    expect(await index.text()).toContain('<title>Posko</title>');
    const csp = index.headers.get('content-security-policy')!;
    for (const part of [
      "default-src 'none'",
      "connect-src 'self'",
      "script-src 'self'",
      "object-src 'none'",
      "frame-ancestors 'none'",
    ]) {
      expect(csp).toContain(part);
    }
    expect(csp).not.toContain("script-src 'self' 'unsafe");
    const asset = await fetch(`${srv.url}/assets/app.js`);
    expect(await asset.text()).toBe('console.log(1)');
    const deep = await fetch(`${srv.url}/cases/0190-abc`);
    expect(deep.status).toBe(200);
    expect(await deep.text()).toContain('<title>Posko</title>');
    const api = await srv.request('GET', '/v1/no-such-route');
    expect(api.status).toBe(404);
    expect(api.body.error.code).toBe('not_found');
    const traversal = await fetch(`${srv.url}/..%2f..%2fetc%2fpasswd`);
    expect(await traversal.text()).not.toContain('root:');
  });

  it('allows the Electron origin and configured origins, never any origin', async () => {
    const preflight = (origin: string) =>
      fetch(`${srv.url}/v1/sync/pull`, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'GET',
          'access-control-request-headers': 'authorization',
        },
      });
    expect((await preflight('app://posko')).headers.get('access-control-allow-origin')).toBe('app://posko');
    expect((await preflight('http://localhost:5173')).headers.get('access-control-allow-origin')).toBe(
      'http://localhost:5173',
    );
    const evil = await preflight('https://evil.example');
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('admin CLI', () => {
  let dataDir: string;
  const tsx = path.resolve('node_modules/.bin/tsx');
  const cli = (args: string[], input?: string, env: Record<string, string> = {}) =>
    spawnSync(tsx, ['server/admin-cli.ts', ...args], {
      input,
      encoding: 'utf8',
      env: { ...process.env, POSKO_DATA_DIR: dataDir, DATABASE_URL: '', POSKO_PASSWORD: '', ...env },
      timeout: 30_000,
    });

  beforeAll(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'posko-cli-'));
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('prints its usage for --help without opening a database', () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'posko-cli-help-'));
    try {
      const help = cli(['--help'], undefined, { POSKO_DATA_DIR: empty });
      expect(help.status, help.stderr).toBe(0);
      expect(help.stdout).toContain('usage: npm run admin -- <command>');
      expect(help.stdout).toContain('create-office');
      expect(readdirSync(empty)).toEqual([]);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('creates an office and an admin (password from stdin), verifies and exports the audit', async () => {
    const office = cli(['create-office', '--code', 'JKT', '--name', 'Jakarta']);
    expect(office.status, office.stderr).toBe(0);
    const user = cli(
      ['create-user', '--username', 'boss', '--role', 'supervisor', '--office', 'JKT'],
      'cli-password-123\n',
    );
    expect(user.status, user.stderr).toBe(0);
    expect(JSON.parse(user.stdout)).toMatchObject({ username: 'boss', role: 'supervisor' });
    expect(user.stdout).not.toContain('cli-password-123');
    const out = path.join(dataDir, 'audit.jsonl');
    expect(cli(['export-audit', '--out', out]).status).toBe(0);
    // A header, the checkpoints (none yet), then one AuditEntry per line.
    const [header, ...lines] = readFileSync(out, 'utf8').trim().split('\n');
    expect(JSON.parse(header!)).toMatchObject({ export: { format: 'posko-audit-export', headSeq: 2 } });
    expect(lines.map((l) => (JSON.parse(l) as { action: string }).action)).toEqual([
      'admin.office.create',
      'admin.user.create',
    ]);
    const verify = cli(['verify-audit']);
    expect(verify.status).toBe(0);
    // + the export itself; no signing key yet (the server creates it on first start)
    expect(JSON.parse(verify.stdout)).toMatchObject({ ok: true, entries: 3, records: { mismatched: 0 } });

    // The account works against a server on the same data directory, and no env admin is created over it.
    const server = await startServer({
      port: 0,
      dataDir,
      adminUsername: 'ignored',
      adminPassword: 'ignored-password',
    });
    try {
      const login = await fetch(`${server.url}/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'boss', password: 'cli-password-123', deviceId: 'd' }),
      });
      expect(login.status).toBe(200);
      expect(await server.storage.sql.get("SELECT id FROM users WHERE username = 'ignored'")).toBeUndefined();
    } finally {
      await server.close();
    }
    // The server made the signing key on first start; the CLI signs with it and prints its public key,
    // and an export verifies offline against both (the kept checkpoint and the key).
    const made = cli(['checkpoint']);
    expect(made.status, made.stderr).toBe(0);
    const { checkpoint } = JSON.parse(made.stdout) as { checkpoint: { n: number; seq: number } };
    expect(checkpoint.n).toBe(1);
    const pub = cli(['audit-public-key']);
    expect(pub.stdout).toContain('BEGIN PUBLIC KEY');
    writeFileSync(path.join(dataDir, 'audit.pub'), pub.stdout);
    writeFileSync(path.join(dataDir, 'kept.json'), JSON.stringify(checkpoint));
    const signed = path.join(dataDir, 'signed.jsonl');
    expect(cli(['export-audit', '--out', signed]).status).toBe(0);
    const offline = cli([
      'verify-audit',
      '--export',
      signed,
      '--public-key',
      path.join(dataDir, 'audit.pub'),
      '--checkpoint',
      path.join(dataDir, 'kept.json'),
    ]);
    expect(offline.status, offline.stdout + offline.stderr).toBe(0);
    expect(JSON.parse(offline.stdout)).toMatchObject({
      ok: true,
      checkpoints: 1,
      keptCheckpoints: 1,
      anchoredSeq: checkpoint.seq,
    });
    const bad = cli(['create-user', '--username', 'x', '--role', 'operator'], '', {
      POSKO_PASSWORD: 'short',
    });
    expect(bad.status).not.toBe(0);
  }, 60_000);
});
