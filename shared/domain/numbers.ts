// Bounds of every integer on the wire (issue 14 item 7). A number a database
// cannot store must be a refusal of the one mutation or request that sent it,
// never a 500 that loses the whole push. Where each kind of number lands:
//   - revisions (`rev`, `baseRev`): INTEGER columns on both databases
//     (records.rev, audit.base_rev, audit.rev): 32-bit on PostgreSQL;
//   - sequence numbers and cursors: BIGINT columns; bounded by what a JSON
//     number carries exactly (2^53 - 1), which zod's int() already enforces;
//   - counts, orders and sizes inside a record: stored in the record's JSON
//     text, so either database holds any safe integer; bounded to 32 bits
//     anyway, so that no later column or index on them needs a migration.
// Decision (docs/sync-protocol.md, "Numbers"): bound the wire to the columns
// rather than widen the columns. A rev grows by one per server write of one
// record; 2^31 - 1 of them is out of reach, and a larger baseRev names a
// version no server ever made.
import { z } from 'zod';

/** Largest value of a 32-bit signed integer column (PostgreSQL INTEGER). */
export const INT32_MAX = 2_147_483_647;
/** Largest integer a JSON number (an IEEE double) carries exactly. */
export const SAFE_INT_MAX = Number.MAX_SAFE_INTEGER;

/** A record revision: 0 (not yet created) to INT32_MAX. */
export const RevNumber = z.number().int().min(0).max(INT32_MAX);
/** A sequence number or cursor position (BIGINT). */
export const SeqNumber = z.number().int().min(0).max(SAFE_INT_MAX);
/** A count, order or size kept inside a record's JSON. */
export const CountNumber = z.number().int().min(0).max(INT32_MAX);
