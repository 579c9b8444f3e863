// OpenAPI 3.1 document generated from the same zod schemas the routes parse
// with, so the published contract cannot drift from the code.
import { z } from 'zod';
import { SCHEMA_VERSION } from '../../shared/domain/record';
import {
  ApiErrorBody,
  AuditPage,
  LoginRequest,
  LoginResponse,
  PullQuery,
  PullResponse,
  PushRequest,
  PushResponse,
  SessionUser,
} from '../../shared/sync/protocol';
import { OfficeInput, UserInput, UserPatch } from '../admin/service';
import {
  AuditQuery,
  CheckpointMade,
  CheckpointPage,
  CheckpointQuery,
  PublicKeyResponse,
  VerifyResponse,
} from './audit';

interface RouteDoc {
  method: 'get' | 'post' | 'patch';
  path: string;
  summary: string;
  auth: string | null;
  body?: z.ZodType;
  query?: z.ZodObject;
  response: z.ZodType;
  status?: number;
}

const Office = z.object({ id: z.string(), code: z.string(), name: z.string() });
const AdminUser = SessionUser.extend({ disabled: z.boolean() });
const Ok = z.object({ ok: z.literal(true) });

const ROUTES: RouteDoc[] = [
  {
    method: 'get',
    path: '/v1/health',
    summary: 'Liveness; the server version and database kind only for an admin token',
    auth: null,
    response: z.object({
      ok: z.boolean(),
      version: z.string().optional(),
      schemaVersion: z.number().optional(),
      db: z.enum(['sqlite', 'postgres']).optional(),
    }),
  },
  {
    method: 'post',
    path: '/v1/auth/login',
    summary: 'Log in; returns an opaque bearer token',
    auth: null,
    body: LoginRequest,
    response: LoginResponse,
  },
  { method: 'post', path: '/v1/auth/logout', summary: 'Revoke the current token', auth: 'any', response: Ok },
  {
    method: 'get',
    path: '/v1/me',
    summary: 'The current user',
    auth: 'any',
    response: z.object({ user: SessionUser }),
  },
  {
    method: 'post',
    path: '/v1/admin/offices',
    summary: 'Create an office',
    auth: 'admin',
    body: OfficeInput,
    response: z.object({ office: Office }),
    status: 201,
  },
  {
    method: 'get',
    path: '/v1/admin/offices',
    summary: 'List offices',
    auth: 'admin',
    response: z.object({ offices: z.array(Office) }),
  },
  {
    method: 'post',
    path: '/v1/admin/users',
    summary: 'Create a user',
    auth: 'admin',
    body: UserInput,
    response: z.object({ user: AdminUser }),
    status: 201,
  },
  {
    method: 'get',
    path: '/v1/admin/users',
    summary: 'List users',
    auth: 'admin',
    response: z.object({ users: z.array(AdminUser) }),
  },
  {
    method: 'patch',
    path: '/v1/admin/users/{id}',
    summary: 'Disable, change role, office, name or password',
    auth: 'admin',
    body: UserPatch,
    response: z.object({ user: AdminUser }),
  },
  {
    method: 'post',
    path: '/v1/sync/push',
    summary: 'Push mutations; one result per mutation, in order',
    auth: 'operator, supervisor',
    body: PushRequest,
    response: PushResponse,
  },
  {
    method: 'get',
    path: '/v1/sync/pull',
    summary: 'Records and conflicts changed after cursor, in seq order',
    auth: 'operator, supervisor',
    query: PullQuery,
    response: PullResponse,
  },
  {
    method: 'get',
    path: '/v1/sync/events',
    summary:
      'Server-Sent Events: `poke` with {seq} after each commit; token in the Authorization header only; ends when the session is revoked',
    auth: 'operator, supervisor',
    response: z.string(),
  },
  {
    method: 'get',
    path: '/v1/audit',
    summary: 'Audit entries in seq order',
    auth: 'auditor, admin, supervisor (own office), operator (one record/case)',
    query: AuditQuery,
    response: AuditPage,
  },
  {
    method: 'get',
    path: '/v1/audit/verify',
    summary: 'Verify the audit hash chain, the stored checkpoints, and every record against its history',
    auth: 'auditor, admin, supervisor',
    response: VerifyResponse,
  },
  {
    method: 'get',
    path: '/v1/audit/public-key',
    summary: 'The Ed25519 public key audit checkpoints are signed with (SPKI PEM)',
    auth: 'auditor, admin',
    response: PublicKeyResponse,
  },
  {
    method: 'get',
    path: '/v1/audit/checkpoints',
    summary: 'Signed checkpoints of the audit chain head, by n',
    auth: 'auditor, admin',
    query: CheckpointQuery,
    response: CheckpointPage,
  },
  {
    method: 'post',
    path: '/v1/audit/checkpoints',
    summary: 'Sign the audit head now (201; 200 with the last one when the head has not moved)',
    auth: 'auditor, admin',
    response: CheckpointMade,
    status: 201,
  },
  {
    method: 'get',
    path: '/v1/audit/export',
    summary: 'The audit as JSON lines: a header, the checkpoints, then every entry (docs/sync-protocol.md)',
    auth: 'auditor',
    response: z.string(),
  },
];

const json = (schema: z.ZodType, io: 'input' | 'output') =>
  z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as Record<string, unknown>;

export function buildOpenApi(version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  const errorResponse = {
    description: 'Error',
    content: { 'application/json': { schema: json(z.object({ error: ApiErrorBody }), 'output') } },
  };
  for (const r of ROUTES) {
    const queryProps = r.query
      ? ((json(r.query, 'input').properties as Record<string, unknown> | undefined) ?? {})
      : {};
    const parameters = [
      ...Object.entries(queryProps).map(([name, schema]) => ({ name, in: 'query', required: false, schema })),
      ...(r.path.includes('{id}')
        ? [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }]
        : []),
    ];
    paths[r.path] ??= {};
    (paths[r.path] as Record<string, unknown>)[r.method] = {
      summary: r.summary,
      description: r.auth ? `Roles: ${r.auth}` : 'No authentication',
      ...(r.auth ? { security: [{ bearer: [] }] } : {}),
      ...(parameters.length ? { parameters } : {}),
      ...(r.body
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: json(r.body, 'input') } },
            },
          }
        : {}),
      responses: {
        [String(r.status ?? 200)]: {
          description: 'OK',
          content: {
            [r.path.endsWith('/events') ? 'text/event-stream' : 'application/json']: {
              schema: json(r.response, 'output'),
            },
          },
        },
        default: errorResponse,
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Posko sync API',
      version,
      description: `Sync protocol v1, record schema version ${SCHEMA_VERSION}. See docs/sync-protocol.md.`,
    },
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    paths,
  };
}
