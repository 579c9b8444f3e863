// GET /v1/directory: the caller's office and its users (issue 17). Roles:
// operator and supervisor, the people who work cases and see these ids in
// them. Admins and auditors get 403: they have no case office (an admin's
// user list is GET /v1/admin/users), and a directory for them would only
// widen who learns an office's staff list.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { DirectoryResponse } from '../../shared/sync/directory';
import { requireRole } from '../auth/sessions';
import type { ServerContext } from '../context';
import { officeDirectory } from '../directory/service';
import { ApiError } from '../errors';
import { BEARER, ErrorResponse } from './api-docs';

const directorySchema = {
  summary: "The caller's office and its users (id, display name, role, active)",
  description: 'Roles: operator, supervisor',
  security: BEARER,
  response: { 200: DirectoryResponse, default: ErrorResponse },
};

export function directoryRoutes(root: FastifyInstance, ctx: ServerContext): void {
  const app = root.withTypeProvider<ZodTypeProvider>();
  app.get('/v1/directory', { schema: directorySchema }, async (request) => {
    const user = await requireRole(ctx, request, ['operator', 'supervisor'], 'read the office directory');
    if (!user.officeId)
      throw new ApiError(403, 'no_office', 'your account has no office; ask an administrator');
    return officeDirectory(ctx.storage.sql, user.officeId);
  });
}
