// The server's log (issue 19): structured JSON, one object per line, each request's lines carrying
// its request id (also returned as X-Request-Id), and never personal data: a case's passport
// number, NIK and name pushed, refused and in conflict appear in none of the lines.
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import Fastify from 'fastify';
import { installErrorHandlers } from '../../server/errors';
import { SCHEMA_VERSION } from '../../shared/domain/record';
import { createCaseMutation, DB_KINDS, updateMutation, withServer, type TestServer } from './helpers';

const PASSPORT = 'X9876543';
const NIK = '3174012345678901';
const NAME = 'Wulan Sekar Kinanti';
const SECRETS = [PASSPORT, NIK, NAME, 'Sekar', '3174012345'];

function capture(): { stream: Writable; lines: string[] } {
  const lines: string[] = [];
  let tail = '';
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      const text = tail + chunk.toString('utf8');
      const parts = text.split('\n');
      tail = parts.pop() ?? '';
      lines.push(...parts.filter(Boolean));
      done();
    },
  });
  return { stream, lines };
}

describe.each(DB_KINDS)('server log on %s', (kind) => {
  let srv: TestServer | undefined;
  afterEach(async () => {
    await srv?.close();
    srv = undefined;
  });

  it('is JSON with a request id and holds no passport number, NIK or name', async () => {
    const log = capture();
    srv = await withServer(kind, { logger: true, logStream: log.stream });
    const officeId = (await srv.createOffice()).id;
    const a = (await srv.createUser({ role: 'operator', officeId })).session;
    const b = (await srv.createUser({ role: 'operator', officeId })).session;
    const worker = { fullName: NAME, nik: NIK, passportNumber: PASSPORT };
    const created = createCaseMutation({ worker });
    const [ok] = await srv.push(a, [created]);
    expect(ok!.outcome).toBe('applied');

    // A conflict: both edit the name from the same base.
    const prior = { 'worker.fullName': NAME };
    await srv.push(a, [
      updateMutation('cases', created.recordId, 1, { 'worker.fullName': `${NAME} A` }, prior),
    ]);
    const [second] = await srv.push(b, [
      updateMutation('cases', created.recordId, 1, { 'worker.fullName': `${NAME} B` }, prior),
    ]);
    expect(second!.outcome).toBe('conflict');

    // A mutation refused by the record rules, with the values in it.
    const [refused] = await srv.push(a, [createCaseMutation({ worker: { ...worker, nik: `${NIK}99` } })]);
    expect(refused!.outcome).not.toBe('applied');

    // Requests Fastify refuses before our code: bad envelope, malformed JSON, both carrying values.
    const bad = await srv.request('POST', '/v1/sync/push', {
      token: a,
      body: { deviceId: a.deviceId, schemaVersion: PASSPORT, mutations: [{ nik: NIK, name: NAME }] },
    });
    expect(bad.status).toBe(400);
    const malformed = await srv.request('POST', '/v1/sync/push', {
      token: a,
      rawBody: `{"deviceId": "${a.deviceId}", "schemaVersion": ${SCHEMA_VERSION}, "x": "${NAME} ${NIK} ${PASSPORT}"`,
    });
    expect(malformed.status).toBe(400);
    const login = await srv.request('POST', '/v1/auth/login', {
      body: { username: NAME, password: PASSPORT, deviceId: NIK },
    });
    expect(login.status).toBe(401);
    const requestId = login.headers.get('x-request-id');
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    // A client cannot choose the id (it could forge a trail in the log).
    const forged = await srv.request('GET', '/v1/health', { headers: { 'x-request-id': 'forged-id' } });
    expect(forged.headers.get('x-request-id')).not.toBe('forged-id');

    await srv.close();
    srv = undefined;
    expect(log.lines.length).toBeGreaterThan(10);
    const entries = log.lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    for (const line of log.lines) for (const secret of SECRETS) expect(line).not.toContain(secret);
    const requestLines = entries.filter((e) => e.req || e.res);
    expect(requestLines.length).toBeGreaterThan(10);
    for (const e of requestLines) expect(e.reqId).toEqual(expect.any(String));
    expect(entries.filter((e) => e.reqId === requestId).length).toBeGreaterThanOrEqual(2);
  }, 60_000);
});

describe('the error handler', () => {
  it('logs an unexpected error by class, code and frames, without its message or fields', async () => {
    const log = capture();
    const app = Fastify({ logger: { level: 'info', stream: log.stream } });
    installErrorHandlers(app);
    app.get('/boom', async () => {
      // What a database error looks like: the value it choked on in the message and in a field.
      const err = Object.assign(new Error(`duplicate key: Key (nik)=(${NIK}) already exists`), {
        code: '23505',
        detail: `Key (passport)=(${PASSPORT}) for ${NAME}`,
      });
      throw err;
    });
    const res = await app.inject({ method: 'GET', url: '/boom' });
    expect(res.statusCode).toBe(500);
    expect(res.json()).toEqual({ error: { code: 'internal_error', message: 'internal server error' } });
    await app.close();
    const line = log.lines.find((l) => l.includes('unhandled error'));
    expect(line).toBeDefined();
    expect(JSON.parse(line!)).toMatchObject({ error: { type: 'Error', code: '23505' } });
    expect(line).toContain('logs-pii.test.ts'); // the frames are there to find the bug
    for (const l of log.lines) for (const secret of SECRETS) expect(l).not.toContain(secret);
  });
});
