import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IsoDateTime } from '../../shared/domain/record';
import { AuditPage, storable } from '../../shared/sync/protocol';
import { requireRole, refuse } from '../auth/sessions';
import type { ServerContext } from '../context';
import { ApiError } from '../errors';
import { auditRead, carriesCaseValues, redactForAdmin, scopeFor } from '../audit/access';
import { listCheckpoints } from '../audit/anchor';
import { Checkpoint } from '../audit/checkpoint-format';
import { exportLines } from '../audit/export';
import { queryAudit } from '../audit/query';
import { verifyAudit } from '../audit/verify';
import { BEARER, ErrorResponse, validInput } from './api-docs';

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

export const CheckpointQuery = z.object({
  after: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(0),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});

// Response shapes, for the OpenAPI document (api-docs.ts).
export const CheckpointPage = z.object({
  checkpoints: z.array(Checkpoint),
  cursor: z.number().int(),
  hasMore: z.boolean(),
  keyId: z.string(),
});
export const CheckpointMade = z.object({
  created: z.boolean(),
  checkpoint: Checkpoint.nullable(),
});
export const PublicKeyResponse = z.object({
  algorithm: z.literal('Ed25519'),
  keyId: z.string(),
  publicKey: z.string(),
});
export const VerifyResponse = z.object({
  ok: z.boolean(),
  entries: z.number(),
  firstBrokenSeq: z.number().optional(),
  checkpoints: z.object({ count: z.number(), anchoredSeq: z.number(), otherKey: z.number() }),
  records: z.object({
    records: z.number(),
    mismatched: z.number(),
    mismatches: z.array(
      z.object({
        table: z.string(),
        id: z.string(),
        problem: z.string(),
        paths: z.array(z.string()).optional(),
      }),
    ),
  }),
  problems: z.array(z.string()),
});

/** Who may see and make checkpoints and read the public key: the people who check the audit. */
const ANCHOR_ROLES = ['auditor', 'admin'] as const;

/** Route schemas: what Fastify validates and what the OpenAPI document says (api-docs.ts). */
const doc = (summary: string, roles: string) => ({
  summary,
  description: `Roles: ${roles}`,
  security: BEARER,
});
const auditSchema = {
  ...doc(
    'Audit entries in seq order',
    'auditor, admin (values redacted), supervisor (own office), operator (one record/case)',
  ),
  querystring: AuditQuery,
  response: { 200: AuditPage, default: ErrorResponse },
};
const verifySchema = {
  ...doc(
    'Verify the audit hash chain, the stored checkpoints, and every record against its history',
    'auditor, admin, supervisor',
  ),
  response: { 200: VerifyResponse, default: ErrorResponse },
};
const publicKeySchema = {
  ...doc('The Ed25519 public key that signs audit checkpoints', 'auditor, admin'),
  response: { 200: PublicKeyResponse, default: ErrorResponse },
};
const checkpointsSchema = {
  ...doc('Signed audit checkpoints after a checkpoint number', 'auditor, admin'),
  querystring: CheckpointQuery,
  response: { 200: CheckpointPage, default: ErrorResponse },
};
const checkpointSchema = {
  ...doc('Sign a checkpoint of the audit chain now (201 when one was made)', 'auditor, admin'),
  response: { 200: CheckpointMade, 201: CheckpointMade, default: ErrorResponse },
};
const exportSchema = {
  ...doc('The whole audit trail as JSON lines (an AuditEntry per line); audited', 'auditor'),
  response: {
    200: { description: 'JSON lines', content: { 'application/x-ndjson': { schema: z.string() } } },
    default: ErrorResponse,
  },
};

