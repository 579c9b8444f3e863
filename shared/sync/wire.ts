// Compact records on the wire: a pulled record leaves out every leaf that equals its schema
// default, and the console restores those leaves before it parses the record. A first sync of
// 100,000 cases carried every empty string, null, [] and false of every case (1,737 bytes for a
// case that holds ~600 bytes of data). The rule is derived from the zod schemas of
// shared/domain themselves, so a field that gains or changes a default is compacted and restored
// by the same schema on both sides: there is no hand-kept list to forget.
//
// Versioning: the defaults belong to a schema version. A console asks for compact records with
// `?compact=<its SCHEMA_VERSION>` and the server compacts only when that is its own version;
// every other pull gets full records, exactly as before (docs/sync-protocol.md, Pull).
import { z } from 'zod';
import { SCHEMA_VERSION, type SyncedTable } from '../domain/record';
import { RECORD_SCHEMAS } from '../domain/tables';
import { isPlainObject, jsonEqual } from './paths';

/**
 * `?compact=<n>` of GET /v1/sync/pull: the schema version whose defaults the client restores. A
 * server compacts only for its own SCHEMA_VERSION (the defaults are part of it), so a client and
 * a server on different versions keep exchanging full records.
 */
export const CompactParam = z.coerce.number().int().min(1).max(1_000_000).optional();
export const wantsCompact = (compact: number | undefined): boolean => compact === SCHEMA_VERSION;

/** How to walk one value: an object with known fields, a map of one value shape, or a leaf. */
type Shape =
  | { kind: 'object'; fields: Field[]; byKey: Map<string, Field> }
  | { kind: 'map'; value: Shape }
  | { kind: 'leaf' };

/** A default, with how to compare and copy it cheaply (most are null, '', false, 0 or []). */
interface Fallback {
  value: unknown;
  kind: 'primitive' | 'emptyArray' | 'emptyObject' | 'json';
}

interface Field {
  key: string;
  /** Present when the field has a schema default: the value zod fills in when the key is absent. */
  fallback?: Fallback;
  shape: Shape;
}

const LEAF: Shape = { kind: 'leaf' };

/** Schema types that only wrap another without changing what a valid value looks like. */
function unwrap(schema: z.ZodType): z.ZodType {
  let s = schema;
  while (s instanceof z.ZodNullable || s instanceof z.ZodOptional || s instanceof z.ZodReadonly)
    s = s.unwrap() as z.ZodType;
  return s;
}

function shapeOf(schema: z.ZodType): Shape {
  const s = unwrap(schema instanceof z.ZodDefault ? (schema.unwrap() as z.ZodType) : schema);
  if (s instanceof z.ZodObject) {
    const fields = Object.entries(s.shape as Record<string, z.ZodType>).map(([key, child]) =>
      fieldOf(key, child),
    );
    return { kind: 'object', fields, byKey: new Map(fields.map((f) => [f.key, f])) };
  }
  if (s instanceof z.ZodRecord) return { kind: 'map', value: shapeOf(s.valueType as z.ZodType) };
  // Arrays are leaves (as in merge): a list is compared and restored as a whole. Anything else
  // (pipes, transforms, unions) is a leaf too, which is always safe: a leaf is sent as it is
  // unless it equals its default.
  return LEAF;
}

function fieldOf(key: string, schema: z.ZodType): Field {
  const inner = unwrap(schema);
  if (!(inner instanceof z.ZodDefault)) return { key, shape: shapeOf(inner) };
  // The default exactly as zod fills it in for an absent key (a fresh copy each call).
  const value: unknown = inner.parse(undefined);
  return { key, fallback: { value, kind: fallbackKind(value) }, shape: shapeOf(inner) };
}

function fallbackKind(value: unknown): Fallback['kind'] {
  if (value === null || typeof value !== 'object') return 'primitive';
  if (Array.isArray(value)) return value.length === 0 ? 'emptyArray' : 'json';
  return isPlainObject(value) && Object.keys(value).length === 0 ? 'emptyObject' : 'json';
}

function hasOwnKeys(value: Record<string, unknown>): boolean {
  for (const key in value) if (Object.hasOwn(value, key)) return true;
  return false;
}

