// Invariants checked after healing: nothing lost, nothing overwritten
// silently. The server's value history per record and leaf is rebuilt from the
// audit (seq order); for every update that reached the server we know what the
// server held just before it, and compare with what the client saw (`prior`).
import { getPath, jsonEqual } from '../../shared/sync/paths';
import type { AuditEntry } from '../../shared/sync/protocol';
import type { OutboxRow } from '../../renderer/db/database';

// A `duplicate` entry alone proves nothing: the first delivery may have been
// rejected. Settled means an applied, merged or conflict entry exists.
const SETTLED = new Set(['applied', 'merged', 'conflict']);

export interface OracleInput {
  mutations: Map<string, OutboxRow>;
  audit: AuditEntry[];
  attention: Set<string>;
}

export function checkInvariants({ mutations, audit, attention }: OracleInput): string[] {
  const problems: string[] = [];
  const byMutation = new Map<string, AuditEntry[]>();
  for (const entry of audit) {
    if (!entry.mutationId) continue;
    const list = byMutation.get(entry.mutationId) ?? [];
    list.push(entry);
    byMutation.set(entry.mutationId, list);
  }
  // 1. None lost: every mutation is settled on the server or waits in attention.
  for (const [id, m] of mutations) {
    const settled = (byMutation.get(id) ?? []).some((e) => SETTLED.has(e.outcome));
    if (!settled && !attention.has(id))
      problems.push(`lost mutation ${id} (${m.op} ${m.table}/${m.recordId})`);
  }
  // 2. None overwritten silently: replay leaf values per record in seq order.
  const state = new Map<string, Record<string, unknown>>();
  const seen = new Set<string>();
  for (const entry of [...audit].sort((a, b) => a.seq - b.seq)) {
    if (!entry.recordId || !entry.mutationId) continue;
    const values = state.get(entry.recordId) ?? {};
    const m = mutations.get(entry.mutationId);
    const first =
      !seen.has(entry.mutationId) && entry.outcome !== 'duplicate' && entry.outcome !== 'rejected';
    if (m && m.op === 'update' && first) {
      seen.add(entry.mutationId);
      for (const [path, value] of Object.entries(m.patch)) {
        const before = Object.hasOwn(values, path) ? values[path] : getPath({}, path);
        const sawServer = jsonEqual(before ?? null, m.prior[path] ?? null);
        const alreadyThere = jsonEqual(before ?? null, value);
        if (!sawServer && !alreadyThere && entry.outcome !== 'conflict') {
          problems.push(
            `silent overwrite: ${entry.mutationId} set ${path}=${JSON.stringify(value)} over ${JSON.stringify(before)} ` +
              `(client saw ${JSON.stringify(m.prior[path])}) with outcome ${entry.outcome}`,
          );
        }
      }
    }
    for (const change of entry.changes) values[change.path] = change.to;
    state.set(entry.recordId, values);
  }
  return problems;
}
