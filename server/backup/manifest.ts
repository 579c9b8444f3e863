// What a backup archive holds and how it says so: `posko-backup.json`, the first entry of the
// archive, parsed with zod on restore (an archive from elsewhere is outside input).
import { z } from 'zod';

export const MANIFEST_NAME = 'posko-backup.json';
/** The database's own copy inside the archive: SQLite file or pg_dump custom-format dump. */
export const DB_ENTRY = { sqlite: 'db/posko.sqlite', postgres: 'db/posko.pgdump' } as const;
/** Everything of the data directory that is not the live database lives under this prefix. */
export const DATA_PREFIX = 'data';

export const BackupManifest = z.object({
  format: z.literal('posko-backup'),
  version: z.literal(1),
  createdAt: z.string(),
  database: z.enum(['sqlite', 'postgres']),
  /** Latest migration applied in the copied database: a newer one than this build knows refuses. */
  migration: z.number().int().min(0),
  /** Change number and audit head of the copy: what a restore drill compares against. */
  headSeq: z.number().int().min(0),
  auditHead: z.object({ seq: z.number().int().min(0), hash: z.string() }),
  /** Whether key files of the data directory are inside (`--include-keys`); by default they are not. */
  includesKeys: z.boolean(),
  /** Paths under `data/` (relative to the data directory), files only. */
  files: z.array(z.string()),
});
export type BackupManifest = z.infer<typeof BackupManifest>;
