// Case operations that are not record edits (issue 17): a supervisor hands a
// case over to another office; the sending office's consoles read which cases
// left them. Routes follow the OpenAPI pattern (docs/sync-protocol.md).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Uuid } from '../../shared/domain/record';
import { HandoverInput, HandoverResponse, MovedQuery, MovedResponse } from '../../shared/sync/handover';
import { requireRole } from '../auth/sessions';
import type { ServerContext } from '../context';
import { ApiError } from '../errors';
import { handOverCase, movedOut } from '../sync/handover';
import { BEARER, ErrorResponse, validInput } from './api-docs';

const handoverSchema = {
  summary: 'Hand a case over to another office (status handed_over; the receiving office owns it)',
  description: 'Roles: supervisor',
  security: BEARER,
  params: z.object({ id: Uuid }),
  body: HandoverInput,
  response: { 200: HandoverResponse, default: ErrorResponse },
};
const movedSchema = {
  summary: "Cases handed over out of the caller's office after cursor (for consoles to drop)",
  description: 'Roles: operator, supervisor',
  security: BEARER,
  querystring: MovedQuery,
  response: { 200: MovedResponse, default: ErrorResponse },
};

export function caseRoutes(root: FastifyInstance, ctx: ServerContext): void {
  const app = root.withTypeProvider<ZodTypeProvider>();
  app.post('/v1/cases/:id/handover', { schema: handoverSchema, attachValidation: true }, async (request) => {
    const user = await requireRole(ctx, request, ['supervisor'], 'hand cases over');
    const { params, body } = validInput(request);
    const result = await handOverCase(ctx.storage, user, params.id, body);
    return { caseId: result.caseId, toOffice: result.toOffice, records: result.records, rev: result.rev };
  });

  app.get('/v1/cases/moved', { schema: movedSchema, attachValidation: true }, async (request) => {
    const user = await requireRole(ctx, request, ['operator', 'supervisor'], 'read moved cases');
    const { query } = validInput(request);
    if (!user.officeId)
      throw new ApiError(403, 'no_office', 'your account has no office; ask an administrator');
    return movedOut(ctx.storage, user.officeId, query.cursor, query.limit);
  });
}
