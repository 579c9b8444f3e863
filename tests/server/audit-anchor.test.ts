// Issue 14, "The audit, verifiable by an outsider": signed checkpoints, the signing key outside
// the database, idempotent checkpoints across nodes, and the export an auditor verifies offline.
import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AuditAnchor, listCheckpoints } from '../../server/audit/anchor';
import { Checkpoint } from '../../server/audit/checkpoint-format';
import { loadSigningKey } from '../../server/audit/signing-config';
import { verifyExport } from '../../server/audit/verify-export';
import { startServer } from '../../server/index';
import { Storage } from '../../server/storage/storage';
import type { TestServer } from './helpers';
import { DB_KINDS, createCaseMutation, withServer } from './helpers';

const tmp = () => mkdtempSync(path.join(tmpdir(), 'posko-key-'));

describe('audit signing key', () => {
  it('is created on first start with mode 0600 under the data dir, and reused', () => {
    const dir = tmp();
    try {
      const first = loadSigningKey({ dataDir: dir });
      const file = path.join(dir, 'audit-signing-key.pem');
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(readFileSync(file, 'utf8')).toContain('PRIVATE KEY');
      expect(first.keyId).toMatch(/^[0-9a-f]{16}$/);
      expect(loadSigningKey({ dataDir: dir }).publicKeyPem).toBe(first.publicKeyPem);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a key file that group or others can read, and a key that is not Ed25519', () => {
    const dir = tmp();
    try {
      const file = path.join(dir, 'k.pem');
      loadSigningKey({ keyFile: file });
      chmodSync(file, 0o640);
      expect(() => loadSigningKey({ keyFile: file })).toThrow(/readable by group or others.*chmod 600/);
      chmodSync(file, 0o604);
      expect(() => loadSigningKey({ keyFile: file })).toThrow(/readable by group or others/);
      const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey;
      const pem = rsa.export({ type: 'pkcs8', format: 'pem' }).toString();
      expect(() => loadSigningKey({ keyPem: pem })).toThrow(/not an Ed25519 key/);
      expect(() => loadSigningKey({ keyPem: 'nonsense' })).toThrow(/not a PEM private key/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('comes from the environment variable when given (no file written)', () => {
    const dir = tmp();
    try {
      const pem = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' });
      const key = loadSigningKey({ keyPem: pem.toString(), dataDir: dir });
      expect(key.publicKeyPem).toBe(
        createPublicKey(createPrivateKey(pem.toString())).export({ type: 'spki', format: 'pem' }),
      );
      expect(() => statSync(path.join(dir, 'audit-signing-key.pem'))).toThrow();
      // One-line forms for env files and secret managers: \n escapes, or base64 of the PEM.
      const escaped = pem.toString().trim().replace(/\n/g, '\\n');
      expect(loadSigningKey({ keyPem: escaped }).keyId).toBe(key.keyId);
      expect(loadSigningKey({ keyPem: Buffer.from(pem).toString('base64') }).keyId).toBe(key.keyId);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.each(DB_KINDS)('audit checkpoints on %s', (kind) => {
  let srv: TestServer | undefined;
  let keyDir: string | undefined;
  afterEach(async () => {
    await srv?.close();
    srv = undefined;
    if (keyDir) rmSync(keyDir, { recursive: true, force: true });
    keyDir = undefined;
  });

  async function start(extra: Parameters<typeof withServer>[1] = {}): Promise<TestServer> {
    keyDir = tmp();
    srv = await withServer(kind, { auditKeyFile: path.join(keyDir, 'key.pem'), ...extra });
    return srv;
  }

  it('signs the head on demand, serves the public key, lists checkpoints; only auditors and admins', async () => {
    const s = await start();
    const auditor = (await s.createUser({ role: 'auditor' })).session;
    const office = await s.createOffice();
    const op = (await s.createUser({ role: 'operator', officeId: office.id })).session;
    await s.push(op, [createCaseMutation()]);
    const made = await s.request('POST', '/v1/audit/checkpoints', { token: auditor });
    expect(made.status).toBe(201);
    const cp = Checkpoint.parse(made.body.checkpoint);
    const head = await s.storage.sql.get<{ seq: number; hash: string }>(
      'SELECT seq, hash FROM audit WHERE seq = ?',
      [cp.seq],
    );
    expect(cp).toMatchObject({ n: 1, hash: head!.hash });
    const key = await s.request('GET', '/v1/audit/public-key', { token: srv!.admin });
    expect(key.body).toMatchObject({ algorithm: 'Ed25519', keyId: cp.keyId });
    expect(key.body.publicKey).toBe(
      createPublicKey(createPrivateKey(readFileSync(path.join(keyDir!, 'key.pem'), 'utf8'))).export({
        type: 'spki',
        format: 'pem',
      }),
    );
    const list = await s.request('GET', '/v1/audit/checkpoints', { token: srv!.admin });
    expect(list.body.checkpoints).toEqual([cp]);
    for (const token of [op]) {
      expect((await s.request('POST', '/v1/audit/checkpoints', { token })).status).toBe(403);
      expect((await s.request('GET', '/v1/audit/checkpoints', { token })).status).toBe(403);
    }
    const bad = await s.request('GET', '/v1/audit/checkpoints?after=-1', { token: auditor });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('validation_failed');
  });

  it('is idempotent: a head that has not moved is not signed twice, even by two nodes at once', async () => {
    const s = await start({ auditCheckpointSeconds: 0 });
    await s.createOffice();
    const key = loadSigningKey({ keyFile: path.join(keyDir!, 'key.pem') });
    // Two API nodes on one PostgreSQL; SQLite has one server process per database file.
    const second =
      kind === 'postgres' ? await Storage.open({ databaseUrl: s.options.databaseUrl }) : s.storage;
    try {
      const nodes = [new AuditAnchor(s.storage, key), new AuditAnchor(second, key)];
      const results = await Promise.all(Array.from({ length: 8 }, (_, i) => nodes[i % 2]!.checkpoint()));
      expect(results.filter((r) => r.created)).toHaveLength(1);
      expect(results.every((r) => r.checkpoint?.n === 1 && !r.refused)).toBe(true);
      expect((await nodes[1]!.checkpoint()).created).toBe(false);
      await s.createOffice();
      const next = await nodes[1]!.checkpoint();
      expect(next).toMatchObject({ created: true, checkpoint: { n: 2 } });
      expect((await listCheckpoints(s.storage.sql)).map((c) => c.n)).toEqual([1, 2]);
    } finally {
      if (second !== s.storage) await second.close();
    }
  });

  it('warns at start when the last checkpoint was signed by another key (nodes must share one)', async () => {
    const s = await start({ auditCheckpointSeconds: 0 });
    await s.createOffice();
    await s.request('POST', '/v1/audit/checkpoints', { token: s.admin });
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const other = await startServer({
      ...s.options,
      port: 0,
      auditKeyFile: path.join(keyDir!, 'other.pem'),
    });
    try {
      await vi.waitFor(() =>
        expect(warn).toHaveBeenCalledWith(
          expect.stringMatching(/signed by key [0-9a-f]{16}, this node signs with/),
        ),
      );
    } finally {
      warn.mockRestore();
      await other.close();
    }
  });

  it('checkpoints at the configured interval when the head moved', async () => {
    const s = await start({ auditCheckpointSeconds: 1 });
    await s.createOffice();
    const deadline = Date.now() + 5000;
    while (!(await listCheckpoints(s.storage.sql)).length && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
    const [first] = await listCheckpoints(s.storage.sql);
    expect(first).toBeDefined();
    await new Promise((r) => setTimeout(r, 1300)); // nothing new: no second checkpoint
    expect(await listCheckpoints(s.storage.sql)).toHaveLength(1);
  });

  it('exports entries and checkpoints that verify offline with the public key (auditors only)', async () => {
    const s = await start({ auditCheckpointSeconds: 0 });
    const auditor = (await s.createUser({ role: 'auditor' })).session;
    await s.createOffice();
    expect((await s.request('POST', '/v1/audit/checkpoints', { token: auditor })).status).toBe(201);
    await s.createOffice(); // after the checkpoint: in the export, not yet anchored
    expect((await s.request('GET', '/v1/audit/export', { token: srv!.admin })).status).toBe(403);
    const res = await fetch(`${s.url}/v1/audit/export`, {
      headers: { authorization: `Bearer ${auditor.token}` },
    });
    expect(res.headers.get('content-type')).toContain('application/x-ndjson');
    const lines = (await res.text()).trim().split('\n');
    expect(JSON.parse(lines[0]!)).toMatchObject({ export: { format: 'posko-audit-export', version: 1 } });
    const publicKey = (await s.request('GET', '/v1/audit/public-key', { token: auditor })).body.publicKey;
    const check = await verifyExport(lines, { publicKey });
    expect(check).toMatchObject({ ok: true, checkpoints: 1, problems: [] });
    expect(check.anchoredSeq).toBeGreaterThan(0);
    expect(check.unanchored).toBeGreaterThan(0);
    // Another key does not vouch for it.
    const other = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const foreign = await verifyExport(lines, { publicKey: other });
    expect(foreign.ok).toBe(false);
    expect(foreign.problems.map((p) => p.code)).toEqual(['bad_signature', 'no_checkpoint']);
    // The export read is audited.
    const reads = await s.request('GET', '/v1/audit?action=audit.export', { token: auditor });
    expect(reads.body.entries).toHaveLength(1);
  });
});
