// The server hashes audit entries with its own fast path; clients verify with
// shared/audit/hash.ts. Both must agree on every entry, or verification breaks.
import { describe, expect, it } from 'vitest';
import { GENESIS_HASH, auditHash, verifyChain } from '../../shared/audit/hash';
import { buildAuditRow, type AuditInput } from '../../server/audit/entry';
import { canonicalAuditBody, fastAuditHash, type AuditBody } from '../../server/audit/hash-fast';
import { canonicalJson } from '../../shared/audit/hash';

const inputs: AuditInput[] = [
  { action: 'login.success', outcome: 'ok' },
  {
    action: 'push.update',
    outcome: 'conflict',
    actorId: 'u1',
    deviceId: 'laptop-7',
    clientTime: '2026-11-30T08:00:00+07:00',
    table: 'cases',
    recordId: 'r1',
    mutationId: 'm1',
    baseRev: 3,
    rev: 4,
    changes: [
      { path: 'worker.passportNumber', from: null, to: 'C1234567' },
      { path: 'summary', from: 'Ingin pulang ke rumah', to: 'Siti ☺ \u2028 "quoted" \\ 𝄞' },
      { path: 'reporters.r1.phones', from: [{ e164: '+62812', b: 1, a: [2, { z: 0, y: null }] }], to: [] },
      { path: 'flags', from: true, to: false },
      { path: 'count', from: 0, to: -1.5e-7 },
      { path: 'nested', from: { b: 1, a: { d: undefined, c: 'x' } }, to: undefined },
    ],
    conflictId: 'c1',
    officeId: 'o1',
    caseId: 'r1',
    detail: 'conflicts: c1,c2',
  },
];

describe('server audit hash', () => {
  it('equals shared canonicalJson and auditHash for varied entries', () => {
    let head = { seq: 41, hash: GENESIS_HASH.replace(/0/g, 'a') };
    const entries = [];
    for (const input of inputs) {
      const row = buildAuditRow(head, input, '2026-12-01T00:00:00.000Z');
      const hash = row[18] as string;
      const body = {
        seq: row[0],
        at: row[1],
        clientTime: row[2],
        actorId: row[3],
        deviceId: row[4],
        action: row[5],
        table: row[6],
        recordId: row[7],
        mutationId: row[8],
        baseRev: row[9],
        rev: row[10],
        changes: JSON.parse(row[11] as string) as AuditBody['changes'],
        outcome: row[12],
        conflictId: row[13],
        officeId: row[14],
        caseId: row[15],
        detail: row[16],
        prevHash: row[17],
      } as AuditBody;
      // What a client reads back (stored JSON, parsed) hashes to what the server computed.
      expect(auditHash(head.hash, body)).toBe(hash);
      expect(fastAuditHash(head.hash, body)).toBe(hash);
      expect(canonicalAuditBody(body)).toBe(canonicalJson(body));
      entries.push({ ...body, hash });
      head = { seq: body.seq, hash };
    }
    expect(verifyChain(entries, GENESIS_HASH.replace(/0/g, 'a')).ok).toBe(true);
  });

  it('refuses non-finite numbers like the shared canonical form', () => {
    const input: AuditInput = { action: 'x', outcome: 'y', changes: [{ path: 'n', from: NaN, to: 1 }] };
    expect(() => buildAuditRow({ seq: 0, hash: GENESIS_HASH }, input, 'now')).toThrow(/non-finite/);
  });
});
