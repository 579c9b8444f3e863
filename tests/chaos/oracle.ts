// Invariants checked after healing: nothing lost, nothing refused that the
// scenario did not mean to provoke, nothing overwritten silently, no
// non-conflicting leaf dropped. The server's value history per record and leaf
// is rebuilt from the audit (seq order); for every update that reached the
// server we know what the server held just before it, and compare with what the
// client saw (`prior`) and with what the server did (the entry's changes and
// the conflicts the mutation opened).
import { getPath, jsonEqual } from '../../shared/sync/paths';
import type { AuditEntry, Conflict } from '../../shared/sync/protocol';
import type { AttentionRow, OutboxRow } from '../../renderer/db/database';

// A `duplicate` entry alone proves nothing: the first delivery may have been
// rejected. Settled means an applied, merged or conflict entry exists.
const SETTLED = new Set(['applied', 'merged', 'conflict']);

/** The refusals a scenario meant to provoke with one mutation. */
export interface RefusalPolicy {
  /** Error codes this mutation may be refused with; any other refusal is a failure. */
  codes: readonly string[];
  /** The server must refuse it (applying it would be the bug). */
  required: boolean;
}

export const NO_REFUSAL: RefusalPolicy = { codes: [], required: false };

export interface OracleInput {
  mutations: Map<string, OutboxRow>;
  audit: AuditEntry[];
  /** Every attention row of every client, open or discarded. */
  attention: AttentionRow[];
  /** Every conflict the server holds (open and resolved). */
  conflicts: Conflict[];
  /** What the scenario meant to provoke with each mutation. */
  refusals: (m: OutboxRow) => RefusalPolicy;
}

/** The code of a rejected entry: its detail is `code: message` (or the bare code). */
export function refusalCode(entry: AuditEntry): string {
  return (entry.detail ?? '').split(':')[0] ?? '';
}

function describe(m: OutboxRow): string {
  return `${m.mutationId} (${m.op} ${m.table}/${m.recordId} ${JSON.stringify(m.patch)})`;
}

/** The first entry that decided the mutation (later deliveries are duplicates of it). */
function decisive(entries: AuditEntry[]): AuditEntry | undefined {
  return entries.find((e) => e.outcome !== 'duplicate');
}

export function checkInvariants(input: OracleInput): string[] {
  const { mutations, audit, attention, refusals } = input;
  const problems: string[] = [];
  const sorted = [...audit].sort((a, b) => a.seq - b.seq);
  const byMutation = new Map<string, AuditEntry[]>();
  for (const entry of sorted) {
    if (!entry.mutationId) continue;
    const list = byMutation.get(entry.mutationId) ?? [];
    list.push(entry);
    byMutation.set(entry.mutationId, list);
  }
  const attentionById = new Map(attention.map((a) => [a.mutationId, a]));

  // 1. Every mutation is settled, or refused with a code its scenario meant to provoke.
  for (const [id, m] of mutations) {
    const first = decisive(byMutation.get(id) ?? []);
    const policy = refusals(m);
    if (first && SETTLED.has(first.outcome)) {
      if (policy.required) problems.push(`applied a mutation that must be refused: ${describe(m)}`);
      continue;
    }
    if (first?.outcome === 'rejected') {
      const code = refusalCode(first);
      if (!policy.codes.includes(code)) {
        problems.push(`wrongly refused ${describe(m)}: ${first.detail ?? '(no detail)'}`);
      } else if (code === 'already_resolved' && !resolvedBefore(sorted, m, first.seq)) {
        problems.push(`${describe(m)} refused already_resolved, but no earlier resolve of its conflict`);
      }
      if (!attentionById.has(id)) problems.push(`refused ${describe(m)} never reached attention`);
      continue;
    }
    const row = attentionById.get(id);
    if (row) {
      // Refused on the device (no server entry): also only what the scenario provokes.
      const code = row.error?.code ?? row.outcome;
      if (!policy.codes.includes(code))
        problems.push(`wrongly refused on the device ${describe(m)}: ${code}`);
      continue;
    }
    problems.push(`lost mutation ${describe(m)}`);
  }

  problems.push(...checkLeaves(input, sorted));
  return problems;
}

/** True when an earlier entry settled a resolve of the same conflict. */
function resolvedBefore(sorted: AuditEntry[], m: OutboxRow, seq: number): boolean {
  return sorted.some(
    (e) =>
      e.seq < seq && e.action === 'push.resolve' && SETTLED.has(e.outcome) && e.conflictId === m.conflictId,
  );
}

/**
 * 2. Replays leaf values per record in seq order. For the first settled delivery of an update
 * or resolve: every leaf not under conflict ends up with the pushed value, a conflicting leaf
 * keeps the server's, and a leaf the client did not see the server's value of is a conflict.
 */
