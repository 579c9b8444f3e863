// The offline verifier's core on synthetic exports (no server, no database): what each finding
// looks like, so an auditor's tooling can rely on the codes.
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { GENESIS_HASH, auditHash } from '../../shared/audit/hash';
import type { AuditEntry } from '../../shared/sync/protocol';
import { signCheckpoint, type Checkpoint } from '../../server/audit/checkpoint-format';
import { keyIdOf } from '../../server/audit/signing-config';
import { parseCheckpointFile, verifyExport } from '../../server/audit/verify-export';

const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const keyId = keyIdOf(publicKey);
const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();

function chain(n: number): AuditEntry[] {
  const out: AuditEntry[] = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const body = {
      seq,
      at: '2026-12-08T00:00:00.000Z',
      clientTime: null,
      actorId: 'u1',
      deviceId: 'd1',
      action: 'admin.office.create',
      table: null,
      recordId: null,
      mutationId: null,
      baseRev: null,
      rev: null,
      changes: [],
      outcome: 'ok',
      conflictId: null,
      officeId: null,
      caseId: null,
      detail: `entry ${seq}`,
      prevHash: prev,
    };
    const entry = { ...body, hash: auditHash(prev, body) };
    out.push(entry);
    prev = entry.hash;
  }
  return out;
}

const sign = (n: number, e: AuditEntry): Checkpoint =>
  signCheckpoint({ n, seq: e.seq, hash: e.hash, at: '2026-12-08T00:00:01.000Z', keyId }, privateKey);

const lines = (checkpoints: Checkpoint[], entries: AuditEntry[]) => [
  JSON.stringify({ export: { format: 'posko-audit-export', version: 1 } }),
  ...checkpoints.map((c) => JSON.stringify({ checkpoint: c })),
  ...entries.map((e) => JSON.stringify(e)),
];

const codes = async (input: string[], kept: Checkpoint[] = []) =>
  (await verifyExport(input, { publicKey: pem, kept })).problems.map((p) => p.code);

describe('offline audit verifier', () => {
  const entries = chain(10);
  const c1 = sign(1, entries[3]!);
  const c2 = sign(2, entries[7]!);

  it('proves the entries up to the last checkpoint and counts the rest as unanchored', async () => {
    const check = await verifyExport(lines([c1, c2], entries), { publicKey: pem, kept: [c1] });
    expect(check).toEqual({
      ok: true,
      entries: 10,
      lastSeq: 10,
      checkpoints: 2,
      keptCheckpoints: 1,
      anchoredSeq: 8,
      unanchored: 2,
      problems: [],
    });
  });

  it('names each finding', async () => {
    expect(await codes(lines([c2], entries))).toEqual(['checkpoint_missing']);
    expect(await codes(lines([], entries))).toEqual(['no_checkpoint']);
    const forged = { ...c2, seq: 9, hash: entries[8]!.hash };
    expect(await codes(lines([c1, forged], entries))).toEqual(['bad_signature']);
    const swapped = [...entries];
    [swapped[4], swapped[5]] = [swapped[5]!, swapped[4]!];
    expect(await codes(lines([c1, c2], swapped))).toEqual(['chain_broken']);
    expect(await codes(lines([c1, c2], entries.slice(0, 6)))).toEqual(['truncated']);
    expect(await codes([...lines([c1], entries.slice(0, 5)), JSON.stringify({ checkpoint: c2 })])).toEqual([
      'format',
    ]);
    expect(await codes([...lines([c1], entries), '{not json'])).toEqual(['format']);
    expect(await codes([...lines([c1], entries), JSON.stringify({ seq: 'x' })])).toEqual(['format']);
    // Entry 2 edited and every later hash recomputed: only a signed hash can tell.
    let prev = entries[0]!.hash;
    const rehashed = entries.map((e, i) => {
      if (i === 0) return e;
      const body = { ...e, detail: i === 1 ? 'edited' : e.detail, prevHash: prev };
      const next = { ...body, hash: auditHash(prev, body) };
      prev = next.hash;
      return next;
    });
    expect(await codes(lines([], rehashed))).toEqual(['no_checkpoint']);
    expect(await codes(lines([], rehashed), [c1])).toEqual(['kept_checkpoint_mismatch']);
  });

  it('reads kept checkpoints in every form an auditor may have saved', () => {
    const one = JSON.stringify(c1);
    expect(parseCheckpointFile(one)).toEqual([c1]);
    expect(parseCheckpointFile(JSON.stringify([c1, c2]))).toEqual([c1, c2]);
    expect(parseCheckpointFile(JSON.stringify({ checkpoints: [c1], cursor: 1 }))).toEqual([c1]);
    expect(parseCheckpointFile(`${JSON.stringify({ checkpoint: c1 })}\n${JSON.stringify(c2)}\n`)).toEqual([
      c1,
      c2,
    ]);
    expect(() => parseCheckpointFile('{"n": 1}')).toThrow();
  });
});
