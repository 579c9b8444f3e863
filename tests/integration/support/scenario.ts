// Small helpers shared by the integration and chaos suites.
import { expect } from 'vitest';
import { stripLocal } from '../../../renderer/db/database';
import { newCaseFields } from '../../support/case-factory';
import type { TestClient } from './harness';

/** The factory's new case, received at a fixed time so schedules replay the same data. */
export const BASE_CASE = newCaseFields({ receivedAt: '2026-01-05T03:00:00.000Z' });

export async function createSharedCase(
  client: TestClient,
  fields: Record<string, unknown> = {},
): Promise<string> {
  const created = await client.repo.createRecord('cases', { ...BASE_CASE, ...fields } as never);
  return created.id;
}

/** The synced part of every record and conflict this client holds, keyed table/id. */
export async function snapshot(client: TestClient): Promise<Map<string, Record<string, unknown>>> {
  const out = new Map<string, Record<string, unknown>>();
  for (const table of ['cases', 'contacts', 'notes', 'documents', 'referrals', 'tasks'] as const) {
    for (const row of await client.db.table(table).toArray()) {
      out.set(`${table}/${row.id as string}`, stripLocal(row));
    }
  }
  for (const conflict of await client.db.conflicts.toArray()) out.set(`conflicts/${conflict.id}`, conflict);
  return out;
}

export async function expectSameData(a: TestClient, b: TestClient): Promise<void> {
  const [sa, sb] = [await snapshot(a), await snapshot(b)];
  expect([...sa.keys()].sort()).toEqual([...sb.keys()].sort());
  for (const [key, value] of sa) expect(sb.get(key), `${a.name} vs ${b.name} on ${key}`).toEqual(value);
}

/** What the server holds (records and conflicts), read through a fresh pull from cursor 0 and parsed like a client would. */
export async function serverSnapshot(client: TestClient): Promise<Map<string, Record<string, unknown>>> {
  const { RECORD_SCHEMAS } = await import('../../../shared/domain/tables');
  const out = new Map<string, Record<string, unknown>>();
  let cursor = 0;
  for (;;) {
    const page = await client.transport.pull(cursor, 1000);
    for (const change of page.changes) {
      out.set(
        `${change.table}/${String(change.record.id)}`,
        RECORD_SCHEMAS[change.table].parse(change.record) as Record<string, unknown>,
      );
    }
    for (const conflict of page.conflicts) out.set(`conflicts/${conflict.id}`, conflict);
    if (!page.hasMore) return out;
    cursor = page.cursor;
  }
}

export async function expectEqualsServer(client: TestClient): Promise<void> {
  const [mine, server] = [await snapshot(client), await serverSnapshot(client)];
  expect([...mine.keys()].sort(), `${client.name}: record set`).toEqual([...server.keys()].sort());
  for (const [key, value] of server) expect(mine.get(key), `${client.name} on ${key}`).toEqual(value);
}
