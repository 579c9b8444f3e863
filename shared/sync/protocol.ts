// Sync protocol v1: the wire contract between console and server. Both sides
// parse with these schemas; see docs/sync-protocol.md.
import { z } from 'zod';
import { UserRole } from '../domain/enums';
import { INT32_MAX, RevNumber, SAFE_INT_MAX, SeqNumber } from '../domain/numbers';
import { IsoDateTime, SyncedTable, UUID_PATTERN, Uuid } from '../domain/record';
import { CompactParam } from './wire';

const MAX_PATH = 200;
const LEAF_PATH_RE = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/;
export const LeafPath = z.string().min(1).max(MAX_PATH).regex(LEAF_PATH_RE, 'expected a dotted leaf path');

/**
 * Deepest nesting of arrays/objects accepted in a JSON value of the protocol. No record field nests
 * deeper than a few levels; the cap keeps every recursive walker downstream (merge, equality, audit
 * canonical JSON, zod record schemas) far from the stack limit whatever a client sends.
 */
export const MAX_JSON_DEPTH = 32;
/**
 * Leaves one mutation may carry in `patch` or `prior`. A create carries every leaf of its record
 * (a case with several reporters and employers: ~300); an edit carries what a person changed.
 */
export const MAX_LEAVES = 500;
/**
 * Conflicts one mutation, and one push, may open (issue 14 item 4): one push of 500 stale edits
 * of 500 leaves each opened 250,000 conflicts that the whole office then pulled. A mutation that
 * would pass either bound is refused alone (`too_many_conflicts`) and opens none. No console
 * comes near them: a conflict needs another person's edit of the same leaf in the meantime.
 */
export const MAX_CONFLICTS_PER_MUTATION = 100;
export const MAX_CONFLICTS_PER_PUSH = 1000;

export interface JsonProblem {
  /** Where inside the checked value (empty: the value itself). */
  path: (string | number)[];
  message: string;
}

function isPlainRecord(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

/**
 * Why `value` is not plain JSON (finite numbers, strings, booleans, null, arrays, plain objects)
 * nested at most `maxDepth` containers deep; undefined if it is. Recursion is bounded by
 * `maxDepth`, so a 5,000-deep array costs 32 frames, not a stack overflow. The path is built only
 * on failure.
 */
export function jsonProblem(value: unknown, maxDepth = MAX_JSON_DEPTH): JsonProblem | undefined {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return undefined;
    case 'number':
      return Number.isFinite(value) ? undefined : { path: [], message: 'expected a finite number' };
    case 'object': {
      if (value === null) return undefined;
      if (maxDepth <= 0) {
        return { path: [], message: `JSON value nested deeper than ${MAX_JSON_DEPTH} levels` };
      }
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) {
          const p = jsonProblem(value[i], maxDepth - 1);
          if (p) return (p.path.unshift(i), p);
        }
        return undefined;
      }
      if (!isPlainRecord(value)) return { path: [], message: 'expected a JSON value' };
      for (const k in value) {
        if (!Object.hasOwn(value, k)) continue;
        const p = jsonProblem(value[k], maxDepth - 1);
        if (p) return (p.path.unshift(k), p);
      }
      return undefined;
    }
    default:
      return { path: [], message: 'expected a JSON value' };
  }
}

/** Any JSON value, depth-bounded (z.json() recursed without limit and overflowed the stack). */
export const JsonValue: z.ZodType<unknown> = z.custom<unknown>().superRefine((value, ctx) => {
  const problem = jsonProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem.message, path: problem.path });
});

/**
 * A leaf map (leaf path -> JSON value), checked in one pass: the hot path of every push (500
 * mutations x 2 maps per batch). Same rules as z.record(LeafPath, JsonValue) plus the leaf count,
 * with each issue at `<key>` or inside it, but no per-key zod machinery and no copy of the map.
 */
export const LeafMapSchema = z
  .custom<Record<string, unknown>>(isPlainRecord, { message: 'expected an object of leaf paths' })
  .superRefine((map, ctx) => {
    if (!isPlainRecord(map)) return;
    let n = 0;
    for (const key in map) {
      if (!Object.hasOwn(map, key)) continue;
      n += 1;
      if (key.length === 0 || key.length > MAX_PATH || !LEAF_PATH_RE.test(key)) {
        ctx.addIssue({
          code: 'custom',
          message: `expected a dotted leaf path of at most ${MAX_PATH} characters`,
          path: [key],
        });
        continue;
      }
      const problem = jsonProblem(map[key]);
      if (problem) ctx.addIssue({ code: 'custom', message: problem.message, path: [key, ...problem.path] });
    }
    if (n > MAX_LEAVES)
      ctx.addIssue({ code: 'custom', message: `at most ${MAX_LEAVES} leaves per mutation` });
  });

/** A UTF-16 surrogate without its pair: not text, and UTF-8 storage turns it into U+FFFD. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const LONE_SURROGATES = new RegExp(LONE_SURROGATE.source, 'g');

/** `text` as the database will store it (and read it back): each lone surrogate becomes U+FFFD. */
export function storedForm(text: string): string {
  return LONE_SURROGATE.test(text) ? text.replace(LONE_SURROGATES, '\uFFFD') : text;
}

/**
 * Text stored as is in TEXT columns: PostgreSQL cannot hold a NUL byte (it failed the request with
 * a 500), and neither database keeps a lone surrogate (both store U+FFFD instead, so what was
 * stored would no longer be what was received).
 */
