// fast-check generators of bad HTTP input for every route of the sync server:
// malformed, oversized, wrongly typed, nested, unicode-edge and injection-shaped
// bodies, headers, path parameters and query strings. Bodies shaped like a valid
// request always carry at least one poison (a wrong type, an unknown field, a
// bad enum...), so no generated request is legitimately allowed to change state.
import fc from 'fast-check';

export type TokenKind = 'none' | 'operator' | 'supervisor' | 'admin' | 'auditor' | 'revoked' | 'garbage';

export interface FuzzFixture {
  caseId: string;
  contactId: string;
  caseMutationId: string;
  operatorId: string;
  /** The device the operator's session signed in from: a push naming another is refused first. */
  operatorDeviceId: string;
  officeId: string;
}

export interface FuzzRequest {
  method: string;
  path: string;
  token: TokenKind;
  garbageAuth: string;
  contentType: string | null;
  body: string | undefined;
  headers: Record<string, string>;
}

export const INJECTIONS = [
  "' OR '1'='1",
  "'; DROP TABLE records; --",
  '"; DELETE FROM audit; --',
  "admin'--",
  '1; UPDATE users SET role=$$admin$$',
  '$(rm -rf /)',
  '`reboot`',
  '{{7*7}}',
  '${7*7}',
  '<script>alert(1)</script>',
  '../../../../etc/passwd',
  '..%2f..%2fetc%2fpasswd',
  '%00',
  '\u0000',
  '\u202e\u0644\u0627',
  '\ud800',
  '\udfff\ud800',
  '\u200b\u200d\ufeff',
  '👩‍👩‍👧‍👦🇮🇩',
  'Ａｄｍｉｎ',
  'ADMIN',
  '__proto__',
  'constructor',
  'prototype',
  'NaN',
  'Infinity',
  '-1',
  '1e309',
  '9007199254740993',
  'null',
  'true',
  '[]',
  '{}',
  '\r\nX-Injected: 1',
  '*',
  '%',
  '_',
  'a'.repeat(5000),
];

/** Strings a test author would not think of: every unicode unit kind plus the injection list. */
export const nastyString = fc.oneof(
  fc.constantFrom(...INJECTIONS),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary-ascii', minLength: 200, maxLength: 3000 }),
);

/** Any JSON value, nested up to a modest depth (deep nesting has its own test). */
export const anyJson: fc.Arbitrary<unknown> = fc.letrec<{ v: unknown }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small', maxDepth: 6 },
    fc.constant(null),
    fc.boolean(),
    fc.integer(),
    fc.double(),
    fc.constantFrom(-1, 0, 2 ** 53 + 1, -(2 ** 31), 1e308),
    nastyString,
    fc.array(tie('v'), { maxLength: 5 }),
    fc.dictionary(fc.oneof(nastyString, fc.constantFrom('__proto__', 'constructor')), tie('v'), {
      maxKeys: 5,
    }),
  ),
})).v;

const uuidish = fc.oneof(
  fc.uuid(),
  fc.constantFrom('00000000-0000-0000-0000-000000000000', 'not-a-uuid', ''),
  nastyString,
);

/** A value that is never valid where a string field is expected. */
const wrongType = fc.oneof(
  fc.constant(null),
  fc.integer(),
  fc.boolean(),
  fc.array(fc.string(), { maxLength: 2 }),
  fc.constant({}),
);

const CASE_FIELDS = ['summary', 'status', 'urgency', 'worker.fullName', 'ownerId', 'channel', 'caseId'];
const SERVER_FIELDS = ['rev', 'seq', 'id', 'updatedAt', 'updatedBy', 'openConflicts', 'caseNumber'];

/** A patch that cannot apply: an unknown leaf, a server-owned leaf, or a subtree value. */
const poisonedPatch = fc
  .tuple(
    fc.dictionary(fc.oneof(fc.constantFrom(...CASE_FIELDS), nastyString), anyJson, { maxKeys: 4 }),
    fc.oneof(
      fc.tuple(
        nastyString.map((s) => `zzUnknown${s.length}.${s.replace(/\./g, '')}x`),
        anyJson,
      ),
      fc.tuple(fc.constantFrom(...SERVER_FIELDS), anyJson),
      fc.tuple(fc.constantFrom('worker', 'reporters'), fc.constant({ fullName: 'x' })),
    ),
  )
  .map(([patch, [k, v]]) => ({ ...patch, [k]: v }));

