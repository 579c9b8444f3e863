// Reading the audit trail (verification: verify.ts).
import type { AuditEntry } from '../../shared/sync/protocol';
import type { AuditRow, Sql } from '../storage/types';
import { rowToEntry } from './entry';

export interface AuditFilter {
  recordId?: string;
  caseId?: string;
  actorId?: string;
  officeId?: string;
  action?: string;
  /** Only entries about synced records (push.*): what supervisors and operators may read. */
  caseRecordsOnly?: boolean;
  from?: string;
  to?: string;
  cursor: number;
  limit: number;
}

export async function queryAudit(
  sql: Sql,
  f: AuditFilter,
): Promise<{ entries: AuditEntry[]; cursor: number; hasMore: boolean }> {
  const where = ['seq > ?'];
  const params: unknown[] = [f.cursor];
  const add = (clause: string, value: unknown) => {
    where.push(clause);
    params.push(value);
  };
  if (f.recordId) add('record_id = ?', f.recordId);
  if (f.caseId) add('case_id = ?', f.caseId);
  if (f.actorId) add('actor_id = ?', f.actorId);
  if (f.officeId) add('office_id = ?', f.officeId);
  if (f.action) add('action = ?', f.action);
  if (f.caseRecordsOnly) where.push('table_name IS NOT NULL');
  // Stored times are UTC ISO strings of one fixed width, so text order is time order.
  if (f.from) add('at >= ?', new Date(f.from).toISOString());
  if (f.to) add('at <= ?', new Date(f.to).toISOString());
  params.push(f.limit + 1);
  const rows = await sql.all<AuditRow>(
    `SELECT * FROM audit WHERE ${where.join(' AND ')} ORDER BY seq LIMIT ?`,
    params,
  );
  const page = rows.slice(0, f.limit).map(rowToEntry);
  return { entries: page, cursor: page[page.length - 1]?.seq ?? f.cursor, hasMore: rows.length > f.limit };
}
