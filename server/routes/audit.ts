import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { IsoDateTime } from '../../shared/domain/record';
import { storable } from '../../shared/sync/protocol';
import { requireRole, refuse } from '../auth/sessions';
import type { ServerContext } from '../context';
import { parseInput } from '../errors';
import { auditRead, carriesCaseValues, redactForAdmin, scopeFor } from '../audit/access';
import { queryAudit, verifyAudit } from '../audit/query';

// Ids are compared with stored text: PostgreSQL fails a statement given a NUL (a 500 before).
const StoredId = storable(z.string().max(64));

export const AuditQuery = z.object({
  recordId: StoredId.optional(),
  caseId: StoredId.optional(),
  actorId: StoredId.optional(),
  action: StoredId.optional(),
  from: IsoDateTime.optional(),
  to: IsoDateTime.optional(),
  cursor: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});

// Auditors read the whole trail (and each read that returns case values is audited); admins the
// whole trail with case values stripped; supervisors their office's case-record entries; operators
// the history of one record or case of their office (the console's case timeline). See access.ts.
export function auditRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.get('/v1/audit', async (request) => {
    const user = await requireRole(
      ctx,
      request,
      ['auditor', 'admin', 'supervisor', 'operator'],
      'read the audit trail',
    );
    const query = parseInput(AuditQuery, request.query, 'query');
    if (user.role === 'supervisor' || user.role === 'operator') {
      if (!user.officeId) return refuse(ctx, user, 'read the audit trail', 'your account has no office');
      if (user.role === 'operator' && !query.recordId && !query.caseId) {
        return refuse(
          ctx,
          user,
          'read the audit trail',
          'operators read the audit of one record or case: pass recordId or caseId',
        );
      }
    }
    const page = await queryAudit(ctx.storage.sql, { ...query, ...scopeFor(user) });
    if (user.role === 'admin') return { ...page, entries: page.entries.map(redactForAdmin) };
    if (carriesCaseValues(page.entries)) await auditRead(ctx.storage, user, query, page.entries);
    return page;
  });

  app.get('/v1/audit/verify', async (request) => {
    await requireRole(ctx, request, ['auditor', 'admin', 'supervisor'], 'verify the audit chain');
    return verifyAudit(ctx.storage.sql);
  });
}
