// Building an outbox row: one place that stamps id, actor, device and client
// time and checks the wire contract before anything is queued. resolve.ts
// uses it; Repository.mutation() (renderer/db/repository.ts) does the same
// today and can call this instead (see the issue-4 report).
import { v4 as uuidv4 } from 'uuid';
import { Mutation } from '../../shared/sync/protocol';
import type { Actor } from '../session/actor';
import type { OutboxRow } from './types';

export type MutationFields = Omit<OutboxRow, 'mutationId' | 'clientTime' | 'actorId' | 'deviceId' | 'seq'>;

export function buildMutation(fields: MutationFields, actor: Actor, now: Date): OutboxRow {
  const row: OutboxRow = {
    ...fields,
    mutationId: uuidv4(),
    clientTime: now.toISOString(),
    actorId: actor.actorId,
    deviceId: actor.deviceId,
  };
  // A mutation the server would refuse as malformed must never enter the outbox.
  Mutation.parse(row);
  return row;
}
