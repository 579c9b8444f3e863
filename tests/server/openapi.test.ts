// The OpenAPI document is generated from the route schemas Fastify validates
// with (server/routes/api-docs.ts): every registered route is in it with a
// summary and a success response, it is valid OpenAPI 3.1 (checked by
// @seriousme/openapi-schema-validator), the leaf maps and JSON values zod
// checks in code are described (they came out as `{}` before), and a
// validation failure keeps the documented error shape and order (401 before 400).
import { Validator } from '@seriousme/openapi-schema-validator';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../server/index';
import { registeredRoutes } from '../../server/routes/api-docs';
import { DB_KINDS, withServer, type TestServer } from './helpers';

type Doc = {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Record<string, unknown>> };
};
type Response = { content: Record<string, { schema: unknown }> };
type Operation = {
  summary?: string;
  responses?: Record<string, unknown>;
  requestBody?: { content: Record<string, { schema: Record<string, unknown> }> };
};

describe('the OpenAPI document', () => {
  let dir: string;
  let server: RunningServer;
  let doc: Doc;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'posko-openapi-'));
    server = await startServer({ dataDir: dir, port: 0 });
    const response = await fetch(`${server.url}/v1/openapi.json`);
    expect(response.status).toBe(200);
    doc = (await response.json()) as Doc;
  });
  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('documents every registered route, each with a summary and a success response', () => {
    const routes = registeredRoutes(server.app).filter(
      // HEAD routes are Fastify's automatic twins of GET ones; hidden ones are the CORS preflight.
      (route) => route.method !== 'HEAD' && !route.hidden,
    );
    expect(routes.length).toBeGreaterThan(10);
    const missing: string[] = [];
    for (const route of routes) {
      const pathKey = route.url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
      const operation = doc.paths[pathKey]?.[route.method.toLowerCase()];
      const ok = Object.keys(operation?.responses ?? {}).some((status) => /^2\d\d$/.test(status));
      if (!operation?.summary || !ok) missing.push(`${route.method} ${route.url}`);
    }
    expect(missing).toEqual([]);
  });

  it('is valid OpenAPI 3.1', async () => {
    expect(doc.openapi).toMatch(/^3\.1\./);
    const validator = new Validator();
    const result = await validator.validate(structuredClone(doc));
    expect(result.errors ?? [], JSON.stringify(result.errors ?? []).slice(0, 2000)).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
    // The validator does look: a response without its (required) description is refused.
    const broken = structuredClone(doc);
    (broken.paths['/v1/health']?.get as Operation).responses = { '200': {} };
    expect((await new Validator().validate(broken)).valid).toBe(false);
  });

  it('describes the leaf maps and JSON values that zod checks in code', () => {
    const leafMap = doc.components.schemas.LeafMapInput;
    expect(leafMap).toMatchObject({ type: 'object', propertyNames: { type: 'string' } });
    expect(leafMap?.additionalProperties).toEqual({ $ref: '#/components/schemas/JsonValue' });
    expect(doc.components.schemas.JsonValue?.description).toMatch(/JSON value/);
    // The push body's mutations, their patch and prior, and a pulled conflict's base (all `{}` before).
    const mutation = doc.components.schemas.MutationInput as { properties: Record<string, unknown> };
    expect(mutation.properties.patch).toEqual({ $ref: '#/components/schemas/LeafMapInput' });
    expect(mutation.properties.prior).toEqual({ $ref: '#/components/schemas/LeafMapInput' });
    const push = doc.paths['/v1/sync/push']?.post?.requestBody?.content['application/json']?.schema as {
      properties: { mutations: { items: Record<string, unknown> } };
    };
    expect(push.properties.mutations.items.$ref).toBe('#/components/schemas/MutationInput');
    const pull = (doc.paths['/v1/sync/pull']?.get?.responses?.['200'] as Response).content['application/json']
      ?.schema as { properties: { conflicts: { items: { properties: Record<string, unknown> } } } };
    for (const leaf of ['base', 'server', 'client'])
      expect(pull.properties.conflicts.items.properties[leaf]).toEqual({
        $ref: '#/components/schemas/JsonValue',
      });
  });
});

describe.each(DB_KINDS)('route validation on %s', (kind) => {
  let srv: TestServer;
  beforeAll(async () => {
    srv = await withServer(kind);
  });
  afterAll(() => srv.close());

  it('answers bad input with the documented 400, naming where and which field', async () => {
    const res = await srv.request('POST', '/v1/admin/offices', { token: srv.admin, body: { code: 7 } });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(res.body.error.message).toMatch(/^body\.code: /);
    expect(res.body.error.details.issues[0].path).toBe('body.code');
    const params = await srv.request('PATCH', `/v1/admin/users/${'x'.repeat(65)}`, {
      token: srv.admin,
      body: {},
    });
    expect(params.status).toBe(400);
    expect(params.body.error.message).toMatch(/^params\.id: /);
    // A route without a token to check first lets Fastify answer: the same shape (server/errors.ts).
    const login = await srv.request('POST', '/v1/auth/login', { body: { username: 5 } });
    expect(login.status).toBe(400);
    expect(login.body.error.code).toBe('validation_failed');
    expect(login.body.error.message).toMatch(/^body\.username: /);
  });

  it('checks the token before the input, as before (401, then 403, then 400)', async () => {
    const anonymous = await srv.request('POST', '/v1/admin/offices', { body: { code: 7 } });
    expect(anonymous.status).toBe(401);
    const office = await srv.createOffice('VAL');
    const { session } = await srv.createUser({ role: 'operator', officeId: office.id });
    const operator = await srv.request('POST', '/v1/admin/offices', { token: session, body: { code: 7 } });
    expect(operator.status).toBe(403);
  });
});