function checkLeaves({ mutations, conflicts }: OracleInput, sorted: AuditEntry[]): string[] {
  const problems: string[] = [];
  const conflictPaths = new Map<string, Set<string>>();
  for (const c of conflicts) {
    const paths = conflictPaths.get(c.mutationId) ?? new Set<string>();
    paths.add(c.path);
    conflictPaths.set(c.mutationId, paths);
  }
  const state = new Map<string, Record<string, unknown>>();
  const seen = new Set<string>();
  for (const entry of sorted) {
    if (!entry.recordId || !entry.mutationId) continue;
    const before = state.get(entry.recordId) ?? {};
    const m = mutations.get(entry.mutationId);
    const first = !seen.has(entry.mutationId) && SETTLED.has(entry.outcome);
    if (first) seen.add(entry.mutationId);
    // A create's audit keeps what a person entered; its mutation carries every leaf, defaults too.
    const after: Record<string, unknown> = { ...(m && m.op === 'create' && first ? m.patch : {}), ...before };
    for (const change of entry.changes) after[change.path] = change.to;
    state.set(entry.recordId, after);
    if (!m || !first || (m.op !== 'update' && m.op !== 'resolve')) continue;

    const opened = m.op === 'update' ? (conflictPaths.get(m.mutationId) ?? new Set<string>()) : new Set();
    if ((entry.outcome === 'conflict') !== opened.size > 0) {
      problems.push(`outcome ${entry.outcome} but ${opened.size} conflicts opened by ${describe(m)}`);
    }
    const valueOf = (values: Record<string, unknown>, path: string) =>
      (Object.hasOwn(values, path) ? values[path] : getPath({}, path)) ?? null;
    for (const [path, value] of Object.entries(m.patch)) {
      const was = valueOf(before, path);
      const now = valueOf(after, path);
      const sawServer = jsonEqual(was, m.prior[path] ?? null);
      const alreadyThere = jsonEqual(was, value);
      if (opened.has(path)) {
        if (!jsonEqual(now, was)) problems.push(`conflicting leaf ${path} overwritten by ${describe(m)}`);
        if (sawServer || alreadyThere) problems.push(`needless conflict on ${path} from ${describe(m)}`);
        continue;
      }
      if (m.op === 'update' && !sawServer && !alreadyThere) {
        problems.push(
          `silent overwrite: ${m.mutationId} set ${path}=${JSON.stringify(value)} over ${JSON.stringify(was)} ` +
            `(client saw ${JSON.stringify(m.prior[path])}) with outcome ${entry.outcome}`,
        );
      }
      if (!jsonEqual(now, value)) {
        problems.push(
          `dropped leaf: ${describe(m)} left ${path}=${JSON.stringify(now)} with outcome ${entry.outcome}`,
        );
      }
    }
  }
  return problems;
}

/** The mutation a problem names and its record's audit trail, one line each: what a replay needs first. */
export function historyOf(problem: string, mutations: Map<string, OutboxRow>, audit: AuditEntry[]): string {
  const id = /[0-9a-f]{8}-[0-9a-f-]{27}/.exec(problem)?.[0];
  const m = id ? mutations.get(id) : undefined;
  if (!m) return problem;
  const lines = audit
    .filter((e) => e.recordId === m.recordId)
    .map(
      (e) =>
        `  seq ${e.seq} ${e.action} ${e.outcome} ${e.deviceId} base ${e.baseRev} -> rev ${e.rev} ` +
        `${e.mutationId} ${e.detail ?? ''} ${JSON.stringify(e.changes.slice(0, 8))}`,
    );
  return [problem, `mutation ${JSON.stringify(m)}`, `audit of ${m.recordId}:`, ...lines].join('\n');
}

/** How the mutations ended (outcome, or `rejected:<code>`): what the oracle had to judge, for the log. */
export function tally(mutations: Map<string, OutboxRow>, audit: AuditEntry[]): Record<string, number> {
  const sorted = [...audit].sort((a, b) => a.seq - b.seq);
  const firstOf = new Map<string, AuditEntry>();
  for (const e of sorted) {
    if (e.mutationId && e.outcome !== 'duplicate' && !firstOf.has(e.mutationId)) firstOf.set(e.mutationId, e);
  }
  const out: Record<string, number> = {};
  for (const [id, m] of mutations) {
    const e = firstOf.get(id);
    const key = !e
      ? 'none'
      : e.outcome === 'rejected'
        ? `rejected:${refusalCode(e)}`
        : `${m.op}:${e.outcome}`;
    out[key] = (out[key] ?? 0) + 1;
  }
  return out;
}
