// Anchors the audit chain: signed checkpoints of its head, at a fixed interval and on demand.
// A checkpoint is only signed over a chain the server has just re-checked from the previous
// checkpoint on, so a chain rewritten in the database is never blessed by a fresh signature.
// Several nodes on one PostgreSQL: the insert runs under the writer lock and only when the
// verified head is past the last checkpoint, so whichever node comes second finds it done.
import { GENESIS_HASH, verifyChain } from '../../shared/audit/hash';
import type { Storage } from '../storage/storage';
import type { AuditRow, Sql } from '../storage/types';
import { signCheckpoint, type Checkpoint } from './checkpoint-format';
import { rowToEntry } from './entry';
import type { SigningKey } from './signing-config';

export interface CheckpointRow {
  n: number | string;
  seq: number | string;
  hash: string;
  at: string;
  key_id: string;
  signature: string;
}

export const rowToCheckpoint = (r: CheckpointRow): Checkpoint => ({
  n: Number(r.n),
  seq: Number(r.seq),
  hash: r.hash,
  at: r.at,
  keyId: r.key_id,
  signature: r.signature,
});

export async function latestCheckpoint(sql: Sql): Promise<Checkpoint | undefined> {
  const row = await sql.get<CheckpointRow>('SELECT * FROM audit_checkpoints ORDER BY n DESC LIMIT 1');
  return row ? rowToCheckpoint(row) : undefined;
}

export async function listCheckpoints(sql: Sql, after = 0, limit = 1000): Promise<Checkpoint[]> {
  const rows = await sql.all<CheckpointRow>(
    'SELECT * FROM audit_checkpoints WHERE n > ? ORDER BY n LIMIT ?',
    [after, limit],
  );
  return rows.map(rowToCheckpoint);
}

export interface CheckpointResult {
  /** False when the head had not moved since the last checkpoint (or another node made it). */
  created: boolean;
  checkpoint: Checkpoint | null;
  /** Set when the chain since the last checkpoint does not verify: nothing was signed. */
  refused?: string;
}

const PAGE = 2000;

/** The last entry of a chain that extends `from` intact, or why it does not. */
async function verifiedHead(
  sql: Sql,
  from: Checkpoint | undefined,
): Promise<{ seq: number; hash: string } | { refused: string }> {
  let head = { seq: 0, hash: GENESIS_HASH };
  if (from) {
    const at = await sql.get<{ hash: string }>('SELECT hash FROM audit WHERE seq = ?', [from.seq]);
    if (at?.hash !== from.hash)
      return { refused: `the entry of checkpoint ${from.n} (seq ${from.seq}) is changed or gone` };
    head = { seq: from.seq, hash: from.hash };
  }
  for (;;) {
    const rows = await sql.all<AuditRow>('SELECT * FROM audit WHERE seq > ? ORDER BY seq LIMIT ?', [
      head.seq,
      PAGE,
    ]);
    if (!rows.length) break;
    const entries = rows.map(rowToEntry);
    const check = verifyChain(entries, head.hash);
    if (!check.ok) return { refused: `the audit chain is broken at seq ${check.firstBrokenSeq}` };
    const last = entries[entries.length - 1]!;
    head = { seq: last.seq, hash: last.hash };
    if (rows.length < PAGE) break;
  }
  return head;
}

export class AuditAnchor {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;

  constructor(
    readonly storage: Storage,
    readonly key: SigningKey,
  ) {}

  /** Signs the current head if it moved since the last checkpoint. Idempotent. */
  async checkpoint(): Promise<CheckpointResult> {
    const sql = this.storage.sql;
    const before = await latestCheckpoint(sql);
    // The walk runs outside the writer lock (it may read many entries); only the insert takes it.
    const head = await verifiedHead(sql, before);
    if ('refused' in head) return { created: false, checkpoint: before ?? null, refused: head.refused };
    if (head.seq === 0 || head.seq <= (before?.seq ?? 0))
      return { created: false, checkpoint: before ?? null };
    return this.storage.write(async (tx) => {
      const latest = await latestCheckpoint(tx);
      if (latest && latest.seq >= head.seq) return { created: false, checkpoint: latest };
      if (latest && latest.n !== before?.n) {
        // Another node checkpointed in between: ours must extend its checkpoint too.
        const at = await tx.get<{ hash: string }>('SELECT hash FROM audit WHERE seq = ?', [latest.seq]);
        if (at?.hash !== latest.hash)
          return { created: false, checkpoint: latest, refused: `checkpoint ${latest.n} does not match` };
      }
      const checkpoint = signCheckpoint(
        { n: (latest?.n ?? 0) + 1, seq: head.seq, hash: head.hash, at: tx.now, keyId: this.key.keyId },
        this.key.privateKey,
      );
      await tx.run(
        'INSERT INTO audit_checkpoints (n, seq, hash, at, key_id, signature) VALUES (?, ?, ?, ?, ?, ?)',
        [
          checkpoint.n,
          checkpoint.seq,
          checkpoint.hash,
          checkpoint.at,
          checkpoint.keyId,
          checkpoint.signature,
        ],
      );
      return { created: true, checkpoint };
    });
  }

  /** Checkpoints every `seconds` (0: never) until stop(); a failure is reported, the timer goes on. */
  start(seconds: number, onError: (err: unknown) => void): void {
    if (!seconds || this.timer) return;
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.checkpoint()
        .then((r) => r.refused && onError(new Error(`audit checkpoint refused: ${r.refused}`)))
        .catch(onError)
        .finally(() => (this.running = undefined));
    }, seconds * 1000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