const SHAPES = Object.fromEntries(
  Object.entries(RECORD_SCHEMAS).map(([table, schema]) => [table, shapeOf(schema as z.ZodType)]),
) as Partial<Record<SyncedTable, Shape>>;

function isDefault(fallback: Fallback, value: unknown): boolean {
  switch (fallback.kind) {
    case 'primitive':
      return value === fallback.value;
    case 'emptyArray':
      return Array.isArray(value) && value.length === 0;
    case 'emptyObject':
      return isPlainObject(value) && !hasOwnKeys(value);
    default:
      return jsonEqual(value, fallback.value);
  }
}

function restore(fallback: Fallback): unknown {
  switch (fallback.kind) {
    case 'primitive':
      return fallback.value;
    case 'emptyArray':
      return [];
    case 'emptyObject':
      return {};
    default:
      return copyJson(fallback.value);
  }
}

/** Defaults are JSON: a deep copy, so a restored record never shares an object with another. */
function copyJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(copyJson);
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) out[key] = copyJson(value[key]);
    return out;
  }
  return value;
}

function compactValue(shape: Shape, value: unknown): unknown {
  if (shape.kind === 'leaf' || !isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  if (shape.kind === 'map') {
    for (const key in value) if (Object.hasOwn(value, key)) out[key] = compactValue(shape.value, value[key]);
    return out;
  }
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    const field = shape.byKey.get(key);
    const child = value[key];
    // Unknown keys are kept: this rule only ever drops what the schema would give back.
    if (!field) out[key] = child;
    else if (!field.fallback || !isDefault(field.fallback, child))
      out[key] = field.shape.kind === 'leaf' ? child : compactValue(field.shape, child);
  }
  return out;
}

function expandValue(shape: Shape, value: unknown): unknown {
  if (shape.kind === 'leaf' || !isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  if (shape.kind === 'map') {
    for (const key in value) if (Object.hasOwn(value, key)) out[key] = expandValue(shape.value, value[key]);
    return out;
  }
  // Schema order, as zod's own output has it; then any key this schema does not know.
  let known = 0;
  for (const field of shape.fields) {
    if (Object.hasOwn(value, field.key)) {
      const child = value[field.key];
      out[field.key] = field.shape.kind === 'leaf' ? child : expandValue(field.shape, child);
      known += 1;
    } else if (field.fallback) out[field.key] = restore(field.fallback);
  }
  let own = 0;
  for (const key in value) if (Object.hasOwn(value, key)) own += 1;
  if (own > known)
    for (const key in value) if (Object.hasOwn(value, key) && !shape.byKey.has(key)) out[key] = value[key];
  return out;
}

/** `record` without the leaves (and whole subtrees) that equal their schema default. */
export function compactRecord(table: SyncedTable, record: Record<string, unknown>): Record<string, unknown> {
  return compactValue(SHAPES[table] ?? LEAF, record) as Record<string, unknown>;
}

/**
 * A pulled record with every left-out default restored (a full record passes through unchanged,
 * so a console may expand whatever a server sent, compact or not). Not a validation: the result
 * is parsed with the table's schema afterwards like any record. A table this schema does not
 * know (a tampered row, read by the audit replay) passes through as it is.
 */
export function expandRecord(table: SyncedTable, wire: Record<string, unknown>): Record<string, unknown> {
  return expandValue(SHAPES[table] ?? LEAF, wire) as Record<string, unknown>;
}

/**
 * Every default of a table's schema as `path → value` (map entries as `*`): what stored compact
 * rows leave out and expandRecord gives back. Records are stored compact (server/sync/records.ts),
 * so these are part of the stored data: tests/unit/shared/wire-defaults.test.ts pins them.
 */
export function schemaDefaults(table: SyncedTable): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const walk = (shape: Shape, prefix: string) => {
    if (shape.kind === 'map') walk(shape.value, `${prefix}*.`);
    if (shape.kind !== 'object') return;
    for (const field of shape.fields) {
      if (field.fallback) out[prefix + field.key] = field.fallback.value;
      walk(field.shape, `${prefix}${field.key}.`);
    }
  };
  walk(SHAPES[table] ?? LEAF, '');
  return out;
}