export function storable<T extends z.ZodString>(schema: T): T {
  return schema
    .refine((s) => !s.includes('\u0000'), 'must not contain a NUL character')
    .refine((s) => !LONE_SURROGATE.test(s), 'must be valid Unicode text');
}

const StoredText = (max: number) => storable(z.string().min(1).max(max));

export const MUTATION_OPS = ['create', 'update', 'delete', 'resolve'] as const;
export const MutationOp = z.enum(MUTATION_OPS);
export type MutationOp = z.infer<typeof MutationOp>;

export const Mutation = z.object({
  mutationId: Uuid,
  table: SyncedTable,
  recordId: Uuid,
  op: MutationOp,
  /** 32-bit: it is stored in INTEGER columns (shared/domain/numbers.ts). */
  baseRev: RevNumber,
  patch: LeafMapSchema,
  prior: LeafMapSchema,
  clientTime: IsoDateTime,
  /** Only for op "resolve": the conflict this mutation settles. */
  conflictId: Uuid.optional(),
});
export type Mutation = z.infer<typeof Mutation>;

export const MAX_BATCH = 500;
const SchemaVersionNumber = z.number().int().min(1).max(INT32_MAX);
/** What a console sends. */
export const PushRequest = z.object({
  deviceId: StoredText(100),
  schemaVersion: SchemaVersionNumber,
  mutations: z.array(Mutation).max(MAX_BATCH),
});
export type PushRequest = z.infer<typeof PushRequest>;

/**
 * What the server parses first: the push without its mutations' contents. Each mutation is then
 * parsed on its own (parseMutation), so one bad mutation is refused alone and the rest of the
 * push applies. Only a mutation without a readable mutationId fails the whole push (400): there
 * is no id to answer it by.
 */
export const PushEnvelope = z.object({
  deviceId: StoredText(100),
  schemaVersion: SchemaVersionNumber,
  mutations: z.array(z.looseObject({ mutationId: Uuid })).max(MAX_BATCH),
});
export type PushEnvelope = z.infer<typeof PushEnvelope>;

/** Why one pushed mutation was refused before it reached the database. */
export interface MutationRefusal {
  code: 'invalid_mutation' | 'too_many_leaves';
  message: string;
  details: { issues: { path: string; message: string }[]; path?: string };
}

function leafCount(map: unknown): number {
  if (!isPlainRecord(map)) return 0;
  let n = 0;
  for (const k in map) if (Object.hasOwn(map, k)) n += 1;
  return n;
}

/** One pushed mutation, parsed: the mutation, or why it is refused. */
export function parseMutation(
  raw: unknown,
): { ok: true; mutation: Mutation } | { ok: false; refusal: MutationRefusal } {
  if (isPlainRecord(raw)) {
    for (const where of ['patch', 'prior'] as const) {
      const n = leafCount(raw[where]);
      if (n > MAX_LEAVES) {
        const message = `${where}: ${n} leaves; at most ${MAX_LEAVES} per mutation`;
        return {
          ok: false,
          refusal: {
            code: 'too_many_leaves',
            message,
            details: { issues: [{ path: where, message }], path: where },
          },
        };
      }
    }
  }
  const parsed = Mutation.safeParse(raw);
  if (parsed.success) return { ok: true, mutation: parsed.data };
  const issues = parsed.error.issues.map((i) => ({
    path: i.path.map(String).join('.') || '(mutation)',
    message: i.message,
  }));
  const first = issues[0]!;
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
  return {
    ok: false,
    refusal: {
      code: 'invalid_mutation',
      message: `${first.path}: ${first.message}${more}`,
      details: { issues, path: first.path },
    },
  };
}

/** A pushed mutation id, if `raw` has one that is a UUID (hot path: no zod). */
export function mutationIdOf(raw: unknown): string | undefined {
  const id = isPlainRecord(raw) ? raw.mutationId : undefined;
  return typeof id === 'string' && UUID_PATTERN.test(id) ? id : undefined;
}

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
  rev: RevNumber.optional(),
  seq: SeqNumber.optional(),
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
  seq: SeqNumber,
});
export type Conflict = z.infer<typeof Conflict>;

export const PullQuery = z.object({
  cursor: z.coerce.number().int().min(0).max(SAFE_INT_MAX).default(0),
  limit: z.coerce.number().int().min(1).max(5000).default(1000),
  /** Compact records (defaults left out) for a client of this schema version: shared/sync/wire.ts. */
  compact: CompactParam,
});
export const PullChange = z.object({ table: SyncedTable, record: z.record(z.string(), z.unknown()) });
export type PullChange = z.infer<typeof PullChange>;
export const PullResponse = z.object({
  changes: z.array(PullChange),
  conflicts: z.array(Conflict),
  cursor: SeqNumber,
  hasMore: z.boolean(),
});
export type PullResponse = z.infer<typeof PullResponse>;

export const PokeEvent = z.object({ seq: SeqNumber });

export const LoginRequest = z.object({
  username: StoredText(100),
  password: z.string().min(1).max(1000),
  deviceId: StoredText(100),
  /** The console's version, kept in the server's device register (issue 19). Optional: older consoles. */
  appVersion: StoredText(40).optional(),
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
  seq: SeqNumber,
  at: IsoDateTime,
  clientTime: IsoDateTime.nullable(),
  actorId: z.string().nullable(),
  deviceId: z.string().nullable(),
  action: z.string(),
  table: z.string().nullable(),
  recordId: z.string().nullable(),
  mutationId: z.string().nullable(),
  baseRev: RevNumber.nullable(),
  rev: RevNumber.nullable(),
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
  cursor: SeqNumber,
  hasMore: z.boolean(),
});
