// Key/value access to the Dexie `session` table ({key, value}), and the shapes
// kept there. Parsed with zod on read: IndexedDB content is outside input too.
import { z } from 'zod';
import { SessionUser } from '../../shared/sync/protocol';

export interface KeyValueTable {
  get(key: string): Promise<{ key: string; value: unknown } | undefined>;
  put(row: { key: string; value: unknown }): Promise<unknown>;
  delete(key: string): Promise<void>;
  /** Every row (Dexie's Table has it); used once at start to scrub what older builds left. */
  toArray?(): Promise<Array<{ key: string; value: unknown }>>;
}

/**
 * Per user on this device: who they are. The password verifier is NOT here (it lives in the
 * host's secret store, see verifier-store.ts); `offlineUnlock: false` records that the last
 * online sign-in could not keep one, so an offline attempt can say why it is refused.
 */
export const OfflineAccount = z.object({
  user: SessionUser,
  serverUrl: z.string(),
  lastOnlineLoginAt: z.string(),
  offlineUnlock: z.boolean().optional(),
});
export type OfflineAccount = z.infer<typeof OfflineAccount>;

export const CurrentSession = z.object({
  user: SessionUser,
  expiresAt: z.string().nullable(),
  startedAt: z.string(),
  mode: z.enum(['online', 'offline']),
});
export type CurrentSession = z.infer<typeof CurrentSession>;

export const accountKey = (username: string) => `account:${username.trim().toLowerCase()}`;
export const CURRENT_KEY = 'current';

export async function readParsed<S extends z.ZodType>(
  table: KeyValueTable,
  key: string,
  schema: S,
): Promise<z.infer<S> | null> {
  const row = await table.get(key);
  if (!row) return null;
  const parsed = schema.safeParse(row.value);
  return parsed.success ? parsed.data : null;
}
