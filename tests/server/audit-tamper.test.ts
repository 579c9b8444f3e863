// Issue 14: an attacker who can write the database file. Each way of tampering is detected by
// verify (stored checkpoints + the replay of every record) and by the offline verifier of an
// export given a checkpoint the auditor kept: (a) triggers dropped, an entry edited and the
// chain re-hashed from there on; (b) the tail cut and the counter lowered; (c) a record edited.
// Before this, verify walked the hash chain only and said ok to (a), (b) and (c).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { afterEach, describe, expect, it } from 'vitest';
import { auditHash } from '../../shared/audit/hash';
import { Checkpoint } from '../../server/audit/checkpoint-format';
import { rowToEntry } from '../../server/audit/entry';
import { exportLines } from '../../server/audit/export';
import { canonicalChanges } from '../../server/audit/hash-fast';
import { verifyExport } from '../../server/audit/verify-export';
import type { AuditRow } from '../../server/storage/types';
import type { Session, TestServer } from './helpers';
import { DB_KINDS, createCaseMutation, mutation, taskPatch, updateMutation, withServer } from './helpers';

const tsx = path.resolve('node_modules/.bin/tsx');

async function dropTriggers(srv: TestServer): Promise<void> {
  const sql = srv.storage.sql;
  for (const table of ['audit', 'audit_checkpoints']) {
    const prefix = table === 'audit' ? 'audit' : 'audit_checkpoints';
    if (srv.kind === 'sqlite') {
      await sql.run(`DROP TRIGGER ${prefix}_no_update`);
      await sql.run(`DROP TRIGGER ${prefix}_no_delete`);
    } else {
      await sql.run(`DROP TRIGGER ${prefix}_no_update ON ${table}`);
      await sql.run(`DROP TRIGGER ${prefix}_no_truncate ON ${table}`);
    }
  }
}

/** What an attacker does after editing entry `seq`: every later hash recomputed, so the chain holds. */
async function rehashFrom(srv: TestServer, seq: number): Promise<void> {
  const sql = srv.storage.sql;
  const before = await sql.get<{ hash: string }>('SELECT hash FROM audit WHERE seq = ?', [seq - 1]);
  let prev = before!.hash;
  for (const row of await sql.all<AuditRow>('SELECT * FROM audit WHERE seq >= ? ORDER BY seq', [seq])) {
    const entry = { ...rowToEntry(row), prevHash: prev };
    const hash = auditHash(prev, entry);
    await sql.run('UPDATE audit SET prev_hash = ?, hash = ? WHERE seq = ?', [prev, hash, row.seq]);
    prev = hash;
  }
}

interface Scene {
  srv: TestServer;
  auditor: Session;
  caseId: string;
  updateSeq: number;
  kept: Checkpoint;
  publicKey: string;
}

/** A case, an edit of its passport number, a checkpoint the auditor keeps, more work after it. */
async function scene(srv: TestServer): Promise<Scene> {
  const office = await srv.createOffice();
  const op = (await srv.createUser({ role: 'operator', officeId: office.id })).session;
  const auditor = (await srv.createUser({ role: 'auditor' })).session;
  const m = createCaseMutation();
  await srv.push(op, [m]);
  await srv.push(op, [
    updateMutation(
      'cases',
      m.recordId,
      1,
      { 'worker.passportNumber': 'X9876543' },
      { 'worker.passportNumber': 'C1234567' },
    ),
  ]);
  const update = await srv.storage.sql.get<{ seq: number }>(
    "SELECT seq FROM audit WHERE action = 'push.update' AND record_id = ?",
    [m.recordId],
  );
  const made = await srv.request('POST', '/v1/audit/checkpoints', { token: auditor });
  expect(made.status).toBe(201);
  await srv.push(op, [
    updateMutation('cases', m.recordId, 2, { summary: 'Home safe' }, { summary: 'Wants to come home' }),
  ]);
  const publicKey = (await srv.request('GET', '/v1/audit/public-key', { token: auditor })).body.publicKey;
  return {
    srv,
    auditor,
    caseId: m.recordId,
    updateSeq: Number(update!.seq),
    kept: Checkpoint.parse(made.body.checkpoint),
    publicKey,
  };
}

const verify = async (s: Scene) =>
  (await s.srv.request('GET', '/v1/audit/verify', { token: s.auditor })).body;

async function exportOf(s: Scene): Promise<string[]> {
  const res = await fetch(`${s.srv.url}/v1/audit/export`, {
    headers: { authorization: `Bearer ${s.auditor.token}` },
  });
  expect(res.status).toBe(200);
  return (await res.text()).trim().split('\n');
}

