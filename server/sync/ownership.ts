// Who may own a case, and who may give it to whom (issue 14 item 5). `ownerId`
// decides who may resolve the case's conflicts (resolve.ts), so it is not a
// free-text field: it names an active operator or supervisor of the case's
// office. An operator may take an unowned case for themself (or keep, or give
// up, their own); assigning a case to someone else is a supervisor's act.
import { UUID_PATTERN } from '../../shared/domain/record';
import type { ApplyContext } from './op-context';
import { Rejection } from './rules';

export interface OwnerCandidate {
  role: string;
  office_id: string | null;
  disabled: number;
}

const OWNER_ROLES = new Set(['operator', 'supervisor']);

/** The user `id` as an owner candidate, read once per batch (users do not change inside a push). */
async function candidate(ctx: ApplyContext, id: string): Promise<OwnerCandidate | null> {
  // A user id is a UUID; anything else names nobody and is not sent to the database.
  if (!UUID_PATTERN.test(id)) return null;
  if (!ctx.owners.has(id)) {
    const row = await ctx.tx.get<OwnerCandidate>('SELECT role, office_id, disabled FROM users WHERE id = ?', [
      id,
    ]);
    ctx.owners.set(id, row ?? null);
  }
  return ctx.owners.get(id) ?? null;
}

/**
 * Refuses the change of a case's `ownerId` from `before` (null for a new case) to `after`, unless
 * the pushing user may make it and `after` is null or an active operator or supervisor of
 * `officeId`. An unchanged owner is not judged again (a user disabled since keeps their cases
 * until a supervisor reassigns them).
 */
export async function assertOwnerChange(
  ctx: ApplyContext,
  before: unknown,
  after: unknown,
  officeId: string,
): Promise<void> {
  const from = before ?? null;
  const to = after ?? null;
  if (from === to) return;
  const { actor } = ctx;
  if (actor.role !== 'supervisor') {
    const takes = to === actor.id && (from === null || from === actor.id);
    const givesUp = to === null && from === actor.id;
    if (!takes && !givesUp) {
      throw new Rejection(
        'forbidden',
        "ownerId: an operator may take an unowned case for themself; assigning a case is a supervisor's act",
        { path: 'ownerId' },
      );
    }
  }
  if (to === null) return;
  const user = typeof to === 'string' ? await candidate(ctx, to) : null;
  if (!user || !OWNER_ROLES.has(user.role) || user.office_id !== officeId || Number(user.disabled)) {
    throw new Rejection(
      'invalid_owner',
      "ownerId: must be an active operator or supervisor of the case's office",
      {
        path: 'ownerId',
      },
    );
  }
}