function mutationArb(fx: FuzzFixture): fc.Arbitrary<unknown> {
  const valid = fc.record({
    mutationId: fc.oneof(fc.uuid(), fc.constant(fx.caseMutationId)),
    table: fc.constantFrom('cases', 'contacts', 'notes', 'documents', 'referrals', 'tasks'),
    // Never the seeded contact with a delete: its author may legitimately withdraw it.
    recordId: fc.oneof(fc.uuid(), fc.constant(fx.caseId)),
    op: fc.constantFrom('create', 'update', 'resolve', 'delete'),
    baseRev: fc.oneof(fc.nat(5), fc.integer()),
    patch: poisonedPatch,
    prior: fc.dictionary(nastyString, anyJson, { maxKeys: 3 }),
    clientTime: fc.oneof(
      fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
      nastyString,
    ),
    conflictId: fc.option(uuidish, { nil: undefined }),
  });
  // The poisoned patch already makes it invalid; some records also get a wrong field type.
  return fc.oneof(
    valid,
    fc
      .tuple(valid, fc.constantFrom('mutationId', 'table', 'recordId', 'op', 'baseRev', 'patch'), wrongType)
      .map(([m, k, v]) => ({ ...m, [k]: v })),
    anyJson,
  );
}

function bodyFor(route: string, fx: FuzzFixture): fc.Arbitrary<unknown> {
  switch (route) {
    case 'POST /v1/auth/login':
      return fc.record({
        username: fc.oneof(nastyString, fc.constantFrom('admin', 'ADMIN', ' admin '), wrongType),
        // Never the real password: every generated login fails.
        password: fc.oneof(nastyString, wrongType),
        deviceId: fc.oneof(nastyString, wrongType),
      });
    case 'POST /v1/admin/offices':
      return fc.oneof(
        fc.record({
          code: fc.oneof(
            nastyString.filter((s) => !/^[A-Z0-9]{2,10}$/.test(s)),
            wrongType,
          ),
          name: anyJson,
        }),
        fc.record({ code: fc.constantFrom('JKT', 'SBY'), name: fc.oneof(wrongType, fc.constant('   ')) }),
      );
    case 'POST /v1/admin/users':
      return fc
        .tuple(
          fc.record({
            username: nastyString,
            password: nastyString,
            displayName: nastyString,
            role: fc.oneof(fc.constantFrom('operator', 'superadmin', 'ADMIN', 'root'), nastyString),
            officeId: fc.oneof(uuidish, fc.constant(fx.officeId), fc.constant(null)),
          }),
          fc.constantFrom('username', 'password', 'displayName', 'role'),
          wrongType,
        )
        .map(([b, k, v]) => ({ ...b, [k]: v }));
    case 'PATCH /v1/admin/users/:id':
      return fc.oneof(
        fc.constant({}).map(() => ({ isAdmin: true })),
        fc.record({ disabled: fc.oneof(fc.constantFrom('true', 1, 0, 'yes'), nastyString) }),
        fc.record({ role: fc.oneof(fc.constantFrom('root', 'superuser', 'Admin'), nastyString) }),
        fc.record({ password: fc.string({ maxLength: 9 }) }),
        fc.record({ displayName: fc.oneof(wrongType, fc.constant('  ')) }),
        fc.dictionary(
          nastyString.map((s) => `x${s}`),
          anyJson,
          { minKeys: 1, maxKeys: 3 },
        ),
      );
    case 'POST /v1/sync/push':
      return fc.oneof(
        fc.record({
          // Mostly the session's own device, so bad mutations get past the device check to be parsed.
          deviceId: fc.oneof(
            { arbitrary: fc.constant(fx.operatorDeviceId), weight: 3 },
            { arbitrary: nastyString, weight: 1 },
            { arbitrary: wrongType, weight: 1 },
          ),
          schemaVersion: fc.oneof(fc.constant(1), fc.integer(), fc.double(), nastyString),
          mutations: fc.oneof(fc.array(mutationArb(fx), { maxLength: 4 }), wrongType),
        }),
        fc.record({ deviceId: fc.constant('d'), schemaVersion: fc.constant(1), mutations: fc.constant(1) }),
      );
    default:
      return anyJson;
  }
}

export const ROUTES = [
  'POST /v1/auth/login',
  'POST /v1/auth/logout',
  'GET /v1/me',
  'POST /v1/admin/offices',
  'GET /v1/admin/offices',
  'POST /v1/admin/users',
  'GET /v1/admin/users',
  'PATCH /v1/admin/users/:id',
  'POST /v1/sync/push',
  'GET /v1/sync/pull',
  'GET /v1/sync/events',
  'GET /v1/audit',
  'GET /v1/audit/verify',
  'GET /v1/audit/checkpoints',
  'POST /v1/audit/checkpoints',
  'GET /v1/audit/public-key',
  'GET /v1/audit/export',
  'GET /v1/health',
  'GET /v1/openapi.json',
  'GET /v1/unknown',
  'DELETE /v1/admin/users/:id',
  'PUT /v1/sync/push',
  'GET /v1',
  'POST /v1/audit',
] as const;

