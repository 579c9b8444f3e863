// Sync protocol v1: the wire contract between console and server. Both sides
// parse with these schemas; see docs/sync-protocol.md.
import { z } from 'zod';
import { UserRole } from '../domain/enums';
import { IsoDateTime, SyncedTable, Uuid } from '../domain/record';

const MAX_PATH = 200;
export const LeafPath = z
  .string()
  .min(1)
  .max(MAX_PATH)
  .regex(/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/, 'expected a dotted leaf path');
export const JsonValue: z.ZodType<unknown> = z.json();
export const LeafMapSchema = z.record(LeafPath, JsonValue).refine((m) => Object.keys(m).length <= 500, {
  message: 'at most 500 leaves per mutation',
});

export const MUTATION_OPS = ['create', 'update', 'delete', 'resolve'] as const;
export const MutationOp = z.enum(MUTATION_OPS);
export type MutationOp = z.infer<typeof MutationOp>;

export const Mutation = z.object({
  mutationId: Uuid,
  table: SyncedTable,
  recordId: Uuid,
  op: MutationOp,
  baseRev: z.number().int().min(0),
  patch: LeafMapSchema,
  prior: LeafMapSchema,
  clientTime: IsoDateTime,
  /** Only for op "resolve": the conflict this mutation settles. */
  conflictId: Uuid.optional(),
});
export type Mutation = z.infer<typeof Mutation>;

export const MAX_BATCH = 500;
export const PushRequest = z.object({
  deviceId: z.string().min(1).max(100),
  schemaVersion: z.number().int().min(1),
  mutations: z.array(Mutation).max(MAX_BATCH),
});
export type PushRequest = z.infer<typeof PushRequest>;

export const OUTCOMES = ['applied', 'merged', 'conflict', 'duplicate', 'rejected'] as const;
export const MutationOutcome = z.enum(OUTCOMES);
export type MutationOutcome = z.infer<typeof MutationOutcome>;

export const ApiErrorBody = z.object({
  code: z.string(),
  message: z.string(),
  details: z.unknown().optional(),
});
export type ApiErrorBody = z.infer<typeof ApiErrorBody>;

export const MutationResult = z.object({
  mutationId: Uuid,
  outcome: MutationOutcome,
  rev: z.number().int().optional(),
  seq: z.number().int().optional(),
  conflictIds: z.array(Uuid).optional(),
  error: ApiErrorBody.optional(),
  /** For a duplicate: the outcome the mutation had the first time. */
  firstOutcome: MutationOutcome.optional(),
});
export type MutationResult = z.infer<typeof MutationResult>;

export const PushResponse = z.object({ results: z.array(MutationResult) });
export type PushResponse = z.infer<typeof PushResponse>;

export const Conflict = z.object({
  id: Uuid,
  table: SyncedTable,
  recordId: Uuid,
  caseId: Uuid.nullable(),
  officeId: z.string(),
  path: LeafPath,
  base: JsonValue,
  server: JsonValue,
  client: JsonValue,
  serverActorId: z.string().nullable(),
  serverAt: IsoDateTime.nullable(),
  clientActorId: z.string(),
  clientAt: IsoDateTime,
  mutationId: Uuid,
  status: z.enum(['open', 'resolved']),
  resolvedBy: z.string().nullable(),
  resolvedAt: IsoDateTime.nullable(),
  resolution: JsonValue.optional(),
  seq: z.number().int(),
});
export type Conflict = z.infer<typeof Conflict>;

export const PullQuery = z.object({
  cursor: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(5000).default(1000),
});
export const PullChange = z.object({ table: SyncedTable, record: z.record(z.string(), z.unknown()) });
export type PullChange = z.infer<typeof PullChange>;
export const PullResponse = z.object({
  changes: z.array(PullChange),
  conflicts: z.array(Conflict),
  cursor: z.number().int().min(0),
  hasMore: z.boolean(),
});
export type PullResponse = z.infer<typeof PullResponse>;

export const PokeEvent = z.object({ seq: z.number().int().min(0) });

export const LoginRequest = z.object({
  username: z.string().min(1).max(100),
  password: z.string().min(1).max(1000),
  deviceId: z.string().min(1).max(100),
});
export const SessionUser = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: UserRole,
  officeId: z.string().nullable(),
});
export type SessionUser = z.infer<typeof SessionUser>;
export const LoginResponse = z.object({ token: z.string(), expiresAt: IsoDateTime, user: SessionUser });
export type LoginResponse = z.infer<typeof LoginResponse>;

export const AuditChange = z.object({ path: z.string(), from: JsonValue, to: JsonValue });
export const AuditEntry = z.object({
  seq: z.number().int(),
  at: IsoDateTime,
  clientTime: IsoDateTime.nullable(),
  actorId: z.string().nullable(),
  deviceId: z.string().nullable(),
  action: z.string(),
  table: z.string().nullable(),
  recordId: z.string().nullable(),
  mutationId: z.string().nullable(),
  baseRev: z.number().int().nullable(),
  rev: z.number().int().nullable(),
  changes: z.array(AuditChange),
  outcome: z.string(),
  conflictId: z.string().nullable().optional(),
  /** Office and case the entry belongs to (access filtering); part of the hashed entry. */
  officeId: z.string().nullable().optional(),
  caseId: z.string().nullable().optional(),
  /** Free-text detail: the error code of a rejection, the reason of a failed login... */
  detail: z.string().nullable().optional(),
  prevHash: z.string(),
  hash: z.string(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;
export const AuditPage = z.object({
  entries: z.array(AuditEntry),
  cursor: z.number().int(),
  hasMore: z.boolean(),
});
