// Bad-input fuzz of every HTTP route: no 5xx, the server keeps answering,
// every error is {error:{code,message}}, and the database is unchanged byte for
// byte except the refusals the design audits on purpose (see db-snapshot.ts).
// FUZZ_RUNS sets the number of generated requests (npm test: 300; the full
// run, `npm run test:fuzz`, 10,000). FUZZ_DB=postgres runs it on PostgreSQL.
import { connect } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createCaseMutation,
  contactPatch,
  mutation,
  withServer,
  type Session,
  type TestServer,
} from '../server/helpers';
import { v7 as uuidv7 } from 'uuid';
import { compareWithBaseline, dumpAll, dumpTable, allowedAuditEntry, type DbDump } from './db-snapshot';
import { fuzzRequest, type FuzzFixture, type FuzzRequest, type TokenKind } from './fuzz-inputs';
import { recordFuzzRun } from './fuzz-results';

const RUNS = Number(process.env.FUZZ_RUNS ?? 300);
const KIND = process.env.FUZZ_DB === 'postgres' ? 'postgres' : 'sqlite';
/** The full oracle (audit and mutations tables row by row) runs this often; a cheap one after every request. */
const FULL_CHECK_EVERY = 200;

interface Outcome {
  status: number;
  body: unknown;
  contentType: string;
}

