// HTTP transport of sync protocol v1. Every response body is parsed with the
// shared zod schemas: a garbled or truncated answer is a retryable transport
// failure, never data. fetch is injected so tests can drop, delay or duplicate
// requests and responses.
import { DirectoryResponse } from '../../shared/sync/directory';
import { HandoverResponse, MovedResponse, type HandoverInput } from '../../shared/sync/handover';
import { z } from 'zod';
import {
  ApiErrorBody,
  AuditPage,
  LoginResponse,
  PullResponse,
  PushResponse,
  SessionUser,
  type PushRequest,
} from '../../shared/sync/protocol';
import { SCHEMA_VERSION } from '../../shared/domain/record';
import { expandRecord } from '../../shared/sync/wire';
import type { StreamTarget } from './live';

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export type TransportErrorKind =
  | 'network' // no answer at all: offline, DNS, reset, lost response
  | 'server' // 5xx, 429, 408: the server may succeed later
  | 'invalid_response' // 2xx with a body that fails the contract
  | 'unauthorized' // 401: token missing, expired or revoked
  | 'forbidden'
  | 'update_required' // the server cannot read this schemaVersion
  | 'too_large'
  | 'bad_request'
  | 'other';

export class TransportError extends Error {
  constructor(
    readonly kind: TransportErrorKind,
    message: string,
    readonly status?: number,
    readonly body?: ApiErrorBody,
  ) {
    super(message);
    this.name = 'TransportError';
  }

  /** Worth trying again unchanged: idempotent mutationIds make a resend safe. */
  get retryable(): boolean {
    return this.kind === 'network' || this.kind === 'server' || this.kind === 'invalid_response';
  }

  get code(): string {
    return this.body?.code ?? this.kind;
  }
}

export interface TransportOptions {
  baseUrl: () => string;
  getToken: () => string | null;
  fetch?: FetchLike;
  /** Abort a request that hangs longer than this; the answer counts as lost. */
  timeoutMs?: number;
  /**
   * Gzip request bodies of at least this many bytes (CompressionStream, where the platform has
   * it; unset: never). A server that refuses the encoding gets the body again as it is, and no
   * more compressed bodies from this transport.
   */
  gzipRequestsOver?: number;
  /** Sent with each sign-in for the server's device register (issue 19). */
  appVersion?: string;
}

export class SyncTransport {
  private readonly fetchImpl: FetchLike;
  private gzipRefused = false;

  constructor(private readonly options: TransportOptions) {
    this.fetchImpl = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  }

  get baseUrl(): string {
    return this.options.baseUrl().replace(/\/+$/, '');
  }

  push(request: PushRequest): Promise<PushResponse> {
    return this.request('POST', '/v1/sync/push', PushResponse, request);
  }

  /**
   * One pull page with every record whole: the console asks for compact records (defaults left
   * out, shared/sync/wire.ts) in its schema version and restores them here, so everything above
   * the transport sees full records, whichever a server sent.
   */
  async pull(cursor: number, limit: number): Promise<PullResponse> {
    const page = await this.request(
      'GET',
      `/v1/sync/pull?cursor=${cursor}&limit=${limit}&compact=${SCHEMA_VERSION}`,
      PullResponse,
    );
    page.changes = page.changes.map((c) => ({ table: c.table, record: expandRecord(c.table, c.record) }));
    return page;
  }

  /** One page of the server audit of a case or record (operators may only ask for one). */
  audit(query: {
    caseId?: string;
    recordId?: string;
    cursor?: number;
    limit?: number;
  }): Promise<z.infer<typeof AuditPage>> {
    const params = new URLSearchParams();
    if (query.caseId) params.set('caseId', query.caseId);
    if (query.recordId) params.set('recordId', query.recordId);
    params.set('cursor', String(query.cursor ?? 0));
    params.set('limit', String(query.limit ?? 500));
    return this.request('GET', `/v1/audit?${params.toString()}`, AuditPage);
  }

  /** Hands a case over to another office (supervisors; POST /v1/cases/:id/handover). */
  handover(caseId: string, input: HandoverInput): Promise<HandoverResponse> {
    return this.request('POST', `/v1/cases/${encodeURIComponent(caseId)}/handover`, HandoverResponse, input);
  }

  /** Cases handed over out of this office after `cursor` (GET /v1/cases/moved). */
  movedCases(cursor: number): Promise<MovedResponse> {
    return this.request('GET', `/v1/cases/moved?cursor=${cursor}&limit=500`, MovedResponse);
  }

  /** The caller's office and its users (GET /v1/directory), for naming people. */
  directory(): Promise<DirectoryResponse> {
    return this.request('GET', '/v1/directory', DirectoryResponse);
  }

  login(username: string, password: string, deviceId: string): Promise<LoginResponse> {
    const { appVersion } = this.options;
    const body = { username, password, deviceId, ...(appVersion ? { appVersion } : {}) };
    return this.request('POST', '/v1/auth/login', LoginResponse, body, false);
  }

