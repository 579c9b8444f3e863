// Backups that restore (issue 19): a backup taken while operators push, restored into an empty
// place, serves every mutation that was acknowledged before the backup began, with an intact audit
// chain, on SQLite and PostgreSQL.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { backup, readManifest, restore } from '../../server/backup/backup';
import { startServer, type RunningServer } from '../../server/index';
import { pgAdmin, PG_URL } from '../support/server-test-kit';
import { createCaseMutation, DB_KINDS, USER_PASSWORD, withServer, type TestServer } from './helpers';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

function tempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** An empty PostgreSQL database of its own, searched in the source's schema name. */
async function emptyPostgres(sourceUrl: string): Promise<string> {
  const name = `posko_restore_${process.pid}_${Date.now().toString(36)}`;
  await pgAdmin((c) => c.query(`CREATE DATABASE ${name}`));
  cleanups.push(() => pgAdmin((c) => c.query(`DROP DATABASE ${name} WITH (FORCE)`)).then(() => undefined));
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  const options = new URL(sourceUrl).searchParams.get('options');
  return options ? `${url.toString()}?options=${encodeURIComponent(options)}` : url.toString();
}

describe.each(DB_KINDS)('backup and restore on %s', (kind) => {
  it('restores, under push load, every acknowledged mutation with a verifiable audit chain', async () => {
    const srv: TestServer = await withServer(kind);
    cleanups.push(() => srv.close());
    const officeId = (await srv.createOffice()).id;
    const { user, session } = await srv.createUser({ role: 'operator', officeId });
    const auditor = await srv.createUser({ role: 'auditor' });
    const dataDir = srv.options.dataDir ?? tempDir('posko-pgdata-');
    // A stored document's blob and a key file, where the server keeps them.
    const blob = path.join(dataDir, 'files', 'blobs', 'ab', 'ab'.padEnd(64, '0'));
    mkdirSync(path.dirname(blob), { recursive: true });
    writeFileSync(blob, 'sealed bytes');
    writeFileSync(path.join(dataDir, 'files-key'), 'k'.repeat(64));

    /** Acknowledged creates: mutation id -> record id. */
    const acked = new Map<string, string>();
    let stop = false;
    let pushes = 0;
    const load = (async () => {
      while (!stop) {
        const batch = Array.from({ length: 5 }, () => createCaseMutation());
        const results = await srv.push(session, batch);
        results.forEach((r, i) => {
          if (r.outcome === 'applied') acked.set(r.mutationId, batch[i]!.recordId);
        });
        pushes += 1;
      }
    })();
    while (pushes < 5) await new Promise((r) => setTimeout(r, 20));
    const before = new Map(acked);
    const out = path.join(tempDir('posko-backup-out-'), 'posko.tar.gz');
    const manifest = await backup({ dataDir, databaseUrl: srv.options.databaseUrl, out });
    const during = pushes;
    while (pushes < during + 3) await new Promise((r) => setTimeout(r, 20));
    stop = true;
    await load;
    expect(before.size).toBeGreaterThanOrEqual(25);
    expect(acked.size).toBeGreaterThan(before.size); // the load went on across the backup

    expect(manifest.files).toEqual([path.join('files', 'blobs', 'ab', 'ab'.padEnd(64, '0'))]);
    expect(manifest.includesKeys).toBe(false);
    expect(await readManifest(out)).toEqual(manifest);
    expect(statSync(out).mode & 0o777).toBe(0o600); // personal data: the owner's only

    // Into an empty place only.
    await expect(restore({ from: out, dataDir, databaseUrl: srv.options.databaseUrl })).rejects.toThrow(
      /not empty/,
    );
    const target = path.join(tempDir('posko-restore-'), 'data');
    const targetUrl = kind === 'postgres' ? await emptyPostgres(srv.options.databaseUrl!) : undefined;
    await restore({ from: out, dataDir: target, databaseUrl: targetUrl });
    expect(readFileSync(path.join(target, path.relative(dataDir, blob)), 'utf8')).toBe('sealed bytes');
    if (kind === 'sqlite') expect(statSync(path.join(target, 'posko.sqlite')).mode & 0o777).toBe(0o600);

    const restored: RunningServer = await startServer({
      host: '127.0.0.1',
      port: 0,
      dataDir: target,
      databaseUrl: targetUrl,
    });
    cleanups.push(() => restored.close());
    const post = async (p: string, body: unknown, token?: string) =>
      fetch(restored.url + p, {
        method: body === undefined ? 'GET' : 'POST',
        headers: {
          'content-type': 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      }).then(async (r) => ({ status: r.status, body: (await r.json()) as any })); // eslint-disable-line @typescript-eslint/no-explicit-any
    const login = async (username: string, password: string) =>
      (await post('/v1/auth/login', { username, password, deviceId: 'restore-drill' })).body.token as string;

    const verify = await post(
      '/v1/audit/verify',
      undefined,
      await login(auditor.user.username, USER_PASSWORD),
    );
    expect(verify.status).toBe(200);
    expect(verify.body.ok).toBe(true);

    const op = await login(user.username, USER_PASSWORD);
    const found = new Set<string>();
    for (let cursor = 0, more = true; more;) {
      const page = await post(`/v1/sync/pull?cursor=${cursor}&limit=1000`, undefined, op);
      for (const c of page.body.changes) found.add(c.record.id);
      cursor = page.body.cursor;
      more = page.body.hasMore;
    }
    const missing = [...before.values()].filter((id) => !found.has(id));
    expect(missing).toEqual([]);
    // The restored server also remembers them as done: a retried push is a duplicate, not a new case.
    expect(await restoredMutations(restored, [...before.keys()])).toEqual([...before.keys()].sort());
  }, 120_000);

  it('includes the key files only when asked', async () => {
    const srv = await withServer(kind);
    cleanups.push(() => srv.close());
    const dataDir = srv.options.dataDir ?? tempDir('posko-pgdata-');
    writeFileSync(path.join(dataDir, 'files-key'), 'k'.repeat(64));
    const dir = tempDir('posko-backup-out-');
    const plain = await backup({
      dataDir,
      databaseUrl: srv.options.databaseUrl,
      out: path.join(dir, 'a.tgz'),
    });
    expect(plain.files).not.toContain('files-key');
    const withKeys = await backup({
      dataDir,
      databaseUrl: srv.options.databaseUrl,
      out: path.join(dir, 'b.tgz'),
      includeKeys: true,
    });
    expect(withKeys.files).toContain('files-key');
    expect(withKeys.includesKeys).toBe(true);
  }, 60_000);
});

/** The acknowledged mutation ids the restored database remembers (its idempotency table), sorted. */
async function restoredMutations(server: RunningServer, ids: string[]): Promise<string[]> {
  const rows = await server.storage.sql.all<{ mutation_id: string }>(
    `SELECT mutation_id FROM mutations WHERE mutation_id IN (${ids.map(() => '?').join(', ')})`,
    ids,
  );
  return rows.map((r) => r.mutation_id).sort();
}

describe('admin CLI backup and restore', () => {
  const tsx = path.resolve('node_modules/.bin/tsx');
  const cli = (args: string[], env: Record<string, string>) =>
    spawnSync(tsx, ['server/admin-cli.ts', ...args], {
      encoding: 'utf8',
      env: { ...process.env, DATABASE_URL: '', POSKO_PASSWORD: 'cli-password-123', ...env },
      timeout: 60_000,
    });

  it('uses the server configuration, says which database, and restores only into an empty directory', () => {
    const source = tempDir('posko-cli-src-');
    const made = cli(['create-office', '--code', 'JKT', '--name', 'Jakarta'], { POSKO_DATA_DIR: source });
    expect(made.status, made.stderr).toBe(0);
    expect(made.stderr).toContain(`database: SQLite ${path.join(source, 'posko.sqlite')}`);
    const out = path.join(tempDir('posko-cli-out-'), 'b.tar.gz');
    const saved = cli(['backup', '--out', out], { POSKO_DATA_DIR: source });
    expect(saved.status, saved.stderr).toBe(0);
    expect(saved.stderr).toContain(`SQLite ${path.join(source, 'posko.sqlite')}`);
    expect(saved.stderr).toMatch(/keys are not in this backup/);
    expect(JSON.parse(saved.stdout)).toMatchObject({ database: 'sqlite', out });

    const refused = cli(['restore', '--from', out], { POSKO_DATA_DIR: source });
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/not empty/);
    const target = path.join(tempDir('posko-cli-dst-'), 'data');
    const back = cli(['restore', '--from', out], { POSKO_DATA_DIR: target });
    expect(back.status, back.stderr).toBe(0);
    const again = cli(['create-office', '--code', 'JKT', '--name', 'Jakarta'], { POSKO_DATA_DIR: target });
    expect(again.status).toBe(1); // the office came back with the restore
    expect(again.stderr).toMatch(/exists|JKT/);
  }, 120_000);
});
