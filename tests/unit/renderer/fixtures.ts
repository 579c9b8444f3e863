// What the renderer's repository tests share: who acts, the case they start from,
// and the stamps a record carries before the server has seen it.
import { PoskoDb } from '../../../renderer/db/database';
import { Repository } from '../../../renderer/db/repository';
import type { NewRecord, RepositoryOptions } from '../../../renderer/db/repository';
import { newCaseFields } from '../../support/case-factory';

export const TEST_ACTOR = { actorId: 'op-1', deviceId: 'dev-1', officeId: 'JKT' };

/** A case received at `receivedAt` by op-1; `overrides` add what a test checks. */
export function caseInput(receivedAt: Date, overrides: Partial<NewRecord<'cases'>> = {}): NewRecord<'cases'> {
  // The factory's new case, taken in and owned by op-1.
  return newCaseFields({
    receivedAt: receivedAt.toISOString(),
    receivedBy: 'op-1',
    ownerId: 'op-1',
    destinationCountry: 'SA',
    worker: { fullName: 'Siti Aminah binti Slamet' },
    ...overrides,
  });
}

/** The server-owned fields of a record created on the desk of TEST_ACTOR and not yet pushed. */
export const UNPUSHED_STAMPS = {
  rev: 0,
  seq: 0,
  updatedAt: null,
  updatedBy: null,
  deleted: false,
  officeId: 'JKT',
} as const;

/** A repository acting as TEST_ACTOR over a fake-indexeddb database of its own. */
export function openTestRepository(
  prefix: string,
  options: Omit<RepositoryOptions, 'actor'> = {},
): { db: PoskoDb; repo: Repository } {
  const db = new PoskoDb(`${prefix}-${crypto.randomUUID()}`);
  return { db, repo: new Repository(db, { actor: () => TEST_ACTOR, ...options }) };
}

export async function dropTestDb(db: PoskoDb): Promise<void> {
  db.close();
  await db.delete();
}

/** An urgent case whose one reporter, Aminah (the worker's mother), can be called back. */
export function urgentCallerCase(receivedAt = new Date()): NewRecord<'cases'> {
  return caseInput(receivedAt, {
    urgency: 'urgent',
    reporters: {
      r1: {
        name: 'Aminah',
        role: 'family',
        relationship: 'parent',
        phones: [{ e164: '+6281234567890' }],
        order: 0,
      },
    },
  });
}