  async logout(): Promise<void> {
    await this.raw('POST', '/v1/auth/logout', {}, true);
  }

  async me(): Promise<SessionUser> {
    const body = await this.request('GET', '/v1/me', MeResponse);
    return 'user' in body ? body.user : body;
  }

  /** True when the server answers at all: any HTTP status proves the network path works. */
  async probe(): Promise<boolean> {
    try {
      await this.fetchWithTimeout(`${this.baseUrl}/v1/health`, { method: 'GET' });
      return true;
    } catch {
      return false;
    }
  }

  /** The event stream, with the token in the Authorization header (a token in a URL ends up in logs). */
  eventsUrl(): StreamTarget | null {
    const token = this.options.getToken();
    return token
      ? { url: `${this.baseUrl}/v1/sync/events`, headers: { authorization: `Bearer ${token}` } }
      : null;
  }

  private async request<S extends z.ZodType>(
    method: 'GET' | 'POST',
    path: string,
    schema: S,
    body?: unknown,
    auth = true,
  ): Promise<z.infer<S>> {
    const response = await this.raw(method, path, body, auth);
    let json: unknown;
    try {
      json = await response.json();
    } catch (error) {
      throw new TransportError(
        'invalid_response',
        `unreadable response from ${path}: ${String(error)}`,
        response.status,
      );
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      throw new TransportError(
        'invalid_response',
        `response from ${path} breaks the protocol: ${parsed.error.message}`,
      );
    }
    return parsed.data;
  }

  private async raw(method: 'GET' | 'POST', path: string, body: unknown, auth: boolean): Promise<Response> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const token = this.options.getToken();
    if (auth && token) headers.authorization = `Bearer ${token}`;
    const json = body === undefined ? undefined : JSON.stringify(body);
    const gzip = json !== undefined && this.shouldGzip(json);
    let response: Response;
    try {
      response = await this.fetchWithTimeout(`${this.baseUrl}${path}`, {
        method,
        headers: gzip ? { ...headers, 'content-encoding': 'gzip' } : headers,
        body: gzip ? await gzipped(json) : json,
      });
    } catch (error) {
      throw new TransportError('network', `no answer from the server: ${String(error)}`);
    }
    if (response.ok) return response;
    const error = await errorFromResponse(response);
    // A server from before compressed pushes reads gzip as broken JSON (400 invalid_json) or
    // refuses the encoding (415); either way it changed nothing, so the same body goes again as it
    // is. Any other 400 (a validation error) is the answer to the body itself.
    if (gzip && (response.status === 415 || GZIP_MISREAD.has(error.code))) {
      this.gzipRefused = true;
      return this.raw(method, path, body, auth);
    }
    throw error;
  }

  private shouldGzip(json: string): boolean {
    const over = this.options.gzipRequestsOver;
    return (
      over !== undefined &&
      !this.gzipRefused &&
      json.length >= over &&
      typeof CompressionStream === 'function'
    );
  }

  private async fetchWithTimeout(url: string, init: RequestInit): Promise<Response> {
    const timeoutMs = this.options.timeoutMs ?? 30_000;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    try {
      return await this.fetchImpl(url, { ...init, signal: controller.signal });
    } finally {
      clearTimeout(timer);
    }
  }
}

/** What a server that does not inflate request bodies answers to a gzipped JSON body. */
const GZIP_MISREAD = new Set(['invalid_json', 'bad_request', 'invalid_compressed_body']);

/** `json` as gzip bytes, compressed by the platform. */
async function gzipped(json: string): Promise<ArrayBuffer> {
  const stream = new Blob([json]).stream().pipeThrough(new CompressionStream('gzip'));
  return new Response(stream).arrayBuffer();
}

// /v1/me answers either the user or {user}; accept both shapes.
const MeResponse = z.union([z.object({ user: SessionUser }), SessionUser]);
const ApiErrorEnvelope = z.object({ error: ApiErrorBody });

async function errorFromResponse(response: Response): Promise<TransportError> {
  let body: ApiErrorBody | undefined;
  try {
    const parsed = ApiErrorEnvelope.safeParse(await response.json());
    if (parsed.success) body = parsed.data.error;
  } catch {
    // A proxy's HTML error page: classify by status alone.
  }
  const status = response.status;
  const message = body?.message ?? `HTTP ${status}`;
  if (status === 401) return new TransportError('unauthorized', message, status, body);
  if (status === 403) return new TransportError('forbidden', message, status, body);
  if (status === 413) return new TransportError('too_large', message, status, body);
  if (status === 409 && body?.code === 'schema_version_unsupported') {
    return new TransportError('update_required', message, status, body);
  }
  if (status >= 500 || status === 429 || status === 408)
    return new TransportError('server', message, status, body);
  if (status === 400) return new TransportError('bad_request', message, status, body);
  return new TransportError('other', message, status, body);
}
