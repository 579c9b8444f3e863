import { getPath, jsonEqual, type Json, type LeafMap } from './paths';

export interface LeafConflict {
  path: string;
  /** What the client saw before its edit (its `prior`). */
  base: Json | null;
  /** What the server holds now. */
  server: Json | null;
  /** What the client wanted. */
  client: Json | null;
}

export interface MergeResult {
  /** Leaves to write: the client's value where the server still held the client's base. */
  apply: LeafMap;
  /** Leaves the client sent that the server already holds. */
  noops: string[];
  /** Leaves both sides changed to different values: the server value stays, a person decides. */
  conflicts: LeafConflict[];
}

/**
 * Three-way merge of one client mutation into the server's current record.
 * For each leaf of `patch`: if the server value still equals `prior`, take the
 * client value; if it already equals the client value, nothing to do;
 * otherwise it is a conflict. Used when the client's baseRev is behind; when
 * it is current, every leaf lands in `apply` by the same rule.
 */
export function threeWayMerge(server: Record<string, unknown>, patch: LeafMap, prior: LeafMap): MergeResult {
  const result: MergeResult = { apply: {}, noops: [], conflicts: [] };
  for (const [path, client] of Object.entries(patch)) {
    const current = getPath(server, path) ?? null;
    const base = Object.hasOwn(prior, path) ? (prior[path] ?? null) : null;
    if (jsonEqual(current, client)) result.noops.push(path);
    else if (jsonEqual(current, base)) result.apply[path] = client;
    else result.conflicts.push({ path, base, server: current, client });
  }
  return result;
}
