// The server's audit hash: byte for byte the value of auditHash() in
// shared/audit/hash.ts (clients and auditors verify with that one), computed
// faster. The entry has a fixed set of keys, so their canonical (sorted) order
// is written out once in a template rather than sorted per entry, and sha256
// comes from node:crypto (native) rather than @noble/hashes (pure JS, needed in
// the browser). A push of 10,000 mutations hashes 10,000 entries inside the
// write lock. tests/server/audit-hash.test.ts proves equality.
import { hash } from 'node:crypto';
import { canonicalJson } from '../../shared/audit/hash';
import type { AuditEntry } from '../../shared/sync/protocol';

type Changes = AuditEntry['changes'];

/** What JSON.stringify escapes in a string (a surrogate may be lone): else the string is its own JSON. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what JSON escapes
const ESCAPED = /[\u0000-\u001f"\\\ud800-\udfff]/;

/**
 * JSON.stringify of a string. Nearly every string of an entry (ids, times, field paths, names) has
 * nothing to escape, and quoting it directly is half the cost; ~60 strings per push mutation.
 */
const jsonString = (s: string): string => (ESCAPED.test(s) ? JSON.stringify(s) : `"${s}"`);

/** canonicalJson of a value: strings, numbers and null (nearly all of them) skip the generic walk. */
const value = (v: unknown): string =>
  typeof v === 'string'
    ? jsonString(v)
    : v === null
      ? 'null'
      : typeof v === 'number' && Number.isFinite(v)
        ? JSON.stringify(v)
        : canonicalJson(v);

/**
 * canonicalJson(changes). Also what the audit row stores as its `changes` column: the same JSON
 * value, in canonical key order, so each entry's changes are serialized once, not twice.
 */
export function canonicalChanges(changes: Changes): string {
  // Keys of a change, sorted: from, path, to.
  let out = '[';
  for (let i = 0; i < changes.length; i++) {
    const c = changes[i]!;
    out += `${i ? ',' : ''}{"from":${value(c.from)},"path":${jsonString(c.path)},"to":${value(c.to)}}`;
  }
  return `${out}]`;
}

/**
 * The columns of an audit row (server/audit/entry.ts AUDIT_COLUMNS order), `changes` as its
 * canonical text. The hash is computed from these values directly: no entry object per push
 * mutation, one template instead of a loop over the keys.
 */
export type AuditRowValues = [
  seq: number,
  at: string,
  clientTime: string | null,
  actorId: string | null,
  deviceId: string | null,
  action: string,
  table: string | null,
  recordId: string | null,
  mutationId: string | null,
  baseRev: number | null,
  rev: number | null,
  changes: string,
  outcome: string,
  conflictId: string | null,
  officeId: string | null,
  caseId: string | null,
  detail: string | null,
  prevHash: string,
];

/** auditHash(prevHash, entry) of the entry these row values store (keys in canonical order). */
export function auditRowHash(r: AuditRowValues): string {
  const text =
    `${r[17]}{"action":${value(r[5])},"actorId":${value(r[3])},"at":${value(r[1])},"baseRev":${value(r[9])}` +
    `,"caseId":${value(r[15])},"changes":${r[11]},"clientTime":${value(r[2])},"conflictId":${value(r[13])}` +
    `,"detail":${value(r[16])},"deviceId":${value(r[4])},"mutationId":${value(r[8])},"officeId":${value(r[14])}` +
    `,"outcome":${value(r[12])},"prevHash":${value(r[17])},"recordId":${value(r[7])},"rev":${value(r[10])}` +
    `,"seq":${value(r[0])},"table":${value(r[6])}}`;
  return hash('sha256', text, 'hex');
}