/** The offline verifier through the CLI: no database in its environment at all. */
function cliVerify(lines: string[], s: Scene, kept?: Checkpoint): { status: number | null; out: unknown } {
  const dir = mkdtempSync(path.join(tmpdir(), 'posko-verify-'));
  try {
    writeFileSync(path.join(dir, 'audit.jsonl'), `${lines.join('\n')}\n`);
    writeFileSync(path.join(dir, 'key.pub'), s.publicKey);
    const args = ['--export', path.join(dir, 'audit.jsonl'), '--public-key', path.join(dir, 'key.pub')];
    if (kept) {
      writeFileSync(path.join(dir, 'kept.json'), JSON.stringify(kept));
      args.push('--checkpoint', path.join(dir, 'kept.json'));
    }
    const run = spawnSync(tsx, ['server/admin-cli.ts', 'verify-audit', ...args], {
      encoding: 'utf8',
      env: { ...process.env, DATABASE_URL: 'postgres://nowhere.invalid/none', POSKO_DATA_DIR: dir },
      timeout: 30_000,
    });
    return { status: run.status, out: run.stdout ? (JSON.parse(run.stdout) as unknown) : run.stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const codes = (check: { problems: { code: string }[] }) => check.problems.map((p) => p.code);

describe.each(DB_KINDS)('audit tampering on %s', (kind) => {
  let srv: TestServer | undefined;
  afterEach(async () => {
    await srv?.close();
    srv = undefined;
  });

  it('is clean on an untouched history with child conflicts, resolves and tombstones', async () => {
    srv = await withServer(kind);
    const office = await srv.createOffice();
    const a = (await srv.createUser({ role: 'operator', officeId: office.id })).session;
    const b = (await srv.createUser({ role: 'operator', officeId: office.id })).session;
    const boss = (await srv.createUser({ role: 'supervisor', officeId: office.id })).session;
    const c = createCaseMutation();
    const task = mutation('create', 'tasks', uuidv7(), taskPatch(c.recordId));
    await srv.push(a, [c, task]);
    await srv.push(a, [
      updateMutation('tasks', task.recordId, 1, { title: 'A' }, { title: 'Call the mission' }),
    ]);
    const [conflict] = await srv.push(b, [
      updateMutation('tasks', task.recordId, 1, { title: 'B' }, { title: 'Call the mission' }),
    ]);
    expect(conflict!.outcome).toBe('conflict');
    await srv.push(a, [
      updateMutation('cases', c.recordId, 1, { summary: 'A' }, { summary: 'Wants to come home' }),
    ]);
    const [caseConflict] = await srv.push(b, [
      updateMutation('cases', c.recordId, 1, { summary: 'B' }, { summary: 'Wants to come home' }),
    ]);
    expect(caseConflict!.outcome).toBe('conflict');
    const stored = await srv.storage.sql.get<{ rev: number }>('SELECT rev FROM records WHERE id = ?', [
      c.recordId,
    ]);
    const caseRev = Number(stored!.rev);
    const [r1] = await srv.push(boss, [
      mutation(
        'resolve',
        'tasks',
        task.recordId,
        { title: 'B' },
        { conflictId: conflict!.conflictIds![0], baseRev: 2 },
      ),
      mutation(
        'resolve',
        'cases',
        c.recordId,
        { summary: 'B' },
        { conflictId: caseConflict!.conflictIds![0], baseRev: caseRev },
      ),
    ]);
    expect(r1!.outcome).not.toBe('rejected');
    await srv.push(a, [mutation('delete', 'tasks', task.recordId, {}, { baseRev: 3 })]);
    const check = (await srv.request('GET', '/v1/audit/verify', { token: srv.admin })).body;
    expect(check).toMatchObject({ ok: true, problems: [], records: { records: 2, mismatched: 0 } });
  });

  it('(a) finds an entry edited and the chain re-hashed after it', async () => {
    srv = await withServer(kind);
    const s = await scene(srv);
    await dropTriggers(srv);
    const row = await srv.storage.sql.get<AuditRow>('SELECT * FROM audit WHERE seq = ?', [s.updateSeq]);
    const changes = rowToEntry(row!).changes.map((c) => ({ ...c, to: 'Y1111111' }));
    await srv.storage.sql.run('UPDATE audit SET changes = ? WHERE seq = ?', [
      canonicalChanges(changes),
      s.updateSeq,
    ]);
    await rehashFrom(srv, s.updateSeq);
    const check = await verify(s);
    expect(check.ok).toBe(false);
    expect(check.firstBrokenSeq).toBe(s.kept.seq); // the chain holds, the signed hash does not
    expect(check.records.mismatches).toContainEqual({
      table: 'cases',
      id: s.caseId,
      problem: 'differs from its audit history',
      paths: ['worker.passportNumber'],
    });
    // The server does not bless the rewritten chain with a fresh signature.
    const refused = await srv.request('POST', '/v1/audit/checkpoints', { token: s.auditor });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('audit_chain_broken');
    const stored = await srv.storage.sql.all('SELECT n FROM audit_checkpoints');
    expect(stored).toHaveLength(1);
    const lines = await exportOf(s);
    const offline = await verifyExport(lines, { publicKey: s.publicKey, kept: [s.kept] });
    expect(codes(offline)).toEqual(['kept_checkpoint_mismatch', 'checkpoint_mismatch']);
    const entries = lines.slice(1).map((l) => JSON.parse(l) as { action?: string; outcome?: string });
    expect(entries).toContainEqual(
      expect.objectContaining({ action: 'audit.checkpoint', outcome: 'refused' }),
    );
    // Stored checkpoints removed as well: the kept one still catches it, and so does the replay.
    await srv.storage.sql.run('DELETE FROM audit_checkpoints');
    const stripped = await exportOf(s);
    expect(codes(await verifyExport(stripped, { publicKey: s.publicKey, kept: [s.kept] }))).toEqual([
      'kept_checkpoint_mismatch',
    ]);
    expect((await verify(s)).records.mismatched).toBe(1);
    const cli = cliVerify(stripped, s, s.kept);
    expect(cli.status).toBe(2);
    expect(cli.out).toMatchObject({ ok: false, problems: [{ code: 'kept_checkpoint_mismatch' }] });
  }, 60_000);

  it('(b) finds the tail cut and the counter lowered', async () => {
    srv = await withServer(kind);
    const s = await scene(srv);
    await dropTriggers(srv);
    const cut = s.updateSeq - 1; // the passport edit and everything after it go
    await srv.storage.sql.run('DELETE FROM audit WHERE seq > ?', [cut]);
    await srv.storage.sql.run("UPDATE counters SET value = ? WHERE name = 'audit'", [cut]);
    // With the stored checkpoint still there, verify sees the chain end before it.
    const check = await verify(s);
    expect(check).toMatchObject({ ok: false, firstBrokenSeq: cut + 1 });
    expect(check.records.mismatched).toBe(1);
    await srv.storage.sql.run('DELETE FROM audit_checkpoints WHERE seq > ?', [cut]);
    const after = await verify(s);
    expect(after.ok).toBe(false);
    expect(after.records.mismatches[0]).toMatchObject({ table: 'cases', id: s.caseId });
    // Exported as the export route and CLI do, minus the audit.export entry they append first
    // (that one would take the freed seq, and the kept checkpoint would then report a rewrite).
    const lines: string[] = [];
    for await (const line of exportLines(srv.storage.sql, null)) lines.push(line);
    expect(codes(await verifyExport(lines, { publicKey: s.publicKey }))).toEqual(['no_checkpoint']);
    const offline = await verifyExport(lines, { publicKey: s.publicKey, kept: [s.kept] });
    expect(codes(offline)).toEqual(['truncated']);
    expect(cliVerify(lines, s, s.kept)).toMatchObject({
      status: 2,
      out: { problems: [{ code: 'truncated' }] },
    });
  }, 60_000);

  it('(c) finds a record edited in the database, and a record deleted from it', async () => {
    srv = await withServer(kind);
    const s = await scene(srv);
    const sql = srv.storage.sql;
    const row = await sql.get<{ data: string }>(
      "SELECT data FROM records WHERE table_name = 'cases' AND id = ?",
      [s.caseId],
    );
    const data = JSON.parse(row!.data) as { worker: Record<string, unknown> };
    data.worker.passportNumber = 'Z0000000';
    await sql.run("UPDATE records SET data = ? WHERE table_name = 'cases' AND id = ?", [
      JSON.stringify(data),
      s.caseId,
    ]);
    const check = await verify(s);
    expect(check).toMatchObject({ ok: false, records: { records: 1, mismatched: 1 } });
    expect(check.records.mismatches[0]).toEqual({
      table: 'cases',
      id: s.caseId,
      problem: 'differs from its audit history',
      paths: ['worker.passportNumber'],
    });
    expect(check.firstBrokenSeq).toBeUndefined(); // the chain itself is intact
    // A supervisor (of any office) learns that records differ, not which.
    const boss = (await srv.createUser({ role: 'supervisor', officeId: (await srv.createOffice()).id }))
      .session;
    const theirs = await srv.request('GET', '/v1/audit/verify', { token: boss });
    expect(theirs.body).toMatchObject({ ok: false, records: { mismatched: 1, mismatches: [] } });
    await sql.run("DELETE FROM records WHERE table_name = 'cases' AND id = ?", [s.caseId]);
    expect((await verify(s)).records.mismatches).toEqual([
      { table: 'cases', id: s.caseId, problem: 'created in the audit, missing from the records' },
    ]);
    // The export of an intact chain verifies offline through the CLI.
    expect(cliVerify(await exportOf(s), s, s.kept)).toMatchObject({ status: 0, out: { ok: true } });
  }, 60_000);
});