describe(`HTTP bad-input fuzz on ${KIND}`, () => {
  let srv: TestServer;
  let fx: FuzzFixture;
  let tokens: Record<Exclude<TokenKind, 'none' | 'garbage'>, string>;
  let baseline: DbDump;
  let lastAuditSeq = 0;
  let mutationCount = 0;

  beforeAll(async () => {
    srv = await withServer(KIND);
    const office = await srv.createOffice('FZZ');
    const operator = await srv.createUser({ role: 'operator', officeId: office.id });
    const supervisor = await srv.createUser({ role: 'supervisor', officeId: office.id });
    const auditor = await srv.createUser({ role: 'auditor' });
    const created = createCaseMutation();
    const [caseResult] = await srv.push(operator.session, [created]);
    const contact = mutation('create', 'contacts', uuidv7(), contactPatch(created.recordId));
    await srv.push(operator.session, [contact]);
    expect(caseResult?.outcome).toBe('applied');
    const revoked: Session = await srv.login(operator.user.username, operator.password);
    await srv.request('POST', '/v1/auth/logout', { token: revoked });
    tokens = {
      operator: operator.session.token,
      supervisor: supervisor.session.token,
      admin: srv.admin.token,
      auditor: auditor.session.token,
      revoked: revoked.token,
    };
    fx = {
      caseId: created.recordId,
      contactId: contact.recordId,
      caseMutationId: created.mutationId,
      operatorId: operator.user.id,
      operatorDeviceId: operator.session.deviceId,
      officeId: office.id,
    };
    baseline = await dumpAll(srv.storage);
    lastAuditSeq = Math.max(0, ...[...baseline.get('audit')!.keys()].map(Number));
    mutationCount = baseline.get('mutations')!.size;
  }, 60_000);

  afterAll(async () => {
    await srv?.close();
  });

  async function send(req: FuzzRequest): Promise<Outcome | null> {
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) {
      try {
        headers.set(k, v);
      } catch {
        // a header value fetch itself refuses to send: not a server input
      }
    }
    if (req.token === 'garbage') {
      try {
        headers.set('authorization', req.garbageAuth);
      } catch {
        headers.set('authorization', 'Bearer \u00ff'.replace(/[^\x20-\x7e]/g, '?'));
      }
    } else if (req.token !== 'none') headers.set('authorization', `Bearer ${tokens[req.token]}`);
    if (req.contentType) headers.set('content-type', req.contentType);
    let res: Response;
    try {
      res = await fetch(srv.url + req.path, {
        method: req.method,
        headers,
        body: req.body,
        signal: AbortSignal.timeout(15_000),
      });
    } catch (err) {
      // undici refusing to send something (not a server input) is skipped; anything else is a failure.
      if ((err as { cause?: { code?: string } }).cause?.code === 'UND_ERR_INVALID_ARG') return null;
      throw err;
    }
    const contentType = res.headers.get('content-type') ?? '';
    if (contentType.includes('text/event-stream')) {
      await res.body?.cancel();
      return { status: res.status, body: null, contentType };
    }
    const text = await res.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // checked below: an error must be JSON
    }
    return { status: res.status, body, contentType };
  }

  /** After every request: strict tables, counters, and the new audit entries and stored results. */
  async function quickCheck(): Promise<string[]> {
    const problems: string[] = [];
    for (const t of ['offices', 'users', 'sessions', 'records', 'conflicts']) {
      const now = await dumpTable(srv.storage, t);
      const before = baseline.get(t)!;
      if (now.size !== before.size || [...now].some(([k, v]) => before.get(k) !== v))
        problems.push(`table ${t} changed`);
    }
    const counters = await dumpTable(srv.storage, 'counters');
    for (const [k, v] of baseline.get('counters')!)
      if (k !== 'audit' && counters.get(k) !== v) problems.push(`counter ${k} changed`);
    const fresh = await srv.storage.sql.all<{
      seq: number;
      action: string;
      outcome: string;
      mutation_id: string | null;
    }>('SELECT seq, action, outcome, mutation_id FROM audit WHERE seq > ? ORDER BY seq', [lastAuditSeq]);
    for (const e of fresh) {
      if (!allowedAuditEntry(e))
        problems.push(`audit entry ${e.seq} ${e.action}/${e.outcome} is not a refusal`);
      lastAuditSeq = Math.max(lastAuditSeq, Number(e.seq));
    }
    const rejectedNow = fresh.filter((e) => e.action.startsWith('push.') && e.outcome === 'rejected').length;
    const count = Number(
      (await srv.storage.sql.get<{ n: number }>('SELECT COUNT(*) AS n FROM mutations'))?.n ?? 0,
    );
    // Each stored first result has its rejected audit entry; a rejection of a reused id stores nothing.
    if (count - mutationCount > rejectedNow) problems.push(`${count - mutationCount} new mutation rows`);
    mutationCount = count;
    return problems;
  }

  it(`${RUNS} generated requests to every route: no 5xx, clear errors, nothing changed`, async () => {
    const statuses = new Map<number, number>();
    let n = 0;
    let skipped = 0;
    await fc.assert(
      fc.asyncProperty(fuzzRequest(fx), async (req) => {
        const out = await send(req);
        if (!out) {
          skipped += 1;
          return;
        }
        n += 1;
        statuses.set(out.status, (statuses.get(out.status) ?? 0) + 1);
        const where = `${req.method} ${req.path.slice(0, 120)} (${req.token})`;
        expect(out.status, `${where} -> ${JSON.stringify(out.body).slice(0, 300)}`).toBeLessThan(500);
        if (out.status >= 400) {
          const err = (out.body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
          expect(
            typeof err?.code,
            `${where}: ${out.status} error body ${JSON.stringify(out.body).slice(0, 300)}`,
          ).toBe('string');
          expect(typeof err?.message).toBe('string');
        }
        if (out.contentType.includes('text/event-stream')) {
          expect(req.path.startsWith('/v1/sync/events')).toBe(true);
          expect(['operator', 'supervisor']).toContain(req.token);
        }
        expect(await quickCheck(), where).toEqual([]);
        if (n % FULL_CHECK_EVERY === 0) {
          expect(await compareWithBaseline(srv.storage, baseline)).toEqual([]);
          expect((await srv.request('GET', '/v1/health')).status).toBe(200);
        }
      }),
      {
        numRuns: RUNS,
        endOnFailure: true,
        seed: process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined,
      },
    );
    console.log(
      `[fuzz ${KIND}] ${n} requests (${skipped} refused by the client itself); statuses ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`,
    );
    expect(await compareWithBaseline(srv.storage, baseline)).toEqual([]);
    expect((await srv.request('GET', '/v1/health')).status).toBe(200);
    const verify = await srv.request<{ ok: boolean }>('GET', '/v1/audit/verify', { token: tokens.auditor });
    expect(verify.body.ok).toBe(true);
    // `npm run test:fuzz` keeps the figures of its last full run (summarized in docs/benchmarks.md).
    if (process.env.FUZZ_OUT)
      recordFuzzRun(process.env.FUZZ_OUT, KIND, {
        requests: n,
        statuses: Object.fromEntries([...statuses].sort()),
      });
  }, 600_000);

  it('oversized bodies are 413 on every body route and change nothing', async () => {
    const big = JSON.stringify({
      deviceId: fx.operatorDeviceId,
      schemaVersion: 1,
      mutations: [],
      pad: 'x'.repeat(6 * 2 ** 20),
    });
    for (const [method, path, token] of [
      ['POST', '/v1/sync/push', tokens.operator],
      ['POST', '/v1/auth/login', undefined],
      ['POST', '/v1/admin/users', tokens.admin],
      ['PATCH', `/v1/admin/users/${fx.operatorId}`, tokens.admin],
    ] as const) {
      const res = await srv.request(method, path, { token, rawBody: big });
      expect(res.status, path).toBe(413);
      expect(res.body.error.code).toBe('payload_too_large');
    }
    const tooMany = Array.from({ length: 501 }, () => createCaseMutation());
    const res = await srv.request('POST', '/v1/sync/push', {
      token: tokens.operator,
      body: { deviceId: fx.operatorDeviceId, schemaVersion: 1, mutations: tooMany },
    });
    expect(res.status).toBe(400);
    expect(await compareWithBaseline(srv.storage, baseline)).toEqual([]);
  });

  it('malformed HTTP at the socket level is refused without taking the server down', async () => {
    const raw = [
      'GET /v1/health HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n',
      'POST /v1/sync/push HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
      'GARBAGE\r\n\r\n',
      `GET /${'a'.repeat(100_000)} HTTP/1.1\r\nHost: x\r\n\r\n`,
      'POST /v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"username"',
    ];
    const { port } = new URL(srv.url);
    for (const text of raw) {
      const reply = await new Promise<string>((resolve) => {
        const socket = connect(Number(port), '127.0.0.1');
        let data = '';
        socket.on('data', (d) => (data += d.toString('latin1')));
        socket.on('error', () => resolve(data));
        socket.on('close', () => resolve(data));
        socket.write(text);
        setTimeout(() => socket.destroy(), 1000);
      });
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(reply)?.[1] ?? 0);
      expect(status < 500, `${text.slice(0, 60)} -> ${reply.slice(0, 100)}`).toBe(true);
    }
    expect((await srv.request('GET', '/v1/health')).status).toBe(200);
    expect(await compareWithBaseline(srv.storage, baseline)).toEqual([]);
  });

  // JSON values in patch/prior are checked depth-first with a bound (MAX_JSON_DEPTH in
  // shared/sync/protocol.ts): ~5,000-deep arrays or objects are that mutation's rejection naming
  // the leaf (each mutation is parsed on its own), never a stack overflow (500) in zod or in the
  // merge/audit walkers behind it.
  it('a deeply nested patch value is a rejection of its mutation, not a 500', async () => {
    const depth = 5000;
    for (const [open, close, where] of [
      ['[', ']', 'patch'],
      ['{"a":', '}', 'patch'],
      ['[', ']', 'prior'],
    ] as const) {
      const raw = JSON.stringify({
        deviceId: fx.operatorDeviceId,
        schemaVersion: 1,
        // A new mutation each time: the same id again would be answered as a duplicate.
        mutations: [{ ...createCaseMutation(), [where]: { summary: '__DEEP__' } }],
      }).replace('"__DEEP__"', open.repeat(depth) + '1' + close.repeat(depth));
      const res = await srv.request('POST', '/v1/sync/push', { token: tokens.operator, rawBody: raw });
      expect(res.status, JSON.stringify(res.body).slice(0, 300)).toBe(200);
      const [result] = res.body.results;
      expect(result).toMatchObject({ outcome: 'rejected', error: { code: 'invalid_mutation' } });
      expect(result.error.message).toMatch(new RegExp(`^${where}\\.summary`));
    }
  });

  // Errors raised by Fastify's router before any hook runs (a path parameter over 100
  // characters: 414; malformed percent-encoding: 400) use the documented shape and headers.
  it('router errors (long or badly encoded path parameters) use the documented error shape', async () => {
    for (const p of [`/v1/admin/users/${'a'.repeat(101)}`, '/v1/admin/users/%E0%A4%A']) {
      const res = await srv.request('PATCH', p, { token: tokens.admin, body: { displayName: 'x' } });
      expect(res.status).toBeLessThan(500);
      expect(typeof res.body.error?.code, JSON.stringify(res.body)).toBe('string');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    }
  });
});
