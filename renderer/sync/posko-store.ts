// The SyncStore the console uses: DexieSyncStore over PoskoDb, with the
// local-only search keys recomputed for every pulled or rebased case so search
// finds what sync brought in.
import type { CaseRecord } from '../../shared/domain/case';
import type { PoskoDb } from '../db/database';
import { caseSearchKeys } from '../db/search-keys';
import { DexieSyncStore } from './dexie-store';

export function createPoskoSyncStore(db: PoskoDb): DexieSyncStore {
  return new DexieSyncStore(db, {
    prepare: (table, record) =>
      table === 'cases' ? { ...record, searchKeys: caseSearchKeys(record as unknown as CaseRecord) } : record,
  });
}
