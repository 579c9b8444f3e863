// Rebase: a pulled record becomes the new base and the pending local patches
// are re-applied on top, in outbox order, so unsent work never vanishes from
// the screen. `prior` values of the pending mutations are left alone on
// purpose: they still describe what the operator saw, which is what lets the
// server detect a real concurrent edit instead of silently overwriting it.
import { applyPatch, getPath, jsonEqual, setPath, type Json, type LeafMap } from '../../shared/sync/paths';
import type { OutboxRow } from './database';

export function rebase<T extends Record<string, unknown>>(server: T, pending: readonly OutboxRow[]): T {
  let local = server;
  for (const row of pending) local = applyPatch(local, row.patch as LeafMap);
  return local;
}

/**
 * Puts prior values back for the leaves of a discarded change, but only where
 * the record still shows that change and no later pending edit sets the leaf:
 * a value that came from the server since then is newer truth, not ours to undo.
 */
export function revertIfStillShown<T extends Record<string, unknown>>(
  local: T,
  discarded: Pick<OutboxRow, 'prior' | 'patch'>,
  laterPending: readonly OutboxRow[],
): T {
  const stillSet = new Set(laterPending.flatMap((row) => Object.keys(row.patch)));
  let out = local;
  for (const [path, value] of Object.entries(discarded.patch)) {
    if (stillSet.has(path) || !Object.hasOwn(discarded.prior, path)) continue;
    if (!jsonEqual(getPath(out, path), value)) continue;
    out = setPath(out, path, (discarded.prior[path] ?? null) as Json);
  }
  return out;
}
