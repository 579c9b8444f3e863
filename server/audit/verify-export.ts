// The offline verifier of an audit export (export.ts writes one): needs no database and trusts
// nothing in the file but what the auditor's public key vouches for. It proves every entry up to
// the last valid checkpoint is unchanged (the hash chain from genesis reaches the signed hash),
// and that the chain extends every checkpoint the auditor kept from earlier, so a rewritten or
// cut-off chain is found even when the checkpoints stored beside it were removed or replaced.
// Pure: lines in, a report out (the CLI and the tests call it alike).
import { createPublicKey, type KeyObject } from 'node:crypto';
import { GENESIS_HASH, auditHash } from '../../shared/audit/hash';
import { AuditEntry } from '../../shared/sync/protocol';
import { Checkpoint, checkpointSigned } from './checkpoint-format';
import { keyIdOf } from './signing-config';

export interface Problem {
  code:
    | 'format'
    | 'bad_signature'
    | 'checkpoint_missing'
    | 'chain_broken'
    | 'checkpoint_mismatch'
    | 'kept_checkpoint_mismatch'
    | 'truncated'
    | 'no_checkpoint';
  message: string;
  seq?: number;
}

export interface ExportCheck {
  ok: boolean;
  /** Entries read, and the last seq among them. */
  entries: number;
  lastSeq: number;
  /** Checkpoints of the export with a valid signature, and kept ones checked. */
  checkpoints: number;
  keptCheckpoints: number;
  /** Every entry up to this seq is proven unchanged by a valid checkpoint. */
  anchoredSeq: number;
  /** Entries after anchoredSeq: intact as a chain, but not yet vouched for by a signature. */
  unanchored: number;
  firstBrokenSeq?: number;
  problems: Problem[];
}

export interface VerifyExportOptions {
  /** The auditor's copy of the server's public key (SPKI PEM), never the one in the export. */
  publicKey: string | KeyObject;
  /** Checkpoints the auditor kept from earlier (GET /v1/audit/checkpoints, `admin checkpoint`). */
  kept?: readonly Checkpoint[];
}

type Source = 'export' | 'kept';
const MAX_PROBLEMS = 100;

export async function verifyExport(
  lines: Iterable<string> | AsyncIterable<string>,
  opts: VerifyExportOptions,
): Promise<ExportCheck> {
  const publicKey = typeof opts.publicKey === 'string' ? createPublicKey(opts.publicKey) : opts.publicKey;
  const keyId = keyIdOf(publicKey);
  const problems: Problem[] = [];
  const problem = (p: Problem) => {
    if (problems.length < MAX_PROBLEMS) problems.push(p);
  };
  // seq -> the signed hashes that entry must have.
  const expected = new Map<number, { hash: string; source: Source; n: number }[]>();
  const expect = (c: Checkpoint, source: Source) => {
    if (!checkpointSigned(c, publicKey, keyId)) {
      problem({
        code: 'bad_signature',
        message: `${source} checkpoint ${c.n} (seq ${c.seq}) is not signed by key ${keyId}`,
        seq: c.seq,
      });
      return false;
    }
    const list = expected.get(c.seq) ?? [];
    list.push({ hash: c.hash, source, n: c.n });
    expected.set(c.seq, list);
    return true;
  };
  let kept = 0;
  for (const c of opts.kept ?? []) if (expect(c, 'kept')) kept += 1;

  let checkpoints = 0;
  let lastN = 0;
  let entries = 0;
  let prev = { seq: 0, hash: GENESIS_HASH };
  let broken: number | undefined;
  let anchoredSeq = 0;
  let lineNo = 0;
  for await (const raw of lines) {
    lineNo += 1;
    const line = raw.trim();
    if (!line) continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      problem({ code: 'format', message: `line ${lineNo}: not JSON` });
      break;
    }
    if (value && typeof value === 'object' && 'export' in value) continue; // header: informative only
    if (value && typeof value === 'object' && 'checkpoint' in value) {
      const parsed = Checkpoint.safeParse((value as { checkpoint: unknown }).checkpoint);
      if (!parsed.success || entries > 0) {
        problem({ code: 'format', message: `line ${lineNo}: a checkpoint must come before the entries` });
        continue;
      }
      if (parsed.data.n !== lastN + 1)
        problem({
          code: 'checkpoint_missing',
          message: `checkpoint ${lastN + 1}${parsed.data.n > lastN + 2 ? `-${parsed.data.n - 1}` : ''} missing`,
        });
      lastN = parsed.data.n;
      if (expect(parsed.data, 'export')) checkpoints += 1;
      continue;
    }
    const parsed = AuditEntry.safeParse(value);
    if (!parsed.success) {
      problem({ code: 'format', message: `line ${lineNo}: not an audit entry` });
      break;
    }
    const entry = parsed.data;
    entries += 1;
    if (broken !== undefined) continue;
    if (
      entry.seq !== prev.seq + 1 ||
      entry.prevHash !== prev.hash ||
      auditHash(prev.hash, entry) !== entry.hash
    ) {
      broken = entry.seq === prev.seq + 1 ? entry.seq : prev.seq + 1;
      problem({ code: 'chain_broken', message: `the chain breaks at seq ${broken}`, seq: broken });
      continue;
    }
    prev = { seq: entry.seq, hash: entry.hash };
    for (const want of expected.get(entry.seq) ?? []) {
      if (want.hash === entry.hash) {
        anchoredSeq = Math.max(anchoredSeq, entry.seq);
        continue;
      }
      problem({
        code: want.source === 'kept' ? 'kept_checkpoint_mismatch' : 'checkpoint_mismatch',
        message: `entry ${entry.seq} differs from what ${want.source} checkpoint ${want.n} signed: the chain was rewritten`,
        seq: entry.seq,
      });
      broken ??= entry.seq;
    }
  }
  // A checkpoint past the end: entries it vouched for are gone (truncated, counter lowered or not).
  for (const [seq, wants] of expected) {
    if (seq <= prev.seq || broken !== undefined) continue;
    for (const want of wants)
      problem({
        code: 'truncated',
        message: `${want.source} checkpoint ${want.n} signs seq ${seq}, but the chain ends at seq ${prev.seq}`,
        seq,
      });
    broken = prev.seq + 1;
  }
  if (anchoredSeq === 0 && broken === undefined)
    problem({ code: 'no_checkpoint', message: 'no valid checkpoint: nothing in this export is anchored' });
  return {
    ok: problems.length === 0,
    entries,
    lastSeq: prev.seq,
    checkpoints,
    keptCheckpoints: kept,
    anchoredSeq,
    unanchored: prev.seq - anchoredSeq,
    ...(broken !== undefined ? { firstBrokenSeq: broken } : {}),
    problems,
  };
}

/** Checkpoints from a file an auditor kept: one JSON object, an array, or one per line (bare or {checkpoint}). */
export function parseCheckpointFile(text: string): Checkpoint[] {
  const unwrap = (v: unknown): unknown =>
    v && typeof v === 'object' && 'checkpoint' in v ? (v as { checkpoint: unknown }).checkpoint : v;
  const trimmed = text.trim();
  let values: unknown[];
  try {
    const whole: unknown = JSON.parse(trimmed);
    const list =
      whole && typeof whole === 'object' && 'checkpoints' in whole
        ? (whole as { checkpoints: unknown }).checkpoints
        : whole;
    values = Array.isArray(list) ? list : [list];
  } catch {
    values = trimmed
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as unknown);
  }
  return values.map((v) => Checkpoint.parse(unwrap(v)));
}
