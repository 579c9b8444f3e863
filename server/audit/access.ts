// Who reads which part of the audit, and what of it (docs/sync-protocol.md, "Audit trail").
// Case entries (push.*) hold every value typed into a case: passport numbers, health, violence.
// - auditors read everything; a read that returns case values is itself audited, once per request;
// - admins read what they administer (accounts, offices, logins, refusals) in full, and of case
//   entries only who, when and which paths: values and free-text details are stripped;
// - supervisors and operators read the case-record entries of their own office only (never the
//   account entries of colleagues: password changes, display names, logins).
import type { AuditEntry } from '../../shared/sync/protocol';
import type { AuthUser } from '../context';
import type { Storage } from '../storage/storage';
import type { AuditFilter } from './query';

/** Extra WHERE conditions of a role, on top of the caller's filters. */
export function scopeFor(user: AuthUser): Pick<AuditFilter, 'officeId' | 'caseRecordsOnly'> {
  if (user.role === 'supervisor' || user.role === 'operator')
    return { officeId: user.officeId ?? undefined, caseRecordsOnly: true };
  return {};
}

/** An entry about a synced record (a push): the only entries that carry case values. */
export const isCaseEntry = (e: AuditEntry): boolean => e.table !== null;

/**
 * What an admin sees of a case entry: who, when, which record and which paths, nothing typed into
 * it. `detail` of a rejected push keeps its error code only (its message may quote the record).
 * The redacted entry no longer matches its hash; `redacted` says so, so no reader mistakes it for
 * a broken chain or takes `to: null` for a value.
 */
export function redactForAdmin(e: AuditEntry): AuditEntry & { redacted?: true } {
  if (!isCaseEntry(e)) return e;
  return {
    ...e,
    changes: e.changes.map((c) => ({ path: c.path, from: null, to: null })),
    detail: e.detail ? (e.detail.split(':', 1)[0] ?? null) : null,
    redacted: true,
  };
}

/** True when a page hands out case values (a change's from/to), which the caller then audits. */
export const carriesCaseValues = (entries: readonly AuditEntry[]): boolean =>
  entries.some((e) => isCaseEntry(e) && e.changes.length > 0);

/**
 * One `audit.read` entry per request that returned case values: who read, which record or case
 * history (recordId/caseId columns, so an auditor can ask "who read this case"), and which seqs.
 * No table: the entry is not a case-record entry, so it never shows in a case's own timeline
 * (that would make each view of the timeline a new item of it).
 */
export async function auditRead(
  storage: Storage,
  user: AuthUser,
  filter: Partial<Pick<AuditFilter, 'recordId' | 'caseId' | 'actorId' | 'action' | 'from' | 'to'>>,
  entries: readonly AuditEntry[],
): Promise<void> {
  const first = entries[0]?.seq ?? 0;
  const last = entries[entries.length - 1]?.seq ?? 0;
  const filters = (['actorId', 'action', 'from', 'to'] as const)
    .filter((k) => filter[k])
    .map((k) => `${k}=${filter[k]}`);
  await storage.write((tx) =>
    tx.audit({
      action: 'audit.read',
      outcome: 'ok',
      actorId: user.id,
      deviceId: user.deviceId,
      officeId: user.officeId,
      recordId: filter.recordId ?? null,
      caseId: filter.caseId ?? null,
      detail: `${entries.length} entries, seq ${first}-${last}${filters.length ? `; ${filters.join(' ')}` : ''}`,
    }),
  );
}
