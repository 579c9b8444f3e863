// A small HTTP client for the sync protocol, used against server processes by
// the load, crash and multi-node tests. Node's fetch keeps connections alive.
import { v4 as uuidv4, v7 as uuidv7 } from 'uuid';
import { SCHEMA_VERSION } from '../../shared/domain/record';
import { flatten } from '../../shared/sync/paths';
import type { AuditEntry, Mutation, MutationResult, PullResponse } from '../../shared/sync/protocol';
import { createCaseMutation, mutation, nowIso } from '../support/case-factory';
import { takePokes } from '../support/server-test-kit';
import { ADMIN_PASSWORD, ADMIN_USERNAME } from './server-process';

export { mutation };

export const USER_PASSWORD = 'load-user-password-1';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    what: string,
  ) {
    super(`${what}: HTTP ${status} ${JSON.stringify(body).slice(0, 300)}`);
  }
}

export interface Session {
  token: string;
  userId: string;
  officeId: string | null;
  deviceId: string;
}

/** One JSON request; throws HttpError on a non-2xx answer and the fetch error when the server is gone. */
export async function call<T>(
  baseUrl: string,
  method: string,
  urlPath: string,
  opts: { token?: string; body?: unknown; timeoutMs?: number } = {},
): Promise<T> {
  const headers: Record<string, string> = {};
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(baseUrl + urlPath, {
    method,
    headers,
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    signal: AbortSignal.timeout(opts.timeoutMs ?? 30_000),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // keep the text
  }
  if (res.status >= 300) throw new HttpError(res.status, parsed, `${method} ${urlPath}`);
  return parsed as T;
}

export async function login(
  baseUrl: string,
  username: string,
  password: string,
  deviceId = `dev-${uuidv4()}`,
): Promise<Session> {
  const body = await call<{ token: string; user: { id: string; officeId: string | null } }>(
    baseUrl,
    'POST',
    '/v1/auth/login',
    { body: { username, password, deviceId } },
  );
  return { token: body.token, userId: body.user.id, officeId: body.user.officeId, deviceId };
}

export const loginAdmin = (baseUrl: string) => login(baseUrl, ADMIN_USERNAME, ADMIN_PASSWORD, 'admin-dev');

export async function createOffice(baseUrl: string, admin: Session, code: string): Promise<string> {
  const body = await call<{ office: { id: string } }>(baseUrl, 'POST', '/v1/admin/offices', {
    token: admin.token,
    body: { code, name: `Office ${code}` },
  });
  return body.office.id;
}

export async function createUser(
  baseUrl: string,
  admin: Session,
  username: string,
  role: 'operator' | 'supervisor' | 'admin' | 'auditor',
  officeId: string | null,
): Promise<string> {
  const body = await call<{ user: { id: string } }>(baseUrl, 'POST', '/v1/admin/users', {
    token: admin.token,
    body: { username, password: USER_PASSWORD, displayName: `User ${username}`, role, officeId },
  });
  return body.user.id;
}

export async function push(baseUrl: string, s: Session, mutations: Mutation[]): Promise<MutationResult[]> {
  const body = await call<{ results: MutationResult[] }>(baseUrl, 'POST', '/v1/sync/push', {
    token: s.token,
    body: { deviceId: s.deviceId, schemaVersion: SCHEMA_VERSION, mutations },
  });
  return body.results;
}

export function pull(baseUrl: string, s: Session, cursor: number, limit = 1000): Promise<PullResponse> {
  return call<PullResponse>(baseUrl, 'GET', `/v1/sync/pull?cursor=${cursor}&limit=${limit}`, {
    token: s.token,
  });
}

/** Pulls until hasMore is false; returns the latest version of every record seen and the last cursor. */
export async function pullAll(
  baseUrl: string,
  s: Session,
  from = 0,
): Promise<{ records: Map<string, Record<string, unknown>>; cursor: number }> {
  const records = new Map<string, Record<string, unknown>>();
  let cursor = from;
  for (;;) {
    const page = await pull(baseUrl, s, cursor, 5000);
    for (const c of page.changes) records.set(`${c.table}:${String(c.record.id)}`, c.record);
    cursor = page.cursor;
    if (!page.hasMore) return { records, cursor };
  }
}

export async function auditAll(baseUrl: string, s: Session): Promise<AuditEntry[]> {
  const out: AuditEntry[] = [];
  let cursor = 0;
  for (;;) {
    const page = await call<{ entries: AuditEntry[]; cursor: number; hasMore: boolean }>(
      baseUrl,
      'GET',
      `/v1/audit?cursor=${cursor}&limit=1000`,
      { token: s.token },
    );
    out.push(...page.entries);
    cursor = page.cursor;
    if (!page.hasMore) return out;
  }
}

export function verifyAudit(
  baseUrl: string,
  s: Session,
): Promise<{ ok: boolean; entries: number; firstBrokenSeq?: number }> {
  return call(baseUrl, 'GET', '/v1/audit/verify', { token: s.token, timeoutMs: 120_000 });
}

// ---- mutations a console would send ----------------------------------------------

let draft = 0;

/** A case as an intake desk pushes it (the shared factory's case, received by the desk). */
export function newCase(): Mutation {
  return createCaseMutation({
    draftNumber: `DRAFT-${process.pid}-${(draft++).toString(36)}-${Math.random().toString(36).slice(2, 6)}`,
    receivedBy: 'desk',
    summary: 'Salary unpaid for four months, employer holds passport',
  });
}

export function newContact(caseId: string): Mutation {
  const patch = flatten({
    caseId,
    at: nowIso(),
    direction: 'outgoing',
    channel: 'phone',
    result: 'connected',
    toldFamily: 'the mission has been informed',
  });
  return mutation('create', 'contacts', uuidv7(), patch);
}

/** An edit of the case summary on top of `baseRev`, `prior` being what the editor saw. */
export function editCase(caseId: string, baseRev: number, prior: string, next: string): Mutation {
  return mutation('update', 'cases', caseId, { summary: next }, { baseRev, prior: { summary: prior } });
}

/** Reads `poke` events from the SSE stream and calls onPoke; resolves when aborted or the stream ends. */
export async function listenPokes(
  baseUrl: string,
  s: Session,
  signal: AbortSignal,
  onPoke: (seq: number) => void,
): Promise<void> {
  const res = await fetch(`${baseUrl}/v1/sync/events`, {
    headers: { authorization: `Bearer ${s.token}` },
    signal,
  });
  if (res.status !== 200 || !res.body) throw new HttpError(res.status, await res.text(), 'events');
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      const { seqs, rest } = takePokes(buffer + decoder.decode(value, { stream: true }));
      buffer = rest;
      seqs.forEach(onPoke);
    }
  } catch (err) {
    if (signal.aborted) return;
    throw err;
  }
}
