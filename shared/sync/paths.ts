// Leaf paths: the unit of merge. Plain objects are walked into; everything
// else (strings, numbers, booleans, null, arrays) is a leaf. Arrays are leaves
// on purpose: a list of phone numbers is one value a person edits as a whole.
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type LeafMap = Record<string, Json>;

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function flatten(value: Record<string, unknown>, prefix = '', out: LeafMap = {}): LeafMap {
  for (const [key, child] of Object.entries(value)) {
    const path = prefix ? `${prefix}.${key}` : key;
    // An empty object has no leaves: it is what the schema defaults give.
    if (isPlainObject(child)) flatten(child, path, out);
    else if (child !== undefined) out[path] = child as Json;
  }
  return out;
}

export function getPath(value: unknown, path: string): Json | undefined {
  // The keys of path.split('.'), walked without building the array: the server reads every leaf of
  // every pushed record through here.
  let node: unknown = value;
  for (let start = 0; ;) {
    const dot = path.indexOf('.', start);
    const key = dot < 0 ? (start === 0 ? path : path.slice(start)) : path.slice(start, dot);
    if (!isPlainObject(node) || !Object.hasOwn(node, key)) return undefined;
    node = node[key];
    if (dot < 0) return node as Json;
    start = dot + 1;
  }
}

/** Returns a copy with `path` set; intermediate objects are created as needed. */
export function setPath<T extends Record<string, unknown>>(value: T, path: string, leaf: Json): T {
  const keys = path.split('.');
  const root: Record<string, unknown> = { ...value };
  let node = root;
  keys.forEach((key, i) => {
    if (i === keys.length - 1) {
      node[key] = leaf;
      return;
    }
    const next = node[key];
    const copy = isPlainObject(next) ? { ...next } : {};
    node[key] = copy;
    node = copy;
  });
  return root as T;
}

export function applyPatch<T extends Record<string, unknown>>(value: T, patch: LeafMap): T {
  let out = value;
  for (const [path, leaf] of Object.entries(patch)) out = setPath(out, path, leaf);
  return out;
}

/** Structural equality of JSON values; key order does not matter. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined) return (a ?? null) === (b ?? null);
  if (Array.isArray(a))
    return Array.isArray(b) && a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const ka = Object.keys(a);
    return (
      ka.length === Object.keys(b).length && ka.every((k) => Object.hasOwn(b, k) && jsonEqual(a[k], b[k]))
    );
  }
  return false;
}

/** Leaf-level difference: the patch that turns `before` into `after`, and the prior values it replaces. */
export function diff(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): { patch: LeafMap; prior: LeafMap } {
  const a = flatten(before);
  const b = flatten(after);
  const patch: LeafMap = {};
  const prior: LeafMap = {};
  for (const [path, value] of Object.entries(b)) {
    if (!jsonEqual(a[path], value)) {
      patch[path] = value;
      prior[path] = a[path] ?? null;
    }
  }
  for (const [path, value] of Object.entries(a)) {
    if (!(path in b)) {
      patch[path] = null;
      prior[path] = value;
    }
  }
  return { patch, prior };
}
