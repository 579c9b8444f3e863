import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { IsoDateTime } from '../../shared/domain/record';
import { storable } from '../../shared/sync/protocol';
import { requireRole, refuse } from '../auth/sessions';
import type { ServerContext } from '../context';
import { parseInput } from '../errors';
import { queryAudit, verifyAudit } from '../audit/query';

// Ids are compared with stored text: PostgreSQL fails a statement given a NUL (a 500 before).
const StoredId = storable(z.string().max(64));

export const AuditQuery = z.object({
  recordId: StoredId.optional(),
  caseId: StoredId.optional(),
  actorId: StoredId.optional(),
  from: IsoDateTime.optional(),
  to: IsoDateTime.optional(),
  cursor: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});

// Auditors and admins read the whole trail, supervisors their office's, and
// operators the history of one record or case of their office (the console's
// case timeline).
export function auditRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.get('/v1/audit', async (request) => {
    const user = await requireRole(
      ctx,
      request,
      ['auditor', 'admin', 'supervisor', 'operator'],
      'read the audit trail',
    );
    const query = parseInput(AuditQuery, request.query, 'query');
    let officeId: string | undefined;
    if (user.role === 'supervisor' || user.role === 'operator') {
      if (!user.officeId) return refuse(ctx, user, 'read the audit trail', 'your account has no office');
      officeId = user.officeId;
      if (user.role === 'operator' && !query.recordId && !query.caseId) {
        return refuse(
          ctx,
          user,
          'read the audit trail',
          'operators read the audit of one record or case: pass recordId or caseId',
        );
      }
    }
    return queryAudit(ctx.storage.sql, { ...query, officeId });
  });

  app.get('/v1/audit/verify', async (request) => {
    await requireRole(ctx, request, ['auditor', 'admin', 'supervisor'], 'verify the audit chain');
    return verifyAudit(ctx.storage.sql);
  });
}