const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=utf-16',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/xml',
  'application/JSON',
  ';;;',
];

const QUERY_KEYS = ['cursor', 'limit', 'recordId', 'caseId', 'actorId', 'from', 'to', 'token', 'x'];

const queryString = fc
  .array(
    fc.tuple(
      fc.oneof(fc.constantFrom(...QUERY_KEYS), nastyString),
      fc.oneof(
        nastyString,
        fc.integer().map(String),
        fc.constantFrom('-1', '0', '5001', '1.5', '1e3', '0x10', ' 1', '', '99999999999999999999'),
      ),
    ),
    { maxLength: 4 },
  )
  .map((pairs) =>
    pairs.length
      ? `?${pairs.map(([k, v]) => `${encodeURIComponent(k.replace(/[\ud800-\udfff]/g, 'x'))}=${encodeURIComponent(v.replace(/[\ud800-\udfff]/g, 'x'))}`).join('&')}`
      : '',
  );

/** Raw body text: valid JSON of a poisoned/arbitrary value, or text that is not JSON at all. */
function rawBody(route: string, fx: FuzzFixture): fc.Arbitrary<string | undefined> {
  const notJson = fc.oneof(
    fc.constantFrom('{', '{"a":', '[1,2', 'undefined', "{'a':1}", '{"a":1,}', '\u0000', '{"a":1}{"b":2}'),
    fc.string({ unit: 'binary', maxLength: 60 }).filter((s) => {
      try {
        JSON.parse(s);
        return false;
      } catch {
        return true;
      }
    }),
  );
  // Logout with a live token succeeds on any parseable body: it only ever gets text that is not JSON.
  if (route === 'POST /v1/auth/logout') return fc.oneof(notJson, fc.constant(''));
  return fc.oneof(
    { weight: 5, arbitrary: bodyFor(route, fx).map((v) => JSON.stringify(v)) },
    { weight: 2, arbitrary: anyJson.map((v) => JSON.stringify(v) ?? 'null') },
    { weight: 2, arbitrary: notJson },
    { weight: 1, arbitrary: fc.constant(undefined) },
  );
}

/** HTTP clients refuse control characters in header values, so the server never sees them. */
const printable = (s: string) => s.replace(/[^\x20-\x7e]/g, '?');

export function fuzzRequest(fx: FuzzFixture): fc.Arbitrary<FuzzRequest> {
  return fc.constantFrom(...ROUTES).chain((route) => {
    const [method, template] = route.split(' ') as [string, string];
    const hasBody = method !== 'GET';
    const tokens: TokenKind[] =
      route === 'POST /v1/auth/logout'
        ? ['none', 'garbage', 'revoked', 'operator', 'admin']
        : ['none', 'operator', 'supervisor', 'admin', 'auditor', 'revoked', 'garbage'];
    return fc.record({
      method: fc.constant(method),
      path: fc
        .tuple(
          fc.oneof(fc.constant(fx.operatorId), uuidish, fc.string({ minLength: 65, maxLength: 80 })),
          queryString,
        )
        .map(
          ([id, q]) =>
            template.replace(':id', encodeURIComponent(id.replace(/[\ud800-\udfff]/g, 'x')) || 'x') + q,
        ),
      token: fc.constantFrom(...tokens),
      garbageAuth: fc.oneof(
        fc.constantFrom(
          'Bearer',
          'Bearer ',
          'Basic YWRtaW46YWRtaW4=',
          'Bearer a.b.c',
          `Bearer ${'A'.repeat(201)}`,
        ),
        fc.string({ unit: 'binary-ascii', maxLength: 80 }).map((s) => `Bearer ${printable(s)}`),
        fc.stringMatching(/^[A-Za-z0-9_-]{20,60}$/).map((s) => `Bearer ${s}`),
      ),
      contentType:
        route === 'POST /v1/auth/logout'
          ? fc.constant('application/json')
          : fc.option(fc.constantFrom(...CONTENT_TYPES), { freq: 4 }),
      body: hasBody ? rawBody(route, fx) : fc.constant(undefined),
      headers: fc.dictionary(
        fc.constantFrom(
          'x-forwarded-for',
          'origin',
          'accept',
          'accept-encoding',
          'x-http-method-override',
          'cookie',
        ),
        fc.string({ unit: 'binary-ascii', maxLength: 40 }).map(printable),
        { maxKeys: 2 },
      ),
    });
  });
}
