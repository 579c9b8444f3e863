// `verify` (GET /v1/audit/verify, `npm run admin -- verify-audit`): the hash chain from genesis,
// the stored checkpoints against it (a rewritten or cut chain no longer reaches what was signed),
// and the replay of every record against its history (replay.ts).
import { GENESIS_HASH, verifyChain } from '../../shared/audit/hash';
import type { AuditEntry } from '../../shared/sync/protocol';
import type { AuditRow, Sql } from '../storage/types';
import { listCheckpoints } from './anchor';
import { checkpointSigned, type Checkpoint } from './checkpoint-format';
import { rowToEntry } from './entry';
import { replayRecords, type ReplayCheck } from './replay';
import type { SigningKey } from './signing-config';

export interface AuditVerification {
  ok: boolean;
  entries: number;
  firstBrokenSeq?: number;
  checkpoints: {
    count: number;
    /** The last seq a valid checkpoint of this server's key vouches for. */
    anchoredSeq: number;
    /** Signed by another key (a node with another key file): not checked here. */
    otherKey: number;
  };
  records: ReplayCheck;
  problems: string[];
}

const PAGE = 2000;

async function allCheckpoints(sql: Sql): Promise<Checkpoint[]> {
  const out: Checkpoint[] = [];
  for (let after = 0; ;) {
    const page = await listCheckpoints(sql, after, PAGE);
    out.push(...page);
    if (page.length < PAGE) return out;
    after = page[page.length - 1]!.n;
  }
}

export async function verifyAudit(sql: Sql, key: SigningKey | null): Promise<AuditVerification> {
  const problems: string[] = [];
  let broken: number | undefined;
  const breakAt = (seq: number, why: string) => {
    problems.push(why);
    broken = Math.min(broken ?? seq, seq);
  };
  // Read before walking: entries appended while we walk only raise the counter later.
  const counter = await sql.get<{ value: number }>("SELECT value FROM counters WHERE name = 'audit'");
  const checkpoints = await allCheckpoints(sql);
  const signed = new Map<number, Checkpoint>();
  let otherKey = 0;
  checkpoints.forEach((c, i) => {
    if (c.n !== i + 1) problems.push(`checkpoint ${i + 1} is missing`);
    if (key && c.keyId !== key.keyId) otherKey += 1;
    else if (key && !checkpointSigned(c, key.publicKey, key.keyId))
      problems.push(`checkpoint ${c.n} (seq ${c.seq}) has a bad signature`);
    else signed.set(c.seq, c);
  });
  let prev = GENESIS_HASH;
  let after = 0;
  let total = 0;
  let anchoredSeq = 0;
  for (;;) {
    const rows = await sql.all<AuditRow>('SELECT * FROM audit WHERE seq > ? ORDER BY seq LIMIT ?', [
      after,
      PAGE,
    ]);
    if (!rows.length) break;
    const entries = rows.map(rowToEntry);
    const check = verifyChain(entries, prev);
    if (!check.ok) {
      total += check.entries;
      breakAt(check.firstBrokenSeq!, `the chain breaks at seq ${check.firstBrokenSeq}`);
      break;
    }
    for (const e of entries) {
      const c = signed.get(e.seq);
      if (!c) continue;
      if (c.hash === e.hash) anchoredSeq = e.seq;
      else
        breakAt(e.seq, `entry ${e.seq} differs from what checkpoint ${c.n} signed: the chain was rewritten`);
    }
    total += entries.length;
    const last = entries[entries.length - 1] as AuditEntry;
    prev = last.hash;
    after = last.seq;
  }
  if (broken === undefined) {
    if (Number(counter?.value ?? 0) > after)
      breakAt(after + 1, `the audit counter is past the last entry (${after})`);
    const beyond = [...signed.values()].find((c) => c.seq > after);
    if (beyond)
      breakAt(
        after + 1,
        `checkpoint ${beyond.n} signs seq ${beyond.seq}, but the chain ends at seq ${after}`,
      );
  }
  const records = await replayRecords(sql);
  if (records.mismatched) problems.push(`${records.mismatched} records differ from their audit history`);
  return {
    ok: problems.length === 0,
    entries: total,
    ...(broken !== undefined ? { firstBrokenSeq: broken } : {}),
    checkpoints: { count: checkpoints.length, anchoredSeq, otherKey },
    records,
    problems,
  };
}
