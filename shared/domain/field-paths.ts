// Whether a leaf path names a field of a table's schema, read from the zod
// schema itself so that it cannot drift from validation. The server refuses a
// pushed leaf that names no field before any merge (issue 14 item 4): such a
// leaf used to become a conflict that no resolve could ever settle (the
// resolved record fails validation), so its case never got back to 0 open
// conflicts.
import type { z } from 'zod';
import type { SyncedTable } from './record';
import { RECORD_SCHEMAS } from './tables';

interface SchemaDef {
  type: string;
  innerType?: z.ZodType;
  in?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  keyType?: z.ZodType;
  valueType?: z.ZodType;
}

/** zod 4 keeps each schema's definition at `_zod.def`; only the parts walked here are typed. */
const defOf = (schema: z.ZodType): SchemaDef => (schema as unknown as { _zod: { def: SchemaDef } })._zod.def;

/** Wrappers that do not change which keys a value may have. */
const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch', 'nonoptional']);

function unwrap(schema: z.ZodType): SchemaDef {
  let def = defOf(schema);
  for (let i = 0; i < 16; i++) {
    if (WRAPPERS.has(def.type) && def.innerType) def = defOf(def.innerType);
    else if (def.type === 'pipe' && def.in) def = defOf(def.in);
    else break;
  }
  return def;
}

/**
 * Whether `path` walks `schema` through object fields and map keys the schema accepts. Arrays and
 * scalars are leaves: a path may end at them but not go on into them. A path may end at an object
 * field too (the value, a leaf, is then checked by validation).
 */
export function isSchemaPath(schema: z.ZodType, path: string): boolean {
  let node = schema;
  for (const key of path.split('.')) {
    const def = unwrap(node);
    if (def.type === 'object' && def.shape) {
      if (!Object.hasOwn(def.shape, key)) return false;
      node = def.shape[key]!;
    } else if (def.type === 'record' && def.keyType && def.valueType) {
      if (!def.keyType.safeParse(key).success) return false;
      node = def.valueType;
    } else return false;
  }
  return true;
}

/** Whether `path` names a field of the records of `table`. */
export function isFieldOf(table: SyncedTable, path: string): boolean {
  return isSchemaPath(RECORD_SCHEMAS[table], path);
}
