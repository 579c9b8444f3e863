// Why a figure misses its target and what would fix it: shown in
// docs/benchmarks.md under the table, only for figures that missed in that
// run. Kept beside the suites so the explanation changes with the code. The
// analysis behind each note is in docs/decisions.md ("Server hardening and
// throughput").
import type { BenchFigure } from './harness';

const NOTES: { match: RegExp; why: string }[] = [
  {
    match: /^push [\d,]+ case creates.*\[sqlite/,
    why:
      'The figure is the steady state after an untimed warm-up, with a thin HTTP client (node:http) on its own ' +
      'thread; 12,000/s allows 41.7 ms per push of 500. It depends on the CPU: on a 2-core AMD EPYC of family 26 ' +
      '(raw inserts ~96,000/s) the same code measured 18,000-21,000/s; on an older 2-core AMD EPYC (2026-12-01), per push at the ' +
      'server, with the writer thread: reading and parsing the body 4-5 ms; BEGIN and the prelude reads, a round ' +
      'trip to the writer thread, ~1.2 ms; the request thread checking, merging, auditing and serializing the 500 ' +
      'mutations 26-35 ms (the record JSON ~13 µs a mutation, the zod record parse with defaults ~15, the audit ' +
      'canonical text and SHA-256 ~10, handing rows to the writer thread ~8) while the writer thread inserts them ' +
      'beside it (~14 ms); then waiting 8-10 ms for the rest of the inserts and the COMMIT (~6 ms with 16 KB pages, ' +
      'fsync included), which nothing can overlap since a push is answered only once durable. The raw inserts of ' +
      'the same rows (no checks, no audit hash, no indexes but the key) run at 27,000-45,000/s there. The same ' +
      'machine gives runs 25-40% apart within minutes; in good minutes the push reached 10,500-11,700/s. What is ' +
      'left is request-thread JavaScript spread thin over many steps; the next step would be checking mutations ' +
      'on a second worker, which the 2 cores (shared with the client thread) leave little room for.',
  },
  {
    match: /^push [\d,]+ case creates.*\[postgres/,
    why: 'As on SQLite, plus one network round trip per batch to PostgreSQL and its WAL flush; same fixes apply.',
  },
  {
    match: /^push 100 edits on top.*\[sqlite/,
    why:
      'About 115-160 µs an edit: reading the stored case JSON, merge, the full record check, the audit diff and ' +
      'hash, SQL, plus one COMMIT with its fsync (3.5-5 ms) per push. Median of nine after two untimed rounds; ' +
      'before the warm-up and UUIDv7 mutation ids the same figure spread over 12-42 ms across runs.',
  },
  {
    match: /^push 100 edits on top.*\[postgres/,
    why:
      'Most of it is PostgreSQL writing: the baseline beside it (100 raw single-row UPDATEs in one ' +
      'transaction, same database) took 25.8 and 34.5 ms in two runs on a 2-core AMD EPYC (2026-12-01), where ' +
      'the push took 26.8 and 31.9 ms: the target is below what this PostgreSQL takes for the bare UPDATEs. On ' +
      'a 2-core Intel Xeon 13.9 and 20.4 ms. Measured by phase on the Xeon: BEGIN, lock and reads in one ' +
      'round trip 1.4 ms, JavaScript 4.8 ms, the one combined write 7.7 ms (run apart: records upsert 3.1, ' +
      'audit 2.3, mutations 1.9 ms), COMMIT 1.2 ms; PostgreSQL spends ~18 µs per inserted row with its indexes ' +
      'there. Prepared statements saved 0.3 ms and unnest() arrays were slower. Fix: fewer indexes on the write ' +
      'path (records carries both (seq) and (office_id, seq)) or a faster disk.',
  },
  {
    match: /^pull [\d,]+ records from cursor 0.*\[postgres/,
    why:
      'The page query now walks the (office, seq) index; what remains is PostgreSQL returning 5,000 JSON texts per ' +
      'page over the socket on a 2-core machine also running the client. Fix: larger pages for a first sync, or ' +
      'COPY-style streaming of the records.',
  },
  {
    match: /conflicts.*\[postgres/,
    why:
      'Concurrent pushes are coalesced into one transaction, but each conflict still writes a conflict row, an ' +
      'audit entry and a new case version; under load the 100 requests queue on 2 cores.',
  },
  {
    match: /^first sync of/,
    why:
      'The engine validates every pulled record with zod and derives search keys before writing; the raw baseline ' +
      'writes rows already prepared. Fix: validate in a worker while the previous page is written.',
  },
];

export function missNotes(figures: BenchFigure[]): string[] {
  const out: string[] = [];
  for (const f of figures.filter((x) => x.meetsTarget === false)) {
    const note = NOTES.find((n) => n.match.test(f.name));
    out.push(`- **${f.name}** (${f.target}): ${note?.why ?? 'no analysis recorded yet.'}`);
  }
  return out.length ? ['## Where a figure misses its target', '', ...out, ''] : [];
}