// Auditors read the whole trail (and each read that returns case values is audited); admins the
// whole trail with case values stripped; supervisors their office's case-record entries; operators
// the history of one record or case of their office (the console's case timeline). See access.ts.
export function auditRoutes(root: FastifyInstance, ctx: ServerContext): void {
  const app = root.withTypeProvider<ZodTypeProvider>();
  app.get('/v1/audit', { schema: auditSchema, attachValidation: true }, async (request) => {
    const user = await requireRole(
      ctx,
      request,
      ['auditor', 'admin', 'supervisor', 'operator'],
      'read the audit trail',
    );
    const { query } = validInput(request);
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

  app.get('/v1/audit/verify', { schema: verifySchema }, async (request) => {
    const user = await requireRole(
      ctx,
      request,
      ['auditor', 'admin', 'supervisor'],
      'verify the audit chain',
    );
    const check = await verifyAudit(ctx.storage.sql, ctx.auditAnchor.key);
    // Record ids of every office: a supervisor learns how many differ, not which (item 10: no existence leak).
    if (user.role === 'supervisor') return { ...check, records: { ...check.records, mismatches: [] } };
    return check;
  });

  app.get('/v1/audit/public-key', { schema: publicKeySchema }, async (request) => {
    await requireRole(ctx, request, ANCHOR_ROLES, 'read the audit signing key');
    const { keyId, publicKeyPem } = ctx.auditAnchor.key;
    return { algorithm: 'Ed25519' as const, keyId, publicKey: publicKeyPem };
  });

  app.get('/v1/audit/checkpoints', { schema: checkpointsSchema, attachValidation: true }, async (request) => {
    await requireRole(ctx, request, ANCHOR_ROLES, 'list audit checkpoints');
    const { query } = validInput(request);
    const checkpoints = await listCheckpoints(ctx.storage.sql, query.after, query.limit + 1);
    const page = checkpoints.slice(0, query.limit);
    return {
      checkpoints: page,
      cursor: page[page.length - 1]?.n ?? query.after,
      hasMore: checkpoints.length > query.limit,
      keyId: ctx.auditAnchor.key.keyId,
    };
  });

  app.post('/v1/audit/checkpoints', { schema: checkpointSchema }, async (request, reply) => {
    const user = await requireRole(ctx, request, ANCHOR_ROLES, 'make an audit checkpoint');
    const result = await ctx.auditAnchor.checkpoint();
    if (result.refused) {
      await ctx.storage.write((tx) =>
        tx.audit({
          action: 'audit.checkpoint',
          outcome: 'refused',
          actorId: user.id,
          deviceId: user.deviceId,
          detail: result.refused,
        }),
      );
      throw new ApiError(409, 'audit_chain_broken', `no checkpoint signed: ${result.refused}`);
    }
    if (result.created) {
      await ctx.storage.write((tx) =>
        tx.audit({
          action: 'audit.checkpoint',
          outcome: 'ok',
          actorId: user.id,
          deviceId: user.deviceId,
          detail: `checkpoint ${result.checkpoint?.n} at seq ${result.checkpoint?.seq}`,
        }),
      );
    }
    return reply.status(result.created ? 201 : 200).send(result);
  });

  // The whole trail with values: auditors only, and audited like the CLI export.
  app.get('/v1/audit/export', { schema: exportSchema }, async (request, reply) => {
    const user = await requireRole(ctx, request, ['auditor'], 'export the audit trail');
    const head = await ctx.storage.sql.get<{ seq: number | null }>('SELECT MAX(seq) AS seq FROM audit');
    await ctx.storage.write((tx) =>
      tx.audit({
        action: 'audit.export',
        outcome: 'ok',
        actorId: user.id,
        deviceId: user.deviceId,
        detail: `up to seq ${Number(head?.seq ?? 0)}`,
      }),
    );
    const lines = exportLines(ctx.storage.sql, ctx.auditAnchor.key);
    const body = Readable.from(
      (async function* () {
        for await (const line of lines) yield `${line}\n`;
      })(),
    );
    // The typed reply expects the documented text; a stream of it is sent as is.
    return (reply as FastifyReply)
      .type('application/x-ndjson; charset=utf-8')
      .header('content-disposition', 'attachment; filename="posko-audit.jsonl"')
      .send(body);
  });
}
