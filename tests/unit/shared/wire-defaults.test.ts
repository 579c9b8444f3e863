// The schema defaults are part of the stored data: records are stored compact (without the
// leaves that equal their default, server/sync/records.ts) and read back by restoring today's
// defaults. Changing a default would silently change every stored record that had the old one.
// Adding a field with a default is safe (old rows had no such leaf) and so is removing one.
// This pins the defaults of fields that exist, so changing one fails here first: such a change
// needs a migration that rewrites the stored rows with the old defaults restored (expandRecord
// of the old schema), and then this list updated.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SYNCED_TABLES } from '../../../shared/domain/record';
import { schemaDefaults } from '../../../shared/sync/wire';

const PINNED = JSON.parse(readFileSync(new URL('./wire-defaults.json', import.meta.url), 'utf8')) as Record<
  string,
  Record<string, unknown>
>;

describe('schema defaults of the stored compact records', () => {
  it.each(SYNCED_TABLES)('%s: no default of an existing field changed', (table) => {
    const now = schemaDefaults(table);
    const pinned = PINNED[table] ?? {};
    const changed = Object.keys(pinned).filter(
      (path) => path in now && JSON.stringify(now[path]) !== JSON.stringify(pinned[path]),
    );
    expect(changed, 'see the comment at the top of this file').toEqual([]);
    // A field that gained a default is added to the pinned list (safe, but it must be pinned from now on).
    expect(Object.keys(now).filter((path) => !(path in pinned))).toEqual([]);
  });
});
