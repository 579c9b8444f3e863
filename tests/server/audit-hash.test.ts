// The server hashes audit entries with its own fast path; clients verify with
// shared/audit/hash.ts. Both must agree on every entry, or verification breaks.
import { describe, expect, it } from 'vitest';
import { GENESIS_HASH, auditHash, verifyChain } from '../../shared/audit/hash';
import { buildAuditRow, type AuditInput } from '../../server/audit/entry';
import type { AuditEntry } from '../../shared/sync/protocol';

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

/** Builds rows in a chain; each hash must equal what a client computes from the stored values. */
function chain(list: AuditInput[], genesis: string) {
  let head = { seq: 41, hash: genesis };
  const entries = [];
  for (const input of list) {
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
      changes: JSON.parse(row[11] as string) as AuditEntry['changes'],
      outcome: row[12],
      conflictId: row[13],
      officeId: row[14],
      caseId: row[15],
      detail: row[16],
      prevHash: row[17],
    } as Omit<AuditEntry, 'hash'>;
    // What a client reads back (stored JSON, parsed) hashes to what the server computed.
    expect(auditHash(head.hash, body)).toBe(hash);
    entries.push({ ...body, hash });
    head = { seq: body.seq, hash };
  }
  return entries;
}

describe('server audit hash', () => {
  it('equals the shared auditHash for varied entries, chained', () => {
    const genesis = GENESIS_HASH.replace(/0/g, 'a');
    const entries = chain(inputs, genesis);
    expect(verifyChain(entries, genesis).ok).toBe(true);
  });

  it('equals the shared auditHash for random text in every field', () => {
    let seed = 7;
    const rnd = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    const alphabet = [
      'a',
      'Z',
      '0',
      ' ',
      '"',
      '\\',
      '\n',
      '\u2028',
      '\u0000',
      '\u001f',
      '\u007f',
      '\ud800',
      '\udc00',
      'é',
      '☺',
      '𝄞',
      '{',
      ']',
      ':',
      ',',
    ];
    const text = () =>
      Array.from(
        { length: Math.floor(rnd() * 12) },
        () => alphabet[Math.floor(rnd() * alphabet.length)],
      ).join('');
    const maybe = <T>(v: T) => (rnd() < 0.3 ? null : v);
    const leaf = () =>
      [null, true, 0, -1.5, 1e21, text(), [text(), 2], { b: text(), a: [null] }][Math.floor(rnd() * 8)];
    const random: AuditInput[] = Array.from({ length: 200 }, () => ({
      action: text(),
      outcome: text(),
      actorId: maybe(text()),
      deviceId: maybe(text()),
      clientTime: maybe(text()),
      table: maybe(text()),
      recordId: maybe(text()),
      mutationId: maybe(text()),
      baseRev: maybe(Math.floor(rnd() * 1000)),
      rev: maybe(Math.floor(rnd() * 1000)),
      changes: Array.from({ length: Math.floor(rnd() * 4) }, () => ({
        path: text(),
        from: leaf(),
        to: leaf(),
      })),
      conflictId: maybe(text()),
      officeId: maybe(text()),
      caseId: maybe(text()),
      detail: maybe(text()),
    }));
    expect(verifyChain(chain(random, GENESIS_HASH), GENESIS_HASH).ok).toBe(true);
  });

  it('refuses non-finite numbers like the shared canonical form', () => {
    const input: AuditInput = { action: 'x', outcome: 'y', changes: [{ path: 'n', from: NaN, to: 1 }] };
    expect(() => buildAuditRow({ seq: 0, hash: GENESIS_HASH }, input, 'now')).toThrow(/non-finite/);
  });
});
