// An audit export, as JSON lines: a header, then every checkpoint, then every entry (AuditEntry,
// exactly as GET /v1/audit returns it to auditors), all up to the head at the start of the export,
// so entries appended meanwhile neither break nor join it. verify-export.ts checks one offline.
import type { AuditRow, Sql } from '../storage/types';
import { listCheckpoints } from './anchor';
import { rowToEntry } from './entry';
import type { SigningKey } from './signing-config';

const PAGE = 2000;

export interface ExportHeader {
  format: 'posko-audit-export';
  version: 1;
  exportedAt: string;
  /** The last entry of the export. */
  headSeq: number;
  /** Informative only: the verifier is given the public key by the auditor, never takes this one. */
  keyId: string | null;
  publicKey: string | null;
}

/** Yields the lines of an export (each without its newline). */
export async function* exportLines(sql: Sql, key: SigningKey | null): AsyncGenerator<string> {
  const head = await sql.get<{ seq: number | string | null }>('SELECT MAX(seq) AS seq FROM audit');
  const headSeq = Number(head?.seq ?? 0);
  const header: ExportHeader = {
    format: 'posko-audit-export',
    version: 1,
    exportedAt: new Date().toISOString(),
    headSeq,
    keyId: key?.keyId ?? null,
    publicKey: key?.publicKeyPem ?? null,
  };
  yield JSON.stringify({ export: header });
  for (let after = 0; ;) {
    const page = await listCheckpoints(sql, after, PAGE);
    for (const c of page) if (c.seq <= headSeq) yield JSON.stringify({ checkpoint: c });
    if (page.length < PAGE) break;
    after = page[page.length - 1]!.n;
  }
  for (let after = 0; after < headSeq;) {
    const rows = await sql.all<AuditRow>(
      'SELECT * FROM audit WHERE seq > ? AND seq <= ? ORDER BY seq LIMIT ?',
      [after, headSeq, PAGE],
    );
    if (!rows.length) break;
    for (const row of rows) yield JSON.stringify(rowToEntry(row));
    after = Number(rows[rows.length - 1]!.seq);
  }
}
