// The server's audit hash: byte for byte the value of auditHash() in
// shared/audit/hash.ts (clients and auditors verify with that one), computed
// faster. The entry has a fixed set of keys, so their canonical order is
// sorted once here rather than per entry, and sha256 comes from node:crypto
// (native) rather than @noble/hashes (pure JS, needed in the browser). A push
// of 10,000 mutations hashes 10,000 entries inside the write lock: this was a
// fifth of the push time. tests/server/audit-hash.test.ts proves equality.
import { createHash } from 'node:crypto';
import { canonicalJson } from '../../shared/audit/hash';
import type { AuditEntry } from '../../shared/sync/protocol';

export type AuditBody = Omit<AuditEntry, 'hash'>;

const BODY_KEYS: readonly (keyof AuditBody)[] = (
  [
    'seq',
    'at',
    'clientTime',
    'actorId',
    'deviceId',
    'action',
    'table',
    'recordId',
    'mutationId',
    'baseRev',
    'rev',
    'changes',
    'outcome',
    'conflictId',
    'officeId',
    'caseId',
    'detail',
    'prevHash',
  ] as const
)
  .slice()
  .sort();

/** canonicalJson of a value: strings, numbers and null (nearly all of them) skip the generic walk. */
const value = (v: unknown): string =>
  typeof v === 'string' || v === null || (typeof v === 'number' && Number.isFinite(v))
    ? JSON.stringify(v)
    : canonicalJson(v);

function canonicalChanges(changes: AuditBody['changes']): string {
  // Keys of a change, sorted: from, path, to.
  return `[${changes
    .map((c) => `{"from":${value(c.from)},"path":${JSON.stringify(c.path)},"to":${value(c.to)}}`)
    .join(',')}]`;
}

/** canonicalJson(body) for an audit entry body (every key present, no undefined). */
export function canonicalAuditBody(body: AuditBody): string {
  const parts: string[] = [];
  for (const k of BODY_KEYS) {
    const v = body[k];
    parts.push(`"${k}":${k === 'changes' ? canonicalChanges(body.changes) : value(v)}`);
  }
  return `{${parts.join(',')}}`;
}

/** Same result as auditHash(prevHash, body) from shared/audit/hash.ts. */
export function fastAuditHash(prevHash: string, body: AuditBody): string {
  return createHash('sha256')
    .update(prevHash + canonicalAuditBody({ ...body, prevHash }))
    .digest('hex');
}
